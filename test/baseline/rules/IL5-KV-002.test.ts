import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-KV-002.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition 1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d (v3.1.0).
const kv = examples.keyVault();
describe('IL5-KV-002 IL5.KeyVault.SoftDelete', () => {
  table(rule, [
    { name: 'soft delete on', resource: kv, expect: 'Compliant', source: 'enableSoftDelete neither false nor missing', reason: 'properties.enableSoftDelete = true' },
    { name: 'soft delete off', resource: set(kv, 'properties.enableSoftDelete', false), expect: 'NonCompliant', source: 'enableSoftDelete equals "false"', reason: 'properties.enableSoftDelete = false' },
    { name: 'soft delete missing', resource: set(kv, 'properties.enableSoftDelete', undefined), expect: 'NonCompliant', source: 'enableSoftDelete exists "false"', reason: 'properties.enableSoftDelete is missing' },
    { name: 'createMode Recover (case)', resource: set(set(kv, 'properties.createMode', 'Recover'), 'properties.enableSoftDelete', false), expect: 'Compliant', source: 'not(createMode equals "recover"), case-insensitive', reason: "properties.createMode = 'Recover'" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type condition', reason: 'Microsoft.Network/publicIPAddresses is not a key vault' },
    { name: 'unknown soft delete', resource: set(kv, 'properties.enableSoftDelete', new Unknown('reference(x)')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.enableSoftDelete is unknown until deployment (reference(x))' },
  ]);
});
