/**
 * An id as its spelling over its lower-case string (issue 12, then 10): a check's indexes key by lower-case
 * ids (codes of the store's id table since session 8), and a kept resource's id as spelled is the few
 * characters where it differs from that string.
 */

/** Longest id whose spelling is kept as differences (positions must fit in one UTF-16 unit), and most differences. */
const MAX_SPELLED = 0xffff;
const MAX_DIFFERENCES = 32;

/**
 * How `id` differs from `lower` (its toLowerCase()), as a short string: pairs of (position, character) where
 * they differ, '' when they do not; undefined when that would not be short (lengths differ, as some
 * non-ASCII letters lower-case to two units, or more than 32 differences). An Azure id has a handful of
 * capitals (`resourceGroups`, `Microsoft.Network`…): ~20 bytes beside the lower-case string, where the id
 * itself would be another ~150-250 (kept-spool.ts keeps the spelling of each held resource's id so).
 */
export function spellingOf(id: string, lower: string): string | undefined {
  if (id.length !== lower.length || id.length > MAX_SPELLED) return undefined;
  if (id === lower) return '';
  const codes: number[] = [];
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c === lower.charCodeAt(i)) continue;
    if (codes.length >= 2 * MAX_DIFFERENCES) return undefined;
    codes.push(i, c);
  }
  return String.fromCharCode(...codes);
}

/** The id that `spelling` (spellingOf(id, lower)) and `lower` were made from: one flat string (join), not a tree of pieces. */
export function spelled(lower: string, spelling: string): string {
  if (spelling === '') return lower;
  const parts: string[] = [];
  let at = 0;
  for (let k = 0; k < spelling.length; k += 2) {
    const pos = spelling.charCodeAt(k);
    parts.push(lower.slice(at, pos), spelling.charAt(k + 1));
    at = pos + 1;
  }
  parts.push(lower.slice(at));
  return parts.join('');
}
