/**
 * How much text goes to jsonc-parser, the tolerant JSON reader (comments, trailing commas, the position of
 * every value). Its scanner builds each run of white space as a string one character at a time, and its
 * tree costs several times the text: a policy file of 30 MB of spaces and one definition took 1.1 GB, and
 * with 200 MB of spaces `check --assignment` and `expand --parameters` ran out of V8's heap after 45 s
 * (exit 134, measured 2026-12-07). Strict JSON, what Azure and az write, is read by JSON.parse at any size;
 * only text past this that is not strict JSON is refused (notStrictError), with JSON.parse's position.
 */
import { parse, printParseErrorCode, type ParseError, type ParseOptions } from 'jsonc-parser';
import type { Diagnostic } from './diagnostic.js';
import { lineColumn } from './json-depth.js';
import { firstJsonError, shown } from './json-syntax.js';

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

/**
 * The error for text past TOLERANT_LIMIT that JSON.parse refused: where and what firstJsonError finds
 * (json-syntax.ts: Node 20's JSON.parse names no position for some errors, which put them at 1:1 of a file of
 * millions of lines), saying that only strict JSON is read at this size.
 */
export function notStrictError(file: string, text: string, code: string, fix: string): Diagnostic {
  const bad = firstJsonError(text);
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

/**
 * What a jsonc-parser error says, in the plain words of json-syntax.ts's firstJsonError: its messages were
 * the parser's enum names ("not valid JSON: InvalidSymbol", "ValueExpected", "PropertyNameExpected"), which
 * name neither the character found nor what was expected (a YAML spec given to `check` was "InvalidSymbol"
 * three times; an empty file "ValueExpected").
 */
export function parseErrorWords(error: Pick<ParseError, 'error' | 'offset'>, text: string): string {
  const found = text.charAt(error.offset);
  const ends = text.slice(error.offset).trim() === '';
  const expected = (what: string): string => (ends ? `the text ends where ${what} was expected` : `unexpected ${shown(found)} where ${what} was expected`);
  switch (printParseErrorCode(error.error)) {
    case 'InvalidSymbol':
      return ends ? 'the text ends where a value was expected' : `unexpected ${shown(found)}: not the start of a JSON value, key or punctuation`;
    case 'InvalidNumberFormat':
      return 'not a JSON number';
    case 'PropertyNameExpected':
      return expected('a key (a string in double quotes)');
    case 'ValueExpected':
      return text.trim() === '' ? 'the text is empty' : expected('a value');
    case 'ColonExpected':
      return expected('`:`');
    case 'CommaExpected':
      return expected('`,`');
    case 'CloseBraceExpected':
      return ends ? 'the text ends before an object is closed: `}` was expected' : expected('`}`');
    case 'CloseBracketExpected':
      return ends ? 'the text ends before an array is closed: `]` was expected' : expected('`]`');
    case 'EndOfFileExpected':
      return `unexpected ${shown(found)} after the end of the value`;
    case 'InvalidCommentToken':
      return 'a comment: JSON has no comments';
    case 'UnexpectedEndOfComment':
      return 'the text ends inside a /* comment: its closing */ is missing';
    case 'UnexpectedEndOfString':
      return 'the text ends inside a string: its closing `"` is missing';
    case 'UnexpectedEndOfNumber':
      return 'the text ends inside a number';
    case 'InvalidUnicode':
      return 'a bad escape in a string: `\\u` needs four hex digits';
    case 'InvalidEscapeCharacter':
      return 'a bad escape in a string (JSON escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)';
    case 'InvalidCharacter': {
      // jsonc-parser places it at the string's opening quote: the character itself is named.
      const k = text.slice(error.offset).search(/[\u0000-\u001f]/);
      return `a control character (${shown(text.charAt(error.offset + Math.max(0, k)))}) inside a string: write it as an escape`;
    }
    default:
      return printParseErrorCode(error.error);
  }
}
