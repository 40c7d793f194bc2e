/**
 * Where strict JSON (RFC 8259, what JSON.parse reads) first goes wrong, in plain words: for the rare text
 * JSON.parse refused (a line of NDJSON), whose message names no position in Node 20 ("Unexpected token
 * '}', … is not valid JSON") or names it as an offset in a text the user never sees. One linear pass, no
 * recursion (an explicit stack), so any depth and any length is safe.
 *
 * Agrees with JSON.parse on what is valid (a property test holds it to that).
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

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const WORDS = new Set(['true', 'false', 'null']);

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
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
    while (i < n && isWs(text.charCodeAt(i))) i += 1;
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
          const t = wordAt(text, i, /[-+.0-9A-Za-z_]+/y);
          if (!NUMBER.test(t)) return { offset: i, problem: `\`${clip(t)}\` is not a JSON number` };
          i += t.length;
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
        if (w) return { offset: i, problem: `a bare word (\`${clip(w)}\`): text needs double quotes, and JSON's only words are true, false and null` };
        return unexpected(i, 'a value');
      }
    }
  }
}

/** The index after the string that starts at i, or its problem. */
function skipString(text: string, i: number, ends: string): number | JsonProblem {
  const n = text.length;
  for (let j = i + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === 34) return j + 1;
    if (c === 92) {
      const e = text.charAt(j + 1);
      if (e === '') break;
      if (e === 'u') {
        if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(j + 2, j + 6))) return { offset: j, problem: `a bad escape in a string: \`\\u\` needs four hex digits` };
        j += 5;
      } else if ('"\\/bfnrt'.includes(e)) j += 1;
      else return { offset: j, problem: `a bad escape in a string: \`\\${e}\` (JSON escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)` };
    } else if (c < 0x20) return { offset: j, problem: `a control character (${shown(text.charAt(j))}) inside a string: write it as an escape` };
  }
  return { offset: n, problem: `${ends} ends inside a string: its closing \`"\` is missing` };
}
