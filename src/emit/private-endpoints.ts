import { workloadDnsZones, type PrivateDnsZoneFact } from '../catalog/dns-zones.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { resource, resourceIdExpr } from './arm.js';
// A cycle (monitoring.ts uses privateEndpointResource); both sides only call each other inside functions.
import { monitorPrivateEndpoint } from './monitoring.js';
import { subnetIdExpr } from './network.js';
import type { ArmResourceDecl, RunbookStep } from './types.js';

/**
 * The private endpoints of the plan: one source for the steps that create them (B, C) and for the DNS
 * step that gives each its zone group. All sit in the PrivateEndpoints subnet (the runbook put them in
 * Training; NETWORK_DEVIATIONS.privateEndpointSubnet).
 */
export interface PrivateEndpointSpec {
  step: RunbookStep;
  name: string;
  targetType: string;
  targetName: string;
  groupId: string;
  zones: readonly PrivateDnsZoneFact[];
  /** Resources the endpoint waits for besides its VNet and target (the AMPLS endpoint: the scoped resources). */
  waitFor?: readonly string[];
}

function zonesFor(keys: readonly PrivateDnsZoneFact['key'][]): PrivateDnsZoneFact[] {
  return keys.map((k) => {
    const z = workloadDnsZones(true).find((f) => f.key === k);
    if (!z) throw new Error(`internal: no private DNS zone ${k} in src/catalog/dns-zones.ts`);
    return z;
  });
}

/** Every private endpoint of the plan; the Azure Monitor one only with monitoring.privateLinkScope. */
export function privateEndpoints(spec: Spec): PrivateEndpointSpec[] {
  const monitor = monitorPrivateEndpoint(spec);
  return [...workloadPrivateEndpoints(spec), ...(monitor ? [monitor] : [])];
}

function workloadPrivateEndpoints(spec: Spec): PrivateEndpointSpec[] {
  const n = resourceNames(spec);
  return [
    { step: 'B', name: n.peKeyVault, targetType: 'Microsoft.KeyVault/vaults', targetName: n.keyVault, groupId: 'vault', zones: zonesFor(['keyVault']) },
    { step: 'C', name: n.peStorageBlob, targetType: 'Microsoft.Storage/storageAccounts', targetName: n.storage, groupId: 'blob', zones: zonesFor(['blob']) },
    { step: 'C', name: n.peStorageFile, targetType: 'Microsoft.Storage/storageAccounts', targetName: n.storage, groupId: 'file', zones: zonesFor(['file']) },
    // Step F: the runbook's "one storage account may have separate private endpoint for blob, file, and dfs".
    { step: 'F', name: n.peStorageDfs, targetType: 'Microsoft.Storage/storageAccounts', targetName: n.storage, groupId: 'dfs', zones: zonesFor(['dfs']) },
    // storage.queueAndTablePrivateEndpoints: batch endpoints and ParallelRunStep need queue and table too
    // (how-to-secure-batch-endpoint: "Batch deployments require all the 4 to properly work").
    ...(spec.storage.queueAndTablePrivateEndpoints
      ? ([
          { step: 'C', name: n.peStorageQueue, targetType: 'Microsoft.Storage/storageAccounts', targetName: n.storage, groupId: 'queue', zones: zonesFor(['queue']) },
          { step: 'C', name: n.peStorageTable, targetType: 'Microsoft.Storage/storageAccounts', targetName: n.storage, groupId: 'table', zones: zonesFor(['table']) },
        ] satisfies PrivateEndpointSpec[])
      : []),
    { step: 'C', name: n.peRegistry, targetType: 'Microsoft.ContainerRegistry/registries', targetName: n.registry, groupId: 'registry', zones: zonesFor(['registry']) },
    {
      step: 'C',
      name: n.peWorkspace,
      targetType: 'Microsoft.MachineLearningServices/workspaces',
      targetName: n.workspace,
      groupId: 'amlworkspace',
      zones: zonesFor(['amlWorkspace', 'amlNotebooks']),
    },
  ];
}

export function privateEndpointFor(spec: Spec, name: string): PrivateEndpointSpec {
  const pe = privateEndpoints(spec).find((p) => p.name === name);
  if (!pe) throw new Error(`internal: no private endpoint ${name}`);
  return pe;
}

/** The Microsoft.Network/privateEndpoints resource; its zone group comes from the DNS step. */
export function privateEndpointResource(spec: Spec, pe: PrivateEndpointSpec): ArmResourceDecl {
  const target = resourceIdExpr(pe.targetType, pe.targetName);
  return resource(spec, {
    type: 'Microsoft.Network/privateEndpoints',
    name: pe.name,
    properties: {
      // A readable NIC name instead of the generated "<pe>.nic.<guid>".
      customNetworkInterfaceName: `${pe.name}-nic`,
      subnet: { id: subnetIdExpr(spec, 'privateEndpoints') },
      privateLinkServiceConnections: [{ name: pe.name, properties: { privateLinkServiceId: target, groupIds: [pe.groupId] } }],
    },
    dependsOn: [resourceIdExpr('Microsoft.Network/virtualNetworks', resourceNames(spec).vnet), target, ...(pe.waitFor ?? [])],
  });
}
