import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-DEP-003.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Source: learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication (the compute
// cluster pulls from ACR with its managed identity; ACR without admin user: AcrPull and AcrPush for the cluster).
const [ws, cluster, cr] = rule.example;
const w = ws ?? examples.workspace();
const c = cluster ?? examples.compute();
const r = cr ?? examples.registry();
describe('IL5-DEP-003 IL5.MachineLearning.ImageBuildClusterIdentity', () => {
  table(rule, [
    { name: 'image-build cluster with identity', resource: w, others: [c, r], expect: 'Compliant', source: 'issue 9 section 3', reason: 'mlw-il5ml builds images on mlw-il5ml/cpu-cluster with managed identity UserAssigned' },
    { name: 'image-build cluster without identity', resource: w, others: [set(c, 'identity', undefined), r], expect: 'NonCompliant', source: 'admin off, no identity', reason: 'mlw-il5ml builds images on mlw-il5ml/cpu-cluster, which has no managed identity while the admin user of cril5ml is off' },
    { name: 'identity None', resource: w, others: [set(c, 'identity.type', 'None'), r], expect: 'NonCompliant', source: 'no identity', reason: 'mlw-il5ml builds images on mlw-il5ml/cpu-cluster, which has no managed identity while the admin user of cril5ml is off' },
    { name: 'image-build cluster not declared', resource: w, others: [r], expect: 'NonCompliant', source: 'builds nowhere', reason: 'mlw-il5ml builds images on cpu-cluster, which the input does not declare' },
    { name: 'registry admin user on', resource: w, others: [set(c, 'identity', undefined), set(r, 'properties.adminUserEnabled', true)], expect: 'NotApplicable', source: 'IL5-ACR-004 judges the admin user', reason: 'cril5ml has its admin user on (IL5-ACR-004 judges that)' },
    { name: 'no imageBuildCompute', resource: examples.workspace(), others: [c, r], expect: 'NotApplicable', source: 'no image builds on compute', reason: 'mlw-il5ml builds no images on a cluster (no imageBuildCompute)' },
    { name: 'registry not in the input', resource: w, others: [c], expect: 'NotApplicable', source: 'nothing to relate', reason: 'the container registry of mlw-il5ml is not in the input' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not an Azure ML workspace' },
    { name: 'unknown identity', resource: w, others: [set(c, 'identity.type', new Unknown('x')), r], expect: 'Unknown', source: 'deciding field unknown', reason: 'identity.type of mlw-il5ml/cpu-cluster is unknown until deployment (x)' },
  ]);
});
