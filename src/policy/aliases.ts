/**
 * Field resolution: what a policy's `field` names (a built-in field such as `name` or `tags['x']`, or a
 * property alias such as `Microsoft.KeyVault/vaults/networkAcls.ipRules[*].value`) turned into a path
 * into the resource's JSON.
 *
 * Built-in fields: https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#fields
 * Aliases and `[*]`: https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-alias
 * Types and alias names are matched case-insensitively, as Azure does (../shared/azure-policy/README.md).
 *
 * Per-API-version paths: "Each alias maps to paths in different API versions for a given resource type.
 * During policy evaluation, the policy engine gets the property path for that API version" (the alias page
 * above, read 2026-12-06); the providers API lists them as `paths[].apiVersions` beside `defaultPath`
 * (`az provider show --namespace NS --expand resourceTypes/aliases`). A resource that carries an
 * apiVersion listed for an alias (a template's resources do) is read at that version's path; one without
 * (an `az resource list` export) or at an unlisted version, at the default path.
 */
import { ALIAS_TABLE, ALIAS_VERSION_PATHS } from './aliases.generated.js';
import { pushAll } from '../core/array.js';

/**
 * Resource groups, as Azure Policy types them. ARM names the type `Microsoft.Resources/resourceGroups` (a
 * template's resource, `az group show`) and Resource Graph `microsoft.resources/subscriptions/resourcegroups`;
 * a policy rule matches a resource group as `Microsoft.Resources/subscriptions/resourceGroups`: "Policy
 * definitions that enforce location or tags on a resource group or subscription should set mode to all and
 * specifically target the Microsoft.Resources/subscriptions/resourceGroups or Microsoft.Resources/subscriptions
 * type" (Microsoft Learn, "Azure Policy definition structure basics", Resource Manager modes,
 * https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-basics#resource-manager-modes,
 * read 2026-12-08), as the built-in "Require a tag and its value on resource groups" (8ce3da23) does.
 */
export const POLICY_GROUP_TYPE = 'Microsoft.Resources/subscriptions/resourceGroups';

/** Whether a type (any case) is a resource group, in ARM's or Resource Graph's spelling. */
export function isGroupType(type: string): boolean {
  const t = type.toLowerCase();
  return t === 'microsoft.resources/resourcegroups' || t === 'microsoft.resources/subscriptions/resourcegroups';
}

/**
 * The type a policy rule's `type` field reads: a resource group's is `Microsoft.Resources/subscriptions/resourceGroups`.
 * Read on every `type` condition: only a type of one of the two lengths is lower-cased and compared.
 */
export function policyTypeOf(type: string): string {
  return (type.length === 34 || type.length === 48) && isGroupType(type) ? POLICY_GROUP_TYPE : type;
}

/** One step of a path: a property name, or `[*]` (every member of an array). */
export type Segment = string | typeof STAR;
export const STAR: unique symbol = Symbol('[*]');

type PathRef = { kind: 'path'; field: string; segments: readonly Segment[]; collection: boolean; special?: 'fullName' | 'type' | 'location' | 'id' | 'name' | 'provisioningState'; versions?: ReadonlyMap<string, PathRef> };

export type FieldRef =
  /**
   * A path into the resource; `collection` when it passes through `[*]` (a set of values, not one).
   * `versions`: the alias's paths at API versions where they differ from the default (lower-case keys).
   */
  | PathRef
  /** An alias of another resource type: it selects nothing on this resource. */
  | { kind: 'otherType'; field: string }
  /** A name that is neither a built-in field nor an alias in the table: the verdict must be Unknown. */
  | { kind: 'unknownAlias'; field: string };

interface AliasEntry {
  segments: readonly Segment[];
  /** apiVersion (lower case) → path, where it differs from the default. */
  versions?: Map<string, readonly Segment[]>;
}

interface TypeAliases {
  type: string;
  aliases: Map<string, AliasEntry>;
}

/**
 * An alias declared at run time, as the providers API lists it (`name`, `defaultPath`,
 * `paths: [{path, apiVersions}]`): it adds to the generated table, or replaces an entry of it.
 */
export interface AliasDeclaration {
  type: string;
  name: string;
  defaultPath: string;
  paths: readonly { path: string; apiVersions: readonly string[] }[];
}

let index: { byType: Map<string, TypeAliases>; owners: Map<string, string[]> } | undefined;
let declared: readonly AliasDeclaration[] = [];

function declare(byType: Map<string, TypeAliases>, owners: Map<string, string[]>, type: string, name: string, entry: AliasEntry): void {
  const key = type.toLowerCase();
  let t = byType.get(key);
  if (!t) {
    t = { type, aliases: new Map() };
    byType.set(key, t);
  }
  const lower = name.toLowerCase();
  if (!t.aliases.has(lower)) {
    const o = owners.get(lower) ?? [];
    o.push(key);
    owners.set(lower, o);
  }
  t.aliases.set(lower, entry);
}

function buildIndex(): NonNullable<typeof index> {
  const byType = new Map<string, TypeAliases>();
  const owners = new Map<string, string[]>();
  for (const [type, items] of ALIAS_TABLE) {
    for (const item of items) {
      const eq = item.indexOf('=');
      const name = eq < 0 ? `${type}/${item}` : item.slice(0, eq);
      const path = eq < 0 ? `properties.${item}` : item.slice(eq + 1);
      declare(byType, owners, type, name, { segments: parsePath(path) });
    }
  }
  for (const [type, name, paths] of ALIAS_VERSION_PATHS) {
    const entry = byType.get(type.toLowerCase())?.aliases.get(name.toLowerCase());
    if (entry) entry.versions = versionMap(paths.map(([path, apiVersions]) => ({ path, apiVersions })), entry.segments);
  }
  for (const d of declared) {
    const segments = parsePath(d.defaultPath);
    const versions = versionMap(d.paths, segments);
    declare(byType, owners, d.type, d.name, versions ? { segments, versions } : { segments });
  }
  return { byType, owners };
}

function sameSegments(a: readonly Segment[], b: readonly Segment[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Only the versions whose path differs from the default are kept: the rest resolve to the default anyway. */
function versionMap(paths: readonly { path: string; apiVersions: readonly string[] }[], def: readonly Segment[]): Map<string, readonly Segment[]> | undefined {
  const m = new Map<string, readonly Segment[]>();
  for (const p of paths) {
    const segs = parsePath(p.path);
    if (sameSegments(segs, def)) continue;
    for (const v of p.apiVersions) m.set(v.toLowerCase(), segs);
  }
  return m.size ? m : undefined;
}

function aliasIndex(): NonNullable<typeof index> {
  index ??= buildIndex();
  return index;
}

/**
 * Adds aliases to the generated table for what follows (the CLI's alias listings); an empty list goes
 * back to the generated table alone.
 */
export function useAliasDeclarations(list: readonly AliasDeclaration[]): void {
  declared = list;
  index = undefined;
  cache.clear();
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
  return [...t.aliases].map(([a, e]) => [a, e.segments.map((s) => (s === STAR ? '[*]' : s)).join('.').replace(/\.\[\*\]/g, '[*]')]);
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
 * Resolves a field for a resource type, at the resource's apiVersion when it has one. Cached: a policy
 * set evaluates the same few hundred fields over every resource.
 */
export function resolveField(field: string, resourceType: string, apiVersion?: unknown): FieldRef {
  let byField = cache.get(resourceType);
  if (!byField) {
    byField = new Map();
    cache.set(resourceType, byField);
  }
  let ref = byField.get(field);
  if (!ref) {
    ref = resolveUncached(field, resourceType.toLowerCase());
    byField.set(field, ref);
  }
  if (ref.kind === 'path' && ref.versions && typeof apiVersion === 'string') return ref.versions.get(apiVersion.toLowerCase()) ?? ref;
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
    const ref = aliasRef(field, own.segments);
    if (own.versions) {
      const versions = new Map<string, PathRef>();
      for (const [v, segs] of own.versions) versions.set(v, aliasRef(field, segs));
      ref.versions = versions;
    }
    return ref;
  }
  // An alias Azure knows for another type selects nothing here (a policy `anyOf` over several types reads
  // the other types' aliases too); one the table does not know at all cannot be decided.
  if (owners.has(lower)) return { kind: 'otherType', field };
  return { kind: 'unknownAlias', field };
}

function aliasRef(field: string, segs: readonly Segment[]): PathRef {
  const top = segs.length === 2 && segs[0] === 'properties' && typeof segs[1] === 'string' && segs[1].toLowerCase() === 'provisioningstate';
  return { kind: 'path', field, segments: segs, collection: segs.includes(STAR), ...(top ? { special: 'provisioningState' as const } : {}) };
}

/**
 * The segments of an array alias's `[*]` prefix, for `count` and `current()`: `…/ipRules[*]` selects the
 * members; an alias below it (`…/ipRules[*].value`) is read relative to the member being counted.
 */
export function segmentsKey(segs: readonly Segment[]): string {
  return segs.map((s) => (s === STAR ? '[*]' : s.toLowerCase())).join('.');
}
