import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ST-008.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition 37e0d2fe-28a5-43d6-a273-67d37d1f5606 (v1.0.0).
const st = examples.storage();
describe('IL5-ST-008 IL5.Storage.ResourceManager', () => {
  table(rule, [
    { name: 'Resource Manager account', resource: st, expect: 'Compliant', source: "field('type') equals ClassicStorage fails", reason: "type = 'Microsoft.Storage/storageAccounts'" },
    { name: 'classic account', resource: set(st, 'type', 'Microsoft.ClassicStorage/storageAccounts'), expect: 'NonCompliant', source: 'type is classic', reason: "type = 'Microsoft.ClassicStorage/storageAccounts' (classic)" },
    { name: 'type in lower case', resource: set(st, 'type', 'microsoft.storage/storageaccounts'), expect: 'Compliant', source: 'type comparison case-insensitive', reason: "type = 'microsoft.storage/storageaccounts'" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type in [...] fails', reason: 'Microsoft.Network/publicIPAddresses is not a storage account' },
    { name: 'the type is never unknown, an Unknown property does not matter', resource: set(st, 'properties', new Unknown('x')), expect: 'Compliant', source: 'only the type is read', reason: "type = 'Microsoft.Storage/storageAccounts'" },
  ], { noUnknown: 'the definition reads only the resource type' });
});
