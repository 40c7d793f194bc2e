import { describe, it } from 'vitest';
import { WORKLOAD_DNS_ZONES } from '../../../src/catalog/dns-zones.js';
import { rule } from '../../../src/validate/rules/dns-zone-ids.js';
import { expectCase, type RuleCase } from '../helpers.js';

const SUB = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/hub-dns/providers/Microsoft.Network/privateDnsZones/';
const idOf = (zone: string) => `${SUB}${zone}`;
/** A central spec with every zone; `change` edits one line. */
const central = (change: (zone: string, id: string) => string | undefined = (z, id) => `${z}: ${id}`): string =>
  'dns:\n  mode: central\n  zoneIds:\n' +
  WORKLOAD_DNS_ZONES.map((z) => change(z.zone, idOf(z.zone)))
    .filter((l): l is string => l !== undefined)
    .map((l) => `    ${l}\n`)
    .join('');

// Zone names: src/catalog/dns-zones.ts (learn.microsoft.com/azure/private-link/private-endpoint-dns#government).
const cases: RuleCase[] = [
  { name: 'private mode (the default)', yaml: 'prefix: abc\n', expected: [] },
  { name: 'central with all six zones', yaml: central(), expected: [] },
  {
    name: 'central with the registry zone missing',
    yaml: central((z, id) => (z === 'privatelink.azurecr.us' ? undefined : `${z}: ${id}`)),
    expected: [{ severity: 'error', line: 4, column: 5, message: 'dns.mode is central but dns.zoneIds has no entry for privatelink.azurecr.us', fix: 'add "privatelink.azurecr.us: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.us"' }],
  },
  {
    name: 'an ID that is not a resource ID',
    yaml: central((z, id) => (z === 'privatelink.blob.core.usgovcloudapi.net' ? `${z}: hub-dns/blob` : `${z}: ${id}`)),
    expected: [{ severity: 'error', line: 7, column: 46, message: '"hub-dns/blob" is not a private DNS zone resource ID', fix: 'write /subscriptions/<subscription GUID>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.usgovcloudapi.net' }],
  },
  {
    name: 'an ID naming another zone',
    yaml: central((z, id) => (z === 'privatelink.file.core.usgovcloudapi.net' ? `${z}: ${idOf('privatelink.blob.core.usgovcloudapi.net')}` : `${z}: ${id}`)),
    expected: [{ severity: 'error', line: 8, column: 46, message: 'the ID given for privatelink.file.core.usgovcloudapi.net names the zone privatelink.blob.core.usgovcloudapi.net', fix: "point it at the hub's privatelink.file.core.usgovcloudapi.net zone" }],
  },
  {
    name: 'the commercial registry zone in place of the Government one',
    yaml: central((z, id) => (z === 'privatelink.azurecr.us' ? `privatelink.azurecr.io: ${idOf('privatelink.azurecr.io')}` : `${z}: ${id}`)),
    expected: [
      { severity: 'error', line: 4, column: 5, message: 'dns.mode is central but dns.zoneIds has no entry for privatelink.azurecr.us' },
      { severity: 'error', line: 9, column: 29, message: 'privatelink.azurecr.io is the commercial-cloud zone; in Azure Government it is privatelink.azurecr.us', fix: 'rename the key to privatelink.azurecr.us' },
    ],
  },
  {
    name: 'an extra zone: a warning',
    yaml: central() + `    privatelink.postgres.database.usgovcloudapi.net: ${idOf('privatelink.postgres.database.usgovcloudapi.net')}\n`,
    expected: [{ severity: 'warning', line: 10, column: 54, message: "privatelink.postgres.database.usgovcloudapi.net is not one of the workload's private DNS zones; it is ignored" }],
  },
  {
    name: 'zone IDs in private mode: a warning',
    yaml: central().replace('mode: central', 'mode: private'),
    expected: [{ severity: 'warning', line: 4, column: 5, message: 'dns.zoneIds is ignored with dns.mode private: il5ml creates the zones itself', fix: 'remove dns.zoneIds, or set dns.mode to central' }],
  },
];

describe('rule dns-zone-ids', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
