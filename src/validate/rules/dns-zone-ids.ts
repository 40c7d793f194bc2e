import type { Diagnostic } from '../../core/diagnostic.js';
import { ALL_DNS_ZONES, MONITOR_DNS_ZONES, QUEUE_TABLE_DNS_ZONES, workloadDnsZones } from '../../catalog/dns-zones.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'dns-zone-ids';

/** /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/<zone> */
const ZONE_ID =
  /^\/subscriptions\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\/resourceGroups\/[-\w.()]{1,90}\/providers\/Microsoft\.Network\/privateDnsZones\/([^/]+)$/i;

/**
 * dns.mode central: the hub owns the private DNS zones it has; dns.zoneIds may name only some (a zone missing
 * is created by the plan, never an error), and each ID given must name that very zone (a zone group pointing at
 * privatelink.blob for the file endpoint resolves nothing). With monitoring.privateLinkScope the Azure Monitor
 * endpoint registers in the four Government monitor zones too (and in the blob zone, a workload zone already);
 * with storage.queueAndTablePrivateEndpoints (the default) the storage's queue and table endpoints register in
 * the queue and table zones, which, like every zone, the plan creates when dns.zoneIds leaves them out.
 */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'dns.mode central: every zone ID in dns.zoneIds is a well-formed privateDnsZones resource ID naming that zone; zones left out are created by the plan.',
  source: 'https://learn.microsoft.com/azure/private-link/private-endpoint-dns#government',
  check(loaded): Diagnostic[] {
    const dns = loaded.spec.dns;
    const ids = dns.zoneIds;
    if (dns.mode === 'private') {
      return Object.keys(ids).length === 0
        ? []
        : [finding(loaded, ID, 'warning', ['dns', 'zoneIds'], 'dns.zoneIds is ignored with dns.mode private: il5ml creates the zones itself', 'remove dns.zoneIds, or set dns.mode to central')];
    }
    const out: Diagnostic[] = [];
    const needed = [...workloadDnsZones(loaded.spec.storage.queueAndTablePrivateEndpoints), ...(loaded.spec.monitoring.privateLinkScope ? MONITOR_DNS_ZONES : [])];
    const wanted = new Set(needed.map((z) => z.zone));
    for (const z of needed) {
      const id = ids[z.zone];
      // A zone the hub lacks is created by the plan and linked to the spoke and hub VNets (src/emit/dns.ts).
      if (id === undefined) continue;
      const m = ZONE_ID.exec(id);
      if (!m) {
        out.push(finding(loaded, ID, 'error', ['dns', 'zoneIds', z.zone], `"${id}" is not a private DNS zone resource ID`, `write /subscriptions/<subscription GUID>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/${z.zone}`));
      } else if ((m[1] ?? '').toLowerCase() !== z.zone) {
        out.push(finding(loaded, ID, 'error', ['dns', 'zoneIds', z.zone], `the ID given for ${z.zone} names the zone ${m[1] ?? ''}`, `point it at the hub's ${z.zone} zone`));
      }
    }
    for (const key of Object.keys(ids)) {
      if (wanted.has(key)) continue;
      const commercial = ALL_DNS_ZONES.find((z) => z.commercialZone === key);
      const monitor = MONITOR_DNS_ZONES.some((z) => z.zone === key);
      const queueTable = QUEUE_TABLE_DNS_ZONES.some((z) => z.zone === key);
      out.push(
        commercial
          ? finding(loaded, ID, 'error', ['dns', 'zoneIds', key], `${key} is the commercial-cloud zone; in Azure Government it is ${commercial.zone}`, `rename the key to ${commercial.zone}`)
          : queueTable
            ? finding(loaded, ID, 'warning', ['dns', 'zoneIds', key], `${key} is a storage queue/table zone, used only with storage.queueAndTablePrivateEndpoints (off here); it is ignored`, 'remove it, or set storage.queueAndTablePrivateEndpoints to true')
          : monitor
            ? finding(loaded, ID, 'warning', ['dns', 'zoneIds', key], `${key} is an Azure Monitor private link scope zone, used only with monitoring.privateLinkScope; it is ignored`, 'remove it, or set monitoring.privateLinkScope to true')
            : finding(loaded, ID, 'warning', ['dns', 'zoneIds', key], `${key} is not one of the workload's private DNS zones; it is ignored`, `remove it; the zones are ${[...wanted].join(', ')}`),
      );
    }
    return out;
  },
};
