import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ST-005.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition 6fac406b-40ca-413b-bf8e-0bf964659c25 (v1.0.3).
const st = examples.storage();
describe('IL5-ST-005 IL5.Storage.CustomerManagedKey', () => {
  table(rule, [
    { name: 'Key Vault key', resource: st, expect: 'Compliant', source: 'keySource equals Microsoft.Keyvault', reason: "properties.encryption.keySource = 'Microsoft.Keyvault'" },
    { name: 'Microsoft-managed key', resource: set(st, 'properties.encryption.keySource', 'Microsoft.Storage'), expect: 'NonCompliant', source: 'not(keySource equals Microsoft.Keyvault)', reason: "properties.encryption.keySource = 'Microsoft.Storage'" },
    { name: 'keySource missing', resource: set(st, 'properties.encryption.keySource', undefined), expect: 'NonCompliant', source: 'missing equals nothing', reason: 'properties.encryption.keySource is missing' },
    { name: 'Microsoft.KeyVault spelled with capital V', resource: set(st, 'properties.encryption.keySource', 'Microsoft.KeyVault'), expect: 'Compliant', source: 'case-insensitive', reason: "properties.encryption.keySource = 'Microsoft.KeyVault'" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type condition', reason: 'Microsoft.Network/publicIPAddresses is not a storage account' },
    { name: 'unknown', resource: set(st, 'properties.encryption.keySource', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.encryption.keySource is unknown until deployment (x)' },
  ]);
});
