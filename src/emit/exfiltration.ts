import { EXFILTRATION } from '../catalog/network-layout.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { resource, resourceIdExpr } from './arm.js';
import type { SubnetKey } from './attachments.js';
import type { ArmResourceDecl, PlanNote } from './types.js';

/**
 * Data exfiltration mitigation (network.serviceEndpointPolicy; how-to-prevent-data-loss-exfiltration): compute
 * reaches Azure Storage through a Microsoft.Storage service endpoint on Training and Scoring, and a service
 * endpoint policy admits only the storage accounts of this resource group and the storage Azure Machine Learning
 * itself uses (the /services/Azure/MachineLearning alias). Without it the Storage.<region> rule lets compute
 * write to any storage account in the region, and AzureFrontDoor.Frontend stays open either way.
 */
const COMPUTE_SUBNETS: readonly SubnetKey[] = ['training', 'scoring'];
/** The alias Microsoft gives for Azure ML's own storage in a service endpoint policy. */
export const AML_SERVICE_ALIAS = '/services/Azure/MachineLearning';

export function serviceEndpointPolicyResources(spec: Spec): ArmResourceDecl[] {
  if (!spec.network.serviceEndpointPolicy) return [];
  const n = resourceNames(spec);
  return [
    resource(spec, {
      type: 'Microsoft.Network/serviceEndpointPolicies',
      name: n.serviceEndpointPolicy,
      properties: {
        contextualServiceEndpointPolicies: [AML_SERVICE_ALIAS],
        serviceEndpointPolicyDefinitions: [
          {
            name: 'this-resource-group',
            properties: {
              description: 'Storage accounts of this resource group: the workspace storage and its datastores.',
              service: 'Microsoft.Storage',
              serviceResources: ['[resourceGroup().id]'],
            },
          },
          {
            name: 'azure-machine-learning',
            properties: {
              description: 'The storage Azure Machine Learning uses for compute (Microsoft-managed).',
              service: 'Global',
              serviceResources: [AML_SERVICE_ALIAS],
            },
          },
        ],
      },
    }),
  ];
}

/** The service endpoint and policy a compute subnet carries with network.serviceEndpointPolicy. */
export function subnetServiceEndpoints(spec: Spec, key: SubnetKey): Record<string, unknown> {
  if (!spec.network.serviceEndpointPolicy || !COMPUTE_SUBNETS.includes(key)) return {};
  const n = resourceNames(spec);
  return {
    serviceEndpoints: [{ service: 'Microsoft.Storage', locations: [spec.region] }],
    serviceEndpointPolicies: [{ id: resourceIdExpr('Microsoft.Network/serviceEndpointPolicies', n.serviceEndpointPolicy) }],
  };
}

/** plan.md: what the policy closes, or what the default leaves open. */
export function exfiltrationNote(spec: Spec): PlanNote {
  return spec.network.serviceEndpointPolicy
    ? {
        step: 'D',
        what: `Service endpoint policy ${resourceNames(spec).serviceEndpointPolicy} on Training and Scoring: Azure Storage only in this resource group and Azure ML's own (${AML_SERVICE_ALIAS}); AzureFrontDoor.Frontend stays open`,
        why: `Storage and AzureFrontDoor.Frontend are the exfiltration paths Microsoft names (${EXFILTRATION.url}); the policy closes the first.`,
      }
    : {
        step: 'D',
        what: 'Exfiltration left open by default: compute may write to any storage account in the region (Storage.<region>) and reach AzureFrontDoor.Frontend',
        why: `Microsoft names both as exfiltration paths (${EXFILTRATION.url}); set network.serviceEndpointPolicy to admit only this resource group's storage and Azure ML's.`,
      };
}
