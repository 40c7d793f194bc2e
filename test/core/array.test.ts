import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maxOf, minOf, pushAll, replaceAll, replaceLast } from '../../src/core/array.js';

// Past ~100,000 call arguments V8 throws RangeError: these helpers must not.
const HUGE = 300_000;

describe('array helpers', () => {
  it('pushAll appends any number of items in order', () => {
    const big = Array.from({ length: HUGE }, (_, i) => i);
    expect(() => [].push(...(big as never[]))).toThrow(RangeError);
    const out = pushAll([-1], big);
    expect(out.length).toBe(HUGE + 1);
    expect(out[0]).toBe(-1);
    expect(out[HUGE]).toBe(HUGE - 1);
  });

  it('maxOf and minOf agree with Math.max and Math.min', () => {
    fc.assert(
      fc.property(fc.array(fc.double()), (xs) => {
        expect(Object.is(maxOf(xs), Math.max(...xs))).toBe(true);
        expect(Object.is(minOf(xs), Math.min(...xs))).toBe(true);
      }),
    );
  });

  it('maxOf and minOf hold for 300,000 numbers', () => {
    const big = Array.from({ length: HUGE }, (_, i) => (i * 7919) % HUGE);
    expect(maxOf(big)).toBe(HUGE - 1);
    expect(minOf(big)).toBe(0);
  });

  it('replaceAll replaces the contents in place', () => {
    const a = [1, 2, 3];
    const same = replaceAll(a, Array.from({ length: HUGE }, () => 0));
    expect(same).toBe(a);
    expect(a.length).toBe(HUGE);
  });
});

describe('replaceLast', () => {
  it('replaces the last item only when it is the one given', () => {
    const a = { n: 1 };
    const b = { n: 2 };
    const c = { n: 3 };
    const list = [a, b];
    replaceLast(list, a, c);
    expect(list).toEqual([a, b]);
    replaceLast(list, b, c);
    expect(list[1]).toBe(c);
    const empty: object[] = [];
    replaceLast(empty, a, c);
    expect(empty).toEqual([]);
  });
});
