import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spelled, spellingOf } from '../../src/core/lower-ids.js';

describe('spellingOf / spelled', () => {
  it('gives back the id from its lower-case string and its spelling, whenever a spelling is given', () => {
    const idLike = fc.array(fc.oneof(fc.constantFrom('/subscriptions/', 'resourceGroups', '/providers/', 'Microsoft.Network', 'İ', 'ß', 'Σ', '😀'), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 12 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(idLike, (id) => {
        const lower = id.toLowerCase();
        const spelling = spellingOf(id, lower);
        if (spelling !== undefined) expect(spelled(lower, spelling)).toBe(id);
        // Only a change of length or a long list of differences leaves it unspelled.
        if (id.length === lower.length && [...id].filter((c, i) => c !== lower[i]).length <= 32) expect(spelling).toBeDefined();
      }),
    );
  });

  it('keeps an Azure id in a few characters, and an id already in lower case in none', () => {
    const id = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/il5ml-rg/providers/Microsoft.Network/privateEndpoints/il5ml-pe';
    expect(spellingOf(id, id.toLowerCase())).toHaveLength(8);
    expect(spellingOf(id.toLowerCase(), id.toLowerCase())).toBe('');
    expect(spellingOf('İ', 'İ'.toLowerCase())).toBeUndefined();
    expect(spellingOf('A'.repeat(33), 'a'.repeat(33))).toBeUndefined();
    expect(spelled('abc', spellingOf('aBc', 'abc') ?? '')).toBe('aBc');
  });
});
