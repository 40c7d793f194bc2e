/**
 * The clouds `il5ml audit` and `il5ml preflight` talk to: where to sign in, where Azure Resource Manager
 * and Microsoft Graph answer, and the token audiences. Facts, each with its source.
 */
import { COSMOS_DB_FIRST_PARTY } from '../catalog/aml-deployment.js';
import type { Source } from '../core/fact.js';

export const CLOUDS = ['AzureUSGovernment', 'AzureCloud'] as const;
export type CloudName = (typeof CLOUDS)[number];

export interface Cloud {
  name: CloudName;
  /** Microsoft Entra ID authority host. */
  authorityHost: string;
  /** Azure Resource Manager base URL. */
  arm: string;
  /** The ARM token scope (audience + /.default). */
  armScope: string;
  /** Microsoft Graph base URL, for the Azure Cosmos DB principal's object id. */
  graph: string;
  graphScope: string;
  /** The Azure Cosmos DB first-party application's app id in this cloud. */
  cosmosDbAppId: string;
  source: Source[];
}

const READ = '2026-12-06';

export const CLOUD: Record<CloudName, Cloud> = {
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    authorityHost: 'https://login.microsoftonline.us',
    arm: 'https://management.usgovcloudapi.net',
    armScope: 'https://management.usgovcloudapi.net/.default',
    // Graph for US Government L4; DoD (L5) tenants use https://dod-graph.microsoft.us (--graph-endpoint).
    graph: 'https://graph.microsoft.us',
    graphScope: 'https://graph.microsoft.us/.default',
    cosmosDbAppId: COSMOS_DB_FIRST_PARTY.governmentAppId,
    source: [
      { url: 'https://learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure#guidance-for-developers', read: READ },
      { url: 'https://learn.microsoft.com/graph/deployments#microsoft-graph-and-graph-explorer-service-root-endpoints', read: READ },
      { url: 'https://learn.microsoft.com/azure/cosmos-db/how-to-setup-customer-managed-keys#add-an-access-policy-to-your-azure-key-vault-instance', read: READ },
    ],
  },
  AzureCloud: {
    name: 'AzureCloud',
    authorityHost: 'https://login.microsoftonline.com',
    arm: 'https://management.azure.com',
    armScope: 'https://management.azure.com/.default',
    graph: 'https://graph.microsoft.com',
    graphScope: 'https://graph.microsoft.com/.default',
    cosmosDbAppId: COSMOS_DB_FIRST_PARTY.publicAppId,
    source: [
      { url: 'https://learn.microsoft.com/azure/azure-resource-manager/management/overview', read: READ },
      { url: 'https://learn.microsoft.com/azure/cosmos-db/how-to-setup-customer-managed-keys#add-an-access-policy-to-your-azure-key-vault-instance', read: READ },
    ],
  },
};
