import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-DISK-001.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition ca91455f-eace-4f96-be59-e6e2c35b4816 (v1.0.0).
const des = examples.diskEncryptionSet();
describe('IL5-DISK-001 IL5.Disk.DoubleEncryption', () => {
  table(rule, [
    { name: 'platform and customer keys', resource: des, expect: 'Compliant', source: 'equals', reason: "properties.encryptionType = 'EncryptionAtRestWithPlatformAndCustomerKeys'" },
    { name: 'customer key only', resource: set(des, 'properties.encryptionType', 'EncryptionAtRestWithCustomerKey'), expect: 'NonCompliant', source: 'notEquals', reason: "properties.encryptionType = 'EncryptionAtRestWithCustomerKey'" },
    { name: 'encryptionType missing', resource: set(des, 'properties.encryptionType', undefined), expect: 'NonCompliant', source: 'missing notEquals', reason: 'properties.encryptionType is missing' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a disk encryption set' },
    { name: 'unknown', resource: set(des, 'properties.encryptionType', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.encryptionType is unknown until deployment (x)' },
  ]);
});
