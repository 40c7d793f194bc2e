import { describe, expect, it } from 'vitest';
import { standardFunctions } from '../../../src/arm/expr/index.js';
import type { ObjectValue, Value } from '../../../src/arm/types.js';
import { Unknown, isUnknown } from '../../../src/core/unknown.js';

const union = (...args: Value[]): Value => {
  const f = standardFunctions.get('union');
  if (f === undefined) throw new Error('no union()');
  return f.call(args, { functions: standardFunctions });
};

/** An object of `n` keys k0…k(n-1), each valued {v: i}. */
function wide(n: number): ObjectValue {
  const o: ObjectValue = {};
  for (let i = 0; i < n; i++) o[`k${i}`] = { v: i };
  return o;
}

// union() of a first object of 32 keys or more finds keys through an index of that object made once;
// the result must be what merging key by key gives.
describe('union() of objects with a wide first object', () => {
  it('keeps the first object order, matches later keys in any casing and merges nested objects', () => {
    const head = wide(40);
    const r = union(head, { K3: { w: 1 }, new: 2, K39: 5 }) as ObjectValue;
    expect(Object.keys(r)).toEqual([...Object.keys(head), 'new']);
    expect(r.k3).toEqual({ v: 3, w: 1 });
    expect(r.k39).toBe(5);
    // The same first object again (json() hands out one value per text): the same answer.
    expect(union(head, { K3: { w: 1 }, new: 2, K39: 5 })).toEqual(r);
  });
  it('matches keys added by a later object in another casing', () => {
    const r = union(wide(33), { extra: 1 }, { EXTRA: 2 }) as ObjectValue;
    expect(r.extra).toBe(2);
    expect(Object.keys(r).filter((k) => k.toLowerCase() === 'extra')).toEqual(['extra']);
  });
  it('merges two keys of the first object that differ only in case, as key by key does', () => {
    const head = { ...wide(35), K1: { x: 1 } };
    const r = union(head, {}) as ObjectValue;
    expect(Object.keys(r)).toEqual(Object.keys(wide(35)));
    expect(r.k1).toEqual({ v: 1, x: 1 });
  });
});

// union() of objects merges nested objects ("deep merge", https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-object#union,
// read 2026-12-07): an object over a value unknown before deployment may merge with it, so that key is Unknown,
// never the later object alone as if the earlier value had been replaced.
describe('union() of objects over an Unknown value', () => {
  const later = new Unknown("reference('vault') is known only after deployment");
  it.each<[string, ObjectValue, ObjectValue, (r: ObjectValue) => void]>([
    ['an object over an Unknown is Unknown', { a: later, keep: 1 }, { a: { x: 1 } }, (r) => {
      expect(isUnknown(r.a)).toBe(true);
      expect((r.a as Unknown).reason).toBe(`union(): ${later.reason}`);
      expect(r.keep).toBe(1);
    }],
    ['an Unknown nested deeper is Unknown at its own key', { a: { y: later, z: 2 } }, { a: { y: { x: 1 } } }, (r) => {
      expect(isUnknown((r.a as ObjectValue).y)).toBe(true);
      expect((r.a as ObjectValue).z).toBe(2);
    }],
    ['a non-object over an Unknown replaces it', { a: later }, { a: 5 }, (r) => expect(r.a).toBe(5)],
    ['an object over a known non-object replaces it', { a: 5 }, { a: { x: 1 } }, (r) => expect(r.a).toEqual({ x: 1 })],
  ])('%s', (_what, first, second, check) => check(union(first, second) as ObjectValue));
});
