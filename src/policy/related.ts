/**
 * The input as an estate: which resources are children or extensions of which, and what sits in each
 * resource group and subscription. auditIfNotExists / deployIfNotExists look their related resources up
 * here (Microsoft Learn, "AuditIfNotExists effect", properties `type`, `name`, `resourceGroupName`,
 * `existenceScope`: https://learn.microsoft.com/azure/governance/policy/concepts/effect-audit-if-not-exists).
 */
import type { AzureResource } from '../core/resource.js';

export interface Estate {
  resources: readonly AzureResource[];
  byId: Map<string, AzureResource>;
  /** Direct children and extension resources (by `scope` or by an id under `/providers/`), by parent id. */
  children: Map<string, AzureResource[]>;
  /** By `<resource group id>|<type>` and `<subscription id>|<type>`, lower case. */
  byGroupType: Map<string, AzureResource[]>;
  bySubscriptionType: Map<string, AzureResource[]>;
}

/** `/subscriptions/<s>/resourceGroups/<g>` of an id, lower case; '' when the id is above a group. */
export function resourceGroupId(id: string): string {
  const m = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+/i.exec(id);
  return m ? m[0].toLowerCase() : '';
}

export function subscriptionId(id: string): string {
  const m = /^\/subscriptions\/[^/]+/i.exec(id);
  return m ? m[0].toLowerCase() : '';
}

/**
 * The parent of a resource: its `scope` for an extension resource from a template; otherwise, from the
 * id, the resource one type segment up (`…/servers/s1/databases/d1` → `…/servers/s1`) or, for an
 * extension id (`<target>/providers/Microsoft.Insights/diagnosticSettings/x`), the target.
 */
export function parentId(r: AzureResource): string | undefined {
  if (typeof r.scope === 'string' && r.scope !== '') return r.scope.toLowerCase();
  const id = r.id.toLowerCase();
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

function push(m: Map<string, AzureResource[]>, k: string, r: AzureResource): void {
  const a = m.get(k);
  if (a) a.push(r);
  else m.set(k, [r]);
}

export function buildEstate(resources: readonly AzureResource[]): Estate {
  const byId = new Map<string, AzureResource>();
  const children = new Map<string, AzureResource[]>();
  const byGroupType = new Map<string, AzureResource[]>();
  const bySubscriptionType = new Map<string, AzureResource[]>();
  for (const r of resources) {
    const id = r.id.toLowerCase();
    byId.set(id, r);
    const parent = parentId(r);
    if (parent) push(children, parent, r);
    const type = r.type.toLowerCase();
    const rg = resourceGroupId(r.id);
    if (rg) push(byGroupType, `${rg}|${type}`, r);
    const sub = subscriptionId(r.id);
    if (sub) push(bySubscriptionType, `${sub}|${type}`, r);
  }
  return { resources, byId, children, byGroupType, bySubscriptionType };
}

/** Descendants of a resource (children, their children, extension resources) of one type. */
export function descendantsOfType(estate: Estate, id: string, typeLower: string): AzureResource[] {
  const out: AzureResource[] = [];
  const stack = [id.toLowerCase()];
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
