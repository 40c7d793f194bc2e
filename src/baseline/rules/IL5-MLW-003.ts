import { auditVerdict, notApplicable, notEquals, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import type { BaselineRule } from '../types.js';

export const rule: BaselineRule = {
  id: 'IL5-MLW-003',
  name: 'IL5.MachineLearning.PublicNetworkAccessDisabled',
  synopsis: "Azure Machine Learning workspaces turn public network access off (publicNetworkAccess 'Disabled').",
  rationale:
    'A private endpoint alone does not close the public one: with public network access on, the workspace API and studio stay reachable from the internet. The DoD IL5 initiative checks the private endpoint but not this switch.',
  severity: 'high',
  runbookStep: 'C',
  controls: ['AC-4', 'SC-7', 'SC-7(3)'],
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces'],
  reads: [],
  effect: 'audit',
  remediation: {
    specKey: 'posture.publicNetworkAccess',
    property: 'properties.publicNetworkAccess',
    text: "Set properties.publicNetworkAccess to 'Disabled' (posture.publicNetworkAccess: false in the spec); a missing value means Enabled.",
  },
  links: ['https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link#disable-public-access'],
  example: [examples.workspace()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.MachineLearningServices/workspaces')) return notApplicable(r, 'an Azure Machine Learning workspace');
    return auditVerdict(notEquals(r, 'properties.publicNetworkAccess', 'Disabled'));
  },
};
