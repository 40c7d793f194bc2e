import { isUnknown } from '../../core/unknown.js';
import { notApplicable, typeIs } from '../cond.js';
import { examples, ids } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import { approvedConnections } from '../private-link.js';
import type { BaselineRule } from '../types.js';

const GUID = 'e8eef0a8-67cf-4eb4-9386-14b0e78733d4';

/**
 * Mirrors "Container registries should use private link" (v1.0.1, Audit): count of
 * privateEndpointConnections[*] with status Approved less than 1 is NonCompliant, counting the
 * connections the input's private endpoints will create (src/baseline/private-link.ts).
 */
export const rule: BaselineRule = {
  id: 'IL5-ACR-003',
  name: 'IL5.ContainerRegistry.PrivateLink',
  synopsis: 'Container registries are reached through an approved private endpoint.',
  rationale:
    'The compute cluster pulls images through the registry private endpoint in the Training subnet; without it, pulls leave the virtual network.',
  severity: 'high',
  runbookStep: 'C',
  controls: ['AC-4', 'AC-17', 'AC-17(1)', 'SC-7', 'SC-7(3)'],
  resourceTypes: ['Microsoft.ContainerRegistry/registries'],
  reads: ['Microsoft.Network/privateEndpoints', 'Microsoft.ContainerRegistry/registries/privateEndpointConnections'],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'network.subnets.training',
    property: 'Microsoft.Network/privateEndpoints targeting the registry',
    text: 'Add a private endpoint (groupIds registry) whose privateLinkServiceConnections name the registry; the plan creates it in the Training subnet.',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/container-registry/container-registry-private-link', IL5_INITIATIVE_URL],
  example: [examples.registry(), examples.privateEndpoint('pe-cril5ml', ids.registry, 'registry')],
  evaluate(r, all) {
    if (!typeIs(r, 'Microsoft.ContainerRegistry/registries')) return notApplicable(r, 'a container registry');
    const c = approvedConnections(r, all);
    if (isUnknown(c.v)) return { compliance: 'Unknown', reason: c.why };
    return { compliance: c.v ? 'Compliant' : 'NonCompliant', reason: c.why };
  },
};
