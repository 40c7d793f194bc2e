/**
 * Azure Policy's two pattern languages, matched in linear time without building a regular expression
 * from user text (a `like` pattern of many `*` made the former RegExp backtrack exponentially; a long
 * `match` pattern overflowed RegExp's size limits).
 * (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#conditions)
 */

/**
 * `like`: `*` matches any run of characters (several `*` allowed), everything else is literal; Azure
 * compares case-insensitively. Greedy leftmost search of the pieces between stars is exact for a pattern
 * whose only wildcard is `*`: the first piece anchors at the start, the last at the end, each middle piece
 * at its first occurrence after the previous one.
 */
export function likeMatches(pattern: string, text: string, caseInsensitive = true): boolean {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const t = caseInsensitive ? text.toLowerCase() : text;
  const pieces = p.split('*');
  if (pieces.length === 1) return p === t;
  const first = pieces[0] ?? '';
  const last = pieces[pieces.length - 1] ?? '';
  if (first.length + last.length > t.length || !t.startsWith(first) || !t.endsWith(last)) return false;
  let at = first.length;
  const end = t.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] ?? '';
    if (piece === '') continue;
    const found = t.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^[0-9]$/;

/**
 * `match`/`matchInsensitively`: `#` a digit, `?` a letter, `.` any character, anything else itself; the
 * whole value must match, character by character (so the lengths are equal).
 */
export function matchMatches(pattern: string, text: string, caseInsensitive: boolean): boolean {
  const p = Array.from(pattern);
  const t = Array.from(text);
  if (p.length !== t.length) return false;
  for (let i = 0; i < p.length; i++) {
    const pc = p[i] ?? '';
    const tc = t[i] ?? '';
    if (pc === '#') {
      if (!DIGIT.test(tc)) return false;
    } else if (pc === '?') {
      if (!LETTER.test(tc)) return false;
    } else if (pc !== '.') {
      if (caseInsensitive ? pc.toLowerCase() !== tc.toLowerCase() : pc !== tc) return false;
    }
  }
  return true;
}
