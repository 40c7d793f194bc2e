import type { Source } from '../core/fact.js';
import type { Deviation } from '../emit/types.js';

/**
 * Every place the plan departs from the 2022 portal runbook (../shared/seeds/000_3d730467459d448a.txt),
 * with the reason and the source that makes the runbook wrong or out of date today. Emitters pick the
 * entries that apply to the spec; plan.md lists them in a table.
 */
export type DeviationId =
  | 'bastionSubnetSize'
  | 'bastionNsg'
  | 'privateEndpointNetworkPolicies'
  | 'keyVaultRbac'
  | 'keyRotation'
  | 'registryAdminUser'
  | 'registryZone'
  | 'imageBuildCompute'
  | 'jumpBoxImage'
  | 'jumpBoxDedicatedHost'
  | 'jumpBoxIsolatedSize'
  | 'jumpBoxDiskEncryption'
  | 'jumpBoxAutoShutdown'
  | 'computeInTemplate'
  | 'computeNoPublicIp'
  | 'computeInboundRules'
  | 'workspacePrivateLinkPolicy'
  | 'monitorPrivateLinkScope'
  | 'cmkVaultNetwork'
  | 'cosmosDbKeyGrant'
  | 'imageBuildIdentity';

const READ = '2026-11-25';
const learn = (path: string, note?: string): Source => ({
  url: `https://learn.microsoft.com/${path}`,
  read: READ,
  ...(note ? { note } : {}),
});

export const IL5_ISOLATION_SOURCE: Source = learn(
  'azure/azure-government/documentation-government-impact-level-5#compute',
  'Isolation guidelines for Impact Level 5 workloads: virtual machines in Azure Government regions',
);

export const RUNBOOK_DEVIATIONS: Readonly<Record<DeviationId, Deviation>> = {
  bastionSubnetSize: {
    step: 'A',
    runbook: 'AzureBastionSubnet 172.16.2.0/27',
    plan: 'AzureBastionSubnet /26 (default 172.16.2.0/26)',
    reason: 'Azure Bastion requires AzureBastionSubnet to be /26 or larger; a /27 is refused.',
    source: learn('azure/bastion/configuration-settings#subnet', 'Azure Bastion subnet'),
  },
  bastionNsg: {
    step: 'A',
    runbook: 'Bastion created with the portal defaults, no NSG on AzureBastionSubnet',
    plan: 'An NSG on AzureBastionSubnet with exactly the rules Bastion requires, and an NSG on every other subnet that accepts one',
    reason: 'An NSG on every subnet is the IL5 baseline; Bastion works only if its NSG carries all of its required rules.',
    source: learn('azure/bastion/bastion-nsg', 'Configure NSG rules for Azure Bastion: required rules table'),
  },
  privateEndpointNetworkPolicies: {
    step: 'E',
    runbook: 'Disable private endpoint and private link service network policies on the subnet (no-public-IP preview)',
    plan: 'privateEndpointNetworkPolicies Enabled on Training and Scoring, so that NSGs and route tables also apply to private endpoints',
    reason:
      'The 2022 preview requirement is gone from the current "secure the training environment" article; network policies ' +
      'for private endpoints are now supported and let the subnet NSG and the step D route table govern endpoint traffic.',
    source: learn('azure/private-link/disable-private-endpoint-network-policy', 'Manage network policies for private endpoints'),
  },
  keyVaultRbac: {
    step: 'B',
    runbook: 'Key Vault access policies granting the managed identity key permissions',
    plan: 'Azure RBAC authorization on the vault; the identity gets "Key Vault Crypto Service Encryption User" on the key only',
    reason: 'RBAC is the recommended Key Vault permission model: least privilege at key scope, one place to audit assignments.',
    source: learn('azure/key-vault/general/rbac-guide', 'Provide access to Key Vault keys with Azure RBAC'),
  },
  keyRotation: {
    step: 'B',
    runbook: 'Key "ExampleKey" generated with defaults; rotation left to the operator',
    plan: 'HSM-protected RSA key of the spec size with an automatic rotation policy and expiry',
    reason:
      'Storage, registry and the disk encryption set follow the versionless key, so automatic rotation keeps them on a fresh version; ' +
      'the Azure ML workspace stays on the version it was created with (a key change is a separate workspace operation), and deploy.sh keeps it there on a re-run.',
    source: learn('azure/key-vault/keys/how-to-configure-key-rotation', 'Configure cryptographic key auto-rotation'),
  },
  cmkVaultNetwork: {
    step: 'B',
    runbook: 'Key Vault networking: private endpoint (the vault reached only from the VNet)',
    plan: 'Private endpoint kept; publicNetworkAccess Enabled with firewall default Deny, bypass AzureServices, no IP rules',
    reason:
      "With a customer-managed key Azure ML creates a Cosmos DB in a Microsoft-managed resource group that encrypts with the key; Cosmos DB cannot use a private-endpoint-only vault and is not a Key Vault trusted service, so a private-only vault fails the workspace deployment. The firewall still refuses the internet and meets IL5 definition 55615ac9.",
    source: learn('azure/machine-learning/concept-customer-managed-keys', 'Azure ML CMK: Cosmos DB, AI Search and storage in a Microsoft-managed resource group; Cosmos DB CMK network requirements'),
  },
  cosmosDbKeyGrant: {
    step: 'B',
    runbook: 'Access policy for the workspace identity only',
    plan: '"Key Vault Crypto Service Encryption User" on the key for the Azure Cosmos DB first-party principal too (object ID resolved by deploy.sh); the workspace waits for it',
    reason: "Azure ML's managed Cosmos DB wraps its data with the key as the Azure Cosmos DB principal (application 57506a73-e302-42a9-b869-6f12d9ec29e9 in Azure Government).",
    source: learn('azure/machine-learning/how-to-setup-customer-managed-keys', 'Azure Cosmos DB principal, Azure Government application ID'),
  },
  imageBuildIdentity: {
    step: 'C',
    runbook: 'Container registry admin user enabled so that images build inside the VNet',
    plan: 'Admin user off; the image-build cluster has its own managed identity with AcrPull and AcrPush on the registry',
    reason: 'With the admin user off the compute cluster pulls and pushes as its managed identity; without one, every environment build fails.',
    source: learn('azure/machine-learning/how-to-identity-based-service-authentication', 'Azure Container Registry without admin user'),
  },
  registryAdminUser: {
    step: 'C',
    runbook: 'Container registry: enable the Admin user ("required ... inside a virtual network")',
    plan: 'adminUserEnabled false; the workspace reaches the registry with its managed identity',
    reason:
      'The admin account is a shared username/password with full push and pull rights; Azure ML no longer needs it for a ' +
      'registry behind a virtual network.',
    source: learn('azure/container-registry/container-registry-authentication#admin-account', 'Admin account'),
  },
  registryZone: {
    step: 'DNS',
    // Written defanged ("[.]"): no commercial-cloud zone may appear in a plan's files, even quoted.
    runbook: 'Private DNS zone privatelink.azurecr[.]io for the registry private endpoint',
    plan: 'privatelink.azurecr.us',
    reason: 'The runbook names the commercial-cloud zone; Azure Government registries resolve under azurecr.us.',
    source: learn('azure/private-link/private-endpoint-dns#government', 'Private endpoint DNS zone values: Government'),
  },
  imageBuildCompute: {
    step: 'C',
    runbook: 'After creation, run `az ml workspace update -i <cluster>` in Cloud Shell',
    plan: 'imageBuildCompute set to the compute cluster in the template',
    reason: 'The same setting, declared, so a redeployment cannot lose it.',
    source: learn('azure/machine-learning/how-to-secure-workspace-vnet#enable-azure-container-registry-acr'),
  },
  jumpBoxImage: {
    step: 'C',
    runbook: 'Data Science Virtual Machine - Windows Server 2019 - Gen1 ("Do not select a Gen2 image"), security type Standard',
    plan: 'Windows Server image from spec.jumpBox.image (default 2022 Datacenter, Gen2)',
    reason:
      'The jump box only needs a browser to reach studio; Windows Server 2019 left mainstream support on 2024-01-09, and ' +
      'Gen2 images support the security features Gen1 lacks.',
    source: learn('lifecycle/products/windows-server-2019', 'Windows Server 2019 lifecycle'),
  },
  jumpBoxDedicatedHost: {
    step: 'C',
    runbook: 'Jump box on multi-tenant hardware',
    plan: 'Jump box on an Azure Dedicated Host (host group and host in the plan)',
    reason: 'IL5 in Azure Government regions: virtual machines run on Azure Dedicated Host or an isolated VM size.',
    source: IL5_ISOLATION_SOURCE,
  },
  jumpBoxIsolatedSize: {
    step: 'C',
    runbook: 'Jump box on multi-tenant hardware',
    plan: 'Jump box on the isolated VM size in spec.jumpBox.vmSize',
    reason: 'IL5 in Azure Government regions: virtual machines run on Azure Dedicated Host or an isolated VM size.',
    source: IL5_ISOLATION_SOURCE,
  },
  jumpBoxDiskEncryption: {
    step: 'C',
    runbook: 'Jump box disks with platform-managed keys',
    plan: 'Encryption at host, and the OS disk encrypted with the customer-managed key through a disk encryption set',
    reason: 'IL5 data at rest under a customer-managed key, including temp disk and caches (encryption at host).',
    source: learn('azure/virtual-machines/disk-encryption', 'Server-side encryption of Azure Disk Storage'),
  },
  jumpBoxAutoShutdown: {
    step: 'C',
    runbook: 'Optional: enable auto-shutdown in the portal',
    plan: 'Daily auto-shutdown schedule (Microsoft.DevTestLab/schedules) declared with the VM',
    reason: 'The runbook warns the jump box charges while running; the schedule is the same portal feature, declared.',
    source: learn('azure/virtual-machines/auto-shutdown-vm', 'Auto-shutdown a VM'),
  },
  computeInTemplate: {
    step: 'C',
    runbook: 'Create the compute cluster and compute instance in studio, from a Bastion session on the jump box',
    plan: 'Both declared in the template (Microsoft.MachineLearningServices/workspaces/computes), created with the workspace',
    reason: 'The same resources without the manual session; the template pins their subnet, public IP setting and scale settings.',
    source: learn('azure/machine-learning/how-to-create-attach-compute-cluster', 'Create an Azure Machine Learning compute cluster'),
  },
  computeNoPublicIp: {
    step: 'E',
    runbook: 'No public IP compute: "Not available in Government until 2022 Q4", preview, listed commercial regions only',
    plan: 'Compute cluster and compute instance with enableNodePublicIp false',
    reason:
      'The current article documents compute without public IP with no preview label and no region restriction; it ' +
      'removes all inbound traffic from the internet.',
    source: learn('azure/machine-learning/how-to-secure-training-vnet', 'Compute instance/cluster or serverless compute with no public IP'),
  },
  computeInboundRules: {
    step: 'E',
    runbook: 'Inbound NSG rules 29876-29877 from BatchNodeManagement and 44224 from AzureMachineLearning',
    plan: 'No such rules',
    reason:
      'They serve only compute with public IPs, and Batch retired the classic node communication mode (inbound 29876-29877) ' +
      'on 2026-03-31; the no-public-IP compute here has no inbound requirement from the internet.',
    source: learn('azure/batch/simplified-compute-node-communication', 'Use simplified compute node communication'),
  },
  workspacePrivateLinkPolicy: {
    step: 'G',
    runbook: 'Final check with policy 40cec1dd-a100-4920-b15b-3024fe8901ab ("workspaces should use private link")',
    plan: 'Checked against 45e05259-1eb5-4f70-9574-baf73e9d219b, the definition the current DoD IL5 initiative references',
    reason: 'The IL5 initiative (version 19.15.0) replaced the older definition the runbook names.',
    source: {
      url: 'https://github.com/Azure/azure-policy/tree/f4a50bacae07ddb096943c597669bcae494a6e29/built-in-policies',
      read: READ,
      note: 'DoD Impact Level 5 policy set definition, Azure Government',
    },
  },
  monitorPrivateLinkScope: {
    step: 'C',
    runbook: 'Application Insights created with the default value: public ingestion and query, telemetry over the AzureMonitor service tag',
    plan:
      'With monitoring.privateLinkScope: an Azure Monitor private link scope (ingestion and query PrivateOnly) over Log Analytics and ' +
      'Application Insights, a private endpoint in Training, and public ingestion and query Disabled on both',
    reason:
      'The workspace telemetry stays on private addresses like every other dependency, and PrivateOnly keeps clients in the VNet from ' +
      'sending data to Azure Monitor resources outside the scope.',
    source: learn('azure/azure-monitor/logs/private-link-security', 'Use Azure Private Link to connect networks to Azure Monitor: access modes'),
  },
};
