/**
 * How far V8 lets the heap grow past what is live, for the commands that judge an estate (check, audit).
 *
 * A check keeps between its two reads only what the lookups need (src/policy/estate.ts). V8 lets the heap
 * grow to about twice the live size before a full collection, and the pages it grew into stay in the
 * process's resident memory: peak RSS 528-784 MiB on the 100,000-resource bench estate from run to run
 * (3.9-5.9x the input) before the two passes. With the heap allowed to grow 10% past the live size before
 * collecting, the same check peaked at 399 MiB (3.0x) for about a third more CPU time in the collector
 * (measured 2026-12-06, docs/ARCHITECTURE.md, "The heap's growth"). `--heap-growing-percent` is a V8
 * option read at each collection, so it applies when set here.
 *
 * 10% of a small live heap is a few MiB: after the kept spool and the result spool, a check of 100,000
 * resources has ~10-95 MiB live, so V8 ran a full collection every few MiB of promoted garbage (120-165 of
 * them in one check) and the collector took about a third of the CPU. So the growth allowed is 10% of what
 * is live or HEAP_HEADROOM_MIB, whichever is more: after each full collection the percentage is set anew
 * from the old generation's size (`growingPercent`). Memory stays bounded by what is live plus a constant,
 * not a multiple of it; a large live heap still grows by 10% only.
 *
 * Only the CLI's own process sets it (never a library caller's or a test runner's process, except the
 * tests of this file), and IL5ML_HEAP_GROWING_PERCENT=0 turns it off (V8's own default), or sets another
 * fixed percentage without the headroom.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { PerformanceObserver, constants } from 'node:perf_hooks';

export const HEAP_GROWING_PERCENT = 10;
/** The least the heap may grow past what is live before a full collection, in MiB (measured: docs/ARCHITECTURE.md). */
export const HEAP_HEADROOM_MIB = 32;
/** The largest percentage set (V8 takes up to 1000; a live heap of 3.2 MiB already gets it). */
const MAX_PERCENT = 1000;

/** The percentage that lets an old generation of `liveBytes` grow by 10%, or by HEAP_HEADROOM_MIB if that is more. */
export function growingPercent(liveBytes: number): number {
  const live = Number.isFinite(liveBytes) && liveBytes > 0 ? liveBytes : 1;
  const forHeadroom = Math.ceil((100 * HEAP_HEADROOM_MIB * 2 ** 20) / live);
  return Math.min(MAX_PERCENT, Math.max(HEAP_GROWING_PERCENT, forHeadroom));
}

/** What V8 counts as the old generation: every space but the young generation's. */
function oldGenerationBytes(): number {
  let bytes = 0;
  for (const s of getHeapSpaceStatistics()) if (!s.space_name.startsWith('new_')) bytes += s.space_used_size;
  return bytes;
}

let watching: PerformanceObserver | undefined;
/** The percentage set last in this process (tests). */
let lastSet: number | undefined;

function set(percent: number): void {
  if (percent === lastSet) return;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  lastSet = percent;
}

/** The percentage this process set last (undefined: none). */
export function heapGrowingPercentSet(): number | undefined {
  return lastSet;
}

/**
 * Sets V8's heap growing factor for this process. Returns what was set: a fixed percentage
 * (IL5ML_HEAP_GROWING_PERCENT; HEAP_GROWING_PERCENT when `threads` > 1), or by default the first
 * percentage of the headroom rule, which a PerformanceObserver of full collections then keeps up to date
 * (undefined: nothing set).
 */
export function boundHeapGrowth(env: Readonly<Record<string, string | undefined>>, threads = 1): number | undefined {
  // The flag is the process's, read by every thread's heap; the observer sees this thread's only. With
  // worker threads (--jobs) this thread's heap is small while theirs are large: 10% for all.
  const given = env.IL5ML_HEAP_GROWING_PERCENT ?? (threads > 1 ? String(HEAP_GROWING_PERCENT) : undefined);
  if (given !== undefined && given.trim() !== '') {
    const percent = Number(given);
    if (!Number.isInteger(percent) || percent <= 0 || percent > MAX_PERCENT) return undefined;
    watching?.disconnect();
    watching = undefined;
    set(percent);
    return percent;
  }
  set(growingPercent(oldGenerationBytes()));
  if (watching === undefined) {
    // A full collection's entry comes after it, between two turns of the event loop (a check reads its
    // input in chunks): the old generation then is about what was live, plus what was promoted since.
    watching = new PerformanceObserver((list) => {
      const major = list.getEntries().some((e) => ((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
      if (major) set(growingPercent(oldGenerationBytes()));
    });
    watching.observe({ entryTypes: ['gc'] });
  }
  return lastSet;
}
