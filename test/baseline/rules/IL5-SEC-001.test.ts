import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-SEC-001.js';
import { examples, ids } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { set, table } from '../table.js';

// Patterns: storage connection strings (AccountKey=), SAS tokens (sig=), PEM private keys, password properties.
const vm = examples.virtualMachine();
describe('IL5-SEC-001 IL5.Template.NoLiteralSecrets', () => {
  table(rule, [
    { name: 'VM without password literal', resource: vm, expect: 'Compliant', source: 'nothing secret-looking', reason: 'no secret-looking literal in properties or tags' },
    { name: 'literal admin password', resource: set(vm, 'properties.osProfile.adminPassword', 'P@ssw0rd1234!'), expect: 'NonCompliant', source: 'password property with literal text', reason: 'properties.osProfile.adminPassword: a literal value in a property named adminPassword' },
    { name: 'admin password from a secure parameter', resource: set(vm, 'properties.osProfile.adminPassword', new Unknown("secure parameter 'adminPassword' has no value")), expect: 'Compliant', source: 'Unknown is where a secret should be', reason: 'no secret-looking literal in properties or tags' },
    { name: 'storage connection string in an app setting', resource: set(vm, 'properties.extra', [{ name: 'STORAGE', value: 'DefaultEndpointsProtocol=https;AccountName=st;AccountKey=abcdefghijklmnopqrstuvwxyz0123456789ABCD==;EndpointSuffix=core.usgovcloudapi.net' }]), expect: 'NonCompliant', source: 'AccountKey=', reason: 'properties.extra[0].value: a storage connection string with an account key' },
    { name: 'SAS token in a tag', resource: set(vm, 'tags', { url: 'https://st.blob.core.usgovcloudapi.net/c?sv=2022-11-02&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789%3D' }), expect: 'NonCompliant', source: 'sig=', reason: 'tags.url: a shared access signature' },
    { name: 'Key Vault reference', resource: set(vm, 'properties.clientSecret', '@Microsoft.KeyVault(SecretUri=https://kv-il5ml.vault.usgovcloudapi.net/secrets/s1/)'), expect: 'Compliant', source: 'a reference is not the secret', reason: 'no secret-looking literal in properties or tags' },
    { name: 'booleans named like secrets are not secrets', resource: set(vm, 'properties.osProfile.linuxConfiguration', { disablePasswordAuthentication: true }), expect: 'Compliant', source: 'only text', reason: 'no secret-looking literal in properties or tags' },
    { name: 'literal Key Vault secret value', resource: { id: `${ids.keyVault}/secrets/s1`, type: 'Microsoft.KeyVault/vaults/secrets', name: 'kv-il5ml/s1', properties: { value: 'hunter2' } }, expect: 'NonCompliant', source: 'a secret resource with its value', reason: 'properties.value: a literal Key Vault secret value' },
  ], {
    noUnknown: 'an Unknown value is the compliant form of a secret; the rule never needs one',
    noNotApplicable: 'every resource can carry a secret',
  });
});
