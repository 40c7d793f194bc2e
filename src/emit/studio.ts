import { DEFAULT_DATASTORES } from '../catalog/aml-deployment.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { displayName, expr, lit, referenceFragment, resource, resourceIdFragment, roleDefinitionIdExpr } from './arm.js';
import { ROLES, type BuiltInRole } from './roles.js';
import { workspaceIdExpr } from './workspace.js';
import { privateEndpointFor, privateEndpointResource } from './private-endpoints.js';
import type { ArmResourceDecl, EmitFragment, Emitter } from './types.js';

/** The workspace's system-assigned identity: "the service principal for the workspace" of the runbook. */
function workspacePrincipalId(spec: Spec): string {
  return expr(`${referenceFragment('Microsoft.MachineLearningServices/workspaces', [resourceNames(spec).workspace], true)}.identity.principalId`);
}

function workspaceRole(spec: Spec, scopeType: string, scopeName: string, role: BuiltInRole): ArmResourceDecl {
  const n = resourceNames(spec);
  const scope = resourceIdFragment(scopeType, scopeName);
  return resource(spec, {
    type: 'Microsoft.Authorization/roleAssignments',
    name: expr(`guid(${scope}, ${resourceIdFragment('Microsoft.MachineLearningServices/workspaces', n.workspace)}, ${lit(role.guid)})`),
    location: 'none',
    scope: expr(scope),
    properties: {
      roleDefinitionId: roleDefinitionIdExpr(role.guid),
      principalId: workspacePrincipalId(spec),
      principalType: 'ServicePrincipal',
      description: `${n.workspace}: ${role.why}`,
    },
    dependsOn: [workspaceIdExpr(spec), expr(scope)],
  });
}

/**
 * Step F: what studio needs to work with data behind the VNet. The runbook grants the workspace identity
 * Reader on each storage private endpoint and turns on identity-based access to the default datastores;
 * the storage account's resource instance rule for the workspace is declared with the account (step C).
 */
export const studioEmitter: Emitter = (spec: Spec): EmitFragment => {
  const n = resourceNames(spec);
  const resources = [
    // The dfs endpoint: integrated notebooks reach <storage>.dfs.core.usgovcloudapi.net (Government tab), which
    // with public access off answers only through a private endpoint.
    privateEndpointResource(spec, privateEndpointFor(spec, n.peStorageDfs)),
    workspaceRole(spec, 'Microsoft.Network/privateEndpoints', n.peStorageBlob, ROLES.reader),
    workspaceRole(spec, 'Microsoft.Network/privateEndpoints', n.peStorageFile, ROLES.reader),
    workspaceRole(spec, 'Microsoft.Network/privateEndpoints', n.peStorageDfs, ROLES.reader),
    workspaceRole(spec, 'Microsoft.Storage/storageAccounts', n.storage, ROLES.storageBlobDataReader),
  ];
  return {
    step: 'F',
    resources,
    notes: [
      {
        step: 'F',
        what: `Storage private endpoint ${n.peStorageDfs} (dfs) in PrivateEndpoints, registered in privatelink.dfs.core.usgovcloudapi.net`,
        why: 'Integrated notebooks use the storage\'s Data Lake endpoint (Government hosts: <storage>.dfs.core.usgovcloudapi.net); with public access off it is reachable only this way, so the firewall\'s dfs rule is not a dead end.',
      },
      {
        step: 'F',
        what: `Workspace identity ${n.workspace}: "${ROLES.reader.name}" on ${n.peStorageBlob}, ${n.peStorageFile} and ${n.peStorageDfs}`,
        why: 'Studio validates access to storage through its private endpoints (runbook step F, 2: "Add the managed identity to all these endpoints").',
      },
      {
        step: 'F',
        what: `Workspace identity: "${ROLES.storageBlobDataReader.name}" on ${displayName(n.storage)}, and a resource instance rule for the workspace on the storage firewall`,
        why: `Identity-based data access, so studio can preview and profile data (runbook step F, 1 and 4). Choose "use workspace managed identity" on each default datastore in studio (step F, 3). Datastores are template resources (Microsoft.MachineLearningServices/workspaces/datastores, GA 2025-04-01; an Azure Blob datastore takes identity-based access, credentials None: ${DEFAULT_DATASTORES.source.url}), but the plan does not redeclare the two defaults: Azure ML creates workspaceblobstore and workspacefilestore with the workspace, on containers named after the workspace ID, and a second declaration would race that creation.`,
      },
    ],
    deviations: [],
  };
};
