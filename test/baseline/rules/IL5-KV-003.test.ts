import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-KV-003.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition 55615ac9-af46-4a59-874e-391cc3dfb490 (v1.5.0) with the
// IL5 set's parameters (restrictIPAddresses 'No').
const kv = examples.keyVault();
const open = set(set(kv, 'properties.publicNetworkAccess', 'Enabled'), 'properties.networkAcls.defaultAction', 'Allow');
describe('IL5-KV-003 IL5.KeyVault.NetworkAccess', () => {
  table(rule, [
    { name: 'firewall deny and public access disabled', resource: kv, expect: 'Compliant', source: 'defaultAction notEquals Deny fails', reason: "properties.networkAcls.defaultAction = 'Deny'" },
    { name: 'public and allow', resource: open, expect: 'NonCompliant', source: 'every condition holds', reason: "properties.networkAcls.defaultAction = 'Allow'; properties.publicNetworkAccess = 'Enabled'" },
    { name: 'no networkAcls, public access disabled', resource: set(kv, 'properties.networkAcls', undefined), expect: 'Compliant', source: 'publicNetworkAccess notEquals Disabled fails at API >= 2021-06-01-preview', reason: "apiVersion '2023-07-01' is not before '2021-06-01-preview'; properties.publicNetworkAccess = 'Disabled'" },
    { name: 'no networkAcls on an old API', resource: set(set(kv, 'properties.networkAcls', undefined), 'apiVersion', '2019-09-01'), expect: 'NonCompliant', source: 'apiVersion less 2021-06-01-preview', reason: "properties.networkAcls.defaultAction is missing; apiVersion '2019-09-01' is before '2021-06-01-preview'" },
    { name: 'firewall allow but public access disabled', resource: set(kv, 'properties.networkAcls.defaultAction', 'Allow'), expect: 'Compliant', source: 'publicNetworkAccess notEquals Disabled fails', reason: "apiVersion '2023-07-01' is not before '2021-06-01-preview'; properties.publicNetworkAccess = 'Disabled'" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type condition', reason: 'Microsoft.Network/publicIPAddresses is not a key vault' },
    { name: 'public access from a parameter, firewall allow', resource: set(set(kv, 'properties.networkAcls.defaultAction', 'Allow'), 'properties.publicNetworkAccess', new Unknown("parameter 'pna' has no value")), expect: 'Unknown', source: 'deciding field unknown', reason: "properties.publicNetworkAccess is unknown until deployment (parameter 'pna' has no value)" },
  ]);
});
