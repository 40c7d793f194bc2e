import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmurHash64, uniqueString } from '../../../src/arm/functions/hash.js';

/** uniqueString keeps its results by input (src/arm/functions/hash.ts): a kept result is the computed one. */
function direct(input: string): string {
  const [hi, lo] = murmurHash64(new TextEncoder().encode(input));
  let v = (BigInt(hi) << 32n) | BigInt(lo);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out += 'abcdefghijklmnopqrstuvwxyz234567'.charAt(Number(v >> 59n));
    v = (v << 5n) & 0xffffffffffffffffn;
  }
  return out;
}

describe('uniqueString results kept by input', () => {
  it('gives the computed value on the first and every later call, past the bound and for long inputs', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { minLength: 1, maxLength: 3 }), (values) => {
        const want = direct(values.join('-'));
        expect(uniqueString(values)).toBe(want);
        expect(uniqueString(values)).toBe(want);
      }),
      { numRuns: 3000 },
    );
    const long = 'x'.repeat(600);
    expect(uniqueString([long])).toBe(direct(long));
    expect(uniqueString([long])).toBe(direct(long));
  });
});
