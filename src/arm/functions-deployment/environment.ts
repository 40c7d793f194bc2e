/**
 * What `environment()` returns in Azure Government (AzureUSGovernment), the cloud il5ml targets.
 *
 * Shape: the environment() object documented at
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-deployment#environment
 * (name, gallery, graph, portal, graphAudience, activeDirectoryDataLake, batch, media, sqlManagement,
 * vmImageAliasDoc, resourceManager, authentication{…}, suffixes{…}).
 * Values: the Azure CLI's cloud definition (`az cloud show --name AzureUSGovernment`, azure-cli
 * src/azure-cli-core/azure/cli/core/cloud.py: endpoints and suffixes, including
 * activeDirectoryDataLakeResourceId = null and the Data Lake suffixes = null, which Azure Government
 * does not offer) and Azure Resource Manager's metadata endpoint
 * (https://management.usgovcloudapi.net/metadata/endpoints?api-version=2019-05-01: portal,
 * authentication audiences/tenant/identityProvider, media, graphAudience, azureFrontDoorEndpointSuffix = "").
 * Suffix spelling (leading dot for acrLoginServer, keyvaultDns and sqlServerHostname, none for storage)
 * follows environment()'s documented AzureCloud output. Read 2026-11-25.
 */
import type { ObjectValue } from '../types.js';

export const ENVIRONMENT_SOURCE = {
  url: 'https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-deployment#environment',
  read: '2026-11-25',
} as const;

export function azureUsGovernment(): ObjectValue {
  return {
    name: 'AzureUSGovernment',
    gallery: 'https://gallery.usgovcloudapi.net/',
    graph: 'https://graph.windows.net/',
    portal: 'https://portal.azure.us',
    graphAudience: 'https://graph.windows.net/',
    activeDirectoryDataLake: null,
    batch: 'https://batch.core.usgovcloudapi.net/',
    media: 'https://rest.media.usgovcloudapi.net',
    sqlManagement: 'https://management.core.usgovcloudapi.net:8443/',
    vmImageAliasDoc: 'https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json',
    resourceManager: 'https://management.usgovcloudapi.net/',
    authentication: {
      loginEndpoint: 'https://login.microsoftonline.us/',
      audiences: ['https://management.core.usgovcloudapi.net/', 'https://management.usgovcloudapi.net/'],
      tenant: 'common',
      identityProvider: 'AAD',
    },
    suffixes: {
      acrLoginServer: '.azurecr.us',
      azureDatalakeAnalyticsCatalogAndJob: null,
      azureDatalakeStoreFileSystem: null,
      azureFrontDoorEndpointSuffix: '',
      keyvaultDns: '.vault.usgovcloudapi.net',
      sqlServerHostname: '.database.usgovcloudapi.net',
      storage: 'core.usgovcloudapi.net',
    },
  };
}
