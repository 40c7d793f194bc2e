import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseTolerant } from '../core/json-tolerant.js';
import { baselineRules } from '../baseline/index.js';
import { IL5_INITIATIVE_URL, portalLink } from '../baseline/meta.js';
import { UserInputError } from '../core/diagnostic.js';
import type { AzureResource } from '../core/resource.js';
import type { CheckReport, CheckResult } from '../core/verdict.js';
import { classify, type PolicyAssignment } from '../policy/index.js';
import { networkGraph } from '../report/diagram.js';
import { metaOf, summaryLine } from '../report/common.js';
import { renderDot } from '../report/graphviz.js';
import { formatReport, REPORT_FORMATS, type InputDigest, type PolicyMeta, type ReportContext, type ReportFormat, type ReportOptions, type SetDefinition } from '../report/index.js';
import { SEVERITY_RANK, type Severity, severityOf } from '../report/severity.js';
import { formatJsonParts } from '../report/json-stream.js';
import { writeFilesAtomically } from './files.js';
import { refuseOverwritingInputs, type OutputPath } from './output-guard.js';
import { spooledJsonParts, spooledPieces, streamsFromSpool, writeReportText } from './report-out.js';
import type { ResultSpool } from './result-spool.js';
import { COLOUR_SEQUENCES, EXIT_FINDINGS, EXIT_OK, type CliIO } from './io.js';

/**
 * `il5ml check`'s outputs (docs/check-json.md, "Outputs and exit codes"): one evaluation written in
 * several formats (`--format sarif,md,html` with `--out-dir`), the one-line summary always printed on
 * stderr, and the exit code from `--fail-on` and `--soft-fail`.
 */

export interface OutputFlags {
  format: string;
  out?: string;
  outDir?: string;
  failOn?: string;
  softFail?: boolean;
  color?: boolean;
  list?: 'findings' | 'all';
}

/** File name suffix per format, after the input's name (`mlz` → `mlz.sarif`, `mlz.oscal.json`). */
export const FORMAT_EXTENSIONS: Record<ReportFormat, string> = {
  table: '.txt',
  json: '.json',
  sarif: '.sarif',
  junit: '.junit.xml',
  md: '.md',
  html: '.html',
  oscal: '.oscal.json',
};

const flagError = (message: string, fix: string): UserInputError => new UserInputError([{ severity: 'error', code: 'IL5-CLI-FLAG', message, fix }]);

/** `sarif,md,html` → the formats, each once, in the order given. */
export function parseFormats(text: string): ReportFormat[] {
  const out: ReportFormat[] = [];
  for (const raw of text.split(',')) {
    const f = raw.trim().toLowerCase();
    if (!(REPORT_FORMATS as readonly string[]).includes(f)) {
      throw flagError(`--format: unknown format "${raw.trim()}"`, `use one or more of ${REPORT_FORMATS.join(', ')}, separated by commas`);
    }
    if (!out.includes(f as ReportFormat)) out.push(f as ReportFormat);
  }
  return out;
}

/** Effects `--fail-on` accepts, as Azure Policy spells them. */
const EFFECTS = ['deny', 'denyAction', 'audit', 'auditIfNotExists', 'deployIfNotExists', 'modify', 'append', 'manual'];

export interface FailOn {
  /** Fail on a NonCompliant result of at least this severity. */
  severity?: Severity;
  /** Fail on a NonCompliant result with one of these effects (lower case). */
  effects: string[];
}

/**
 * `--fail-on high`, `--fail-on deny`, `--fail-on high,deny`, `--fail-on any` (the default): a NonCompliant
 * result fails the run when it meets every kind of criterion given (severity at or above the one given,
 * and effect among those given).
 */
export function parseFailOn(text: string | undefined): FailOn {
  const out: FailOn = { effects: [] };
  for (const raw of (text ?? 'any').split(',')) {
    const t = raw.trim();
    const lower = t.toLowerCase();
    if (lower === 'any') continue;
    if (lower === 'high' || lower === 'medium' || lower === 'low') {
      if (out.severity && out.severity !== lower) throw flagError(`--fail-on: two severities (${out.severity}, ${lower})`, 'give one severity: the lowest that should fail the run');
      out.severity = lower;
      continue;
    }
    const effect = EFFECTS.find((e) => e.toLowerCase() === lower);
    if (!effect) throw flagError(`--fail-on: unknown threshold "${t}"`, `use any, a severity (high, medium, low) and/or effects (${EFFECTS.join(', ')}), separated by commas`);
    out.effects.push(lower);
  }
  return out;
}

export function failsOn(r: CheckResult, groups: readonly string[], f: FailOn): boolean {
  if (r.compliance !== 'NonCompliant') return false;
  if (f.severity && SEVERITY_RANK[severityOf(r, groups)] < SEVERITY_RANK[f.severity]) return false;
  if (f.effects.length && !f.effects.includes(r.effect.toLowerCase())) return false;
  return true;
}

function describeFailOn(f: FailOn): string {
  const parts = [...(f.severity ? [`severity ${f.severity} or higher`] : []), ...(f.effects.length ? [`effect ${f.effects.join(' or ')}`] : [])];
  return parts.length ? parts.join(' and ') : 'any';
}

/** --color / --no-color win; else NO_COLOR (any non-empty value, https://no-color.org) turns it off; else a terminal. */
export function useColor(flag: boolean | undefined, io: CliIO, isTerminal: boolean): boolean {
  const on = flag ?? (io.env.NO_COLOR ? false : isTerminal);
  if (on) io.allowSequences?.(COLOUR_SEQUENCES);
  return on;
}

/**
 * The files `check` will write (docs/check-json.md, "Outputs"): `--out FILE`, or `DIR/<input name>.<ext>`
 * per format with `--out-dir`; none to stdout. Checked against the inputs before the check runs
 * (output-guard.ts refuseOverwritingInputs).
 */
export function checkOutputTargets(flags: OutputFlags, inputs: readonly string[]): OutputPath[] {
  const base = inputs.length === 1 ? basename(inputs[0] ?? 'check', extname(inputs[0] ?? '')) : 'check';
  const formats = parseFormats(flags.format);
  if (flags.out !== undefined) {
    const ext = FORMAT_EXTENSIONS[formats[0] ?? 'table'];
    // A name of the format's own, beside the file named: `x.json --format sarif` → x.sarif.
    const taken = new Set([basename(flags.out), ...inputs.map((i) => basename(i))]);
    const name = taken.has(`${base}${ext}`) ? `${base}.report${ext}` : `${base}${ext}`;
    return [{ flag: '--out', path: flags.out, fix: `write the report to another file, e.g. --out ${join(dirname(flags.out), name)}` }];
  }
  if (flags.outDir === undefined) return [];
  const dir = flags.outDir;
  return formats.map((f) => {
    const name = `${base}${FORMAT_EXTENSIONS[f]}`;
    return { flag: '--out-dir', path: join(dir, name), label: `--out-dir ${dir}: ${name}`, fix: `write the reports to another folder, e.g. --out-dir ${dir === 'il5ml-reports' ? 'reports' : 'il5ml-reports'}` };
  });
}

/** Metadata for the formats: Microsoft's definitions (from the files given) and the baseline's rules. */
export function policyMeta(assignments: readonly PolicyAssignment[]): Record<string, PolicyMeta> {
  const out: Record<string, PolicyMeta> = {};
  for (const a of assignments) {
    const id = `/providers/Microsoft.Authorization/policyDefinitions/${a.definition.name}`;
    const m: PolicyMeta = out[id] ?? {
      displayName: a.definition.displayName,
      ...(a.definition.description ? { description: a.definition.description } : {}),
      // The initiative's page on Learn lists every definition by control, readable without a sign-in.
      helpUri: IL5_INITIATIVE_URL,
      portalUri: portalLink(a.definition.name),
    };
    if (a.groups.length) m.groups = [...new Set([...(m.groups ?? []), ...a.groups])];
    out[id] = m;
  }
  for (const r of baselineRules) {
    const learn = r.links.find((l) => l.startsWith('https://learn.microsoft.com/'));
    const portal = r.links.find((l) => l.startsWith('https://portal.azure.us/'));
    out[r.id] = {
      displayName: r.name,
      synopsis: r.synopsis,
      description: r.rationale,
      groups: r.controls,
      severity: r.severity,
      helpUri: learn ?? IL5_INITIATIVE_URL,
      ...(portal ? { portalUri: portal } : {}),
      remediation: r.remediation.text,
    };
    // The definition a rule mirrors is fixed the same way: its results get the rule's remediation.
    const mirrored = r.policyDefinitionId ? out[r.policyDefinitionId] : undefined;
    if (mirrored && mirrored.remediation === undefined) mirrored.remediation = r.remediation.text;
  }
  return out;
}

/** The policy set given (the first, when several) and each of its definitions with what can be decided offline. */
function initiativeOf(assignments: readonly PolicyAssignment[]): ReportContext['initiative'] {
  const set = assignments.find((a) => a.set)?.set;
  if (!set) return undefined;
  const seen = new Set<string>();
  const definitions: SetDefinition[] = [];
  for (const a of assignments) {
    if (a.set?.id !== set.id) continue;
    const key = `${a.definition.name.toLowerCase()}|${a.reference?.policyDefinitionReferenceId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const c = classify(a);
    definitions.push({ policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${a.definition.name}`, displayName: a.definition.displayName, category: c.category, reason: c.reason });
  }
  return { name: set.name, id: set.id, displayName: set.displayName, version: set.version ?? '', definitions };
}

/**
 * A path as the user reads it: relative to the working folder when inside it, else absolute (never a
 * `../../..` climbing out of it; a name that merely starts with `..` is inside).
 */
export function shown(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel) ? rel : abs;
}

/** Writes the reports (all or none); a path that cannot be written is the user's to fix (exit 2), not a defect. */
async function writeReports(dir: string, files: ReadonlyMap<string, string>, given: string): Promise<void> {
  try {
    await writeFilesAtomically(dir, files);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!code) throw e;
    throw new UserInputError([
      { severity: 'error', code: 'IL5-OUTPUT', message: `cannot write the report to ${given} (${code}: ${(e as Error).message})`, fix: 'give a folder (or file) path that can be created and written; nothing was written' },
    ]);
  }
}

/** The largest network drawn (MLZ: about 60 nodes; the default plan: 20). */
export const MAX_DIAGRAM_NODES = 600;

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The first input's text, for the scope line and the parameters' declarations: templates only, never an estate export. */
const MAX_CONTEXT_TEXT = 64 * 1024 * 1024;

/**
 * The parameters file a report names among az-style --parameters (src/cli/parameters.ts): the last file
 * given (`file` or `@file`), since later ones win; KEY=VALUE and inline JSON are not files.
 */
export function parameterFile(args: readonly string[]): string | undefined {
  const files = args.filter((a) => !a.trimStart().startsWith('{') && !/^[A-Za-z_][\w.-]*=/.test(a)).map((a) => (a.startsWith('@') ? a.slice(1) : a));
  return files[files.length - 1];
}

/** A template's parameters file: values shown, except those the template declares secure. */
async function parametersOf(file: string, templateText: string | undefined, io: CliIO): Promise<ReportContext['parameters']> {
  const bytes = await readFile(resolve(io.cwd, file));
  const doc = parseTolerant(bytes.toString('utf8'), []);
  const tpl = templateText ? parseTolerant(templateText, []) : undefined;
  const decl = isRecord(tpl) && isRecord(tpl.parameters) ? tpl.parameters : {};
  const given = isRecord(doc) && isRecord(doc.parameters) ? doc.parameters : isRecord(doc) ? doc : {};
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(given)) {
    if (k === '$schema' || k === 'contentVersion') continue;
    const d = decl[k];
    // Declared secure, or named like a secret (a template may forget to declare it secure).
    const secure = (isRecord(d) && typeof d.type === 'string' && /^secure/i.test(d.type)) || /password|secret|token|credential|connectionstring/i.test(k);
    const raw = isRecord(v) && 'value' in v ? v.value : isRecord(v) && 'reference' in v ? '(Key Vault reference)' : v;
    const text = secure ? '(secure, not shown)' : typeof raw === 'string' ? raw : JSON.stringify(raw);
    values[k] = text.length > 200 ? `${text.slice(0, 199)}…` : text;
  }
  return { file: { file, sha256: sha256(bytes) }, values };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The formats that say what was checked, when and against what (ReportContext): those an assessor signs. */
export const needsReportContext = (f: ReportFormat): boolean => f === 'md' || f === 'html' || f === 'oscal';

/**
 * What was checked, for the assessor's formats: the run's date (runDate), the inputs with their digests,
 * the policy set given and the baseline; `extra` adds what only one command knows (check: the template
 * parameters; audit: the Azure scope it read).
 */
export function reportContext(
  x: { assignments: readonly PolicyAssignment[]; baseline: boolean; toolVersion: string; now: Date; io: CliIO },
  inputs: InputDigest[],
  extra: Pick<ReportContext, 'parameters' | 'audit'>,
): ReportContext {
  const initiative = initiativeOf(x.assignments);
  return {
    date: runDate(x.io, x.now),
    inputs,
    ...extra,
    ...(initiative ? { initiative } : {}),
    ...(x.baseline ? { baseline: { version: x.toolVersion, rules: baselineRules.length } } : {}),
  };
}

/** SHA-256 of a file, read as a stream: an estate export may be larger than memory should hold twice. */
export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The date the check ran: SOURCE_DATE_EPOCH (reproducible builds) when set, else the clock. */
export function runDate(io: CliIO, now: Date): string {
  const epoch = io.env.SOURCE_DATE_EPOCH;
  const d = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : now;
  return `${d.toISOString().slice(0, 19)}Z`;
}

export interface CheckOutputInput {
  report: CheckReport;
  resources: readonly AzureResource[];
  inputs: readonly string[];
  /** The parameters file shown in the report (the last file among az-style --parameters). */
  parameters?: string;
  assignments: readonly PolicyAssignment[];
  baseline: boolean;
  flags: OutputFlags;
  toolVersion: string;
  now: Date;
  io: CliIO;
  /**
   * Where the results are when they were spooled (judgeFiles with a spool): `report.results` is then empty
   * and its summary counts them. The JSON report is written from the spool one result at a time.
   */
  spool?: ResultSpool;
}

/** Writes the reports, prints the summary line and returns the exit code. */
export async function writeCheckOutputs(x: CheckOutputInput): Promise<number> {
  const { io, flags, report, spool } = x;
  // The other formats build one string: they read spooled results back whole (only when asked for).
  let whole: CheckReport | undefined;
  const full = (): CheckReport => (whole ??= spool ? { results: spool.all(), summary: report.summary } : report);
  const formats = parseFormats(flags.format);
  const failOn = parseFailOn(flags.failOn);
  if (flags.out !== undefined && flags.outDir !== undefined) throw flagError('--out and --out-dir together', 'use --out FILE for one format, or --out-dir DIR for one or more');
  if (formats.length > 1 && flags.outDir === undefined) {
    throw flagError(`--format ${formats.join(',')} writes ${formats.length} reports`, 'add --out-dir DIR: each report is written there as <input name>.<ext>');
  }
  // `check` refuses these before it runs, against every file it reads (commands/check.ts); here again
  // against the inputs, for any other caller.
  refuseOverwritingInputs(checkOutputTargets(flags, x.inputs), x.inputs.map((path) => ({ flag: 'input', path })), io.cwd);

  const inputs: InputDigest[] = [];
  // Named as the summary line names files: relative inside the working folder, absolute outside it.
  for (const file of x.inputs) inputs.push({ file: shown(resolve(io.cwd, file), io.cwd), sha256: await sha256File(resolve(io.cwd, file)) });
  const first = x.inputs[0] !== undefined ? resolve(io.cwd, x.inputs[0]) : undefined;
  const firstText = first !== undefined && (await stat(first)).size <= MAX_CONTEXT_TEXT ? await readFile(first, 'utf8') : undefined;
  const base = x.inputs.length === 1 ? basename(x.inputs[0] ?? 'check', extname(x.inputs[0] ?? '')) : 'check';
  const policies = policyMeta(x.assignments);
  const needsContext = formats.some(needsReportContext);
  const context: ReportContext | undefined = needsContext
    ? reportContext(x, inputs, x.parameters !== undefined ? { parameters: await parametersOf(x.parameters, firstText, io) } : {})
    : undefined;
  let diagram: ReportOptions['diagram'];
  if (formats.includes('html')) {
    const g = networkGraph(x.resources);
    // Layout time grows faster than the graph: a network past MAX_DIAGRAM_NODES is listed, not drawn, so
    // that a hostile or huge input cannot hold the check.
    if (g && g.nodes > MAX_DIAGRAM_NODES) diagram = { svg: '', subnets: g.subnets, omitted: `${g.nodes} nodes, more than the ${MAX_DIAGRAM_NODES} drawn` };
    else if (g) diagram = { svg: await renderDot(g.dot), subnets: g.subnets };
  }
  // A result with no line of its own (the subscription a subscription-scope template deploys into) points
  // at the line that declares the deployment's scope, else at the input's first line.
  const firstInput = inputs[0];
  let fallbackSource: ReportOptions['fallbackSource'];
  if (firstInput) {
    const lines = (firstText ?? '').split('\n');
    const at = lines.findIndex((l) => /subscriptionDeploymentTemplate|managementGroupDeploymentTemplate|tenantDeploymentTemplate/i.test(l));
    fallbackSource = { file: firstInput.file, line: at >= 0 ? at + 1 : 1, column: at >= 0 ? Math.max(1, (lines[at] ?? '').search(/\S/) + 1) : 1 };
  }
  const toFile = flags.out !== undefined || flags.outDir !== undefined;
  const color = useColor(flags.color, io, io.isTTY);
  const options = (format: ReportFormat): ReportOptions => ({
    toolVersion: x.toolVersion,
    policies,
    color: format === 'table' && !toFile && color,
    all: flags.list === 'all',
    baseDir: io.cwd,
    automationId: `il5ml/check/${base}/`,
    ...(fallbackSource ? { fallbackSource } : {}),
    ...(context ? { context } : {}),
    ...(diagram ? { diagram } : {}),
    title: `IL5 check: ${x.inputs.join(', ')}`,
  });

  let failing = 0;
  let counted = false;
  const count = (r: CheckResult): void => {
    if (failsOn(r, metaOf(r, { toolVersion: x.toolVersion, policies }).groups, failOn)) failing += 1;
  };
  const written: string[] = [];
  if (flags.outDir !== undefined) {
    const dir = resolve(io.cwd, flags.outDir);
    const files = new Map<string, string>();
    for (const f of formats) files.set(`${base}${FORMAT_EXTENSIONS[f]}`, formatReport(full(), f, options(f)));
    await writeReports(dir, files, flags.outDir);
    written.push(...[...files.keys()].map((n) => shown(join(dir, n), io.cwd)));
  } else {
    const f = formats[0] ?? 'table';
    // JSON goes out in pieces (report/json-stream.ts): a large estate's report is more than one string.
    // From a spool, the failing results are counted as the report reads them back: one pass over the file
    // (a table's or markdown's, from a spool in its reading order, is the pass that measures them).
    const streamed = spool !== undefined && (f === 'json' || streamsFromSpool(f, spool));
    const json = f === 'json' ? (spool ? spooledJsonParts(spool, report.summary, count) : formatJsonParts(report)) : undefined;
    const pieces = (): Iterable<string> => (spool && streamsFromSpool(f, spool) ? spooledPieces(f, spool, report.summary, options(f), count) : [formatReport(full(), f, options(f))]);
    await writeReportText(json, pieces, flags.out, io);
    if (flags.out !== undefined) written.push(shown(resolve(io.cwd, flags.out), io.cwd));
    counted = streamed;
  }

  if (!counted) for (const r of whole ? whole.results : spool ? spool.all() : report.results) count(r);
  const nonCompliant = report.summary.byCompliance.NonCompliant;
  const code = failing > 0 && !flags.softFail ? EXIT_FINDINGS : EXIT_OK;
  const why =
    failing > 0
      ? `${failing} NonCompliant at --fail-on ${describeFailOn(failOn)}${flags.softFail ? ' (--soft-fail: not failing the run)' : ''}`
      : nonCompliant > 0
        ? `no NonCompliant at --fail-on ${describeFailOn(failOn)} (${nonCompliant} below it)`
        : 'no NonCompliant';
  const s = report.summary;
  const counts = summaryLine(s.byCompliance);
  const paint = (t: string): string => (useColor(flags.color, io, io.isTTY) ? `\u001b[${code ? '31' : '32'}m${t}\u001b[0m` : t);
  io.stderr(`${paint(`il5ml check: ${s.total} verdicts over ${s.resources} resources (${counts})`)}${written.length ? `; wrote ${written.join(', ')}` : ''}; exit ${code}: ${why}\n`);
  return code;
}
