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
      '<endpoint>.usgovvirginia.inference.ml.azure.us -> <ip:il5ml-pe-mlw#3>',
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

  // Every endpoint of the plan has a zone group, which empties the endpoint's customDnsConfigs: the IPs are read
  // from the zone group's record sets (az network private-endpoint dns-zone-group list --endpoint-name -g).
  it('<ip:NAME> says how to read the IP from the deployed zone group, in the deployment\'s resource group', () => {
    const byDefault = dnsPlan(spec()).placeholders['<ip:NAME>'];
    expect(byDefault).toContain('az network private-endpoint dns-zone-group list --endpoint-name NAME -g il5ml-rg --query "[].privateDnsZoneConfigs[].recordSets[].[fqdn, ipAddresses[0]]" -o tsv');
    expect(byDefault).not.toContain('customDnsConfigs');
    expect(dnsPlan(spec(), { resourceGroup: 'rg-ml-prod' }).placeholders['<ip:NAME>']).toContain('-g rg-ml-prod ');
    expect(dnsPlan(spec(), { resourceGroup: 'rg-ml-prod' }).placeholders['<workspace-guid>']).toContain('az ml workspace show -n il5ml-mlw -g rg-ml-prod --query workspace_id');
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

  // Configure private link for Azure Monitor, "Review endpoint's DNS settings" (read 2026-12-08): in.ai (global and
  // regional), api, live, profiler, snapshot, diagservices-query in the monitor zone; one entry per scoped workspace in
  // the oms, ods and agentsvc zones; one solution packs entry in the blob zone. Government zone names: private-endpoint-dns.
  it('private link scope: the A records its endpoint registers, in the Government zones, each placeholder explained', () => {
    const p = dnsPlan(spec((s) => (s.monitoring.privateLinkScope = true)), { unique: 'abc' });
    const ampls = p.records.filter((r) => r.privateEndpoint === 'il5ml-pe-ampls');
    expect(ampls.map((r) => [r.zone, r.name, r.fqdn, r.value])).toEqual([
      ['privatelink.monitor.azure.us', 'global.in.ai', 'global.in.ai.monitor.azure.us', '<ip:il5ml-pe-ampls#1>'],
      ['privatelink.monitor.azure.us', '<ai-regional>.in.ai', '<ai-regional>.in.ai.monitor.azure.us', '<ip:il5ml-pe-ampls#2>'],
      ['privatelink.monitor.azure.us', 'api', 'api.monitor.azure.us', '<ip:il5ml-pe-ampls#3>'],
      ['privatelink.monitor.azure.us', 'live', 'live.monitor.azure.us', '<ip:il5ml-pe-ampls#4>'],
      ['privatelink.monitor.azure.us', 'profiler', 'profiler.monitor.azure.us', '<ip:il5ml-pe-ampls#5>'],
      ['privatelink.monitor.azure.us', 'snapshot', 'snapshot.monitor.azure.us', '<ip:il5ml-pe-ampls#6>'],
      ['privatelink.monitor.azure.us', 'diagservices-query', 'diagservices-query.monitor.azure.us', '<ip:il5ml-pe-ampls#7>'],
      ['privatelink.oms.opinsights.azure.us', '<log-analytics-workspace-id>', '<log-analytics-workspace-id>.oms.opinsights.azure.us', '<ip:il5ml-pe-ampls#8>'],
      ['privatelink.ods.opinsights.azure.us', '<log-analytics-workspace-id>', '<log-analytics-workspace-id>.ods.opinsights.azure.us', '<ip:il5ml-pe-ampls#9>'],
      ['privatelink.agentsvc.azure-automation.us', '<log-analytics-workspace-id>', '<log-analytics-workspace-id>.agentsvc.azure-automation.us', '<ip:il5ml-pe-ampls#10>'],
      ['privatelink.blob.core.usgovcloudapi.net', '<ampls-solution-packs>', '<ampls-solution-packs>.blob.core.usgovcloudapi.net', '<ip:il5ml-pe-ampls#11>'],
    ]);
    // Every zone a record names is a zone of the plan, and every record is in the hosts fallback.
    const zones = new Set(p.zones.map((z) => z.zone));
    for (const r of ampls) expect(zones.has(r.zone), r.zone).toBe(true);
    for (const r of ampls) expect(p.hosts.some((h) => h.endsWith(` ${r.fqdn}`)), r.fqdn).toBe(true);
    expect(p.placeholders['<log-analytics-workspace-id>']).toMatch(/customerId/);
    expect(p.placeholders['<ai-regional>']).toMatch(/il5ml-pe-ampls/);
    expect(p.placeholders['<ampls-solution-packs>']).toMatch(/il5ml-pe-ampls/);
    expect(p.sources.map((s) => s.url)).toContain('https://learn.microsoft.com/azure/azure-monitor/fundamentals/private-link-configure#review-endpoints-dns-settings');
    const used = new Set(JSON.stringify(p.records).match(/<[a-z0-9-]+(?=[>:])/g) ?? []);
    for (const u of used) expect(Object.keys(p.placeholders).some((k) => k.startsWith(u)), u).toBe(true);
    expect(p.zones.find((z) => z.zone === 'privatelink.blob.core.usgovcloudapi.net')?.usedBy).toMatch(/solution packs/);
    // The meanings themselves name no other placeholder (a command to paste, not one more unknown).
    for (const m of Object.values(p.placeholders)) expect(m).not.toMatch(/<[^>]*>/);
  });

  // private-link-design (read 2026-12-08): one AMPLS per DNS; Private Only blocks resources outside the scope for every
  // network that shares the DNS. The DNS administrator forwarding these zones must be told.
  it('private link scope: the Azure Monitor forwarders warn that on-premises clients sharing the DNS are held to this scope', () => {
    const p = dnsPlan(spec((s) => (s.monitoring.privateLinkScope = true)));
    const monitor = p.forwarders.filter((f) => /monitor\.azure\.us|opinsights|agentsvc/.test(f.zone));
    expect(monitor.map((f) => f.zone)).toEqual(['monitor.azure.us', 'oms.opinsights.azure.us', 'ods.opinsights.azure.us', 'agentsvc.azure-automation.us']);
    for (const f of monitor) expect(f.why).toMatch(/one scope per DNS/);
    expect(p.forwarders.find((f) => f.zone === 'vault.usgovcloudapi.net')?.why).toBe('key vault');
  });

  it('private link scope with a hub workspace (monitoring.logAnalyticsWorkspaceId): no workspace records, it is not in this scope', () => {
    const p = dnsPlan(spec((s) => {
      s.monitoring.privateLinkScope = true;
      s.monitoring.logAnalyticsWorkspaceId = '/subscriptions/0/resourceGroups/hub/providers/Microsoft.OperationalInsights/workspaces/hub-log';
    }));
    const ampls = p.records.filter((r) => r.privateEndpoint === 'il5ml-pe-ampls');
    expect(ampls.map((r) => r.name)).toEqual(['global.in.ai', '<ai-regional>.in.ai', 'api', 'live', 'profiler', 'snapshot', 'diagservices-query', '<ampls-solution-packs>']);
    expect(p.placeholders['<log-analytics-workspace-id>']).toBeUndefined();
  });

  it('no Azure Monitor record or source without a private link scope', () => {
    const p = dnsPlan(spec());
    expect(JSON.stringify(p.records)).not.toMatch(/ampls|monitor|opinsights/);
    expect(p.sources).toHaveLength(2);
  });

  // how-to-custom-dns (read 2026-12-08), Azure US Government: *.usgovvirginia.inference.ml.azure.us -> 10.1.0.7, a third
  // address of the workspace endpoint (API 10.1.0.5, notebooks 10.1.0.6); its hosts example names an endpoint with it.
  it('managed online endpoints: the workspace endpoint\'s third address, in the zone and in the hosts file', () => {
    const p = dnsPlan(spec());
    const inference = p.records.find((r) => r.name.includes('.inference.'));
    expect(inference).toMatchObject({ zone: 'privatelink.api.ml.azure.us', name: '*.<workspace-guid>.inference.usgovvirginia', value: '<ip:il5ml-pe-mlw#3>' });
    expect(p.hosts.map((h) => h.replace(/\s+/g, ' '))).toContain('<ip:il5ml-pe-mlw#3> <endpoint>.usgovvirginia.inference.ml.azure.us');
  });

  it('hosts file: one line per name, incl. the compute instance, no wildcard; no commercial host anywhere', () => {
    const p = dnsPlan(spec());
    expect(p.hosts).toHaveLength(13);
    expect(p.hosts.some((h) => h.includes('*'))).toBe(false);
    expect(p.hosts.at(-1)).toBe('<ip:il5ml-pe-mlw#1>     il5ml-ci<unique13>.usgovvirginia.instances.ml.azure.us');
    const text = JSON.stringify(p);
    for (const m of text.matchAll(/[a-z0-9<>*.-]+\.[a-z]{2,}/g)) {
      for (const suffix of COMMERCIAL_SUFFIXES) expect(m[0].endsWith(suffix), m[0]).toBe(false);
    }
  });
});
