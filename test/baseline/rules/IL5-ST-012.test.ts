import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ST-012.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Source: how-to-access-azureml-behind-firewall, Azure Government tab, Microsoft hosts: integrated notebooks reach
// <storage>.file, <storage>.dfs and <storage>.blob.core.usgovcloudapi.net.
const [storage, workspace, peBlob, peFile, peDfs] = rule.example;
if (!storage || !workspace || !peBlob || !peFile || !peDfs) throw new Error('IL5-ST-012 example changed shape');

describe('IL5-ST-012 IL5.Storage.NotebookEndpointsPrivate', () => {
  table(rule, [
    { name: 'blob, file and dfs endpoints', resource: storage, others: [workspace, peBlob, peFile, peDfs], expect: 'Compliant', source: 'Government hosts', reason: 'storage of workspace mlw-il5ml has private endpoints for blob, file, dfs' },
    { name: 'no dfs endpoint (the plan before issue 9)', resource: storage, others: [workspace, peBlob, peFile], expect: 'NonCompliant', source: 'dfs unreachable', reason: 'storage of workspace mlw-il5ml, public access disabled, has no private endpoint for dfs' },
    { name: 'no endpoint at all', resource: storage, others: [workspace], expect: 'NonCompliant', source: 'all unreachable', reason: 'storage of workspace mlw-il5ml, public access disabled, has no private endpoint for blob, file, dfs' },
    { name: 'public access enabled', resource: set(storage, 'properties.publicNetworkAccess', 'Enabled'), others: [workspace], expect: 'NotApplicable', source: 'public endpoints answer', reason: 'public network access is not disabled: the public endpoints answer' },
    { name: 'not a workspace storage', resource: storage, others: [peBlob], expect: 'NotApplicable', source: 'scope', reason: 'no Azure ML workspace in the input uses this storage account' },
    { name: 'public access from a parameter', resource: set(storage, 'properties.publicNetworkAccess', new Unknown('pna')), others: [workspace], expect: 'Unknown', source: 'cannot tell', reason: 'properties.publicNetworkAccess is unknown until deployment (pna)' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a storage account' },
  ]);
});
