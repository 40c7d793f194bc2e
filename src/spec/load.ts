import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import { defaultSpecYaml } from './default.js';
import { allKeyPaths, allowedKeys, schemaAt } from './json-schema.js';
import { SpecSchema, type Spec } from './schema.js';
import { didYouMean } from './suggest.js';
import { pushAll, replaceAll } from '../core/array.js';
import { formatPath, type SpecPath } from './path.js';

export interface LoadedSpec {
  /** After defaults. When loading found errors, the parts in error are replaced by their defaults. */
  spec: Spec;
  /** As the user named it ('<default>' for the built-in one). */
  file: string;
  text: string;
  /** Position of a key's value (of the key itself when it has no value); undefined when absent. */
  locate(path: readonly (string | number)[]): SourceLocation | undefined;
  /** Syntax, JSON type and unknown-key (with did-you-mean) diagnostics from loading. */
  diagnostics: Diagnostic[];
}

export { formatPath, type SpecPath } from './path.js';

type Located = { value: Node | null; key: Node | null };

/**
 * A mapping's pairs by key (the first of each), made once per mapping: a spec with 200,000 tags in error
 * located each by scanning the mapping, in quadratic time (issue 13).
 */
type Pair = { key: unknown; value: unknown };
const pairIndex = new WeakMap<object, Map<string, Pair>>();
function pairOf(items: readonly Pair[], seg: string | number): Pair | undefined {
  let index = pairIndex.get(items);
  if (!index) {
    index = new Map();
    for (const p of items) {
      if (!isScalar(p.key)) continue;
      const k = String(p.key.value);
      if (!index.has(k)) index.set(k, p);
    }
    pairIndex.set(items, index);
  }
  return index.get(String(seg));
}

/** A `<<` merge key (YAML 1.1 merge, read with `merge: true`): the parser resolves it to Symbol('<<'). */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  return typeof v === 'symbol' && v.description === '<<';
}

/** The mapping an alias (*name) stands for, or the node itself. */
function resolveAlias(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/**
 * The pair for `seg` in a mapping: its own key first, else the first `<<` source (a mapping, or a list
 * of them, in order) that holds it, as the merge itself reads them (yaml.org/type/merge.html).
 */
function pairInMap(doc: Document, items: readonly Pair[], seg: string | number, depth = 0): Pair | undefined {
  const own = pairOf(items, seg);
  if (own || depth > 20) return own;
  for (const p of items) {
    if (!isMergeKey(p.key)) continue;
    const v = resolveAlias(doc, p.value);
    const sources = isSeq(v) ? v.items.map((i) => resolveAlias(doc, i)) : [v];
    for (const src of sources) {
      if (!isMap(src)) continue;
      const found = pairInMap(doc, src.items, seg, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** Walks the YAML AST (not the JS value) so that positions survive; keys compare as strings. */
function findNode(doc: Document, path: SpecPath): Located | undefined {
  let cur: Located = { value: doc.contents as Node | null, key: null };
  for (const seg of path) {
    const node = resolveAlias(doc, cur.value);
    if (isMap(node)) {
      const pair = pairInMap(doc, node.items, seg);
      if (!pair) return undefined;
      cur = { value: (pair.value as Node | null) ?? null, key: pair.key as Node };
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) return undefined;
      cur = { value: item as Node | null, key: null };
    } else return undefined;
  }
  return cur;
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return Number.isInteger(v) ? 'a whole number' : 'a number';
  if (typeof v === 'boolean') return 'true/false';
  return `a ${typeof v}`;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  record: 'a mapping (key: value lines)',
  array: 'a list',
};

function getIn(root: unknown, path: SpecPath): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

const REMOVED = Symbol('removed');

/** Removes the values at the given paths (array items are dropped after all removals, so indexes hold). */
function removeAll(root: Record<string, unknown>, paths: readonly SpecPath[]): void {
  const arrays = new Set<unknown[]>();
  for (const path of paths) {
    if (path.length === 0) continue;
    const parent = getIn(root, path.slice(0, -1));
    const last = path[path.length - 1];
    if (Array.isArray(parent) && typeof last === 'number') {
      parent[last] = REMOVED;
      arrays.add(parent);
    } else if (parent !== null && typeof parent === 'object' && last !== undefined) {
      delete (parent as Record<string, unknown>)[String(last)];
    }
  }
  for (const a of arrays) {
    const kept = a.filter((x) => x !== REMOVED);
    replaceAll(a, kept);
  }
}

function toPath(p: readonly PropertyKey[]): (string | number)[] {
  return p.map((s) => (typeof s === 'number' ? s : String(s)));
}

/**
 * Keys repeated in one mapping, as the yaml package reports them with `uniqueKeys: true` ("Map keys must
 * be unique", at the repeated key), found with one set per mapping: linear in the size of the document.
 * Scalars compare by type and value as the package does (1 and "1" differ); `<<` merge keys may repeat.
 */
export function duplicateKeys(doc: Document): { message: string; offset: number }[] {
  const out: { message: string; offset: number }[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const k = pair.key;
        if (isScalar(k)) {
          const id = `${typeof k.value}:${String(k.value)}`;
          if (!isMergeKey(k) && seen.has(id)) out.push({ message: 'Map keys must be unique', offset: k.range?.[0] ?? 0 });
          seen.add(id);
        }
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return out;
}

/**
 * Where `//` and `/*` comments start in a JSON text (outside strings): VS Code's "JSON with comments" is
 * not JSON, and read as YAML a comment silently becomes part of the next key ("// note \"prefix\"").
 */
export function jsonComments(text: string): number[] {
  const out: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      out.push(i);
      const end = text[i + 1] === '/' ? text.indexOf('\n', i) : text.indexOf('*/', i + 2);
      if (end < 0) break;
      i = end;
    }
  }
  return out;
}

/**
 * Where a path of a YAML (or JSON) document parsed with `lineCounter` stands in `file`: the position of the
 * key's value (of the key itself when it has no value), of a list item; undefined when absent.
 */
export function yamlLocator(doc: Document, lineCounter: LineCounter, file: string): (path: SpecPath) => SourceLocation | undefined {
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  return (path) => {
    const found = findNode(doc, path);
    if (!found) return undefined;
    // `key:` with nothing after it has an empty null scalar just past the colon: point at the key.
    const empty = isScalar(found.value) && found.value.value === null && found.value.range?.[0] === found.value.range?.[1];
    const node = found.value?.range && !empty ? found.value : found.key;
    if (node?.range) return at(node.range[0]);
    return path.length === 0 ? at(0) : undefined;
  };
}

export function loadSpec(text: string, file: string): LoadedSpec {
  const lineCounter = new LineCounter();
  // The yaml package's own duplicate-key check compares each key with every earlier one (100,000 tags
  // take most of a minute); duplicateKeys() below does the same check in linear time.
  // merge: `<<: *anchor` merge keys, which YAML 1.2 (the package's default) no longer defines but
  // editors, Docker Compose and Azure Pipelines templates read: without it `<<` is an unknown key.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const locateNode = yamlLocator(doc, lineCounter, file);
  const locateKey = (path: SpecPath): SourceLocation | undefined => {
    const found = findNode(doc, path);
    const node = found?.key ?? found?.value;
    return node?.range ? at(node.range[0]) : undefined;
  };
  const sourceOf = (path: SpecPath): string | undefined => {
    const node = findNode(doc, path)?.value;
    return isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
  };
  /** The position of the path, or of its nearest ancestor present in the file. */
  const near = (path: SpecPath): SourceLocation | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const loc = locateNode(path.slice(0, n));
      if (loc) return loc;
    }
    return undefined;
  };

  const diagnostics: Diagnostic[] = [];
  const fallback = (): LoadedSpec => ({ spec: SpecSchema.parse({}), file, text, locate: locateNode, diagnostics });

  const SYNTAX_FIX = 'correct the syntax at this position (indent nested keys with spaces, not tabs; quote values containing ": " or "#")';
  const errors: { message: string; offset: number; fix?: string }[] = [
    ...doc.errors.map((e) =>
      e.code === 'MULTIPLE_DOCS'
        ? // The package's own text asks for an API call (parseAllDocuments), which a spec's author cannot make.
          { message: 'a second YAML document starts here (a `---` line); a spec is one document', offset: e.pos[0], fix: 'remove this `---` line and write every key in the one mapping above it' }
        : { message: e.message, offset: e.pos[0] },
    ),
    ...duplicateKeys(doc),
    ...(/\.json$/i.test(file)
      ? jsonComments(text).map((offset) => ({
          message: 'JSON has no comments (// or /* */); read as YAML, a comment becomes part of a key or value',
          offset,
          fix: 'remove the comment, or write the spec as YAML (il5ml.yaml, `il5ml init --out il5ml.yaml`), where # starts a comment',
        }))
      : []),
  ].sort((a, b) => a.offset - b.offset);
  for (const e of errors) {
    diagnostics.push({
      severity: 'error',
      code: 'IL5-SPEC-SYNTAX',
      message: `${/JSON/i.test(file) ? 'JSON/YAML' : 'YAML'} syntax error: ${e.message.replace(/\s+/g, ' ').trim()}`,
      fix: e.fix ?? SYNTAX_FIX,
      location: at(e.offset),
    });
  }
  if (diagnostics.length > 0) return fallback();
  // The yaml package warns about what it reads but would not write back: custom tags (!Ref), complex
  // keys. The value is still read (an unresolved tag as a string), so these are warnings.
  for (const w of doc.warnings) {
    diagnostics.push({
      severity: 'warning',
      code: 'IL5-SPEC-YAML',
      message: `YAML: ${w.message.replace(/\s+/g, ' ').trim()}`,
      fix: 'write plain YAML or JSON: the spec needs no tags (!Ref, !!binary) or complex keys',
      location: at(w.pos[0]),
    });
  }

  let raw: unknown;
  try {
    // maxAliasCount bounds alias expansion ("billion laughs"); toJS throws on it and on an alias
    // whose anchor is missing, which the parser itself does not report.
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const message = (e as Error).message;
    const alias = /: (\S+)$/.exec(message)?.[1];
    const offset = alias === undefined ? -1 : text.indexOf(`*${alias}`);
    diagnostics.push({
      severity: 'error',
      code: 'IL5-SPEC-SYNTAX',
      message: `YAML error: ${message}`,
      fix: 'define each anchor (&name) before its aliases (*name), and do not nest aliases deeply',
      location: at(Math.max(0, offset)),
    });
    return fallback();
  }
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    diagnostics.push({
      severity: 'error',
      code: 'IL5-SPEC-TYPE',
      message: `the spec must be a mapping of keys (prefix, region, network…), not ${typeName(raw)}`,
      fix: 'start from `il5ml init`, which writes the default spec',
      location: at(0),
    });
    return fallback();
  }
  const input = (raw ?? {}) as Record<string, unknown>;

  const first = SpecSchema.safeParse(input);
  if (first.success) return { spec: keepProtoTag(first.data, input), file, text, locate: locateNode, diagnostics };

  const toRemove: SpecPath[] = [];
  for (const issue of first.error.issues) {
    const path = toPath(issue.path);
    const d = describeIssue(issue, path, input, { locateNode, locateKey, near, sourceOf });
    pushAll(diagnostics, d.diagnostics);
    pushAll(toRemove, d.remove);
  }

  // Repair: drop what was wrong so that defaults apply and the value rules still see everything else
  // (all errors at once). Each round removes at least one offending value; a few rounds suffice.
  const repaired = structuredClone(input);
  removeAll(repaired, toRemove);
  for (let round = 0; round < 8; round++) {
    const r = SpecSchema.safeParse(repaired);
    if (r.success) return { spec: keepProtoTag(r.data, repaired), file, text, locate: locateNode, diagnostics };
    removeAll(
      repaired,
      r.error.issues.map((i) => toPath(i.path)),
    );
  }
  return fallback();
}

/**
 * `__proto__` is a legal Azure tag name, and the YAML reader keeps it as an own key, but zod's record
 * parsing drops it: put it back, as an own data property (never through assignment, which would set the
 * prototype instead).
 */
function keepProtoTag(spec: Spec, input: Record<string, unknown>): Spec {
  const tags = input.tags;
  if (tags === null || typeof tags !== 'object' || !Object.prototype.hasOwnProperty.call(tags, '__proto__')) return spec;
  const v = Object.getOwnPropertyDescriptor(tags, '__proto__')?.value as unknown;
  if (typeof v === 'string' && !Object.prototype.hasOwnProperty.call(spec.tags, '__proto__')) {
    Object.defineProperty(spec.tags, '__proto__', { value: v, enumerable: true, writable: true, configurable: true });
  }
  return spec;
}

interface Locators {
  /** The text of a scalar as written in the file (0730, not 730); undefined when absent or not a scalar. */
  sourceOf(path: SpecPath): string | undefined;
  locateNode(path: SpecPath): SourceLocation | undefined;
  locateKey(path: SpecPath): SourceLocation | undefined;
  near(path: SpecPath): SourceLocation | undefined;
}

function describeIssue(
  issue: z.core.$ZodIssue,
  path: (string | number)[],
  input: unknown,
  loc: Locators,
): { diagnostics: Diagnostic[]; remove: SpecPath[] } {
  const where = formatPath(path);
  const within = where === '' ? 'at the top level' : `in ${where}`;
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(path) ?? [];
    return {
      diagnostics: issue.keys.map((key) => ({
        severity: 'error' as const,
        code: 'IL5-SPEC-UNKNOWN-KEY',
        message: `unknown key "${key}" ${within}.${didYouMean(key, allowed) || elsewhere(key, path)}`,
        fix: `use one of: ${allowed.join(', ')}`,
        location: loc.locateKey([...path, key]),
        path: formatPath([...path, key]),
      })),
      remove: issue.keys.map((key) => [...path, key]),
    };
  }
  const value = getIn(input, path);
  if (issue.code === 'invalid_type') {
    // z.int() reports "number" for a string; the JSON Schema knows it is an integer.
    const kind = issue.expected === 'number' && schemaAt(path)?.type === 'integer' ? 'int' : issue.expected;
    const expected = EXPECTED[kind] ?? kind;
    if (value === undefined) {
      const parent = path.slice(0, -1);
      const key = String(path[path.length - 1]);
      return {
        diagnostics: [
          {
            severity: 'error',
            code: 'IL5-SPEC-REQUIRED',
            message: `missing required key "${key}" in ${formatPath(parent) || 'the spec'}`,
            fix: `add "${key}:" with ${expected}${describeNode(path)}`,
            location: loc.near(parent),
            path: where,
          },
        ],
        // An incomplete list item (an exemption without justification) is dropped as a whole.
        remove: typeof parent[parent.length - 1] === 'number' ? [parent] : [path],
      };
    }
    // `subnets:` with every line under it commented out is an empty value, not a left-out key.
    const last = path[path.length - 1];
    const emptySection =
      value === null && typeof last === 'string' && ['object', 'record', 'array'].includes(issue.expected)
        ? ` under "${last}:", or remove that line (a key left out takes its default)`
        : '';
    // Quote what the user wrote, not what YAML made of it: unquoted 0730 is the number 730, and "730"
    // would be another time (or a tag value 00123 another cost center).
    const source = loc.sourceOf(path) ?? String(value);
    const quoted =
      issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')
        ? source === String(value)
          ? `; quote it: "${source}" (YAML reads unquoted ${source} as ${typeName(value)})`
          : `; quote it: "${source}" (YAML reads unquoted ${source} as the ${typeName(value).replace(/^an? /, '')} ${String(value)})`
        : '';
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'IL5-SPEC-TYPE',
          message: `${where || 'the spec'} must be ${expected}, not ${typeName(value)}`,
          fix: `write ${expected}${quoted}${emptySection}${quoted ? '' : describeNode(path)}`,
          location: loc.locateNode(path) ?? loc.near(path),
          path: where,
        },
      ],
      remove: [path],
    };
  }
  if (issue.code === 'invalid_value') {
    const allowed = issue.values.map((v) => String(v));
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'IL5-SPEC-ENUM',
          message: `${where} is ${JSON.stringify(value)}, which is not allowed.${didYouMean(String(value), allowed)}`,
          fix: `use one of: ${allowed.join(', ')}`,
          location: loc.locateNode(path) ?? loc.near(path),
          path: where,
        },
      ],
      remove: [path],
    };
  }
  return {
    diagnostics: [
      {
        severity: 'error',
        code: 'IL5-SPEC-TYPE',
        message: `${where || 'the spec'}: ${issue.message}`,
        fix: `correct the value${describeNode(path)}`,
        location: loc.locateNode(path) ?? loc.near(path),
        path: where,
      },
    ],
    remove: [path],
  };
}

/** ` "size" belongs under keyVault.key.` when the key exists at another level: a common indentation slip. */
function elsewhere(key: string, path: SpecPath): string {
  const here = formatPath(path);
  const places = allKeyPaths()
    .filter((p) => p[p.length - 1] === key)
    .map((p) => formatPath(p.slice(0, -1)) || 'the top level')
    .filter((p) => p !== here);
  return places.length === 0 ? '' : ` "${key}" belongs under ${places.join(' or ')}.`;
}

/** ` (the default is X: description)` from the JSON Schema, to make a fix concrete. */
function describeNode(path: SpecPath): string {
  const node = schemaAt(path);
  if (!node) return '';
  const parts: string[] = [];
  if (node.default !== undefined && typeof node.default !== 'object') parts.push(`default ${JSON.stringify(node.default)}`);
  if (node.description) parts.push(node.description);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/** The commented YAML `il5ml init` prints, with the schema line pointing at `schemaRef` when given. */
export function defaultSpecText(schemaRef?: string): string {
  return defaultSpecYaml(schemaRef);
}

export { DEFAULT_SPEC_FILE, defaultSpec } from './default-loaded.js';
