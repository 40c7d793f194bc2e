import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LowerIds } from '../../src/core/lower-ids.js';

describe('LowerIds', () => {
  it('gives toLowerCase() of any string, and keeps one entry per lower-case id', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 })), (xs) => {
        const ids = new LowerIds();
        for (const x of xs) expect(ids.of(x)).toBe(x.toLowerCase());
        // String identity cannot be observed from JavaScript: the table holds one entry per lower-case id.
        expect(ids.size).toBe(new Set(xs.map((x) => x.toLowerCase())).size);
      }),
    );
  });

  it('keeps one entry for ids that differ only in case', () => {
    const ids = new LowerIds();
    ids.of('/subscriptions/S/resourceGroups/RG');
    ids.of('/subscriptions/s/resourcegroups/rg');
    ids.of('/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG');
    expect(ids.size).toBe(1);
  });
});
