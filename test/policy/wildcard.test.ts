import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { likeMatches, matchMatches } from '../../src/policy/wildcard.js';
import { resourceMatches } from '../../src/policy/exemptions.js';

// Issue 13: `like` and exemption wildcards in linear time, `match` without a RegExp built from user text.
// Oracles: a dynamic program over (pattern, text) positions for `*`, and a regular expression the test
// builds from the small generated patterns.

function likeOracle(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let row = Array.from({ length: t.length + 1 }, (_, j) => j === 0);
  for (const c of p) {
    const next = Array.from({ length: t.length + 1 }, () => false);
    for (let j = 0; j <= t.length; j++) {
      if (c === '*') next[j] = (row[j] ?? false) || (j > 0 && (next[j - 1] ?? false));
      else next[j] = j > 0 && (row[j - 1] ?? false) && t[j - 1] === c;
    }
    row = next;
  }
  return row[t.length] ?? false;
}

const alphabet = (chars: string[]) => fc.string({ unit: fc.constantFrom(...chars), maxLength: 12 });

describe('like', () => {
  it('agrees with a dynamic program on patterns of letters and stars (property)', () => {
    fc.assert(fc.property(alphabet(['a', 'b', 'A', '*']), alphabet(['a', 'b', 'B']), (p, t) => likeMatches(p, t) === likeOracle(p, t)));
  });

  it.each([
    ['*', '', true],
    ['a*', 'A', true],
    ['*b', 'ab', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['ab*ba', 'aba', false],
    ['Microsoft.Storage/*', 'microsoft.storage/storageAccounts', true],
  ])('%s on %s: %s', (p, t, want) => {
    expect(likeMatches(p, t)).toBe(want);
  });

  it('answers a pattern of 25 stars against a long near-miss at once (it backtracked exponentially as a RegExp)', () => {
    const p = `${'*a'.repeat(25)}*b`;
    expect(likeMatches(p, 'a'.repeat(100_000) + 'c')).toBe(false);
    expect(resourceMatches(p, `/subscriptions/1/${'a'.repeat(100_000)}b`)).toBe(true);
  });
});

describe('match and matchInsensitively', () => {
  const toRegex = (p: string, i: boolean): RegExp =>
    new RegExp(`^${Array.from(p).map((c) => (c === '#' ? '[0-9]' : c === '?' ? '\\p{L}' : c === '.' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`, i ? 'isu' : 'su');
  it('agrees with a regular expression on small patterns (property)', () => {
    fc.assert(
      fc.property(alphabet(['#', '?', '.', 'a', 'B', '-', '1']), alphabet(['a', 'A', 'b', '1', '-', 'é', ' ']), fc.boolean(), (p, t, i) => matchMatches(p, t, i) === toRegex(p, i).test(t)),
    );
  });

  it('takes a 200,000-character pattern (a RegExp of it failed with "Invalid regular expression")', () => {
    expect(matchMatches('#'.repeat(200_000), '1'.repeat(200_000), false)).toBe(true);
    expect(matchMatches('#'.repeat(200_000), 'a'.repeat(60), false)).toBe(false);
  });
});
