import { describe, expect, it } from 'vitest';
import { COMMERCIAL_SUFFIXES } from '../../src/catalog/dns-zones.js';
import { AZURE_DNS_IP, dnsPlan, notebookLabel } from '../../src/net/dns-plan.js';
import { defaultSpec } from '../../src/spec/load.js';
import type { Spec } from '../../src/spec/schema.js';

function spec(change: (s: Spec) => void = () => undefined): Spec {
  const s = defaultSpec();
  change(s);
  return s;
}

describe('dnsPlan', () => {
  it('lists the nine workspace zones (queue and table with storage.queueAndTablePrivateEndpoints, the default), created here by default', () => {
    const p = dnsPlan(spec());
    expect(p.zones.map((z) => [z.zone, z.mode])).toEqual([
      ['privatelink.api.ml.azure.us', 'created'],
      ['privatelink.notebooks.usgovcloudapi.net', 'created'],
      ['privatelink.vaultcore.usgovcloudapi.net', 'created'],
      ['privatelink.blob.core.usgovcloudapi.net', 'created'],
      ['privatelink.file.core.usgovcloudapi.net', 'created'],
      ['privatelink.dfs.core.usgovcloudapi.net', 'created'],
      ['privatelink.queue.core.usgovcloudapi.net', 'created'],
      ['privatelink.table.core.usgovcloudapi.net', 'created'],
      ['privatelink.azurecr.us', 'created'],
    ]);
  });

  // Record shapes: how-to-custom-dns, Azure US Government (workspace, cert, notebooks); private-endpoint-dns
  // (vault, blob, file, registry and its data endpoint).
  it('records: the shapes the Government documentation gives, values as placeholders', () => {
    const fqdns = dnsPlan(spec()).records.map((r) => `${r.fqdn} -> ${r.value}`);
    expect(fqdns).toEqual([
      '<workspace-guid>.workspace.usgovvirginia.api.ml.azure.us -> <ip:il5ml-pe-mlw#1>',
      '<workspace-guid>.workspace.usgovvirginia.cert.api.ml.azure.us -> <ip:il5ml-pe-mlw#1>',
      '<endpoint>.usgovvirginia.inference.ml.azure.us -> <ip:il5ml-pe-mlw#1>',
      'ml-il5ml-mlw-usgovvirginia-<workspace-guid>.usgovvirginia.notebooks.usgovcloudapi.net -> <ip:il5ml-pe-mlw#2>',
      'il5mlkv<unique13>.vault.usgovcloudapi.net -> <ip:il5ml-pe-kv>',
      'il5mlst<unique13>.blob.core.usgovcloudapi.net -> <ip:il5ml-pe-st-blob>',
      'il5mlst<unique13>.file.core.usgovcloudapi.net -> <ip:il5ml-pe-st-file>',
      'il5mlst<unique13>.dfs.core.usgovcloudapi.net -> <ip:il5ml-pe-st-dfs>',
      'il5mlst<unique13>.queue.core.usgovcloudapi.net -> <ip:il5ml-pe-st-queue>',
      'il5mlst<unique13>.table.core.usgovcloudapi.net -> <ip:il5ml-pe-st-table>',
      'il5mlcr<unique13>.azurecr.us -> <ip:il5ml-pe-cr#1>',
      'il5mlcr<unique13>.usgovvirginia.data.azurecr.us -> <ip:il5ml-pe-cr#2>',
    ]);
  });

  it('every placeholder used is explained', () => {
    const p = dnsPlan(spec());
    const used = new Set(JSON.stringify(p.records).match(/<[a-z0-9-]+(?=[>:])/g) ?? []);
    for (const u of used) expect(Object.keys(p.placeholders).some((k) => k.startsWith(u)), u).toBe(true);
  });

  it('truncates the workspace name so the notebook label stays within 63 characters', () => {
    expect(notebookLabel('il5ml-mlw', 'usgovvirginia')).toBe('ml-il5ml-mlw-usgovvirginia-<workspace-guid>');
    const label = notebookLabel('averyveryverylongworkspacename', 'usgovvirginia');
    expect(label).toBe('ml-averyvery-usgovvirginia-<workspace-guid>');
    expect(label.replace('<workspace-guid>', '0'.repeat(36)).length).toBe(63);
  });

  it.each([
    ['Azure Firewall with DNS proxy: forward to the firewall', (s: Spec) => s, '172.16.3.4', /Azure Firewall DNS proxy/],
    ['DNS proxy off: a resolver in the VNet', (s: Spec) => (s.firewall.dnsProxy = false), '<vnet-dns-ip>', /in this VNet/],
    ['central DNS, existing firewall outside a spoke: the hub resolver', (s: Spec) => {
      s.dns.mode = 'central';
      s.firewall.mode = 'existing';
      s.firewall.privateIp = '10.0.0.4';
    }, '<hub-dns-ip>', /hub's DNS/],
    // The spec already names the hub's DNS: forward there, the servers the VNet itself uses (dhcpOptions).
    ['central DNS with network.dnsServers: the hub DNS servers it names', (s: Spec) => {
      s.dns.mode = 'central';
      s.firewall.mode = 'existing';
      s.firewall.privateIp = '10.0.0.4';
      s.network.dnsServers = ['10.0.100.4', '10.0.100.5'];
    }, '10.0.100.4, 10.0.100.5', /^network\.dnsServers/],
    ['a spoke behind the hub firewall: its DNS proxy, the VNet\'s DNS server', (s: Spec) => {
      s.network.hub = { virtualNetworkId: '/subscriptions/0/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/hub' };
      s.dns.mode = 'central';
      s.firewall.mode = 'existing';
      s.firewall.privateIp = '10.0.0.4';
    }, '10.0.0.4', /firewall\.privateIp/],
  ])('conditional forwarders: %s', (_n, change, target, resolver) => {
    const p = dnsPlan(spec((s) => void change(s)));
    expect(p.forwarders.map((f) => f.zone)).toEqual([
      'api.ml.azure.us',
      'notebooks.usgovcloudapi.net',
      'instances.ml.azure.us',
      'aznbcontent.net',
      'inference.ml.azure.us',
      'vault.usgovcloudapi.net',
      'blob.core.usgovcloudapi.net',
      'file.core.usgovcloudapi.net',
      'dfs.core.usgovcloudapi.net',
      'queue.core.usgovcloudapi.net',
      'table.core.usgovcloudapi.net',
      'azurecr.us',
    ]);
    expect(new Set(p.forwarders.map((f) => f.forwardTo))).toEqual(new Set([target]));
    for (const f of p.forwarders) expect(f.resolver).toMatch(resolver);
    expect(new Set(p.forwarders.map((f) => f.thenTo))).toEqual(new Set([AZURE_DNS_IP]));
    // A placeholder target is explained, with the spec key that fills it; an address is not a placeholder.
    if (target.startsWith('<')) expect(p.placeholders[target]).toMatch(/network\.dnsServers/);
    else expect(Object.keys(p.placeholders).filter((k) => /dns-ip/.test(k))).toEqual([]);
  });

  it('central DNS points at the hub zones by resource ID; a zone the hub lacks is created here (issue 9)', () => {
    const id = '/subscriptions/0/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.us';
    const p = dnsPlan(spec((s) => {
      s.dns.mode = 'central';
      s.dns.zoneIds = { 'privatelink.azurecr.us': id };
    }));
    expect(p.zones.find((z) => z.zone === 'privatelink.azurecr.us')).toMatchObject({ mode: 'hub', resourceId: id });
    expect(p.zones.find((z) => z.zone === 'privatelink.api.ml.azure.us')).toEqual(expect.objectContaining({ mode: 'created' }));
    expect(p.zones.find((z) => z.zone === 'privatelink.api.ml.azure.us')?.resourceId).toBeUndefined();
  });

  // Government table, Storage: queue -> privatelink.queue.core.usgovcloudapi.net (queue.core.usgovcloudapi.net),
  // table -> privatelink.table.core.usgovcloudapi.net (table.core.usgovcloudapi.net).
  it('storage.queueAndTablePrivateEndpoints: queue and table zones, A records, forwarders and hosts lines; none when off', () => {
    const on = dnsPlan(spec(), { unique: 'abc' });
    expect(on.records.filter((r) => /queue|table/.test(r.zone)).map((r) => [r.zone, r.name, r.fqdn, r.value])).toEqual([
      ['privatelink.queue.core.usgovcloudapi.net', 'il5mlstabc', 'il5mlstabc.queue.core.usgovcloudapi.net', '<ip:il5ml-pe-st-queue>'],
      ['privatelink.table.core.usgovcloudapi.net', 'il5mlstabc', 'il5mlstabc.table.core.usgovcloudapi.net', '<ip:il5ml-pe-st-table>'],
    ]);
    expect(on.hosts.filter((h) => /queue|table/.test(h)).map((h) => h.replace(/\s+/g, ' '))).toEqual([
      '<ip:il5ml-pe-st-queue> il5mlstabc.queue.core.usgovcloudapi.net',
      '<ip:il5ml-pe-st-table> il5mlstabc.table.core.usgovcloudapi.net',
    ]);
    const off = dnsPlan(spec((s) => (s.storage.queueAndTablePrivateEndpoints = false)), { unique: 'abc' });
    expect(JSON.stringify(off)).not.toMatch(/queue|table\.core/);
    expect(off.zones).toHaveLength(7);
  });

  it('central DNS with the hub\'s queue and table zones: used by resource ID, not created', () => {
    const id = (z: string) => `/subscriptions/0/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/${z}`;
    const p = dnsPlan(spec((s) => {
      s.dns.mode = 'central';
      s.dns.zoneIds = { 'privatelink.queue.core.usgovcloudapi.net': id('privatelink.queue.core.usgovcloudapi.net'), 'privatelink.table.core.usgovcloudapi.net': id('privatelink.table.core.usgovcloudapi.net') };
    }));
    expect(p.zones.filter((z) => z.mode === 'hub').map((z) => [z.zone, z.resourceId])).toEqual([
      ['privatelink.queue.core.usgovcloudapi.net', id('privatelink.queue.core.usgovcloudapi.net')],
      ['privatelink.table.core.usgovcloudapi.net', id('privatelink.table.core.usgovcloudapi.net')],
    ]);
  });

  it('adds the Azure Monitor zones with a private link scope', () => {
    const p = dnsPlan(spec((s) => (s.monitoring.privateLinkScope = true)));
    expect(p.zones.map((z) => z.zone)).toContain('privatelink.monitor.azure.us');
    expect(p.forwarders.map((f) => f.zone)).toContain('agentsvc.azure-automation.us');
  });

  it('hosts file: one line per name, incl. the compute instance, no wildcard; no commercial host anywhere', () => {
    const p = dnsPlan(spec());
    expect(p.hosts).toHaveLength(12);
    expect(p.hosts.some((h) => h.includes('*'))).toBe(false);
    expect(p.hosts.at(-1)).toBe('<ip:il5ml-pe-mlw#1>     il5ml-ci<unique13>.usgovvirginia.instances.ml.azure.us');
    const text = JSON.stringify(p);
    for (const m of text.matchAll(/[a-z0-9<>*.-]+\.[a-z]{2,}/g)) {
      for (const suffix of COMMERCIAL_SUFFIXES) expect(m[0].endsWith(suffix), m[0]).toBe(false);
    }
  });
});
