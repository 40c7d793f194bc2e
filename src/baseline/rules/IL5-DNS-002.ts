import { notApplicable, typeIs } from '../cond.js';
import { examples, ids } from '../examples.js';
import type { BaselineRule } from '../types.js';

export const rule: BaselineRule = {
  id: 'IL5-DNS-002',
  name: 'IL5.Dns.PrivateEndpointZoneGroup',
  synopsis: 'Every private endpoint has a private DNS zone group, so its address is registered in the private zone.',
  rationale:
    'Without a zone group nothing registers the endpoint\'s private IP: the service name keeps resolving to its public address and clients either bypass the private endpoint or fail once public access is off. The portal does this behind "Integrate with private DNS zone" (runbook step B); a template must declare it.',
  severity: 'high',
  runbookStep: 'DNS',
  controls: ['SC-20', 'SC-22', 'SC-7'],
  resourceTypes: ['Microsoft.Network/privateEndpoints'],
  reads: ['Microsoft.Network/privateEndpoints/privateDnsZoneGroups'],
  effect: 'audit',
  remediation: {
    specKey: 'dns.mode',
    property: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
    text: 'Add a privateDnsZoneGroups child (e.g. <endpoint>/default) whose privateDnsZoneConfigs name the Azure Government private DNS zone of the service.',
  },
  links: ['https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration'],
  example: [
    examples.privateEndpoint('pe-cril5ml', ids.registry, 'registry'),
    examples.zoneGroup('pe-cril5ml', 'privatelink.azurecr.us'),
  ],
  evaluate(r, all) {
    if (!typeIs(r, 'Microsoft.Network/privateEndpoints')) return notApplicable(r, 'a private endpoint');
    const groups = all.childrenOf(r.id, 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups');
    if (groups.length === 0) return { compliance: 'NonCompliant', reason: `private endpoint ${r.name} has no private DNS zone group` };
    return { compliance: 'Compliant', reason: `private endpoint ${r.name} has zone group ${groups.map((g) => g.name.split('/').pop() ?? g.name).join(', ')}` };
  },
};
