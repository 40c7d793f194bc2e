/**
 * Where the items of a JSON list start, for positions, by a scan of the text (comments allowed): the
 * resource lists `il5ml check` reads whole (src/policy/input.ts) and policy files holding a list of
 * definitions (src/policy/definitions.ts). Linear in the text: strings are passed over by indexOf.
 */
/** Skips white space and comments from i. */
export function skipTrivia(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) i += 1;
    else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e + 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
    } else break;
  }
  return i;
}

/** Whether a scan met a string that may spell `$unknown` (starts with `$` or an escape). */
interface Mark {
  hit: boolean;
}

/** The index after the string that starts at i (a `"`). */
function skipString(text: string, i: number, mark?: Mark): number {
  let j = i + 1;
  if (mark) {
    const c = text.charCodeAt(j);
    if (c === 36 || c === 92) mark.hit = true;
  }
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return text.length;
    let b = q - 1;
    while (text.charCodeAt(b) === 92) b -= 1;
    // An even number of backslashes before the quote: it closes the string.
    if ((q - 1 - b) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** The index after the value that starts at i. */
function skipValue(text: string, i: number, mark?: Mark): number {
  const n = text.length;
  const c = text.charCodeAt(i);
  if (c === 34) return skipString(text, i, mark);
  if (c === 123 || c === 91) {
    let depth = 0;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (ch === 34) {
        i = skipString(text, i, mark);
        continue;
      }
      if (ch === 47) {
        const after = skipTrivia(text, i);
        if (after !== i) {
          i = after;
          continue;
        }
      }
      if (ch === 123 || ch === 91) depth += 1;
      else if (ch === 125 || ch === 93) {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
      i += 1;
    }
    return n;
  }
  while (i < n && !',]} \t\r\n/'.includes(text.charAt(i))) i += 1;
  return i;
}

function arrayItems(text: string, i: number, marked: number[]): number[] {
  const out: number[] = [];
  const mark: Mark = { hit: false };
  let j = i + 1;
  for (;;) {
    j = skipTrivia(text, j);
    if (j >= text.length || text.charCodeAt(j) === 93) return out;
    out.push(j);
    mark.hit = false;
    j = skipTrivia(text, skipValue(text, j, mark));
    if (mark.hit) marked.push(out.length - 1);
    if (text.charCodeAt(j) === 44) j += 1;
  }
}

/** Start offsets of the items of the top-level array, or of the array under a top-level key. */
export function elementOffsets(text: string, key: string | undefined, marked: number[]): number[] {
  let i = skipTrivia(text, 0);
  if (key === undefined) return text.charCodeAt(i) === 91 ? arrayItems(text, i, marked) : [];
  if (text.charCodeAt(i) !== 123) return [];
  i += 1;
  for (;;) {
    i = skipTrivia(text, i);
    if (i >= text.length || text.charCodeAt(i) !== 34) return [];
    const end = skipString(text, i);
    const name = JSON.parse(text.slice(i, end)) as string;
    i = skipTrivia(text, end);
    i = skipTrivia(text, i + 1);
    if (name === key && text.charCodeAt(i) === 91) return arrayItems(text, i, marked);
    i = skipTrivia(text, skipValue(text, i));
    if (text.charCodeAt(i) === 44) i += 1;
  }
}
