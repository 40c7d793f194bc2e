import { ExpressionError } from '../types.js';

export type TokenKind = 'string' | 'integer' | 'identifier' | '(' | ')' | '[' | ']' | ',' | '.' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The decoded value: string contents with `''` unescaped, the identifier, or the digits with sign. */
  readonly text: string;
  readonly offset: number;
}

const PUNCTUATION = new Set(['(', ')', '[', ']', ',', '.']);

function isIdentStart(c: string): boolean {
  return /[A-Za-z_$]/.test(c);
}
function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_$]/.test(c);
}

/**
 * Splits an expression into tokens. String literals use single quotes with `''` as the escaped quote
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions#escape-characters).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (PUNCTUATION.has(c)) {
      tokens.push({ kind: c as TokenKind, text: c, offset: i });
      i++;
      continue;
    }
    if (c === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) {
          throw new ExpressionError(
            `unterminated string literal starting at offset ${start}; close it with ' (write '' for a quote inside)`,
            text,
            start,
          );
        }
        const d = text.charAt(i);
        if (d === "'") {
          if (text.charAt(i + 1) === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += d;
        i++;
      }
      tokens.push({ kind: 'string', text: value, offset: start });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text.charAt(i + 1)))) {
      const start = i;
      i++;
      while (i < text.length && /[0-9]/.test(text.charAt(i))) i++;
      if (text.charAt(i) === '.' && /[0-9]/.test(text.charAt(i + 1))) {
        throw new ExpressionError(
          `decimal literal at offset ${start}: ARM expressions have integer literals only; use float('${text.slice(start, i)}.…') for a decimal`,
          text,
          start,
        );
      }
      tokens.push({ kind: 'integer', text: text.slice(start, i), offset: start });
      continue;
    }
    if (isIdentStart(c)) {
      const start = i;
      i++;
      while (i < text.length && isIdentPart(text.charAt(i))) i++;
      tokens.push({ kind: 'identifier', text: text.slice(start, i), offset: start });
      continue;
    }
    throw new ExpressionError(`unexpected character '${c}' at offset ${i}`, text, i);
  }
  tokens.push({ kind: 'end', text: '', offset: text.length });
  return tokens;
}
