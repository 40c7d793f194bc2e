import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-AML-001.js';
import { examples, ids } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Project rule: https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet (no public IP).
const c = examples.compute();
describe('IL5-AML-001 IL5.MachineLearning.ComputeNoPublicIp', () => {
  table(rule, [
    { name: 'cluster in subnet without public IP', resource: c, expect: 'Compliant', source: 'runbook step E', reason: `properties.properties.subnet.id = '${ids.subnet('Training')}'; properties.properties.enableNodePublicIp = false` },
    { name: 'public IP on', resource: set(c, 'properties.properties.enableNodePublicIp', true), expect: 'NonCompliant', source: 'true', reason: 'properties.properties.enableNodePublicIp = true' },
    { name: 'public IP not written', resource: set(c, 'properties.properties.enableNodePublicIp', undefined), expect: 'NonCompliant', source: 'runbook step E writes it false', reason: 'properties.properties.enableNodePublicIp is missing' },
    { name: 'no subnet', resource: set(c, 'properties.properties.subnet', undefined), expect: 'NonCompliant', source: 'outside the virtual network', reason: 'properties.properties.subnet.id is missing' },
    { name: 'attached Kubernetes compute', resource: set(c, 'properties.computeType', 'Kubernetes'), expect: 'NotApplicable', source: 'only clusters and instances', reason: "properties.computeType = 'Kubernetes': only compute clusters and instances run in the workspace's subnet" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not an Azure Machine Learning compute' },
    { name: 'public IP unknown', resource: set(c, 'properties.properties.enableNodePublicIp', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.properties.enableNodePublicIp is unknown until deployment (x)' },
  ]);
});
