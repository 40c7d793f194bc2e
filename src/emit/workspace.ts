import { RUNBOOK_DEVIATIONS } from '../catalog/runbook-deviations.js';
import { logAnalyticsDependsOn, logAnalyticsDisplayName, logAnalyticsIdExpr } from './log-analytics.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { REGISTRY_CMK_FIREWALL } from '../catalog/aml-deployment.js';
import { displayName, expr, lit, referenceFragment, resource, resourceIdExpr } from './arm.js';
import { cosmosKeyRoleAssignmentIdExpr, identityFragment, identityIdExpr, keyIdExpr, keyRoleAssignmentIdExpr, keyUriFragment, networkDefaultAction, publicNetworkAccess, REGISTRY_CMK_BOOTSTRAP_PARAMETER, registryKeyRoleAssignment } from './keyvault.js';
import { monitorAccessProperties } from './monitoring.js';
import { privateEndpointFor, privateEndpointResource } from './private-endpoints.js';
import type { ArmParameterDecl, ArmResourceDecl, EmitFragment, Emitter } from './types.js';

/**
 * Template parameter: the versioned key URI the workspace already uses, empty on the first deployment. The
 * workspace is pinned to one key version (src/catalog/aml-deployment.ts, KEY_ROTATION); deploy.sh reads an
 * existing workspace's keyIdentifier and passes it, so a re-run after a key rotation leaves the workspace on
 * its version instead of asking Azure ML to move it.
 */
export const WORKSPACE_KEY_PARAMETER = 'workspaceKeyIdentifier';

/** "Network isolation in batch endpoints": the storage's blob, file, queue and table private endpoints (read 2026-12-07). */
const BATCH_ENDPOINT_SOURCE = 'https://learn.microsoft.com/azure/machine-learning/how-to-secure-batch-endpoint';

export const WORKSPACE_KEY_PARAMETER_DECL: ArmParameterDecl = {
  type: 'string',
  defaultValue: '',
  metadata: {
    description:
      "Versioned key URI the existing workspace is encrypted with (deploy.sh fills it on a re-run); empty: the key's current version, for a new workspace.",
  },
};

/** `{ "<identity id>": {} }`: ARM evaluates expressions in property names, so the key is the resource ID. */
export function userAssignedIdentities(spec: Spec): Record<string, Record<string, never>> {
  return { [identityIdExpr(spec)]: {} };
}

/** Everything that encrypts with the key waits for the key and for the identity's role on it. */
export function cmkDependsOn(spec: Spec): string[] {
  return [keyIdExpr(spec), identityIdExpr(spec), keyRoleAssignmentIdExpr(spec)];
}

export function workspaceIdExpr(spec: Spec): string {
  return resourceIdExpr('Microsoft.MachineLearningServices/workspaces', resourceNames(spec).workspace);
}

/**
 * Step C: the workspace's dependencies (storage with blob and file private endpoints, and queue and table ones
 * with storage.queueAndTablePrivateEndpoints, Premium container
 * registry, workspace-based Application Insights) and the Azure ML workspace itself, all encrypted with
 * the customer-managed key through the user-assigned identity, public network access off.
 */
export const workspaceEmitter: Emitter = (spec: Spec): EmitFragment => {
  const n = resourceNames(spec);
  const pna = publicNetworkAccess(spec);
  const storageId = resourceIdExpr('Microsoft.Storage/storageAccounts', n.storage);
  const registryId = resourceIdExpr('Microsoft.ContainerRegistry/registries', n.registry);
  const appInsightsId = resourceIdExpr('Microsoft.Insights/components', n.appInsights);
  const kvId = resourceIdExpr('Microsoft.KeyVault/vaults', n.keyVault);
  const logId = logAnalyticsIdExpr(spec);
  const vaultUri = expr(`${referenceFragment('Microsoft.KeyVault/vaults', [n.keyVault])}.vaultUri`);
  const pinned = `parameters('${WORKSPACE_KEY_PARAMETER}')`;
  const keyUriWithVersion = expr(`if(empty(${pinned}), ${referenceFragment('Microsoft.KeyVault/vaults/keys', [n.keyVault, n.key])}.keyUriWithVersion, ${pinned})`);

  const queueTable = spec.storage.queueAndTablePrivateEndpoints;

  const resources: ArmResourceDecl[] = [
    resource(spec, {
      type: 'Microsoft.Storage/storageAccounts',
      name: n.storage,
      sku: { name: spec.storage.sku },
      kind: 'StorageV2',
      identity: { type: 'UserAssigned', userAssignedIdentities: userAssignedIdentities(spec) },
      properties: {
        accessTier: 'Hot',
        supportsHttpsTrafficOnly: true,
        minimumTlsVersion: 'TLS1_2',
        allowBlobPublicAccess: false,
        // Shared key stays allowed: Azure ML reaches its default datastores with the account key unless the
        // workspace sets systemDatastoresAuthMode, which only preview API versions have ("Disable shared key
        // access for your workspace's storage account (preview)",
        // https://learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage, read 2026-11-25).
        allowSharedKeyAccess: true,
        defaultToOAuthAuthentication: true,
        allowCrossTenantReplication: false,
        publicNetworkAccess: pna,
        networkAcls: {
          defaultAction: networkDefaultAction(spec),
          bypass: 'AzureServices',
          ipRules: [],
          virtualNetworkRules: [],
          // Step F: studio reaches the data as the workspace (resource instance rule).
          resourceAccessRules: [{ tenantId: '[subscription().tenantId]', resourceId: workspaceIdExpr(spec) }],
        },
        encryption: {
          requireInfrastructureEncryption: true,
          keySource: 'Microsoft.Keyvault',
          // No keyversion: storage follows the latest version of the key after each rotation.
          keyvaultproperties: { keyname: n.key, keyvaulturi: vaultUri },
          identity: { userAssignedIdentity: identityIdExpr(spec) },
          services: {
            blob: { enabled: true, keyType: 'Account' },
            file: { enabled: true, keyType: 'Account' },
            // Tables and queues use the account key (the CMK) only when chosen at creation.
            table: { enabled: true, keyType: 'Account' },
            queue: { enabled: true, keyType: 'Account' },
          },
        },
      },
      dependsOn: [kvId, ...cmkDependsOn(spec)],
    }),
    privateEndpointResource(spec, privateEndpointFor(spec, n.peStorageBlob)),
    privateEndpointResource(spec, privateEndpointFor(spec, n.peStorageFile)),
    // storage.queueAndTablePrivateEndpoints: what batch endpoints and ParallelRunStep need besides blob and file.
    ...(queueTable ? [privateEndpointResource(spec, privateEndpointFor(spec, n.peStorageQueue)), privateEndpointResource(spec, privateEndpointFor(spec, n.peStorageTable))] : []),
    resource(spec, {
      type: 'Microsoft.ContainerRegistry/registries',
      name: n.registry,
      sku: { name: 'Premium' },
      // The user-assigned identity creates it with its key (deploy.sh's first pass, the vault open); the
      // system-assigned one reads the key from then on, through the vault's firewall (REGISTRY_CMK_FIREWALL).
      identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: userAssignedIdentities(spec) },
      properties: {
        adminUserEnabled: false,
        publicNetworkAccess: pna,
        networkRuleBypassOptions: 'AzureServices',
        networkRuleSet: { defaultAction: networkDefaultAction(spec), ipRules: [] },
        encryption: {
          status: 'enabled',
          keyVaultProperties: {
            keyIdentifier: expr(keyUriFragment(spec)),
            identity: expr(`if(parameters('${REGISTRY_CMK_BOOTSTRAP_PARAMETER}'), ${identityFragment(spec, 'clientId')}, ${lit(REGISTRY_CMK_FIREWALL.systemIdentity)})`),
          },
        },
        // Images leave only through the private endpoint: no export pipelines to other registries.
        policies: { exportPolicy: { status: spec.posture.publicNetworkAccess ? 'enabled' : 'disabled' } },
      },
      dependsOn: cmkDependsOn(spec),
    }),
    registryKeyRoleAssignment(spec),
    privateEndpointResource(spec, privateEndpointFor(spec, n.peRegistry)),
    resource(spec, {
      type: 'Microsoft.Insights/components',
      name: n.appInsights,
      kind: 'web',
      properties: {
        Application_Type: 'web',
        WorkspaceResourceId: logId,
        IngestionMode: 'LogAnalytics',
        ...monitorAccessProperties(spec),
      },
      dependsOn: logAnalyticsDependsOn(spec),
    }),
    resource(spec, {
      type: 'Microsoft.MachineLearningServices/workspaces',
      name: n.workspace,
      sku: { name: 'Basic', tier: 'Basic' },
      kind: 'Default',
      // System-assigned: the workspace identity that Azure ML grants itself access to its dependencies with,
      // and that step F's role assignments name. User-assigned: the one that holds the key role.
      identity: { type: 'SystemAssigned,UserAssigned', userAssignedIdentities: userAssignedIdentities(spec) },
      properties: {
        friendlyName: spec.workspace.friendlyName,
        description: spec.workspace.description,
        storageAccount: storageId,
        keyVault: kvId,
        applicationInsights: appInsightsId,
        containerRegistry: registryId,
        encryption: {
          status: 'Enabled',
          identity: { userAssignedIdentity: identityIdExpr(spec) },
          keyVaultProperties: { keyVaultArmId: kvId, keyIdentifier: keyUriWithVersion },
        },
        hbiWorkspace: spec.workspace.highBusinessImpact,
        publicNetworkAccess: pna,
        allowPublicAccessWhenBehindVnet: false,
        imageBuildCompute: n.cluster,
        v1LegacyMode: false,
      },
      // The Cosmos DB grant: Azure ML creates its managed Cosmos DB with the key as the workspace is created.
      dependsOn: [storageId, registryId, appInsightsId, kvId, ...cmkDependsOn(spec), cosmosKeyRoleAssignmentIdExpr(spec)],
    }),
    privateEndpointResource(spec, privateEndpointFor(spec, n.peWorkspace)),
  ];

  return {
    step: 'C',
    resources,
    parameters: { [WORKSPACE_KEY_PARAMETER]: WORKSPACE_KEY_PARAMETER_DECL },
    notes: [
      {
        step: 'C',
        what: `Storage account ${displayName(n.storage)} (${spec.storage.sku}, StorageV2): HTTPS only, TLS 1.2, no anonymous blob access, infrastructure encryption, customer-managed key for blob, file, table and queue, network default ${networkDefaultAction(spec).toLowerCase()}, public access ${pna.toLowerCase()}; private endpoints ${queueTable ? `${n.peStorageBlob} (blob), ${n.peStorageFile} (file), ${n.peStorageQueue} (queue) and ${n.peStorageTable} (table)` : `${n.peStorageBlob} (blob) and ${n.peStorageFile} (file)`}`,
        why: "The workspace's default datastores. Shared key access stays on because Azure ML's default datastores use it; identity-only access (systemDatastoresAuthMode) exists only in preview API versions.",
      },
      ...(queueTable
        ? [
            {
              step: 'C' as const,
              what: `Storage private endpoints ${n.peStorageQueue} (queue) and ${n.peStorageTable} (table) in PrivateEndpoints, registered in privatelink.queue.core.usgovcloudapi.net and privatelink.table.core.usgovcloudapi.net (storage.queueAndTablePrivateEndpoints)`,
              why: `Batch endpoints, batch deployments and ParallelRunStep use the workspace storage's queues and tables, which with public access off answer only through private endpoints: "Ensure blob, file, queue, and table private endpoints are configured for the storage accounts [...] Batch deployments require all the 4 to properly work" (${BATCH_ENDPOINT_SOURCE}). The Scoring subnet keeps batch inference in scope; storage.queueAndTablePrivateEndpoints: false leaves both out and batch deployments then fail.`,
            },
          ]
        : []),
      {
        step: 'C',
        what: `Container registry ${displayName(n.registry)} (Premium): customer-managed key, admin user off, export off, public access ${pna.toLowerCase()}, private endpoint ${n.peRegistry}`,
        why: "Premium is the tier with private endpoints and customer-managed keys; the workspace pulls and pushes with its identity. A registry passes the vault's firewall only with its system-assigned identity, and gets a customer-managed key only at creation, through a user-assigned identity: so deploy.sh's first deployment runs twice, the first pass (registryCmkBootstrap=true) with the vault open to create the registry, the second with the vault closed and the registry on its system-assigned identity, which holds Key Vault Crypto Service Encryption User on the key (Microsoft uses a temporary second vault instead; see Risk decisions).",
      },
      {
        step: 'C',
        what: `Application Insights ${n.appInsights}, workspace-based on ${logAnalyticsDisplayName(spec)}`,
        why: 'Classic Application Insights is retired; telemetry lands in the same Log Analytics workspace.',
      },
      {
        step: 'C',
        what: `Azure ML workspace ${n.workspace}: customer-managed key through ${n.identity}, hbiWorkspace ${spec.workspace.highBusinessImpact}, public access ${pna.toLowerCase()}, image builds on ${n.cluster}, private endpoint ${n.peWorkspace} (amlworkspace)`,
        why: 'IL5 policies: workspaces encrypted with a customer-managed key (ba769a63-b8cc-4b2d-abf6-ac33c7204be8) and reached over private link (45e05259-1eb5-4f70-9574-baf73e9d219b). The registry is behind the VNet, so images build on the cluster.',
      },
    ],
    deviations: [RUNBOOK_DEVIATIONS.registryAdminUser, RUNBOOK_DEVIATIONS.imageBuildCompute],
  };
};
