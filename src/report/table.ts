import type { CheckReport, CheckResult, CheckSummary, Compliance } from '../core/verdict.js';
import { formatSource, lastSegment, metaOf, sortForReading, summaryLine } from './common.js';
import type { ReportOptions } from './options.js';

/** Widths past which a cell is cut with `…`, so one long name does not push every row off the screen. */
const MAX_POLICY = 60;
const MAX_RESOURCE = 60;

const COLOR: Record<Compliance, string> = {
  NonCompliant: '\u001b[31m',
  Unknown: '\u001b[33m',
  Exempt: '\u001b[36m',
  NotApplicable: '\u001b[2m',
  Compliant: '\u001b[32m',
};
const RESET = '\u001b[0m';

/** Compliant and NotApplicable verdicts are listed only with `all`. */
export function shownInTable(r: CheckResult, options: ReportOptions): boolean {
  return options.all === true || !(r.compliance === 'Compliant' || r.compliance === 'NotApplicable');
}

const HEADER = ['VERDICT', 'EFFECT', 'POLICY', 'RESOURCE', 'SOURCE', 'REASON'];
const SOURCE_COLUMN = 4;

/**
 * What the table's layout needs from its rows before the first is written: whether any has a source (the
 * SOURCE column), and the widest cell of each column. Shown every row (`see`), in any order.
 */
export class TableLayout {
  rows = 0;
  withSource = false;
  /** Widest cell per column of HEADER (its SOURCE column included whether shown or not). */
  private readonly widest = HEADER.map((h) => h.length);
  constructor(private readonly options: ReportOptions) {}
  /** Counts a result's row if the table shows it. */
  see(r: CheckResult): void {
    if (!shownInTable(r, this.options)) return;
    this.rows++;
    if (r.source) this.withSource = true;
    cells(r, this.options, true).forEach((c, i) => (this.widest[i] = Math.max(this.widest[i] ?? 0, c.length)));
  }
  get widths(): number[] {
    return this.withSource ? [...this.widest] : this.widest.filter((_, i) => i !== SOURCE_COLUMN);
  }
}

/**
 * Aligned plain text for a terminal: NonCompliant first, then Unknown and Exempt (Compliant and
 * NotApplicable too with `all`), then one summary line. Colour only when asked (options.color).
 */
export function formatTable(report: CheckReport, options: ReportOptions): string {
  const layout = new TableLayout(options);
  for (const r of report.results) layout.see(r);
  return [...formatTablePieces(sortForReading(report.results, options), layout, report.summary, options)].join('');
}

/** Pieces of about this many characters: few writes, and no string near V8's limit. */
const PIECE = 1 << 20;

/**
 * formatTable's text in pieces, from results already in sortForReading's order (e.g. read back from disk
 * one at a time) and the layout of the same results: joined, the pieces are formatTable's text.
 */
export function* formatTablePieces(sorted: Iterable<CheckResult>, layout: TableLayout, s: CheckSummary, options: ReportOptions): Generator<string> {
  const { withSource, widths } = layout;
  const render = (c: string[], compliance?: Compliance): string => {
    const padded = c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i] ?? 0)));
    if (options.color && compliance) padded[0] = `${COLOR[compliance]}${padded[0] ?? ''}${RESET}`;
    return padded.join('  ').replace(/\s+$/, '');
  };
  let buf = '';
  if (layout.rows > 0) {
    buf += `${render(withSource ? HEADER : HEADER.filter((_, i) => i !== SOURCE_COLUMN))}\n`;
    for (const r of sorted) {
      // In reading order (COMPLIANCE_ORDER) the verdicts a table does not list, NotApplicable and Compliant,
      // come last: none after this one is listed, so the rest is not read (from a spool: not read back).
      if (!shownInTable(r, options)) break;
      buf += `${render(cells(r, options, withSource), r.compliance)}\n`;
      if (buf.length >= PIECE) {
        yield buf;
        buf = '';
      }
    }
    buf += '\n';
  }
  const hidden = options.all ? '' : s.byCompliance.Compliant + s.byCompliance.NotApplicable > 0 ? ' (Compliant and NotApplicable counted, not listed)' : '';
  yield `${buf}${s.total} verdicts over ${s.resources} resources and ${s.policies} policies: ${summaryLine(s.byCompliance)}${hidden}\n`;
}

function cells(r: CheckResult, options: ReportOptions, withSource: boolean): string[] {
  const m = metaOf(r, options);
  const reason =
    r.compliance === 'Exempt' && r.exemption
      ? `exempt: ${r.exemption.justification}${r.exemption.expiresOn ? ` (expires ${r.exemption.expiresOn})` : ''}`
      : r.reason;
  return [
    r.compliance,
    r.effect,
    cut(oneLine(m.displayName), MAX_POLICY),
    cut(oneLine(`${lastSegment(r.resourceId)} (${r.resourceType})`), MAX_RESOURCE),
    ...(withSource ? [formatSource(r)] : []),
    oneLine(reason),
  ];
}

/** Control characters (ANSI escapes from input included) would break the alignment or the terminal. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
