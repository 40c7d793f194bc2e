import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonc } from '../../../src/arm/template/jsonc.js';
import { parseScopeId, providerTail, scopeId, type DeploymentScope } from '../../../src/arm/template/ids.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Text at 1-based line/column. */
function at(text: string, line: number, column: number): string {
  const lines = text.split('\n');
  return (lines[line - 1] ?? '').slice(column - 1);
}

describe('parseJsonc', () => {
  // An integer literal beyond 64 bits is refused as ARM refuses it (issue 13; test/arm/template/limits.test.ts), and
  // one past 2^53 that the double it is read as does not hold exactly is a warning, so the property covers every
  // other JSON value. Doubles from 2^53 up to 1e21 print as integer literals, some not their exact value.
  const fitsArm = (v: unknown): boolean =>
    typeof v === 'number'
      ? !(Number.isInteger(v) && Math.abs(v) >= 2 ** 53 && Math.abs(v) < 1e21 && (Math.abs(v) >= 2 ** 63 || BigInt(v).toString() !== String(v)))
      : v !== null && typeof v === 'object'
        ? Object.values(v).every(fitsArm)
        : true;
  it('parses any JSON as JSON.parse does, and locates every member at its text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }).filter(fitsArm), fc.constantFrom(0, 1, 2, 4), fc.boolean(), (value, indent, comments) => {
        // With comments at the end of every line, and a block comment up front, positions stay exact.
        const plain = JSON.stringify(value, null, indent);
        const text = comments ? `/* head */ ${plain.replace(/\n/g, ' // note\n')}` : plain;
        const parsed = parseJsonc(text, 'f.json');
        expect(parsed.diagnostics).toEqual([]);
        expect(parsed.value).toEqual(JSON.parse(plain));
        const check = (v: Json | undefined): void => {
          if (v === null || typeof v !== 'object') return;
          const entries: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
          for (const [k, child] of entries) {
            const loc = parsed.locate(v, k);
            // A member's location is where its value's text starts.
            const first = JSON.stringify(child, null, indent).split('\n')[0] ?? '';
            expect(at(text, loc.line, loc.column).startsWith(first)).toBe(true);
            check(child);
          }
        };
        check(parsed.value as Json);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a "__proto__" key as data, as JSON.parse does (fast and slow paths)', () => {
    for (const text of ['{"a": {"__proto__": {"x": 1}}}', '{"a": {"__proto__": {"x": 1}}} // c\n,']) {
      const p = parseJsonc(text, 'p.json');
      const a = (p.value as { a: object }).a;
      expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
      expect(Object.keys(a)).toEqual(['__proto__']);
    }
  });

  it('locates containers after spaces before colons, a repeated key, an integer key, brackets and colons in strings', () => {
    // Each text is strict JSON; the repeated key moves a later object ahead of an earlier one in JSON.parse's
    // value, and the integer key is listed first by JavaScript: positions must still be the text's.
    const cases: { text: string; path: (string | number)[]; line: number; column: number }[] = [
      { text: '{\n  "a" :\t{"x": 1},\n  "b"\n  : [ {"y": "[{:}]"} ]\n}', path: ['b', 0], line: 4, column: 7 },
      { text: '{"a": 1, "b": {"p": 1}, "a": {"q": 2}}', path: ['a'], line: 1, column: 30 },
      { text: '{"a": 1, "b": {"p": 1}, "a": {"q": 2}}', path: ['b'], line: 1, column: 15 },
      { text: '{"x": {"k": 1},\n "1": {"n": 2}}', path: ['1'], line: 2, column: 7 },
      { text: '{"s": "\\" : [", "t": {"u": "}"}}', path: ['t'], line: 1, column: 22 },
    ];
    for (const c of cases) {
      const p = parseJsonc(c.text, 'c.json');
      expect(p.diagnostics).toEqual([]);
      let v = p.value as Json;
      for (const k of c.path) v = (v as Record<string | number, Json>)[k] as Json;
      expect([c.text, p.locate(v as object)]).toEqual([c.text, { file: 'c.json', line: c.line, column: c.column }]);
    }
  });

  it('locates containers asked for in any order as in the order of the text (near the last one, or by its map)', () => {
    // 300 objects: far more than the strict reader searches around the last container asked for.
    const text = JSON.stringify({ resources: Array.from({ length: 300 }, (_, i) => ({ name: `r${i}`, properties: { tags: { i } } })) }, null, 1);
    /** Every object and array of a read's value, depth first. */
    const containersOf = (v: unknown, out: object[] = []): object[] => {
      if (v === null || typeof v !== 'object') return out;
      out.push(v);
      for (const x of Object.values(v)) containersOf(x, out);
      return out;
    };
    const inOrder = parseJsonc(text, 'o.json');
    const all = containersOf(inOrder.value);
    const expected = all.map((o) => inOrder.locate(o));
    fc.assert(
      fc.property(fc.shuffledSubarray(all.map((_, i) => i), { minLength: 1 }), (order) => {
        // A fresh read for each order: a read's cursor and map start empty.
        const again = parseJsonc(text, 'o.json');
        const mine = containersOf(again.value);
        for (const i of order) expect(again.locate(mine[i] as object)).toEqual(expected[i]);
      }),
      { numRuns: 50 },
    );
  });

  it('accepts a UTF-8 byte order mark, as Windows editors write it', () => {
    const p = parseJsonc('\uFEFF{\n  "a": [1]\n}', 'bom.json');
    expect(p.diagnostics).toEqual([]);
    expect(p.value).toEqual({ a: [1] });
    expect(p.locate(p.value as object, 'a')).toEqual({ file: 'bom.json', line: 2, column: 8 });
  });

  it('accepts comments and trailing commas, and reports a syntax error at its line and column', () => {
    expect(parseJsonc('{\n  // c\n  "a": [1, 2,],\n}', 'x').value).toEqual({ a: [1, 2] });
    const bad = parseJsonc('{\n  "a": 1\n  "b": 2\n}', 'x.json');
    expect(bad.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([['IL5-ARM-JSON', 3, 3]]);
  });
});

describe('resource IDs', () => {
  const segment = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,10}$/);

  it('pairs each type segment with one name segment', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(segment, segment), { minLength: 1, maxLength: 4 }), (pairs) => {
        const type = ['Microsoft.Test', ...pairs.map((p) => p[0])].join('/');
        const tail = providerTail(type, pairs.map((p) => p[1]));
        expect(tail).toBe(['Microsoft.Test', ...pairs.flatMap((p) => p)].join('/'));
        // A child's names may also come joined by '/', as the name field of child resources writes them.
        expect(providerTail(type, [pairs.map((p) => p[1]).join('/')])).toBe(tail);
      }),
    );
  });

  it('reads back every scope ID it writes', () => {
    const scopes = fc.oneof(
      fc.constant<DeploymentScope>({ level: 'tenant', tenantId: 't' }),
      segment.map<DeploymentScope>((m) => ({ level: 'managementGroup', tenantId: 't', managementGroup: m })),
      fc.uuid().map<DeploymentScope>((s) => ({ level: 'subscription', tenantId: 't', subscriptionId: s })),
      fc.tuple(fc.uuid(), segment).map<DeploymentScope>(([s, g]) => ({ level: 'resourceGroup', tenantId: 't', subscriptionId: s, resourceGroup: g })),
    );
    fc.assert(
      fc.property(scopes, (s) => {
        expect(parseScopeId(scopeId(s), 't')).toEqual(s);
      }),
    );
  });
});
