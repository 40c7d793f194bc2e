import { describe, expect, it } from 'vitest';
import { subscriptionsUnder } from '../../src/azure/estate.js';

const sub = (name: string) => ({ id: `/subscriptions/${name}`, type: '/subscriptions', name, displayName: name });
const group = (name: string, children: unknown[]) => ({ id: `/providers/Microsoft.Management/managementGroups/${name}`, type: 'Microsoft.Management/managementGroups', name, displayName: name, children });

describe('subscriptionsUnder (Management Groups - Get with $expand=children&$recurse=true)', () => {
  it.each([
    ['no children', { name: 'mg', properties: {} }, []],
    ['direct subscriptions, in order', { name: 'mg', properties: { children: [sub('a'), sub('b')] } }, ['a', 'b']],
    ['nested groups, depth first, groups themselves left out', { name: 'mg', properties: { children: [sub('a'), group('g1', [sub('b'), group('g2', [sub('c')])]), sub('d')] } }, ['a', 'b', 'c', 'd']],
    ['a subscription listed twice counts once', { name: 'mg', properties: { children: [sub('a'), group('g1', [sub('a')])] } }, ['a']],
    ['type compared without case; junk children skipped', { name: 'mg', properties: { children: [null, 7, 'x', { type: '/Subscriptions', name: 'e' }, { type: '/subscriptions' }] } }, ['e']],
    ['not an object', 'nonsense', []],
  ])('%s', (_what, answer, expected) => {
    expect(subscriptionsUnder(answer)).toEqual(expected);
  });

  it('walks a hierarchy 100,000 groups deep without overflowing the stack', () => {
    let node: unknown = sub('deep');
    for (let i = 0; i < 100_000; i++) node = group(`g${i}`, [node]);
    expect(subscriptionsUnder({ name: 'mg', properties: { children: [node] } })).toEqual(['deep']);
  });
});
