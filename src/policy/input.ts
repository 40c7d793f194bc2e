/**
 * What `il5ml check` reads: an ARM template (expanded by the template engine), or resources as Azure
 * returns them — a JSON array (`az resource list`), `{"data": […]}` (`az graph query`) or `{"value": […]}`
 * (the REST list APIs), or one resource object (`az resource show`).
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import type { AzureResource } from '../core/resource.js';
import { Unknown } from '../core/unknown.js';

export type CheckInput =
  | { kind: 'template'; file: string; text: string }
  | { kind: 'resources'; file: string; resources: AzureResource[] };

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function locate(starts: readonly number[], offset: number, file: string): SourceLocation {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { file, line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

/** A template has `$schema` naming a deployment template, or `resources` beside `contentVersion`. */
function isTemplate(doc: Record<string, unknown>): boolean {
  const schema = doc.$schema;
  if (typeof schema === 'string' && /deploymentTemplate/i.test(schema)) return true;
  return 'resources' in doc && ('contentVersion' in doc || '$schema' in doc);
}

function nameFromId(id: string): string {
  const p = id.toLowerCase().lastIndexOf('/providers/');
  const tail = (p >= 0 ? id.slice(p + 11) : id).split('/');
  // namespace/type/name[/type/name]…: the names are every other segment after the namespace.
  const names = tail.slice(2).filter((_, i) => i % 2 === 0);
  return names.join('/') || (tail[tail.length - 1] ?? id);
}

/** Classifies and reads an input file; errors name the file, line and column. */
export function readCheckInput(file: string, text: string): { input?: CheckInput; diagnostics: Diagnostic[] } {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: false, allowTrailingComma: true });
  const starts = lineStarts(text);
  if (errors.length || !tree) {
    return {
      diagnostics: (errors.length ? errors.slice(0, 5) : [{ error: 0, offset: 0, length: 0 }]).map((e) => ({
        severity: 'error' as const,
        code: 'IL5-CHECK-JSON',
        message: errors.length ? `${file} is not valid JSON: ${printParseErrorCode(e.error)}` : `${file} is empty`,
        fix: 'give an ARM template or a JSON list of resources (az resource list, az graph query)',
        location: locate(starts, e.offset, file),
      })),
    };
  }
  const doc = reviveInPlace(JSON.parse(stripComments(text, tree)) as unknown);
  let items: unknown[] | undefined;
  let arrayNode: JsonNode | undefined;
  if (Array.isArray(doc)) {
    items = doc;
    arrayNode = tree;
  } else if (doc !== null && typeof doc === 'object') {
    const o = doc as Record<string, unknown>;
    if (isTemplate(o)) return { input: { kind: 'template', file, text }, diagnostics: [] };
    for (const key of ['data', 'value']) {
      if (Array.isArray(o[key])) {
        items = o[key] as unknown[];
        arrayNode = tree.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];
        break;
      }
    }
    if (!items && typeof o.id === 'string' && typeof o.type === 'string') {
      items = [o];
      arrayNode = undefined;
    }
  }
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
    const node = arrayNode?.children?.[i] ?? tree;
    const loc = locate(starts, node.offset, file);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      diagnostics.push({ severity: 'error', code: 'IL5-CHECK-RESOURCE', message: `item ${i} of ${file} is not a resource object`, fix: 'each item needs at least "id" and "type"', location: loc });
      return;
    }
    const r = item as Record<string, unknown>;
    const missing = ['id', 'type'].filter((k) => typeof r[k] !== 'string' || r[k] === '');
    if (missing.length) {
      diagnostics.push({
        severity: 'error',
        code: 'IL5-CHECK-RESOURCE',
        message: `resource ${i} of ${file} has no ${missing.join(' and ')}`,
        fix: 'give every resource its full "id" and its "type" as Azure returns them (az resource list, az graph query "Resources")',
        location: loc,
      });
      return;
    }
    const id = r.id as string;
    resources.push({ ...r, id, type: r.type as string, name: typeof r.name === 'string' ? r.name : nameFromId(id), source: loc });
  });
  if (diagnostics.length) return { diagnostics };
  return { input: { kind: 'resources', file, resources }, diagnostics };
}

/** JSON.parse does not take comments; jsonc-parser's tree already validated the text, so re-serialize. */
function stripComments(text: string, tree: JsonNode): string {
  return /\/[/*]/.test(text) ? JSON.stringify(nodeValue(tree)) : text;
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
