/**
 * JSON text of generated files: two-space indent and a final newline, so that the bytes are the same on
 * every run and platform. Key order is the insertion order the emitters build deterministically;
 * `canonicalResource` puts a resource's top-level keys in the order ARM templates are read in.
 */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

const RESOURCE_KEY_ORDER = [
  'type',
  'apiVersion',
  'name',
  'scope',
  'location',
  'kind',
  'sku',
  'identity',
  'zones',
  'tags',
  'properties',
  'dependsOn',
] as const;

export function canonicalResource<T extends Record<string, unknown>>(r: T): T {
  const out: Record<string, unknown> = {};
  for (const k of RESOURCE_KEY_ORDER) if (r[k] !== undefined) out[k] = r[k];
  for (const k of Object.keys(r).sort()) if (!(k in out) && r[k] !== undefined) out[k] = r[k];
  return out as T;
}

/** A copy with object keys sorted, for maps whose order carries no meaning (tags). */
export function sortedRecord<V>(r: Readonly<Record<string, V>>): Record<string, V> {
  const out: Record<string, V> = {};
  // defineProperty, not assignment: a key such as `__proto__` (a legal tag name) stays a key.
  for (const k of Object.keys(r).sort()) Object.defineProperty(out, k, { value: r[k] as V, enumerable: true, writable: true, configurable: true });
  return out;
}
