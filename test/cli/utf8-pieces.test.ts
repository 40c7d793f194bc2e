import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Pieces } from '../../src/cli/utf8-pieces.js';
import { summarize } from '../../src/core/verdict.js';
import { formatJson } from '../../src/report/json.js';
import { formatJsonParts } from '../../src/report/json-stream.js';
import { RESULTS } from '../report/fixture.js';

const bytes = (pieces: Iterable<Uint8Array>): Buffer => Buffer.concat([...pieces]);

describe('utf8Pieces', () => {
  it('writes whole parts as Buffer.from writes them joined, in pieces no larger than asked unless one part is', () => {
    // Parts of any characters (2-4 bytes of UTF-8, astral ones as surrogate pairs), empty ones too.
    const part = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', 'é', '…', '中', '😀', '\u2028', 'x'.repeat(100)));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 30 }), fc.integer({ min: 1, max: 64 }), (parts, size) => {
        const pieces = [...utf8Pieces(parts, size)];
        expect(bytes(pieces)).toEqual(Buffer.from(parts.join(''), 'utf8'));
        for (const p of pieces) {
          expect(p.length).toBeGreaterThan(0);
          // Larger than `size` only as one part alone (at most 3 bytes a UTF-16 unit).
          if (p.length > size) expect(parts.some((x) => Buffer.byteLength(x) === p.length && x.length * 3 > size)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives the JSON report byte for byte, in pieces of a megabyte', () => {
    const one = RESULTS[0];
    if (!one) throw new Error('fixture is empty');
    // Reasons past Latin-1 in some results: the case that made joined pieces slow.
    const results = [...RESULTS, ...Array.from({ length: 6_000 }, (_, i) => ({ ...one, resourceId: `${one.resourceId}/x${i}`, reason: i % 97 ? `r${i}` : `r${i} … 中 😀` }))];
    const report = { results, summary: summarize(results) };
    const pieces = [...utf8Pieces(formatJsonParts(report))];
    expect(pieces.length).toBeGreaterThan(2);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(1 << 20);
    expect(bytes(pieces)).toEqual(Buffer.from(formatJson(report), 'utf8'));
  });
});
