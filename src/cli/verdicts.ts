/**
 * What `il5ml check` and `il5ml audit` share: the policies and parameters the flags name, compiled once,
 * and the verdicts over a resource list (baseline, policies, exemptions). One code path, so that an audit
 * and a check of its export give the same verdicts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pushAll } from '../core/array.js';
import { type Diagnostic, type SourceLocation, UserInputError, formatDiagnostic, hasErrors, sortDiagnostics } from '../core/diagnostic.js';
import type { AzureResource } from '../core/resource.js';
import { Summarizer, type CheckReport, type CheckResult } from '../core/verdict.js';
import type { LoadedPolicies, PolicyAssignment } from '../policy/index.js';
import type { AssignmentDoc } from '../policy/assignment.js';
import type { ResourceSource } from '../policy/estate.js';
import type { CheckRangeArgs, RangeItem } from './workers/tasks/check.js';
import { readAliasFlags, readAssignmentFlags } from './policy-input-flags.js';
import type { ReportOptions } from '../report/index.js';
import type { ExemptionSource } from './check-settings.js';
import { decodeText } from './decode.js';
import { readUserFile, writeOutputFile } from './files.js';
import type { CliIO } from './io.js';
import { PACKAGE_VERSION } from './main.js';

export interface PolicyFlags {
  policy?: string[];
  policyParams?: string;
  /** --assignment, --aliases, --initiative (policy-input-flags.ts). */
  assignment?: string[];
  aliases?: string[];
  initiative?: string[];
}

export interface VerdictFlags {
  out?: string;
  baseline: 'default' | 'none';
  /** --jobs: threads that evaluate (src/cli/workers/); one when absent. */
  jobs?: number;
}

/**
 * Below this many resources a check runs on one thread: a worker costs about half a second to start and
 * its results as much to move as to spool (docs/ARCHITECTURE.md, "worker_threads").
 */
export const MIN_RESOURCES_PER_WORKER = 10_000;

/**
 * Result batches (of 256) each worker thread may have sent and this thread not yet taken (the pool's
 * credit): 64 in all, at least 2 a worker, so that what waits between the threads does not grow with
 * --jobs (at most ~16k results, or 512 a worker past 32 workers).
 */
export function workerCredit(jobs: number): number {
  return Math.max(2, Math.floor(64 / Math.max(1, jobs)));
}

/** The policy flags alone, as plain data (a worker thread compiles them again). */
export function pickPolicyFlags(opts: PolicyFlags): PolicyFlags {
  return {
    ...(opts.policy !== undefined ? { policy: [...opts.policy] } : {}),
    ...(opts.policyParams !== undefined ? { policyParams: opts.policyParams } : {}),
    ...(opts.assignment !== undefined ? { assignment: [...opts.assignment] } : {}),
    ...(opts.aliases !== undefined ? { aliases: [...opts.aliases] } : {}),
    ...(opts.initiative !== undefined ? { initiative: [...opts.initiative] } : {}),
  };
}

/** --policy and --policy-params read and compiled; every error at once. `pol` is undefined without --policy. */
export async function compileFromFlags(
  opts: PolicyFlags,
  io: CliIO,
  load: (paths: readonly string[], io: CliIO) => Promise<{ loaded: LoadedPolicies; diagnostics: Diagnostic[]; alone?: ReadonlySet<string> }>,
  parseParams: (file: string, text: string) => Record<string, unknown>,
): Promise<{ pol: { loaded: LoadedPolicies } | undefined; assignments: PolicyAssignment[]; assignmentDocs?: AssignmentDoc[] }> {
  const { compilePolicies, EFFECTS, policyParamProblems, validateDefinitions, choosePolicies } = await import('../policy/index.js');
  const policyPaths = opts.policy ?? [];
  const pol = policyPaths.length ? await load(policyPaths, io) : undefined;
  const diags: Diagnostic[] = [...(pol?.diagnostics ?? [])];
  const given = await readAssignmentFlags(opts, io);
  pushAll(diags, given.diagnostics);
  const aliases = await readAliasFlags(opts, io);
  pushAll(diags, aliases.diagnostics);
  // Always set, so that a run without --aliases reads the generated table alone.
  (await import('../policy/aliases.js')).useAliasDeclarations(aliases.declarations);
  let policyParams: Record<string, unknown> | undefined;
  let paramsSource: { file: string; locate: (key: string) => SourceLocation | undefined } | undefined;
  if (opts.policyParams !== undefined) {
    const file = opts.policyParams;
    const { text } = await readUserFile(file, io.cwd, 'policy parameters file');
    policyParams = parseParams(file, text);
    // Errors about a value given here point at its key: `{"name": …}`, or `parameters.name` in the ARM
    // parameters file form (check.ts parsePolicyParams). The positions are read only when one is needed.
    const { LocatedReader } = await import('../policy/json-located.js');
    const reader = new LocatedReader(file, 'IL5-POLICY-PARAMS', text);
    paramsSource = { file, locate: (key) => reader.find([key]) ?? reader.find(['parameters', key]) };
  }
  let assignments: PolicyAssignment[] = [];
  // What is evaluated of what --policy gave (src/policy/choose.ts): the sets chosen and their definitions,
  // or, with --assignment, what the assignments assign; the rest is a library they are looked up in.
  let chosen: LoadedPolicies | undefined;
  const notes: string[] = [];
  if (pol) {
    if (pol.loaded.definitions.length === 0 && pol.loaded.sets.length === 0 && !hasErrors(diags)) {
      diags.push({ severity: 'error', code: 'IL5-POLICY-NONE', message: `no policy definition or set found in ${policyPaths.join(', ')}`, fix: 'give --policy a definition file, a set file or a folder of them' });
    }
    if (given.docs) {
      if (opts.initiative?.length) diags.push({ severity: 'error', code: 'IL5-CLI-FLAG', message: '--initiative and --assignment both say what is evaluated', fix: 'leave out --initiative: each assignment assigns its own set or definition' });
      chosen = (await import('../policy/assignment.js')).assignedPolicies(pol.loaded, given.docs);
    } else {
      const c = choosePolicies(pol.loaded, { ...(opts.initiative ? { initiatives: opts.initiative } : {}), ...(pol.alone ? { alone: pol.alone } : {}) });
      pushAll(diags, c.diagnostics);
      pushAll(notes, c.notes);
      chosen = c.loaded;
    }
    // Definitions Azure would refuse, and assignment parameters it would refuse (src/policy/validate.ts).
    // Each at the field at fault: a file with a problem is read again for its positions (validate.ts).
    pushAll(diags, validateDefinitions(chosen, EFFECTS, (file) => rereadText(resolve(io.cwd, file))));
    if (policyParams && paramsSource) pushAll(diags, policyParamProblems(chosen, policyParams, paramsSource.file, paramsSource.locate));
    const compiled = given.docs ? (await import('../policy/assignment.js')).compileAssignments(pol.loaded, given.docs) : compilePolicies(chosen, policyParams ? { policyParams, ...(paramsSource ? { policyParamsSource: paramsSource } : {}) } : {});
    pushAll(diags, compiled.diagnostics);
    assignments = compiled.assignments;
  } else if (opts.initiative?.length) {
    diags.push({ severity: 'error', code: 'IL5-CLI-FLAG', message: '--initiative needs --policy: the sets to choose from', fix: 'e.g. --policy azure-policy/built-in-policies --initiative "DoD Impact Level 5" (docs/policy-inputs.md)' });
  }
  if (hasErrors(diags)) throw new UserInputError(diags.filter((d) => d.severity === 'error'));
  const warnings = diags.filter((d) => d.severity === 'warning' && (d.code === 'IL5-ASSIGNMENT' || d.code === 'IL5-ALIASES'));
  if (warnings.length) io.stderr(sortDiagnostics(warnings).map(formatDiagnostic).join('\n') + '\n');
  if (notes.length) io.stderr(notes.map((n) => `il5ml: ${n}\n`).join(''));
  return { pol: chosen ? { loaded: chosen } : undefined, assignments, ...(given.docs ? { assignmentDocs: given.docs } : {}) };
}

/**
 * Puts `results` (in place) in the order of `orders`, each result's resource index, keeping the order they
 * came in for equal indexes: worker threads' results as one thread makes them (the reports sort, stably).
 */
export function inInputOrder(results: CheckResult[], orders: readonly number[]): void {
  const by = Array.from(results.keys()).sort((a, b) => (orders[a] ?? 0) - (orders[b] ?? 0) || a - b);
  const copy = results.slice();
  by.forEach((from, to) => (results[to] = copy[from] as CheckResult));
}

/** Text to stdout, or to `out` as every output file is written (files.ts). */
export async function emit(text: string, out: string | undefined, io: CliIO): Promise<void> {
  if (out === undefined) {
    io.stdout(text);
    return;
  }
  await writeOutputFile(resolve(io.cwd, out), text);
}

export interface JudgeExtras {
  /** The --assignment documents: a warning for each whose scope holds none of the resources read. */
  assignmentDocs?: readonly AssignmentDoc[];
  /** Return every resource read (the html report's diagram); otherwise none is held after pass 1. */
  keepResources?: boolean;
  /** The resources kept between the reads go to a temporary file (kept-spool.ts): inputs read from files only. */
  hold?: boolean;
  /**
   * The count of distinct resources (case-insensitively) of the results handed to `onResult`, asked once
   * they are all made (ResultSpool.distinctResources): the summary then holds no resource id.
   */
  distinctResources?: () => number;
  /** What worker threads need to judge the same inputs (their files and the policy flags); one thread without. */
  workers?: Omit<CheckRangeArgs, 'range' | 'now' | 'baseline' | 'withPolicies' | 'spool'>;
  /**
   * The report formats asked for, when the results are held in memory for them (no `onResult`): past
   * MAX_HELD_RESULTS the check ends with exit 2 naming them, rather than run out of memory or string
   * length building one document of millions of results.
   */
  heldFormats?: readonly string[];
}

/**
 * Results a check holds in memory for a format that builds one document of them all (sarif, junit, html,
 * oscal, or any with --out-dir; json, table and md are written from the result spool whatever their
 * number). Measured on the 100k mixed estate with the DoD IL5 initiative (249,000 results, 2026-12-07):
 * oscal ran out of string length ("Invalid string length", a 512 MiB document) after a 2.0 GiB peak, html
 * peaked at 1.2 GiB, junit at 750 MiB, sarif at 570 MiB. At 100,000 results each stays below those.
 */
export const MAX_HELD_RESULTS = 100_000;

/** The exit-2 error of a check whose results outgrow MAX_HELD_RESULTS for `formats`. */
export function heldResultsError(formats: readonly string[], count: number): UserInputError {
  const list = formats.join(', ');
  return new UserInputError([
    {
      severity: 'error',
      code: 'IL5-REPORT-SIZE',
      message: `this report (--format ${list}) is built in memory from every verdict, and this check has ${count > MAX_HELD_RESULTS ? 'more than ' : ''}${MAX_HELD_RESULTS.toLocaleString('en-US')} of them`,
      fix: 'use --format json, table or md (written from a temporary file, whatever the number of verdicts; one format per run, with --out rather than --out-dir), or check a narrower scope (one subscription or resource group at a time)',
    },
  ]);
}

/**
 * The verdicts over `source` as `check` gives them: the baseline (unless `--baseline none`), the compiled
 * policies when --policy was given, the input's own exemptions and the exemption sources (the spec's
 * policy.exemptions, --exemptions). Returns the report and the options its formatters take; notes
 * (warnings) go to stderr. Nothing is written here. With `onResult`, each final result (exemptions
 * applied) is handed on as it is made, per resource in input order before sorting, and the report's
 * `results` is empty (its summary counts them all): a large estate's results are then spooled, not held.
 * The source is read twice (src/policy/estate.ts); the warnings that look at each resource alone (Docker
 * bridge, empty assignment scopes, the input's exemptions) are gathered in the first read.
 */
export async function judge(
  source: ResourceSource | readonly AzureResource[],
  warnings: readonly Diagnostic[],
  assignments: readonly PolicyAssignment[],
  withPolicies: boolean,
  exemptionSources: readonly ExemptionSource[],
  opts: VerdictFlags,
  io: CliIO,
  onResult?: (result: CheckResult, order?: number) => void,
  extras: JudgeExtras = {},
): Promise<{ report: CheckReport; options: ReportOptions; now: Date; resources: AzureResource[] }> {
  const { policyMeta } = await import('./check-output.js');
  const { exemptionApplier } = await import('../policy/index.js');
  const { checkEstate } = await import('../policy/estate.js');
  const { readsForExemptions, ExemptionInputs } = await import('../policy/input-exemptions.js');
  const { memoryParts } = await import('../baseline/resource-index.js');
  const { dockerBridgeWarnings } = await import('../net/docker-bridge.js');
  const scopes = extras.assignmentDocs ? new (await import('../policy/assignment.js')).EmptyScopeWatch(extras.assignmentDocs) : undefined;
  const now = new Date();
  // Each result goes through the exemption sources in order (as applyExemptions over the whole list would).
  const appliers = exemptionSources.map((source) => exemptionApplier(source.exemptions, now, source.file));
  const summarizer = new Summarizer(extras.distinctResources ? { countResources: false } : {});
  const results: CheckResult[] = [];
  // With worker threads, each result's resource index: results arrive interleaved, and full ties must keep input order.
  const orders: number[] = [];
  // Held for a format that builds one document: past the bound, the rest are counted, not held (the
  // passes run to their end; the check then ends with exit 2, heldResultsError).
  let overflow = 0;
  const held = extras.heldFormats;
  const hand =
    onResult ??
    ((r: CheckResult, order?: number): void => {
      if (held !== undefined && results.length >= MAX_HELD_RESULTS) {
        overflow++;
        return;
      }
      results.push(r);
      if (order !== undefined) orders.push(order);
    });
  const notes: Diagnostic[] = [...warnings];
  const count = Array.isArray(source) ? source.length : (source as ResourceSource & { count?: number }).count ?? 0;
  // IL5ML_WORKER_MIN_RESOURCES: the estate size per worker below which fewer workers run (tests, tuning).
  const perWorker = Number(io.env.IL5ML_WORKER_MIN_RESOURCES ?? MIN_RESOURCES_PER_WORKER);
  const jobs = Math.min(opts.jobs ?? 1, Math.floor(count / (Number.isInteger(perWorker) && perWorker > 0 ? perWorker : MIN_RESOURCES_PER_WORKER)));
  const threads = jobs > 1 && extras.workers !== undefined && !Array.isArray(source);
  // What the lookups keep waits on disk between the reads, unless the html diagram needs every resource:
  // one thread's spool, or with worker threads (each with its own share: kept-spool.ts spoolShare) this
  // thread's for the input's exemptions alone.
  const { KeptSpool, exemptionsSpool, spoolBudget, spoolShare } = await import('./kept-spool.js');
  const budget = spoolBudget(io.env);
  const kept = extras.hold === true && extras.keepResources !== true ? KeptSpool.open(undefined, threads ? exemptionsSpool(budget) : budget) : undefined;
  const hooks = KeptSpool.hooks(kept);
  const parts = hooks.parts ?? memoryParts();
  // What readInputExemptions reads: the input's exemptions and the assignments they name (as numbers: ExemptionInputs).
  const declared = new ExemptionInputs(parts);
  const all: AzureResource[] = [];
  const observe = (r: AzureResource): void => {
    if (extras.keepResources === true) all.push(r);
    const type = r.type.toLowerCase();
    if (type === 'microsoft.network/virtualnetworks') pushAll(notes, dockerBridgeWarnings([r]));
    else if (readsForExemptions(type)) declared.see(r);
    scopes?.see(r);
  };
  const made = (result: CheckResult, order?: number): void => {
    let r = result;
    for (const a of appliers) r = a.apply(r);
    summarizer.add(r);
    hand(r, order);
  };
  let exemptionNotes: Diagnostic[];
  try {
    if (threads && extras.workers !== undefined) {
      // Every core (issue 12): each worker thread reads the inputs itself, sees them all (pass 1) and judges
      // its range of them (pass 2); this thread gathers the warnings in its own read meanwhile and takes the
      // results as they come, each with its resource's index. Every report sorts its results, and full ties
      // follow that index (input order), so the order they arrive in changes nothing.
      const { indexRanges, runOrdered } = await import('./workers/pool.js');
      const base = { ...extras.workers, now: now.toISOString(), baseline: opts.baseline !== 'none', withPolicies, spool: spoolShare(jobs, budget) };
      const tasks = indexRanges(count, jobs).map(([start, end]) => ({ module: 'check' as const, fn: 'range', args: { ...base, range: { start, end } } satisfies CheckRangeArgs }));
      let observed: unknown;
      const observing = (source as ResourceSource).each((r) => observe(r)).catch((e: unknown) => void (observed = e));
      for await (const [index, r] of runOrdered<RangeItem>(tasks, { jobs, ordered: false, credit: workerCredit(jobs) })) made(r, index);
      await observing;
      if (observed !== undefined) throw observed;
      if (orders.length === results.length) inInputOrder(results, orders);
    } else {
      await checkEstate(source, {
        baseline: opts.baseline !== 'none',
        ...(withPolicies ? { assignments } : {}),
        now: now.toISOString(),
        observe,
        // In input order already: the order of the adds is input order.
        onResult: (r) => made(r),
        parts,
      });
    }
    // Exemptions declared in the input (policyExemptions resources): the evaluators applied them; their
    // warnings (expired, assignment missing from the input) are the user's to see. Read while the spool is open.
    exemptionNotes = declared.warnings(now.toISOString());
  } finally {
    kept?.close();
  }
  if (scopes) pushAll(notes, scopes.warnings());
  pushAll(notes, exemptionNotes);
  for (const a of appliers) pushAll(notes, a.diagnostics());
  if (overflow > 0 && held !== undefined) throw heldResultsError(held, results.length + overflow);
  const report = { results, summary: summarizer.summary(extras.distinctResources?.()) };
  const options: ReportOptions = {
    toolVersion: PACKAGE_VERSION,
    policies: policyMeta(assignments),
    color: opts.out === undefined && io.isTTY && !io.env.NO_COLOR,
  };
  if (notes.length) io.stderr(sortDiagnostics(notes).map(formatDiagnostic).join('\n') + '\n');
  return { report, options, now, resources: all };
}

/** A file read a moment ago, read again for positions; undefined when it can no longer be read. */
function rereadText(abs: string): string | undefined {
  try {
    const decoded = decodeText(readFileSync(abs));
    return 'error' in decoded ? undefined : decoded.text;
  } catch {
    return undefined;
  }
}
