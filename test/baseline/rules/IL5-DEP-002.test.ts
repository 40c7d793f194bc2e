import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-DEP-002.js';
import { examples, ids } from '../../../src/baseline/examples.js';
import { otherType, table } from '../table.js';

// Sources: learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet (compute provisions through the
// workspace private endpoint and its DNS); ARM deploys a resource after its whole dependsOn closure.
const pe = examples.privateEndpoint('pe-mlw', ids.workspace, 'amlworkspace');
const zg = examples.zoneGroup('pe-mlw', 'privatelink.api.ml.azure.us');
const compute = examples.compute();
const withDeps = (deps: string[]) => ({ ...compute, dependsOn: deps });
const middle = { ...examples.routeTable(), dependsOn: [pe.id, zg.id] };
describe('IL5-DEP-002 IL5.MachineLearning.ComputeWaitsForWorkspaceEndpoint', () => {
  table(rule, [
    { name: 'waits for endpoint and zone group', resource: withDeps([ids.workspace, pe.id, zg.id]), others: [pe, zg], expect: 'Compliant', source: 'issue 9 section 3', reason: "mlw-il5ml/cpu-cluster waits for the workspace's 1 private endpoint(s) and their zone groups" },
    { name: 'waits through another resource', resource: withDeps([middle.id]), others: [pe, zg, middle], expect: 'Compliant', source: 'dependsOn closure', reason: "mlw-il5ml/cpu-cluster waits for the workspace's 1 private endpoint(s) and their zone groups" },
    { name: 'waits for the workspace only', resource: withDeps([ids.workspace]), others: [pe, zg], expect: 'NonCompliant', source: 'created before the endpoint', reason: 'mlw-il5ml/cpu-cluster does not wait for Microsoft.Network/privateEndpoints/pe-mlw, Microsoft.Network/privateEndpoints/pe-mlw/privateDnsZoneGroups/default' },
    { name: 'endpoint but not its zone group', resource: withDeps([pe.id]), others: [pe, zg], expect: 'NonCompliant', source: 'DNS not yet registered', reason: 'mlw-il5ml/cpu-cluster does not wait for Microsoft.Network/privateEndpoints/pe-mlw/privateDnsZoneGroups/default' },
    { name: 'declared with no dependsOn at all', resource: { ...compute, source: { file: 't.json', line: 1, column: 1 } }, others: [pe, zg], expect: 'NonCompliant', source: 'template without order', reason: 'mlw-il5ml/cpu-cluster does not wait for Microsoft.Network/privateEndpoints/pe-mlw, Microsoft.Network/privateEndpoints/pe-mlw/privateDnsZoneGroups/default' },
    { name: 'exported from Azure (no template)', resource: compute, others: [pe, zg], expect: 'NotApplicable', source: 'no order to judge', reason: 'mlw-il5ml/cpu-cluster did not come from a template: deployment order applies to templates only' },
    { name: 'workspace without private endpoint', resource: withDeps([ids.workspace]), expect: 'NotApplicable', source: 'nothing to wait for', reason: 'the input declares no private endpoint of workspace mlw-il5ml' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not an Azure ML compute' },
  ], { noUnknown: 'the rule reads only which resources the input declares and their dependsOn, which are known in a template' });
});
