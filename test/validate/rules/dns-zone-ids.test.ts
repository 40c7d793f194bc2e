import { describe, it } from 'vitest';
import { MONITOR_DNS_ZONES, QUEUE_TABLE_DNS_ZONES, WORKLOAD_DNS_ZONES } from '../../../src/catalog/dns-zones.js';
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
/** The same with monitoring.privateLinkScope on (first two lines) and the four monitor zones after the six. */
const scoped = (skip?: string): string =>
  'monitoring:\n  privateLinkScope: true\n' +
  central() +
  MONITOR_DNS_ZONES.filter((z) => z.zone !== skip)
    .map((z) => `    ${z.zone}: ${idOf(z.zone)}\n`)
    .join('');

// Zone names: src/catalog/dns-zones.ts (learn.microsoft.com/azure/private-link/private-endpoint-dns#government).
const cases: RuleCase[] = [
  { name: 'private mode (the default)', yaml: 'prefix: abc\n', expected: [] },
  { name: 'central with all seven zones', yaml: central(), expected: [] },
  // Issue 9: a zone the hub lacks is created by the plan and linked to both VNets, never an error.
  { name: 'central with the registry zone missing: created by the plan', yaml: central((z, id) => (z === 'privatelink.azurecr.us' ? undefined : `${z}: ${id}`)), expected: [] },
  {
    name: 'central with only the three zones an MLZ hub has (vault, blob, file)',
    yaml: central((z, id) => (['privatelink.vaultcore.usgovcloudapi.net', 'privatelink.blob.core.usgovcloudapi.net', 'privatelink.file.core.usgovcloudapi.net'].includes(z) ? `${z}: ${id}` : undefined)),
    expected: [],
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
      { severity: 'error', line: 10, column: 29, message: 'privatelink.azurecr.io is the commercial-cloud zone; in Azure Government it is privatelink.azurecr.us', fix: 'rename the key to privatelink.azurecr.us' },
    ],
  },
  {
    name: 'an extra zone: a warning',
    yaml: central() + `    privatelink.postgres.database.usgovcloudapi.net: ${idOf('privatelink.postgres.database.usgovcloudapi.net')}\n`,
    expected: [{ severity: 'warning', line: 11, column: 54, message: "privatelink.postgres.database.usgovcloudapi.net is not one of the workload's private DNS zones; it is ignored" }],
  },
  // Azure Monitor private link scope zones: Government table, Azure Monitor (Microsoft.Insights/privateLinkScopes) row.
  { name: 'privateLinkScope with the six workload zones and the four monitor zones', yaml: scoped(), expected: [] },
  { name: 'privateLinkScope without the agentsvc zone: created by the plan', yaml: scoped('privatelink.agentsvc.azure-automation.us'), expected: [] },
  { name: 'privateLinkScope with only the workload zones: the monitor zones are created', yaml: 'monitoring:\n  privateLinkScope: true\n' + central(), expected: [] },
  {
    name: 'the commercial monitor zone with privateLinkScope: an error naming the Government one',
    yaml: scoped('privatelink.monitor.azure.us') + `    privatelink.monitor.azure.com: ${idOf('privatelink.monitor.azure.com')}\n`,
    expected: [
      { severity: 'error', line: 16, column: 36, message: 'privatelink.monitor.azure.com is the commercial-cloud zone; in Azure Government it is privatelink.monitor.azure.us', fix: 'rename the key to privatelink.monitor.azure.us' },
    ],
  },
  {
    name: 'monitor zones without privateLinkScope: a warning each, naming the spec key',
    yaml: scoped().replace('privateLinkScope: true', 'privateLinkScope: false'),
    expected: MONITOR_DNS_ZONES.map((z, i) => ({
      severity: 'warning' as const,
      line: 13 + i,
      column: 5 + z.zone.length + 2,
      message: `${z.zone} is an Azure Monitor private link scope zone, used only with monitoring.privateLinkScope; it is ignored`,
      fix: 'remove it, or set monitoring.privateLinkScope to true',
    })),
  },
  // storage.queueAndTablePrivateEndpoints (on by default): the queue and table zones, Government table, Storage rows.
  {
    name: 'central with the queue and table zones too (storage.queueAndTablePrivateEndpoints on)',
    yaml: central() + QUEUE_TABLE_DNS_ZONES.map((z) => `    ${z.zone}: ${idOf(z.zone)}\n`).join(''),
    expected: [],
  },
  // Like every zone the hub lacks (issue 9), a queue or table zone left out is created by the plan: not an error.
  { name: 'central without the queue and table zones, option on: created by the plan', yaml: central(), expected: [] },
  {
    name: 'a queue zone ID that names the table zone, option on: an error at the value',
    yaml: central() + `    privatelink.queue.core.usgovcloudapi.net: ${idOf('privatelink.table.core.usgovcloudapi.net')}\n`,
    expected: [
      {
        severity: 'error',
        line: 11,
        column: 47,
        message: 'the ID given for privatelink.queue.core.usgovcloudapi.net names the zone privatelink.table.core.usgovcloudapi.net',
        fix: "point it at the hub's privatelink.queue.core.usgovcloudapi.net zone",
      },
    ],
  },
  { name: 'central without the queue and table zones, option off', yaml: 'storage:\n  queueAndTablePrivateEndpoints: false\n' + central(), expected: [] },
  {
    name: 'queue and table zone IDs with the option off: a warning each, naming the option',
    yaml: 'storage:\n  queueAndTablePrivateEndpoints: false\n' + central() + QUEUE_TABLE_DNS_ZONES.map((z) => `    ${z.zone}: ${idOf(z.zone)}\n`).join(''),
    expected: QUEUE_TABLE_DNS_ZONES.map((z, i) => ({
      severity: 'warning' as const,
      line: 13 + i,
      column: 5 + z.zone.length + 2,
      message: `${z.zone} is a storage queue/table zone, used only with storage.queueAndTablePrivateEndpoints (off here); it is ignored`,
      fix: 'remove it, or set storage.queueAndTablePrivateEndpoints to true',
    })),
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
