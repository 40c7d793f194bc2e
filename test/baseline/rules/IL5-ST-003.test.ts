import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ST-003.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition 34c877ad-507e-4c82-993e-3452a6e0ad3c (v1.1.1).
const st = examples.storage();
describe('IL5-ST-003 IL5.Storage.NetworkDefaultDeny', () => {
  table(rule, [
    { name: 'default deny', resource: st, expect: 'Compliant', source: 'defaultAction equals Deny', reason: "properties.networkAcls.defaultAction = 'Deny'" },
    { name: 'default allow', resource: set(st, 'properties.networkAcls.defaultAction', 'Allow'), expect: 'NonCompliant', source: 'notEquals Deny', reason: "properties.networkAcls.defaultAction = 'Allow'" },
    { name: 'no networkAcls (Azure defaults to Allow)', resource: set(st, 'properties.networkAcls', undefined), expect: 'NonCompliant', source: 'missing notEquals Deny', reason: 'properties.networkAcls.defaultAction is missing' },
    { name: 'deny in lower case', resource: set(st, 'properties.networkAcls.defaultAction', 'deny'), expect: 'Compliant', source: 'case-insensitive', reason: "properties.networkAcls.defaultAction = 'deny'" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type condition', reason: 'Microsoft.Network/publicIPAddresses is not a storage account' },
    { name: 'unknown action', resource: set(st, 'properties.networkAcls.defaultAction', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.networkAcls.defaultAction is unknown until deployment (x)' },
  ]);
});
