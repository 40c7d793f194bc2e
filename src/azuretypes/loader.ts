import type { Diagnostic } from '../core/diagnostic.js';
import type { ResourceTypeNode, TypeNode, TypeRef } from './types.js';

/** One types.json as the edge read it: its path (for cross-file `$ref`s and messages) and parsed JSON. */
export interface TypeFile {
  path: string;
  json: unknown;
}

/** A node together with the file it came from, so that its own `$ref`s resolve in that file. */
export interface TypeHandle {
  file: number;
  node: TypeNode;
}

export interface ResourceTypeEntry {
  /** Type as the definitions spell it, e.g. `Microsoft.KeyVault/vaults`. */
  type: string;
  apiVersion: string;
  file: number;
  node: ResourceTypeNode;
}

const NODE_KINDS = new Set([
  'ObjectType',
  'DiscriminatedObjectType',
  'UnionType',
  'StringLiteralType',
  'StringType',
  'IntegerType',
  'BooleanType',
  'AnyType',
  'ArrayType',
  'ResourceType',
  'ResourceFunctionType',
]);

/**
 * The loaded definitions: `Type@apiVersion` → resource type (type case-insensitive, as ARM treats
 * resource types), and lazy `$ref` resolution. Nothing is walked until a resource is validated.
 */
export class TypeIndex {
  readonly files: readonly string[];
  /** Problems met while loading (a file that is not an array of type nodes…), as data. */
  readonly diagnostics: readonly Diagnostic[];
  private readonly nodes: readonly (readonly unknown[])[];
  private readonly byKey: Map<string, ResourceTypeEntry>;
  private readonly versionsByType: Map<string, string[]>;
  private readonly fileByPath: Map<string, number>;

  constructor(
    files: string[],
    nodes: unknown[][],
    entries: ResourceTypeEntry[],
    diagnostics: Diagnostic[],
  ) {
    this.files = files;
    this.nodes = nodes;
    this.diagnostics = diagnostics;
    this.byKey = new Map();
    this.versionsByType = new Map();
    this.fileByPath = new Map(files.map((f, i) => [normalizePath(f), i]));
    for (const e of entries) {
      const key = resourceKey(e.type, e.apiVersion);
      // Files are loaded in path order, so the first definition of a Type@apiVersion wins deterministically.
      if (this.byKey.has(key)) continue;
      this.byKey.set(key, e);
      const t = e.type.toLowerCase();
      const list = this.versionsByType.get(t) ?? [];
      list.push(e.apiVersion);
      this.versionsByType.set(t, list);
    }
    for (const list of this.versionsByType.values()) list.sort();
  }

  /** The resource type `type@apiVersion`; the type is matched case-insensitively, the apiVersion too. */
  lookup(type: string, apiVersion: string): ResourceTypeEntry | undefined {
    return this.byKey.get(resourceKey(type, apiVersion));
  }

  /** Every apiVersion known for a type, sorted; empty when the type is unknown. */
  apiVersions(type: string): readonly string[] {
    return this.versionsByType.get(type.toLowerCase()) ?? [];
  }

  /** Every known resource type (as first spelled), sorted case-insensitively. */
  types(): string[] {
    const seen = new Map<string, string>();
    for (const e of this.byKey.values()) if (!seen.has(e.type.toLowerCase())) seen.set(e.type.toLowerCase(), e.type);
    return [...seen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, v]) => v);
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Resolves a `$ref` met in `fromFile`. Throws on a dangling reference: the definitions are corrupt. */
  resolve(fromFile: number, ref: TypeRef): TypeHandle {
    const raw = ref.$ref;
    const hash = raw.indexOf('#/');
    if (hash < 0) throw new Error(`malformed type reference "${raw}" in ${this.files[fromFile] ?? '?'}`);
    let file = fromFile;
    if (hash > 0) {
      const base = this.files[fromFile] ?? '';
      const target = normalizePath(joinRelative(base, raw.slice(0, hash)));
      const found = this.fileByPath.get(target);
      if (found === undefined) throw new Error(`type reference "${raw}" in ${base}: file ${target} is not loaded`);
      file = found;
    }
    const index = Number(raw.slice(hash + 2));
    const node = this.nodes[file]?.[index];
    if (!Number.isInteger(index) || !isTypeNode(node)) {
      throw new Error(`type reference "${raw}" in ${this.files[fromFile] ?? '?'} points at no type node`);
    }
    return { file, node };
  }
}

/**
 * Builds the index from the contents of types.json files. The edge (CLI, tests) reads the files;
 * this stays pure. Files are taken in path order so that the result does not depend on read order.
 */
export function buildTypeIndex(files: readonly TypeFile[]): TypeIndex {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const paths: string[] = [];
  const nodes: unknown[][] = [];
  const entries: ResourceTypeEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  sorted.forEach((f, fileIndex) => {
    paths.push(f.path);
    if (!Array.isArray(f.json)) {
      diagnostics.push({
        severity: 'error',
        code: 'IL5-TYPES-LOAD',
        message: `${f.path} is not a types.json (expected a JSON array of type nodes)`,
        fix: 'point the loader at the generated/<folder>/<namespace>/<apiVersion>/types.json files of Azure/bicep-types-az',
        path: f.path,
      });
      nodes.push([]);
      return;
    }
    const list = f.json as unknown[];
    nodes.push(list);
    list.forEach((n) => {
      if (isTypeNode(n) && n.$type === 'ResourceType') {
        const at = n.name.lastIndexOf('@');
        if (at <= 0) {
          diagnostics.push({
            severity: 'warning',
            code: 'IL5-TYPES-LOAD',
            message: `${f.path}: resource type name "${n.name}" has no @apiVersion; skipped`,
            path: f.path,
          });
          return;
        }
        entries.push({ type: n.name.slice(0, at), apiVersion: n.name.slice(at + 1), file: fileIndex, node: n });
      }
    });
  });
  return new TypeIndex(paths, nodes, entries, diagnostics);
}

export function resourceKey(type: string, apiVersion: string): string {
  return `${type.toLowerCase()}@${apiVersion.toLowerCase()}`;
}

function isTypeNode(n: unknown): n is TypeNode {
  return (
    n !== null &&
    typeof n === 'object' &&
    typeof (n as { $type?: unknown }).$type === 'string' &&
    NODE_KINDS.has((n as { $type: string }).$type)
  );
}

function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(seg);
  }
  return (p.startsWith('/') ? '/' : '') + parts.join('/');
}

function joinRelative(fromFile: string, rel: string): string {
  if (rel.startsWith('/')) return rel;
  const slash = fromFile.replace(/\\/g, '/').lastIndexOf('/');
  return slash < 0 ? rel : `${fromFile.slice(0, slash)}/${rel}`;
}
