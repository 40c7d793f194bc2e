/**
 * `--jobs N` of `check` and `audit` (issue 12, every core): how many worker threads evaluate. A whole
 * number from 1 to 64, or `auto`: one per core the process may use (os.availableParallelism()) but one.
 * The main thread keeps a core: it reads the input for the warnings, spools every result and writes the
 * report while the workers judge, and V8's collector runs beside it. Measured on 2 cores (100k mixed estate
 * with the DoD IL5 initiative, 2026-12-07): one thread 7.9 s, two 9.6 s, so `auto` there is one thread.
 * Loaded at start-up (the flag's parser), so it imports nothing heavy.
 */
import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from 'commander';

export const MAX_JOBS = 64;
export const JOBS_HELP = `threads that evaluate: 1 to ${MAX_JOBS}, or auto (one per core but one); each worker reads the whole input to index what the lookups need and holds its own copy of that, so CPU and memory grow with it: on 2 cores one thread is faster (docs/ARCHITECTURE.md, worker_threads)`;

/** One per core this process may use but the main thread's, within 1…MAX_JOBS. */
export function autoJobs(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(MAX_JOBS, Math.floor(cores) - 1));
}

/** The value of --jobs as a number of threads; anything else is refused, naming what is accepted. */
export function parseJobs(value: string, cores?: number): number {
  const v = value.trim().toLowerCase();
  if (v === 'auto') return autoJobs(cores);
  const n = /^[0-9]{1,3}$/.test(v) ? Number(v) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= MAX_JOBS) return n;
  throw new InvalidArgumentError(`--jobs takes a whole number from 1 to ${MAX_JOBS}, or auto (one per core but one: ${autoJobs(cores)} here).`);
}

/** The flag's value as a number of threads: `auto` is what commander keeps as the default, unparsed. */
export function resolveJobs(value: number | 'auto'): number {
  return value === 'auto' ? autoJobs() : value;
}
