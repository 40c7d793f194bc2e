import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ACR-003.js';
import { examples, ids } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow definition e8eef0a8-67cf-4eb4-9386-14b0e78733d4 (v1.0.1): count of approved
// privateEndpointConnections[*] less than 1, with the projection of src/baseline/private-link.ts.
const cr = examples.registry();
const pe = examples.privateEndpoint('pe-cril5ml', ids.registry, 'registry');
describe('IL5-ACR-003 IL5.ContainerRegistry.PrivateLink', () => {
  table(rule, [
    { name: 'private endpoint in the input', resource: cr, others: [pe], expect: 'Compliant', source: 'projected approved connection', reason: '1 approved private endpoint connection' },
    { name: 'no private endpoint', resource: cr, expect: 'NonCompliant', source: 'count 0 < 1', reason: 'no approved private endpoint connection (none in the resource, and no private endpoint in the input targets it)' },
    { name: 'manual connection only (Pending)', resource: cr, others: [set(set(pe, 'properties.manualPrivateLinkServiceConnections', pe.properties && (pe.properties as { privateLinkServiceConnections: unknown }).privateLinkServiceConnections), 'properties.privateLinkServiceConnections', [])], expect: 'NonCompliant', source: 'manual connections wait for approval', reason: 'no approved private endpoint connection (none in the resource, and no private endpoint in the input targets it)' },
    { name: 'target id in another case', resource: cr, others: [examples.privateEndpoint('pe-cril5ml', ids.registry.toUpperCase(), 'registry')], expect: 'Compliant', source: 'resource ids are case-insensitive', reason: '1 approved private endpoint connection' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a container registry' },
    {
      name: 'declared child connection, Approved',
      resource: cr,
      others: [{ id: `${ids.registry}/privateEndpointConnections/pec1`, type: 'Microsoft.ContainerRegistry/registries/privateEndpointConnections', name: 'cril5ml/pec1', properties: { privateLinkServiceConnectionState: { status: 'Approved' } } }],
      expect: 'Compliant',
      source: 'the child is in the inline list Azure returns (REST Private Endpoint Connections - List)',
      reason: '1 approved private endpoint connection',
    },
    { name: 'connections unknown', resource: set(cr, 'properties.privateEndpointConnections', new Unknown('x')), expect: 'Unknown', source: 'counted array unknown', reason: 'properties.privateEndpointConnections is unknown until deployment (x)' },
  ]);
});
