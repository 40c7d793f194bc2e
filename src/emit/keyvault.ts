import { CMK_VAULT_NETWORK, COSMOS_DB_FIRST_PARTY, KEY_ROTATION, type KeyConsumer } from '../catalog/aml-deployment.js';
import { RUNBOOK_DEVIATIONS } from '../catalog/runbook-deviations.js';
import { localLogAnalytics } from '../spec/topology.js';
import { logAnalyticsDependsOn, logAnalyticsDisplayName, logAnalyticsIdExpr } from './log-analytics.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { childName, displayName, expr, lit, referenceFragment, resource, resourceIdExpr, resourceIdFragment, roleDefinitionIdExpr } from './arm.js';
import { monitorAccessProperties, monitorNames, privateLinkScopeOn } from './monitoring.js';
import { privateEndpointFor, privateEndpointResource } from './private-endpoints.js';
import { ROLES } from './roles.js';
import type { ArmParameterDecl, ArmResourceDecl, Deviation, EmitFragment, Emitter } from './types.js';

export function publicNetworkAccess(spec: Spec): 'Enabled' | 'Disabled' {
  return spec.posture.publicNetworkAccess ? 'Enabled' : 'Disabled';
}

/**
 * The firewall default of key vault, storage and registry. posture.publicNetworkAccess means reachable from
 * the internet: with publicNetworkAccess Enabled but a default action of Deny and no IP rules, each of the
 * three would still refuse every public caller (Key Vault, Storage and Container Registry network rules:
 * https://learn.microsoft.com/azure/key-vault/general/network-security,
 * https://learn.microsoft.com/azure/storage/common/storage-network-security, read 2026-11-25), so the spec
 * key would say one thing and the template do another. The baseline then reports what it opened.
 */
export function networkDefaultAction(spec: Spec): 'Allow' | 'Deny' {
  return spec.posture.publicNetworkAccess ? 'Allow' : 'Deny';
}

export function keyIdExpr(spec: Spec): string {
  const n = resourceNames(spec);
  return resourceIdExpr('Microsoft.KeyVault/vaults/keys', n.keyVault, n.key);
}

/** The versionless key URI, so that every service follows the rotated key (runtime property keyUri). */
export function keyUriFragment(spec: Spec): string {
  const n = resourceNames(spec);
  return `${referenceFragment('Microsoft.KeyVault/vaults/keys', [n.keyVault, n.key])}.keyUri`;
}

export function identityIdExpr(spec: Spec): string {
  return resourceIdExpr('Microsoft.ManagedIdentity/userAssignedIdentities', resourceNames(spec).identity);
}

export function identityFragment(spec: Spec, property: 'principalId' | 'clientId'): string {
  return `${referenceFragment('Microsoft.ManagedIdentity/userAssignedIdentities', [resourceNames(spec).identity])}.${property}`;
}

/**
 * The vault's public network access. It holds the customer-managed key, and Azure ML's CMK model has the Azure
 * Cosmos DB first-party service reach that key over the vault's public endpoint: Cosmos DB cannot use a vault
 * reachable only through private endpoints, and it is not a Key Vault trusted service (CMK_VAULT_NETWORK). So the
 * vault keeps publicNetworkAccess Enabled with a firewall that denies by default, admits trusted services
 * (storage, registry, disk encryption set) and has no IP rules; its private endpoint stays for everything in
 * the VNet. The IL5 definition 55615ac9 is met by the default Deny.
 */
export function vaultPublicNetworkAccess(): 'Enabled' {
  return CMK_VAULT_NETWORK.publicNetworkAccess;
}

/**
 * Template parameter: true in deploy.sh's first pass only, when the registry does not exist yet. The vault's
 * firewall then admits any network (Microsoft Entra authentication and RBAC still apply) and the registry is
 * created with the key through the user-assigned identity; the second pass, with the default false, closes
 * the vault and moves the registry to its system-assigned identity, the only one a container registry
 * reaches a firewalled vault with (REGISTRY_CMK_FIREWALL). The template as written, and as il5ml checks it,
 * is the second pass: the state that stays.
 */
export const REGISTRY_CMK_BOOTSTRAP_PARAMETER = 'registryCmkBootstrap';

export const REGISTRY_CMK_BOOTSTRAP_PARAMETER_DECL: ArmParameterDecl = {
  type: 'bool',
  defaultValue: false,
  metadata: {
    description:
      "deploy.sh's first pass only (no registry yet): opens the key vault's firewall so that the registry can be created with its customer-managed key through the user-assigned identity. Leave false: the second pass closes the vault and moves the registry to its system-assigned identity (plan.md, step C).",
  },
};

/** The vault firewall's default action: the spec's, except Allow in deploy.sh's first pass. */
function vaultDefaultAction(spec: Spec): string {
  return spec.posture.publicNetworkAccess ? 'Allow' : `[if(parameters('${REGISTRY_CMK_BOOTSTRAP_PARAMETER}'), 'Allow', 'Deny')]`;
}

/** The registry's system-assigned principal: its role on the key, given in the first pass, serves the second. */
export function registryKeyRoleAssignment(spec: Spec): ArmResourceDecl {
  const n = resourceNames(spec);
  const registryId = resourceIdFragment('Microsoft.ContainerRegistry/registries', n.registry);
  return resource(spec, {
    type: 'Microsoft.Authorization/roleAssignments',
    name: expr(`guid(${resourceIdFragment('Microsoft.KeyVault/vaults/keys', n.keyVault, n.key)}, ${registryId}, ${lit(ROLES.keyVaultCryptoServiceEncryptionUser.guid)})`),
    location: 'none',
    scope: keyIdExpr(spec),
    properties: {
      roleDefinitionId: roleDefinitionIdExpr(ROLES.keyVaultCryptoServiceEncryptionUser.guid),
      principalId: expr(`${referenceFragment('Microsoft.ContainerRegistry/registries', [n.registry], true)}.identity.principalId`),
      principalType: 'ServicePrincipal',
      description: `${displayName(n.registry)} (system-assigned identity): the only identity a container registry reaches a firewalled vault with`,
    },
    dependsOn: [expr(registryId), keyIdExpr(spec)],
  });
}

/** Template parameter: the object ID of the Azure Cosmos DB service principal in this tenant (deploy.sh resolves it). */
export const COSMOS_DB_PRINCIPAL_PARAMETER = 'cosmosDbPrincipalObjectId';

export const COSMOS_DB_PRINCIPAL_PARAMETER_DECL: ArmParameterDecl = {
  type: 'string',
  // Empty here on purpose: no file can know the tenant's object ID. deploy.sh always passes it; a deployment
  // without it fails at this role assignment (an empty principal ID), before the workspace is attempted.
  defaultValue: '',
  metadata: {
    description:
      `Required: object ID of the ${COSMOS_DB_FIRST_PARTY.displayName} service principal in this tenant (application ID ${COSMOS_DB_FIRST_PARTY.governmentAppId} in Azure Government). ` +
      `deploy.sh resolves it with az ad sp show --id ${COSMOS_DB_FIRST_PARTY.governmentAppId}.`,
  },
};

function cosmosRoleAssignmentNameFragment(spec: Spec): string {
  const n = resourceNames(spec);
  return `guid(${resourceIdFragment('Microsoft.KeyVault/vaults/keys', n.keyVault, n.key)}, ${lit(COSMOS_DB_FIRST_PARTY.governmentAppId)}, ${lit(ROLES.keyVaultCryptoServiceEncryptionUser.guid)})`;
}

/** The Cosmos DB principal's role on the key: the workspace waits for it (its managed Cosmos DB encrypts with the key). */
export function cosmosKeyRoleAssignmentIdExpr(spec: Spec): string {
  const n = resourceNames(spec);
  return expr(`extensionResourceId(${resourceIdFragment('Microsoft.KeyVault/vaults/keys', n.keyVault, n.key)}, 'Microsoft.Authorization/roleAssignments', ${cosmosRoleAssignmentNameFragment(spec)})`);
}

/** The identity's role on the key: every customer-managed-key consumer waits for it. */
export function keyRoleAssignmentIdExpr(spec: Spec): string {
  return expr(`extensionResourceId(${resourceIdFragment('Microsoft.KeyVault/vaults/keys', resourceNames(spec).keyVault, resourceNames(spec).key)}, 'Microsoft.Authorization/roleAssignments', ${keyRoleAssignmentNameFragment(spec)})`);
}

function keyRoleAssignmentNameFragment(spec: Spec): string {
  const n = resourceNames(spec);
  return `guid(${resourceIdFragment('Microsoft.KeyVault/vaults/keys', n.keyVault, n.key)}, ${resourceIdFragment('Microsoft.ManagedIdentity/userAssignedIdentities', n.identity)}, ${lit(ROLES.keyVaultCryptoServiceEncryptionUser.guid)})`;
}

/**
 * Step B: Key Vault (soft delete, purge protection, RBAC, network default deny, public access off, private
 * endpoint), the customer-managed RSA key with a rotation policy, the user-assigned identity that every
 * CMK consumer uses with its role on the key, and the vault's audit logs to Log Analytics.
 */
export const keyVaultEmitter: Emitter = (spec: Spec): EmitFragment => {
  const n = resourceNames(spec);
  const kvId = resourceIdExpr('Microsoft.KeyVault/vaults', n.keyVault);
  const logId = logAnalyticsIdExpr(spec);
  const rot = spec.keyVault.key.rotation;
  const resources = [
    ...(localLogAnalytics(spec) ? [resource(spec, {
      type: 'Microsoft.OperationalInsights/workspaces',
      name: n.logAnalytics,
      properties: {
        sku: { name: 'PerGB2018' },
        retentionInDays: spec.monitoring.retentionDays,
        features: { enableLogAccessUsingOnlyResourcePermissions: true },
        // Saved queries only in customer storage (IL5 initiative, fa298e57-9444-42ba-bf04-86e8470e32c7).
        forceCmkForQuery: true,
        ...monitorAccessProperties(spec),
      },
    })] : []),
    resource(spec, { type: 'Microsoft.ManagedIdentity/userAssignedIdentities', name: n.identity }),
    resource(spec, {
      type: 'Microsoft.KeyVault/vaults',
      name: n.keyVault,
      properties: {
        tenantId: '[subscription().tenantId]',
        // Premium: the key is HSM-protected (FIPS 140 validated HSMs), which standard vaults cannot hold.
        sku: { family: 'A', name: 'premium' },
        enableSoftDelete: true,
        softDeleteRetentionInDays: spec.keyVault.softDeleteRetentionDays,
        enablePurgeProtection: true,
        enableRbacAuthorization: true,
        // Enabled, closed by the firewall: the key must stay reachable for Azure ML's managed Cosmos DB
        // (vaultPublicNetworkAccess above). bypass AzureServices keeps the storage and disk encryption set key
        // access (user-assigned identity) and the registry's (system-assigned identity only) on the trusted
        // path; no IP rules. Open (Allow) only in deploy.sh's first pass, which creates the registry with its
        // key through the user-assigned identity (REGISTRY_CMK_FIREWALL).
        publicNetworkAccess: vaultPublicNetworkAccess(),
        networkAcls: { defaultAction: vaultDefaultAction(spec), bypass: CMK_VAULT_NETWORK.bypass, ipRules: [], virtualNetworkRules: [] },
      },
    }),
    resource(spec, {
      type: 'Microsoft.KeyVault/vaults/keys',
      name: childName(n.keyVault, n.key),
      location: 'none',
      properties: {
        kty: 'RSA-HSM',
        keySize: spec.keyVault.key.size,
        keyOps: ['wrapKey', 'unwrapKey'],
        attributes: { enabled: true, exportable: false },
        rotationPolicy: {
          attributes: { expiryTime: rot.expiresAfter },
          lifetimeActions: [
            { trigger: { timeAfterCreate: rot.rotateAfter }, action: { type: 'rotate' } },
            { trigger: { timeBeforeExpiry: rot.notifyBefore }, action: { type: 'notify' } },
          ],
        },
      },
      dependsOn: [kvId],
    }),
    resource(spec, {
      type: 'Microsoft.Authorization/roleAssignments',
      name: expr(keyRoleAssignmentNameFragment(spec)),
      location: 'none',
      scope: keyIdExpr(spec),
      properties: {
        roleDefinitionId: roleDefinitionIdExpr(ROLES.keyVaultCryptoServiceEncryptionUser.guid),
        principalId: expr(identityFragment(spec, 'principalId')),
        principalType: 'ServicePrincipal',
        description: `${n.identity}: ${ROLES.keyVaultCryptoServiceEncryptionUser.why}`,
      },
      dependsOn: [keyIdExpr(spec), identityIdExpr(spec)],
    }),
    resource(spec, {
      type: 'Microsoft.Authorization/roleAssignments',
      name: expr(cosmosRoleAssignmentNameFragment(spec)),
      location: 'none',
      scope: keyIdExpr(spec),
      properties: {
        roleDefinitionId: roleDefinitionIdExpr(ROLES.keyVaultCryptoServiceEncryptionUser.guid),
        principalId: `[parameters('${COSMOS_DB_PRINCIPAL_PARAMETER}')]`,
        principalType: 'ServicePrincipal',
        description: `${COSMOS_DB_FIRST_PARTY.displayName} (first party): Azure ML's managed Cosmos DB encrypts the workspace's data with this key`,
      },
      dependsOn: [keyIdExpr(spec)],
    }),
    resource(spec, {
      type: 'Microsoft.Insights/diagnosticSettings',
      name: 'to-log-analytics',
      location: 'none',
      scope: kvId,
      properties: {
        workspaceId: logId,
        logs: [{ categoryGroup: 'audit', enabled: true }],
        metrics: [{ category: 'AllMetrics', enabled: true }],
      },
      dependsOn: [kvId, ...logAnalyticsDependsOn(spec)],
    }),
    privateEndpointResource(spec, privateEndpointFor(spec, n.peKeyVault)),
  ];
  return {
    step: 'B',
    resources,
    parameters: { [COSMOS_DB_PRINCIPAL_PARAMETER]: COSMOS_DB_PRINCIPAL_PARAMETER_DECL, [REGISTRY_CMK_BOOTSTRAP_PARAMETER]: REGISTRY_CMK_BOOTSTRAP_PARAMETER_DECL },
    notes: [
      {
        step: 'B',
        what: `Key Vault (Premium) ${displayName(n.keyVault)}: soft delete ${spec.keyVault.softDeleteRetentionDays} days, purge protection, RBAC, public network access enabled behind a firewall (default ${networkDefaultAction(spec).toLowerCase()}, trusted Azure services bypass, no IP rules), private endpoint ${n.peKeyVault}`,
        why:
          "Customer-managed keys require soft delete and purge protection. The firewall, not publicNetworkAccess Disabled, closes the vault: with a customer-managed key Azure ML creates a Cosmos DB in a Microsoft-managed resource group that reaches the key over the vault's public endpoint; Cosmos DB cannot use a private-endpoint-only vault and is not a Key Vault trusted service. Everything in the VNet uses the private endpoint; the IL5 definition 55615ac9 is met by the default Deny.",
      },
      {
        step: 'B',
        what: `"${ROLES.keyVaultCryptoServiceEncryptionUser.name}" on the key for the ${COSMOS_DB_FIRST_PARTY.displayName} service principal (template parameter ${COSMOS_DB_PRINCIPAL_PARAMETER})`,
        why: `Azure ML's managed Cosmos DB wraps its data key with the customer-managed key as this first-party principal (application ID ${COSMOS_DB_FIRST_PARTY.governmentAppId} in Azure Government). Its object ID differs per tenant, so deploy.sh resolves it; the workspace waits for the grant.`,
      },
      {
        step: 'B',
        what: `Key rotation: ${listed(keyConsumers(spec).filter((k) => k.follows).map((k) => k.consumer.toLowerCase()))} follow new key versions; the workspace stays on the version it was created with`,
        why: 'The workspace encryption keyIdentifier is a versioned URI; deploy.sh passes the version an existing workspace already uses, so a re-run after a rotation never moves it. keyVault.key name and size are create-only for the workspace: changing them after the first deployment does not re-key it.',
      },
      {
        step: 'B',
        what: `Key ${n.key}: RSA-HSM ${spec.keyVault.key.size} bits, rotated after ${rot.rotateAfter}, versions expire after ${rot.expiresAfter}, notice ${rot.notifyBefore} before expiry`,
        why: `The one customer-managed key for storage, registry${spec.jumpBox.enabled ? ', workspace (and the Cosmos DB, AI Search and storage Azure ML manages for it) and the jump box disk' : ' and workspace (and the Cosmos DB, AI Search and storage Azure ML manages for it)'}.`,
      },
      {
        step: 'B',
        what: `User-assigned identity ${n.identity} with "${ROLES.keyVaultCryptoServiceEncryptionUser.name}" on the key`,
        why: 'Customer-managed keys chosen at creation need a user-assigned identity; the role grants get, wrap and unwrap on this key only.',
      },
      {
        step: 'B',
        what: localLogAnalytics(spec)
          ? `Log Analytics workspace ${n.logAnalytics} (${spec.monitoring.retentionDays} days); the vault's audit logs (category group "audit": AuditEvent) and metrics go to it`
          : `No local Log Analytics workspace: the vault's audit logs (category group "audit": AuditEvent) and metrics, and every other diagnostic setting, go to ${logAnalyticsDisplayName(spec)} (monitoring.logAnalyticsWorkspaceId)`,
        why: 'IL5 policy "Resource logs in Key Vault should be enabled" (cf820ca0-f99e-4f3e-84fb-66e913812d21).',
      },
      privateLinkScopeOn(spec)
        ? {
            step: 'B',
            what: `${localLogAnalytics(spec) ? `${n.logAnalytics} and ` : ''}${n.appInsights} close public network access for ingestion and query (publicNetworkAccessForIngestion and publicNetworkAccessForQuery Disabled)`,
            why: `monitoring.privateLinkScope is true: ${spec.jumpBox.enabled ? 'compute and the jump box reach' : 'compute reaches'} both through the Azure Monitor private link scope ${monitorNames(spec).scope} (step DNS), so queries work only from inside the VNet${spec.jumpBox.enabled ? ' (the jump box)' : ''}, not from the portal elsewhere; resource logs from Azure services travel on the Azure backbone either way.`,
          }
        : {
            step: 'B',
            what: `${localLogAnalytics(spec) ? `${n.logAnalytics} and ` : ''}${n.appInsights} keep public network access for ingestion and query`,
            why: `Without an Azure Monitor private link scope, closing them would cut off telemetry from ${spec.jumpBox.enabled ? 'compute and the jump box' : 'compute'}; resource logs from Azure services travel on the Azure backbone either way.`,
          },
      ...(localLogAnalytics(spec) ? [{
        step: 'B' as const,
        what: `${n.logAnalytics} requires customer storage for saved queries (forceCmkForQuery)`,
        why: 'IL5 policy fa298e57-9444-42ba-bf04-86e8470e32c7. Saving queries needs a storage account linked for queries (workspaces/linkedStorageAccounts, https://learn.microsoft.com/azure/azure-monitor/logs/private-storage); the plan does not declare one yet.',
      }] : []),
    ],
    deviations: [RUNBOOK_DEVIATIONS.keyVaultRbac, keyRotationDeviation(spec), RUNBOOK_DEVIATIONS.cmkVaultNetwork, RUNBOOK_DEVIATIONS.cosmosDbKeyGrant],
  };
};

/** The key's consumers this plan creates: no disk encryption set without a jump box. */
export function keyConsumers(spec: Spec): KeyConsumer[] {
  return KEY_ROTATION.filter((k) => !k.jumpBoxOnly || spec.jumpBox.enabled);
}

/** The key rotation deviation, naming only the consumers the plan creates. */
function keyRotationDeviation(spec: Spec): Deviation {
  if (spec.jumpBox.enabled) return RUNBOOK_DEVIATIONS.keyRotation;
  const reason = RUNBOOK_DEVIATIONS.keyRotation.reason.replace('Storage, registry and the disk encryption set follow', 'Storage and registry follow');
  if (reason === RUNBOOK_DEVIATIONS.keyRotation.reason) throw new Error('internal: the keyRotation deviation no longer names the disk encryption set where keyRotationDeviation expects it');
  return { ...RUNBOOK_DEVIATIONS.keyRotation, reason };
}

/** "a", "a and b", "a, b and c". */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
