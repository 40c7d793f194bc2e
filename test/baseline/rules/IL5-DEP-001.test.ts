import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-DEP-001.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Sources: learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys (Azure ML's managed Cosmos DB
// encrypts with the key); azure/cosmos-db/how-to-setup-customer-managed-keys (no private-endpoint-only vault);
// azure/key-vault/general/overview-vnet-service-endpoints (Cosmos DB is not a trusted service).
const [open] = rule.example;
const kv = open ?? examples.keyVault();
const ws = examples.workspace();
const noCmk = set(ws, 'properties.encryption.status', 'Disabled');
describe('IL5-DEP-001 IL5.MachineLearning.CmkVaultReachable', () => {
  table(rule, [
    { name: 'Enabled, Deny, bypass AzureServices', resource: kv, others: [ws], expect: 'Compliant', source: 'issue 9 section 1', reason: 'kv-il5ml holds the customer-managed key of mlw-il5ml and keeps its public endpoint behind its firewall (default Deny, bypass AzureServices)' },
    { name: 'bypass listed with another value', resource: set(kv, 'properties.networkAcls.bypass', 'Logging, AzureServices'), others: [ws], expect: 'Compliant', source: 'bypass is a comma-separated flag list', reason: 'kv-il5ml holds the customer-managed key of mlw-il5ml and keeps its public endpoint behind its firewall (default Deny, bypass AzureServices)' },
    { name: 'private-only (publicNetworkAccess Disabled)', resource: examples.keyVault(), others: [ws], expect: 'NonCompliant', source: 'Cosmos DB cannot use a private-only vault', reason: "kv-il5ml holds the customer-managed key of mlw-il5ml but has publicNetworkAccess Disabled: Azure ML's managed Cosmos DB cannot reach the key" },
    { name: 'Deny without bypass', resource: set(kv, 'properties.networkAcls.bypass', 'None'), others: [ws], expect: 'NonCompliant', source: 'trusted path closed', reason: 'kv-il5ml holds the customer-managed key of mlw-il5ml and denies by default without bypass AzureServices' },
    { name: 'no workspace uses the vault', resource: examples.keyVault(), expect: 'NotApplicable', source: 'not a CMK vault of Azure ML', reason: 'no Azure ML workspace in the input encrypts with a key in kv-il5ml' },
    { name: 'workspace encryption disabled', resource: examples.keyVault(), others: [noCmk], expect: 'NotApplicable', source: 'no CMK', reason: 'no Azure ML workspace in the input encrypts with a key in kv-il5ml' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a key vault' },
    { name: 'unknown access', resource: set(kv, 'properties.publicNetworkAccess', new Unknown('x')), others: [ws], expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.publicNetworkAccess is unknown until deployment (x)' },
  ]);
});
