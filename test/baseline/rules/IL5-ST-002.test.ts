import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ST-002.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition 4733ea7b-a883-42fe-8cac-97454c2a9e4a (v1.0.0).
const st = examples.storage();
describe('IL5-ST-002 IL5.Storage.InfrastructureEncryption', () => {
  table(rule, [
    { name: 'infrastructure encryption on', resource: st, expect: 'Compliant', source: 'requireInfrastructureEncryption equals true', reason: 'properties.encryption.requireInfrastructureEncryption = true' },
    { name: 'off', resource: set(st, 'properties.encryption.requireInfrastructureEncryption', false), expect: 'NonCompliant', source: 'notEquals "true"', reason: 'properties.encryption.requireInfrastructureEncryption = false' },
    { name: 'missing', resource: set(st, 'properties.encryption', undefined), expect: 'NonCompliant', source: 'a missing field notEquals everything', reason: 'properties.encryption.requireInfrastructureEncryption is missing' },
    { name: 'text "TRUE" (case)', resource: set(st, 'properties.encryption.requireInfrastructureEncryption', 'TRUE'), expect: 'Compliant', source: 'comparisons are case-insensitive', reason: "properties.encryption.requireInfrastructureEncryption = 'TRUE'" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type condition', reason: 'Microsoft.Network/publicIPAddresses is not a storage account' },
    { name: 'encryption block unknown', resource: set(st, 'properties.encryption', new Unknown('variables from reference()')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.encryption.requireInfrastructureEncryption is unknown until deployment (variables from reference())' },
  ]);
});
