import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { Option } from 'commander';
import { type Diagnostic, UserInputError, formatDiagnostic, hasErrors, sortDiagnostics } from '../../core/diagnostic.js';
import { pushAll } from '../../core/array.js';
import { summarize } from '../../core/verdict.js';
import type { LoadedPolicies, PolicyAssignment } from '../../policy/index.js';
import type { PolicyMeta, ReportFormat } from '../../report/index.js';
import { REPORT_FORMATS } from '../../report/options.js';
import { readUserFile, writeFilesAtomically } from '../files.js';
import { EXIT_FINDINGS, EXIT_OK, type CliIO } from '../io.js';
import { PACKAGE_VERSION } from '../main.js';
import type { RegisterCommand } from './index.js';

/**
 * `il5ml check INPUT…`: IL5 verdicts before deployment. INPUT is an ARM template (expanded offline) or
 * resources as Azure returns them. Without --policy the built-in baseline runs; --policy adds Microsoft's
 * definitions and sets (files or folders), evaluated by the offline Azure Policy engine (src/policy/);
 * `--baseline none` leaves only them. Exit 0: no NonCompliant; 1: NonCompliant found; 2: bad input.
 */

interface Opts {
  policy?: string[];
  policyParams?: string;
  exemptions?: string;
  parameters?: string;
  format: ReportFormat;
  out?: string;
  coverage: boolean;
  baseline: 'default' | 'none';
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Policy files under a folder, sorted for a stable order; only JSON that looks like a definition or set. */
function policyFilesIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (name.toLowerCase().endsWith('.json')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Reads every --policy path: a definition file, a set file, or a folder of them (recursively). */
export async function loadPolicies(paths: readonly string[], io: CliIO): Promise<{ loaded: LoadedPolicies; diagnostics: Diagnostic[]; skipped: string[] }> {
  const { mergeLoaded, parsePolicyFile } = await import('../../policy/index.js');
  const parts: LoadedPolicies[] = [];
  const diagnostics: Diagnostic[] = [];
  const skipped: string[] = [];
  for (const given of paths) {
    const abs = resolve(io.cwd, given);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      // readUserFile below reports the missing path.
    }
    if (!isDir) {
      const f = await readUserFile(given, io.cwd, 'policy file');
      const p = parsePolicyFile(f.path, f.text);
      pushAll(diagnostics, p.diagnostics);
      parts.push(p);
      continue;
    }
    for (const file of policyFilesIn(abs)) {
      const rel = relative(io.cwd, file) || file;
      const text = readFileSync(file, 'utf8');
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
  return { loaded: mergeLoaded(parts), diagnostics, skipped };
}

/** --policy-params: `{"name": value}`, `{"name": {"value": …}}`, or an ARM parameters file. */
export function parsePolicyParams(file: string, text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UserInputError([{ severity: 'error', code: 'IL5-POLICY-PARAMS', message: `${file} is not valid JSON: ${(e as Error).message}`, fix: 'write {"parameterName": value}', path: file }]);
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

function policyMeta(assignments: readonly PolicyAssignment[]): Record<string, PolicyMeta> {
  const out: Record<string, PolicyMeta> = {};
  for (const a of assignments) {
    const id = `/providers/Microsoft.Authorization/policyDefinitions/${a.definition.name}`;
    const m: PolicyMeta = out[id] ?? { displayName: a.definition.displayName, helpUri: `https://portal.azure.us/#blade/Microsoft_Azure_Policy/PolicyDetailBlade/definitionId/${encodeURIComponent(id)}` };
    if (a.groups.length) m.groups = [...new Set([...(m.groups ?? []), ...a.groups])];
    out[id] = m;
  }
  return out;
}

async function emit(text: string, out: string | undefined, io: CliIO): Promise<void> {
  if (out === undefined) {
    io.stdout(text);
    return;
  }
  const abs = resolve(io.cwd, out);
  await writeFilesAtomically(dirname(abs), new Map([[basename(abs), text]]));
}

export const register: RegisterCommand = (program, io, setExit) => {
  program
    .command('check')
    .description(
      "Check a template or a resource list against IL5 before deployment: the built-in baseline, and with --policy Microsoft's Azure Policy definitions and sets (e.g. the DoD IL5 initiative), evaluated offline. " +
        'Exit 0: no NonCompliant; 1: NonCompliant found; 2: bad input. Engine semantics: docs/policy-engine.md.',
    )
    .argument('[input...]', 'ARM templates, or JSON resource lists (az resource list, az graph query {"data": …}, {"value": …})')
    .option('--policy <path>', 'a policy definition, a policy set, or a folder of both (repeatable)', collect)
    .option('--policy-params <file>', 'values for the policy set\'s parameters: {"name": value} or {"name": {"value": …}}')
    .option('--exemptions <file>', '{"exemptions": [{"policyDefinitionId", "resourceId" (pattern with *), "justification", "expiresOn"}]}')
    .option('--parameters <file>', 'template parameters file, for template input')
    .addOption(new Option('--format <format>', 'report format').choices([...REPORT_FORMATS]).default('table'))
    .option('--out <file>', 'write the report to a file (written only when the check ran)')
    .option('--coverage', 'list which of the given policies can be evaluated offline and which need live data, with counts', false)
    .addOption(new Option('--baseline <which>', 'the built-in baseline: default, or none').choices(['default', 'none']).default('default'))
    .action(async (inputs: string[], opts: Opts) => {
      // The engines load when the command runs, not for `--help` (lazy imports, issue 12).
      const { applyExemptions, compilePolicies, coverage, formatCoverage, parseExemptions, readInputExemptions } = await import('../../policy/index.js');
      const { checkEstate } = await import('../../policy/estate.js');
      const { readInputs } = await import('../check-input.js');
      const { writeReport } = await import('../report-out.js');
      const policyPaths = opts.policy ?? [];
      const pol = policyPaths.length ? await loadPolicies(policyPaths, io) : undefined;
      const diags: Diagnostic[] = [...(pol?.diagnostics ?? [])];
      const policyParams = opts.policyParams !== undefined ? parsePolicyParams(opts.policyParams, (await readUserFile(opts.policyParams, io.cwd, 'policy parameters file')).text) : undefined;
      let assignments: PolicyAssignment[] = [];
      if (pol) {
        if (pol.loaded.definitions.length === 0 && pol.loaded.sets.length === 0 && !hasErrors(diags)) {
          diags.push({ severity: 'error', code: 'IL5-POLICY-NONE', message: `no policy definition or set found in ${policyPaths.join(', ')}`, fix: 'give --policy a definition file, a set file or a folder of them' });
        }
        const compiled = compilePolicies(pol.loaded, policyParams ? { policyParams } : {});
        pushAll(diags, compiled.diagnostics);
        assignments = compiled.assignments;
      }
      if (hasErrors(diags)) throw new UserInputError(diags.filter((d) => d.severity === 'error'));

      if (opts.coverage) {
        if (!pol) throw new UserInputError([{ severity: 'error', code: 'IL5-CLI-FLAG', message: '--coverage needs --policy', fix: 'give the definitions to classify, e.g. --policy ../shared/azure-policy' }]);
        const c = coverage(assignments);
        await emit(opts.format === 'json' ? `${JSON.stringify(c, null, 2)}\n` : formatCoverage(c), opts.out, io);
        setExit(EXIT_OK);
        return;
      }
      if (inputs.length === 0) {
        throw new UserInputError([{ severity: 'error', code: 'IL5-CLI-INPUT', message: 'no INPUT given', fix: 'give a template or a resource list: il5ml check out/azuredeploy.json --policy ../shared/azure-policy' }]);
      }
      const { resources, warnings } = await readInputs(inputs, opts.parameters, io);
      const now = new Date();
      let { results } = await checkEstate(resources, { baseline: opts.baseline !== 'none', ...(pol ? { assignments } : {}), now: now.toISOString() });
      // Exemptions declared in the input (policyExemptions resources): the evaluators applied them; their
      // warnings (expired, assignment missing from the input) are the user's to see.
      const notes: Diagnostic[] = [...warnings, ...readInputExemptions(resources, now.toISOString()).diagnostics];
      if (opts.exemptions !== undefined) {
        const f = await readUserFile(opts.exemptions, io.cwd, 'exemptions file');
        const parsed = parseExemptions(f.path, f.text);
        if (hasErrors(parsed.diagnostics)) throw new UserInputError(parsed.diagnostics);
        const applied = applyExemptions(results, parsed.exemptions, now, f.path);
        results = applied.results;
        pushAll(notes, applied.diagnostics);
      }
      const report = { results, summary: summarize(results) };
      const options = {
        toolVersion: PACKAGE_VERSION,
        policies: policyMeta(assignments),
        color: opts.out === undefined && io.isTTY && !io.env.NO_COLOR,
      };
      if (notes.length) io.stderr(sortDiagnostics(notes).map(formatDiagnostic).join('\n') + '\n');
      await writeReport(report, opts.format, options, opts.out, io);
      setExit(report.summary.byCompliance.NonCompliant > 0 ? EXIT_FINDINGS : EXIT_OK);
    });
};
