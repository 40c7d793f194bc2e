import { ALL_DNS_ZONES, COMMERCIAL_SUFFIXES } from '../../catalog/dns-zones.js';
import type { AzureResource } from '../../core/resource.js';
import { isUnknown } from '../../core/unknown.js';
import { notApplicable, read, readArray, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import type { BaselineRule, RuleOutcome } from '../types.js';

const ZONE = 'Microsoft.Network/privateDnsZones';
const ZONE_GROUP = 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups';

/** Whether a zone name belongs to the commercial cloud (src/catalog/dns-zones.ts). */
export function isCommercialZone(zone: string): boolean {
  const z = zone.toLowerCase().replace(/\.$/, '');
  if (ALL_DNS_ZONES.some((f) => f.commercialZone === z)) return true;
  return COMMERCIAL_SUFFIXES.some((s) => (s.startsWith('.') ? `.${z}`.endsWith(s) : z === s || z.endsWith(`.${s}`)));
}

function verdictFor(zones: string[], where: string): RuleOutcome {
  const bad = zones.filter(isCommercialZone);
  if (bad.length === 0) return { compliance: 'Compliant', reason: `${where} ${zones.join(', ')} is not a commercial-cloud zone` };
  const fixes = bad.map((z) => {
    const gov = ALL_DNS_ZONES.find((f) => f.commercialZone === z.toLowerCase());
    return gov ? `${z} (Azure Government: ${gov.zone})` : z;
  });
  return { compliance: 'NonCompliant', reason: `${where} ${fixes.join(', ')} is a commercial-cloud zone` };
}

const lastSegment = (id: string): string => id.split('/').pop() ?? id;

export const rule: BaselineRule = {
  id: 'IL5-DNS-001',
  name: 'IL5.Dns.GovernmentZones',
  synopsis: 'Private DNS zones, and the zones private endpoints register in, are Azure Government zones, never commercial-cloud ones.',
  rationale:
    'A private endpoint registered in a commercial zone (the runbook itself names privatelink.azurecr.io) leaves the Government name resolving to the public address: clients silently bypass the private endpoint or fail. Azure Policy does not look at zone names.',
  severity: 'high',
  runbookStep: 'DNS',
  controls: ['SC-20', 'SC-21', 'SC-22', 'SC-7'],
  resourceTypes: [ZONE, ZONE_GROUP],
  reads: [],
  effect: 'audit',
  remediation: {
    specKey: 'dns.zoneIds',
    property: 'name / properties.privateDnsZoneConfigs[*].properties.privateDnsZoneId',
    text: 'Use the Azure Government zone name (e.g. privatelink.azurecr.us, privatelink.vaultcore.usgovcloudapi.net, privatelink.api.ml.azure.us); with dns.mode central, point dns.zoneIds at the hub\'s Government zones.',
  },
  links: [
    'https://learn.microsoft.com/azure/private-link/private-endpoint-dns#government',
    'https://learn.microsoft.com/azure/machine-learning/how-to-custom-dns#azure-us-government',
  ],
  example: [examples.privateDnsZone('privatelink.azurecr.us')],
  evaluate(r: AzureResource) {
    if (typeIs(r, ZONE)) {
      if (isUnknown(r.name)) return { compliance: 'Unknown', reason: 'the zone name is unknown until deployment' };
      return verdictFor([r.name], 'zone');
    }
    if (typeIs(r, ZONE_GROUP)) {
      const configs = readArray(r, 'properties.privateDnsZoneConfigs');
      if ('unknown' in configs) return { compliance: 'Unknown', reason: configs.unknown };
      const zones: string[] = [];
      for (const [i, c] of configs.items.entries()) {
        const id = read(c, 'properties.privateDnsZoneId');
        if (id.kind === 'unknown') return { compliance: 'Unknown', reason: `privateDnsZoneConfigs[${i}] names a zone known only after deployment (${id.reason})` };
        if (id.kind === 'value' && typeof id.value === 'string') zones.push(lastSegment(id.value));
      }
      if (zones.length === 0) return { compliance: 'NotApplicable', reason: 'the zone group names no zone' };
      return verdictFor(zones, 'zone group registers in');
    }
    return notApplicable(r, 'a private DNS zone or zone group');
  },
};
