import { ExpressionError } from '../types.js';

export type TokenKind = 'string' | 'integer' | 'identifier' | '(' | ')' | '[' | ']' | ',' | '.' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The decoded value: string contents with `''` unescaped, the identifier, or the digits with sign. */
  readonly text: string;
  readonly offset: number;
}

const SPACE = /[ \t\n\r]+/y;
const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const INTEGER = /-?[0-9]+/y;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Splits an expression into tokens. String literals use single quotes with `''` as the escaped quote
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions#escape-characters).
 * Runs of spaces, identifiers and integers are matched by sticky regular expressions and strings found by
 * indexOf: V8 does that in native code, which matters most the first time, before a loop over characters
 * is compiled (a CLI run tokenizes each of a template's expressions once).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      SPACE.lastIndex = i;
      SPACE.test(text);
      i = SPACE.lastIndex;
      continue;
    }
    // ( ) [ ] , .
    if (c === 40 || c === 41 || c === 91 || c === 93 || c === 44 || c === 46) {
      const p = text.charAt(i);
      tokens.push({ kind: p as TokenKind, text: p, offset: i });
      i++;
      continue;
    }
    if (c === 39 /* ' */) {
      const start = i;
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf("'", from);
        if (q < 0) {
          throw new ExpressionError(
            `unterminated string literal starting at offset ${start}; close it with ' (write '' for a quote inside)`,
            text,
            start,
          );
        }
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 39) {
          value += "'";
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      tokens.push({ kind: 'string', text: value, offset: start });
      continue;
    }
    if (isDigit(c) || (c === 45 && isDigit(text.charCodeAt(i + 1)))) {
      const start = i;
      INTEGER.lastIndex = i;
      INTEGER.test(text);
      i = INTEGER.lastIndex;
      if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
        throw new ExpressionError(
          `decimal literal at offset ${start}: ARM expressions have integer literals only; use float('${text.slice(start, i)}.…') for a decimal`,
          text,
          start,
        );
      }
      tokens.push({ kind: 'integer', text: text.slice(start, i), offset: start });
      continue;
    }
    IDENTIFIER.lastIndex = i;
    if (IDENTIFIER.test(text)) {
      const start = i;
      i = IDENTIFIER.lastIndex;
      tokens.push({ kind: 'identifier', text: text.slice(start, i), offset: start });
      continue;
    }
    throw new ExpressionError(`unexpected character '${text.charAt(i)}' at offset ${i}`, text, i);
  }
  tokens.push({ kind: 'end', text: '', offset: text.length });
  return tokens;
}
