import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggest } from '../../src/spec/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['region', 'regin', 1],
    ['kitten', 'sitting', 3],
    ['abc', '', 3],
  ])('%s / %s = %d', (a, b, d) => expect(editDistance(a, b)).toBe(d));
  it('is a metric: zero only on equal strings, symmetric, triangle inequality', () => {
    const s = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(s, s, s, (a, b, c) =>
        (editDistance(a, b) === 0) === (a === b) &&
        editDistance(a, b) === editDistance(b, a) &&
        editDistance(a, c) <= editDistance(a, b) + editDistance(b, c),
      ),
    );
  });
  it('is at most the longer length and at least the length difference', () => {
    const s = fc.string({ maxLength: 12 });
    fc.assert(fc.property(s, s, (a, b) => editDistance(a, b) <= Math.max(a.length, b.length) && editDistance(a, b) >= Math.abs(a.length - b.length)));
  });
});

describe('suggest', () => {
  const keys = ['prefix', 'region', 'tags', 'network', 'keyVault'];
  it.each([
    ['regin', ['region']],
    ['Region', ['region']],
    ['key_vault', ['keyVault']],
    ['networks', ['network']],
    ['zzzzzz', []],
  ])('%s -> %j', (input, expected) => expect(suggest(input, keys)).toEqual(expected));
  it('formats a sentence or nothing', () => {
    expect(didYouMean('regin', keys)).toBe(' Did you mean "region"?');
    expect(didYouMean('zzzzzz', keys)).toBe('');
  });
});
