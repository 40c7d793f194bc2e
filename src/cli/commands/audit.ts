import { resolve } from 'node:path';
import { Option } from 'commander';
import { formatDiagnostic, UserInputError, type Diagnostic } from '../../core/diagnostic.js';
import type { Progress } from '../../azure/estate.js';
import type { GraphScope } from '../../azure/resource-graph.js';
import { REPORT_FORMATS, type ReportFormat, type ReportOptions } from '../../report/options.js';
import type { PolicyAssignment } from '../../policy/index.js';
import { addConnectionOptions, checkSubscriptionIds, connect, live, type ConnectionFlags } from '../azure-flags.js';
import { ERASE_LINE, EXIT_FINDINGS, EXIT_OK, processIO, type CliIO } from '../io.js';
import { writeOutputFile } from '../files.js';
import { managementGroupIdError, resourceGroupNameError } from '../scope-names.js';
import { JOBS_HELP, parseJobs, resolveJobs } from '../jobs.js';
import { PACKAGE_VERSION } from '../main.js';
import { compileFromFlags, emit, pickPolicyFlags } from '../verdicts.js';
import { collect, loadPolicies, parsePolicyParams } from './check.js';
import { addPolicyInputOptions } from '../policy-input-flags.js';
import type { RegisterCommand } from './index.js';

/**
 * `il5ml audit`: runbook step G on the deployed estate. Reads every resource of the scope through Azure
 * Resource Graph (and the diagnostic settings the loaded definitions need), and judges them with the
 * same code as `il5ml check` (src/cli/verdicts.ts). `--export FILE` writes the resource list, so that
 * `il5ml check FILE` gives the same verdicts offline. docs/audit.md.
 */

interface Opts extends ConnectionFlags {
  subscription?: string[];
  managementGroup?: string;
  resourceGroup?: string;
  policy?: string[];
  policyParams?: string;
  assignment?: string[];
  aliases?: string[];
  exemptions?: string;
  format: ReportFormat;
  out?: string;
  export?: string;
  baseline: 'default' | 'none';
  concurrency: string;
  /** --jobs: worker threads (jobs.ts); `auto` until parsed. */
  jobs: number | 'auto';
  compareAzure?: string | boolean;
}

/** A progress line on a terminal's stderr, at most five times a second; silent elsewhere. */
export function progressLine(io: CliIO, now: () => number = Date.now): { update: (p: Progress) => void; done: () => void } {
  if (!io.stderrIsTTY) return { update: () => undefined, done: () => undefined };
  const start = now();
  let last = 0;
  let shown = false;
  io.allowSequences?.([ERASE_LINE]);
  return {
    update(p) {
      const t = now();
      if (t - last < 200) return;
      last = t;
      const rate = Math.round(p.resources / Math.max(0.001, (t - start) / 1000));
      io.stderr(`${ERASE_LINE}${p.phase}: ${p.pages} pages, ${p.resources} resources (${rate}/s), ${p.diagnosticReads} diagnostic reads`);
      shown = true;
    },
    done() {
      if (shown) io.stderr(ERASE_LINE);
    },
  };
}

function scopeOf(opts: Opts): GraphScope {
  // A subscription given twice (GUIDs compare without case) is one: read twice, Azure Policy's states were
  // compared twice and every disagreement listed twice.
  const seen = new Set<string>();
  const subs = (opts.subscription ?? []).filter((s) => !seen.has(s.toLowerCase()) && seen.add(s.toLowerCase()));
  const problems = [];
  if (subs.length === 0 && opts.managementGroup === undefined) {
    problems.push({ severity: 'error' as const, code: 'IL5-CLI-FLAG', message: 'no scope: give --subscription ID (repeatable) or --management-group ID', fix: 'e.g. il5ml audit --subscription $(az account show --query id --output tsv) --auth cli' });
  }
  if (subs.length > 0 && opts.managementGroup !== undefined) {
    problems.push({ severity: 'error' as const, code: 'IL5-CLI-FLAG', message: '--subscription and --management-group exclude each other', fix: 'give one of them' });
  }
  if (opts.resourceGroup !== undefined && opts.managementGroup !== undefined) {
    problems.push({ severity: 'error' as const, code: 'IL5-CLI-FLAG', message: '--resource-group needs --subscription', fix: 'name the subscription of the resource group' });
  }
  const badGroup = opts.managementGroup !== undefined ? managementGroupIdError('--management-group', opts.managementGroup) : undefined;
  if (badGroup) problems.push(badGroup);
  const badResourceGroup = opts.resourceGroup !== undefined ? resourceGroupNameError('--resource-group', opts.resourceGroup) : undefined;
  if (badResourceGroup) problems.push(badResourceGroup);
  if (problems.length) throw new UserInputError(problems);
  checkSubscriptionIds(subs);
  return { subscriptions: subs, ...(opts.managementGroup !== undefined ? { managementGroup: opts.managementGroup } : {}), ...(opts.resourceGroup !== undefined ? { resourceGroup: opts.resourceGroup } : {}) };
}

/**
 * SARIF without --export: its results can point at no file (the resources read are in a temporary file),
 * and code scanning shows only results with a physical location (sarif.ts, from GitHub's "SARIF support for
 * code scanning"). Said before Azure is read, so the user can add --export and lose nothing.
 */
export function sarifWithoutExport(opts: Pick<Opts, 'format' | 'export'>): Diagnostic[] {
  if (opts.format !== 'sarif' || opts.export !== undefined) return [];
  return [
    {
      severity: 'warning',
      code: 'IL5-AUDIT-SARIF',
      message: '--format sarif without --export: the results point at no file, and GitHub code scanning shows only results with a file location',
      fix: 'add --export FILE (e.g. --export estate.json) and commit or keep that file beside the SARIF: each result then points at its resource\'s line in it',
      path: '--format',
    },
  ];
}

/** The scope as the report names it: `subscription ID`, `resource group NAME in subscription ID`, `management group ID`. */
export function scopeNames(scope: GraphScope): string[] {
  if (scope.managementGroup !== undefined) return [`management group ${scope.managementGroup}`];
  return scope.subscriptions.map((s) => (scope.resourceGroup !== undefined ? `resource group ${scope.resourceGroup} in subscription ${s}` : `subscription ${s}`));
}

/**
 * The report's options: for SARIF its category (automationDetails.id `il5ml/audit/<scope>/`); for the
 * assessor's formats (md, html, oscal) what was audited (the scope, and the SHA-256 of the resources read,
 * which are the --export file's bytes), when, and against what, as `check` says of its inputs; without
 * them an OSCAL audit was dated 1970-01-01 and called itself `il5ml check`.
 */
async function auditReportOptions(options: ReportOptions, opts: Opts, scope: GraphScope, read: string, assignments: readonly PolicyAssignment[], now: Date, io: CliIO): Promise<ReportOptions> {
  const { needsReportContext, reportContext, sha256File, shown } = await import('../check-output.js');
  const names = scopeNames(scope);
  // SARIF's category, as check's is per input: audits of two scopes uploaded for one commit keep their alerts apart.
  const category = scope.managementGroup !== undefined ? `mg-${scope.managementGroup}` : [...scope.subscriptions, ...(scope.resourceGroup !== undefined ? [scope.resourceGroup] : [])].join('+');
  const withBase: ReportOptions = { ...options, baseDir: io.cwd, title: `IL5 audit: ${names.join(', ')}`, automationId: `il5ml/audit/${category}/` };
  if (!needsReportContext(opts.format)) return withBase;
  const sha256 = await sha256File(read);
  const inputs = opts.export !== undefined ? [{ file: shown(resolve(io.cwd, opts.export), io.cwd), sha256 }] : [];
  return { ...withBase, context: reportContext({ assignments, baseline: opts.baseline !== 'none', toolVersion: PACKAGE_VERSION, now, io }, inputs, { audit: { scope: names, sha256 } }) };
}

export const register: RegisterCommand = (program, io, setExit) => {
  const cmd = program
    .command('audit')
    .description(
      'Runbook step G on the deployed estate: read every resource of the scope through Azure Resource Graph and judge it as `il5ml check` does (the baseline, and with --policy the DoD IL5 initiative). ' +
        'Exit 0: no NonCompliant; 1: NonCompliant found; 2: bad input, sign-in, permission or endpoint failure (nothing written). docs/audit.md.',
    )
    .option('--subscription <id>', 'a subscription to audit (repeatable)', collect)
    .option('--management-group <id>', 'audit every subscription under a management group')
    .option('--resource-group <name>', 'only this resource group (with its subscription)')
    .option('--policy <path>', 'a policy definition, a policy set, or a folder of both (repeatable)', collect)
    .option('--policy-params <file>', 'values for the policy set\'s parameters: {"name": value} or {"name": {"value": …}}')
    .option('--exemptions <file>', '{"exemptions": [{"policyDefinitionId", "resourceId" (pattern with *), "justification", "expiresOn"}]}')
    .addOption(new Option('--baseline <which>', 'the built-in baseline: default, or none').choices(['default', 'none']).default('default'))
    .addOption(new Option('--format <format>', 'report format').choices([...REPORT_FORMATS]).default('table'))
    .option('--out <file>', 'write the report to a file (written only when the audit completed)')
    .option('--export <file>', 'write the resources read, for `il5ml check FILE` offline (written only when the audit completed)')
    .option('--compare-azure [file]', "compare with Azure Policy's latest states for the loaded sets: text on stderr, or JSON to the file")
    .option('--concurrency <n>', 'diagnostic-settings reads at a time', '8')
    .addOption(new Option('--jobs <n>', JOBS_HELP).argParser((v) => parseJobs(v)).default(1));
  addConnectionOptions(addPolicyInputOptions(cmd)).action(async (opts: Opts) => {
    // (The heap of the CLI's own process grows little past what is live: src/cli/heap.ts.)
    if (io === processIO) (await import('../heap.js')).boundHeapGrowth(io.env, resolveJobs(opts.jobs));
    // The Azure SDK, the engines and the report formats load when the command runs, not for `--help` (issue 12).
    const { diagnosticNeeds } = await import('../../azure/diagnostics.js');
    const { collectEstate } = await import('../../azure/estate.js');
    const { formatComparison, readPolicyStates, StateComparison } = await import('../../azure/policy-states.js');
    const { checkExemptions } = await import('../check-settings.js');
    const { fileText, ResourceSpool } = await import('../spool.js');
    const { writeReport } = await import('../report-out.js');
    const scope = scopeOf(opts);
    const concurrency = Number(opts.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      throw new UserInputError([{ severity: 'error', code: 'IL5-CLI-FLAG', message: `--concurrency ${JSON.stringify(opts.concurrency)} must be a whole number from 1 to 64`, fix: 'e.g. --concurrency 8' }]);
    }
    const policyFiles: string[] = [];
    const loadAndKeep: typeof loadPolicies = async (paths, given) => {
      const r = await loadPolicies(paths, given);
      policyFiles.push(...r.files);
      return r;
    };
    const { pol, assignments, assignmentDocs } = await compileFromFlags(opts, io, loadAndKeep, parsePolicyParams);
    if (opts.compareAzure !== undefined && !pol) {
      throw new UserInputError([{ severity: 'error', code: 'IL5-CLI-FLAG', message: '--compare-azure needs --policy (the definitions Azure assigned)', fix: 'e.g. --policy azure-policy/built-in-policies --compare-azure (docs/policy-inputs.md)' }]);
    }
    // Every local input is read before Azure is: a typo in a file costs no estate read.
    const exemptionSources = await checkExemptions(opts.exemptions, undefined, io);
    for (const w of sarifWithoutExport(opts)) io.stderr(`${formatDiagnostic(w)}\n`);
    // No output may replace a file read, nor another output: refused before Azure is read.
    const { namedFiles, refuseOverwritingInputs } = await import('../output-guard.js');
    const { FORMAT_EXTENSIONS } = await import('../check-output.js');
    refuseOverwritingInputs(
      [
        ...(opts.export !== undefined ? [{ flag: '--export', path: opts.export, fix: 'write the resources to another file, e.g. --export estate.json' }] : []),
        ...(typeof opts.compareAzure === 'string' ? [{ flag: '--compare-azure', path: opts.compareAzure, fix: 'write the comparison to another file, e.g. --compare-azure compare.json' }] : []),
        ...(opts.out !== undefined ? [{ flag: '--out', path: opts.out, fix: `write the report to another file, e.g. --out audit${FORMAT_EXTENSIONS[opts.format]}` }] : []),
      ],
      namedFiles({ '--policy': policyFiles, '--policy-params': opts.policyParams, '--exemptions': opts.exemptions, '--assignment': opts.assignment, '--aliases': opts.aliases }),
      io.cwd,
    );
    const progress = progressLine(io);
    const conn = await connect(opts, io);
    const needs = diagnosticNeeds(assignments, opts.baseline !== 'none');
    // The estate goes to disk page by page (src/cli/spool.ts), and is judged from there by check's own
    // reader: the audit holds one page at a time, and its verdicts are check's on that file by construction.
    const spool = await ResourceSpool.create();
    try {
      await live(async () => {
        try {
          await collectEstate(conn.arm, scope, { diagnostics: needs, concurrency, onProgress: progress.update }, (page) => spool.append(page));
        } finally {
          progress.done();
        }
      });
      await spool.finish();
      // Judged by check's own entry point (src/cli/check-files.ts), so the verdicts are `check EXPORT`'s.
      // Positions name the export, as `il5ml check EXPORT` names them; without --export there is no file to
      // point into, and a message about Azure's answer (nesting past check's bound) names what the user knows.
      const { judgeFiles } = await import('../check-files.js');
      // A JSON, table or markdown report's results go to a temporary file as they are made, as `check`'s do (result-spool.ts):
      // with the estate read twice from the spool (src/policy/estate.ts), nothing the audit holds grows with it.
      const { spoolFor, withResultSpool } = await import('../result-spool.js');
      const { policyMeta } = await import('../check-output.js');
      // --jobs: evaluation threads (src/cli/workers/).
      const withJobs = { ...opts, jobs: resolveJobs(opts.jobs) };
      await withResultSpool(async (results) => {
        const { report, options, now } = await judgeFiles({
          ...(results ? { spool: results } : {}),
          heldFormats: [opts.format],
          inputs: [spool.path],
          assignments,
          withPolicies: pol !== undefined,
          exemptionSources: exemptionSources.sources,
          warnings: exemptionSources.warnings,
          ...(assignmentDocs ? { assignmentDocs } : {}),
          rename: { file: spool.path, ...(opts.export !== undefined ? { as: opts.export } : {}), inMessages: opts.export ?? 'the resources read from Azure' },
          opts: withJobs,
          io,
          policyFlags: pickPolicyFlags(opts),
        });
        // Azure's states are read, page by page against the verdicts, before anything is written: a failure
        // here leaves nothing behind.
        let comparison: string | undefined;
        if (opts.compareAzure !== undefined && pol) {
          // il5ml's verdicts read back from the result spool into a file store (numbers past a fixed budget on
          // disk: issue 10), or taken from the report when it holds them (formats that are not spooled).
          const { comparisonStore } = await import('../compare-store.js');
          const c = await comparisonStore(async (store) => {
            const against = new StateComparison([], store);
            if (results) for (const { result, order } of results.entries()) against.verdict(result, order);
            else report.results.forEach((r, i) => against.verdict(r, i));
            await live(() => readPolicyStates(conn.arm, scope, pol.loaded.sets.map((s) => s.name), (states) => against.add(states)));
            return against.result();
          });
          comparison = typeof opts.compareAzure === 'string' ? `${JSON.stringify(c, null, 2)}\n` : formatComparison(c);
        }
        // Everything was read and judged: only now is anything written.
        if (opts.export !== undefined) await writeOutputFile(resolve(io.cwd, opts.export), fileText(spool.path));
        if (comparison !== undefined) {
          if (typeof opts.compareAzure === 'string') await emit(comparison, opts.compareAzure, io);
          else io.stderr(comparison);
        }
        await writeReport(report, opts.format, await auditReportOptions(options, opts, scope, spool.path, assignments, now, io), opts.out, io, results);
        setExit(report.summary.byCompliance.NonCompliant > 0 ? EXIT_FINDINGS : EXIT_OK);
      }, spoolFor([opts.format], () => ({ toolVersion: PACKAGE_VERSION, policies: policyMeta(assignments) })));
    } finally {
      await spool.remove();
    }
  });
};
