import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-MLW-002.js';
import { examples, ids } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow definition 45e05259-1eb5-4f70-9574-baf73e9d219b (v1.0.0), with the projection of
// src/baseline/private-link.ts.
const ws = examples.workspace();
const pe = examples.privateEndpoint('pe-mlw-il5ml', ids.workspace, 'amlworkspace');
describe('IL5-MLW-002 IL5.MachineLearning.PrivateLink', () => {
  table(rule, [
    { name: 'private endpoint in the input', resource: ws, others: [pe], expect: 'Compliant', source: 'projected approved connection', reason: '1 approved private endpoint connection' },
    { name: 'no private endpoint', resource: ws, expect: 'NonCompliant', source: 'count 0 < 1', reason: 'no approved private endpoint connection (none in the resource, and no private endpoint in the input targets it)' },
    { name: 'from Azure with an approved connection', resource: set(ws, 'properties.privateEndpointConnections', [{ properties: { privateLinkServiceConnectionState: { status: 'approved' } } }]), expect: 'Compliant', source: 'status equals Approved, case-insensitive', reason: '1 approved private endpoint connection' },
    { name: 'from Azure with a rejected connection', resource: set(ws, 'properties.privateEndpointConnections', [{ properties: { privateLinkServiceConnectionState: { status: 'Rejected' } } }]), expect: 'NonCompliant', source: 'not approved', reason: 'no approved private endpoint connection (none in the resource, and no private endpoint in the input targets it)' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not an Azure Machine Learning workspace' },
    { name: 'connection status unknown', resource: set(ws, 'properties.privateEndpointConnections', [{ properties: { privateLinkServiceConnectionState: { status: new Unknown('x') } } }]), expect: 'Unknown', source: 'status unknown', reason: "a private endpoint connection's status is unknown (x)" },
  ]);
});
