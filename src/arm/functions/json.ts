/**
 * JSON text as ARM's json() reads it. ARM parses with Newtonsoft Json.NET, which also accepts
 * single-quoted strings, unquoted property names and comments; the reference's own base64ToJson
 * example decodes "{'one': 'a', 'two': 'b'}" to an object
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string#base64tojson).
 */
import type { ObjectValue, Value } from '../types.js';
import { FunctionError } from './values.js';

/**
 * Values read from strict JSON texts, by text: a template reads the same text again in each copy and
 * each nested deployment (Bicep's `json(variables('$fxv#0'))` of a policy file in every tier), and values
 * are never changed once made, so one value serves every read. Bounded by characters.
 */
const parsedTexts = new Map<string, Value>();
let parsedChars = 0;
const PARSED_CHARS = 16_000_000;

const INT64_MAX = 9223372036854775807n;

/**
 * An integer literal ARM cannot hold: its integers are 64-bit ("In Bicep, integers are 64-bit integers",
 * https://learn.microsoft.com/azure/azure-resource-manager/bicep/data-types#integers, read 2026-12-08; a
 * number with a fraction or exponent is not an integer literal). Shared with the template reader.
 */
export function beyond64Bits(literal: string): boolean {
  if (!/^-?\d+$/.test(literal)) return false;
  const v = BigInt(literal);
  return v > INT64_MAX || v < -INT64_MAX - 1n;
}

/** json() of a text holding an integer beyond 64 bits: refused as the template reader refuses one (JavaScript would round it). */
function tooBig(fn: string, literal: string): never {
  throw new FunctionError(`${fn}(): the integer ${literal} does not fit in 64 bits, the size of ARM's integers; use a number from -9223372036854775808 to 9223372036854775807, or a string`);
}

/**
 * The first integer literal beyond 64 bits in JSON text (not in a string, a name or a comment), or undefined.
 * Looked for only in a text with 19 digits in a row (fewer always fit).
 */
function integerBeyond64Bits(text: string): string | undefined {
  if (!/\d{19}/.test(text)) return undefined;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charAt(i);
    if (c === '"' || c === "'") {
      for (i++; i < n && text.charAt(i) !== c; i++) if (text.charAt(i) === '\\') i++;
    } else if (text.startsWith('//', i)) {
      while (i < n && text.charAt(i) !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 1;
    } else if (/[-\d\w$]/.test(c)) {
      // A number, or a name written without quotes (lenient JSON): the whole word at once.
      let k = i + 1;
      while (k < n && /[\w$.+-]/.test(text.charAt(k))) k++;
      const word = text.slice(i, k);
      if (word.length >= 19 && beyond64Bits(word)) return word;
      i = k - 1;
    }
  }
  return undefined;
}

export function parseLenientJson(fn: string, text: string): Value {
  // Strict JSON (what Bicep writes into json('…')) reads to the same value through V8's parser, many
  // times faster; the reader below makes a "__proto__" key the prototype, so such a text stays with it.
  if (!text.includes('__proto__')) {
    const known = parsedTexts.get(text);
    if (known !== undefined) return known;
    let v: Value | undefined;
    try {
      v = JSON.parse(text) as Value;
    } catch {
      // Not strict JSON: single quotes, unquoted names, comments… or an error, reported below.
    }
    if (v !== undefined) {
      const big = integerBeyond64Bits(text);
      if (big !== undefined) tooBig(fn, big);
      if (parsedChars + text.length > PARSED_CHARS) {
        parsedTexts.clear();
        parsedChars = 0;
      }
      parsedTexts.set(text, v);
      parsedChars += text.length;
      return v;
    }
  }
  let i = 0;
  const fail = (what: string): never => {
    throw new FunctionError(`${fn}(): invalid JSON at position ${i}: ${what} in ${text.length > 80 ? `${text.slice(0, 80)}…` : text}`);
  };
  const skip = (): void => {
    for (;;) {
      while (i < text.length && /\s/.test(text.charAt(i))) i++;
      if (text.startsWith('//', i)) {
        while (i < text.length && text.charAt(i) !== '\n') i++;
      } else if (text.startsWith('/*', i)) {
        const end = text.indexOf('*/', i + 2);
        if (end < 0) fail('unclosed comment');
        i = end + 2;
      } else {
        return;
      }
    }
  };
  const str = (): string => {
    const q = text.charAt(i++);
    let out = '';
    while (i < text.length && text.charAt(i) !== q) {
      const c = text.charAt(i++);
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text.charAt(i++);
      const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/', '\\': '\\', '"': '"', "'": "'" };
      if (e === 'u') {
        const hex = text.slice(i, i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
      } else if (map[e] !== undefined) {
        out += map[e];
      } else {
        fail(`bad escape \\${e}`);
      }
    }
    if (i >= text.length) fail('unterminated string');
    i++;
    return out;
  };
  const value = (): Value => {
    skip();
    const c = text.charAt(i);
    if (c === '{') {
      i++;
      const o: ObjectValue = {};
      skip();
      if (text.charAt(i) === '}') {
        i++;
        return o;
      }
      for (;;) {
        skip();
        let key: string;
        const k = text.charAt(i);
        if (k === '"' || k === "'") key = str();
        else {
          const m = /^[A-Za-z_$][\w$]*/.exec(text.slice(i));
          if (!m) return fail('expected a property name');
          key = m[0];
          i += key.length;
        }
        skip();
        if (text.charAt(i) !== ':') fail("expected ':'");
        i++;
        o[key] = value();
        skip();
        if (text.charAt(i) === ',') {
          i++;
          skip();
          if (text.charAt(i) === '}') {
            i++;
            return o;
          }
          continue;
        }
        if (text.charAt(i) === '}') {
          i++;
          return o;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const a: Value[] = [];
      skip();
      if (text.charAt(i) === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value());
        skip();
        if (text.charAt(i) === ',') {
          i++;
          skip();
          if (text.charAt(i) === ']') {
            i++;
            return a;
          }
          continue;
        }
        if (text.charAt(i) === ']') {
          i++;
          return a;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"' || c === "'") return str();
    const m = /^(-?(?:\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!m) return fail('expected a value');
    i += (m[1] ?? '').length;
    const lit = m[1] ?? '';
    if (lit.length >= 19 && beyond64Bits(lit)) tooBig(fn, lit);
    return lit === 'true' ? true : lit === 'false' ? false : lit === 'null' ? null : Number(lit);
  };
  const v = value();
  skip();
  if (i < text.length) fail('unexpected text after the value');
  return v;
}
