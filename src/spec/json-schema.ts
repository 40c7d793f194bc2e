import { z } from 'zod';
import { SpecSchema } from './schema.js';

/**
 * The spec's JSON Schema, generated from the zod schema: what scripts/gen-schema.ts writes into
 * schema/il5ml.spec.schema.json, and what the loader walks to list the keys allowed at a path (for
 * "unknown key" messages) and the type expected there. `io: 'input'` because users write the input
 * shape: keys with defaults are optional. Draft-07: the draft editors' YAML and JSON support
 * (yaml-language-server, VS Code, JetBrains) has implemented longest; nothing here needs a later one.
 */
export interface JsonSchemaNode {
  type?: string | string[];
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: JsonSchemaNode | boolean;
  items?: JsonSchemaNode;
  enum?: unknown[];
  description?: string;
  default?: unknown;
  required?: string[];
  [k: string]: unknown;
}

let cached: JsonSchemaNode | undefined;

export function specJsonSchema(): JsonSchemaNode {
  if (!cached) {
    const generated = z.toJSONSchema(SpecSchema, { io: 'input', target: 'draft-7' }) as JsonSchemaNode;
    cached = { ...generated, title: 'il5ml spec' };
  }
  return cached;
}

/** The schema node at a path into a spec document (array indexes and record keys included). */
export function schemaAt(path: readonly (string | number)[]): JsonSchemaNode | undefined {
  let node: JsonSchemaNode | undefined = specJsonSchema();
  for (const seg of path) {
    if (!node) return undefined;
    if (typeof seg === 'number') {
      node = node.items;
      continue;
    }
    const prop: JsonSchemaNode | undefined = node.properties?.[seg];
    if (prop) node = prop;
    else if (typeof node.additionalProperties === 'object') node = node.additionalProperties;
    else return undefined;
  }
  return node;
}

/** The keys a mapping at `path` may hold, in schema order; undefined when any key is allowed. */
export function allowedKeys(path: readonly (string | number)[]): string[] | undefined {
  const node = schemaAt(path);
  if (!node?.properties) return undefined;
  return Object.keys(node.properties).filter((k) => k !== '$schema');
}

/** The text of schema/il5ml.spec.schema.json: what `npm run gen:schema` writes and a test compares. */
export function specJsonSchemaText(): string {
  return `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
}

/** Every path of a fixed key in the schema, parents first (records and list items are not entered). */
export function allKeyPaths(): string[][] {
  const out: string[][] = [];
  const walk = (node: JsonSchemaNode, prefix: string[]): void => {
    for (const [k, child] of Object.entries(node.properties ?? {})) {
      if (k === '$schema') continue;
      out.push([...prefix, k]);
      walk(child, [...prefix, k]);
    }
  };
  walk(specJsonSchema(), []);
  return out;
}
