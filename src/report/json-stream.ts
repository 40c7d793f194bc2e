import type { CheckReport, CheckResult, CheckSummary } from '../core/verdict.js';
import { sortCanonical } from './common.js';
import { jsonResult, jsonSummary } from './json.js';

/** Pieces of about this many characters: few writes, and no string near V8's limit. */
const PIECE = 1 << 20;

/**
 * formatJson's text (`{"results":[…],"summary":{…}}`, two-space indent, a final newline) in pieces, for a
 * report whose text may not fit in one string (a 800,000-resource estate gives ~2 GB of JSON). Joined,
 * the pieces are byte for byte what formatJson returns (test/report/json-stream.test.ts). JSON escapes
 * every newline inside strings, so re-indenting a result's lines cannot touch its values.
 */
export function formatJsonPieces(report: CheckReport): Generator<string> {
  return joinedPieces(formatJsonParts(report));
}

/** Parts joined into pieces of about a megabyte (the last may be shorter). */
export function* joinedPieces(parts: Iterable<string>): Generator<string> {
  let buf = '';
  for (const part of parts) {
    buf += part;
    if (buf.length >= PIECE) {
      yield buf;
      buf = '';
    }
  }
  if (buf !== '') yield buf;
}

/** formatJson's text in parts (sortedJsonParts), the results sorted first. */
export function formatJsonParts(report: CheckReport): Generator<string> {
  return sortedJsonParts(sortCanonical(report.results), report.summary);
}

/**
 * formatJson's text of results already in canonical order (sortCanonical's, e.g. read back from disk one
 * at a time), in parts that join to it: what comes before
 * the first result, each result's text and what stands before it, and the end with the summary. Each part
 * is whole JSON text (no surrogate pair is cut), so the parts can be written to bytes one by one: a piece
 * joined of many parts is one two-byte string as soon as one result holds a character past Latin-1 (a
 * reason's `…`), and making such a string and encoding it took about half the time a report took to
 * write (src/cli/utf8-pieces.ts).
 */
export function sortedJsonParts(sorted: Iterable<CheckResult>, summary: CheckSummary): Generator<string> {
  return jsonTextParts(resultTexts(sorted), summary);
}

function* resultTexts(results: Iterable<CheckResult>): Generator<string> {
  for (const r of results) yield jsonResultText(r);
}

/**
 * One result's text as formatJson's `results` array holds it: jsonResult's keys, two-space indent, its
 * lines indented by the array's four spaces (the first line's indent stands before it). Valid JSON on its
 * own: a result spool stores this text, so that a JSON report is its stored texts in order
 * (src/cli/result-spool.ts, `jsonReport`).
 */
export function jsonResultText(r: CheckResult): string {
  // Stringified two arrays deep, its lines are indented as the array holds them, with no pass of
  // replace(/\n/g, '\n    ') over the text (220 against 270-315 ms per 100,000 results): the arrays'
  // `[\n  [\n    ` and `\n  ]\n]` are cut off.
  const s = JSON.stringify([[jsonResult(r)]], null, 2);
  return s.slice(10, s.length - 6);
}

/** formatJson's text in parts around results' texts (jsonResultText) given in canonical order. */
export function* jsonTextParts(texts: Iterable<string>, summary: CheckSummary): Generator<string> {
  yield '{\n  "results": [';
  let i = 0;
  for (const t of texts) {
    yield i ? ',\n    ' : '\n    ';
    yield t;
    i += 1;
  }
  yield `${i ? '\n  ],\n' : '],\n'}  "summary": ${JSON.stringify(jsonSummary(summary), null, 2).replace(/\n/g, '\n  ')}\n}\n`;
}
