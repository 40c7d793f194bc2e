/**
 * What `il5ml check` reads: an ARM template (expanded by the template engine), or resources as Azure
 * returns them — a JSON array (`az resource list`), `{"data": […]}` (`az graph query`) or `{"value": […]}`
 * (the REST list APIs), or one resource object (`az resource show`).
 */
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import type { AzureResource } from '../core/resource.js';
import { Unknown } from '../core/unknown.js';
import { elementOffsets, skipTrivia } from '../core/json-items.js';
import { bomAsSpace, notStrictError, parseErrorWords, tolerable } from '../core/json-tolerant.js';
import { lineIndex } from '../core/line-index.js';
import { LocatedReader } from './json-located.js';
import { nextPageError, nextPageKey } from './next-page.js';
import { armNameOf } from './resource-pattern.js';

export type CheckInput =
  | { kind: 'template'; file: string; text: string }
  | { kind: 'resources'; file: string; resources: AzureResource[] };

/** A template has `$schema` naming a deployment template, or `resources` beside `contentVersion`. */
function isTemplate(doc: Record<string, unknown>): boolean {
  const schema = doc.$schema;
  if (typeof schema === 'string' && /deploymentTemplate/i.test(schema)) return true;
  return 'resources' in doc && ('contentVersion' in doc || '$schema' in doc);
}

/**
 * Classifies and reads an input file; errors name the file, line and column. Plain JSON is read with
 * JSON.parse and the items' positions with a scan of the text (a 100,000-resource export stays fast);
 * text with comments or trailing commas, or invalid text, goes through jsonc-parser.
 */
export function readCheckInput(file: string, input: string): { input?: CheckInput; diagnostics: Diagnostic[] } {
  // A template saved by Windows PowerShell or a Windows editor starts with a byte-order mark (core/json-tolerant.ts).
  const text = bomAsSpace(input);
  let parsed: unknown;
  let plain = true;
  try {
    parsed = JSON.parse(text);
  } catch {
    plain = false;
  }
  const lines = lineIndex(text);
  if (!plain && !tolerable(text)) {
    return { diagnostics: [notStrictError(file, text, 'IL5-CHECK-JSON', 'give an ARM template or a JSON list of resources (az resource list, az graph query)')] };
  }
  if (!plain) {
    const errors: ParseError[] = [];
    const tree = parseTree(text, errors, { disallowComments: false, allowTrailingComma: true });
    if (errors.length || !tree) {
      return {
        diagnostics: (errors.length ? errors.slice(0, 5) : [{ error: 0, offset: 0, length: 0 }]).map((e) => ({
          severity: 'error' as const,
          code: 'IL5-CHECK-JSON',
          message: errors.length ? `${file} is not valid JSON: ${parseErrorWords(e, text)}` : `${file} is empty`,
          fix: 'give an ARM template or a JSON list of resources (az resource list, az graph query)',
          location: { file, ...lines.at(e.offset) },
        })),
      };
    }
    parsed = nodeValue(tree);
  }
  // Classified before Unknown revival: revival changes no key a test below reads (an array stays an
  // array, `id`/`type` of a resource object stay non-strings), and it then walks only the items.
  const doc = parsed;
  let items: unknown[] | undefined;
  let offsets: number[] = [];
  let single = false;
  // Items whose text may hold the marker `"$unknown"`, found by the same scan that finds their positions.
  const marked: number[] = [];
  if (Array.isArray(doc)) {
    items = doc;
    offsets = elementOffsets(text, undefined, marked);
  } else if (doc !== null && typeof doc === 'object') {
    const o = doc as Record<string, unknown>;
    if (isTemplate(o)) return { input: { kind: 'template', file, text }, diagnostics: [] };
    for (const key of ['data', 'value']) {
      if (Array.isArray(o[key])) {
        items = o[key] as unknown[];
        offsets = elementOffsets(text, key, marked);
        break;
      }
    }
    // One page of several (next-page.ts): refused, as the streaming reader refuses it.
    const next = items ? nextPageKey(o) : undefined;
    if (next !== undefined) return { diagnostics: [nextPageError(file, next, String(o[next]), new LocatedReader(file, 'IL5-CHECK-INPUT', text).find([next]), 'resources', 'IL5-CHECK-INPUT')] };
    if (!items && typeof o.id === 'string' && typeof o.type === 'string') {
      items = [reviveInPlace(o)];
      offsets = [skipTrivia(text, 0)];
      single = true;
    }
  }
  if (items && !single) reviveItems(text, items, offsets, marked);
  if (!items) {
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'IL5-CHECK-INPUT',
          message: `${file} is neither an ARM template ($schema, resources) nor a list of resources`,
          fix: 'give an ARM template, a JSON array of resources, {"data": […]} from az graph query, or {"value": […]}',
          location: { file, line: 1, column: 1 },
        },
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const resources: AzureResource[] = [];
  items.forEach((item, i) => {
    const r = resourceFromItem(item, i, file, { file, ...lines.at(offsets[i] ?? 0) });
    if ('diagnostic' in r) diagnostics.push(r.diagnostic);
    else resources.push(r.resource);
  });
  if (diagnostics.length) return { diagnostics };
  return { input: { kind: 'resources', file, resources }, diagnostics };
}

/**
 * Item i of a resource list, freshly parsed, as a resource: it must be an object with an "id" and a
 * "type". The item becomes the resource in place (same keys in the same order as a copy would have),
 * which spares a second 100,000-object tree and its GC; the parsed tree belongs to the caller alone.
 */
export function resourceFromItem(item: unknown, i: number, file: string, loc: SourceLocation): { resource: AzureResource } | { diagnostic: Diagnostic } {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return { diagnostic: { severity: 'error', code: 'IL5-CHECK-RESOURCE', message: `item ${i} of ${file} is not a resource object`, fix: 'each item needs at least "id" and "type"', location: loc } };
  }
  const r = item as Record<string, unknown>;
  const missing = ['id', 'type'].filter((k) => typeof r[k] !== 'string' || r[k] === '');
  if (missing.length) {
    return {
      diagnostic: {
        severity: 'error',
        code: 'IL5-CHECK-RESOURCE',
        message: `resource ${i} of ${file} has no ${missing.join(' and ')}`,
        fix: 'give every resource its full "id" and its "type" as Azure returns them (az resource list, az graph query "Resources")',
        location: loc,
      },
    };
  }
  if (typeof r.name !== 'string') r.name = armNameOf(r.id as string);
  r.source = loc;
  return { resource: r as unknown as AzureResource };
}

function nodeValue(n: JsonNode): unknown {
  switch (n.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of n.children ?? []) {
        const k = p.children?.[0];
        const v = p.children?.[1];
        if (k && v) o[String(k.value)] = nodeValue(v);
      }
      return o;
    }
    case 'array':
      return (n.children ?? []).map(nodeValue);
    default:
      return n.value as unknown;
  }
}

/**
 * Revives Unknown in the items that may hold the marker only: those in which the position scan met a
 * string starting with `$` or a backslash (every spelling of the key `$unknown`, escaped ones included).
 * An export from Azure has none; a 100,000-resource estate from templates has them in a few items, and
 * walking every item cost a tenth of a check. Reviving an item without a marker changes nothing.
 */
function reviveItems(text: string, items: unknown[], offsets: readonly number[], marked: readonly number[]): void {
  if (offsets.length !== items.length) {
    // Positions not found (should not happen): walk every item, as before the scan marked them.
    if (text.includes('$unknown') || text.includes('\\u')) for (let i = 0; i < items.length; i++) items[i] = reviveInPlace(items[i]);
    return;
  }
  for (const i of marked) {
    const x: unknown = items[i];
    if (x !== null && typeof x === 'object') items[i] = reviveInPlace(x);
  }
}

/**
 * Turns `{"$unknown": "why"}` into Unknown inside freshly parsed JSON, in place: the parsed tree belongs
 * to the caller alone, and copying 100,000 resources would double the memory and the time.
 */
export function reviveInPlace(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x !== null && typeof x === 'object') v[i] = reviveInPlace(x);
    }
    return v;
  }
  const o = v as Record<string, unknown>;
  const u = o.$unknown;
  if (typeof u === 'string') {
    let n = 0;
    for (const _ in o) n += 1;
    if (n === 1) return new Unknown(u);
  }
  for (const k in o) {
    const x = o[k];
    if (x !== null && typeof x === 'object') o[k] = reviveInPlace(x);
  }
  return o;
}

