/**
 * Where strict JSON (RFC 8259, what JSON.parse reads) first goes wrong, in plain words. The one finder of
 * the project: for the rare text JSON.parse refused, whose message names no position in Node 20
 * ("Unexpected token ']', … is not valid JSON", "Unexpected end of JSON input") or names it as an offset in
 * a text the user never sees: a line of NDJSON (src/policy/stream-scan.ts), and files past
 * json-tolerant.ts's TOLERANT_LIMIT, which only JSON.parse reads (json-tolerant.ts's strictSyntaxError was a
 * second finder, with other words and a trailing comma placed at the bracket: replaced by this one). One
 * linear pass, no recursion (an explicit stack), sticky regular expressions over runs of white space and
 * digits: any depth and any length is safe, and 200 MB is scanned in about a second (bench in session 21:
 * faster than strictSyntaxError on 200 MB of pretty-printed resources, of spaces, and of long strings).
 *
 * Agrees with JSON.parse on what is valid, and places a problem where JSON.parse does when it names a
 * position (the first character that cannot be there), except a trailing comma: that is placed at the
 * comma, the character to delete, where JSON.parse (and an earlier second finder here) placed it at the
 * closing bracket, often on the next line, which holds nothing wrong. Property tests hold it to both.
 */

export interface JsonProblem {
  /** Offset in the text of the first problem (the text's length when the text ends too early). */
  offset: number;
  /** What is wrong there, in plain words: "unexpected `}` where a value was expected". */
  problem: string;
}

const enum E {
  /** A value. */
  Value,
  /** After `[`: a value or `]`. */
  ValueOrClose,
  /** After `{`: a key or `}`. */
  KeyOrClose,
  /** After `,` in an object: a key. */
  Key,
  /** After a key: `:`. */
  Colon,
  /** After a value in an object or array: `,` or the closing bracket. */
  CommaOrClose,
  /** After the top-level value: nothing more. */
  End,
}

const WORDS = new Set(['true', 'false', 'null']);

const SPACE = /[ \t\n\r]*/y;
const DIGITS = /[0-9]*/y;
const HEX = /[0-9a-fA-F]{0,4}/y;

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** The index past the run `re` matches at i (i when it matches nothing). */
function past(re: RegExp, text: string, i: number): number {
  re.lastIndex = i;
  return re.test(text) ? re.lastIndex : i;
}

/** A character as the user sees it: `x`, or its code point when it does not print. */
export function shown(ch: string): string {
  const c = ch.codePointAt(0) ?? 0;
  if (c < 0x21 || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0xfeff || c === 0x2028 || c === 0x2029) return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return ch === '`' ? "'`'" : `\`${ch}\``;
}

function wordAt(text: string, i: number, re: RegExp): string {
  re.lastIndex = i;
  const m = re.exec(text);
  return m ? m[0] : '';
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/**
 * The first problem of `text` as strict JSON, or undefined when JSON.parse would read it. `ends` names
 * the text in "… ends where a value was expected" ("the line" for a line of NDJSON).
 */
export function firstJsonError(text: string, ends = 'the text'): JsonProblem | undefined {
  const n = text.length;
  /** Open brackets: 123 `{` or 91 `[`. */
  const stack: number[] = [];
  let state = E.Value;
  /** The offset of the `,` just read (for a trailing comma), or -1. */
  let comma = -1;
  let i = 0;
  const after = (): E => (stack.length === 0 ? E.End : E.CommaOrClose);
  const unexpected = (at: number, expected: string): JsonProblem => ({ offset: at, problem: `unexpected ${shown(text.charAt(at))} where ${expected} was expected` });
  for (;;) {
    // A run of white space by a sticky expression (200 MB of spaces in a third of a second), but only when there
    // is one: between most tokens of pretty-printed JSON there is none, or a short one.
    if (i < n && isWs(text.charCodeAt(i))) i = past(SPACE, text, i);
    if (i >= n) {
      switch (state) {
        case E.End:
          return undefined;
        case E.Value:
        case E.ValueOrClose:
          return { offset: n, problem: `${ends} ends where a value was expected` };
        case E.KeyOrClose:
        case E.Key:
          return { offset: n, problem: `${ends} ends where a key was expected` };
        case E.Colon:
          return { offset: n, problem: `${ends} ends where \`:\` was expected` };
        case E.CommaOrClose:
          return { offset: n, problem: `${ends} ends before the ${stack[stack.length - 1] === 123 ? 'object is closed: `,` or `}`' : 'array is closed: `,` or `]`'} was expected` };
      }
    }
    const c = text.charCodeAt(i);
    const wasComma = comma;
    comma = -1;
    switch (state) {
      case E.End:
        return { offset: i, problem: `unexpected ${shown(text.charAt(i))} after the end of the value` };
      case E.Colon:
        if (c !== 58) return unexpected(i, '`:`');
        state = E.Value;
        i += 1;
        continue;
      case E.CommaOrClose: {
        const open = stack[stack.length - 1];
        const close = open === 123 ? 125 : 93;
        if (c === 44) {
          comma = i;
          state = open === 123 ? E.Key : E.Value;
          i += 1;
          continue;
        }
        if (c === close) {
          stack.pop();
          state = after();
          i += 1;
          continue;
        }
        return unexpected(i, open === 123 ? '`,` or `}`' : '`,` or `]`');
      }
      case E.KeyOrClose:
      case E.Key: {
        if (c === 34) {
          const s = skipString(text, i, ends);
          if (typeof s !== 'number') return s;
          i = s;
          state = E.Colon;
          continue;
        }
        if (c === 125 && state === E.KeyOrClose) {
          stack.pop();
          state = after();
          i += 1;
          continue;
        }
        if (c === 125 && wasComma >= 0) return { offset: wasComma, problem: 'a trailing comma: `,` before `}`' };
        if (c === 39) return { offset: i, problem: 'a key in single quotes: JSON keys need double quotes' };
        if (c === 47) return { offset: i, problem: 'a comment: JSON has no comments' };
        const w = wordAt(text, i, /[A-Za-z_$][A-Za-z0-9_$-]*/y);
        if (w) return { offset: i, problem: `a key without quotes (\`${clip(w)}\`): JSON keys need double quotes` };
        return unexpected(i, 'a key (a string in double quotes)');
      }
      case E.Value:
      case E.ValueOrClose: {
        if (c === 123 || c === 91) {
          stack.push(c);
          state = c === 123 ? E.KeyOrClose : E.ValueOrClose;
          i += 1;
          continue;
        }
        if (c === 93 && state === E.ValueOrClose) {
          stack.pop();
          state = after();
          i += 1;
          continue;
        }
        if (c === 34) {
          const s = skipString(text, i, ends);
          if (typeof s !== 'number') return s;
          i = s;
          state = after();
          continue;
        }
        if (c === 45 || (c >= 48 && c <= 57)) {
          const end = numberEnd(text, i);
          // Past a number, a character that could continue one (`01`, `1.`, `1x`) makes the token wrong: said of the
          // token, at the first character JSON.parse cannot take.
          if (end < 0 || /[-+.0-9A-Za-z_]/.test(text.charAt(end))) {
            const bad = end < 0 ? -end - 1 : end;
            return { offset: bad, problem: `\`${clip(wordAt(text, i, /[-+.0-9A-Za-z_]+/y))}\` is not a JSON number` };
          }
          i = end;
          state = after();
          continue;
        }
        if (c === 93 && wasComma >= 0) return { offset: wasComma, problem: 'a trailing comma: `,` before `]`' };
        if (c === 39) return { offset: i, problem: 'a string in single quotes: JSON strings need double quotes' };
        if (c === 47) return { offset: i, problem: 'a comment: JSON has no comments' };
        const w = wordAt(text, i, /[A-Za-z_$][A-Za-z0-9_$]*/y);
        if (w && WORDS.has(w)) {
          i += w.length;
          state = after();
          continue;
        }
        if (w) {
          // A whole literal run on (`truex`), or one cut short or broken by a digit (`tru]`, `n0`), is wrong where it
          // stops, as JSON.parse places it; another word (`not`, `True`) from its start.
          const literal = [...WORDS].find((l) => l.charCodeAt(0) === c) ?? '';
          let k = 0;
          while (k < literal.length && k < w.length && w.charCodeAt(k) === literal.charCodeAt(k)) k++;
          const stops = k === literal.length || (k > 0 && (k === w.length || !/[A-Za-z_$]/.test(w.charAt(k))));
          return { offset: stops ? i + k : i, problem: `a bare word (\`${clip(w)}\`): text needs double quotes, and JSON's only words are true, false and null` };
        }
        return unexpected(i, 'a value');
      }
    }
  }
}

/** The index after the string that starts at i, or its problem. */
function skipString(text: string, i: number, ends: string): number | JsonProblem {
  const n = text.length;
  let j = i + 1;
  for (;;) {
    // Character by character: faster than a sticky expression over the short runs between escapes, as fast over long ones.
    let c = text.charCodeAt(j);
    while (j < n && c !== 34 && c !== 92 && c >= 0x20) c = text.charCodeAt(++j);
    if (j >= n) return { offset: n, problem: `${ends} ends inside a string: its closing \`"\` is missing` };
    if (c === 34) return j + 1;
    if (c !== 92) return { offset: j, problem: `a control character (${shown(text.charAt(j))}) inside a string: write it as an escape` };
    const e = text.charAt(j + 1);
    if (e === '') return { offset: n, problem: `${ends} ends inside a string: its closing \`"\` is missing` };
    if (e === 'u') {
      // At the first character that is not a hex digit, as JSON.parse places it.
      const h = past(HEX, text, j + 2);
      if (h - (j + 2) !== 4) return { offset: h, problem: `a bad escape in a string: \`\\u\` needs four hex digits` };
      j = h;
    } else if ('"\\/bfnrt'.includes(e)) j += 2;
    else return { offset: j + 1, problem: `a bad escape in a string: \`\\${e}\` (JSON escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)` };
  }
}

/**
 * The index past the number at i (RFC 8259's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?), or
 * -(k + 1) for k, the first character where a digit must be and is not.
 */
function numberEnd(text: string, i: number): number {
  let k = i;
  if (text.charCodeAt(k) === 45) k++;
  const d = text.charCodeAt(k);
  if (d === 48) k++;
  else if (d >= 49 && d <= 57) k = past(DIGITS, text, k);
  else return -(k + 1);
  if (text.charCodeAt(k) === 46) {
    const from = ++k;
    k = past(DIGITS, text, k);
    if (k === from) return -(k + 1);
  }
  const e = text.charCodeAt(k);
  if (e === 101 || e === 69) {
    k++;
    const sign = text.charCodeAt(k);
    if (sign === 43 || sign === 45) k++;
    const from = k;
    k = past(DIGITS, text, k);
    if (k === from) return -(k + 1);
  }
  return k;
}
