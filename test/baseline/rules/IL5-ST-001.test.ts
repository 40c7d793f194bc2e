import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ST-001.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition 404c3081-a854-4457-ae30-26a93ef643f9 (v2.0.0).
const st = examples.storage();
describe('IL5-ST-001 IL5.Storage.SecureTransfer', () => {
  table(rule, [
    { name: 'HTTPS only', resource: st, expect: 'Compliant', source: 'supportsHttpsTrafficOnly not false', reason: "apiVersion '2023-05-01' is not before '2019-04-01'; properties.supportsHttpsTrafficOnly = true" },
    { name: 'HTTP allowed', resource: set(st, 'properties.supportsHttpsTrafficOnly', false), expect: 'NonCompliant', source: 'supportsHttpsTrafficOnly equals "false"', reason: 'properties.supportsHttpsTrafficOnly = false' },
    { name: 'missing on a current API (default true)', resource: set(st, 'properties.supportsHttpsTrafficOnly', undefined), expect: 'Compliant', source: 'missing only counts before API 2019-04-01', reason: "apiVersion '2023-05-01' is not before '2019-04-01'; properties.supportsHttpsTrafficOnly is missing" },
    { name: 'missing on API 2018-07-01', resource: set(set(st, 'properties.supportsHttpsTrafficOnly', undefined), 'apiVersion', '2018-07-01'), expect: 'NonCompliant', source: 'apiVersion less 2019-04-01 and field missing', reason: "apiVersion '2018-07-01' is before '2019-04-01'; properties.supportsHttpsTrafficOnly is missing" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type condition', reason: 'Microsoft.Network/publicIPAddresses is not a storage account' },
    { name: 'unknown value', resource: set(st, 'properties.supportsHttpsTrafficOnly', new Unknown('secure parameter')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.supportsHttpsTrafficOnly is unknown until deployment (secure parameter)' },
  ]);
});
