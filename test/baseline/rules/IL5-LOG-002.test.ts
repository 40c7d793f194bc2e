import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-LOG-002.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition 1f68a601-6e6d-4e42-babf-3f643a047ea2.
const c = examples.logCluster();
const kvp = 'properties.keyVaultProperties';
describe('IL5-LOG-002 IL5.Monitor.ClusterCustomerManagedKey', () => {
  table(rule, [
    { name: 'uri, name and empty version', resource: c, expect: 'Compliant', source: 'no branch holds; keyVersion "" exists', reason: `${kvp}.keyVaultUri = 'https://kv-il5ml.vault.usgovcloudapi.net/'; ${kvp}.keyName = 'il5ml-cmk'; ${kvp}.keyVersion = ''` },
    { name: 'empty key name', resource: set(c, `${kvp}.keyName`, ''), expect: 'NonCompliant', source: 'keyName equals ""', reason: `${kvp}.keyName = ''` },
    { name: 'no keyVaultProperties', resource: set(c, kvp, undefined), expect: 'NonCompliant', source: 'keyVaultUri exists false', reason: `${kvp}.keyVaultUri is missing` },
    { name: 'no keyVersion', resource: set(c, `${kvp}.keyVersion`, undefined), expect: 'NonCompliant', source: 'not(keyVersion exists)', reason: `${kvp}.keyVersion is missing` },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a Log Analytics cluster' },
    { name: 'unknown uri', resource: set(c, `${kvp}.keyVaultUri`, new Unknown('reference(kv).vaultUri')), expect: 'Unknown', source: 'deciding field unknown', reason: `${kvp}.keyVaultUri is unknown until deployment (reference(kv).vaultUri)` },
  ]);
});
