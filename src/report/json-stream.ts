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
export function* formatJsonPieces(report: CheckReport): Generator<string> {
  yield* formatSortedJsonPieces(sortCanonical(report.results), report.summary);
}

/** formatJsonPieces of results already in canonical order (sortCanonical's), e.g. read back from disk one at a time. */
export function* formatSortedJsonPieces(sorted: Iterable<CheckResult>, summary: CheckSummary): Generator<string> {
  let buf = '{\n  "results": [';
  let i = 0;
  for (const r of sorted) {
    buf += `${i ? ',' : ''}\n    ${JSON.stringify(jsonResult(r), null, 2).replace(/\n/g, '\n    ')}`;
    i += 1;
    if (buf.length >= PIECE) {
      yield buf;
      buf = '';
    }
  }
  buf += i ? '\n  ],\n' : '],\n';
  yield `${buf}  "summary": ${JSON.stringify(jsonSummary(summary), null, 2).replace(/\n/g, '\n  ')}\n}\n`;
}
