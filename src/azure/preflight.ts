/**
 * `il5ml preflight`: before deploy.sh creates anything, will this subscription accept the plan? Each check
 * reads one ARM (or Graph) answer and judges it with a pure function, so that the judgement is tested on
 * the answers' documented shapes.
 */
import type { ArmClient } from './arm.js';
import { parseJson, statusError } from './arm.js';
import { AzureError, azureErrorText } from './errors.js';
import { pushAll } from '../core/array.js';

export const API = {
  providers: '2021-04-01',
  skus: '2021-07-01',
  usages: '2023-09-01',
  storageName: '2023-01-01',
  keyVault: '2022-07-01',
  registryName: '2023-07-01',
  permissions: '2022-04-01',
} as const;

export type Status = 'ok' | 'warn' | 'fail';

export interface PreflightCheck {
  check: 'subscription' | 'provider' | 'apiVersion' | 'location' | 'sku' | 'quota' | 'name' | 'principal' | 'permission';
  subject: string;
  status: Status;
  detail: string;
  /** The spec key to change when the check fails. */
  specKey?: string;
  fix?: string;
}

/** What preflight needs from the plan: derived from the spec by the CLI (src/cli/commands/preflight.ts). */
export interface PreflightPlan {
  subscription: string;
  resourceGroup: string;
  region: string;
  /** Every template resource's type and apiVersion. */
  resources: { type: string; apiVersion: string }[];
  vmSizes: { size: string; count: number; specKey: string }[];
  host?: { sku: string; specKey: string };
  names: { kind: 'storage' | 'keyVault' | 'registry'; name: string; specKey: string }[];
}

// ---- the subscription's state ----------------------------------------------------------------------

/**
 * The subscription's `state` (Subscriptions - Get: Enabled, Warned, PastDue, Disabled, Deleted). From
 * "Azure subscription states" (https://learn.microsoft.com/azure/cost-management-billing/manage/subscription-states,
 * read 2026-12-07): Disabled, Expired and Deleted refuse "operations to create or update resources (PUT,
 * PATCH)" and POST actions, so a deployment cannot create anything; Past Due and Warned are still active,
 * with a payment or a cancellation pending that will disable it.
 */
export function judgeSubscription(subscription: string, state: unknown): PreflightCheck {
  const subject = `subscription ${subscription}`;
  const s = typeof state === 'string' ? state : '';
  const lower = s.toLowerCase();
  if (lower === 'enabled' || lower === 'active') return { check: 'subscription', subject, status: 'ok', detail: `state ${s}` };
  if (lower === 'disabled' || lower === 'expired' || lower === 'deleted') {
    return {
      check: 'subscription',
      subject,
      status: 'fail',
      detail: `state ${s}: Azure refuses every create or update (PUT, PATCH) and action (POST) in it, so the deployment creates nothing`,
      fix: 'have the subscription reactivated by its billing owner (https://learn.microsoft.com/azure/cost-management-billing/manage/subscription-disabled), or deploy to another subscription',
    };
  }
  if (lower === 'pastdue' || lower === 'warned') {
    return { check: 'subscription', subject, status: 'warn', detail: `state ${s}: still active, but a payment or cancellation pending will disable it (then nothing can be created or changed)`, fix: "ask the subscription's billing owner to settle it before deploying" };
  }
  return { check: 'subscription', subject, status: 'warn', detail: s === '' ? 'Azure gave no state for it: not checked' : `state ${s}, which Microsoft does not document: not checked` };
}

// ---- providers, apiVersions, locations -------------------------------------------------------------

export interface ProviderInfo {
  namespace: string;
  registrationState?: string;
  resourceTypes?: { resourceType: string; locations?: string[]; apiVersions?: string[] }[];
}

/** `US Gov Virginia` and `usgovvirginia` are the same region. */
export const regionKey = (s: string): string => s.toLowerCase().replace(/\s+/g, '');

/** Providers registered (or registerable), each apiVersion offered for its type, each type offered in the region. */
export function judgeProviders(plan: PreflightPlan, providers: readonly ProviderInfo[]): PreflightCheck[] {
  const out: PreflightCheck[] = [];
  const byNs = new Map(providers.map((p) => [p.namespace.toLowerCase(), p]));
  const namespaces = [...new Set(plan.resources.map((r) => r.type.split('/')[0] ?? ''))].sort();
  for (const ns of namespaces) {
    const p = byNs.get(ns.toLowerCase());
    if (!p) {
      out.push({ check: 'provider', subject: ns, status: 'fail', detail: 'the resource provider is not offered to this subscription', fix: 'deploy to a subscription of the Azure Government cloud that offers it' });
      continue;
    }
    const state = p.registrationState ?? 'Unknown';
    if (state.toLowerCase() === 'registered') out.push({ check: 'provider', subject: ns, status: 'ok', detail: 'Registered' });
    else out.push({ check: 'provider', subject: ns, status: 'warn', detail: `${state}: the deployment registers it when the deployer may (Microsoft.Resources/subscriptions/providers/register/action)`, fix: `az provider register --namespace ${ns} --wait` });
  }
  const seen = new Set<string>();
  for (const r of plan.resources) {
    const key = `${r.type.toLowerCase()}|${r.apiVersion}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const [ns, ...rest] = r.type.split('/');
    const rt = byNs.get((ns ?? '').toLowerCase())?.resourceTypes?.find((t) => t.resourceType.toLowerCase() === rest.join('/').toLowerCase());
    if (!byNs.has((ns ?? '').toLowerCase())) continue;
    if (!rt) {
      out.push({ check: 'apiVersion', subject: r.type, status: 'fail', detail: 'the provider does not offer this resource type here', fix: 'use an il5ml release whose templates this cloud supports' });
      continue;
    }
    const versions = rt.apiVersions ?? [];
    if (versions.some((v) => v.toLowerCase() === r.apiVersion.toLowerCase())) out.push({ check: 'apiVersion', subject: `${r.type}@${r.apiVersion}`, status: 'ok', detail: 'offered' });
    else out.push({ check: 'apiVersion', subject: `${r.type}@${r.apiVersion}`, status: 'fail', detail: `not offered; offered: ${versions.slice(0, 5).join(', ')}${versions.length > 5 ? ', …' : ''}`, fix: 'use an il5ml release whose templates use an offered apiVersion (src/catalog/api-versions.ts)' });
    const locations = (rt.locations ?? []).map(regionKey);
    if (locations.length === 0 || locations.includes('global') || locations.includes(regionKey(plan.region))) continue;
    out.push({ check: 'location', subject: r.type, status: 'fail', detail: `not offered in ${plan.region}; offered in ${(rt.locations ?? []).join(', ')}`, specKey: 'region', fix: 'choose a region that offers it' });
  }
  return out;
}

// ---- SKUs and quota ---------------------------------------------------------------------------------

export interface ComputeSku {
  resourceType?: string;
  name?: string;
  family?: string;
  locations?: string[];
  restrictions?: { type?: string; values?: string[]; reasonCode?: string }[];
  capabilities?: { name?: string; value?: string }[];
}

export interface Usage {
  name?: { value?: string; localizedValue?: string };
  currentValue?: number;
  limit?: number;
}

function capability(sku: ComputeSku, ...names: string[]): number | undefined {
  for (const n of names) {
    const c = sku.capabilities?.find((x) => x.name?.toLowerCase() === n.toLowerCase());
    const v = c?.value !== undefined ? Number(c.value) : NaN;
    if (Number.isFinite(v)) return v;
  }
  return undefined;
}

function findSku(skus: readonly ComputeSku[], resourceType: string, name: string): ComputeSku | undefined {
  return skus.find((s) => s.resourceType?.toLowerCase() === resourceType && s.name?.toLowerCase() === name.toLowerCase());
}

/**
 * Each VM size and the host SKU offered in the region and not restricted for the subscription
 * (`restrictions[].type` Location: not at all; Zone: not in some zones), then the vCPU quota of each
 * family and of the region: the cluster at its maximum, the instance, the jump box — or, on a dedicated
 * host, the whole host's vCPUs in the host's family (a host takes its full size from the quota whatever
 * runs on it: https://learn.microsoft.com/azure/virtual-machines/dedicated-hosts#quotas).
 */
export function judgeCompute(plan: PreflightPlan, skus: readonly ComputeSku[], usages: readonly Usage[]): PreflightCheck[] {
  const out: PreflightCheck[] = [];
  const need = new Map<string, { vcpus: number; keys: Set<string> }>();
  const add = (family: string, vcpus: number, key: string): void => {
    const n = need.get(family) ?? { vcpus: 0, keys: new Set<string>() };
    n.vcpus += vcpus;
    n.keys.add(key);
    need.set(family, n);
  };
  const judgeSku = (resourceType: string, name: string, specKey: string, what: string): ComputeSku | undefined => {
    const sku = findSku(skus, resourceType, name);
    if (!sku) {
      out.push({ check: 'sku', subject: `${what} ${name}`, status: 'fail', detail: `not offered in ${plan.region}`, specKey, fix: `choose a ${what} listed by: az vm list-skus --location ${plan.region} --resource-type ${resourceType} --output table` });
      return undefined;
    }
    const region = (sku.restrictions ?? []).find((r) => r.type?.toLowerCase() === 'location');
    if (region) {
      out.push({ check: 'sku', subject: `${what} ${name}`, status: 'fail', detail: `restricted for this subscription in ${plan.region} (${region.reasonCode ?? 'restricted'})`, specKey, fix: 'choose another size, or ask Microsoft support to lift the restriction' });
      return sku;
    }
    const zone = (sku.restrictions ?? []).find((r) => r.type?.toLowerCase() === 'zone');
    out.push(zone ? { check: 'sku', subject: `${what} ${name}`, status: 'warn', detail: `restricted in some zones (${zone.reasonCode ?? ''})` } : { check: 'sku', subject: `${what} ${name}`, status: 'ok', detail: 'offered, not restricted' });
    return sku;
  };
  for (const v of plan.vmSizes) {
    const sku = judgeSku('virtualmachines', v.size, v.specKey, 'VM size');
    if (!sku) continue;
    const vcpus = capability(sku, 'vCPUs');
    if (sku.family !== undefined && vcpus !== undefined && v.count > 0) add(sku.family, vcpus * v.count, v.specKey);
  }
  if (plan.host) {
    const sku = judgeSku('hostgroups/hosts', plan.host.sku, plan.host.specKey, 'dedicated host SKU');
    if (sku) {
      const vcpus = capability(sku, 'vCPUs', 'Cores');
      if (sku.family !== undefined && vcpus !== undefined) add(sku.family, vcpus, plan.host.specKey);
      else out.push({ check: 'quota', subject: `dedicated host ${plan.host.sku}`, status: 'warn', detail: 'the SKU list gives no family or vCPU count for the host: its quota could not be checked' });
    }
  }
  const usage = new Map(usages.map((u) => [u.name?.value?.toLowerCase() ?? '', u]));
  let total = 0;
  const totalKeys = new Set<string>();
  for (const [family, n] of [...need].sort((a, b) => a[0].localeCompare(b[0]))) {
    total += n.vcpus;
    for (const k of n.keys) totalKeys.add(k);
    out.push(judgeQuota(usage.get(family.toLowerCase()), family, n.vcpus, [...n.keys], plan.region));
  }
  if (need.size) out.push(judgeQuota(usage.get('cores'), 'cores', total, [...totalKeys], plan.region));
  return out;
}

function judgeQuota(u: Usage | undefined, family: string, vcpus: number, keys: string[], region: string): PreflightCheck {
  const subject = `${family} vCPUs`;
  if (!u || typeof u.limit !== 'number' || typeof u.currentValue !== 'number') {
    return { check: 'quota', subject, status: 'warn', detail: `no usage reported for ${family} in ${region}` };
  }
  const free = u.limit - u.currentValue;
  if (vcpus <= free) return { check: 'quota', subject, status: 'ok', detail: `needs ${vcpus}, ${free} free (${u.currentValue} of ${u.limit} used)` };
  return {
    check: 'quota',
    subject,
    status: 'fail',
    detail: `needs ${vcpus}, only ${free} free (${u.currentValue} of ${u.limit} used)`,
    specKey: keys.join(', '),
    fix: `request more ${u.name?.localizedValue ?? family} quota in ${region} (Azure portal, Quotas), or lower ${keys.join(' / ')}`,
  };
}

// ---- global names -----------------------------------------------------------------------------------

export interface NameAvailability {
  nameAvailable?: boolean;
  reason?: string;
  message?: string;
}

export function judgeName(n: PreflightPlan['names'][number], a: NameAvailability, softDeleted: boolean): PreflightCheck {
  if (softDeleted) {
    return { check: 'name', subject: `key vault ${n.name}`, status: 'fail', detail: 'a soft-deleted vault has this name (purge protection keeps it until its retention ends)', specKey: n.specKey, fix: `recover it (az keyvault recover --name ${n.name}), or change ${n.specKey} (or the resource group) for another name` };
  }
  const label = n.kind === 'keyVault' ? 'key vault' : n.kind === 'registry' ? 'container registry' : 'storage account';
  if (a.nameAvailable === true) return { check: 'name', subject: `${label} ${n.name}`, status: 'ok', detail: 'available' };
  // A name already taken in this resource group is the redeployment's own resource.
  return { check: 'name', subject: `${label} ${n.name}`, status: 'fail', detail: `${a.reason ?? 'not available'}${a.message ? `: ${a.message}` : ''}`, specKey: n.specKey, fix: `change ${n.specKey}, or deploy to another resource group (the name includes uniqueString(resourceGroup().id))` };
}

/** A global name whose provider is not registered (or not offered): Azure cannot be asked about it yet. */
export function unregisteredName(n: PreflightPlan['names'][number], provider: string, state: string | undefined): PreflightCheck {
  const label = n.kind === 'keyVault' ? 'key vault' : n.kind === 'registry' ? 'container registry' : 'storage account';
  if (state === undefined) return { check: 'name', subject: `${label} ${n.name}`, status: 'warn', detail: `not checked: ${provider} is not offered to this subscription (see the provider check)` };
  return {
    check: 'name',
    subject: `${label} ${n.name}`,
    status: 'warn',
    detail: `not checked: the subscription is not registered for ${provider} (${state}), and Azure answers its name checks only once it is`,
    fix: `az provider register --namespace ${provider} --wait, then run preflight again`,
  };
}

// ---- role assignments --------------------------------------------------------------------------------

export interface Permission {
  actions?: string[];
  notActions?: string[];
}

function matches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(action);
}

/** Whether the permissions granted at the scope allow `action` (an allowing entry whose notActions do not remove it). */
export function allows(perms: readonly Permission[], action: string): boolean {
  return perms.some((p) => (p.actions ?? []).some((a) => matches(a, action)) && !(p.notActions ?? []).some((n) => matches(n, action)));
}

// ---- the live part -----------------------------------------------------------------------------------

interface List<T> {
  value?: T[];
  nextLink?: string | null;
}

/**
 * Every page of an ARM list (`nextLink`). A next link to a page already read, or past 1,000 pages, would
 * page for ever (or stop at an arbitrary page and judge a partial list): an error, not a partial answer.
 */
async function listAll<T>(arm: ArmClient, path: string, what: string): Promise<T[]> {
  const out: T[] = [];
  const read = new Set<string>();
  let url: string | undefined = path;
  for (let pages = 0; url !== undefined; pages++) {
    if (read.has(url) || pages >= 1000) {
      throw new AzureError('IL5-AZURE-RESPONSE', `${what}: ${pages >= 1000 ? 'more than 1,000 pages' : 'a next link to a page already read'}: paging would not end`, 'try again later; if it persists, check --arm-endpoint and any proxy (HTTPS_PROXY) between you and Azure');
    }
    read.add(url);
    const page: List<T> = await arm.json<List<T>>('GET', url, what);
    pushAll(out, page.value ?? []);
    url = typeof page.nextLink === 'string' && page.nextLink !== '' ? page.nextLink : undefined;
  }
  return out;
}

export interface PreflightResult {
  checks: PreflightCheck[];
}

/** Runs every check against the subscription; `graph` for the Azure Cosmos DB principal. */
export async function runPreflight(arm: ArmClient, graph: ArmClient, plan: PreflightPlan, cosmosDbAppId: string): Promise<PreflightCheck[]> {
  const sub = `/subscriptions/${encodeURIComponent(plan.subscription)}`;
  const subRes = await arm.send('GET', `${sub}?api-version=2022-12-01`);
  if (subRes.status !== 200) throw statusError(subRes, `subscription ${plan.subscription}`);
  const checks: PreflightCheck[] = [judgeSubscription(plan.subscription, parseJson<{ state?: unknown }>(subRes.body, `subscription ${plan.subscription}`).state)];
  const providers = await listAll<ProviderInfo>(arm, `${sub}/providers?api-version=${API.providers}`, 'resource providers');
  checks.push(...judgeProviders(plan, providers));
  const region = encodeURIComponent(plan.region);
  const skus = await listAll<ComputeSku>(arm, `${sub}/providers/Microsoft.Compute/skus?api-version=${API.skus}&$filter=${encodeURIComponent(`location eq '${plan.region}'`)}`, 'Microsoft.Compute SKUs');
  const usages = await listAll<Usage>(arm, `${sub}/providers/Microsoft.Compute/locations/${region}/usages?api-version=${API.usages}`, 'Microsoft.Compute usages');
  checks.push(...judgeCompute(plan, skus, usages));
  const registration = new Map(providers.map((p) => [p.namespace.toLowerCase(), p.registrationState ?? 'Unknown']));
  for (const n of plan.names) {
    const [provider, type, api] =
      n.kind === 'storage'
        ? ['Microsoft.Storage', 'Microsoft.Storage/storageAccounts', API.storageName]
        : n.kind === 'keyVault'
          ? ['Microsoft.KeyVault', 'Microsoft.KeyVault/vaults', API.keyVault]
          : ['Microsoft.ContainerRegistry', 'Microsoft.ContainerRegistry/registries', API.registryName];
    // A provider's checkNameAvailability answers only once the subscription is registered for it: before,
    // Microsoft.Storage answers 404 SubscriptionNotFound and others 409 MissingSubscriptionRegistration
    // (https://github.com/Azure/azure-cli/issues/29267, https://github.com/hashicorp/terraform-provider-azurerm/issues/24104,
    // https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider;
    // read 2026-12-07). A new subscription is the usual case, and the provider check above already warns
    // and says to register: the name is reported not checked, rather than the whole preflight ending on it.
    const state = registration.get(provider.toLowerCase());
    if (state === undefined || state.toLowerCase() !== 'registered') {
      checks.push(unregisteredName(n, provider, state));
      continue;
    }
    const a = await arm.json<NameAvailability>('POST', `${sub}/providers/${provider}/checkNameAvailability?api-version=${api}`, `name check of ${n.name}`, { name: n.name, type });
    let softDeleted = false;
    if (n.kind === 'keyVault') {
      const d = await arm.send('GET', `${sub}/providers/Microsoft.KeyVault/locations/${region}/deletedVaults/${encodeURIComponent(n.name)}?api-version=${API.keyVault}`);
      if (d.status === 200) softDeleted = true;
      else if (d.status !== 404) throw statusError(d, `soft-deleted vault ${n.name}`);
    }
    checks.push(judgeName(n, a, softDeleted));
  }
  const rgScope = `${sub}/resourceGroups/${encodeURIComponent(plan.resourceGroup)}`;
  const perms = await arm.send('GET', `${rgScope}/providers/Microsoft.Authorization/permissions?api-version=${API.permissions}`);
  const action = 'Microsoft.Authorization/roleAssignments/write';
  // The resource group may not exist yet (deploy.sh creates it). Azure lists the caller's permissions at a
  // resource group (Permissions_ListForResourceGroup) or a resource (Permissions_ListForResource) only: there
  // is no subscription-level list (Azure/azure-rest-api-specs specification/authorization/resource-manager/
  // Microsoft.Authorization/stable/2022-04-01/authorization-RoleDefinitionsCalls.json, read 2026-12-08).
  // Before, il5ml asked GET /subscriptions/{id}/providers/Microsoft.Authorization/permissions, which no
  // api-version documents, and judged whatever came back. Now the right is reported not checked, with how to.
  if (perms.status === 404) {
    checks.push({
      check: 'permission',
      subject: action,
      status: 'warn',
      detail: `resource group ${plan.resourceGroup} does not exist yet, and Azure lists your permissions only on a resource group or a resource: not checked`,
      fix: `create the group first (az group create --subscription ${plan.subscription} --name ${plan.resourceGroup} --location ${plan.region}: deploy.sh keeps an existing group and adds the spec's tags to it) and run il5ml preflight again`,
    });
    checks.push(await principalCheck(graph, cosmosDbAppId));
    return checks;
  }
  if (perms.status !== 200) throw statusError(perms, 'your permissions');
  // Paged like any ARM list: Permissions_ListForResourceGroup is `x-ms-pageable` with `nextLink`
  // (Azure/azure-rest-api-specs specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleDefinitionsCalls.json,
  // read 2026-12-07). The right to assign roles may come from an entry on a later page.
  const first = parseJson<List<Permission>>(perms.body, 'your permissions');
  const granted = [...(first.value ?? [])];
  if (typeof first.nextLink === 'string' && first.nextLink !== '') pushAll(granted, await listAll<Permission>(arm, first.nextLink, 'your permissions'));
  checks.push(
    allows(granted, action)
      ? { check: 'permission', subject: action, status: 'ok', detail: `granted on ${plan.resourceGroup}` }
      : { check: 'permission', subject: action, status: 'fail', detail: 'you may not create role assignments: the plan assigns roles to the workspace and the compute identities', fix: 'ask for Owner, User Access Administrator or Role Based Access Control Administrator on the resource group' },
  );
  checks.push(await principalCheck(graph, cosmosDbAppId));
  return checks;
}

/**
 * The Azure Cosmos DB principal, from Microsoft Graph. Graph is another service with its own token: a token
 * it refuses (401) or cannot be had for it warns "not checked", as no right to read it does, rather than
 * ending the preflight and its ARM checks. The usual cause in a DoD tenant is the Graph root: DoD (L5)
 * tenants use https://dod-graph.microsoft.us, not the US Government default https://graph.microsoft.us
 * (https://learn.microsoft.com/graph/deployments, read 2026-12-07).
 */
async function principalCheck(graph: ArmClient, cosmosDbAppId: string): Promise<PreflightCheck> {
  const subject = `Azure Cosmos DB (${cosmosDbAppId})`;
  const notChecked = (why: string): PreflightCheck => ({
    check: 'principal',
    subject,
    status: 'warn',
    detail: `Microsoft Graph at ${graph.endpoint}: ${why}: not checked`,
    fix: `a DoD tenant's Graph is --graph-endpoint https://dod-graph.microsoft.us; or check by hand: az ad sp show --id ${cosmosDbAppId} --query id`,
  });
  let sp: Awaited<ReturnType<ArmClient['send']>>;
  try {
    sp = await graph.send('GET', `/v1.0/servicePrincipals(appId='${cosmosDbAppId}')?$select=id,appId,displayName`);
  } catch (e) {
    if (e instanceof AzureError && e.code === 'IL5-AZURE-SIGNIN') return notChecked(e.message);
    throw e;
  }
  if (sp.status === 401) {
    const said = azureErrorText(sp.body);
    return notChecked(`the token was refused (401${said ? `: ${said}` : ''})`);
  }
  if (sp.status === 200) {
    const o = parseJson<{ id?: string }>(sp.body, 'the Azure Cosmos DB principal');
    return { check: 'principal', subject, status: 'ok', detail: `object id ${o.id ?? '?'}` };
  }
  if (sp.status === 404) {
    return { check: 'principal', subject, status: 'fail', detail: 'no service principal of the Azure Cosmos DB application in this tenant: the workspace cannot encrypt its Cosmos DB with your key', fix: `an administrator creates it: az ad sp create --id ${cosmosDbAppId}` };
  }
  if (sp.status === 403) {
    return { check: 'principal', subject, status: 'warn', detail: 'you may not read service principals in Microsoft Graph: not checked', fix: `az ad sp show --id ${cosmosDbAppId} --query id (with Directory Readers)` };
  }
  throw statusError(sp, 'the Azure Cosmos DB principal (Microsoft Graph)');
}

export function exitWorthy(checks: readonly PreflightCheck[]): boolean {
  return checks.some((c) => c.status === 'fail');
}

