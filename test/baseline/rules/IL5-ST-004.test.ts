import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ST-004.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition 2a1a9cdf-e04d-429a-8416-3bfb72a1b26f (v1.0.1).
const st = examples.storage();
describe('IL5-ST-004 IL5.Storage.NoIpRules', () => {
  table(rule, [
    { name: 'deny, no IP rules', resource: st, expect: 'Compliant', source: 'both anyOf branches fail', reason: "properties.networkAcls.defaultAction = 'Deny'; properties.networkAcls.ipRules has 0 entries" },
    { name: 'deny with one IP rule', resource: set(st, 'properties.networkAcls.ipRules', [{ value: '203.0.113.0/24', action: 'Allow' }]), expect: 'NonCompliant', source: 'count ipRules[*] >= 1', reason: 'properties.networkAcls.ipRules has 1 entry' },
    { name: 'deny, ipRules missing', resource: set(st, 'properties.networkAcls.ipRules', undefined), expect: 'Compliant', source: 'count of a missing array is 0', reason: "properties.networkAcls.defaultAction = 'Deny'; properties.networkAcls.ipRules has 0 entries" },
    { name: 'allow', resource: set(st, 'properties.networkAcls.defaultAction', 'Allow'), expect: 'NonCompliant', source: 'defaultAction notEquals Deny', reason: "properties.networkAcls.defaultAction = 'Allow'" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type condition', reason: 'Microsoft.Network/publicIPAddresses is not a storage account' },
    { name: 'ip rules unknown', resource: set(st, 'properties.networkAcls.ipRules', new Unknown('parameter allowedIps has no value')), expect: 'Unknown', source: 'counted array unknown', reason: 'properties.networkAcls.ipRules is unknown until deployment (parameter allowedIps has no value)' },
  ]);
});
