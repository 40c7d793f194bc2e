import fc from 'fast-check';
import { expect } from 'vitest';
import { ResultSpool, type ResultSpoolOptions } from '../../src/cli/result-spool.js';
import type { CheckResult } from '../../src/core/verdict.js';

/** Windows of a few results and ids, merged two or three runs at a time: many runs, several levels. */
export const smallWindows = fc.record({ run: fc.integer({ min: 1, max: 4 }), records: fc.integer({ min: 1, max: 8 }), fanIn: fc.integer({ min: 2, max: 3 }) });

/** A spool under `parent` with `results` added in order. */
export function spooledIn(parent: string, results: readonly CheckResult[], options: ResultSpoolOptions = {}): ResultSpool {
  const spool = new ResultSpool(parent, options);
  for (const r of results) spool.add(r);
  return spool;
}

/** More runs than merge at once made a level of merges at least (and more runs than that: more levels). */
export function expectMergeLevels(spool: ResultSpool, count: number, windows: { records: number; fanIn: number }): void {
  const runs = Math.ceil(count / windows.records);
  if (runs > windows.fanIn) expect(spool.levels).toBeGreaterThanOrEqual(1);
  if (runs > windows.fanIn ** 2) expect(spool.levels).toBeGreaterThanOrEqual(2);
}
