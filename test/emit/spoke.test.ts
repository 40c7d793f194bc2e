import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/emit/plan.js';
import { egressRules } from '../../src/net/egress-rules.js';
import { defaultSpec } from '../../src/spec/load.js';
import { resourceNames } from '../../src/spec/names.js';
import type { ArmResourceDecl } from '../../src/emit/types.js';
import { MLZ_HUB_VNET, MLZ_HUB_ZONES, MLZ_LOG, MLZ_SPOKE_YAML, MLZ_ZONES, specFrom } from './specs.js';

/**
 * Issue 9, section 5: a spoke of a Mission Landing Zone hub, with exactly the spec keys
 * (network.hub.virtualNetworkId, network.dnsServers, firewall existing + privateIp, dns central with a partial
 * zoneIds, monitoring.logAnalyticsWorkspaceId). The hub has the vault, blob and file zones only.
 */
const spec = specFrom(MLZ_SPOKE_YAML);
const plan = buildPlan(spec);
const rs = plan.template.resources;
const n = resourceNames(spec);
const ofType = (t: string): ArmResourceDecl[] => rs.filter((r) => r.type === t);
const text = JSON.stringify(plan.template);

describe('MLZ spoke plan (issue 9 section 5)', () => {
  it('peers to the hub, and creates the hub side as a nested deployment in the hub subscription and resource group', () => {
    const peering = ofType('Microsoft.Network/virtualNetworks/virtualNetworkPeerings');
    expect(peering.map((p) => p.name)).toEqual([`${n.vnet}/${n.peeringToHub}`]);
    expect(peering[0]?.properties).toMatchObject({ remoteVirtualNetwork: { id: MLZ_HUB_VNET }, allowForwardedTraffic: true, useRemoteGateways: false });
    const [d] = ofType('Microsoft.Resources/deployments');
    expect(d).toMatchObject({ subscriptionId: '11111111-2222-3333-4444-555555555555', resourceGroup: 'mlz-hub-rg' });
    const inner = (d?.properties as { template: { resources: ArmResourceDecl[] }; parameters: Record<string, { value: unknown }> });
    expect(inner.template.resources.map((r) => r.type)).toEqual(['Microsoft.Network/virtualNetworks/virtualNetworkPeerings']);
    expect(inner.parameters.hubVirtualNetworkName?.value).toBe('mlz-hub-vnet');
    expect(plan.planMd).toContain('Microsoft.Network/virtualNetworks/peer/action');
  });

  it('resolves through the hub: dhcpOptions.dnsServers is network.dnsServers', () => {
    expect(ofType('Microsoft.Network/virtualNetworks')[0]?.properties?.dhcpOptions).toEqual({ dnsServers: ['10.0.100.4'] });
  });

  it('without network.dnsServers, the hub firewall private IP (its DNS proxy)', () => {
    const s = specFrom(MLZ_SPOKE_YAML.replace('  dnsServers: [10.0.100.4]\n', '').replace('privateIp: 10.0.100.4', 'privateIp: 10.0.100.5'));
    const vnet = buildPlan(s).template.resources.find((r) => r.type === 'Microsoft.Network/virtualNetworks');
    expect(vnet?.properties?.dhcpOptions).toEqual({ dnsServers: ['10.0.100.5'] });
  });

  it('uses the hub zones it names, creates the six it lacks (queue and table: storage.queueAndTablePrivateEndpoints) and links them to the spoke and the hub', () => {
    const zones = ofType('Microsoft.Network/privateDnsZones').map((z) => z.name);
    expect(zones.sort()).toEqual([
      'privatelink.api.ml.azure.us',
      'privatelink.azurecr.us',
      'privatelink.dfs.core.usgovcloudapi.net',
      'privatelink.notebooks.usgovcloudapi.net',
      'privatelink.queue.core.usgovcloudapi.net',
      'privatelink.table.core.usgovcloudapi.net',
    ]);
    const links = ofType('Microsoft.Network/privateDnsZones/virtualNetworkLinks');
    expect(links).toHaveLength(zones.length * 2);
    expect(links.filter((l) => JSON.stringify(l.properties).includes(MLZ_HUB_VNET))).toHaveLength(zones.length);
    for (const z of MLZ_HUB_ZONES) expect(text).toContain(`${MLZ_ZONES}/${z}`);
  });

  it('no local Log Analytics workspace: every diagnostic setting sends to the hub workspace', () => {
    expect(ofType('Microsoft.OperationalInsights/workspaces')).toHaveLength(0);
    const diags = ofType('Microsoft.Insights/diagnosticSettings');
    expect(diags.length).toBeGreaterThan(0);
    for (const d of diags) expect(d.properties?.workspaceId).toBe(MLZ_LOG);
    expect(ofType('Microsoft.Insights/components')[0]?.properties?.WorkspaceResourceId).toBe(MLZ_LOG);
  });

  it('no Bastion, no public IP, no firewall and no firewall subnet', () => {
    for (const t of ['Microsoft.Network/bastionHosts', 'Microsoft.Network/publicIPAddresses', 'Microsoft.Network/azureFirewalls']) expect(ofType(t), t).toHaveLength(0);
    expect(text).not.toContain('AzureBastionSubnet');
    expect(text).not.toContain('AzureFirewallSubnet');
  });

  it('the default route goes to the hub firewall, on Training, Scoring and JumpBox', () => {
    const rt = ofType('Microsoft.Network/routeTables')[0];
    expect(JSON.stringify(rt?.properties)).toContain('"nextHopIpAddress":"10.0.100.4"');
  });

  it('0 NonCompliant in its own baseline verdicts, and the new rules judged it', () => {
    expect(plan.compliance.summary.byCompliance.NonCompliant).toBe(0);
    const judged = (id: string) => plan.compliance.results.filter((r) => r.ruleId === id).map((r) => r.compliance);
    expect(judged('IL5-NET-006')).toEqual(['Compliant']);
    expect(judged('IL5-VM-004')).toEqual(['Compliant']);
    expect(judged('IL5-ST-012')).toEqual(['Compliant']);
  });

  it('network.subnets.bastion given in a spoke: Bastion and its public IP are created', () => {
    const s = specFrom(MLZ_SPOKE_YAML.replace('    jumpBox: 10.0.122.0/27', '    jumpBox: 10.0.122.0/27\n    bastion: 10.0.122.64/26'));
    const r = buildPlan(s).template.resources;
    expect(r.filter((x) => x.type === 'Microsoft.Network/bastionHosts')).toHaveLength(1);
  });
});

describe('jump box off (any plan): no Bastion, no public IP for it, no jump box rules', () => {
  it('the default spec with jumpBox.enabled false', () => {
    const s = defaultSpec();
    s.jumpBox.enabled = false;
    const r = buildPlan(s).template.resources;
    expect(r.filter((x) => x.type === 'Microsoft.Network/bastionHosts')).toHaveLength(0);
    expect(r.filter((x) => x.type === 'Microsoft.Network/publicIPAddresses').map((x) => x.name)).toEqual([resourceNames(s).firewallPublicIp]);
    expect(egressRules(s).some((x) => x.from === 'jumpBox')).toBe(false);
  });
});

describe('network.serviceEndpointPolicy (issue 9 section 4: exfiltration)', () => {
  const s = specFrom('network:\n  serviceEndpointPolicy: true\n');
  const p = buildPlan(s);
  it('a Microsoft.Storage service endpoint and the policy on Training and Scoring only; Azure ML alias and this resource group', () => {
    const vnet = p.template.resources.find((r) => r.type === 'Microsoft.Network/virtualNetworks');
    const subnets = (vnet?.properties?.subnets ?? []) as { name: string; properties: Record<string, unknown> }[];
    expect(subnets.filter((x) => x.properties.serviceEndpointPolicies !== undefined).map((x) => x.name)).toEqual(['Training', 'Scoring']);
    const sep = p.template.resources.find((r) => r.type === 'Microsoft.Network/serviceEndpointPolicies');
    expect(JSON.stringify(sep?.properties)).toContain('/services/Azure/MachineLearning');
    expect(JSON.stringify(sep?.properties)).toContain('[resourceGroup().id]');
    expect(p.compliance.summary.byCompliance.NonCompliant).toBe(0);
  });
  it('plan.md: the default says what stays open, the option what it closes', () => {
    expect(buildPlan(defaultSpec()).planMd).toContain('Exfiltration left open by default');
    expect(p.planMd).toContain('AzureFrontDoor.Frontend stays open');
  });
});
