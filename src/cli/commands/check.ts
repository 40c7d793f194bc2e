import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { DEFAULT_RESOURCE_GROUP } from '../../arm/template/context.js';
import { pushAll } from '../../core/array.js';
import { lineColumn } from '../../core/json-depth.js';
import { bomAsSpace } from '../../core/json-tolerant.js';
import { firstJsonError } from '../../core/json-syntax.js';
import { type Diagnostic, UserInputError, hasErrors } from '../../core/diagnostic.js';
import type { LoadedPolicies } from '../../policy/index.js';
import { REPORT_FORMATS } from '../../report/options.js';
import type { OutputFlags } from '../check-output.js';
import { addPolicyInputOptions } from '../policy-input-flags.js';
import { bicepInputError, refuseBicep } from '../bicep.js';
import { addDeploymentFlags, type DeploymentFlags } from '../deployment-flags.js';
import { filesUnder, folderProblems, linkedTemplateReader, readUserFile, writeOutputFile } from '../files.js';
import { AZ_PARAMETERS_HELP, collectParameters, parameterFiles, resolveParameters } from '../parameters.js';
import { contextFromFlags } from './expand.js';
import { EXIT_OK, processIO, type CliIO } from '../io.js';
import { JOBS_HELP, parseJobs, resolveJobs } from '../jobs.js';
import { PACKAGE_VERSION } from '../main.js';
import { compileFromFlags, emit, pickPolicyFlags } from '../verdicts.js';
import type { RegisterCommand } from './index.js';

/**
 * `il5ml check INPUT…`: IL5 verdicts before deployment. INPUT is an ARM template (expanded offline) or
 * resources as Azure returns them. Without --policy the built-in baseline runs; --policy adds Microsoft's
 * definitions and sets (files or folders), evaluated by the offline Azure Policy engine (src/policy/);
 * `--baseline none` leaves only them. Exit 0: no NonCompliant; 1: NonCompliant found; 2: bad input.
 */

interface Opts extends DeploymentFlags, OutputFlags {
  spec?: string;
  policy?: string[];
  policyParams?: string;
  assignment?: string[];
  aliases?: string[];
  exemptions?: string;
  parameters?: string[];
  coverage: boolean;
  baseline: 'default' | 'none';
  /** --jobs: worker threads (jobs.ts); `auto` until parsed. */
  jobs: number | 'auto';
}

/** A repeatable flag's values, in the order given (commander's argParser). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Reads every --policy path: a definition file, a set file, or a folder of them (recursively). */
export async function loadPolicies(paths: readonly string[], io: CliIO): Promise<{ loaded: LoadedPolicies; diagnostics: Diagnostic[]; skipped: string[]; alone: Set<string>; files: string[] }> {
  const { mergeLoaded, parsePolicyFile } = await import('../../policy/index.js');
  const parts: LoadedPolicies[] = [];
  const diagnostics: Diagnostic[] = [];
  const skipped: string[] = [];
  // Every file read (a folder's too), that no output may replace (output-guard.ts).
  const files: string[] = [];
  // Definitions given as files of their own: evaluated even beside a set (src/policy/choose.ts).
  const alone = new Set<string>();
  // Every path is read before anything is reported, so that the errors of all of them come together.
  const read = async (given: string): Promise<{ path: string; text: string } | undefined> => {
    try {
      const f = await readUserFile(given, io.cwd, 'policy file');
      files.push(given);
      return f;
    } catch (e) {
      if (!(e instanceof UserInputError)) throw e;
      pushAll(diagnostics, e.diagnostics);
      return undefined;
    }
  };
  for (const given of paths) {
    const abs = resolve(io.cwd, given);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      // readUserFile below reports the missing path.
    }
    if (!isDir) {
      const f = await read(given);
      if (!f) continue;
      const p = parsePolicyFile(f.path, f.text);
      pushAll(diagnostics, p.diagnostics);
      parts.push(p);
      if (p.definitions.length === 1 && p.sets.length === 0) alone.add((p.definitions[0] as { name: string }).name.toLowerCase());
      continue;
    }
    const entries = await filesUnder(abs, (name) => name.toLowerCase().endsWith('.json'));
    pushAll(diagnostics, folderProblems(entries, io.cwd, 'policy file'));
    for (const e of entries) {
      if ('problem' in e) continue;
      const rel = relative(io.cwd, e.path) || e.path;
      const f = await read(rel);
      if (!f) continue;
      const text = f.text;
      // A folder may hold other JSON (the alias table beside the definitions): skip what is neither.
      if (!/"policyRule"|"policyDefinitions"/.test(text)) {
        skipped.push(rel);
        continue;
      }
      const p = parsePolicyFile(rel, text);
      pushAll(diagnostics, p.diagnostics);
      parts.push(p);
    }
  }
  return { loaded: mergeLoaded(parts), diagnostics, skipped, alone, files };
}

/** --policy-params: `{"name": value}`, `{"name": {"value": …}}`, or an ARM parameters file. */
export function parsePolicyParams(file: string, text: string): Record<string, unknown> {
  let doc: unknown;
  // A file saved by Windows PowerShell starts with a byte-order mark (core/json-tolerant.ts).
  const json = bomAsSpace(text);
  try {
    doc = JSON.parse(json);
  } catch (e) {
    // Where and what: JSON.parse's message names no position for a trailing comma in a list, a comment or
    // a file cut short, and quotes the text around the error with its line breaks escaped.
    const bad = firstJsonError(json);
    throw new UserInputError([
      {
        severity: 'error',
        code: 'IL5-POLICY-PARAMS',
        message: `${file} is not valid JSON: ${bad?.problem ?? (e as Error).message}`,
        fix: 'fix the JSON here: the file is {"parameterName": value} in strict JSON (no comments, no trailing commas)',
        ...(bad ? { location: { file, ...lineColumn(json, bad.offset) } } : {}),
        path: file,
      },
    ]);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new UserInputError([{ severity: 'error', code: 'IL5-POLICY-PARAMS', message: `${file} must be a JSON object of parameter values`, fix: 'write {"parameterName": value}', path: file }]);
  }
  let o = doc as Record<string, unknown>;
  const inner = o.parameters;
  if ('$schema' in o && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) o = inner as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === '$schema' || k === 'contentVersion') continue;
    const wrapped = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && 'value' in v;
    out[k] = wrapped ? (v as { value: unknown }).value : v;
  }
  return out;
}

export const register: RegisterCommand = (program, io, setExit) => {
  const command = program
    .command('check')
    .description(
      "Check a template or a resource list against IL5 before deployment: the built-in baseline, and with --policy Microsoft's Azure Policy definitions and sets (e.g. the DoD IL5 initiative), evaluated offline. " +
        'Exit 0: no NonCompliant at the --fail-on threshold (or --soft-fail); 1: NonCompliant found; 2: bad input. With --spec (or il5ml.yaml here) its check: section gives the flags not written, and its policy.exemptions apply. ' +
        'Docs (shipped in the package): docs/check-json.md (formats, exit codes), docs/policy-engine.md, docs/policy-inputs.md (where to get the IL5 initiative), docs/exemptions.md, docs/ci.md.',
    )
    .argument('[input...]', 'ARM templates, or JSON resource lists (az resource list, az graph query {"data": …}, {"value": …})')
    .option('--policy <path>', 'a policy definition, a policy set, or a folder of both (repeatable)', collect)
    .option('--policy-params <file>', 'values for the policy set\'s parameters: {"name": value} or {"name": {"value": …}}')
    .option('--exemptions <file>', 'JSON or YAML: {"exemptions": [{"rule" or "policyDefinitionId", "resource" or "resourceId" (pattern with *; all when absent), "justification", "expiresOn"}]} — the shape of the spec\'s policy.exemptions')
    .option('-p, --parameters <value>', `template parameters, ${AZ_PARAMETERS_HELP}`, collectParameters)
    .option('-s, --spec <file>', 'the spec whose check: section and policy.exemptions to use (default: il5ml.yaml, il5ml.yml or il5ml.json in the working folder, if any)')
    .option('--format <formats>', `report format, or several separated by commas with --out-dir: ${REPORT_FORMATS.join(', ')}`, 'table')
    .option('--out <file>', 'write the report (one format) to a file, written only when the check ran')
    .option('--out-dir <dir>', 'write each format to DIR/<input name>.<ext> (oscal: .oscal.json)')
    .option('--fail-on <threshold>', 'exit 1 only for NonCompliant results at a severity (high, medium, low) and/or effect (deny, audit…); default any', 'any')
    .option('--soft-fail', 'exit 0 even when NonCompliant results are found (2 for bad input still)')
    .addOption(new Option('--list <which>', 'md and table: findings only, or all verdicts (the Compliant evidence too)').choices(['findings', 'all']).default('findings'))
    .option('--color', 'colour the terminal output (default: on a terminal, unless NO_COLOR is set)')
    .option('--no-color', 'no colour')
    .option('--coverage', 'list which of the given policies can be evaluated offline and which need live data, with counts', false)
    .addOption(new Option('--baseline <which>', 'the built-in baseline: default, or none').choices(['default', 'none']).default('default'))
    .addOption(new Option('--jobs <n>', JOBS_HELP).argParser((v) => parseJobs(v)).default(1));
  addDeploymentFlags(addPolicyInputOptions(command), DEFAULT_RESOURCE_GROUP)
    .action(async (inputs: string[], flags: Opts, cmd: Command) => {
      // The spec, YAML and baseline modules load when the command runs, not for `--help` (issue 12).
      const { applyCheckSection, checkExemptions, checkSpec } = await import('../check-settings.js');
      const specUsed = await checkSpec(flags.spec, io);
      const opts = applyCheckSection(flags, cmd, specUsed, io.cwd);
      // (The heap of the CLI's own process grows little past what is live: src/cli/heap.ts.)
      if (io === processIO) (await import('../heap.js')).boundHeapGrowth(io.env, resolveJobs(opts.jobs));
      const context = contextFromFlags({ ...(opts.subscriptionId !== undefined ? { subscriptionId: opts.subscriptionId } : {}), ...(opts.resourceGroup !== undefined ? { resourceGroup: opts.resourceGroup } : {}) });
      const exemptionSources = await checkExemptions(opts.exemptions, specUsed, io);
      // The engines load when the command runs, not for `--help` (lazy imports, issue 12).
      const { coverage, formatCoverage } = await import('../../policy/index.js');
      const { judgeFiles } = await import('../check-files.js');
      const { checkOutputTargets, parameterFile, policyMeta, writeCheckOutputs } = await import('../check-output.js');
      const policyFiles: string[] = [];
      const loadAndKeep: typeof loadPolicies = async (paths, given) => {
        const r = await loadPolicies(paths, given);
        pushAll(policyFiles, r.files);
        return r;
      };
      const { pol, assignments, assignmentDocs } = await compileFromFlags(opts, io, loadAndKeep, parsePolicyParams);
      // Before the check runs: no report may replace a file it reads (`check x.json --out x.json`).
      const { namedFiles, refuseOverwritingInputs } = await import('../output-guard.js');
      refuseOverwritingInputs(
        opts.coverage ? (opts.out !== undefined ? [{ flag: '--out', path: opts.out, fix: 'write the list to another file, e.g. --out coverage.txt' }] : []) : checkOutputTargets(opts, inputs),
        [
          ...inputs.map((path) => ({ flag: 'input', path })),
          ...(specUsed ? [{ flag: flags.spec !== undefined ? '--spec' : 'spec', path: specUsed.file }] : []),
          ...namedFiles({
            '--parameters': parameterFiles(opts.parameters ?? [], io.cwd),
            '--policy': policyFiles,
            '--policy-params': opts.policyParams,
            '--exemptions': opts.exemptions,
            '--assignment': opts.assignment,
            '--aliases': opts.aliases,
          }),
        ],
        io.cwd,
      );

      if (opts.coverage) {
        if (!pol) throw new UserInputError([{ severity: 'error', code: 'IL5-CLI-FLAG', message: '--coverage needs --policy', fix: 'give the definitions to classify, e.g. --policy azure-policy/built-in-policies (a clone of github.com/Azure/azure-policy; docs/policy-inputs.md)' }]);
        const c = coverage(assignments);
        await emit(opts.format === 'json' ? `${JSON.stringify(c, null, 2)}\n` : formatCoverage(c), opts.out, io);
        setExit(EXIT_OK);
        return;
      }
      if (inputs.length === 0) {
        throw new UserInputError([{ severity: 'error', code: 'IL5-CLI-INPUT', message: 'no INPUT given', fix: 'give a template or a resource list: il5ml check out/azuredeploy.json --policy azure-policy/built-in-policies (docs/policy-inputs.md)' }]);
      }
      // For a JSON, table or markdown report alone, the results go to a temporary file as they are made and the report
      // is written from it (result-spool.ts, spoolFor); the other formats build one string of them all anyway.
      const { spoolFor, withResultSpool } = await import('../result-spool.js');
      const formats = opts.format.split(',').map((f) => f.trim().toLowerCase());
      // --jobs as a number of evaluation threads (src/cli/workers/, verdicts.ts `judge`).
      const withJobs = { ...opts, jobs: resolveJobs(opts.jobs) };
      await withResultSpool(async (spool) => {
        const { report, now, resources, linked } = await judgeFiles({
          inputs,
          parameters: opts.parameters ?? [],
          context,
          assignments,
          withPolicies: pol !== undefined,
          exemptionSources: exemptionSources.sources,
          warnings: exemptionSources.warnings,
          ...(assignmentDocs ? { assignmentDocs } : {}),
          opts: withJobs,
          io,
          // Only the html report's diagram reads the resources; otherwise they are freed before the report is written.
          keepResources: formats.includes('html'),
          ...(spool ? { spool } : {}),
          heldFormats: formats,
          policyFlags: pickPolicyFlags(opts),
        });
        // The linked templates are known once the inputs are expanded: no report may replace one either.
        if (linked.length > 0) refuseOverwritingInputs(checkOutputTargets(opts, inputs), linked.map((path) => ({ flag: 'linked template', path: relative(io.cwd, path) || path })), io.cwd);
        const parameters = parameterFile(opts.parameters ?? []);
        setExit(
          await writeCheckOutputs({ report, resources, ...(spool ? { spool } : {}), inputs, ...(parameters !== undefined ? { parameters } : {}), assignments, baseline: opts.baseline !== 'none', flags: opts, toolVersion: PACKAGE_VERSION, now, io }),
        );
      }, spoolFor(formats, () => ({ toolVersion: PACKAGE_VERSION, policies: policyMeta(assignments) })));
    });
};
