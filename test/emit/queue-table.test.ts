import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/emit/plan.js';
import type { ArmResourceDecl } from '../../src/emit/types.js';
import { defaultSpec } from '../../src/spec/load.js';
import { resourceNames } from '../../src/spec/names.js';
import type { Spec } from '../../src/spec/schema.js';
import { specFrom } from './specs.js';

/**
 * storage.queueAndTablePrivateEndpoints (on by default): the workspace storage's queue and table private
 * endpoints that batch endpoints, batch deployments and ParallelRunStep need ("Ensure blob, file, queue, and
 * table private endpoints are configured for the storage accounts [...] Batch deployments require all the 4 to
 * properly work", learn.microsoft.com/azure/machine-learning/how-to-secure-batch-endpoint), in the Government
 * zones privatelink.queue/.table.core.usgovcloudapi.net (private-endpoint-dns#government, Storage).
 */
const QUEUE = 'privatelink.queue.core.usgovcloudapi.net';
const TABLE = 'privatelink.table.core.usgovcloudapi.net';
const HUB = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub-dns/providers/Microsoft.Network/privateDnsZones';

function planOf(change: (s: Spec) => void = () => undefined) {
  const s = defaultSpec();
  change(s);
  const plan = buildPlan(s);
  const rs = plan.template.resources;
  const named = (type: string, name: string): ArmResourceDecl | undefined => rs.find((r) => r.type === type && r.name === name);
  return { s, plan, rs, named, n: resourceNames(s) };
}

describe('storage.queueAndTablePrivateEndpoints', () => {
  it('is on by default', () => {
    expect(defaultSpec().storage.queueAndTablePrivateEndpoints).toBe(true);
  });

  it('on: queue and table private endpoints on the storage account, in the PrivateEndpoints subnet', () => {
    const { named, n } = planOf();
    for (const [name, group] of [[n.peStorageQueue, 'queue'], [n.peStorageTable, 'table']] as const) {
      const pe = named('Microsoft.Network/privateEndpoints', name);
      expect(pe, name).toBeDefined();
      const props = pe?.properties as { subnet: { id: string }; privateLinkServiceConnections: { properties: { privateLinkServiceId: string; groupIds: string[] } }[]; customNetworkInterfaceName: string };
      expect(props.subnet.id).toContain("'PrivateEndpoints'");
      expect(props.privateLinkServiceConnections[0]?.properties.groupIds).toEqual([group]);
      expect(props.privateLinkServiceConnections[0]?.properties.privateLinkServiceId).toContain('Microsoft.Storage/storageAccounts');
      expect(props.customNetworkInterfaceName).toBe(`${name}-nic`);
    }
    expect([n.peStorageQueue, n.peStorageTable]).toEqual(['il5ml-pe-st-queue', 'il5ml-pe-st-table']);
  });

  it('on: the two zones, their VNet links and a zone group on each endpoint', () => {
    const { named, n } = planOf();
    for (const [zone, pe] of [[QUEUE, n.peStorageQueue], [TABLE, n.peStorageTable]] as const) {
      expect(named('Microsoft.Network/privateDnsZones', zone), zone).toBeDefined();
      expect(named('Microsoft.Network/privateDnsZones/virtualNetworkLinks', `${zone}/${n.vnet}-link`), zone).toBeDefined();
      const group = named('Microsoft.Network/privateEndpoints/privateDnsZoneGroups', `${pe}/default`);
      expect(JSON.stringify(group?.properties)).toContain(`'Microsoft.Network/privateDnsZones', '${zone}'`);
    }
  });

  it('on: plan.md says what and why, with the source', () => {
    const { plan } = planOf();
    const notes = plan.notes.filter((x) => x.what.includes('il5ml-pe-st-queue'));
    expect(notes.map((x) => x.step)).toContain('C');
    const why = notes.map((x) => x.why).join(' ');
    expect(why).toContain('Batch deployments require all the 4 to properly work');
    expect(why).toContain('https://learn.microsoft.com/azure/machine-learning/how-to-secure-batch-endpoint');
  });

  it('off: no queue or table endpoint, zone, link or zone group, nothing else changes', () => {
    const on = planOf();
    const off = planOf((s) => (s.storage.queueAndTablePrivateEndpoints = false));
    const text = JSON.stringify(off.plan.template);
    expect(text).not.toContain('pe-st-queue');
    expect(text).not.toContain('pe-st-table');
    expect(text).not.toContain(QUEUE);
    expect(text).not.toContain(TABLE);
    const key = (r: ArmResourceDecl) => `${r.type} ${r.name}`;
    const removed = on.rs.map(key).filter((k) => !off.rs.map(key).includes(k));
    expect(removed.sort()).toEqual(
      [
        'Microsoft.Network/privateEndpoints il5ml-pe-st-queue',
        'Microsoft.Network/privateEndpoints il5ml-pe-st-table',
        'Microsoft.Network/privateEndpoints/privateDnsZoneGroups il5ml-pe-st-queue/default',
        'Microsoft.Network/privateEndpoints/privateDnsZoneGroups il5ml-pe-st-table/default',
        `Microsoft.Network/privateDnsZones ${QUEUE}`,
        `Microsoft.Network/privateDnsZones ${TABLE}`,
        `Microsoft.Network/privateDnsZones/virtualNetworkLinks ${QUEUE}/il5ml-vnet-link`,
        `Microsoft.Network/privateDnsZones/virtualNetworkLinks ${TABLE}/il5ml-vnet-link`,
      ].sort(),
    );
    expect(off.rs.length).toBe(on.rs.length - 8);
    expect(off.plan.notes.some((x) => x.what.includes('pe-st-queue'))).toBe(false);
  });

  it('central DNS with the hub queue and table zones: zone groups point at them, no zone created here', () => {
    const spec = specFrom(`dns:\n  mode: central\n  zoneIds:\n    ${QUEUE}: ${HUB}/${QUEUE}\n    ${TABLE}: ${HUB}/${TABLE}\n`);
    const rs = buildPlan(spec).template.resources;
    expect(rs.some((r) => r.type === 'Microsoft.Network/privateDnsZones' && (r.name === QUEUE || r.name === TABLE))).toBe(false);
    const group = rs.find((r) => r.name === 'il5ml-pe-st-queue/default');
    expect(JSON.stringify(group?.properties)).toContain(`${HUB}/${QUEUE}`);
  });

  it('central DNS without them: created here and linked, like every zone the hub lacks', () => {
    const spec = specFrom(`dns:\n  mode: central\n  zoneIds:\n    privatelink.blob.core.usgovcloudapi.net: ${HUB}/privatelink.blob.core.usgovcloudapi.net\n`);
    const rs = buildPlan(spec).template.resources;
    for (const z of [QUEUE, TABLE]) expect(rs.some((r) => r.type === 'Microsoft.Network/privateDnsZones' && r.name === z), z).toBe(true);
  });
});
