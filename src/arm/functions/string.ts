/**
 * String functions. https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string
 * (concat, contains, empty, first, last, indexOf, lastIndexOf, length, skip, take live in collection.ts.)
 */
import { Unknown } from '../../core/unknown.js';
import type { Value } from '../types.js';
import { toLowerInvariant, toUpperInvariant } from './casing.js';
import { eager, type StdFunction } from './define.js';
import { formatComposite } from './format.js';
import { armGuid, uniqueString } from './hash.js';
import { parseLenientJson } from './json.js';
import { FunctionError, MAX_STRING_LENGTH, arg, arr, findUnknown, int, isObject, onlyInParameterDefault, str, toText, unknownFrom, wrongType } from './values.js';

/**
 * Base64 as .NET's Convert.FromBase64String reads it: tab, line feed, carriage return and space are ignored
 * anywhere, and what is left must be base64 digits with at most two '=' of padding, its length "zero or a
 * multiple of 4" (https://learn.microsoft.com/dotnet/api/system.convert.frombase64string, Exceptions, read
 * 2026-12-08): 'YQ' is refused there, where Node decodes it.
 */
function decodeBase64(fn: string, s: string): string {
  const digits = s.replace(/[ \t\r\n]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(digits) || digits.length % 4 !== 0) {
    throw new FunctionError(`${fn}(): '${s}' is not valid base64: after white space, it must be base64 digits with at most two '=' of padding, its length a multiple of 4`);
  }
  return Buffer.from(digits, 'base64').toString('utf8');
}

function parseJson(fn: string, s: string): Value {
  return parseLenientJson(fn, s);
}

/** .NET Uri.EscapeDataString: everything but RFC 3986 unreserved characters is percent-encoded. */
export function escapeDataString(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** RFC 3986 appendix B: scheme, authority, path, query, fragment (undefined when absent). */
const URI_PARTS = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;

/** RFC 3986 section 5.2.4: `.` and `..` segments removed from a path. */
function removeDotSegments(path: string): string {
  let input = path;
  let out = '';
  while (input !== '') {
    if (input.startsWith('../')) input = input.slice(3);
    else if (input.startsWith('./')) input = input.slice(2);
    else if (input.startsWith('/./')) input = input.slice(2);
    else if (input === '/.') input = '/';
    else if (input.startsWith('/../') || input === '/..') {
      input = `/${input.slice(input === '/..' ? 3 : 4)}`;
      out = out.slice(0, Math.max(0, out.lastIndexOf('/')));
    } else if (input === '.' || input === '..') input = '';
    else {
      const next = input.indexOf('/', input.startsWith('/') ? 1 : 0);
      const seg = next < 0 ? input : input.slice(0, next);
      out += seg;
      input = input.slice(seg.length);
    }
  }
  return out;
}

/**
 * uri(base, relative): "the baseUri and relativeUri parameters are resolved as specified in RFC 3986,
 * section 5" (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string#uri,
 * read 2026-12-07), whose merge gives the reference's trailing-slash rules (a base ending in '/' is followed by
 * the relative part; otherwise its last segment is dropped first) and whose dot-segment removal resolves
 * `../`; a relative URI with a scheme replaces the base. No other normalization (case, ports, escapes).
 */
function combineUri(base: string, relative: string): string {
  const b = URI_PARTS.exec(base);
  if (!b || b[1] === undefined || !/^[a-z][a-z0-9+.-]*$/i.test(b[1]) || b[2] === undefined) {
    throw new FunctionError(`uri(): the base '${base}' is not an absolute URI`);
  }
  const r = URI_PARTS.exec(relative) as RegExpExecArray;
  const [, rScheme, rAuth, rPath = '', rQuery, rFrag] = r;
  let scheme = b[1];
  let auth: string | undefined = b[2];
  let path: string;
  let query: string | undefined;
  if (rScheme !== undefined && /^[a-z][a-z0-9+.-]*$/i.test(rScheme)) {
    scheme = rScheme;
    auth = rAuth;
    path = removeDotSegments(rPath);
    query = rQuery;
  } else if (rAuth !== undefined) {
    auth = rAuth;
    path = removeDotSegments(rPath);
    query = rQuery;
  } else if (rPath === '') {
    path = b[3] ?? '';
    query = rQuery ?? b[4];
  } else if (rPath.startsWith('/')) {
    path = removeDotSegments(rPath);
    query = rQuery;
  } else {
    const bPath = b[3] ?? '';
    const merged = bPath === '' ? `/${rPath}` : `${bPath.slice(0, bPath.lastIndexOf('/') + 1)}${rPath}`;
    path = removeDotSegments(merged);
    query = rQuery;
  }
  return `${scheme}:${auth !== undefined ? `//${auth}` : ''}${path}${query !== undefined ? `?${query}` : ''}${rFrag !== undefined ? `#${rFrag}` : ''}`;
}

/**
 * What .NET's String.Trim() removes: the characters Char.IsWhiteSpace accepts, "Members of the
 * UnicodeCategory.SpaceSeparator category", the LINE SEPARATOR and PARAGRAPH SEPARATOR, and U+0009–U+000D
 * and NEXT LINE (U+0085) (https://learn.microsoft.com/dotnet/api/system.char.iswhitespace, read 2026-12-08).
 * JavaScript's trim() differs at two: it keeps U+0085 and removes the byte order mark U+FEFF, which is not
 * white space in .NET (a format character).
 */
const DOTNET_WHITE_SPACE = /^[\t\n\v\f\r\u0085\p{Zs}\u2028\u2029]+|[\t\n\v\f\r\u0085\p{Zs}\u2028\u2029]+$/gu;

/** `args`, each checked to be a string (the array itself, not a copy: callers only read it). */
function stringArgs(fn: string, args: readonly Value[]): readonly string[] {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Value;
    if (typeof a !== 'string') wrongType(fn, i, 'a string', a);
  }
  return args as readonly string[];
}

export const stringFunctions: StdFunction[] = [
  eager('base64', ['string'], 1, 1, (args) => Buffer.from(str('base64', args, 0), 'utf8').toString('base64')),
  eager('base64ToString', ['string'], 1, 1, (args) => decodeBase64('base64ToString', str('base64ToString', args, 0))),
  eager('base64ToJson', ['string'], 1, 1, (args) =>
    parseJson('base64ToJson', decodeBase64('base64ToJson', str('base64ToJson', args, 0))),
  ),
  eager('dataUri', ['string'], 1, 1, (args) => {
    const v = arg(args, 0);
    const text = typeof v === 'string' ? v : toText(v);
    return `data:text/plain;charset=utf8;base64,${Buffer.from(text, 'utf8').toString('base64')}`;
  }),
  eager('dataUriToString', ['string'], 1, 1, (args) => {
    const s = str('dataUriToString', args, 0);
    const m = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(s);
    if (!m) throw new FunctionError(`dataUriToString(): '${s}' is not a data URI (data:[mediatype][;base64],data)`);
    return m[2] ? decodeBase64('dataUriToString', m[3] ?? '') : decodeURIComponent(m[3] ?? '');
  }),
  // startsWith/endsWith ignore case (reference examples: startsWith('abcdef', 'A') is true), compared in
  // .NET's invariant casing (casing.ts).
  eager('startsWith', ['string'], 2, 2, (args) =>
    toUpperInvariant(str('startsWith', args, 0)).startsWith(toUpperInvariant(str('startsWith', args, 1))),
    { borrowsArgs: true },
  ),
  eager('endsWith', ['string'], 2, 2, (args) =>
    toUpperInvariant(str('endsWith', args, 0)).endsWith(toUpperInvariant(str('endsWith', args, 1))),
    { borrowsArgs: true },
  ),
  eager(
    'format',
    ['string'],
    1,
    Infinity,
    (args) => {
      const u = findUnknown(args as Value[]);
      if (u) return unknownFrom('format', u);
      // The values in place, from the second argument on: no copy of the arguments.
      return formatComposite(str('format', args, 0), args, 1);
    },
    { handlesUnknown: true, borrowsArgs: true },
  ),
  eager('guid', ['string'], 1, Infinity, (args) => armGuid(stringArgs('guid', args)), { borrowsArgs: true }),
  eager('uniqueString', ['string'], 1, Infinity, (args) => uniqueString(stringArgs('uniqueString', args)), { borrowsArgs: true }),
  eager('join', ['string'], 2, 2, (args) => {
    const a = arr('join', args, 0);
    const sep = str('join', args, 1);
    const u = findUnknown(a);
    if (u) return unknownFrom('join', u);
    return a
      .map((x, i) => {
        if (Array.isArray(x) || isObject(x)) {
          throw new FunctionError(`join(): element ${i} of the array is ${Array.isArray(x) ? 'an array' : 'an object'}; only strings, integers and booleans can be joined`);
        }
        return toText(x);
      })
      .join(sep);
  }),
  eager('json', ['object', 'string'], 1, 1, (args) => {
    const v = arg(args, 0);
    if (typeof v !== 'string') return wrongType('json', 0, 'a string', v);
    return parseJson('json', v);
  }),
  eager('newGuid', ['string'], 0, 0, (_args, ctx) => {
    onlyInParameterDefault('newGuid', ctx);
    return ctx.newGuid ? ctx.newGuid() : new Unknown('newGuid() returns a new random GUID at deployment time');
  }),
  eager('padLeft', ['string'], 2, 3, (args) => {
    const v = arg(args, 0);
    if (typeof v !== 'string' && typeof v !== 'number') wrongType('padLeft', 0, 'a string or integer', v);
    const total = int('padLeft', args, 1);
    const pad = args.length > 2 ? str('padLeft', args, 2) : ' ';
    if (pad.length !== 1) throw new FunctionError(`padLeft(): the padding character must be one character, but it is '${pad}'`);
    if (total > MAX_STRING_LENGTH) throw new FunctionError(`padLeft(): totalLength ${total} exceeds the ${MAX_STRING_LENGTH}-character limit of this tool`);
    // .NET's String.PadLeft throws ArgumentOutOfRangeException when "totalWidth is less than zero"
    // (https://learn.microsoft.com/dotnet/api/system.string.padleft, read 2026-12-08).
    if (total < 0) throw new FunctionError(`padLeft(): totalLength ${total} must not be negative`);
    return String(v).padStart(total, pad);
  }),
  eager('replace', ['string'], 3, 3, (args) => {
    const s = str('replace', args, 0);
    const from = str('replace', args, 1);
    if (from === '') throw new FunctionError('replace(): the string to replace must not be empty');
    const to = str('replace', args, 2);
    // replaceAll reads `$&`, `$1`… in its replacement as patterns, which ARM's replace() does not.
    return to.includes('$') ? s.split(from).join(to) : s.replaceAll(from, to);
  }, { borrowsArgs: true }),
  eager('split', ['string'], 2, 2, (args) => {
    const s = str('split', args, 0);
    const d = arg(args, 1);
    // One non-empty delimiter (the common case, split(id, '/')): JavaScript's split cuts at the same places,
    // answered without the arrays of delimiters below.
    if (typeof d === 'string' && d !== '') return s.split(d);
    const delims = typeof d === 'string' ? [d] : Array.isArray(d) ? stringArgs('split', d) : wrongType('split', 1, 'a string or array of strings', d);
    const used = delims.filter((x) => x !== '');
    // One delimiter left (an array of one, empty ones dropped): JavaScript's split cuts at the same places.
    if (used.length === 1) return s.split(used[0] as string);
    const parts: string[] = [];
    let start = 0;
    let i = 0;
    // .NET String.Split(string[]): at each position the first delimiter (in array order) that matches wins.
    while (i <= s.length) {
      let hit: string | undefined;
      for (const x of used) {
        if (s.startsWith(x, i)) {
          hit = x;
          break;
        }
      }
      if (hit !== undefined) {
        parts.push(s.slice(start, i));
        i += hit.length;
        start = i;
      } else {
        i++;
      }
    }
    parts.push(s.slice(start));
    return parts;
  }, { borrowsArgs: true }),
  eager(
    'string',
    ['string'],
    1,
    1,
    (args) => {
      const v = arg(args, 0);
      const u = findUnknown(v);
      if (u) return unknownFrom('string', u);
      return toText(v);
    },
    { handlesUnknown: true, borrowsArgs: true },
  ),
  eager('substring', ['string'], 1, 3, (args) => {
    const s = str('substring', args, 0);
    const start = args.length > 1 ? int('substring', args, 1) : 0;
    const len = args.length > 2 ? int('substring', args, 2) : s.length - start;
    if (start < 0 || start > s.length || len < 0 || start + len > s.length) {
      // Azure's wording, as the reference quotes it: "The index and length parameters must refer to a location
      // within the string. The index parameter: '0', the length parameter: '11', the length of the string
      // parameter: '10'." (template-functions-string#substring, remarks, read 2026-12-07).
      throw new FunctionError(
        `substring(): The index and length parameters must refer to a location within the string. The index parameter: '${start}', the length parameter: '${len}', the length of the string parameter: '${s.length}'.`,
      );
    }
    return s.slice(start, start + len);
  }, { borrowsArgs: true }),
  eager('toLower', ['string'], 1, 1, (args) => toLowerInvariant(str('toLower', args, 0)), { borrowsArgs: true }),
  eager('toUpper', ['string'], 1, 1, (args) => toUpperInvariant(str('toUpper', args, 0)), { borrowsArgs: true }),
  eager('trim', ['string'], 1, 1, (args) => str('trim', args, 0).replace(DOTNET_WHITE_SPACE, '')),
  eager('uri', ['string'], 2, 2, (args) => combineUri(str('uri', args, 0), str('uri', args, 1))),
  eager('uriComponent', ['string'], 1, 1, (args) => escapeDataString(str('uriComponent', args, 0))),
  eager('uriComponentToString', ['string'], 1, 1, (args) => {
    const s = str('uriComponentToString', args, 0);
    try {
      return decodeURIComponent(s);
    } catch {
      throw new FunctionError(`uriComponentToString(): '${s}' is not a valid percent-encoded string`);
    }
  }),
];
