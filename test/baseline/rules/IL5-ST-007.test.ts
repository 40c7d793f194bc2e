import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ST-007.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition bf045164-79ba-4215-8f95-f8048dc1780b (v1.0.0).
const st = examples.storage();
describe('IL5-ST-007 IL5.Storage.GeoRedundant', () => {
  table(rule, [
    { name: 'GZRS', resource: st, expect: 'Compliant', source: 'sku.name in the list', reason: "sku.name = 'Standard_GZRS'" },
    { name: 'ZRS', resource: set(st, 'sku.name', 'Standard_ZRS'), expect: 'NonCompliant', source: 'not in the list', reason: "sku.name = 'Standard_ZRS'" },
    { name: 'no sku', resource: set(st, 'sku', undefined), expect: 'NonCompliant', source: 'missing is in no list', reason: 'sku.name is missing' },
    { name: 'standard_ragrs lower case', resource: set(st, 'sku.name', 'standard_ragrs'), expect: 'Compliant', source: 'in is case-insensitive', reason: "sku.name = 'standard_ragrs'" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type condition', reason: 'Microsoft.Network/publicIPAddresses is not a storage account' },
    { name: 'sku from a parameter without value', resource: set(st, 'sku.name', new Unknown("parameter 'sku' has no value")), expect: 'Unknown', source: 'deciding field unknown', reason: "sku.name is unknown until deployment (parameter 'sku' has no value)" },
  ]);
});
