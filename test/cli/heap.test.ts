import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, growingPercent, HEAP_GROWING_PERCENT, HEAP_HEADROOM_MIB } from '../../src/cli/heap.js';
import { REPO_ROOT } from '../helpers/cli.js';

const MIB = 2 ** 20;

// The heap growing factor the CLI sets for check and audit (src/cli/heap.ts); its effect on peak RSS and
// CPU time is measured in `npm run bench cli`, not here.
describe('growingPercent', () => {
  it.each([
    [1024 * MIB, HEAP_GROWING_PERCENT],
    [10 * HEAP_HEADROOM_MIB * MIB, HEAP_GROWING_PERCENT],
    [5 * HEAP_HEADROOM_MIB * MIB, 20],
    [HEAP_HEADROOM_MIB * MIB, 100],
    [2 * HEAP_HEADROOM_MIB * MIB + 1, 50],
    [MIB, 1000],
    [0, 1000],
    [Number.NaN, 1000],
  ])('an old generation of %d bytes may grow by %d%%', (live, percent) => {
    expect(growingPercent(live)).toBe(percent);
  });

  it('allows 10% of what is live or the headroom, whichever is more', () => {
    for (const mib of [4, 16, 31, 33, 100, 319, 321, 2000]) {
      const allowed = (mib * growingPercent(mib * MIB)) / 100;
      expect(allowed).toBeGreaterThanOrEqual(Math.max(0.1 * mib, HEAP_HEADROOM_MIB) - 1e-9);
      expect(allowed).toBeLessThan(Math.max(0.1 * mib, HEAP_HEADROOM_MIB) + mib / 100 + 1e-9);
    }
  });
});

describe('boundHeapGrowth', () => {
  it('sets the percentage IL5ML_HEAP_GROWING_PERCENT gives; 0 or nonsense sets nothing', () => {
    expect(boundHeapGrowth({ IL5ML_HEAP_GROWING_PERCENT: '25' })).toBe(25);
    expect(boundHeapGrowth({ IL5ML_HEAP_GROWING_PERCENT: String(HEAP_GROWING_PERCENT) })).toBe(HEAP_GROWING_PERCENT);
    for (const off of ['0', '-5', 'ten', '1.5', '5000']) expect(boundHeapGrowth({ IL5ML_HEAP_GROWING_PERCENT: off })).toBeUndefined();
  });

  it('sets 10% with worker threads, whose heaps the observer does not see (the flag is the process\'s)', () => {
    expect(boundHeapGrowth({}, 2)).toBe(HEAP_GROWING_PERCENT);
    expect(boundHeapGrowth({ IL5ML_HEAP_GROWING_PERCENT: '40' }, 4)).toBe(40);
  });

  it('by default follows the live heap after each full collection, and does not keep the process alive', () => {
    // In a process of its own (the built module): the default watches this process's collections.
    const heap = pathToFileURL(join(REPO_ROOT, 'dist', 'cli', 'heap.js')).href;
    const script = `
      const h = await import(${JSON.stringify(heap)});
      const first = h.boundHeapGrowth({});
      const keep = [];
      for (let i = 0; i < 64; i++) keep.push(new Float64Array(2 ** 17).fill(i)); // 64 MiB off the heap, so:
      const objects = []; for (let i = 0; i < 1.5e6; i++) objects.push({ i, s: 'x' + i }); // ~100 MiB on it
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 50));
      const after = h.heapGrowingPercentSet();
      process.stdout.write(JSON.stringify({ first, after, live: objects.length + keep.length }));`;
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const { first, after } = JSON.parse(r.stdout) as { first: number; after: number };
    // At start the old generation is a few MiB: the headroom's percentage, far above 10%.
    expect(first).toBeGreaterThan(4 * HEAP_GROWING_PERCENT);
    // ~100 MiB live: about HEAP_HEADROOM_MIB of it, a third.
    expect(after).toBeLessThan(first);
    expect(after).toBeGreaterThanOrEqual(HEAP_GROWING_PERCENT);
    expect(after).toBeLessThanOrEqual(Math.ceil((100 * HEAP_HEADROOM_MIB) / 60));
  });
});
