import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../src/core/unknown.js';
import { valueSize } from '../../../src/arm/functions/values.js';
import { materialize, openObject } from '../../../src/arm/template/open.js';
import type { ObjectValue, Value } from '../../../src/arm/types.js';

// Values share parts (concat(x, x), two properties reading one variable): walks over them must visit each
// part once (issue 13 §3, values doubling), while the size charged to the work budget is the tree's.

/** {l: v, r: v} nested n times over `leaf`: n + 1 objects in memory, 2^n leaves as a tree. */
function doubled(n: number, leaf: Value): Value {
  let v = leaf;
  for (let i = 0; i < n; i++) v = { l: v, r: v };
  return v;
}

describe('valueSize', () => {
  it.each<[string, Value, number]>([
    ['null', null, 1],
    ['a number', 42, 1],
    ['an empty string', '', 1],
    ['a string', 'abcd', 4],
    ['an Unknown', new Unknown('why'), 1],
    ['an empty array', [], 1],
    ['an array of scalars', [1, 'ab', true], 1 + 1 + 2 + 1],
    ['an object (keys count their length)', { ab: 1, c: 'xyz' }, 1 + 2 + 1 + 1 + 3],
    ['an array holding one array twice', ((x: Value[]) => [x, x])([1, 2]), 1 + 2 * 3],
  ])('%s', (_, v, size) => {
    expect(valueSize(v)).toBe(size);
  });

  it('measures a value shared 2^60 times as the tree it would print, visiting each part once', () => {
    // 61 objects; as a tree 2^60 leaves. A tree walk would not return.
    const size = valueSize(doubled(60, { a: 1 }));
    expect(size).toBeGreaterThan(2 ** 60);
    expect(size).toBeLessThan(2 ** 63);
  });

  it('measures a declared-properties view, and a value holding views, as their plain data', () => {
    const target: ObjectValue = { name: 'vnet', subnets: [{ name: 'a', cidr: '10.0.0.0/24' }, 'b'], tags: { env: 'il5' } };
    const view = openObject(target, 'properties', (p) => `${p} is not declared`, () => undefined);
    const copy = JSON.parse(JSON.stringify(target)) as ObjectValue;
    expect(valueSize(view)).toBe(valueSize(copy));
    // A read through the view (a view of the member) and a result holding views measure as their copies.
    const member = view.subnets as Value;
    expect(valueSize(member)).toBe(valueSize(copy.subnets as Value));
    expect(valueSize([view, { x: view, y: member }])).toBe(valueSize([copy, { x: copy, y: copy.subnets as Value }]));
  });
});

describe('materialize over shared values', () => {
  it('copies a shared part holding a view once, and keeps it shared', () => {
    const view = openObject({ x: 1 }, 'r', (p) => `not declared: ${p}`, () => undefined);
    const v = doubled(60, view) as ObjectValue;
    const m = materialize(v) as ObjectValue;
    // Booleans only: handing a 2^60-leaf tree to expect() would have it walk the tree.
    expect(m === v).toBe(false);
    expect(m.l === m.r).toBe(true);
    let leaf: Value = m;
    for (let i = 0; i < 60; i++) leaf = (leaf as ObjectValue).l ?? null;
    expect(leaf === view).toBe(false);
    expect(leaf).toEqual({ x: 1 });
    expect(Object.keys(leaf as ObjectValue)).toEqual(['x']);
  });

  it('returns a value holding no view as it is', () => {
    const v = doubled(60, { x: [1, 2] });
    expect(materialize(v) === v).toBe(true);
  });
});
