/**
 * The input as an estate: which resources are children or extensions of which, and what sits in each
 * resource group and subscription. auditIfNotExists / deployIfNotExists look their related resources up
 * here (Microsoft Learn, "AuditIfNotExists effect", properties `type`, `name`, `resourceGroupName`,
 * `existenceScope`: https://learn.microsoft.com/azure/governance/policy/concepts/effect-audit-if-not-exists).
 */
import type { LowerIds } from '../core/lower-ids.js';
import type { AzureResource } from '../core/resource.js';

export interface Estate {
  resources: readonly AzureResource[];
  /** By lower-case id; built on first use (only resourceGroup() and existence lookups need it). */
  byId(id: string): AzureResource | undefined;
  /** Direct children and extension resources (by `scope` or by an id under `/providers/`), by parent id. */
  children: Map<string, AzureResource[]>;
  /** Resources of a type (lower case) in a resource group or a subscription (lower-case ids). */
  inGroup(typeLower: string, groupLower: string): AzureResource[];
  inSubscription(typeLower: string, subscriptionLower: string): AzureResource[];
  /** Descendants of a resource (children, their children, extension resources) of one type (lower case). */
  descendantsOfType(id: string, typeLower: string): AzureResource[];
}

/** `/subscriptions/<s>/resourceGroups/<g>` of an id, lower case; '' when the id is above a group. */
export function resourceGroupId(id: string): string {
  return groupOfLower(id.toLowerCase());
}

function groupOfLower(lower: string): string {
  if (!lower.startsWith('/subscriptions/')) return '';
  const subEnd = lower.indexOf('/', 15);
  if (subEnd < 0 || !lower.startsWith('/resourcegroups/', subEnd)) return '';
  const rgEnd = lower.indexOf('/', subEnd + 16);
  return rgEnd < 0 ? lower : lower.slice(0, rgEnd);
}

export function subscriptionId(id: string): string {
  return subscriptionOfLower(id.toLowerCase());
}

function subscriptionOfLower(lower: string): string {
  if (!lower.startsWith('/subscriptions/')) return '';
  const end = lower.indexOf('/', 15);
  return end < 0 ? lower : lower.slice(0, end);
}

/**
 * The parent of a resource: its `scope` for an extension resource from a template; otherwise, from the
 * id, the resource one type segment up (`…/servers/s1/databases/d1` → `…/servers/s1`) or, for an
 * extension id (`<target>/providers/Microsoft.Insights/diagnosticSettings/x`), the target.
 */
export function parentId(r: AzureResource): string | undefined {
  return parentOfLower(r, r.id.toLowerCase());
}

function parentOfLower(r: AzureResource, id: string): string | undefined {
  if (typeof r.scope === 'string' && r.scope !== '') return r.scope.toLowerCase();
  const p = id.lastIndexOf('/providers/');
  if (p < 0) {
    // A resource group's parent is its subscription.
    const rg = /^(\/subscriptions\/[^/]+)\/resourcegroups\/[^/]+$/.exec(id);
    return rg?.[1];
  }
  const tail = id.slice(p + '/providers/'.length).split('/');
  // namespace, type, name [, type, name]…
  if (tail.length > 3) return `${id.slice(0, p)}/providers/${tail.slice(0, tail.length - 2).join('/')}`;
  const before = id.slice(0, p);
  if (before.includes('/providers/')) return before;
  return undefined;
}

/**
 * The parent under which the estate files a resource in `children` (parentId), undefined for a top-level
 * one. Only children and extensions have a parent: the id work is skipped for top-level resources.
 */
export function parentInEstate(r: AzureResource, typeLower = r.type.toLowerCase()): string | undefined {
  if ((typeof r.scope === 'string' && r.scope !== '') || typeLower.indexOf('/') !== typeLower.lastIndexOf('/') || r.id.indexOf('/providers/') !== r.id.lastIndexOf('/providers/') || typeLower === 'microsoft.resources/resourcegroups') {
    return parentOfLower(r, r.id.toLowerCase());
  }
  return undefined;
}

function push(m: Map<string, AzureResource[]>, k: string, r: AzureResource): void {
  const a = m.get(k);
  if (a) a.push(r);
  else m.set(k, [r]);
}

/** `lowerIds`: one string per lower-case parent id across a check's indexes (PolicyPass shares its own). */
export function buildEstate(resources: readonly AzureResource[], lowerIds?: LowerIds): Estate {
  const children = new Map<string, AzureResource[]>();
  const byType = new Map<string, AzureResource[]>();
  const typeLower = new Map<string, string>();
  for (const r of resources) {
    let type = typeLower.get(r.type);
    if (type === undefined) {
      type = r.type.toLowerCase();
      typeLower.set(r.type, type);
    }
    push(byType, type, r);
    const parent = parentInEstate(r, type);
    if (parent) push(children, lowerIds ? lowerIds.of(parent) : parent, r);
  }
  let ids: Map<string, AzureResource> | undefined;
  const groups = new Map<string, Map<string, AzureResource[]>>();
  const subs = new Map<string, Map<string, AzureResource[]>>();
  const index = (cache: Map<string, Map<string, AzureResource[]>>, t: string, key: (lowerId: string) => string): Map<string, AzureResource[]> => {
    let m = cache.get(t);
    if (!m) {
      m = new Map();
      for (const r of byType.get(t) ?? []) {
        const k = key(r.id.toLowerCase());
        if (k) push(m, k, r);
      }
      cache.set(t, m);
    }
    return m;
  };
  const estate: Estate = {
    resources,
    byId(id) {
      if (!ids) {
        ids = new Map();
        for (const r of resources) ids.set(r.id.toLowerCase(), r);
      }
      return ids.get(id.toLowerCase());
    },
    children,
    inGroup: (t, g) => index(groups, t, groupOfLower).get(g) ?? [],
    inSubscription: (t, sub) => index(subs, t, subscriptionOfLower).get(sub) ?? [],
    descendantsOfType: (id, t) => descendantsOfType(estate, id, t),
  };
  return estate;
}

/** Descendants of a resource (children, their children, extension resources) of one type. */
export function descendantsOfType(estate: Estate, id: string, typeLower: string): AzureResource[] {
  const out: AzureResource[] = [];
  const start = id.toLowerCase();
  if (!estate.children.has(start)) return out;
  const stack = [start];
  const seen = new Set<string>();
  while (stack.length) {
    const cur = stack.pop() ?? '';
    if (seen.has(cur)) continue;
    seen.add(cur);
    for (const c of estate.children.get(cur) ?? []) {
      if (c.type.toLowerCase() === typeLower) out.push(c);
      stack.push(c.id.toLowerCase());
    }
  }
  return out;
}

/** The last segment of a resource's name (`vault/key` → `key`). */
export function shortName(r: AzureResource): string {
  const parts = r.name.split('/');
  return parts[parts.length - 1] ?? r.name;
}
