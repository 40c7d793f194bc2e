/**
 * readCheckInput revives `{"$unknown": why}` only in the items whose text holds the marker (input.ts,
 * reviveItems): the resources must be those a revival of the whole parsed document gives, for any list.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUnknown } from '../../src/core/unknown.js';
import { readCheckInput, reviveInPlace } from '../../src/policy/input.js';

const marker = fc.string({ maxLength: 6 }).map((why) => ({ $unknown: why }));
const leaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), marker);
const item = fc.dictionary(fc.constantFrom('a', 'b', 'properties', '$unknown'), fc.oneof(leaf, fc.dictionary(fc.string({ maxLength: 3 }), leaf, { maxKeys: 3 })), { maxKeys: 3 });

function withoutSource(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'source' ? undefined : isUnknown(x) ? { unknown: x.reason } : x)));
}

describe('input: Unknown revival of the items only', () => {
  it('gives the resources a whole-document revival gives, as an array, {"data"} or {"value"}', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), fc.constantFrom('array', 'data', 'value'), fc.integer({ min: 0, max: 2 }), (raw, shape, indent) => {
        const list = raw.map((o, i) => ({ ...o, id: `/s/${i}`, type: 'T/x', name: `n${i}` }));
        const doc = shape === 'array' ? list : { count: list.length, [shape]: list, note: { $unknown: 'outside the items' } };
        const text = JSON.stringify(doc, null, indent);
        const whole = reviveInPlace(JSON.parse(text)) as Record<string, unknown> | unknown[];
        const wantItems = Array.isArray(whole) ? whole : whole[shape];
        const got = readCheckInput('p.json', text);
        expect(got.diagnostics).toEqual([]);
        expect(withoutSource(got.input?.kind === 'resources' ? got.input.resources : undefined)).toEqual(withoutSource(wantItems));
      }),
      { numRuns: 150 },
    );
  });

  it('revives a marker in the last item, in a one-item list and in a lone resource object', () => {
    const cases: [string, string][] = [
      ['last item', JSON.stringify([{ id: '/s/1', type: 'T/x' }, { id: '/s/2', type: 'T/x', p: { $unknown: 'later' } }])],
      ['one item', JSON.stringify([{ id: '/s/1', type: 'T/x', p: { $unknown: 'later' } }])],
      ['lone object', JSON.stringify({ id: '/s/1', type: 'T/x', p: { $unknown: 'later' } })],
      ['escaped key', '[{"id": "/s/1", "type": "T/x"}, {"id": "/s/2", "type": "T/x", "p": {"\\u0024unknown": "later"}}]'],
      ['comments', '[\n// "$unknown"\n{"id": "/s/1", "type": "T/x"}, /* x */ {"id": "/s/2", "type": "T/x", "p": {"$unknown": "later"}},\n]'],
    ];
    for (const [what, text] of cases) {
      const r = readCheckInput('u.json', text);
      const res = r.input?.kind === 'resources' ? r.input.resources : [];
      expect(isUnknown(res[res.length - 1]?.p), what).toBe(true);
    }
  });
});
