/**
 * How much text goes to jsonc-parser, the tolerant JSON reader (comments, trailing commas, the position of
 * every value). Its scanner builds each run of white space as a string one character at a time, and its
 * tree costs several times the text: a policy file of 30 MB of spaces and one definition took 1.1 GB, and
 * with 200 MB of spaces `check --assignment` and `expand --parameters` ran out of V8's heap after 45 s
 * (exit 134, measured 2026-12-07). Strict JSON, what Azure and az write, is read by JSON.parse at any size;
 * only text past this that is not strict JSON is refused (notStrictError), with JSON.parse's position.
 */
import { parse, type ParseError, type ParseOptions } from 'jsonc-parser';
import type { Diagnostic } from './diagnostic.js';
import { lineColumn } from './json-depth.js';

export const TOLERANT_LIMIT = 32 * 1024 * 1024;

/**
 * JSON text without its byte-order mark. src/cli/decode.ts hands a file's BOM (UTF-8, or UTF-16 as Windows
 * PowerShell writes it with every Unicode encoding: "In Windows PowerShell, any Unicode encoding, except UTF7,
 * always creates a BOM", https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_character_encoding,
 * read 2026-12-07) on as U+FEFF, which is not part of the JSON: JSON.parse and jsonc-parser both refuse it. A
 * space in its place keeps every offset, line and column of the file.
 */
export function bomAsSpace(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
}

/** Whether jsonc-parser may read `text` (a tree, errors with positions, comments). */
export function tolerable(text: string): boolean {
  return text.length <= TOLERANT_LIMIT;
}

const SPACE = /[ \t\n\r]*/y;
/** A run of string characters needing no escape (a character class: the engine passes it without a backtrack entry per character). */
const PLAIN = /[^"\\\u0000-\u001f]*/y;
const DIGITS = /[0-9]*/y;
const HEX = /[0-9a-fA-F]{0,4}/y;

function at(re: RegExp, text: string, i: number): number {
  re.lastIndex = i;
  return re.test(text) ? re.lastIndex : i;
}

/**
 * Where strict JSON text (RFC 8259, what JSON.parse reads) first goes wrong, and what is wrong there;
 * undefined for text JSON.parse accepts. JSON.parse names the position of some errors only: Node 20 says
 * `Unexpected token ']', ..."2,\n]"... is not valid JSON` for a trailing comma in an array, and `Unexpected
 * end of JSON input`, with none, which put such an error in a file over TOLERANT_LIMIT at 1:1. One pass,
 * without recursion (nesting is a stack of brackets) and with sticky regular expressions over each run of
 * space, string characters and digits: linear in the text, for the error path of files of any size.
 */
export function strictSyntaxError(text: string): { offset: number; problem: string } | undefined {
  const n = text.length;
  const open: number[] = [];
  let i = 0;
  const problem = (what: string): { offset: number; problem: string } => ({ offset: Math.min(i, n), problem: i >= n ? 'the text ends before the JSON does' : what });
  /** Past the string whose quote is at i; false at what is wrong in it. */
  const string = (): boolean => {
    i++;
    for (;;) {
      i = at(PLAIN, text, i);
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c !== 92) return false;
      const d = text.charCodeAt(i + 1);
      if (d === 34 || d === 92 || d === 47 || d === 98 || d === 102 || d === 110 || d === 114 || d === 116) i += 2;
      else if (d === 117) {
        // \u and four hex digits; wrong at the first that is not one.
        const from = i + 2;
        i = at(HEX, text, from);
        if (i - from !== 4) return false;
      } else {
        i++;
        return false;
      }
    }
  };
  /** A key, its colon and the space after it; a problem, or undefined. */
  const key = (): { offset: number; problem: string } | undefined => {
    if (text.charCodeAt(i) !== 34) return problem(text.charCodeAt(i) === 125 ? 'a comma before the closing }' : 'expected a property name in double quotes');
    if (!string()) return problem('a control character or an invalid escape in a string');
    i = at(SPACE, text, i);
    if (text.charCodeAt(i) !== 58) return problem("expected ':' after the property name");
    i++;
    return undefined;
  };
  for (;;) {
    i = at(SPACE, text, i);
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      i = at(SPACE, text, i + 1);
      if (text.charCodeAt(i) === (c === 123 ? 125 : 93)) i++;
      else {
        open.push(c);
        if (c === 123) {
          const bad = key();
          if (bad) return bad;
        }
        continue;
      }
    } else if (c === 34) {
      if (!string()) return problem('a control character or an invalid escape in a string');
    } else if (c === 116 || c === 102 || c === 110) {
      // A literal: wrong at its first character that differs.
      const word = c === 116 ? 'true' : c === 102 ? 'false' : 'null';
      let k = 1;
      while (k < word.length && text.charCodeAt(i + k) === word.charCodeAt(k)) k++;
      i += k;
      if (k < word.length) return problem(`expected ${word}`);
    } else {
      // A number: wrong at the first character where a digit must be and is not.
      const start = i;
      if (c === 45) i++;
      const d = text.charCodeAt(i);
      if (d === 48) i++;
      else if (d >= 49 && d <= 57) i = at(DIGITS, text, i);
      else return problem(i === start ? 'expected a value' : 'a number needs a digit here');
      if (text.charCodeAt(i) === 46) {
        const from = ++i;
        i = at(DIGITS, text, i);
        if (i === from) return problem('a number needs a digit here');
      }
      const e = text.charCodeAt(i);
      if (e === 101 || e === 69) {
        i++;
        const sign = text.charCodeAt(i);
        if (sign === 43 || sign === 45) i++;
        const from = i;
        i = at(DIGITS, text, i);
        if (i === from) return problem('a number needs a digit here');
      }
    }
    // After a value: the containers it closes, then a comma and the next value, or the end of the text.
    for (;;) {
      i = at(SPACE, text, i);
      const top = open[open.length - 1];
      if (top === undefined) return i >= n ? undefined : { offset: i, problem: 'more text after the JSON value' };
      const d = text.charCodeAt(i);
      if (d === (top === 123 ? 125 : 93)) {
        open.pop();
        i++;
        continue;
      }
      if (d !== 44) return problem(top === 123 ? "expected ',' or '}'" : "expected ',' or ']'");
      i = at(SPACE, text, i + 1);
      if (top === 123) {
        const bad = key();
        if (bad) return bad;
      } else if (text.charCodeAt(i) === 93) return problem('a comma before the closing ]');
      break;
    }
  }
}

/**
 * The error for text past TOLERANT_LIMIT that JSON.parse refused: where and what strictSyntaxError finds,
 * saying that only strict JSON is read at this size.
 */
export function notStrictError(file: string, text: string, code: string, fix: string): Diagnostic {
  const bad = strictSyntaxError(text);
  return {
    severity: 'error',
    code,
    message: `${file} is not valid JSON${bad ? `: ${bad.problem}` : ''} (a file over ${TOLERANT_LIMIT / 1048576} MB is read as strict JSON only: no comments, no trailing commas)`,
    fix,
    location: { file, ...(bad === undefined ? { line: 1, column: 1 } : lineColumn(text, bad.offset)) },
  };
}

/**
 * The value of JSON text: JSON.parse for strict JSON, jsonc-parser for JSON with comments or trailing
 * commas (its errors into `errors`) when the text is tolerable; past TOLERANT_LIMIT, text JSON.parse
 * refuses is one error at offset 0 (jsonc-parser's InvalidSymbol), so callers report it as invalid JSON.
 * JSON.parse also keeps a `__proto__` key as data, where jsonc-parser's assignment would set the prototype.
 */
export function parseTolerant(text: string, errors: ParseError[], options?: ParseOptions): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not strict JSON: comments and trailing commas are read below, within the limit.
  }
  if (!tolerable(text)) {
    errors.push({ error: 1, offset: 0, length: 0 });
    return undefined;
  }
  return parse(text, errors, options) as unknown;
}
