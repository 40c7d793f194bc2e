/**
 * Field resolution: what a policy's `field` names (a built-in field such as `name` or `tags['x']`, or a
 * property alias such as `Microsoft.KeyVault/vaults/networkAcls.ipRules[*].value`) turned into a path
 * into the resource's JSON.
 *
 * Built-in fields: https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#fields
 * Aliases and `[*]`: https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-alias
 * Types and alias names are matched case-insensitively, as Azure does (../shared/azure-policy/README.md).
 */
import { ALIAS_TABLE } from './aliases.generated.js';
import { pushAll } from '../core/array.js';

/** One step of a path: a property name, or `[*]` (every member of an array). */
export type Segment = string | typeof STAR;
export const STAR: unique symbol = Symbol('[*]');

export type FieldRef =
  /** A path into the resource; `collection` when it passes through `[*]` (a set of values, not one). */
  | { kind: 'path'; field: string; segments: readonly Segment[]; collection: boolean; special?: 'fullName' | 'type' | 'location' | 'id' | 'name' | 'provisioningState' }
  /** An alias of another resource type: it selects nothing on this resource. */
  | { kind: 'otherType'; field: string }
  /** A name that is neither a built-in field nor an alias in the table: the verdict must be Unknown. */
  | { kind: 'unknownAlias'; field: string };

interface TypeAliases {
  type: string;
  aliases: Map<string, readonly Segment[]>;
}

let index: { byType: Map<string, TypeAliases>; owners: Map<string, string[]> } | undefined;

function buildIndex(): NonNullable<typeof index> {
  const byType = new Map<string, TypeAliases>();
  const owners = new Map<string, string[]>();
  for (const [type, items] of ALIAS_TABLE) {
    const key = type.toLowerCase();
    const aliases = new Map<string, readonly Segment[]>();
    for (const item of items) {
      const eq = item.indexOf('=');
      const name = eq < 0 ? `${type}/${item}` : item.slice(0, eq);
      const path = eq < 0 ? `properties.${item}` : item.slice(eq + 1);
      const lower = name.toLowerCase();
      aliases.set(lower, parsePath(path));
      const o = owners.get(lower) ?? [];
      o.push(key);
      owners.set(lower, o);
    }
    byType.set(key, { type, aliases });
  }
  return { byType, owners };
}

function aliasIndex(): NonNullable<typeof index> {
  index ??= buildIndex();
  return index;
}

/** `properties.a.b[*].c` → ['properties', 'a', 'b', STAR, 'c']. */
export function parsePath(path: string): Segment[] {
  const out: Segment[] = [];
  for (const part of path.split('.')) {
    let p = part;
    const stars: Segment[] = [];
    while (p.endsWith('[*]')) {
      stars.push(STAR);
      p = p.slice(0, -3);
    }
    if (p !== '') out.push(p);
    pushAll(out, stars);
  }
  return out;
}

/** Whether the table knows the alias under any type (used by coverage and the conformance suite). */
export function isKnownAlias(alias: string): boolean {
  return aliasIndex().owners.has(alias.toLowerCase());
}

/** The resource types the table knows an alias for. */
export function aliasTypes(alias: string): readonly string[] {
  return aliasIndex().owners.get(alias.toLowerCase()) ?? [];
}

/** Every alias of a type, as `[alias, path]` (for generating test resources). */
export function aliasesOfType(type: string): [string, string][] {
  const t = aliasIndex().byType.get(type.toLowerCase());
  if (!t) return [];
  return [...t.aliases].map(([a, segs]) => [a, segs.map((s) => (s === STAR ? '[*]' : s)).join('.').replace(/\.\[\*\]/g, '[*]')]);
}

/** Tag name out of `tags['x']`, `tags['''x''']`, `tags[x]`, `tags.x`; undefined when the field is not a tag. */
function tagName(field: string): string | undefined {
  const lower = field.toLowerCase();
  if (lower.startsWith('tags.')) return field.slice(5);
  if (lower.startsWith('tags[') && field.endsWith(']')) {
    let inner = field.slice(5, -1);
    if (inner.startsWith("'") && inner.endsWith("'") && inner.length >= 2) inner = inner.slice(1, -1).replace(/''/g, "'");
    return inner;
  }
  return undefined;
}

// By the resource type as spelled, then by field: no string is built per lookup on the hot path.
const cache = new Map<string, Map<string, FieldRef>>();

/**
 * Resolves a field for a resource type. Cached: a policy set evaluates the same few hundred fields over
 * every resource.
 */
export function resolveField(field: string, resourceType: string): FieldRef {
  let byField = cache.get(resourceType);
  if (!byField) {
    byField = new Map();
    cache.set(resourceType, byField);
  }
  const hit = byField.get(field);
  if (hit) return hit;
  const ref = resolveUncached(field, resourceType.toLowerCase());
  byField.set(field, ref);
  return ref;
}

function resolveUncached(field: string, typeKey: string): FieldRef {
  const lower = field.toLowerCase();
  switch (lower) {
    case 'name':
      return { kind: 'path', field, segments: ['name'], collection: false, special: 'name' };
    case 'fullname':
      return { kind: 'path', field, segments: ['name'], collection: false, special: 'fullName' };
    case 'type':
      return { kind: 'path', field, segments: ['type'], collection: false, special: 'type' };
    case 'location':
      return { kind: 'path', field, segments: ['location'], collection: false, special: 'location' };
    case 'id':
      return { kind: 'path', field, segments: ['id'], collection: false, special: 'id' };
    case 'kind':
      return { kind: 'path', field, segments: ['kind'], collection: false };
    case 'tags':
      return { kind: 'path', field, segments: ['tags'], collection: false };
    case 'identity.type':
      return { kind: 'path', field, segments: ['identity', 'type'], collection: false };
  }
  const tag = tagName(field);
  if (tag !== undefined) return { kind: 'path', field, segments: ['tags', tag], collection: false };
  const { byType, owners } = aliasIndex();
  const own = byType.get(typeKey)?.aliases.get(lower);
  if (own) {
    const top = own.length === 2 && own[0] === 'properties' && typeof own[1] === 'string' && own[1].toLowerCase() === 'provisioningstate';
    return { kind: 'path', field, segments: own, collection: own.includes(STAR), ...(top ? { special: 'provisioningState' as const } : {}) };
  }
  // An alias Azure knows for another type selects nothing here (a policy `anyOf` over several types reads
  // the other types' aliases too); one the table does not know at all cannot be decided.
  if (owners.has(lower)) return { kind: 'otherType', field };
  return { kind: 'unknownAlias', field };
}

/**
 * The segments of an array alias's `[*]` prefix, for `count` and `current()`: `…/ipRules[*]` selects the
 * members; an alias below it (`…/ipRules[*].value`) is read relative to the member being counted.
 */
export function segmentsKey(segs: readonly Segment[]): string {
  return segs.map((s) => (s === STAR ? '[*]' : s.toLowerCase())).join('.');
}
