/**
 * format(): .NET composite formatting, `{index[,alignment][:formatString]}` with `{{`/`}}` escapes
 * (https://learn.microsoft.com/dotnet/standard/base-types/composite-formatting), as the ARM reference
 * says ("uses the composite format syntax of String.Format"), under the invariant culture.
 *
 * Numbers are formatted as .NET does under the invariant culture (dotnet-number.ts): the standard format
 * strings C, D, E, F, G, N, P, R and X with an optional precision, and custom ones (`0.00`, `#,##0`, `0%`,
 * `0.###E+0`, `'literal'`, sections separated by `;`). A format .NET refuses is an error naming it.
 */
import type { Value } from '../types.js';
import { formatNumber } from './dotnet-number.js';
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
  // A string or boolean is not formattable in .NET: its format string is ignored (composite-formatting:
  // "If the object does not implement IFormattable, … its ToString method is called").
  if (spec === undefined || spec === '' || typeof v !== 'number') return toText(v);
  return formatNumber(v, spec);
}
