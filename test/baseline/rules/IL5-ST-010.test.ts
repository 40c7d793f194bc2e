import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ST-010.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Project rule: TLS 1.2 minimum, written explicitly (https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-minimum-version).
const st = examples.storage();
describe('IL5-ST-010 IL5.Storage.MinimumTls12', () => {
  table(rule, [
    { name: 'TLS1_2', resource: st, expect: 'Compliant', source: 'allowed value', reason: "properties.minimumTlsVersion = 'TLS1_2'" },
    { name: 'TLS1_0', resource: set(st, 'properties.minimumTlsVersion', 'TLS1_0'), expect: 'NonCompliant', source: 'TLS 1.0 not approved', reason: "properties.minimumTlsVersion = 'TLS1_0'" },
    { name: 'missing', resource: set(st, 'properties.minimumTlsVersion', undefined), expect: 'NonCompliant', source: 'must be explicit', reason: 'properties.minimumTlsVersion is missing' },
    { name: 'TLS1_3', resource: set(st, 'properties.minimumTlsVersion', 'TLS1_3'), expect: 'Compliant', source: 'allowed value', reason: "properties.minimumTlsVersion = 'TLS1_3'" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a storage account' },
    { name: 'unknown', resource: set(st, 'properties.minimumTlsVersion', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.minimumTlsVersion is unknown until deployment (x)' },
  ]);
});
