import { allOf, auditVerdict, anyOf, equals, exists, isIn, not, notApplicable, quiet, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import type { BaselineRule } from '../types.js';

const COMPUTES = 'Microsoft.MachineLearningServices/workspaces/computes';

export const rule: BaselineRule = {
  id: 'IL5-AML-001',
  name: 'IL5.MachineLearning.ComputeNoPublicIp',
  synopsis: 'Compute clusters and compute instances sit in a subnet and have no public IP (enableNodePublicIp false).',
  rationale:
    'Runbook step E: a compute without a public IP has no inbound path from the internet and reaches its dependencies only through private endpoints and the firewall route. A compute outside a subnet runs in a Microsoft-managed network the NSGs and firewall never see. The DoD IL5 initiative has no definition for Azure ML computes.',
  severity: 'high',
  runbookStep: 'E',
  controls: ['SC-7', 'SC-7(3)', 'AC-4'],
  resourceTypes: [COMPUTES],
  reads: [],
  effect: 'audit',
  remediation: {
    specKey: 'compute',
    property: 'properties.properties.enableNodePublicIp',
    text: 'Set properties.properties.subnet.id to the Training subnet and write properties.properties.enableNodePublicIp: false (runbook step E: "In the ARM template set enableNodePublicIp parameter to false").',
  },
  links: [
    'https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet',
    'https://learn.microsoft.com/azure/templates/microsoft.machinelearningservices/workspaces/computes',
  ],
  example: [examples.compute()],
  evaluate(r) {
    if (!typeIs(r, COMPUTES)) return notApplicable(r, 'an Azure Machine Learning compute');
    const kind = isIn(r, 'properties.computeType', ['AmlCompute', 'ComputeInstance']);
    if (kind.v === false) return { compliance: 'NotApplicable', reason: `${kind.why}: only compute clusters and instances run in the workspace's subnet` };
    return auditVerdict(
      allOf(
        quiet(kind),
        anyOf(
          not(exists(r, 'properties.properties.subnet.id')),
          // Left out, the service decides; runbook step E has the template write it as false.
          not(exists(r, 'properties.properties.enableNodePublicIp')),
          equals(r, 'properties.properties.enableNodePublicIp', 'true'),
        ),
      ),
    );
  },
};
