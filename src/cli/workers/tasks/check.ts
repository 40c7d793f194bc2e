/**
 * A check's evaluation over a range of its resources (task module `check`, issue 12, every core): the
 * worker rebuilds what cannot cross threads — the compiled policies, from the same files and flags — reads
 * the inputs' resource lists itself (only their paths, sizes and times cross: check-input.ts FileSegment),
 * runs pass 1 over every resource and pass 2 over [start, end) (src/policy/estate.ts), and emits the raw
 * results, each with its resource's index (before the exemption sources, which the main thread applies with the summary and the spool, as
 * src/cli/verdicts.ts `judge` does for one thread).
 */
import type { CheckResult } from '../../../core/verdict.js';
import { estatePasses, runPasses } from '../../../policy/estate.js';
import type { FileSegment } from '../../check-input.js';
import type { SpoolBudget } from '../../kept-spool.js';
import type { CliIO } from '../../io.js';
import type { PolicyFlags } from '../../verdicts.js';
import type { TaskFn } from '../protocol.js';

export interface CheckRangeArgs {
  cwd: string;
  /** Every input of the check, in order: the worker reads them as the main thread does. */
  segments: FileSegment[];
  /** Positions in `file` name `as`, or nothing (check-files.ts `rename`). */
  rename?: { file: string; as?: string };
  /** --policy, --policy-params, --assignment, --aliases, as the main thread compiled them. */
  policy: PolicyFlags;
  withPolicies: boolean;
  baseline: boolean;
  /** The main thread's date-time: every thread judges at the same instant. */
  now: string;
  range: { start: number; end: number };
  /** This worker's share of the kept spools' budget (kept-spool.ts spoolShare): N workers together hold about one thread's. */
  spool?: SpoolBudget;
}

/** A result and its resource's index in the input (the main thread's order for full ties: result-spool.ts). */
export type RangeItem = [index: number, result: CheckResult];

const range: TaskFn<CheckRangeArgs, RangeItem> = async (args, emit) => {
  const { renamePositions, segmentSource } = await import('../../check-input.js');
  // Warnings were the main thread's to print (it compiled the same inputs first): a worker prints nothing.
  const io: CliIO = { stdout: () => undefined, stderr: () => undefined, cwd: args.cwd, env: {}, isTTY: false };
  let assignments;
  if (args.withPolicies) {
    const { compileFromFlags } = await import('../../verdicts.js');
    const { loadPolicies, parsePolicyParams } = await import('../../commands/check.js');
    assignments = (await compileFromFlags(args.policy, io, loadPolicies, parsePolicyParams)).assignments;
  }
  const source = segmentSource(args.segments, args.rename === undefined ? undefined : renamePositions(args.rename));

  // The passes call back synchronously: results past the worker's credit wait in it until the reading
  // pauses between chunks of the input, where the task waits for the caller to catch up.
  let waiting: Promise<void> | undefined;
  const { KeptSpool } = await import('../../kept-spool.js');
  const kept = KeptSpool.open(undefined, args.spool);
  const { memoryParts } = await import('../../../baseline/resource-index.js');
  const hooks = KeptSpool.hooks(kept);
  const parts = hooks.parts ?? memoryParts();
  try {
    await runPasses(
      source,
      estatePasses({ baseline: args.baseline, ...(assignments ? { assignments } : {}), now: args.now, parts }),
      (r, index) => {
        waiting = emit([index, r]) ?? waiting;
      },
      {
        range: args.range,
        pause: () => {
          const w = waiting;
          waiting = undefined;
          return w;
        },
        parts,
      },
    );
  } finally {
    kept?.close();
  }
  if (waiting) await waiting;
};

export const tasks = { range };
