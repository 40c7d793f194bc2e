/**
 * The one entry point from files to verdicts: `il5ml check FILE…` uses it, and so does anything that has
 * the resources in a file (an audit's spooled Resource Graph pages). It reads the inputs (resource lists
 * streamed, templates expanded offline: check-input.ts), judges them (verdicts.ts: baseline, policies,
 * exemptions) and returns the report, its results held or, given a spool, on disk. The parsed resources are dropped before the function returns
 * unless the caller asks to keep them (the html report's network diagram): they are the largest thing a
 * check holds (docs/ARCHITECTURE.md, "Memory of a check"), and writing the report should not hold them.
 */
import type { DeploymentContext } from '../arm/template/index.js';
import { UserInputError, type Diagnostic } from '../core/diagnostic.js';
import type { AzureResource } from '../core/resource.js';
import type { CheckReport } from '../core/verdict.js';
import type { AssignmentDoc } from '../policy/assignment.js';
import type { PolicyAssignment } from '../policy/index.js';
import type { ReportOptions } from '../report/index.js';
import type { ExemptionSource } from './check-settings.js';
import type { CliIO } from './io.js';
import type { ResultSpool } from './result-spool.js';
import type { PolicyFlags, VerdictFlags } from './verdicts.js';

export interface FileCheck {
  /** Templates or resource lists (JSON array, {"value": […]}, {"data": […]}, NDJSON), in order. */
  inputs: readonly string[];
  /** az-style --parameters for templates. */
  parameters?: readonly string[];
  context?: Partial<DeploymentContext>;
  /** Compiled assignments (compileFromFlags); used when `withPolicies`. */
  assignments: readonly PolicyAssignment[];
  withPolicies: boolean;
  exemptionSources: readonly ExemptionSource[];
  /** Warnings of the caller (e.g. the exemption sources'), printed with the inputs' own. */
  warnings?: readonly Diagnostic[];
  opts: VerdictFlags;
  io: CliIO;
  /** Return the resources read as well (only the html report's diagram needs them). */
  keepResources?: boolean;
  /** The --assignment documents: a warning for each whose scope holds none of the resources read. */
  assignmentDocs?: readonly AssignmentDoc[];
  /**
   * Positions and messages that name `file` name `as` instead, or (positions) nothing when `as` is
   * absent: an audit judges a temporary file the user never sees (its --export copy, or nothing).
   */
  rename?: { file: string; as?: string; inMessages: string };
  /** Results go here as they are made (the report's `results` then comes back empty); held in memory without one. */
  spool?: ResultSpool;
  /** The policy flags `assignments` were compiled from: worker threads (opts.jobs > 1) compile them again. */
  policyFlags?: PolicyFlags;
  /** The report formats, for the bound on results held without a spool (verdicts.ts MAX_HELD_RESULTS). */
  heldFormats?: readonly string[];
}

/** Reads and judges `inputs`: every input error at once (UserInputError, exit 2), else the report. */
export async function judgeFiles(x: FileCheck): Promise<{ report: CheckReport; options: ReportOptions; now: Date; resources: AzureResource[]; linked: string[] }> {
  const { readInputs, renamePositions } = await import('./check-input.js');
  const { judge } = await import('./verdicts.js');
  const rename = x.rename;
  // Positions in the renamed file name what the user knows (or nothing), in both reads of it.
  const renamed = rename === undefined ? undefined : renamePositions(rename);
  const read = await readInputs(x.inputs, x.parameters ?? [], x.io, x.context, renamed).catch((e: unknown) => {
    if (!(e instanceof UserInputError) || rename === undefined) throw e;
    throw new UserInputError(
      e.diagnostics.map((d) => ({ ...d, message: d.message.split(rename.file).join(rename.inMessages), ...(d.location ? { location: { ...d.location, file: rename.as ?? rename.inMessages } } : {}) })),
    );
  });
  const spool = x.spool;
  const judged = await judge(read.source, [...(x.warnings ?? []), ...read.warnings], x.assignments, x.withPolicies, x.exemptionSources, x.opts, x.io, spool ? (r, order) => spool.add(r, order) : undefined, {
    ...(x.assignmentDocs ? { assignmentDocs: x.assignmentDocs } : {}),
    ...(x.keepResources === true ? { keepResources: true } : {}),
    ...(spool ? { distinctResources: () => spool.distinctResources() } : {}),
    ...(!spool && x.heldFormats !== undefined ? { heldFormats: x.heldFormats } : {}),
    ...(read.segments.every((s) => s.kind === 'file') ? { hold: true } : {}),
    // Workers read files: only inputs that are all streamed resource lists (no template, nothing read whole).
    ...(x.policyFlags !== undefined && read.segments.every((s) => s.kind === 'file')
      ? {
          workers: {
            cwd: x.io.cwd,
            segments: read.segments.flatMap((s) => (s.kind === 'file' ? [s] : [])),
            ...(rename !== undefined ? { rename: { file: rename.file, ...(rename.as !== undefined ? { as: rename.as } : {}) } } : {}),
            policy: x.policyFlags,
          },
        }
      : {}),
  });
  return { ...judged, linked: read.linked };
}
