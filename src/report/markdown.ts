import { escapeAngles } from '../core/markdown.js';
import type { CheckReport, CheckResult, CheckSummary, Compliance } from '../core/verdict.js';
import { COMPLIANCE_ORDER, formatSource, metaOf, sortForReading } from './common.js';
import { controlId } from './controls.js';
import { ControlRollupBuilder, emptyCounts, reconcileWith, resourceName, seeApplicable, severityOfResult, shortId, UNGROUPED } from './evidence.js';
import type { ReportOptions } from './options.js';

export { controlId };

/**
 * Markdown for an assessor (docs/check-json.md, "Markdown"): what was checked (inputs with their SHA-256,
 * parameters, initiative, baseline, date, il5ml's version), the verdict counts and how they reconcile with
 * the initiative's definitions, a control roll-up with NIST titles, then the NonCompliant, Unknown and
 * Exempt tables with remediation (and the Compliant evidence with `all`).
 */
export function formatMarkdown(report: CheckReport, options: ReportOptions): string {
  const tally = new MarkdownTally(options);
  for (const r of report.results) tally.see(r);
  const sorted = sortForReading(report.results, options);
  return [...formatMarkdownPieces(() => sorted, tally, report.summary, options)].join('');
}

/**
 * What the markdown needs from every result before its first line: the control roll-up's counts, the
 * definitions with an applicable verdict (the reconciliation with the initiative), and the count of each
 * verdict (the sections' headings). Shown every result (`see`), in any order; nothing grows with them.
 */
export class MarkdownTally {
  readonly controls: ControlRollupBuilder;
  readonly applicable = new Set<string>();
  readonly byCompliance = emptyCounts();
  constructor(options: ReportOptions) {
    this.controls = new ControlRollupBuilder(options, false);
  }
  see(r: CheckResult): void {
    this.controls.see(r);
    seeApplicable(this.applicable, r);
    this.byCompliance[r.compliance] += 1;
  }
}

/** Pieces of about this many characters: few writes, and no string near V8's limit. */
const PIECE = 1 << 20;

/**
 * formatMarkdown's text in pieces, from the tally of the results and passes over them in sortForReading's
 * order (`sorted()`, e.g. read back from disk one at a time): one pass for the NonCompliant, Unknown and
 * Exempt sections (and the Compliant evidence with `all`), a second for the NotApplicable section with
 * `all` (reading order puts it before the Compliant). Joined, the pieces are formatMarkdown's text.
 */
export function* formatMarkdownPieces(sorted: () => Iterable<CheckResult>, tally: MarkdownTally, s: CheckSummary, options: ReportOptions): Generator<string> {
  const ctx = options.context;
  // The lines joined with newlines, the blank ones at the end dropped and one newline after the last: the
  // newlines before a line are written with it, so that those before nothing never are.
  let buf = '';
  let newlines = 0;
  let first = true;
  const out = {
    push(...lines: string[]): void {
      for (const l of lines) {
        if (!first) newlines++;
        first = false;
        if (l === '') continue;
        buf += `${'\n'.repeat(newlines)}${l}`;
        newlines = 0;
      }
    },
  };
  out.push(`# ${md(options.title ?? 'IL5 policy check')}`, '');

  out.push('## What was checked', '', '| | |', '| --- | --- |');
  for (const scope of ctx?.audit?.scope ?? []) out.push(`| Azure scope | ${md(scope)} |`);
  if (ctx?.audit) out.push(`| Resources read | SHA-256 \`${ctx.audit.sha256}\`${ctx.inputs.length ? '' : ' (not kept: `--export FILE` writes them)'} |`);
  for (const i of ctx?.inputs ?? []) out.push(`| Input | \`${code(i.file)}\` (SHA-256 \`${i.sha256}\`) |`);
  if (ctx?.parameters) {
    const values = Object.entries(ctx.parameters.values).map(([k, v]) => `${md(k)} = ${md(v)}`).join(', ');
    out.push(`| Parameters | \`${code(ctx.parameters.file.file)}\` (SHA-256 \`${ctx.parameters.file.sha256}\`)${values ? `: ${values}` : ''} |`);
  }
  if (ctx?.initiative) {
    const i = ctx.initiative;
    out.push(`| Initiative | ${md(i.displayName)}${i.version ? `, version ${md(i.version)}` : ''}, \`${code(i.id)}\` (${i.definitions.length} definitions) |`);
  }
  if (ctx?.baseline) out.push(`| Baseline | il5ml built-in IL5 baseline ${md(ctx.baseline.version)} (${ctx.baseline.rules} rules) |`);
  if (ctx?.date) out.push(`| Date | ${md(ctx.date)} |`);
  out.push(`| Tool | il5ml ${md(options.toolVersion)} |`, '');

  out.push('## Summary', '', `${s.total} verdicts over ${s.resources} resources and ${s.policies} definitions and rules.`, '');
  out.push('| Verdict | Count |', '| --- | ---: |');
  for (const c of COMPLIANCE_ORDER) out.push(`| ${c} | ${s.byCompliance[c]} |`);
  out.push(`| **Total** | ${s.total} |`, '');

  if (ctx?.initiative) {
    const r = reconcileWith(tally.applicable, ctx.initiative.definitions);
    out.push(`### The initiative's ${r.total} definitions`, '');
    out.push('| | Definitions |', '| --- | ---: |');
    out.push(`| Evaluated (at least one resource they apply to) | ${r.evaluated.length} |`);
    out.push(`| Not applicable (no resource of the input falls under them) | ${r.notApplicable.length} |`);
    out.push(`| Not evaluable offline (need data that exists only in running Azure) | ${r.notEvaluable.length} |`);
    out.push(`| **Total** | ${r.evaluated.length + r.notApplicable.length + r.notEvaluable.length} |`, '');
    if (r.notEvaluable.length) {
      const byCategory = new Map<string, string[]>();
      for (const d of r.notEvaluable) byCategory.set(`${d.category}: ${d.reason}`, [...(byCategory.get(`${d.category}: ${d.reason}`) ?? []), d.displayName]);
      out.push('<details><summary>Not evaluable offline, and why</summary>', '', '| Why | Definitions |', '| --- | --- |');
      for (const [why, names] of [...byCategory].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        out.push(`| ${md(why)} | ${names.sort().map(md).join('<br>')} |`);
      }
      out.push('', '</details>', '');
    }
  }

  const rollup = tally.controls.rollup();
  out.push('## Controls', '');
  if (rollup.length === 0) out.push('No results.', '');
  else {
    out.push('| Control | Title | NonCompliant | Unknown | Exempt | NotApplicable | Compliant |', '| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    for (const c of rollup) {
      const title = c.control?.title ?? (c.label === UNGROUPED ? 'results with no control group' : (options.groupTitles?.[c.label] ?? ''));
      out.push(`| ${md(c.label)} | ${md(title)} | ${c.counts.NonCompliant} | ${c.counts.Unknown} | ${c.counts.Exempt} | ${c.counts.NotApplicable} | ${c.counts.Compliant} |`);
    }
    out.push('');
  }

  // The sections' rows, read in reading order: a section's rows are the results of its verdict, which come
  // together; a section whose results the pass has gone past (or to its end) starts a new pass.
  const rank = (c: Compliance): number => COMPLIANCE_ORDER.indexOf(c);
  let pass: Iterator<CheckResult> = [][Symbol.iterator]();
  /** The first result of the pass not yet read past; undefined at its end. */
  let next: CheckResult | undefined;
  const read = (): CheckResult | undefined => {
    const x = pass.next();
    return x.done === true ? undefined : x.value;
  };
  const section = function* (c: Compliance, heading: string, why: string): Generator<string> {
    const rows = tally.byCompliance[c];
    out.push(`## ${heading} (${rows})`, '');
    if (rows === 0) {
      out.push('None.', '');
      return;
    }
    out.push(`| Severity | Rule | Resource | Controls | ${why} | Remediation |`, '| --- | --- | --- | --- | --- | --- |');
    if (next === undefined || rank(next.compliance) > rank(c)) {
      pass = sorted()[Symbol.iterator]();
      next = read();
    }
    for (; next !== undefined && rank(next.compliance) <= rank(c); next = read()) {
      if (next.compliance !== c) continue;
      out.push(row(next, options));
      if (buf.length >= PIECE) {
        yield buf;
        buf = '';
      }
    }
    out.push('');
  };
  yield* section('NonCompliant', 'NonCompliant', 'Reason');
  yield* section('Unknown', `Unknown: cannot be decided ${ctx?.audit ? 'from what il5ml reads of the deployed resources' : 'before deployment'}`, 'Why');
  yield* section('Exempt', 'Exempt', 'Justification');
  if (options.all) {
    yield* section('Compliant', 'Compliant evidence', 'Evidence');
    yield* section('NotApplicable', 'NotApplicable', 'Why');
  } else {
    out.push(`Compliant (${s.byCompliance.Compliant}) and NotApplicable (${s.byCompliance.NotApplicable}) verdicts are counted above; \`--list all\` lists them.`, '');
  }
  yield `${buf}\n`;
}

function row(r: CheckResult, options: ReportOptions): string {
  const m = metaOf(r, options);
  const where = formatSource(r);
  const resource = `${md(resourceName(r.resourceId))} (${md(r.resourceType)})${where ? `<br>${md(where)}` : ''}`;
  const name = `${md(m.displayName)} (\`${code(shortId(r))}\`)`;
  const policy = m.helpUri ? `[${name}](${m.helpUri.replace(/[()\s]/g, encodeURIComponent)})` : name;
  const reason =
    r.compliance === 'Exempt' && r.exemption
      ? `${r.exemption.justification}${r.exemption.category ? ` (${r.exemption.category})` : ''}${r.exemption.expiresOn ? `, expires ${r.exemption.expiresOn}` : ', no expiry'}. Set aside: ${r.reason}`
      : r.reason;
  const remediation = r.compliance === 'Compliant' || r.compliance === 'NotApplicable' ? '' : (m.remediation ?? '');
  const controls = [...new Set(m.groups.map(controlId))].join(', ');
  return `| ${severityOfResult(r, options)} | ${policy} | ${resource} | ${md(controls)} | ${md(reason)} | ${md(remediation)} |`;
}

/**
 * Inside a code span in a table cell: backticks would end the span, and a `|` ends the cell even inside a
 * code span unless escaped as `\|`, which the table takes back to `|` before the span is read (GFM spec,
 * Tables extension: "Include a pipe in a cell's content by escaping it, including inside other inline
 * spans", https://github.github.com/gfm/#tables-extension-, read 2026-12-08). A file named `a|b.json`
 * split the "What was checked" row and pushed its SHA-256 into a column of its own.
 */
function code(s: string): string {
  return s.replace(/`/g, "'").replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
}

/**
 * Text inside a GFM table cell: ASCII punctuation that would change the rendering (`|` ends a cell;
 * `*`, `_`, `` ` ``, `[`, `]` format or link) is backslash-escaped (CommonMark: any ASCII punctuation may
 * be escaped); `<`, `>` and `&` become entities (escapeAngles, shared with plan.md and `dns --format md`)
 * so placeholders survive; line breaks become `<br>` so the row stays one line, and other control
 * characters (tab included) become spaces.
 */
export function md(s: string): string {
  return escapeAngles(s)
    .replace(/[\\|*_`[\]]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
}
