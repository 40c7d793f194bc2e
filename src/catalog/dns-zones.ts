import type { Source } from '../core/fact.js';

/**
 * Private DNS zones of the private endpoints in the runbook's environment, with their **Azure
 * Government** names. The commercial-cloud name is kept beside each so that checks can recognise it
 * when it turns up by mistake (the runbook itself says privatelink.azurecr.io).
 */
export interface PrivateDnsZoneFact {
  /** Short key used across the project. */
  key: 'amlWorkspace' | 'amlNotebooks' | 'keyVault' | 'blob' | 'file' | 'dfs' | 'queue' | 'table' | 'registry' | MonitorZoneKey;
  /** Zone name in Azure Government. */
  zone: string;
  /** The same service's zone in the commercial cloud: never to appear in a plan for Azure Government. */
  commercialZone: string;
  /** Private-link resource type and group id (sub-resource) the zone serves. */
  resourceType: string;
  groupId: string;
  /** The public zone an on-premises DNS forwards to the Azure resolver (168.63.129.16). */
  publicZone: string;
  source: Source;
}

export type MonitorZoneKey = 'monitor' | 'omsOpinsights' | 'odsOpinsights' | 'agentSvc';

const PE_DNS: Source = {
  url: 'https://learn.microsoft.com/azure/private-link/private-endpoint-dns#government',
  read: '2026-11-25',
  note: 'Azure Private Endpoint private DNS zone values, Government table',
};
/** The queue and table rows of the same Government table (Storage), read for storage.queueAndTablePrivateEndpoints. */
const PE_DNS_QUEUE_TABLE: Source = {
  url: 'https://learn.microsoft.com/azure/private-link/private-endpoint-dns#government',
  read: '2026-12-07',
  note: 'Azure Private Endpoint private DNS zone values, Government table, Storage: Storage account (Microsoft.Storage/storageAccounts) table/table_secondary and queue/queue_secondary rows',
};
const AML_DNS: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-custom-dns#azure-us-government',
  read: '2026-11-25',
  note: 'FQDNs and zones of an Azure Machine Learning workspace private endpoint in Azure US Government',
};

/**
 * The zones every plan links to its VNet (issue 2, section 4: DNS); dfs since issue 9: the workspace storage's
 * Data Lake endpoint (integrated notebooks, Government tab) is reachable only through a private endpoint.
 */
export const WORKLOAD_DNS_ZONES: readonly PrivateDnsZoneFact[] = [
  {
    key: 'amlWorkspace',
    zone: 'privatelink.api.ml.azure.us',
    commercialZone: 'privatelink.api.azureml.ms',
    resourceType: 'Microsoft.MachineLearningServices/workspaces',
    groupId: 'amlworkspace',
    publicZone: 'api.ml.azure.us',
    source: AML_DNS,
  },
  {
    key: 'amlNotebooks',
    zone: 'privatelink.notebooks.usgovcloudapi.net',
    commercialZone: 'privatelink.notebooks.azure.net',
    resourceType: 'Microsoft.MachineLearningServices/workspaces',
    groupId: 'amlworkspace',
    publicZone: 'notebooks.usgovcloudapi.net',
    source: AML_DNS,
  },
  {
    key: 'keyVault',
    zone: 'privatelink.vaultcore.usgovcloudapi.net',
    commercialZone: 'privatelink.vaultcore.azure.net',
    resourceType: 'Microsoft.KeyVault/vaults',
    groupId: 'vault',
    publicZone: 'vault.usgovcloudapi.net',
    source: PE_DNS,
  },
  {
    key: 'blob',
    zone: 'privatelink.blob.core.usgovcloudapi.net',
    commercialZone: 'privatelink.blob.core.windows.net',
    resourceType: 'Microsoft.Storage/storageAccounts',
    groupId: 'blob',
    publicZone: 'blob.core.usgovcloudapi.net',
    source: PE_DNS,
  },
  {
    key: 'file',
    zone: 'privatelink.file.core.usgovcloudapi.net',
    commercialZone: 'privatelink.file.core.windows.net',
    resourceType: 'Microsoft.Storage/storageAccounts',
    groupId: 'file',
    publicZone: 'file.core.usgovcloudapi.net',
    source: PE_DNS,
  },
  {
    key: 'dfs',
    zone: 'privatelink.dfs.core.usgovcloudapi.net',
    commercialZone: 'privatelink.dfs.core.windows.net',
    resourceType: 'Microsoft.Storage/storageAccounts',
    groupId: 'dfs',
    publicZone: 'dfs.core.usgovcloudapi.net',
    source: PE_DNS,
  },
  {
    key: 'registry',
    zone: 'privatelink.azurecr.us',
    commercialZone: 'privatelink.azurecr.io',
    resourceType: 'Microsoft.ContainerRegistry/registries',
    groupId: 'registry',
    publicZone: 'azurecr.us',
    source: PE_DNS,
  },
];

/**
 * The workspace storage's queue and table zones, with storage.queueAndTablePrivateEndpoints (on by default): batch
 * endpoints and ParallelRunStep need "blob, file, queue, and table private endpoints" on the storage account
 * (how-to-secure-batch-endpoint: "Batch deployments require all the 4 to properly work").
 */
export const QUEUE_TABLE_DNS_ZONES: readonly PrivateDnsZoneFact[] = [
  {
    key: 'queue',
    zone: 'privatelink.queue.core.usgovcloudapi.net',
    commercialZone: 'privatelink.queue.core.windows.net',
    resourceType: 'Microsoft.Storage/storageAccounts',
    groupId: 'queue',
    publicZone: 'queue.core.usgovcloudapi.net',
    source: PE_DNS_QUEUE_TABLE,
  },
  {
    key: 'table',
    zone: 'privatelink.table.core.usgovcloudapi.net',
    commercialZone: 'privatelink.table.core.windows.net',
    resourceType: 'Microsoft.Storage/storageAccounts',
    groupId: 'table',
    publicZone: 'table.core.usgovcloudapi.net',
    source: PE_DNS_QUEUE_TABLE,
  },
];

/**
 * The workload zones of a plan: the ones every plan has, with the queue and table zones after dfs when the
 * storage's queue and table private endpoints are on (storage.queueAndTablePrivateEndpoints).
 */
export function workloadDnsZones(queueAndTable: boolean): readonly PrivateDnsZoneFact[] {
  if (!queueAndTable) return WORKLOAD_DNS_ZONES;
  const i = WORKLOAD_DNS_ZONES.findIndex((z) => z.key === 'dfs') + 1;
  return [...WORKLOAD_DNS_ZONES.slice(0, i), ...QUEUE_TABLE_DNS_ZONES, ...WORKLOAD_DNS_ZONES.slice(i)];
}

/** Azure Monitor private link scope zones in Azure Government (optional, issue 3). */
export const MONITOR_DNS_ZONES: readonly PrivateDnsZoneFact[] = [
  {
    key: 'monitor',
    zone: 'privatelink.monitor.azure.us',
    commercialZone: 'privatelink.monitor.azure.com',
    resourceType: 'Microsoft.Insights/privateLinkScopes',
    groupId: 'azuremonitor',
    publicZone: 'monitor.azure.us',
    source: PE_DNS,
  },
  {
    key: 'omsOpinsights',
    zone: 'privatelink.oms.opinsights.azure.us',
    commercialZone: 'privatelink.oms.opinsights.azure.com',
    resourceType: 'Microsoft.Insights/privateLinkScopes',
    groupId: 'azuremonitor',
    publicZone: 'oms.opinsights.azure.us',
    source: PE_DNS,
  },
  {
    key: 'odsOpinsights',
    zone: 'privatelink.ods.opinsights.azure.us',
    commercialZone: 'privatelink.ods.opinsights.azure.com',
    resourceType: 'Microsoft.Insights/privateLinkScopes',
    groupId: 'azuremonitor',
    publicZone: 'ods.opinsights.azure.us',
    source: PE_DNS,
  },
  {
    key: 'agentSvc',
    zone: 'privatelink.agentsvc.azure-automation.us',
    commercialZone: 'privatelink.agentsvc.azure-automation.net',
    resourceType: 'Microsoft.Insights/privateLinkScopes',
    groupId: 'azuremonitor',
    publicZone: 'agentsvc.azure-automation.us',
    source: PE_DNS,
  },
];

export const ALL_DNS_ZONES: readonly PrivateDnsZoneFact[] = [...workloadDnsZones(true), ...MONITOR_DNS_ZONES];

/** Suffixes of commercial-cloud hosts and zones that must never appear in an Azure Government plan. */
export const COMMERCIAL_SUFFIXES: readonly string[] = [
  '.azure.com',
  '.azure.net',
  '.windows.net',
  '.azureml.ms',
  '.azurecr.io',
  'login.microsoftonline.com',
  'management.azure.com',
];

/**
 * Hosts under a commercial-cloud suffix that Microsoft's Azure Government guidance itself still lists, so an
 * Azure Government plan names them on purpose: graph.windows.net, the "Compute cluster/instance" row of the
 * Government tab of the Azure ML firewall page (issue 9 keeps it, as the runbook's step D did), and
 * *.instances.azureml.ms, a "Compute instance" row of the same tab (as the runbook's step D listed it).
 */
export const GOVERNMENT_LISTED_COMMERCIAL_HOSTS: readonly { host: string; source: Source }[] = [
  {
    host: 'graph.windows.net',
    source: {
      url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall?tabs=gov#microsoft-hosts',
      read: '2026-12-06',
      note: 'Azure Government tab: Compute cluster/instance, graph.windows.net, TCP 443',
    },
  },
  {
    host: '*.instances.azureml.ms',
    source: {
      url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall?tabs=gov#microsoft-hosts',
      read: '2026-12-07',
      note: 'Azure Government tab, compute instance and compute cluster hosts: Compute instance, *.instances.azureml.ms, TCP 443, 8787, 18881',
    },
  },
];

/** Commercial-cloud suffixes found in `text`, ignoring the hosts the Government guidance lists. */
export function commercialSuffixesIn(text: string): string[] {
  let t = text.toLowerCase();
  for (const h of GOVERNMENT_LISTED_COMMERCIAL_HOSTS) t = t.split(h.host).join('');
  return COMMERCIAL_SUFFIXES.filter((s) => t.includes(s));
}
