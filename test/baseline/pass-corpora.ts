import { expandTemplate } from '../../src/arm/template/index.js';
import { baselineRules } from '../../src/baseline/index.js';
import { IL5_INITIATIVE, il5ReferenceId } from '../../src/catalog/il5-initiative.js';
import type { AzureResource } from '../../src/core/resource.js';
import { Unknown } from '../../src/core/unknown.js';
import { buildPlan } from '../../src/emit/plan.js';
import { defaultSpec } from '../../src/spec/load.js';

/**
 * The inputs the two-pass tests (pass.test.ts) run the baseline on, whole and in two passes: every rule's
 * example, the default plan as the template engine expands it, and a synthetic mixed estate.
 */

/** A fresh deep copy, as a second parse of the same item gives (Unknown values recreated, not shared). */
export function freshCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(freshCopy) as T;
  if (v instanceof Unknown) return new Unknown(v.reason) as T;
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = freshCopy(x);
    return out as T;
  }
  return v;
}

/** Every string inside `v` passed through `f` (a new value; Unknowns kept). */
function mapStrings<T>(v: T, f: (s: string) => string): T {
  if (typeof v === 'string') return f(v) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => mapStrings(x, f)) as T;
  if (v instanceof Unknown) return v;
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = mapStrings(x, f);
    return out as T;
  }
  return v;
}

/** Every rule's documented example, all in one input (the same ids recur with different properties). */
export function exampleCorpus(): AzureResource[] {
  return baselineRules.flatMap((r) => r.example.map(freshCopy));
}

let plan: AzureResource[] | undefined;

/** The default spec's plan, azuredeploy.json expanded (what `il5ml plan` then `check` judges). */
export function planCorpus(): AzureResource[] {
  plan ??= expandTemplate({ text: buildPlan(defaultSpec()).files().get('azuredeploy.json') ?? '', file: 'azuredeploy.json' }).resources;
  return plan.map(freshCopy);
}

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const rg = (copy: number, name = 'il5ml-rg'): string => `${SUB}/resourceGroups/c${copy}-${name}`;
const relocate = (r: AzureResource, copy: number): AzureResource => mapStrings(r, (s) => s.replace(/\/resourceGroups\//gi, `/resourceGroups/c${copy}-`));

/** As estates drift: public access on, TLS 1.0, purge protection off, the jump box's private-reporting tag gone. */
function weaken(r: AzureResource): AzureResource {
  const w = mapStrings(r, (s) => (s === 'Disabled' ? 'Enabled' : s === 'TLS1_2' ? 'TLS1_0' : s));
  const props = w.properties as Record<string, unknown> | undefined;
  if (props && props.enablePurgeProtection === true) props.enablePurgeProtection = false;
  if (props && props.allowBlobPublicAccess === false) props.allowBlobPublicAccess = true;
  if (w.tags && 'EnablePrivateNetworkGC' in w.tags) {
    const { EnablePrivateNetworkGC: _drop, ...tags } = w.tags;
    void _drop;
    w.tags = tags;
  }
  return w;
}

function assignment(scope: string, name: string, policyDefinitionId: string): AzureResource {
  return { id: `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`, type: 'Microsoft.Authorization/policyAssignments', name, properties: { policyDefinitionId } };
}

function exemption(scope: string, name: string, properties: Record<string, unknown>): AzureResource {
  return { id: `${scope}/providers/Microsoft.Authorization/policyExemptions/${name}`, type: 'Microsoft.Authorization/policyExemptions', name, properties: { exemptionCategory: 'Waiver', description: `test exemption ${name}`, ...properties } };
}

/** Exemptions declared as resources: of the IL5 initiative (whole, by reference ids, expired), of one definition, of a missing assignment. */
function declaredExemptions(): AzureResource[] {
  const mirror = (id: string): string => baselineRules.find((r) => r.id === id)?.policyDefinitionId ?? '';
  const il5 = (copy: number): AzureResource => assignment(rg(copy), 'il5', IL5_INITIATIVE.id);
  const storage = `${rg(1)}/providers/Microsoft.Storage/storageAccounts/il5mlst`;
  return [
    il5(0),
    exemption(rg(0), 'whole-set', { policyAssignmentId: il5(0).id, expiresOn: '2027-06-01T00:00:00Z' }),
    exemption(rg(1), 'expired-set', { policyAssignmentId: il5(1).id, expiresOn: '2026-01-01T00:00:00Z' }),
    il5(1),
    exemption(rg(1), 'by-reference', { policyAssignmentId: il5(1).id, policyDefinitionReferenceIds: [il5ReferenceId(mirror('IL5-ST-003')) ?? '', il5ReferenceId(mirror('IL5-KV-001')) ?? ''] }),
    assignment(rg(2), 'one-definition', mirror('IL5-ACR-001')),
    exemption(rg(2), 'definition-alone', { policyAssignmentId: assignment(rg(2), 'one-definition', mirror('IL5-ACR-001')).id }),
    { ...exemption(rg(3), 'on-the-account', { policyAssignmentId: il5(1).id }), scope: storage },
    exemption(rg(3), 'no-assignment', { policyAssignmentId: `${rg(3)}/providers/Microsoft.Authorization/policyAssignments/absent` }),
    // At a management group above the subscription (its managementGroupAncestorsChain), for one reference id.
    { id: SUB, type: 'Microsoft.Resources/subscriptions', name: SUB.split('/')[2] ?? '', properties: { managementGroupAncestorsChain: [{ name: 'mg-dod', displayName: 'DoD' }, { name: 'tenant-root', displayName: 'Tenant Root Group' }] } },
    assignment(GROUP, 'il5', IL5_INITIATIVE.id),
    exemption(GROUP, 'at-group', { policyAssignmentId: assignment(GROUP, 'il5', IL5_INITIATIVE.id).id, policyDefinitionReferenceIds: [il5ReferenceId(mirror('IL5-ST-001')) ?? ''] }),
  ];
}

const GROUP = '/providers/Microsoft.Management/managementGroups/mg-dod';

/**
 * A synthetic mixed estate: the plan and every example copied into four resource groups (as planned;
 * weakened; in reverse order, children before parents; as exported, without source and dependsOn),
 * duplicates of an id later in the input (the last wins), types no rule reads or names, a type in other
 * case, and exemptions declared as resources (in force, by reference ids, expired, of one definition,
 * without their assignment). `crossTypeDuplicates`: also resources of another type reusing the id of a
 * resource rules look up, before and after it (a rule's byId then finds the other type).
 */
export function mixedEstate(crossTypeDuplicates: boolean): AzureResource[] {
  const seed = [...planCorpus(), ...exampleCorpus()];
  const copies = [0, 1, 2, 3].map((c) => {
    const copy = seed.map((r) => relocate(r, c));
    // Weakened, and its default route sent to the internet instead of the firewall.
    if (c === 1) return copy.map((r) => mapStrings(weaken(r), (s) => (s === 'VirtualAppliance' ? 'Internet' : s)));
    if (c === 2) return copy.reverse();
    if (c === 3) return copy.map(({ source: _s, dependsOn: _d, ...rest }) => rest as AzureResource);
    return copy;
  });
  const out: AzureResource[] = [...declaredExemptions().slice(0, 3), ...copies.flat(), ...declaredExemptions().slice(3)];
  // Later duplicates of every fifth resource of copy 0, weakened: byId, ofType and children see both.
  for (const [i, r] of (copies[0] ?? []).entries()) if (i % 5 === 0) out.push(weaken(freshCopy(r)));
  out.push(
    { id: `${rg(0)}/providers/Contoso.Widgets/gadgets/g1`, type: 'Contoso.Widgets/gadgets', name: 'g1', properties: { anything: new Unknown('test') } },
    { id: `${rg(0)}/providers/Microsoft.Network/privateEndpoints/pe-upper`, type: 'MICROSOFT.NETWORK/PRIVATEENDPOINTS', name: 'pe-upper', properties: { privateLinkServiceConnections: [{ name: 'x', properties: { privateLinkServiceId: `${rg(0)}/providers/Microsoft.KeyVault/vaults/il5ml-kv`, groupIds: ['vault'] } }] } },
    { id: `${rg(2)}/providers/Microsoft.KeyVault/vaults/kv-later`, type: 'Microsoft.KeyVault/vaults', name: 'kv-later', properties: { enablePurgeProtection: new Unknown('known after deployment'), publicNetworkAccess: new Unknown('known after deployment') } },
    // Workspace storage closed to the public with no private endpoint at all.
    { id: `${rg(2)}/providers/Microsoft.MachineLearningServices/workspaces/mlw-lonely`, type: 'Microsoft.MachineLearningServices/workspaces', name: 'mlw-lonely', properties: { storageAccount: `${rg(2)}/providers/Microsoft.Storage/storageAccounts/stlonely` } },
    { id: `${rg(2)}/providers/Microsoft.Storage/storageAccounts/stlonely`, type: 'Microsoft.Storage/storageAccounts', name: 'stlonely', properties: { publicNetworkAccess: 'Disabled' } },
    // A spoke routing to a hub firewall it is not peered with; its subnet declared as a child, before the network.
    { id: `${rg(2)}/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/Training`, type: 'Microsoft.Network/virtualNetworks/subnets', name: 'vnet-spoke/Training', properties: { addressPrefix: '10.1.0.0/24', routeTable: { id: `${rg(2)}/providers/Microsoft.Network/routeTables/rt-hub` } } },
    { id: `${rg(2)}/providers/Microsoft.Network/virtualNetworks/vnet-spoke`, type: 'Microsoft.Network/virtualNetworks', name: 'vnet-spoke', properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] } } },
    { id: `${rg(2)}/providers/Microsoft.Network/routeTables/rt-hub`, type: 'Microsoft.Network/routeTables', name: 'rt-hub', properties: { routes: [{ name: 'default', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.99.0.4' } }] } },
    { id: `${rg(0)}/providers/Microsoft.Web/sites/app1`, type: 'Microsoft.Web/sites', name: 'app1', properties: { publicNetworkAccess: 'Enabled' } },
  );
  // A compute that waits for the workspace's private endpoint and zone group only through another resource (a hop of any type).
  const [compute, ...waited] = (baselineRules.find((r) => r.id === 'IL5-DEP-002')?.example ?? []).map((r) => relocate(freshCopy(r), 4));
  if (compute) {
    const hop: AzureResource = { id: `${rg(4, 'rg-il5ml')}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/hop`, type: 'Microsoft.ManagedIdentity/userAssignedIdentities', name: 'hop', dependsOn: waited.map((r) => r.id) };
    out.push({ ...compute, dependsOn: [hop.id] }, ...waited, hop);
  }
  if (crossTypeDuplicates) {
    const lookedUp = out.filter((r) => /\/(routeTables|networkInterfaces|registries|privateEndpoints|virtualNetworks)\//i.test(r.id) && !/\/(routeTables|networkInterfaces|registries|privateEndpoints|virtualNetworks)\/[^/]+\/./i.test(r.id));
    for (const [i, r] of lookedUp.entries()) {
      const other: AzureResource = { id: r.id, type: 'Contoso.Widgets/gadgets', name: r.name, properties: { routes: [], ipConfigurations: [] } };
      if (i % 2 === 0) out.push(other);
      else out.unshift(other);
    }
  }
  return out;
}
