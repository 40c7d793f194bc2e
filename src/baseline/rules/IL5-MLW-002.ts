import { isUnknown } from '../../core/unknown.js';
import { notApplicable, typeIs } from '../cond.js';
import { examples, ids } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import { approvedConnections } from '../private-link.js';
import type { BaselineRule } from '../types.js';

const GUID = '45e05259-1eb5-4f70-9574-baf73e9d219b';

/**
 * Mirrors "Azure Machine Learning workspaces should use private link" (v1.0.0, Audit), the definition
 * the current IL5 set references; the runbook names its deprecated predecessor
 * 40cec1dd-a100-4920-b15b-3024fe8901ab, which has the same rule.
 */
export const rule: BaselineRule = {
  id: 'IL5-MLW-002',
  name: 'IL5.MachineLearning.PrivateLink',
  synopsis: 'Azure Machine Learning workspaces are reached through an approved private endpoint.',
  rationale:
    'Runbook step G checks this definition by name. The private endpoint puts the workspace API and notebooks on the virtual network, so the studio and the SDK reach it only from inside (through Bastion and the jump box).',
  severity: 'high',
  runbookStep: 'C',
  controls: ['AC-4', 'AC-17', 'AC-17(1)', 'SC-7', 'SC-7(3)'],
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces'],
  reads: ['Microsoft.Network/privateEndpoints', 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections'],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'network.subnets.training',
    property: 'Microsoft.Network/privateEndpoints targeting the workspace',
    text: 'Add a private endpoint (groupIds amlworkspace) whose privateLinkServiceConnections name the workspace; the plan creates it in the Training subnet.',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link', IL5_INITIATIVE_URL],
  example: [examples.workspace(), examples.privateEndpoint('pe-mlw-il5ml', ids.workspace, 'amlworkspace')],
  evaluate(r, all) {
    if (!typeIs(r, 'Microsoft.MachineLearningServices/workspaces')) return notApplicable(r, 'an Azure Machine Learning workspace');
    const c = approvedConnections(r, all);
    if (isUnknown(c.v)) return { compliance: 'Unknown', reason: c.why };
    return { compliance: c.v ? 'Compliant' : 'NonCompliant', reason: c.why };
  },
};
