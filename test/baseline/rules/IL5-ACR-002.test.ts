import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ACR-002.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition d0793b48-0edc-4296-a390-4c75d1bdfd71 (v2.0.0): NonCompliant
// when (defaultAction missing or Allow) and (publicNetworkAccess missing or Enabled).
const cr = examples.registry();
describe('IL5-ACR-002 IL5.ContainerRegistry.NetworkAccess', () => {
  table(rule, [
    { name: 'deny and disabled', resource: cr, expect: 'Compliant', source: 'first allOf member fails', reason: "properties.networkRuleSet.defaultAction = 'Deny'" },
    { name: 'allow and enabled', resource: set(set(cr, 'properties.networkRuleSet.defaultAction', 'Allow'), 'properties.publicNetworkAccess', 'Enabled'), expect: 'NonCompliant', source: 'both hold', reason: "properties.networkRuleSet.defaultAction = 'Allow'; properties.publicNetworkAccess = 'Enabled'" },
    { name: 'nothing set (Standard SKU)', resource: set(set(cr, 'properties.networkRuleSet', undefined), 'properties.publicNetworkAccess', undefined), expect: 'NonCompliant', source: 'both exists false', reason: 'properties.networkRuleSet.defaultAction is missing; properties.publicNetworkAccess is missing' },
    { name: 'allow but public access disabled', resource: set(cr, 'properties.networkRuleSet.defaultAction', 'Allow'), expect: 'Compliant', source: 'publicNetworkAccess Disabled fails the second anyOf', reason: "properties.publicNetworkAccess = 'Disabled'" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a container registry' },
    { name: 'public access unknown, allow', resource: set(set(cr, 'properties.networkRuleSet.defaultAction', 'Allow'), 'properties.publicNetworkAccess', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.publicNetworkAccess is unknown until deployment (x)' },
  ]);
});
