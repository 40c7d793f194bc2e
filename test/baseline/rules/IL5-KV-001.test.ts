import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-KV-001.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition 0b60c0b2-2dc2-4e1c-b5c9-abbed971de53 (v2.1.0).
const kv = examples.keyVault();
describe('IL5-KV-001 IL5.KeyVault.PurgeProtection', () => {
  table(rule, [
    { name: 'soft delete and purge protection on', resource: kv, expect: 'Compliant', source: 'no branch of the anyOf holds',
      reason: "apiVersion '2023-07-01' is not before '2019-09-01'; properties.enableSoftDelete = true; properties.enablePurgeProtection = true" },
    { name: 'purge protection false', resource: set(kv, 'properties.enablePurgeProtection', false), expect: 'NonCompliant', source: 'enablePurgeProtection equals "false"',
      reason: 'properties.enablePurgeProtection = false' },
    { name: 'purge protection missing', resource: set(kv, 'properties.enablePurgeProtection', undefined), expect: 'NonCompliant', source: 'enablePurgeProtection exists "false"',
      reason: 'properties.enablePurgeProtection is missing' },
    { name: 'purge protection as text "False" (case)', resource: set(kv, 'properties.enablePurgeProtection', 'False'), expect: 'NonCompliant', source: 'equals is case-insensitive',
      reason: "properties.enablePurgeProtection = 'False'" },
    { name: 'API before 2019-09-01 without enableSoftDelete', resource: set(set(kv, 'apiVersion', '2018-02-14'), 'properties.enableSoftDelete', undefined), expect: 'NonCompliant', source: 'first branch: apiVersion less 2019-09-01 and enableSoftDelete missing',
      reason: "apiVersion '2018-02-14' is before '2019-09-01'; properties.enableSoftDelete is missing" },
    { name: 'API 2019-09-01 or later without enableSoftDelete', resource: set(kv, 'properties.enableSoftDelete', undefined), expect: 'Compliant', source: 'second branch needs enableSoftDelete equals false; missing is not false',
      reason: "apiVersion '2023-07-01' is not before '2019-09-01'; properties.enableSoftDelete is missing; properties.enablePurgeProtection = true" },
    { name: 'recovering a deleted vault', resource: set(set(kv, 'properties.createMode', 'recover'), 'properties.enablePurgeProtection', false), expect: 'Compliant', source: 'createMode notEquals "recover" fails',
      reason: "properties.createMode = 'recover'" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'field type equals Microsoft.KeyVault/vaults fails',
      reason: 'Microsoft.Network/publicIPAddresses is not a key vault' },
    { name: 'purge protection from a parameter without value', resource: set(kv, 'properties.enablePurgeProtection', new Unknown("parameter 'purge' has no value")), expect: 'Unknown', source: 'the deciding field is unknown before deployment',
      reason: "properties.enablePurgeProtection is unknown until deployment (parameter 'purge' has no value)" },
    { name: 'read from Azure: no API version, both on', resource: set(kv, 'apiVersion', undefined), expect: 'Compliant', source: 'Azure evaluates existing resources at the latest API version',
      reason: "the latest API version (none in the input) is not before '2019-09-01'; properties.enableSoftDelete = true; properties.enablePurgeProtection = true" },
    { name: 'read from Azure: no API version, soft delete missing', resource: set(set(kv, 'apiVersion', undefined), 'properties.enableSoftDelete', undefined), expect: 'Compliant', source: 'the latest API version is not before 2019-09-01, so a missing enableSoftDelete is not a finding',
      reason: "the latest API version (none in the input) is not before '2019-09-01'; properties.enableSoftDelete is missing; properties.enablePurgeProtection = true" },
  ]);
});
