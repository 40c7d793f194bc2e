import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, HEAP_GROWING_PERCENT } from '../../src/cli/heap.js';

// The heap growing factor the CLI sets for check and audit (src/cli/heap.ts); its effect on peak RSS is
// measured in `npm run bench cli`, not here.
describe('boundHeapGrowth', () => {
  it('sets the default percentage, or the one IL5ML_HEAP_GROWING_PERCENT gives; 0 or nonsense sets nothing', () => {
    expect(boundHeapGrowth({})).toBe(HEAP_GROWING_PERCENT);
    expect(boundHeapGrowth({ IL5ML_HEAP_GROWING_PERCENT: '25' })).toBe(25);
    for (const off of ['0', '-5', 'ten', '1.5', '5000']) expect(boundHeapGrowth({ IL5ML_HEAP_GROWING_PERCENT: off })).toBeUndefined();
  });
});
