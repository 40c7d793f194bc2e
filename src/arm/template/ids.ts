/**
 * Resource IDs, composed as ARM composes them
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource#resourceid):
 * `<scope>/providers/<namespace>/<type1>/<name1>/<type2>/<name2>…`, where the scope is the tenant (empty),
 * a management group, a subscription or a resource group.
 */
export type ScopeLevel = 'tenant' | 'managementGroup' | 'subscription' | 'resourceGroup';

/** Never changed once made (scopeId remembers its answer per scope object). */
export interface DeploymentScope {
  readonly level: ScopeLevel;
  readonly tenantId: string;
  readonly managementGroup?: string;
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
}

/** scopeId's answers (and their lower case): every resource ID and resourceId() call asks it of one of a few scope objects. */
const scopeIds = new WeakMap<DeploymentScope, { id: string; lower?: string }>();

function scopeIdEntry(s: DeploymentScope): { id: string; lower?: string } {
  let e = scopeIds.get(s);
  if (e === undefined) {
    e = { id: composeScopeId(s) };
    scopeIds.set(s, e);
  }
  return e;
}

/** The ID of the scope itself: '' for the tenant. */
export function scopeId(s: DeploymentScope): string {
  return scopeIdEntry(s).id;
}

/** scopeId(s).toLowerCase(), lowered once per scope. */
export function lowerScopeId(s: DeploymentScope): string {
  const e = scopeIdEntry(s);
  return (e.lower ??= e.id.toLowerCase());
}

function composeScopeId(s: DeploymentScope): string {
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

export class IdError extends Error {
  /**
   * `key`: the declaration's key whose value made the ID impossible (scope, subscriptionId, resourceGroup),
   * where the error is placed; without it, at the name. `unknown`: that value is known only at deployment
   * (its reason), which is not an error in the template: the declaration is skipped, as one whose name is.
   */
  constructor(message: string, readonly key?: string, readonly unknown?: string) {
    super(message);
  }
}

/**
 * `<type>` + names -> the `providers/…` tail. A type `Ns/a/b` needs two names (`a` name, `b` name);
 * the names may also arrive joined by `/` in one string, as ARM's `name` field writes child resources
 * (`names` a string: that one name, without an array made for it).
 */
export function providerTail(type: string, names: string | readonly string[]): string {
  const fast = interleaved(type, names);
  if (fast !== undefined) return fast;
  const typeSegs = segments(type, true);
  const nameSegs = typeof names === 'string' ? segments(names, false) : names.length === 1 ? segments(names[0] ?? '', false) : names.flatMap((n) => segments(n, false));
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
function interleaved(type: string, names: string | readonly string[]): string | undefined {
  const first = type.indexOf('/');
  if (first <= 0 || type.charCodeAt(type.length - 1) === 47 || type.includes('//')) return undefined;
  const one = typeof names === 'string';
  let name = one ? names : names[0];
  // `Ns/type` and one name without `/` (most resources): the tail is the two joined, made in one step.
  if (name !== undefined && (one || names.length === 1) && type.indexOf('/', first + 1) < 0 && !name.includes('/')) return `${type}/${name}`;
  let tail = type.slice(0, first);
  let t = first + 1;
  let n = 0;
  let from = 0;
  for (;;) {
    if (name === undefined) return undefined;
    const tEnd = type.indexOf('/', t);
    const nEnd = name.indexOf('/', from);
    tail += `/${tEnd < 0 ? type.slice(t) : type.slice(t, tEnd)}/${nEnd < 0 ? name.slice(from) : name.slice(from, nEnd)}`;
    if (nEnd < 0) {
      name = one ? undefined : names[++n];
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
export function resourceIdAt(scope: DeploymentScope, type: string, names: string | readonly string[]): string {
  if (scope.level === 'subscription' && isType(type, 'microsoft.resources/resourcegroups')) {
    return `/subscriptions/${scope.subscriptionId ?? ''}/resourceGroups/${typeof names === 'string' ? names : names.join('/')}`;
  }
  if ((scope.level === 'tenant' || scope.level === 'managementGroup') && isType(type, 'microsoft.resources/subscriptions')) {
    return `/subscriptions/${typeof names === 'string' ? names : names.join('/')}`;
  }
  return `${scopeId(scope)}/providers/${providerTail(type, names)}`;
}

/**
 * The ID subscriptionResourceId() (and resourceId() in a subscription deployment) gives a resource of the
 * subscription `sub`: `/subscriptions/<sub>/providers/<type>/<names>`, but a resource group is
 * `/subscriptions/<sub>/resourceGroups/<name>`, the ID the group itself has (resourceIdAt), so that
 * reference(subscriptionResourceId('Microsoft.Resources/resourceGroups', name), …, 'full') reads the group the
 * template declares, as Bicep compiles a resource group's `.id` and as Mission Landing Zone's resource group
 * module reads its location and tags (mlz.json), and as an ARM PM answered "the ARM Id of a resource group"
 * is `subscriptionResourceId('Microsoft.Resources/resourceGroups', name)`
 * (https://github.com/Azure/azure-quickstart-templates/pull/8576, read 2026-12-07).
 */
export function subscriptionResourceIdOf(sub: string, type: string, names: readonly string[]): string {
  const tail = providerTail(type, names);
  if (isType(type, 'microsoft.resources/resourcegroups')) return `/subscriptions/${sub}/resourceGroups/${names.join('/')}`;
  return `/subscriptions/${sub}/providers/${tail}`;
}

/**
 * `type` is `lower` in any casing; lowered only when the lengths match (no string made per resource): sound
 * for a `lower` without U+0307, as lowering keeps the length of every character but 'İ' (lowered to 'i' and
 * U+0307).
 */
function isType(type: string, lower: string): boolean {
  return type.length === lower.length && type.toLowerCase() === lower;
}

/** An extension resource (role assignment, lock, diagnostic setting) on `targetId`. */
export function extensionId(targetId: string, type: string, names: string | readonly string[]): string {
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
