/**
 * The verdicts of an estate, as `il5ml check` gives them: for each resource in input order, the built-in
 * baseline's results then those of the compiled policy assignments. The estate is read twice rather than
 * held (docs/ARCHITECTURE.md, "Memory of a check"): pass 1 shows every resource to each evaluator's pass,
 * which keeps only what its cross-resource lookups can return (auditIfNotExists related types, the
 * baseline rules' lookups, the projections' inputs); pass 2 reads the resources again and evaluates them
 * one at a time. Pure: the clock comes in `now`, and a source brings the resources.
 */
import { BaselinePass } from '../baseline/index.js';
import { UserInputError, type SourceLocation } from '../core/diagnostic.js';
import { memoryParts, type IndexParts } from '../baseline/resource-index.js';
import type { AzureResource } from '../core/resource.js';
import type { CheckResult } from '../core/verdict.js';
import type { PolicyAssignment } from './evaluate.js';
import { PolicyPass } from './evaluate.js';

/** Resources that can be read more than once, in the same order each time (a file read again, an array). */
export interface ResourceSource {
  /**
   * Hands every resource to `fn` with its index (0, 1, … in order). When `want` says false for an index,
   * the resource there may be skipped unparsed (fn is then not called for it). A second call reads the
   * same resources again; a source whose content changed in between throws UserInputError.
   */
  each(fn: (r: AzureResource, index: number) => void, want?: (index: number) => boolean, pause?: () => Promise<void> | undefined): Promise<void>;
}

/** One evaluator's side of the two passes (BaselinePass, PolicyPass). */
export interface EstatePass {
  /** Pass 1: true when the object must be handed back, unchanged, to evaluate() in pass 2. */
  see(r: AzureResource): boolean;
  /**
   * Pass 1, right after see(r) of every pass, when `r` was kept: its record (PassRun.parts' KeptResources)
   * reads as `stand` from now on. A pass that holds objects keeps `stand` instead; `r` itself may be dropped.
   * The built-in passes keep records (BaselinePass, PolicyPass), and need none.
   */
  replace?(r: AzureResource, stand: AzureResource): void;
  finish(): void;
  /** Pass 2: the results for the resource at `index`. */
  evaluate(r: AzureResource, index: number, emit: (result: CheckResult) => void): void;
}

/** The resources of an array, as a source. */
export function arraySource(resources: readonly AzureResource[]): ResourceSource {
  return {
    each(fn, want) {
      resources.forEach((r, i) => {
        if (want === undefined || want(i)) fn(r, i);
      });
      return Promise.resolve();
    },
  };
}

export interface PassRun {
  /** Only the resources whose index is in [start, end) are evaluated (a worker's share); all are seen. */
  range?: { start: number; end: number };
  /** Called for every resource in pass 1 (warnings that look at each resource alone). */
  observe?: (r: AzureResource, index: number) => void;
  /** Awaited now and then in pass 2 (between chunks of the input): a consumer that must catch up holds it. */
  pause?: () => Promise<void> | undefined;
  /**
   * Where the resources a pass keeps go, and the store of the lookups' numbers: the passes' own (they must
   * be built with the same parts: estatePasses). Memory when absent; the CLI's kept spool
   * (src/cli/kept-spool.ts) writes kept resources to disk and gives stand-ins that read back the same, which
   * the passes keep instead (replace), and pass 2's fresh read of each while it is judged (warm).
   */
  parts?: IndexParts;
}

/**
 * Pass 1 over `source` (every pass sees every resource), finish, pass 2 (each resource evaluated by every
 * pass, in pass order; `emit` gets each result and its resource's index). Returns how many resources there were. Only the objects a pass keeps stay in memory
 * between the passes.
 */
export async function runPasses(source: ResourceSource, passes: readonly EstatePass[], emit: (result: CheckResult, index: number) => void, run: PassRun = {}): Promise<number> {
  const { kept, store } = run.parts ?? memoryParts();
  // The input index of each kept resource and its record, in input order: columns of the store, not a map.
  const keptIndex = store.ints();
  const keptRecord = store.ints();
  let count = 0;
  await source.each((r, index) => {
    run.observe?.(r, index);
    let keep = false;
    for (const p of passes) if (p.see(r)) keep = true;
    if (keep) {
      // A pass that keeps records has kept it already: the same record (KeptResources.keep).
      const record = kept.keep(r);
      const stand = kept.get(record);
      if (stand !== r) for (const p of passes) p.replace?.(r, stand);
      keptIndex.push(index);
      keptRecord.push(record);
    }
    count = index + 1;
  });
  for (const p of passes) p.finish();
  const start = run.range?.start ?? 0;
  const end = Math.min(run.range?.end ?? count, count);
  let next = start;
  // The first kept resource at or after `start`.
  let k = 0;
  while (k < keptIndex.length && keptIndex.get(k) < start) k++;
  await source.each(
    (fresh, index) => {
      if (index !== next) throw changed(fresh);
      next = index + 1;
      let r = fresh;
      if (k < keptIndex.length && keptIndex.get(k) === index) {
        // Pass 2 gives the kept resource (its stand-in reading this fresh read while it is judged).
        const record = keptRecord.get(k++);
        r = kept.get(record);
        if (r !== fresh && r.id !== fresh.id) throw changed(fresh);
        kept.warm?.(record, fresh);
      }
      // Each result with its resource's index (a worker's results are put back in input order by it).
      const at = (result: CheckResult): void => emit(result, index);
      for (const p of passes) p.evaluate(r, index, at);
    },
    (index) => index >= start && index < end,
    run.pause,
  );
  if (next !== Math.max(start, end)) throw changed(undefined);
  return count;
}

function changed(r: AzureResource | undefined): UserInputError {
  return changedInput(r?.source?.file ?? 'an input', r?.source);
}

/** IL5-CHECK-CHANGED: an input read more than once (estate.ts, check-input.ts) was not the same each time. */
export function changedInput(file: string, location?: SourceLocation): UserInputError {
  return new UserInputError([
    {
      severity: 'error',
      code: 'IL5-CHECK-CHANGED',
      message: `${file} changed while il5ml was reading it (a resource list is read more than once: to check it, to index what lookups need, to judge it)`,
      fix: 'check a file nothing is writing to: copy it first, or wait until the export that writes it has finished',
      ...(location ? { location } : {}),
    },
  ]);
}

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
  range?: PassRun['range'];
  observe?: PassRun['observe'];
  /** Where kept resources go and the lookups' numbers are kept (PassRun.parts); memory when absent. */
  parts?: IndexParts;
}

/** The passes `checkEstate` runs for these options (a worker builds the same). */
export function estatePasses(options: Pick<EstateCheckOptions, 'baseline' | 'assignments' | 'now'> & { parts: IndexParts }): EstatePass[] {
  const passes: EstatePass[] = [];
  const { parts } = options;
  if (options.baseline !== false) passes.push(new BaselinePass({ today: options.now.slice(0, 10) }, parts));
  // Both passes keep numbers in the same store: one id table (codes of lower-case ids) and one record per kept resource.
  if (options.assignments) passes.push(new PolicyPass(options.assignments, { now: options.now, store: parts.store, ids: parts.ids, kept: parts.kept }));
  return passes;
}

export async function checkEstate(resources: ResourceSource | readonly AzureResource[], options: EstateCheckOptions): Promise<{ count: number; results: CheckResult[] }> {
  const source = Array.isArray(resources) ? arraySource(resources as readonly AzureResource[]) : (resources as ResourceSource);
  const results: CheckResult[] = [];
  const emit = options.onResult ?? ((r: CheckResult): void => void results.push(r));
  const parts = options.parts ?? memoryParts();
  const count = await runPasses(source, estatePasses({ ...options, parts }), emit, {
    parts,
    ...(options.range ? { range: options.range } : {}),
    ...(options.observe ? { observe: options.observe } : {}),
  });
  return { count, results };
}
