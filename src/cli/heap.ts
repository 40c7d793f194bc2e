/**
 * How far V8 lets the heap grow past what is live, for the commands that judge an estate (check, audit).
 *
 * A check keeps between its two reads only what the lookups need (src/policy/estate.ts): on the mixed
 * 100,000-resource bench estate (139 MB of JSON) about 180 MB of heap stay live. V8 lets the heap grow to
 * about twice the live size before a full collection, and the pages it grew into stay in the process's
 * resident memory: peak RSS 528-784 MiB on the same input from run to run (3.9-5.9x the input). With the
 * heap allowed to grow 10% past the live size before collecting, the same check peaks at 399 MiB (3.0x)
 * for about a third more CPU time in the collector (measured 2026-12-06, docs/ARCHITECTURE.md, "Memory of a
 * check"). `--heap-growing-percent` is a V8 option read at each collection, so it applies when set here.
 *
 * Only the CLI's own process sets it (never a library caller's or a test runner's process), and
 * IL5ML_HEAP_GROWING_PERCENT=0 turns it off (V8's own default), or sets another percentage.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 10;

/** Sets V8's heap growing factor for this process; returns the percentage set (undefined: none). */
export function boundHeapGrowth(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const given = env.IL5ML_HEAP_GROWING_PERCENT;
  const percent = given === undefined || given.trim() === '' ? HEAP_GROWING_PERCENT : Number(given);
  if (!Number.isInteger(percent) || percent <= 0 || percent > 1000) return undefined;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
