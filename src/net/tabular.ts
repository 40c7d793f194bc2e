/**
 * Rows of text as a terminal table, CSV (RFC 4180) or a Markdown table: the three human forms of the
 * change requests `il5ml egress` and `il5ml dns` print. Pure: returns the text.
 */
import { maxOf } from '../core/array.js';

export interface Tabular {
  headers: string[];
  rows: string[][];
}

/** Columns padded to their widest cell, a dashed rule under the header. */
export function formatTable(t: Tabular): string {
  const widths = t.headers.map((h, i) => Math.max(h.length, maxOf(t.rows.map((r) => (r[i] ?? '').length))));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(t.headers), line(widths.map((w) => '-'.repeat(w))), ...t.rows.map(line)].join('\n') + '\n';
}

/** RFC 4180: a field holding a comma, quote, CR or LF is quoted, and quotes inside are doubled. CRLF line ends. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatCsv(t: Tabular): string {
  return [t.headers, ...t.rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** GitHub-flavoured Markdown: `|` escaped as `\|`, backslashes kept literal, line breaks as <br>. */
export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function formatMarkdown(t: Tabular): string {
  const row = (cells: string[]): string => `| ${cells.map(mdCell).join(' | ')} |`;
  return [row(t.headers), `|${t.headers.map(() => ' --- |').join('')}`, ...t.rows.map(row)].join('\n') + '\n';
}

export type TextFormat = 'table' | 'csv' | 'md';

export function formatTabular(t: Tabular, format: TextFormat): string {
  return format === 'csv' ? formatCsv(t) : format === 'md' ? formatMarkdown(t) : formatTable(t);
}
