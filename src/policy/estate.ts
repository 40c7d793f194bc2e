/**
 * The verdicts of an estate, as `il5ml check` gives them: the built-in baseline's results, then those of
 * the compiled policy assignments, each in input order. Resources may arrive as an async iterable (the
 * streaming reader, a live listing); they are gathered first because auditIfNotExists, the baseline's
 * private-link rules and the projections look across the whole estate. Pure: the clock comes in `now`.
 */
import { eachBaselineResult } from '../baseline/index.js';
import type { AzureResource } from '../core/resource.js';
import type { CheckResult } from '../core/verdict.js';
import { evaluatePolicies, type PolicyAssignment } from './evaluate.js';

export interface EstateCheckOptions {
  /** Run the built-in baseline (default true). */
  baseline?: boolean;
  /** Compiled assignments (compilePolicies); none when absent. */
  assignments?: readonly PolicyAssignment[];
  /** The evaluation's date-time (ISO 8601): utcNow() in policies, the expiry of exemptions. */
  now: string;
  /**
   * Hand each result on as it is made (same order) instead of returning it; `results` then comes back
   * empty. A large estate's verdicts are then never all in memory at once (src/cli/result-spool.ts).
   */
  onResult?: (result: CheckResult) => void;
}

export async function checkEstate(resources: AsyncIterable<AzureResource> | Iterable<AzureResource>, options: EstateCheckOptions): Promise<{ resources: AzureResource[]; results: CheckResult[] }> {
  const all: AzureResource[] = [];
  for await (const r of resources) all.push(r);
  const results: CheckResult[] = [];
  const emit = options.onResult ?? ((r: CheckResult): void => void results.push(r));
  if (options.baseline !== false) eachBaselineResult(all, { today: options.now.slice(0, 10) }, emit);
  if (options.assignments) evaluatePolicies(all, options.assignments, { now: options.now, onResult: emit });
  return { resources: all, results };
}
