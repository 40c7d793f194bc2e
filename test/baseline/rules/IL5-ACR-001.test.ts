import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ACR-001.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition 5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580 (v1.1.2).
const cr = examples.registry();
describe('IL5-ACR-001 IL5.ContainerRegistry.CustomerManagedKey', () => {
  table(rule, [
    { name: 'encryption enabled', resource: cr, expect: 'Compliant', source: 'status equals enabled', reason: "properties.encryption.status = 'enabled'" },
    { name: 'encryption disabled', resource: set(cr, 'properties.encryption.status', 'disabled'), expect: 'NonCompliant', source: 'notEquals enabled', reason: "properties.encryption.status = 'disabled'" },
    { name: 'no encryption block', resource: set(cr, 'properties.encryption', undefined), expect: 'NonCompliant', source: 'missing notEquals', reason: 'properties.encryption.status is missing' },
    { name: 'Enabled (case)', resource: set(cr, 'properties.encryption.status', 'Enabled'), expect: 'Compliant', source: 'case-insensitive', reason: "properties.encryption.status = 'Enabled'" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a container registry' },
    { name: 'unknown', resource: set(cr, 'properties.encryption.status', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.encryption.status is unknown until deployment (x)' },
  ]);
});
