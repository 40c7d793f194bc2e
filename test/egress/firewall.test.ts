import { describe, expect, it } from 'vitest';
import { commercialSuffixesIn } from '../../src/catalog/dns-zones.js';
import { PACKAGE_SOURCE_KEYS } from '../../src/catalog/egress.js';
import { computeNsgRules, emitFirewall, firewallRuleCollections, ruleCollectionGroupTemplate } from '../../src/emit/firewall.js';
import { emitNetwork } from '../../src/emit/network.js';
import { defaultSpec } from '../../src/spec/load.js';
import type { Spec } from '../../src/spec/schema.js';
import { expectGolden } from '../helpers/golden.js';

function spec(change: (s: Spec) => void = () => undefined): Spec {
  const s = defaultSpec();
  change(s);
  return s;
}

/** Every string in a JSON value, for scanning generated output. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

describe('step D emitter', () => {
  it('default (azureFirewall, Premium): golden fragment', () => {
    expectGolden('egress/fragment-default.json', `${JSON.stringify(emitFirewall(spec()), null, 2)}\n`);
  });

  it('existing firewall: golden fragment, only the route table is created', () => {
    const f = emitFirewall(spec((s) => {
      s.firewall.mode = 'existing';
      s.firewall.privateIp = '10.50.0.4';
    }));
    expect(f.resources.map((r) => r.type)).toEqual(['Microsoft.Network/routeTables']);
    expect(JSON.stringify(f.resources[0])).toContain('"nextHopIpAddress":"10.50.0.4"');
    expectGolden('egress/fragment-existing.json', `${JSON.stringify(f, null, 2)}\n`);
  });

  it('existing firewall without privateIp is a user error naming the key', () => {
    expect(() => emitFirewall(spec((s) => (s.firewall.mode = 'existing')))).toThrow(/firewall.privateIp/);
  });

  it('creates public IP, policy, rule collection group, firewall, diagnostic settings and route table', () => {
    const f = emitFirewall(spec());
    expect(f.step).toBe('D');
    expect(f.resources.map((r) => r.type)).toEqual([
      'Microsoft.Network/publicIPAddresses',
      'Microsoft.Network/firewallPolicies',
      'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
      'Microsoft.Network/azureFirewalls',
      'Microsoft.Insights/diagnosticSettings',
      'Microsoft.Network/routeTables',
    ]);
    const policy = f.resources[1];
    expect(policy?.properties).toMatchObject({ sku: { tier: 'Premium' }, dnsSettings: { enableProxy: true }, intrusionDetection: { mode: 'Deny' } });
    const fw = f.resources[3];
    expect(fw?.properties).toMatchObject({ sku: { name: 'AZFW_VNet', tier: 'Premium' } });
    expect(fw?.dependsOn).toContain("[resourceId('Microsoft.Network/firewallPolicies/ruleCollectionGroups', 'il5ml-fwpolicy', 'aml-egress')]");
    expect(f.resources[4]?.properties).toMatchObject({ workspaceId: "[resourceId('Microsoft.OperationalInsights/workspaces', 'il5ml-log')]" });
  });

  it('Standard SKU has no IDPS setting; DNS proxy follows the spec', () => {
    const f = emitFirewall(spec((s) => {
      s.firewall.sku = 'Standard';
      s.firewall.dnsProxy = false;
    }));
    expect(f.resources[1]?.properties).toEqual({ sku: { tier: 'Standard' }, threatIntelMode: 'Deny', dnsSettings: { enableProxy: false } });
  });

  it('route table: 0.0.0.0/0 to the first usable address of AzureFirewallSubnet, attached to Training, Scoring and JumpBox only', () => {
    const f = emitFirewall(spec((s) => (s.network.subnets.firewall = '10.9.8.192/26')));
    const rt = f.resources.find((r) => r.type === 'Microsoft.Network/routeTables');
    expect(rt?.properties).toEqual({
      disableBgpRoutePropagation: false,
      routes: [{ name: 'default-to-firewall', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.9.8.196' } }],
    });
    expect(f.subnetAttachments?.map((a) => [a.subnet, a.routeTable])).toEqual([
      ['training', 'il5ml-rt'],
      ['scoring', 'il5ml-rt'],
      ['jumpBox', 'il5ml-rt'],
    ]);
  });

  it('the jump box has its own rule collections, from its own subnet, with the WindowsUpdate FQDN tag', () => {
    const jb = firewallRuleCollections(spec(), 'jumpBox');
    const wu = jb.application.find((r) => r.name === 'jb-windowsupdate');
    expect(wu).toEqual({
      ruleType: 'ApplicationRule',
      name: 'jb-windowsupdate',
      description: expect.any(String),
      protocols: [{ protocolType: 'Http', port: 80 }, { protocolType: 'Https', port: 443 }],
      sourceAddresses: ['172.16.4.0/27'],
      fqdnTags: ['WindowsUpdate'],
    });
    expect(jb.network.map((r) => r.name)).toEqual(['jb-kms-1', 'jb-kms-2', 'jb-aad', 'jb-frontdoor']);
    const compute = firewallRuleCollections(spec());
    // Package sources for compute only; portal and Windows Update for the jump box only.
    expect(compute.application.some((r) => r.name === 'pypi')).toBe(true);
    expect(jb.application.some((r) => r.name === 'pypi')).toBe(false);
    expect(compute.application.some((r) => r.name === 'jb-portal' || r.name === 'jb-windowsupdate')).toBe(false);
    const policy = emitFirewall(spec()).resources.find((r) => r.type === 'Microsoft.Network/firewallPolicies/ruleCollectionGroups');
    const cols = (policy?.properties?.ruleCollections ?? []) as { name: string; priority: number }[];
    expect(cols.map((c) => [c.name, c.priority])).toEqual([
      ['aml-network', 100],
      ['aml-application', 200],
      ['jumpbox-network', 300],
      ['jumpbox-application', 400],
    ]);
  });

  it('the jump box activates Windows: TCP 1688 to both Azure Government KMS addresses, network rules by IP from its subnet only', () => {
    const jb = firewallRuleCollections(spec(), 'jumpBox');
    const kms = jb.network.filter((r) => String(r.name).startsWith('jb-kms-'));
    expect(kms.map(({ description: _d, ...rest }) => rest)).toEqual([
      { ruleType: 'NetworkRule', name: 'jb-kms-1', ipProtocols: ['TCP'], sourceAddresses: ['172.16.4.0/27'], destinationAddresses: ['23.97.0.13/32'], destinationPorts: ['1688'] },
      { ruleType: 'NetworkRule', name: 'jb-kms-2', ipProtocols: ['TCP'], sourceAddresses: ['172.16.4.0/27'], destinationAddresses: ['52.126.105.2/32'], destinationPorts: ['1688'] },
    ]);
    // By address: no destinationFqdns, so the rules hold with the DNS proxy off too.
    const noProxy = firewallRuleCollections(spec((s) => (s.firewall.dnsProxy = false)), 'jumpBox');
    expect(noProxy.network.filter((r) => String(r.name).startsWith('jb-kms-'))).toEqual(jb.network.filter((r) => String(r.name).startsWith('jb-kms-')));
    expect(firewallRuleCollections(spec()).network.some((r) => String(r.name).startsWith('jb-kms-'))).toBe(false);
    expect(firewallRuleCollections(spec((s) => (s.jumpBox.enabled = false)), 'jumpBox').network).toEqual([]);
  });

  it('NSG rules: outbound only, for compute without a public IP', () => {
    const rules = computeNsgRules(spec());
    expect(rules.map((r) => [r.name, r.priority, r.protocol, r.destinationAddressPrefix, r.destinationPorts.join(',')])).toEqual([
      ['AllowAzureMachineLearningOutbound', 100, 'Tcp', 'AzureMachineLearning', '443,8787,18881'],
      ['AllowAzureMachineLearningUdpOutbound', 110, 'Udp', 'AzureMachineLearning', '5831'],
      ['AllowBatchNodeManagementOutbound', 120, '*', 'BatchNodeManagement.USGovVirginia', '443'],
      ['AllowStorageOutbound', 130, 'Tcp', 'Storage.USGovVirginia', '443'],
      ['AllowVirtualNetworkHttpsOutbound', 140, 'Tcp', 'VirtualNetwork', '443'],
    ]);
    expect(rules.every((r) => r.direction === 'Outbound' && r.description.length <= 140)).toBe(true);
  });

  it('firewall rules: tags with the FW-capable substitute, FQDNs as application rules, NSG-only rules left out', () => {
    const { network, application } = firewallRuleCollections(spec());
    const dest = network.map((r) => (r.destinationAddresses as string[] | undefined)?.[0] ?? (r.destinationFqdns as string[])[0]);
    expect(dest).toContain('BatchNodeManagement');
    expect(dest).not.toContain('BatchNodeManagement.USGovVirginia');
    expect(dest).not.toContain('VirtualNetwork');
    const login = application.find((r) => r.name === 'login');
    expect(login?.protocols).toEqual([
      { protocolType: 'Http', port: 80 },
      { protocolType: 'Https', port: 443 },
    ]);
    // Non-HTTP ports of *.instances.azureml.us and the UDP tundra host ride on the AzureMachineLearning tag rules.
    expect(application.find((r) => r.name === 'instances')?.protocols).toEqual([{ protocolType: 'Https', port: 443 }]);
    expect(application.find((r) => r.name === 'tundra')).toBeUndefined();
    expect(network.find((r) => r.name === 'tundra')).toBeUndefined();
  });

  it('contains no commercial-cloud host anywhere', () => {
    const all = strings(emitFirewall(spec((s) => PACKAGE_SOURCE_KEYS.forEach((k) => (s.firewall.packageSources[k] = true)))));
    for (const s of all) expect(commercialSuffixesIn(s).filter((x) => s.toLowerCase().endsWith(x)), s).toEqual([]);
  });

  it('wires into the step A network emitter: route table on Training and Scoring, NSG rules merged, nothing on Bastion', () => {
    const s = spec();
    const net = emitNetwork(s, emitFirewall(s).subnetAttachments ?? []);
    const vnet = net.resources.find((r) => r.type === 'Microsoft.Network/virtualNetworks');
    const subnets = (vnet?.properties?.subnets ?? []) as { name: string; properties: Record<string, unknown> }[];
    const rt = (name: string): unknown => subnets.find((x) => x.name === name)?.properties.routeTable;
    expect(rt('Training')).toEqual({ id: "[resourceId('Microsoft.Network/routeTables', 'il5ml-rt')]" });
    expect(rt('Scoring')).toEqual({ id: "[resourceId('Microsoft.Network/routeTables', 'il5ml-rt')]" });
    expect(rt('AzureBastionSubnet')).toBeUndefined();
    expect(rt('AzureFirewallSubnet')).toBeUndefined();
    const nsg = net.resources.find((r) => r.name === 'il5ml-nsg-training');
    expect(JSON.stringify(nsg?.properties)).toContain('AllowBatchNodeManagementOutbound');
  });
});

describe('step D inside the whole plan', () => {
  /** `[resourceId('T', 'a', 'b')]` of a declared resource (names as literals: the step D names are). */
  function idOf(r: { type: string; name: string }): string {
    const parts = r.name.split('/').map((p) => `'${p}'`);
    return `[resourceId('${r.type}', ${parts.join(', ')})]`;
  }

  it.each([
    ['azureFirewall', (s: Spec) => s],
    ['existing', (s: Spec) => {
      s.firewall.mode = 'existing';
      s.firewall.privateIp = '10.0.0.4';
    }],
  ])('%s: every dependsOn of a step D resource is declared in the plan, and the dependencies have no cycle', async (_m, change) => {
    const { buildPlan } = await import('../../src/emit/plan.js');
    const s = spec((x) => void change(x));
    const plan = buildPlan(s, [emitFirewall]);
    const resources = plan.template.resources;
    const ids = new Map(resources.map((r) => [idOf(r), r]));
    const stepD = new Set(emitFirewall(s).resources.map((r) => idOf(r)));
    for (const r of resources) {
      if (!stepD.has(idOf(r)) && !(r.dependsOn ?? []).some((d) => stepD.has(d))) continue;
      for (const d of r.dependsOn ?? []) expect(ids.has(d) || d.includes('uniqueString'), `${r.name} -> ${d}`).toBe(true);
    }
    // Depth-first search for a cycle over the literal-name resources.
    const state = new Map<string, 'open' | 'done'>();
    const visit = (id: string, path: string[]): void => {
      if (state.get(id) === 'done') return;
      if (state.get(id) === 'open') throw new Error(`dependency cycle: ${[...path, id].join(' -> ')}`);
      state.set(id, 'open');
      for (const d of ids.get(id)?.dependsOn ?? []) if (ids.has(d)) visit(d, [...path, id]);
      state.set(id, 'done');
    };
    for (const id of ids.keys()) visit(id, []);
  });
});

describe('egress --format arm: the rule collection group for an existing Azure Firewall policy', () => {
  const existing = (): Spec =>
    spec((s) => {
      s.firewall.mode = 'existing';
      s.firewall.privateIp = '10.50.0.4';
    });
  const groupOf = (t: Record<string, unknown>): { type: string; name: string; apiVersion: string; properties: { priority: unknown; ruleCollections: unknown[] } } =>
    (t.resources as { type: string; name: string; apiVersion: string; properties: { priority: unknown; ruleCollections: unknown[] } }[])[0] ?? { type: '', name: '', apiVersion: '', properties: { priority: 0, ruleCollections: [] } };

  it('holds exactly the rule collections the plan gives its own policy (firewall.mode azureFirewall)', () => {
    const own = emitFirewall(spec()).resources.find((r) => r.type === 'Microsoft.Network/firewallPolicies/ruleCollectionGroups');
    const t = ruleCollectionGroupTemplate(spec());
    expect(groupOf(t).properties.ruleCollections).toEqual((own?.properties as { ruleCollections: unknown[] }).ruleCollections);
    expect(groupOf(t).apiVersion).toBe(own?.apiVersion);
  });

  it('for firewall.mode existing: every egress rule the firewall enforces, from Training, Scoring and the jump box, none of the NSG rule', () => {
    const s = existing();
    const t = ruleCollectionGroupTemplate(s);
    const g = groupOf(t);
    expect(g.type).toBe('Microsoft.Network/firewallPolicies/ruleCollectionGroups');
    expect(g.name).toBe("[format('{0}/{1}', parameters('firewallPolicyName'), parameters('ruleCollectionGroupName'))]");
    expect(g.properties.priority).toBe("[parameters('ruleCollectionGroupPriority')]");
    const names = (g.properties.ruleCollections as { name: string; rules: { name: string }[] }[]).flatMap((c) => c.rules.map((r) => r.name));
    expect(names).toContain('aml');
    expect(names).toContain('jb-kms-1');
    expect(names).not.toContain('vnet');
    const collections = g.properties.ruleCollections as { name: string; priority: number }[];
    expect(collections.map((c) => c.name)).toEqual(['aml-network', 'aml-application', 'jumpbox-network', 'jumpbox-application']);
    for (const c of collections) expect(c.priority).toBeGreaterThanOrEqual(100);
    const params = t.parameters as Record<string, { defaultValue?: unknown; minValue?: number; maxValue?: number }>;
    expect(Object.keys(params)).toEqual(['firewallPolicyName', 'ruleCollectionGroupName', 'ruleCollectionGroupPriority']);
    expect(params.firewallPolicyName?.defaultValue).toBeUndefined();
    // Not 100, 200 or 300: a portal-made policy's default groups hold those (policy-rule-sets).
    expect(params.ruleCollectionGroupPriority).toMatchObject({ defaultValue: 400, minValue: 100, maxValue: 65000 });
    // No commercial-cloud host among the rules (the $schema URL is ARM's own, the same in every cloud).
    expect(commercialSuffixesIn(JSON.stringify(t.resources))).toEqual([]);
  });
});
