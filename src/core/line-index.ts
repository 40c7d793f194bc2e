/**
 * Offsets -> 1-based line and column for many positions in one text: the line starts are found in one
 * pass, and each position is a binary search, so locating p problems in a text of n characters costs
 * O(n + p log n) rather than a rescan from the start for each (issue 13: "a service-tags file whose
 * problems are each located by rescanning from the start"). Lines end at '\n'; a '\r' before it counts
 * as a column of the line, as JSON parsers report it.
 */
export interface LineIndex {
  /** 1-based line and column (UTF-16 units) of an offset; offsets past the end fall on the last line. */
  at(offset: number): { line: number; column: number };
}

/** The 1-based line and column of `offset`, given the offsets where lines start (ascending, from 0). */
export function lineAt(starts: ArrayLike<number>, offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

export function lineIndex(text: string): LineIndex {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return { at: (offset: number) => lineAt(starts, offset) };
}
