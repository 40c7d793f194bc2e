import type { Source } from '../core/fact.js';

/**
 * What a real Azure Government deployment of the plan depends on (issue 9, sections 1-3): constraints of Azure
 * ML's customer-managed-key model, the order compute needs, the identities image builds need, and the resource
 * providers the deployment registers. Each is a fact with its Microsoft Learn source; the emitters
 * (src/emit/keyvault.ts, workspace.ts, compute.ts, deploy-sh.ts) follow them and the IL5-DEP-* baseline rules
 * find the same mistakes in anyone's template.
 */

const READ = '2026-12-06';
const learn = (path: string, note?: string): Source => ({
  url: `https://learn.microsoft.com/${path}`,
  read: READ,
  ...(note ? { note } : {}),
});

export const AML_CMK_SOURCE = learn(
  'azure/machine-learning/concept-customer-managed-keys',
  'With a customer-managed key, Azure ML creates an Azure Cosmos DB, an Azure AI Search service and a storage account in a Microsoft-managed resource group of the subscription, encrypted with the key',
);

export const AML_CMK_SETUP_SOURCE = learn(
  'azure/machine-learning/how-to-setup-customer-managed-keys',
  'Azure Cosmos DB principal: application ID a232010e-820c-4083-83bb-3ace5fc29d0b in Azure public, 57506a73-e302-42a9-b869-6f12d9ec29e9 in Azure Government',
);

/**
 * The Azure Cosmos DB first-party application. Its application ID is the same in every Azure Government tenant;
 * its service principal's object ID is not, so deploy.sh resolves it (`az ad sp show --id <appId>`) and passes
 * it as the template parameter COSMOS_DB_PRINCIPAL_PARAMETER (src/emit/keyvault.ts).
 */
export const COSMOS_DB_FIRST_PARTY = {
  displayName: 'Azure Cosmos DB',
  governmentAppId: '57506a73-e302-42a9-b869-6f12d9ec29e9',
  publicAppId: 'a232010e-820c-4083-83bb-3ace5fc29d0b',
  source: AML_CMK_SETUP_SOURCE,
  also: learn('azure/cosmos-db/how-to-setup-customer-managed-keys', 'Add an access policy / RBAC: the Azure Government application ID of the Azure Cosmos DB principal'),
} as const;

/**
 * Why the CMK vault keeps a public endpoint closed by its firewall instead of publicNetworkAccess Disabled:
 * Cosmos DB reaches the key over the vault's public endpoint (it cannot use a vault reachable only through a
 * private endpoint), and neither Cosmos DB nor Azure AI Search is a Key Vault trusted service, so only the
 * firewall (default Deny, bypass AzureServices, no IP rules) keeps the rest of the internet out. The IL5
 * definition 55615ac9 ("firewall enabled or public network access disabled") is satisfied by the default Deny.
 */
export const CMK_VAULT_NETWORK = {
  publicNetworkAccess: 'Enabled',
  defaultAction: 'Deny',
  bypass: 'AzureServices',
  sources: [
    AML_CMK_SOURCE,
    learn('azure/cosmos-db/how-to-setup-customer-managed-keys', 'Key Vault firewall: the vault must allow public access from selected networks with the trusted-services exception; private-endpoint-only vaults are not supported'),
    {
      url: 'https://learn.microsoft.com/azure/key-vault/general/overview-vnet-service-endpoints#trusted-services',
      read: '2026-12-08',
      note:
        'Trusted services list: Azure Storage, Azure Container Registry, Azure Disk Storage (with a disk encryption set) and Azure Machine Learning are on it, Azure Cosmos DB and Azure AI Search are not. ' +
        'Granting trusted services grants "Trusted access to resources based on a managed identity", with no system- or user-assigned distinction: storage and the disk encryption set pass the firewall with the user-assigned identity; only the registry\'s own page limits it to the system-assigned one (REGISTRY_CMK_FIREWALL)',
    },
  ],
} as const;

/**
 * A container registry's customer-managed key behind the vault's firewall. The registry reaches a firewalled
 * vault only as a trusted service, and only with its system-assigned identity; but a customer-managed key is
 * enabled only when the registry is created, with a user-assigned identity. So the key the registry is created
 * with must be reachable by that identity, and the registry moves to its system identity afterwards.
 * Microsoft's procedure uses a temporary second vault outside the firewall; il5ml's deploy.sh opens the plan's
 * own vault instead, for the first deployment only (two passes of the same template: docs in plan.md, step C),
 * so that no second vault holding a key is left behind.
 */
export const REGISTRY_CMK_FIREWALL = {
  /** encryption.keyVaultProperties.identity naming the registry's system-assigned identity (reserved word of ACR). */
  systemIdentity: 'system',
  sources: [
    {
      url: 'https://learn.microsoft.com/azure/container-registry/tutorial-customer-managed-keys',
      read: '2026-12-07',
      note:
        'Container registry customer-managed keys (MicrosoftDocs/azure-docs articles/container-registry/container-registry-customer-managed-keys.md), "Advanced scenario: Key Vault firewall": ' +
        '"Currently, an Azure container registry can only bypass the firewall when using its system-managed identity"; create the registry with a key in a vault outside the firewall, ' +
        'enable the system-assigned identity, grant it the key in the firewalled vault, rotate to that key. Things to know: "You can currently enable a customer-managed key only when you create a registry. ' +
        'When enabling the key, you configure a user-assigned managed identity to access the key vault."',
    },
    {
      url: 'https://github.com/Azure/azure-cli/blob/dev/src/azure-cli/azure/cli/command_modules/acr/custom.py',
      read: '2026-12-07',
      note: "az acr encryption rotate-key --identity [system]: keyVaultProperties.identity = 'system' (\"reserved word on ACR service\")",
    },
    {
      url: 'https://github.com/MicrosoftDocs/azure-docs/issues/61064',
      read: '2026-12-07',
      note: 'A registry created with a customer-managed key from a vault with its firewall on fails at deployment; the workaround is a vault open at creation, then the system identity',
    },
  ] as readonly Source[],
  /**
   * A re-run after a first deployment that stopped between the registry's creation and its system-assigned
   * identity's role on the key (a failed or interrupted pass 1): the registry exists, so a check of its existence
   * alone would run the second pass only, which moves the registry to the system identity before the template's
   * role assignment (which waits for the registry) exists, and Azure refuses the key (or the registry loses it)
   * on that run and every later one. deploy.sh therefore runs pass 1 again while that identity holds no Key Vault
   * Crypto Service Encryption User on the key, at the key's scope or above it.
   */
  grantCheck: {
    command: 'az role assignment list --scope <key id> --role <role id> --include-inherited',
    source: {
      url: 'https://learn.microsoft.com/azure/role-based-access-control/role-assignments-list-cli',
      read: '2026-12-08',
      note: 'List Azure role assignments using Azure CLI: az role assignment list [--scope] [--role]; "To include role assignments at parent scopes, add the --include-inherited parameter"; principalId in each assignment (filtered with --query, so no Microsoft Graph lookup of the assignee)',
    } as Source,
  },
  /**
   * A first deployment that stops after the first pass opened the vault (a failed create, Ctrl-C) must not leave
   * the vault's firewall at Allow until someone runs deploy.sh again: deploy.sh sets it back to what the second
   * pass sets (default action Deny, trusted services bypass) on its way out, and says so.
   */
  closeOnFailure: {
    command: 'az keyvault update --default-action Deny --bypass AzureServices',
    source: {
      url: 'https://learn.microsoft.com/azure/key-vault/general/how-to-azure-key-vault-network-security',
      read: '2026-12-07',
      note: 'Configure Azure Key Vault networking settings, Azure CLI: az keyvault update --resource-group <rg> --name <vault> --bypass AzureServices; az keyvault update --resource-group <rg> --name <vault> --default-action Deny ("turn the network rules on")',
    } as Source,
  },
} as const;

/**
 * A role assignment il5ml's template makes to an identity that can be deleted and created again: the registry's and
 * the workspace's system-assigned identities, and the user-assigned identities. Its name is a guid() of the scope,
 * the resource ID of what holds the identity and the role, so it stays the same when that resource or identity is
 * created again under the same name, while the principal is new; deleting an identity does not delete its role
 * assignments, and Resource Manager refuses to move an existing role assignment to another principal. A name
 * seeded with the principal ID is no way out in one template: a resource name must be known when the deployment
 * starts, before the identity exists. So deploy.sh lists il5ml's grants once (by the descriptions the template
 * gives them; --all, since a listing by scope or group leaves out the child resources' scopes such as a private
 * endpoint or a key, and only those in the group count), compares each one's principal with the current principal
 * of the identity it is for (none when that identity is gone), and deletes those that differ, after the what-if is
 * approved and before the deployment, which then creates them for the current identity. The listing reads the
 * whole subscription's role assignments (az also asks Microsoft Graph for their principals' names, and goes on
 * without them when it may not): one call, however many grants the plan makes.
 */
export const STALE_ROLE_ASSIGNMENTS = {
  /** Every role assignment of the subscription and below it: --scope or --resource-group list that scope only. */
  list: 'az role assignment list --all',
  /** The user-assigned identities of the group, each with its principalId. */
  identities: 'az identity list',
  /** A system-assigned identity: the resource's identity.principalId. */
  systemIdentity: 'az resource list',
  delete: 'az role assignment delete --ids',
  sources: [
    {
      url: 'https://learn.microsoft.com/samples/azure/azure-quickstart-templates/key-vault-managed-identity-role-assignment',
      read: '2026-12-08',
      note: 'Create key vault, managed identity, and role assignment, "Deletion behavior": "When a managed identity is deleted, any role assignments for that managed identity are not automatically deleted. If you try to deploy a new role assignment with the same role assignment ID, the deployment fails because the resource already exists and the principalId can\'t be modified." A guid() seeded with the principal ID needs a separate module, "because Azure Resource Manager requires each resource\'s name to be available at the beginning of the deployment"',
    },
    {
      url: 'https://learn.microsoft.com/rest/api/authorization/role-assignments/delete',
      read: '2026-12-08',
      note: 'Role Assignments - Delete: by scope and name; needs Microsoft.Authorization/roleAssignments/delete (the deploying identity already creates role assignments)',
    },
    {
      url: 'https://github.com/Azure/azure-cli/blob/dev/src/azure-cli/azure/cli/command_modules/role/custom.py',
      read: '2026-12-08',
      note: 'delete_role_assignments: with --ids it deletes each ID (delete_by_id) and asks nothing; the prompt is only for a delete with no filter at all',
    },
    {
      url: 'https://learn.microsoft.com/azure/role-based-access-control/role-assignments-list-cli',
      read: '2026-12-08',
      note: 'List Azure role assignments using Azure CLI: "By default, only role assignments for the current subscription will be displayed. To view role assignments for the current subscription and below, add the --all parameter."',
    },
    {
      url: 'https://github.com/Azure/azure-cli/blob/dev/src/azure-cli/azure/cli/command_modules/role/custom.py',
      read: '2026-12-08',
      note: 'list_role_assignments: --all lists the subscription\'s assignments (role_assignments.list()) and refuses --scope or --resource-group with it; with a scope it lists atScope() and keeps the assignments exactly at that scope (or above it with --include-inherited), never those at child resources such as a private endpoint or a key',
    },
    {
      url: 'https://learn.microsoft.com/rest/api/managedidentity/user-assigned-identities/list-by-resource-group',
      read: '2026-12-08',
      note: 'User Assigned Identities - List By Resource Group: each identity with its principalId (az identity list --resource-group)',
    },
    {
      url: 'https://learn.microsoft.com/python/api/azure-mgmt-resource/azure.mgmt.resource.resources.v2021_01_01.models.genericresourceexpanded',
      read: '2026-12-08',
      note: 'GenericResourceExpanded (what az resource list returns for each resource): identity, the resource\'s managed identity, whose principalId is the system-assigned one',
    },
  ] as readonly Source[],
} as const;

/**
 * A deployment runs in Azure Resource Manager; `az deployment group create` only waits for it. A run of deploy.sh
 * that is interrupted (Ctrl-C, a closed SSH session, a cancelled pipeline job) leaves its deployment running, and a
 * second run started meanwhile would deploy the same resources beside it, deciding its passes from a half-created
 * state; a first pass left running would go on with the key vault open after deploy.sh "closed" it on its way out.
 * So deploy.sh refuses to start while a deployment in the resource group has not ended, and, interrupted during
 * the first deployment, cancels its own deployment before closing the vault. Resource Manager cancels only a
 * deployment in state Accepted or Running; what it already created stays.
 */
export const DEPLOYMENT_IN_FLIGHT = {
  /** Resource Manager's terminal provisioning states of a deployment: any other one is still going. */
  ended: ['Succeeded', 'Failed', 'Canceled'],
  cancellable: ['Accepted', 'Running'],
  cancel: 'az deployment group cancel',
  sources: [
    {
      url: 'https://learn.microsoft.com/rest/api/resources/deployments/cancel',
      read: '2026-12-08',
      note: 'Deployments - Cancel: "You can cancel a deployment only if the provisioningState is Accepted or Running. After the deployment is canceled, the provisioningState is set to Canceled. Canceling a template deployment stops the currently running template deployment and leaves the resource group partially deployed." (az deployment group cancel --name --resource-group)',
    },
  ] as readonly Source[],
} as const;

/**
 * Key rotation, consumer by consumer: who follows a new key version and who stays on the version it was created
 * with. The workspace is pinned: it is created with a versioned key URI, and a re-run of the template after a
 * rotation must not move it silently (deploy.sh passes the version the workspace already uses).
 */
export interface KeyConsumer {
  consumer: string;
  follows: boolean;
  /** Only in a plan with a jump box (jumpBox.enabled): the disk encryption set exists for its disks alone. */
  jumpBoxOnly?: boolean;
  how: string;
  source: Source;
}

export const KEY_ROTATION: readonly KeyConsumer[] = [
  {
    consumer: 'Storage account',
    follows: true,
    how: 'versionless key URI (no keyversion): Azure Storage checks the vault daily and moves to the newest version',
    source: learn('azure/storage/common/customer-managed-keys-overview#update-the-key-version', 'Automatically update the key version'),
  },
  {
    consumer: 'Container registry',
    follows: true,
    how: 'versionless key identifier: the registry moves to the newest version within an hour',
    source: learn('azure/container-registry/tutorial-rotate-revoke-customer-managed-keys', 'Automatically update the key version'),
  },
  {
    consumer: 'Disk encryption set (jump box disks)',
    follows: true,
    jumpBoxOnly: true,
    how: 'rotationToLatestKeyVersionEnabled: the disks move to the newest version',
    source: learn('azure/virtual-machines/disk-encryption#automatic-key-rotation-of-customer-managed-keys', 'Automatic key rotation of customer-managed keys'),
  },
  {
    consumer: 'Azure ML workspace (and its Microsoft-managed Cosmos DB, AI Search and storage)',
    follows: false,
    how: 'keyIdentifier holds the versioned key URI the workspace was created with; changing it is a separate key-update operation, never a side effect of a re-run',
    source: AML_CMK_SOURCE,
  },
];

/**
 * The workspace's key version expires: the workspace keeps the versioned key URI it was created with
 * (KEY_ROTATION: it does not follow new versions), and the key's rotation policy gives every version an
 * expiry (keyVault.key.rotation.expiresAfter, src/emit/keyvault.ts `expiryTime`). From its `exp` a version
 * "MUST NOT be used for" encrypting new data or wrapping new keys, which is what a customer-managed key does
 * for the workspace's Microsoft-managed Cosmos DB, AI Search and storage. What Azure ML does when that
 * version expires is not documented (nor verifiable without a subscription): plan.md states the risk and
 * what an operator does before the date.
 *
 * What Azure ML documents today (read 2026-12-08): no versionless key URI and no automatic move to new key
 * versions for the workspace (Storage and Container Registry document both; the Azure ML pages do not, and the
 * service-side encryption preview says key rotation is not supported in it). It does document that after the
 * workspace is created its key "can only be updated to another key in the original Azure Key Vault resource",
 * and the workspace update (PATCH) takes properties.encryption.keyVaultProperties.keyIdentifier, the one
 * customer-managed key property Microsoft's azure-ai-ml SDK sends in an update. `update` is that operation, as
 * plan.md gives it: the key's current versioned URI read through Resource Manager (keyUriWithVersion of
 * Microsoft.KeyVault/vaults/keys, the control plane, which the vault's firewall does not close), then the PATCH.
 */
export const WORKSPACE_KEY_EXPIRY = {
  sources: [
    {
      url: 'https://learn.microsoft.com/azure/key-vault/keys/about-keys-details#key-attributes',
      read: '2026-12-07',
      note: 'Key attributes, exp: the expiration time on or after which the key MUST NOT be used for cryptographic operation, except for certain operation types under particular conditions (the CIS benchmark quoting it: "encryption of new data, wrapping of new keys, and signing")',
    },
    AML_CMK_SOURCE,
  ] as readonly Source[],
  update: {
    /** Read the key's current version through Resource Manager: `az resource show --ids <key id>`. */
    currentVersionQuery: 'properties.keyUriWithVersion',
    /** The workspace PATCH body's path to the key URI. */
    bodyPath: ['properties', 'encryption', 'keyVaultProperties', 'keyIdentifier'],
    sources: [
      {
        url: 'https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys#limitations',
        read: '2026-12-08',
        note: 'Limitations: "After workspace creation, the customer-managed encryption key for resources that the workspace depends on can only be updated to another key in the original Azure Key Vault resource." Service-side encryption (preview): "During this preview key rotation and data labeling capabilities are not supported." No versionless key or automatic key version update is documented for the workspace (MicrosoftDocs/azure-ai-docs articles/machine-learning/concept-customer-managed-keys.md, how-to-setup-customer-managed-keys.md)',
      },
      {
        url: 'https://learn.microsoft.com/rest/api/azureml/workspaces/update',
        read: '2026-12-08',
        note: 'Workspaces - Update: PATCH .../Microsoft.MachineLearningServices/workspaces/{workspaceName}, request body properties.encryption (EncryptionUpdateProperties: keyVaultProperties.keyIdentifier; .NET EncryptionKeyVaultUpdateProperties(keyIdentifier)). azure-ai-ml _workspace_operations_base.py: "Only the key uri property of customer_managed_key can be updated", sent as EncryptionUpdateProperties(key_vault_properties=EncryptionKeyVaultUpdateProperties(key_identifier=...))',
      },
      {
        url: 'https://learn.microsoft.com/azure/key-vault/general/access-behind-firewall',
        read: '2026-12-08',
        note: 'Management (control plane) goes through Azure Resource Manager endpoints; data plane access through the vault\'s own endpoint. Microsoft.KeyVault/vaults/keys (2024-11-01) has the read-only keyUriWithVersion, "The URI to retrieve the specific version of the key" (azure-types keyvault 2024-11-01)',
      },
    ] as readonly Source[],
  },
} as const;

/**
 * Key properties the spec sets (keyVault.key name, size, and the vault) are create-only for the workspace: Azure
 * ML cannot switch a workspace from one key to another through a template re-deployment, and the key type and size
 * of an existing key never change. A change in the spec after the first deployment has no effect on the workspace.
 */
export const CMK_CREATE_ONLY = {
  specKeys: ['keyVault.key.name', 'keyVault.key.size'],
  source: AML_CMK_SOURCE,
} as const;

/** The resource providers deploy.sh registers (with --wait) before it creates anything, and why. */
export interface ProviderFact {
  namespace: string;
  why: string;
  source: Source;
}

export const REQUIRED_PROVIDERS: readonly ProviderFact[] = [
  { namespace: 'Microsoft.MachineLearningServices', why: 'the workspace and its compute', source: AML_CMK_SOURCE },
  { namespace: 'Microsoft.DocumentDB', why: "Azure ML's customer-managed-key model creates a Cosmos DB in the subscription", source: AML_CMK_SETUP_SOURCE },
  { namespace: 'Microsoft.Search', why: "Azure ML's customer-managed-key model creates an Azure AI Search service in the subscription", source: AML_CMK_SETUP_SOURCE },
  { namespace: 'Microsoft.Storage', why: 'the workspace storage account (and the managed one)', source: AML_CMK_SETUP_SOURCE },
  { namespace: 'Microsoft.KeyVault', why: 'the vault and the customer-managed key', source: AML_CMK_SETUP_SOURCE },
  { namespace: 'Microsoft.ContainerRegistry', why: 'the workspace registry', source: AML_CMK_SETUP_SOURCE },
  { namespace: 'Microsoft.Insights', why: 'Application Insights, diagnostic settings, private link scope', source: AML_CMK_SETUP_SOURCE },
  { namespace: 'Microsoft.OperationalInsights', why: 'the Log Analytics workspace', source: AML_CMK_SETUP_SOURCE },
  { namespace: 'Microsoft.Network', why: 'VNet, private endpoints, DNS zones, firewall', source: AML_CMK_SETUP_SOURCE },
  { namespace: 'Microsoft.Compute', why: 'the jump box, its dedicated host and disk encryption set', source: AML_CMK_SETUP_SOURCE },
  { namespace: 'Microsoft.ManagedIdentity', why: 'the user-assigned identities', source: AML_CMK_SETUP_SOURCE },
  {
    namespace: 'Microsoft.GuestConfiguration',
    why: "the IL5 initiative's guest configuration definitions report on the jump box",
    source: learn('azure/governance/machine-configuration/overview', 'Deploy requirements: register the Microsoft.GuestConfiguration resource provider'),
  },
];

/**
 * What compute waits for. A compute instance or cluster in a VNet-isolated workspace provisions through the
 * workspace's private endpoint and resolves the workspace, storage, vault and registry through the private DNS
 * zones; its nodes send their outbound traffic to the route table's next hop (the firewall), so all of these
 * must exist before the compute is created, or provisioning fails (or the node never reports) at deploy time.
 */
export const COMPUTE_PREREQUISITES = {
  types: [
    'Microsoft.Network/privateEndpoints',
    'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
    'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
    'Microsoft.Network/routeTables',
    'Microsoft.Network/azureFirewalls',
    'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
  ],
  sources: [
    learn('azure/machine-learning/how-to-secure-training-vnet', 'Compute instance / cluster in a VNet: the workspace private endpoint and DNS must resolve from the subnet'),
    learn('azure/machine-learning/how-to-access-azureml-behind-firewall', 'Outbound: compute needs the firewall rules in place to provision'),
  ],
} as const;

/**
 * Image builds on a compute cluster when the registry is behind a VNet: with the registry admin user off, the
 * cluster pulls and pushes with its own managed identity, which needs AcrPull and AcrPush on the registry.
 */
export const IMAGE_BUILD_IDENTITY = {
  roles: ['AcrPull', 'AcrPush'],
  source: learn(
    'azure/machine-learning/how-to-identity-based-service-authentication',
    'The compute cluster uses a managed identity to pull Docker images from ACR; scenario "Azure Container Registry without admin user": the image-build cluster needs a managed identity with AcrPull and AcrPush',
  ),
} as const;

/**
 * compute.instance.assignedUser: the instance is created on behalf of a data scientist (personalComputeInstanceSettings.
 * assignedUser); without it, the identity that runs deploy.sh owns it and only that identity can use it.
 */
export const INSTANCE_ON_BEHALF = {
  source: learn('azure/machine-learning/how-to-create-compute-instance', 'Create on behalf of another user (personalComputeInstanceSettings.assignedUser: objectId, tenantId; CLI v2 create_on_behalf_of)'),
} as const;

/** Default datastores with identity-based access (runbook step F). */
export const DEFAULT_DATASTORES = {
  source: learn('azure/machine-learning/how-to-datastore', 'Azure Blob datastore with identity-based access: credentials None'),
} as const;

/**
 * The resource group's tags on a re-run or in a group someone else created. `az group create` on an existing group
 * is a PUT of the whole group: the tags it is given replace every tag the group had (the platform team's cost
 * center, owner, data classification...), or the update is refused where a policy requires a tag. deploy.sh
 * therefore creates the group only when it does not exist, and otherwise merges the spec's tags into it.
 */
export const RESOURCE_GROUP_TAGS = {
  merge: 'az tag update --resource-id <group id> --operation Merge --tags',
  sources: [
    {
      url: 'https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources-cli',
      read: '2026-12-07',
      note: 'Apply tags with Azure CLI: "To update the tags for a resource group, use: az tag update --resource-id $group --operation Merge --tags ..."; Replace (and a create) leaves only the new tags',
    },
    {
      url: 'https://github.com/Azure/azure-cli/issues/11513',
      read: '2026-12-07',
      note: 'az group create against an existing group clears or replaces its tags; the maintainers: by design, create is the PUT of the REST API and overwrites the existing group',
    },
  ] as readonly Source[],
} as const;
