import { createRequire } from 'node:module';

/**
 * V8's optimizing compiler (TurboFan) compiles hot functions on background threads, CPU time that pays off
 * only in a run long enough to use the optimized code. `il5ml plan` of a hand-written spec is over in a few
 * hundred milliseconds: `--no-opt` took 11-13% off its CPU time (2026-12-06, 13-15 runs each, medians of
 * perf task-clock: 287 -> 256 ms and 328 -> 285 ms; issue 12, start-up). V8 reads the flag when it decides
 * to optimize a function, so setting it at run time takes effect (measured: a hot loop ran 10x slower after
 * it). Only for inputs whose work is small and bounded — a spec file of at most SHORT_RUN_SPEC_CHARS
 * bytes, the default being 10 KB — so that no large input loses the optimizer; and only in the CLI's own
 * process (the flag is process-wide: a test runner calling main() in-process keeps it). `plan` sets it before
 * its engines load: their code cache was made under it (V8 takes a cache only under the flags that made it;
 * src/cli/plan-engines.ts); with the cache a plan still takes 198 ms of CPU without it and 180 ms with it
 * (2026-12-06, 20 runs each, same build).
 */
export const SHORT_RUN_SPEC_CHARS = 64 * 1024;

/**
 * `node:v8` is read here, on first use, not imported: loading it loads Node's streams library (its heap
 * snapshot API), some 3 ms of CPU that `--help` and every other command would pay at start-up.
 */
export function favourStartUp(specChars: number): void {
  if (specChars > SHORT_RUN_SPEC_CHARS) return;
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString('--no-opt');
}
