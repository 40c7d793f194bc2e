import { resolve } from 'node:path';
import type { CheckReport, CheckResult, CheckSummary } from '../core/verdict.js';
import { formatReport, type ReportFormat, type ReportOptions } from '../report/index.js';
import { formatJsonPieces, formatSortedJsonPieces } from '../report/json-stream.js';
import { formatTablePieces, TableLayout } from '../report/table.js';
import { writeOutputFile } from './files.js';
import type { CliIO } from './io.js';
import type { ResultSpool } from './result-spool.js';

/**
 * Writes a check report to stdout or to `out`. JSON goes out in pieces (report/json-stream.ts): the
 * report of a large estate is larger than one string, and holding it whole doubled the peak memory.
 * A file is written as every output file is (files.ts): whole or not at all, a FIFO or device as a stream.
 */
export async function writeReport(report: CheckReport, format: ReportFormat, options: ReportOptions, out: string | undefined, io: CliIO, spool?: ResultSpool): Promise<void> {
  // Spooled results (result-spool.ts) are read back one at a time, in canonical order, as the JSON is written.
  // A table, from a spool in its reading order, is written as it is read back too (`spooledTablePieces`).
  const pieces: Iterable<string> =
    format === 'json'
      ? spool
        ? formatSortedJsonPieces(spool.sorted(), report.summary)
        : formatJsonPieces(report)
      : format === 'table' && spool?.readingOrder
        ? spooledTablePieces(spool, report.summary, options)
        : [formatReport(spool ? { results: spool.all(), summary: report.summary } : report, format, options)];
  if (out === undefined) {
    for (const p of pieces) io.stdout(p);
    return;
  }
  await writeOutputFile(resolve(io.cwd, out), pieces);
}

/**
 * The table of the results of a spool sorted in its reading order (result-spool.ts `reading`), without
 * holding them: one pass over the spool now for the table's layout (TableLayout: its columns' widths),
 * each result shown to `see` too, then the table written as the sorted results are read back.
 */
export function spooledTablePieces(spool: ResultSpool, summary: CheckSummary, options: ReportOptions, see?: (r: CheckResult) => void): Iterable<string> {
  if (!spool.readingOrder) throw new Error('internal: a table from a spool not in reading order');
  const layout = new TableLayout(options);
  for (const r of spool.each()) {
    layout.see(r);
    see?.(r);
  }
  return formatTablePieces(spool.sorted(), layout, summary, options);
}
