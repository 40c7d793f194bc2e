/**
 * Test estates as Resource Graph returns them (lower-cased `type`, `subscriptionId`/`resourceGroup`
 * columns, empty columns as `""`/`null`: specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/
 * stable/2022-10-01/examples/ResourcesPropertiesQuery.json), with their diagnostic settings apart (they are
 * not in Resource Graph).
 */
import { expandTemplate } from '../../src/arm/template/index.js';
import type { AzureResource } from '../../src/core/resource.js';
import { buildPlan } from '../../src/emit/plan.js';
import { defaultSpec } from '../../src/spec/load.js';
import { emptyEstate, type Estate, type Row } from '../helpers/arm-server.js';

export const SUB_A = '11111111-1111-1111-1111-111111111111';
export const SUB_B = '33333333-3333-3333-3333-333333333333';

function rgOf(id: string): string {
  return /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? '';
}

/** A resource as a Resource Graph row. */
export function row(r: AzureResource): Row {
  const sub = /^\/subscriptions\/([^/]+)/i.exec(r.id)?.[1] ?? '';
  return {
    id: r.id,
    name: r.name,
    type: r.type.toLowerCase(),
    location: r.location ?? '',
    kind: r.kind ?? '',
    sku: r.sku ?? null,
    identity: r.identity ?? null,
    tags: r.tags ?? {},
    zones: r.zones ?? null,
    properties: r.properties ?? {},
    managedBy: '',
    plan: null,
    extendedLocation: null,
    subscriptionId: sub,
    resourceGroup: rgOf(r.id),
  };
}

function containers(sub: string, groups: string[]): Row[] {
  return [
    { id: `/subscriptions/${sub}`, name: 'il5 test', type: 'microsoft.resources/subscriptions', location: '', tags: {}, properties: { state: 'Enabled' }, managedBy: '', subscriptionId: sub, resourceGroup: '' },
    ...groups.map((g) => ({ id: `/subscriptions/${sub}/resourceGroups/${g}`, name: g, type: 'microsoft.resources/subscriptions/resourcegroups', location: 'usgovvirginia', tags: { environment: 'il5' }, properties: { provisioningState: 'Succeeded' }, managedBy: '', subscriptionId: sub, resourceGroup: g.toLowerCase() })),
  ];
}

/** Builds an estate: diagnostic settings (type Microsoft.Insights/diagnosticSettings) go to the per-resource API. */
export function estateOf(resources: AzureResource[], subs: string[] = [SUB_A]): Estate {
  const e = emptyEstate();
  const groups = new Map<string, Set<string>>();
  for (const r of resources) {
    if (r.type.toLowerCase() === 'microsoft.insights/diagnosticsettings') {
      const target = typeof r.scope === 'string' && r.scope !== '' ? r.scope : r.id.slice(0, r.id.toLowerCase().lastIndexOf('/providers/microsoft.insights/'));
      const key = target.toLowerCase();
      e.diagnostics.set(key, [...(e.diagnostics.get(key) ?? []), { id: `${target}/providers/microsoft.insights/diagnosticSettings/${r.name.split('/').pop() ?? ''}`, type: 'Microsoft.Insights/diagnosticSettings', name: r.name.split('/').pop() ?? '', properties: r.properties ?? {} }]);
      continue;
    }
    const sub = /^\/subscriptions\/([^/]+)/i.exec(r.id)?.[1] ?? '';
    const g = rgOf(r.id);
    if (g) groups.set(sub, new Set([...(groups.get(sub) ?? []), g]));
    const t = r.type.toLowerCase();
    if (t === 'microsoft.authorization/policyassignments' || t === 'microsoft.authorization/policyexemptions') e.policy.push(row(r));
    else e.resources.push(row(r));
  }
  for (const s of subs) e.containers.push(...containers(s, [...(groups.get(s) ?? [])]));
  return e;
}

const P = (sub: string, rg: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers`;

/** A small estate with findings: vaults with and without purge protection and logs, storage open to the internet. */
export function smallEstate(): AzureResource[] {
  const kv = (sub: string, name: string, purge: boolean): AzureResource => ({
    id: `${P(sub, 'rg-il5')}/Microsoft.KeyVault/vaults/${name}`,
    type: 'Microsoft.KeyVault/vaults',
    name,
    location: 'usgovvirginia',
    tags: { environment: 'il5' },
    properties: { tenantId: '22222222-2222-2222-2222-222222222222', sku: { family: 'A', name: 'premium' }, enablePurgeProtection: purge, enableSoftDelete: true, enableRbacAuthorization: true, publicNetworkAccess: 'Disabled', networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' } },
  });
  const good = kv(SUB_A, 'kv-good', true);
  return [
    kv(SUB_A, 'kv-bad', false),
    good,
    { id: `${good.id}/providers/Microsoft.Insights/diagnosticSettings/to-law`, type: 'Microsoft.Insights/diagnosticSettings', name: 'to-law', scope: good.id, properties: { workspaceId: `${P(SUB_A, 'rg-il5')}/Microsoft.OperationalInsights/workspaces/law`, logs: [{ categoryGroup: 'allLogs', enabled: true }] } },
    {
      id: `${P(SUB_A, 'rg-il5')}/Microsoft.Storage/storageAccounts/stopen`,
      type: 'Microsoft.Storage/storageAccounts',
      name: 'stopen',
      location: 'usgovvirginia',
      kind: 'StorageV2',
      sku: { name: 'Standard_LRS', tier: 'Standard' },
      properties: { allowBlobPublicAccess: true, publicNetworkAccess: 'Enabled', minimumTlsVersion: 'TLS1_0', supportsHttpsTrafficOnly: false, networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] }, encryption: { keySource: 'Microsoft.Storage' } },
    },
    { id: `${P(SUB_A, 'rg-other')}/Microsoft.Network/virtualNetworks/vnet`, type: 'Microsoft.Network/virtualNetworks', name: 'vnet', location: 'usgovvirginia', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ id: `${P(SUB_A, 'rg-other')}/Microsoft.Network/virtualNetworks/vnet/subnets/default`, name: 'default', properties: { addressPrefix: '10.0.0.0/24' } }] } },
    kv(SUB_B, 'kv-b', false),
  ];
}

/** `{"$unknown": why}` (a value known only after deployment) as a deployed estate would hold it: a concrete value. */
function settle(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(settle);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Object.keys(o).length === 1 && typeof o.$unknown === 'string') return 'deployed-value';
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, settle(x)]));
  }
  return v;
}

/** The default plan as deployed in SUB_A (every resource the template creates, values settled). */
export function planEstate(): AzureResource[] {
  const plan = buildPlan(defaultSpec());
  const x = expandTemplate({ text: JSON.stringify(plan.template), file: 'azuredeploy.json', context: { subscriptionId: SUB_A, resourceGroup: 'il5ml-rg', location: 'usgovvirginia' } });
  return (settle(JSON.parse(JSON.stringify(x.resources))) as AzureResource[]).map(({ source: _s, dependsOn: _d, apiVersion: _a, ...r }) => r as AzureResource);
}
