/**
 * format(): .NET composite formatting, `{index[,alignment][:formatString]}` with `{{`/`}}` escapes
 * (https://learn.microsoft.com/dotnet/standard/base-types/composite-formatting), as the ARM reference
 * says ("uses the composite format syntax of String.Format"), under the invariant culture.
 *
 * Numeric format strings supported: N/n, F/f, D/d, X/x, P/p, E/e, G/g with an optional precision,
 * and custom patterns made of `0`, `#`, `,` and one `.` (e.g. `0.00`, `#,##0`). Anything else is an
 * error naming the format string, never a silently different result.
 */
import type { Value } from '../types.js';
import { FunctionError, MAX_STRING_LENGTH, isObject, toText } from './values.js';

/** A format item of a pattern: `{index[,alignment][:formatString]}` as written (`item`), and its parts. */
interface FormatItem {
  item: string;
  index: number;
  alignment: string | undefined;
  spec: string | undefined;
}

/**
 * A pattern read once: its literal text (runs and escaped braces joined) and items in order, up to the
 * first error in its syntax, kept to be thrown where the reading stopped (after the items before it, whose
 * own errors depend on the arguments and come first).
 */
interface ParsedPattern {
  parts: (string | FormatItem)[];
  error: string | undefined;
}

// Templates format with the same few patterns again and again (format('{0}-{1}', …) in every copy):
// each is read once, and its literal parts are the same strings at every call (no slice of the pattern
// per part and call). Bounded, for long-lived processes.
const patterns = new Map<string, ParsedPattern>();
let patternChars = 0;

function parsedPattern(pattern: string): ParsedPattern {
  let p = patterns.get(pattern);
  if (p === undefined) {
    p = parsePattern(pattern);
    if (patterns.size >= 10_000 || patternChars > 4_000_000) {
      patterns.clear();
      patternChars = 0;
    }
    patterns.set(pattern, p);
    patternChars += pattern.length;
  }
  return p;
}

function parsePattern(pattern: string): ParsedPattern {
  const parts: (string | FormatItem)[] = [];
  let text = '';
  let i = 0;
  const n = pattern.length;
  const stop = (error: string): ParsedPattern => {
    if (text !== '') parts.push(text);
    return { parts, error };
  };
  while (i < n) {
    // The text up to the next brace is taken as one piece, not character by character.
    let j = i;
    for (let d = pattern.charCodeAt(j); j < n && d !== 123 && d !== 125; d = pattern.charCodeAt(++j));
    if (j > i) {
      text += pattern.slice(i, j);
      i = j;
      if (i >= n) break;
    }
    const c = pattern.charAt(i);
    if (c === '{') {
      if (pattern.charAt(i + 1) === '{') {
        text += '{';
        i += 2;
        continue;
      }
      const end = pattern.indexOf('}', i);
      if (end < 0) return stop(`format(): '{' at position ${i} of the format string is not closed; write '{{' for a literal brace`);
      const item = pattern.slice(i + 1, end);
      const m = DIGITS.test(item) ? undefined : ITEM.exec(item);
      if (m === null) return stop(`format(): '{${item}}' is not a format item; use {index[,alignment][:format]}`);
      if (text !== '') parts.push(text);
      text = '';
      parts.push({ item, index: Number(m === undefined ? item : m[1]), alignment: m?.[2], spec: m?.[3] });
      i = end + 1;
      continue;
    }
    if (c === '}') {
      if (pattern.charAt(i + 1) === '}') {
        text += '}';
        i += 2;
        continue;
      }
      return stop(`format(): '}' at position ${i} has no matching '{'; write '}}' for a literal brace`);
    }
  }
  if (text !== '') parts.push(text);
  return { parts, error: undefined };
}

/**
 * `pattern` formatted with the values `args[first]`, `args[first + 1]`… (format() passes its own arguments
 * and 1, rather than a copy of them without the pattern).
 */
export function formatComposite(pattern: string, args: readonly Value[], first = 0): string {
  const { parts, error } = parsedPattern(pattern);
  const count = args.length - first;
  let out = '';
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p] as string | FormatItem;
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    if (part.index >= count) {
      throw new FunctionError(`format(): '{${part.item}}' refers to argument ${part.index}, but only ${count} value(s) follow the format string`);
    }
    let text = formatValue(args[first + part.index] ?? null, part.spec);
    if (part.alignment !== undefined) {
      const width = Number(part.alignment);
      if (Math.abs(width) > MAX_STRING_LENGTH) throw new FunctionError(`format(): alignment ${width} exceeds the ${MAX_STRING_LENGTH}-character limit of this tool`);
      text = width < 0 ? text.padEnd(-width) : text.padStart(width);
    }
    out += text;
  }
  if (error !== undefined) throw new FunctionError(error);
  return out;
}

/** A format item: `index[,alignment][:formatString]`; most are the index alone. */
const ITEM = /^\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?(?::(.*))?$/s;
const DIGITS = /^\d+$/;

function groupThousands(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Rounds half away from zero on the decimal digits, as .NET Core 3.0+ formatting does. */
function fixed(n: number, digits: number): string {
  const s = Math.abs(n).toFixed(digits);
  return n < 0 && Number(s) !== 0 ? `-${s}` : s;
}

function withGroups(s: string): string {
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const [int, frac] = body.split('.');
  return `${neg ? '-' : ''}${groupThousands(int ?? '')}${frac !== undefined ? `.${frac}` : ''}`;
}

/**
 * How format() writes an object or array argument: compact JSON whose strings (keys too) are in single
 * quotes, keys in the object's order. Azure's engine renders Bicep's `'${obj}<>${arr}'` (compiled to
 * format()) as `{'a':'b','!c':2}<>[true,2893,'abc']` (Azure/bicep,
 * src/Bicep.Core.IntegrationTests/EvaluationTests.cs, String_expressions_are_evaluated_successfully,
 * evaluated by the Azure.Deployments template engine), unlike string(), which writes double quotes.
 * Inside those quotes `'` and `\` are escaped with a backslash, and control characters as \n, \t… or \u00XX:
 * what Newtonsoft.Json (the engine's JSON library) writes with QuoteChar `'`; no baseline shows an
 * escaped character, so this part follows that library rather than an observed output.
 */
export function singleQuotedJson(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return quoteSingle(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map(singleQuotedJson).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).map((k) => `${quoteSingle(k)}:${singleQuotedJson(v[k] ?? null)}`).join(',')}}`;
  // Unknown values and lambdas never reach here: format() returns Unknown first, and lambdas are refused.
  return toText(v);
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = { "'": "\\'", '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\f': '\\f', '\b': '\\b' };

function quoteSingle(s: string): string {
  // eslint-disable-next-line no-control-regex
  const body = s.replace(/['\\\u0000-\u001f\u0085\u2028\u2029]/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${body}'`;
}

function formatValue(v: Value, spec: string | undefined): string {
  if (Array.isArray(v) || isObject(v)) return singleQuotedJson(v);
  if (spec === undefined || spec === '' || typeof v !== 'number') return toText(v);
  const m = /^([NnFfDdXxPpEeGg])(\d{0,2})$/.exec(spec);
  if (m) {
    const kind = (m[1] ?? '').toUpperCase();
    const p = m[2] === '' || m[2] === undefined ? undefined : Number(m[2]);
    switch (kind) {
      case 'N':
        return withGroups(fixed(v, p ?? 2));
      case 'F':
        return fixed(v, p ?? 2);
      case 'D': {
        if (!Number.isInteger(v)) throw new FunctionError(`format(): '${spec}' needs an integer, but the value is ${v}`);
        const digits = String(Math.abs(v)).padStart(p ?? 0, '0');
        return v < 0 ? `-${digits}` : digits;
      }
      case 'X': {
        if (!Number.isInteger(v)) throw new FunctionError(`format(): '${spec}' needs an integer, but the value is ${v}`);
        // Negative values print as two's complement of the 32-bit (Int32) or 64-bit (Int64) value.
        const hex = v < 0 ? (BigInt.asUintN(v >= -0x80000000 ? 32 : 64, BigInt(v))).toString(16) : v.toString(16);
        const padded = hex.padStart(p ?? 0, '0');
        return m[1] === 'X' ? padded.toUpperCase() : padded;
      }
      case 'P':
        // Invariant culture percent pattern is "n %".
        return `${withGroups(fixed(v * 100, p ?? 2))} %`;
      case 'E': {
        const s = v.toExponential(p ?? 6);
        const [mant, exp] = s.split('e');
        const e = Number(exp);
        const expText = `${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(3, '0')}`;
        return `${mant}${m[1] === 'E' ? 'E' : 'e'}${expText}`;
      }
      case 'G':
        return p === undefined || p === 0 ? String(v) : generalWithPrecision(v, p, m[1] === 'G' ? 'E' : 'e');
    }
  }
  if (/^[0#,]*(\.[0#]*)?$/.test(spec)) return custom(v, spec);
  throw new FunctionError(`format(): the format string '${spec}' is not supported; use N, F, D, X, P, E, G (with precision) or a 0/#/,/. pattern`);
}

/**
 * "G<p>": at most p significant digits, in fixed-point notation "if the exponent that would result from
 * expressing the number in scientific notation is greater than -5 and less than the precision specifier;
 * otherwise, scientific notation is used", trailing zeros dropped, and "the exponent contains a minimum of two
 * digits" (https://learn.microsoft.com/dotnet/standard/base-types/standard-numeric-format-strings#GFormatString,
 * read 2026-12-07): G3 of 1234.5 is 1.23E+03, not 1230.
 */
function generalWithPrecision(v: number, p: number, e: 'E' | 'e'): string {
  const [mant = '', expText = '0'] = v.toExponential(p - 1).split('e');
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '').replace(/0+$/, '') || '0';
  const sign = neg && digits !== '0' ? '-' : '';
  if (exp > -5 && exp < p) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    return `${sign}${int}${frac ? `.${frac}` : ''}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}${e}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function custom(v: number, spec: string): string {
  const [intPart, fracPart = ''] = spec.split('.');
  const grouping = (intPart ?? '').includes(',');
  const minInt = ((intPart ?? '').match(/0/g) ?? []).length;
  const minFrac = (fracPart.match(/0/g) ?? []).length;
  const maxFrac = fracPart.length;
  let s = fixed(v, maxFrac);
  const neg = s.startsWith('-');
  if (neg) s = s.slice(1);
  let [int = '', frac = ''] = s.split('.');
  while (frac.length > minFrac && frac.endsWith('0')) frac = frac.slice(0, -1);
  int = int.replace(/^0+/, '').padStart(minInt, '0');
  if (grouping) int = groupThousands(int);
  const body = frac ? `${int}.${frac}` : int;
  return neg && body !== '' && /[1-9]/.test(body) ? `-${body}` : body === '' ? '' : body;
}
