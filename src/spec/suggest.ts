/**
 * "Did you mean" for unknown keys and values: the closest candidates by edit distance, compared
 * case-insensitively and ignoring spaces, hyphens and underscores (so "US Gov Virginia" finds
 * usgovvirginia and "soft_delete_retention_days" finds softDeleteRetentionDays).
 */

/** Levenshtein distance (insert, delete, substitute each cost 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Lowercase, without whitespace, hyphens or underscores. */
export function foldName(s: string): string {
  return s.toLowerCase().replace(/[\s_-]+/g, '');
}

/**
 * The candidates nearest to `input`, best first (ties in the candidates' order); none when nothing is
 * close enough. "Close" is at most a third of the longer word's length, and at least 2 edits, so a
 * single typo in a short key is still found and unrelated words are not proposed.
 */
export function suggest(input: string, candidates: readonly string[]): string[] {
  const f = foldName(input);
  const scored = candidates
    .map((c, i) => ({ c, i, d: editDistance(f, foldName(c)) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(Math.max(f.length, foldName(c).length) / 3)))
    .sort((x, y) => x.d - y.d || x.i - y.i);
  if (scored.length === 0) return [];
  const best = scored[0]?.d ?? 0;
  return scored.filter((s) => s.d === best).map((s) => s.c);
}

/** ` Did you mean "x"?` or '' — to append to a message. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const s = suggest(input, candidates);
  return s.length === 0 ? '' : ` Did you mean ${s.map((x) => `"${x}"`).join(' or ')}?`;
}
