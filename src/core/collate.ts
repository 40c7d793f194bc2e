/**
 * `a.localeCompare(b)` for the strings plans sort (resource types, API versions: ASCII letters, digits,
 * '.', '/', '-') without ICU: the first `localeCompare` of a process loads a collator, some 8 ms of CPU,
 * 3% of `il5ml plan` (issue 12, start-up). Collation order for these characters: punctuation ('-' < '.' <
 * '/') before digits before letters, letters compared case-blind first, then at the first difference in
 * case lower case first (the Unicode Collation Algorithm's root order, which localeCompare follows for
 * them). Any other character goes to localeCompare itself. test/core/collate.test.ts compares the two
 * on random strings of that alphabet.
 */
const PLAIN = /^[A-Za-z0-9./-]*$/;

export function localeOrder(a: string, b: string): number {
  if (!PLAIN.test(a) || !PLAIN.test(b)) return a.localeCompare(b);
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    // Same letter, other case: the lower-case one (the higher code) sorts first.
    if (x !== y) return x > y ? -1 : 1;
  }
  return 0;
}
