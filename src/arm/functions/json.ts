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
    return lit === 'true' ? true : lit === 'false' ? false : lit === 'null' ? null : Number(lit);
  };
  const v = value();
  skip();
  if (i < text.length) fail('unexpected text after the value');
  return v;
}
