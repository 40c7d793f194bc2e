import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-DNS-001.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, table } from '../table.js';

// Sources: src/catalog/dns-zones.ts (Government and commercial zone names, from Learn's private endpoint DNS tables).
const zone = (z: string) => examples.privateDnsZone(z);
describe('IL5-DNS-001 IL5.Dns.GovernmentZones', () => {
  table(rule, [
    { name: 'privatelink.azurecr.us', resource: zone('privatelink.azurecr.us'), expect: 'Compliant', source: 'Government registry zone', reason: 'zone privatelink.azurecr.us is not a commercial-cloud zone' },
    { name: "the runbook's privatelink.azurecr.io", resource: zone('privatelink.azurecr.io'), expect: 'NonCompliant', source: 'commercial registry zone', reason: 'zone privatelink.azurecr.io (Azure Government: privatelink.azurecr.us) is a commercial-cloud zone' },
    { name: 'commercial vault zone in upper case', resource: zone('PrivateLink.VaultCore.Azure.Net'), expect: 'NonCompliant', source: 'DNS names are case-insensitive', reason: 'zone PrivateLink.VaultCore.Azure.Net (Azure Government: privatelink.vaultcore.usgovcloudapi.net) is a commercial-cloud zone' },
    { name: 'zone group pointing at a commercial zone', resource: examples.zoneGroup('pe-mlw', 'privatelink.api.azureml.ms'), expect: 'NonCompliant', source: 'commercial AML zone', reason: 'zone group registers in privatelink.api.azureml.ms (Azure Government: privatelink.api.ml.azure.us) is a commercial-cloud zone' },
    { name: 'zone group pointing at the Government zones', resource: examples.zoneGroup('pe-mlw', 'privatelink.api.ml.azure.us'), expect: 'Compliant', source: 'Government AML zone', reason: 'zone group registers in privatelink.api.ml.azure.us is not a commercial-cloud zone' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a private DNS zone or zone group' },
    { name: 'zone id from a parameter (central DNS) without value', resource: { ...examples.zoneGroup('pe-mlw', 'x'), properties: { privateDnsZoneConfigs: [{ name: 'c', properties: { privateDnsZoneId: new Unknown("parameter 'hubZone' has no value") } }] } }, expect: 'Unknown', source: 'cannot tell', reason: "privateDnsZoneConfigs[0] names a zone known only after deployment (parameter 'hubZone' has no value)" },
  ]);
});
