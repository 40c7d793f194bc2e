import type { Source } from '../core/fact.js';

/**
 * The apiVersion of every resource type the plan emits.
 *
 * The rule: the newest GA (non-preview) version present in ../shared/azure-types that was at least a year
 * old when read (2026-11-25, so 2025-11-25 or earlier). Azure Government lags the commercial cloud, and a
 * version a year old has reached both Government regions; the official type definitions for exactly
 * these versions are what src/azuretypes/ validates the template against. Where the rule could not be
 * met the entry says why.
 */
export interface ApiVersionFact {
  type: string;
  apiVersion: string;
  /** Whether the type accepts top-level `tags` (the plan tags every resource that does with spec.tags). */
  taggable: boolean;
  reason: string;
  source: Source;
}

const READ = '2026-11-25';
/** ../shared/azure-types/README.md: Azure/bicep-types-az, folder generated/, at this commit. */
const TYPES_COMMIT = '1f896de2db966ad91e8f7d7d981e11d32e4f5d8d';

function typesSource(folder: string, apiVersion: string): Source {
  return {
    url: `https://github.com/Azure/bicep-types-az/blob/${TYPES_COMMIT}/generated/${folder}/${apiVersion}/types.json`,
    read: READ,
  };
}

const NEWEST_YEAR_OLD = 'newest GA version in ../shared/azure-types at least a year old';

function fact(type: string, folder: string, apiVersion: string, taggable: boolean, reason = NEWEST_YEAR_OLD): ApiVersionFact {
  return { type, apiVersion, taggable, reason, source: typesSource(folder, apiVersion) };
}

const NET = 'network/microsoft.network';
const PDNS = 'privatedns/microsoft.network';
const COMPUTE = 'compute_1/microsoft.compute';
const ML = 'machinelearningservices/microsoft.machinelearningservices';

export const API_VERSIONS: readonly ApiVersionFact[] = [
  fact('Microsoft.Network/virtualNetworks', NET, '2025-01-01', true),
  fact('Microsoft.Network/networkSecurityGroups', NET, '2025-01-01', true),
  fact('Microsoft.Network/publicIPAddresses', NET, '2025-01-01', true),
  fact('Microsoft.Network/bastionHosts', NET, '2025-01-01', true),
  fact('Microsoft.Network/privateEndpoints', NET, '2025-01-01', true),
  fact('Microsoft.Network/privateEndpoints/privateDnsZoneGroups', NET, '2025-01-01', false),
  fact('Microsoft.Network/networkInterfaces', NET, '2025-01-01', true),
  fact('Microsoft.Network/routeTables', NET, '2025-01-01', true),
  fact('Microsoft.Network/virtualNetworks/virtualNetworkPeerings', NET, '2025-01-01', false),
  fact('Microsoft.Network/serviceEndpointPolicies', NET, '2025-01-01', true),
  fact('Microsoft.Network/azureFirewalls', NET, '2025-01-01', true),
  fact('Microsoft.Network/firewallPolicies', NET, '2025-01-01', true),
  fact('Microsoft.Network/firewallPolicies/ruleCollectionGroups', NET, '2025-01-01', false),
  fact('Microsoft.Network/privateDnsZones', PDNS, '2024-06-01', true),
  fact('Microsoft.Network/privateDnsZones/virtualNetworkLinks', PDNS, '2024-06-01', true),
  fact('Microsoft.KeyVault/vaults', 'keyvault/microsoft.keyvault', '2024-11-01', true),
  fact('Microsoft.KeyVault/vaults/keys', 'keyvault/microsoft.keyvault', '2024-11-01', true),
  fact('Microsoft.ManagedIdentity/userAssignedIdentities', 'msi/microsoft.managedidentity', '2024-11-30', true),
  fact('Microsoft.OperationalInsights/workspaces', 'operationalinsights/microsoft.operationalinsights', '2025-02-01', true),
  fact(
    'Microsoft.Insights/components',
    'applicationinsights/microsoft.insights',
    '2020-02-02',
    true,
    'the only version in ../shared/azure-types; GA and the version workspace-based Application Insights was introduced with',
  ),
  fact(
    'Microsoft.Insights/diagnosticSettings',
    'monitor_1/microsoft.insights',
    '2021-05-01-preview',
    false,
    'the only version in ../shared/azure-types, and the first with logs[].categoryGroup ("audit"); no GA version ' +
      'of diagnostic settings has category groups',
  ),
  fact('Microsoft.Authorization/roleAssignments', 'authorization/microsoft.authorization', '2022-04-01', false),
  fact('Microsoft.Authorization/policyAssignments', 'resources_1/microsoft.authorization', '2024-04-01', false),
  fact(
    'Microsoft.Authorization/policyExemptions',
    'resources_1/microsoft.authorization',
    '2022-07-01-preview',
    false,
    'no GA version exists (Learn lists 2020-07-01-preview, 2022-07-01-preview, 2024-12-01-preview); of the two in ' +
      '../shared/azure-types, the only version at least a year old, and it has every property the plan sets',
  ),
  // monitoring.privateLinkScope (src/emit/monitoring.ts). 2021-09-01 is GA and has properties.accessModeSettings
  // (PrivateOnly is what IL5 wants); it is also the version Mission Landing Zone deploys.
  fact('Microsoft.Insights/privateLinkScopes', 'monitor_1/microsoft.insights', '2021-09-01', true),
  fact('Microsoft.Insights/privateLinkScopes/scopedResources', 'monitor_1/microsoft.insights', '2021-09-01', false),
  fact('Microsoft.Storage/storageAccounts', 'storage/microsoft.storage', '2025-01-01', true),
  fact('Microsoft.ContainerRegistry/registries', 'containerregistry_0/microsoft.containerregistry', '2025-04-01', true),
  fact('Microsoft.MachineLearningServices/workspaces', ML, '2025-04-01', true),
  fact('Microsoft.MachineLearningServices/workspaces/computes', ML, '2025-04-01', true),
  fact('Microsoft.Compute/virtualMachines', COMPUTE, '2024-11-01', true),
  fact('Microsoft.Compute/virtualMachines/extensions', COMPUTE, '2024-11-01', true),
  fact('Microsoft.Compute/hostGroups', COMPUTE, '2024-11-01', true),
  fact('Microsoft.Compute/hostGroups/hosts', COMPUTE, '2024-11-01', true),
  fact('Microsoft.Compute/diskEncryptionSets', COMPUTE, '2025-01-02', true),
  fact(
    'Microsoft.DevTestLab/schedules',
    'devtestlabs/microsoft.devtestlab',
    '2018-09-15',
    true,
    'the only version in ../shared/azure-types; GA, and the version VM auto-shutdown schedules are documented with',
  ),
];

const BY_TYPE: ReadonlyMap<string, ApiVersionFact> = new Map(API_VERSIONS.map((f) => [f.type.toLowerCase(), f]));

/** The catalog entry of a resource type; a type the catalog lacks is a defect in an emitter, not user input. */
export function apiVersionFact(type: string): ApiVersionFact {
  const f = BY_TYPE.get(type.toLowerCase());
  if (!f) throw new Error(`internal: no apiVersion in src/catalog/api-versions.ts for ${type}`);
  return f;
}

export function apiVersionOf(type: string): string {
  return apiVersionFact(type).apiVersion;
}
