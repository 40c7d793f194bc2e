import type { CheckReport, CheckResult, Compliance } from '../core/verdict.js';
import { formatSource, lastSegment, metaOf, sortForReading, summaryLine } from './common.js';
import type { ReportOptions } from './options.js';
import { maxOf } from '../core/array.js';

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

/**
 * Aligned plain text for a terminal: NonCompliant first, then Unknown and Exempt (Compliant and
 * NotApplicable too with `all`), then one summary line. Colour only when asked (options.color).
 */
export function formatTable(report: CheckReport, options: ReportOptions): string {
  const shown = sortForReading(report.results, options).filter(
    (r) => options.all || !(r.compliance === 'Compliant' || r.compliance === 'NotApplicable'),
  );
  const withSource = shown.some((r) => r.source);
  const header = ['VERDICT', 'EFFECT', 'POLICY', 'RESOURCE', ...(withSource ? ['SOURCE'] : []), 'REASON'];
  const rows = shown.map((r) => cells(r, options, withSource));
  const lines: string[] = [];
  if (rows.length > 0) {
    const widths = header.map((h, i) => Math.max(h.length, maxOf(rows.map((c) => (c[i] ?? '').length))));
    const render = (c: string[], compliance?: Compliance): string => {
      const padded = c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i] ?? 0)));
      if (options.color && compliance) padded[0] = `${COLOR[compliance]}${padded[0] ?? ''}${RESET}`;
      return padded.join('  ').replace(/\s+$/, '');
    };
    lines.push(render(header));
    shown.forEach((r, i) => lines.push(render(rows[i] ?? [], r.compliance)));
    lines.push('');
  }
  const s = report.summary;
  const hidden = options.all ? '' : s.byCompliance.Compliant + s.byCompliance.NotApplicable > 0 ? ' (Compliant and NotApplicable counted, not listed)' : '';
  lines.push(`${s.total} verdicts over ${s.resources} resources and ${s.policies} policies: ${summaryLine(s.byCompliance)}${hidden}`);
  return `${lines.join('\n')}\n`;
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
