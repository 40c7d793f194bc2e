import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ST-006.js';
import { examples, ids } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow definition 6edd7eda-6dd8-40f7-810d-67160c639cd9 (v2.0.0, auditIfNotExists over
// privateEndpointConnections with status Approved), with the projection of src/baseline/private-link.ts.
const st = examples.storage();
const pe = examples.privateEndpoint('pe-stil5ml-blob', ids.storage, 'blob');
describe('IL5-ST-006 IL5.Storage.PrivateLink', () => {
  table(rule, [
    { name: 'private endpoint in the same input', resource: st, others: [pe], expect: 'Compliant', source: 'projected approved connection', reason: '1 approved private endpoint connection' },
    { name: 'no private endpoint', resource: st, expect: 'NonCompliant', source: 'no related resource', reason: 'no approved private endpoint connection (none in the resource, and no private endpoint in the input targets it)' },
    { name: 'private endpoint to another account', resource: st, others: [examples.privateEndpoint('pe-x', ids.registry, 'registry')], expect: 'NonCompliant', source: 'not related', reason: 'no approved private endpoint connection (none in the resource, and no private endpoint in the input targets it)' },
    { name: 'connection as Azure returns it, Approved', resource: set(st, 'properties.privateEndpointConnections', [{ properties: { privateLinkServiceConnectionState: { status: 'Approved' } } }]), expect: 'Compliant', source: 'existing connection Approved', reason: '1 approved private endpoint connection' },
    { name: 'connection Pending', resource: set(st, 'properties.privateEndpointConnections', [{ properties: { privateLinkServiceConnectionState: { status: 'Pending' } } }]), expect: 'NonCompliant', source: 'status equals Approved fails', reason: 'no approved private endpoint connection (none in the resource, and no private endpoint in the input targets it)' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type condition', reason: 'Microsoft.Network/publicIPAddresses is not a storage account' },
    { name: 'private endpoint target unknown', resource: st, others: [set(pe, 'properties.privateLinkServiceConnections', [{ properties: { privateLinkServiceId: new Unknown("parameter 'target' has no value") } }])], expect: 'Unknown', source: 'cannot tell whether it targets the account', reason: "private endpoint pe-stil5ml-blob targets a resource known only after deployment (parameter 'target' has no value)" },
  ]);
});
