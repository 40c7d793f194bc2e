import type { AzureResource } from '../core/resource.js';
import { exampleId } from './meta.js';

/**
 * Compliant resources of every type the baseline judges, shaped as the template engine expands the
 * plan's template (properties as declared, ids resolved). Rule docs show them; the equivalence corpus
 * derives its valid, invalid and edge variants from them. Each builder returns a new object.
 */
const LOCATION = 'usgovvirginia';

function res(type: string, name: string, apiVersion: string, body: Partial<AzureResource>): AzureResource {
  return { id: exampleId(type, name), type, name, apiVersion, location: LOCATION, ...body };
}

export const ids = {
  keyVault: exampleId('Microsoft.KeyVault/vaults', 'kv-il5ml'),
  storage: exampleId('Microsoft.Storage/storageAccounts', 'stil5ml'),
  registry: exampleId('Microsoft.ContainerRegistry/registries', 'cril5ml'),
  workspace: exampleId('Microsoft.MachineLearningServices/workspaces', 'mlw-il5ml'),
  logAnalytics: exampleId('Microsoft.OperationalInsights/workspaces', 'log-il5ml'),
  vnet: exampleId('Microsoft.Network/virtualNetworks', 'vnet-il5ml'),
  nsgTraining: exampleId('Microsoft.Network/networkSecurityGroups', 'nsg-training'),
  nsgBastion: exampleId('Microsoft.Network/networkSecurityGroups', 'nsg-bastion'),
  routeTable: exampleId('Microsoft.Network/routeTables', 'rt-compute'),
  diskEncryptionSet: exampleId('Microsoft.Compute/diskEncryptionSets', 'des-il5ml'),
  diskAccess: exampleId('Microsoft.Compute/diskAccesses', 'da-il5ml'),
  subnet: (name: string): string => `${exampleId('Microsoft.Network/virtualNetworks', 'vnet-il5ml')}/subnets/${name}`,
};

const KEY_URI = 'https://kv-il5ml.vault.usgovcloudapi.net/keys/il5ml-cmk';

export const examples = {
  keyVault: (): AzureResource =>
    res('Microsoft.KeyVault/vaults', 'kv-il5ml', '2023-07-01', {
      properties: {
        tenantId: '11111111-1111-1111-1111-111111111111',
        sku: { family: 'A', name: 'premium' },
        enableSoftDelete: true,
        softDeleteRetentionInDays: 90,
        enablePurgeProtection: true,
        enableRbacAuthorization: true,
        publicNetworkAccess: 'Disabled',
        networkAcls: { defaultAction: 'Deny', bypass: 'None', ipRules: [], virtualNetworkRules: [] },
      },
    }),
  diagnosticSetting: (target: string, name = 'diag-to-log'): AzureResource => ({
    id: `${target}/providers/Microsoft.Insights/diagnosticSettings/${name}`,
    type: 'Microsoft.Insights/diagnosticSettings',
    name,
    apiVersion: '2021-05-01-preview',
    scope: target,
    properties: {
      workspaceId: ids.logAnalytics,
      logs: [{ categoryGroup: 'allLogs', enabled: true }],
      metrics: [{ category: 'AllMetrics', enabled: true }],
    },
  }),
  storage: (): AzureResource =>
    res('Microsoft.Storage/storageAccounts', 'stil5ml', '2023-05-01', {
      kind: 'StorageV2',
      sku: { name: 'Standard_GZRS' },
      properties: {
        supportsHttpsTrafficOnly: true,
        minimumTlsVersion: 'TLS1_2',
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        publicNetworkAccess: 'Disabled',
        networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
        encryption: {
          keySource: 'Microsoft.Keyvault',
          requireInfrastructureEncryption: true,
          keyvaultproperties: { keyvaulturi: 'https://kv-il5ml.vault.usgovcloudapi.net/', keyname: 'il5ml-cmk' },
          services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } },
        },
      },
    }),
  encryptionScope: (): AzureResource =>
    res('Microsoft.Storage/storageAccounts/encryptionScopes', 'stil5ml/scope1', '2023-05-01', {
      location: undefined,
      properties: { source: 'Microsoft.KeyVault', keyVaultProperties: { keyUri: KEY_URI } },
    }),
  registry: (): AzureResource =>
    res('Microsoft.ContainerRegistry/registries', 'cril5ml', '2023-07-01', {
      sku: { name: 'Premium' },
      // The key read with the system-assigned identity: the one a registry passes a vault's firewall with (IL5-DEP-004).
      identity: { type: 'SystemAssigned' },
      properties: {
        adminUserEnabled: false,
        publicNetworkAccess: 'Disabled',
        networkRuleSet: { defaultAction: 'Deny' },
        encryption: { status: 'enabled', keyVaultProperties: { keyIdentifier: KEY_URI, identity: 'system' } },
      },
    }),
  workspace: (): AzureResource =>
    res('Microsoft.MachineLearningServices/workspaces', 'mlw-il5ml', '2024-04-01', {
      kind: 'Default',
      identity: { type: 'SystemAssigned' },
      properties: {
        publicNetworkAccess: 'Disabled',
        hbiWorkspace: true,
        storageAccount: ids.storage,
        keyVault: ids.keyVault,
        containerRegistry: ids.registry,
        encryption: { status: 'Enabled', keyVaultProperties: { keyVaultArmId: ids.keyVault, keyIdentifier: KEY_URI } },
      },
    }),
  compute: (): AzureResource =>
    res('Microsoft.MachineLearningServices/workspaces/computes', 'mlw-il5ml/cpu-cluster', '2024-04-01', {
      properties: {
        computeType: 'AmlCompute',
        properties: {
          vmSize: 'Standard_DS3_v2',
          enableNodePublicIp: false,
          subnet: { id: ids.subnet('Training') },
          scaleSettings: { minNodeCount: 0, maxNodeCount: 4, nodeIdleTimeBeforeScaleDown: 'PT30M' },
        },
      },
    }),
  privateEndpoint: (name: string, target: string, groupId: string): AzureResource =>
    res('Microsoft.Network/privateEndpoints', name, '2023-11-01', {
      properties: {
        subnet: { id: ids.subnet('Training') },
        privateLinkServiceConnections: [{ name, properties: { privateLinkServiceId: target, groupIds: [groupId] } }],
      },
    }),
  zoneGroup: (endpoint: string, zone: string): AzureResource =>
    res('Microsoft.Network/privateEndpoints/privateDnsZoneGroups', `${endpoint}/default`, '2023-11-01', {
      location: undefined,
      properties: {
        privateDnsZoneConfigs: [
          { name: zone.replace(/\./g, '-'), properties: { privateDnsZoneId: exampleId('Microsoft.Network/privateDnsZones', zone) } },
        ],
      },
    }),
  privateDnsZone: (zone: string): AzureResource =>
    res('Microsoft.Network/privateDnsZones', zone, '2020-06-01', { location: 'global', properties: {} }),
  vnet: (): AzureResource =>
    res('Microsoft.Network/virtualNetworks', 'vnet-il5ml', '2023-11-01', {
      properties: {
        addressSpace: { addressPrefixes: ['172.16.0.0/16'] },
        subnets: [
          {
            name: 'Training',
            properties: {
              addressPrefix: '172.16.0.0/24',
              networkSecurityGroup: { id: ids.nsgTraining },
              routeTable: { id: ids.routeTable },
              privateEndpointNetworkPolicies: 'Disabled',
            },
          },
          {
            name: 'Scoring',
            properties: {
              addressPrefix: '172.16.1.0/24',
              networkSecurityGroup: { id: ids.nsgTraining },
              routeTable: { id: ids.routeTable },
            },
          },
          { name: 'AzureBastionSubnet', properties: { addressPrefix: '172.16.2.0/26', networkSecurityGroup: { id: ids.nsgBastion } } },
          { name: 'AzureFirewallSubnet', properties: { addressPrefix: '172.16.3.0/26' } },
        ],
      },
    }),
  routeTable: (): AzureResource =>
    res('Microsoft.Network/routeTables', 'rt-compute', '2023-11-01', {
      properties: {
        disableBgpRoutePropagation: true,
        routes: [
          { name: 'default-to-firewall', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '172.16.3.4' } },
        ],
      },
    }),
  virtualMachine: (): AzureResource =>
    res('Microsoft.Compute/virtualMachines', 'vm-jumpbox', '2024-03-01', {
      properties: {
        hardwareProfile: { vmSize: 'Standard_D4s_v5' },
        securityProfile: { encryptionAtHost: true },
        osProfile: { computerName: 'jumpbox', adminUsername: 'il5admin' },
        storageProfile: {
          osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'Premium_LRS', diskEncryptionSet: { id: ids.diskEncryptionSet } } },
          dataDisks: [],
        },
      },
    }),
  scaleSet: (): AzureResource =>
    res('Microsoft.Compute/virtualMachineScaleSets', 'vmss-il5ml', '2024-03-01', {
      properties: {
        virtualMachineProfile: {
          securityProfile: { encryptionAtHost: true },
          storageProfile: {
            osDisk: { createOption: 'FromImage', managedDisk: { diskEncryptionSet: { id: ids.diskEncryptionSet } } },
            dataDisks: [{ lun: 0, createOption: 'Empty', diskSizeGB: 64, managedDisk: { diskEncryptionSet: { id: ids.diskEncryptionSet } } }],
          },
        },
      },
    }),
  disk: (): AzureResource =>
    res('Microsoft.Compute/disks', 'disk-data', '2023-10-02', {
      properties: {
        creationData: { createOption: 'Empty' },
        diskSizeGB: 64,
        encryption: { type: 'EncryptionAtRestWithPlatformAndCustomerKeys', diskEncryptionSetId: ids.diskEncryptionSet },
      },
    }),
  image: (): AzureResource =>
    res('Microsoft.Compute/images', 'img-il5ml', '2024-03-01', {
      properties: { storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', diskEncryptionSet: { id: ids.diskEncryptionSet } }, dataDisks: [] } },
    }),
  diskEncryptionSet: (): AzureResource =>
    res('Microsoft.Compute/diskEncryptionSets', 'des-il5ml', '2023-10-02', {
      identity: { type: 'SystemAssigned' },
      properties: { encryptionType: 'EncryptionAtRestWithPlatformAndCustomerKeys', activeKey: { keyUrl: KEY_URI } },
    }),
  diskAccess: (): AzureResource => res('Microsoft.Compute/diskAccesses', 'da-il5ml', '2023-10-02', { properties: {} }),
  applicationGateway: (): AzureResource =>
    res('Microsoft.Network/applicationGateways', 'agw-il5ml', '2023-11-01', {
      properties: {
        sku: { name: 'WAF_v2', tier: 'WAF_v2' },
        firewallPolicy: { id: exampleId('Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies', 'waf-il5ml') },
      },
    }),
  logCluster: (): AzureResource =>
    res('Microsoft.OperationalInsights/clusters', 'log-cluster', '2022-10-01', {
      identity: { type: 'SystemAssigned' },
      properties: {
        isDoubleEncryptionEnabled: true,
        keyVaultProperties: { keyVaultUri: 'https://kv-il5ml.vault.usgovcloudapi.net/', keyName: 'il5ml-cmk', keyVersion: '' },
      },
    }),
  logAnalytics: (): AzureResource =>
    res('Microsoft.OperationalInsights/workspaces', 'log-il5ml', '2022-10-01', {
      properties: { retentionInDays: 365, forceCmkForQuery: true, sku: { name: 'PerGB2018' } },
    }),
};
