import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ST-009.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { set, table } from '../table.js';

// Expected verdicts follow the `if` of definition b5ec538c-daa0-4006-8596-35468b9148e8 (v1.0.0).
const es = examples.encryptionScope();
describe('IL5-ST-009 IL5.Storage.EncryptionScopeCustomerKey', () => {
  table(rule, [
    { name: 'Key Vault source', resource: es, expect: 'Compliant', source: 'source equals Microsoft.Keyvault', reason: "properties.source = 'Microsoft.KeyVault'" },
    { name: 'Microsoft.Storage source', resource: set(es, 'properties.source', 'Microsoft.Storage'), expect: 'NonCompliant', source: 'notEquals', reason: "properties.source = 'Microsoft.Storage'" },
    { name: 'source missing', resource: set(es, 'properties.source', undefined), expect: 'NonCompliant', source: 'missing notEquals everything', reason: 'properties.source is missing' },
    { name: 'storage account itself', resource: examples.storage(), expect: 'NotApplicable', source: 'type condition', reason: 'Microsoft.Storage/storageAccounts is not a storage encryption scope' },
    { name: 'unknown source', resource: set(es, 'properties.source', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.source is unknown until deployment (x)' },
  ]);
});
