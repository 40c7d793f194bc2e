/**
 * The input as an estate: which resources are children or extensions of which, and what sits in each
 * resource group and subscription. auditIfNotExists / deployIfNotExists look their related resources up
 * here (Microsoft Learn, "AuditIfNotExists effect", properties `type`, `name`, `resourceGroupName`,
 * `existenceScope`: https://learn.microsoft.com/azure/governance/policy/concepts/effect-audit-if-not-exists).
 */
import type { AzureResource } from '../core/resource.js';
import type { IdTable, MultiIndex, Store } from '../core/store/types.js';
import type { SmallTable } from './recorded.js';

/** What the existence lookups ask of an estate; each gives new arrays of the resources it finds. */
export interface Estate {
  /** By lower-case id (the last entry of that id). */
  byId(id: string): AzureResource | undefined;
  /** Resources of a type (lower case) in a resource group or a subscription (lower-case ids). */
  inGroup(typeLower: string, groupLower: string): AzureResource[];
  inSubscription(typeLower: string, subscriptionLower: string): AzureResource[];
  /** Descendants of a resource (children, their children, extension resources) of one type (lower case). */
  descendantsOfType(id: string, typeLower: string): AzureResource[];
}

/**
 * The entries an estate is built from, by number (0, 1, 2…; PolicyPass: its kept resources and stubs in
 * input order, then the resources the projections add): the indexes keep these numbers, and a resource is
 * made (`get`) only when a lookup returns it.
 */
export interface EstateEntries {
  readonly count: number;
  /** The code of entry `e`'s lower-case id in the estate's IdTable. */
  idCode(e: number): number;
  /** The code of entry `e`'s type, lower case, in `types`. */
  typeCode(e: number): number;
  readonly types: SmallTable;
  /** The code of entry `e`'s parent (parentInEstate), lower case; -1 for none. */
  parentCode(e: number): number;
  get(e: number): AzureResource;
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

/**
 * The estate of `entries`, its indexes multi-indexes of entry numbers in `store` (issue 10): children by
 * parent id code and entries by type, built now; by id, and by resource group or subscription for each
 * type asked, on first use. `ids` is the table the entries' id codes are of (the check's shared one).
 */
export function buildEstate(entries: EstateEntries, store: Store, ids: IdTable): Estate {
  const childrenOf = store.multi();
  const ofType = store.multi();
  for (let e = 0; e < entries.count; e++) {
    ofType.add(entries.typeCode(e), e);
    const parent = entries.parentCode(e);
    if (parent >= 0) childrenOf.add(parent, e);
  }
  const children = childrenOf.freeze();
  const byType = ofType.freeze();
  let byIdIndex: MultiIndex | undefined;
  const groups = new Map<number, MultiIndex>();
  const subs = new Map<number, MultiIndex>();
  const list = (index: MultiIndex, key: number): AzureResource[] => {
    const out: AzureResource[] = [];
    index.forEach(key, (e) => out.push(entries.get(e)));
    return out;
  };
  // Entries of a type by the code of the scope (group, subscription) their lower-case id is in.
  const within = (cache: Map<number, MultiIndex>, typeLower: string, scopeLower: string, key: (lowerId: string) => string): AzureResource[] => {
    const t = entries.types.find(typeLower);
    if (t < 0) return [];
    let m = cache.get(t);
    if (!m) {
      const b = store.multi();
      byType.forEach(t, (e) => {
        const k = key(ids.text(entries.idCode(e)));
        if (k) b.add(ids.intern(k), e);
      });
      m = b.freeze();
      cache.set(t, m);
    }
    const code = ids.find(scopeLower);
    return code < 0 ? [] : list(m, code);
  };
  return {
    byId(id) {
      if (!byIdIndex) {
        const b = store.multi();
        for (let e = 0; e < entries.count; e++) b.add(entries.idCode(e), e);
        byIdIndex = b.freeze();
      }
      const code = ids.find(id.toLowerCase());
      let last = -1;
      if (code >= 0) byIdIndex.forEach(code, (e) => (last = e));
      return last < 0 ? undefined : entries.get(last);
    },
    inGroup: (t, g) => within(groups, t, g, groupOfLower),
    inSubscription: (t, sub) => within(subs, t, sub, subscriptionOfLower),
    descendantsOfType(id, typeLower) {
      const out: AzureResource[] = [];
      const start = ids.find(id.toLowerCase());
      if (start < 0 || children.count(start) === 0) return out;
      const type = entries.types.find(typeLower);
      if (type < 0) return out;
      const stack = [start];
      const seen = new Set<number>();
      while (stack.length) {
        const cur = stack.pop() ?? -1;
        if (seen.has(cur)) continue;
        seen.add(cur);
        children.forEach(cur, (e) => {
          if (entries.typeCode(e) === type) out.push(entries.get(e));
          stack.push(entries.idCode(e));
        });
      }
      return out;
    },
  };
}

/** The last segment of a resource's name (`vault/key` → `key`). */
export function shortName(r: AzureResource): string {
  const parts = r.name.split('/');
  return parts[parts.length - 1] ?? r.name;
}
