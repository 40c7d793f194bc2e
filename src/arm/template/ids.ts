/**
 * Resource IDs, composed as ARM composes them
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource#resourceid):
 * `<scope>/providers/<namespace>/<type1>/<name1>/<type2>/<name2>…`, where the scope is the tenant (empty),
 * a management group, a subscription or a resource group.
 */
export type ScopeLevel = 'tenant' | 'managementGroup' | 'subscription' | 'resourceGroup';

export interface DeploymentScope {
  level: ScopeLevel;
  tenantId: string;
  managementGroup?: string;
  subscriptionId?: string;
  resourceGroup?: string;
}

/** The ID of the scope itself: '' for the tenant. */
export function scopeId(s: DeploymentScope): string {
  switch (s.level) {
    case 'tenant':
      return '';
    case 'managementGroup':
      return `/providers/Microsoft.Management/managementGroups/${s.managementGroup ?? ''}`;
    case 'subscription':
      return `/subscriptions/${s.subscriptionId ?? ''}`;
    case 'resourceGroup':
      return `/subscriptions/${s.subscriptionId ?? ''}/resourceGroups/${s.resourceGroup ?? ''}`;
  }
}

export class IdError extends Error {}

/**
 * `<type>` + names -> the `providers/…` tail. A type `Ns/a/b` needs two names (`a` name, `b` name);
 * the names may also arrive joined by `/` in one string, as ARM's `name` field writes child resources.
 */
export function providerTail(type: string, names: readonly string[]): string {
  const fast = interleaved(type, names);
  if (fast !== undefined) return fast;
  const typeSegs = segments(type, true);
  const nameSegs = names.length === 1 ? segments(names[0] ?? '', false) : names.flatMap((n) => segments(n, false));
  const ns = typeSegs[0];
  if (ns === undefined || typeSegs.length < 2) throw new IdError(`'${type}' is not a resource type: write it as Namespace/type[/childType…]`);
  if (typeSegs.length - 1 !== nameSegs.length) {
    throw new IdError(
      `resource type '${type}' has ${typeSegs.length - 1} type segment(s) but ${nameSegs.length} name segment(s) were given (${nameSegs.join('/') || 'none'}); give one name for each type segment`,
    );
  }
  let tail = ns;
  for (let i = 1; i < typeSegs.length; i++) tail += `/${typeSegs[i] ?? ''}/${nameSegs[i - 1] ?? ''}`;
  return tail;
}

/**
 * providerTail without arrays, for the common case (no empty type segment, as many name segments as type
 * segments after the namespace); undefined otherwise, and providerTail then explains what is wrong.
 */
function interleaved(type: string, names: readonly string[]): string | undefined {
  const first = type.indexOf('/');
  if (first <= 0 || type.charCodeAt(type.length - 1) === 47 || type.includes('//')) return undefined;
  let tail = type.slice(0, first);
  let t = first + 1;
  let n = 0;
  let name = names[0];
  let from = 0;
  for (;;) {
    if (name === undefined) return undefined;
    const tEnd = type.indexOf('/', t);
    const nEnd = name.indexOf('/', from);
    tail += `/${tEnd < 0 ? type.slice(t) : type.slice(t, tEnd)}/${nEnd < 0 ? name.slice(from) : name.slice(from, nEnd)}`;
    if (nEnd < 0) {
      name = names[++n];
      from = 0;
    } else from = nEnd + 1;
    if (tEnd < 0) break;
    t = tEnd + 1;
  }
  // A name segment left over: providerTail reports the mismatch.
  return name === undefined ? tail : undefined;
}

/**
 * `s.split('/')` (empty segments dropped when `dropEmpty`), by indexOf: IDs are composed for every resource
 * and every resourceId() call, and split() allocates more than the few segments need.
 */
function segments(s: string, dropEmpty: boolean): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = s.indexOf('/'); ; i = s.indexOf('/', from)) {
    const seg = i < 0 ? s.slice(from) : s.slice(from, i);
    if (!dropEmpty || seg !== '') out.push(seg);
    if (i < 0) return out;
    from = i + 1;
  }
}

/** The ID of a resource deployed at `scope` (resource groups are special: they sit under /subscriptions/x). */
export function resourceIdAt(scope: DeploymentScope, type: string, names: readonly string[]): string {
  if (type.toLowerCase() === 'microsoft.resources/resourcegroups' && scope.level === 'subscription') {
    return `/subscriptions/${scope.subscriptionId ?? ''}/resourceGroups/${names.join('/')}`;
  }
  if (type.toLowerCase() === 'microsoft.resources/subscriptions' && (scope.level === 'tenant' || scope.level === 'managementGroup')) {
    return `/subscriptions/${names.join('/')}`;
  }
  return `${scopeId(scope)}/providers/${providerTail(type, names)}`;
}

/** An extension resource (role assignment, lock, diagnostic setting) on `targetId`. */
export function extensionId(targetId: string, type: string, names: readonly string[]): string {
  return `${targetId.replace(/\/+$/, '')}/providers/${providerTail(type, names)}`;
}

/** Parses a scope ID (`/subscriptions/x/resourceGroups/y`, `/providers/Microsoft.Management/managementGroups/m`, `/`) into a scope. */
export function parseScopeId(id: string, tenantId: string): DeploymentScope | undefined {
  const t = id.replace(/\/+$/, '');
  if (t === '') return { level: 'tenant', tenantId };
  let m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i.exec(t);
  if (m) return { level: 'resourceGroup', tenantId, subscriptionId: m[1], resourceGroup: m[2] };
  m = /^\/subscriptions\/([^/]+)$/i.exec(t);
  if (m) return { level: 'subscription', tenantId, subscriptionId: m[1] };
  m = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i.exec(t);
  if (m) return { level: 'managementGroup', tenantId, managementGroup: m[1] };
  return undefined;
}

/** The scope level a `$schema` URL declares (https://learn.microsoft.com/azure/azure-resource-manager/templates/syntax#template-format). */
export function levelFromSchema(schema: unknown): ScopeLevel | undefined {
  if (typeof schema !== 'string') return undefined;
  const s = schema.toLowerCase();
  if (s.includes('/subscriptiondeploymenttemplate.json')) return 'subscription';
  if (s.includes('/managementgroupdeploymenttemplate.json')) return 'managementGroup';
  if (s.includes('/tenantdeploymenttemplate.json')) return 'tenant';
  if (s.includes('/deploymenttemplate.json')) return 'resourceGroup';
  return undefined;
}
