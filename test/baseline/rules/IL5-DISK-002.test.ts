import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-DISK-002.js';
import { examples, ids } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, table } from '../table.js';

// Expected verdicts follow definition f39f5f49-4abf-44de-8c70-0756997bfb51 (v1.0.0, auditIfNotExists over
// Microsoft.Compute/diskAccesses/privateEndpointConnections with status Approved).
const da = examples.diskAccess();
const conn = (status: unknown) => ({
  id: `${ids.diskAccess}/privateEndpointConnections/c1`, type: 'Microsoft.Compute/diskAccesses/privateEndpointConnections', name: 'da-il5ml/c1',
  properties: { privateLinkServiceConnectionState: { status } },
});
describe('IL5-DISK-002 IL5.Disk.AccessPrivateLink', () => {
  table(rule, [
    { name: 'private endpoint in the input', resource: da, others: [examples.privateEndpoint('pe-da', ids.diskAccess, 'disks')], expect: 'Compliant', source: 'projected approved connection', reason: '1 approved private endpoint connection' },
    { name: 'approved connection child resource', resource: da, others: [conn('Approved')], expect: 'Compliant', source: 'related resource with status Approved', reason: '1 approved private endpoint connection' },
    { name: 'pending connection child resource', resource: da, others: [conn('Pending')], expect: 'NonCompliant', source: 'existenceCondition fails', reason: 'no approved private endpoint connection (none in the resource, and no private endpoint in the input targets it)' },
    { name: 'nothing', resource: da, expect: 'NonCompliant', source: 'no related resource', reason: 'no approved private endpoint connection (none in the resource, and no private endpoint in the input targets it)' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a disk access resource' },
    { name: 'connection status unknown', resource: da, others: [conn(new Unknown('x'))], expect: 'Unknown', source: 'existenceCondition unknown', reason: 'the status of da-il5ml/c1 is unknown (x)' },
  ]);
});
