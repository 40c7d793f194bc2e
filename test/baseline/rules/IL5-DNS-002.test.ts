import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-DNS-002.js';
import { examples, ids } from '../../../src/baseline/examples.js';
import { otherType, table } from '../table.js';

// Source: https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration (zone groups register the endpoint).
const pe = examples.privateEndpoint('pe-cril5ml', ids.registry, 'registry');
const zg = examples.zoneGroup('pe-cril5ml', 'privatelink.azurecr.us');
describe('IL5-DNS-002 IL5.Dns.PrivateEndpointZoneGroup', () => {
  table(rule, [
    { name: 'with zone group', resource: pe, others: [zg], expect: 'Compliant', source: 'child present', reason: 'private endpoint pe-cril5ml has zone group default' },
    { name: 'without zone group', resource: pe, expect: 'NonCompliant', source: 'no child', reason: 'private endpoint pe-cril5ml has no private DNS zone group' },
    { name: "another endpoint's zone group", resource: pe, others: [examples.zoneGroup('pe-other', 'privatelink.azurecr.us')], expect: 'NonCompliant', source: 'not a child of this endpoint', reason: 'private endpoint pe-cril5ml has no private DNS zone group' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a private endpoint' },
  ], { noUnknown: 'the rule reads only which resources the input declares, never a property value' });
});
