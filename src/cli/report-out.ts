import { resolve } from 'node:path';
import type { CheckReport, CheckResult, CheckSummary } from '../core/verdict.js';
import { formatReport, type ReportFormat, type ReportOptions } from '../report/index.js';
import { formatJsonParts, joinedPieces, jsonResultText, jsonTextParts } from '../report/json-stream.js';
import { formatMarkdownPieces, MarkdownTally } from '../report/markdown.js';
import { formatTablePieces, shownInTable, TableLayout } from '../report/table.js';
import { writeOutputFile } from './files.js';
import { utf8Pieces } from './utf8-pieces.js';
import type { CliIO } from './io.js';
import type { ResultSpool } from './result-spool.js';

/**
 * Writes a check report to stdout or to `out`. JSON goes out in pieces (report/json-stream.ts): the
 * report of a large estate is larger than one string, and holding it whole doubled the peak memory.
 */
export async function writeReport(report: CheckReport, format: ReportFormat, options: ReportOptions, out: string | undefined, io: CliIO, spool?: ResultSpool): Promise<void> {
  // Spooled results (result-spool.ts) are read back one at a time, in canonical order, as the JSON is written.
  // A table or markdown, from a spool in its reading order, is written as it is read back too (`spooledPieces`).
  const json = format === 'json' ? (spool ? spooledJsonParts(spool, report.summary) : formatJsonParts(report)) : undefined;
  await writeReportText(json, () => (spool && streamsFromSpool(format, spool) ? spooledPieces(format, spool, report.summary, options) : [formatReport(spool ? { results: spool.all(), summary: report.summary } : report, format, options)]), out, io);
}

/**
 * The JSON report's parts of the results of a spool in canonical order. A spool that stores the report's
 * texts of its results (result-spool.ts `jsonReport`, as check and audit make it) gives them as they are,
 * and parses only the NonCompliant ones, for `nonCompliant` (check counts those that fail the run).
 */
export function spooledJsonParts(spool: ResultSpool, summary: CheckSummary, nonCompliant?: (r: CheckResult) => void): Generator<string> {
  return jsonTextParts(spooledTexts(spool, nonCompliant), summary);
}

function* spooledTexts(spool: ResultSpool, nonCompliant: ((r: CheckResult) => void) | undefined): Generator<string> {
  for (const s of spool.sortedTexts()) {
    const counted = nonCompliant !== undefined && s.compliance === 'NonCompliant';
    if (spool.jsonReport && !counted) {
      yield s.text;
      continue;
    }
    const r = JSON.parse(s.text) as CheckResult;
    if (counted) nonCompliant(r);
    yield spool.jsonReport ? s.text : jsonResultText(r);
  }
}

/**
 * A report's text to stdout or to the file `out` (from io.cwd): JSON from its parts (each result's text),
 * which go out as UTF-8 bytes part by part (utf8-pieces.ts; on stdout through CliIO.stdoutParts), any
 * other format from `pieces`. A file is written as every output file is (files.ts): whole or not at all,
 * a FIFO or device as a stream.
 */
export async function writeReportText(json: Iterable<string> | undefined, pieces: () => Iterable<string>, out: string | undefined, io: CliIO): Promise<void> {
  if (out === undefined) {
    if (json !== undefined && io.stdoutParts) io.stdoutParts(json);
    else for (const p of json !== undefined ? joinedPieces(json) : pieces()) io.stdout(p);
    return;
  }
  await writeOutputFile(resolve(io.cwd, out), json !== undefined ? utf8Pieces(json) : pieces());
}

/** Whether a report in `format` is written from `spool` one result at a time (`spooledPieces`). */
export function streamsFromSpool(format: ReportFormat, spool: ResultSpool): format is 'table' | 'md' {
  return (format === 'table' || format === 'md') && spool.readingOrder;
}

/**
 * The table or the markdown of the results of a spool sorted in its reading order (result-spool.ts
 * `reading`), without holding them: one pass over the spool now for what the report needs before its
 * first row (TableLayout: the columns' widths; MarkdownTally: the counts and the control roll-up), the
 * NonCompliant results shown to `nonCompliant` on the way (check counts those that fail the run), then the
 * report written as the sorted results are read back. The table's pass reads back only the rows it lists,
 * as the table itself does: reading order puts the verdicts it leaves out last (COMPLIANCE_ORDER), and it
 * always lists the NonCompliant ones.
 */
export function spooledPieces(format: 'table' | 'md', spool: ResultSpool, summary: CheckSummary, options: ReportOptions, nonCompliant?: (r: CheckResult) => void): Iterable<string> {
  if (!spool.readingOrder) throw new Error(`internal: ${format} from a spool not in reading order`);
  if (format === 'table') {
    const layout = new TableLayout(options);
    for (const r of spool.sorted()) {
      if (!shownInTable(r, options)) break;
      layout.see(r);
      if (r.compliance === 'NonCompliant') nonCompliant?.(r);
    }
    return formatTablePieces(spool.sorted(), layout, summary, options);
  }
  const tally = new MarkdownTally(options);
  for (const r of spool.each()) {
    tally.see(r);
    if (r.compliance === 'NonCompliant') nonCompliant?.(r);
  }
  return formatMarkdownPieces(() => spool.sorted(), tally, summary, options);
}
