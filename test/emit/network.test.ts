import { describe, expect, it } from 'vitest';
import type { AttachingFragment, NsgRule } from '../../src/emit/attachments.js';
import { BASTION_NSG_RULES, emitNetwork } from '../../src/emit/network.js';
import { buildPlan } from '../../src/emit/plan.js';
import type { ArmResourceDecl, Emitter } from '../../src/emit/types.js';
import { defaultSpec } from '../../src/spec/load.js';
import { resourceNames } from '../../src/spec/names.js';

function subnets(resources: readonly ArmResourceDecl[]): Array<{ name: string; properties: Record<string, unknown> }> {
  const vnet = resources.find((r) => r.type === 'Microsoft.Network/virtualNetworks');
  return ((vnet?.properties ?? {}) as { subnets: Array<{ name: string; properties: Record<string, unknown> }> }).subnets;
}

describe('Bastion NSG rules', () => {
  // Expected: the required-rules table of "Configure NSG rules for Azure Bastion",
  // https://learn.microsoft.com/azure/bastion/bastion-nsg (read 2026-11-25).
  const table: Array<[direction: string, source: string, destination: string, ports: string, protocol: string]> = [
    ['Inbound', 'Internet', '*', '443', 'Tcp'],
    ['Inbound', 'GatewayManager', '*', '443', 'Tcp'],
    ['Inbound', 'VirtualNetwork', 'VirtualNetwork', '8080,5701', '*'],
    ['Inbound', 'AzureLoadBalancer', '*', '443', 'Tcp'],
    ['Outbound', '*', 'VirtualNetwork', '22,3389', '*'],
    ['Outbound', '*', 'AzureCloud', '443', 'Tcp'],
    ['Outbound', 'VirtualNetwork', 'VirtualNetwork', '8080,5701', '*'],
    ['Outbound', '*', 'Internet', '80', '*'],
  ];
  const actual = BASTION_NSG_RULES.map((r) => [r.direction, r.sourceAddressPrefix, r.destinationAddressPrefix, r.destinationPorts.join(','), r.protocol]);
  it.each(table)('%s from %s to %s ports %s (%s) is allowed', (...row) => {
    expect(actual).toContainEqual(row);
  });
  it('has exactly the documented rules, all Allow', () => {
    expect(BASTION_NSG_RULES).toHaveLength(table.length);
    expect(BASTION_NSG_RULES.every((r) => r.access === 'Allow')).toBe(true);
  });
});

describe('step A network', () => {
  const spec = defaultSpec();
  const n = resourceNames(spec);
  it('an NSG on every subnet except AzureFirewallSubnet', () => {
    const s = subnets(emitNetwork(spec).resources);
    expect(s.map((x) => [x.name, x.properties.networkSecurityGroup !== undefined])).toEqual([
      ['Training', true],
      ['Scoring', true],
      ['PrivateEndpoints', true],
      ['JumpBox', true],
      ['AzureBastionSubnet', true],
      ['AzureFirewallSubnet', false],
    ]);
  });
  it('the subnets carry the spec prefixes', () => {
    const s = subnets(emitNetwork(spec).resources);
    expect(s.map((x) => x.properties.addressPrefix)).toEqual(['172.16.0.0/24', '172.16.1.0/24', '172.16.5.0/24', '172.16.4.0/27', '172.16.2.0/26', '172.16.3.0/26']);
  });
  it('Bastion: Standard SKU with a Standard static public IP', () => {
    const rs = emitNetwork(spec).resources;
    expect(rs.find((r) => r.type === 'Microsoft.Network/bastionHosts')?.sku).toEqual({ name: 'Standard' });
    const pip = rs.find((r) => r.type === 'Microsoft.Network/publicIPAddresses');
    expect(pip?.name).toBe(n.bastionPublicIp);
    expect(pip?.sku).toMatchObject({ name: 'Standard' });
    expect((pip?.properties ?? {}).publicIPAllocationMethod).toBe('Static');
  });
});

describe('subnet attachments: how step D plugs in', () => {
  const spec = defaultSpec();
  const rule: NsgRule = {
    name: 'DenyInternetOutbound',
    description: 'test',
    priority: 4000,
    direction: 'Outbound',
    access: 'Deny',
    protocol: '*',
    sourceAddressPrefix: '*',
    sourcePortRange: '*',
    destinationAddressPrefix: 'Internet',
    destinationPorts: ['*'],
  };
  const stepD: Emitter = (s) => {
    const fragment: AttachingFragment = {
      step: 'D',
      resources: [
        {
          type: 'Microsoft.Network/routeTables',
          apiVersion: '2025-01-01',
          name: resourceNames(s).routeTable,
          location: "[parameters('location')]",
          properties: { routes: [] },
        },
      ],
      notes: [{ step: 'D', what: 'Route table', why: 'test' }],
      deviations: [],
      subnetAttachments: [
        { subnet: 'training', routeTable: resourceNames(s).routeTable, securityRules: [rule], by: 'test step D' },
      ],
    };
    return fragment;
  };

  it('an extra emitter attaches a route table and NSG rules to Training through buildPlan', () => {
    const plan = buildPlan(spec, [stepD]);
    const training = subnets(plan.template.resources).find((s) => s.name === 'Training');
    expect(JSON.stringify(training?.properties.routeTable)).toContain("'Microsoft.Network/routeTables', 'il5ml-rt'");
    const vnet = plan.template.resources.find((r) => r.type === 'Microsoft.Network/virtualNetworks');
    expect(vnet?.dependsOn).toContain("[resourceId('Microsoft.Network/routeTables', 'il5ml-rt')]");
    const nsg = plan.template.resources.find((r) => r.name === resourceNames(spec).nsgTraining);
    expect(JSON.stringify(nsg)).toContain('DenyInternetOutbound');
    expect(plan.planMd).toContain('Route table');
    expect(plan.fragments.map((f) => f.step)).toEqual(['A', 'B', 'C', 'C', 'D', 'E', 'F', 'G', 'DNS']);
  });

  it('refuses a route table on AzureBastionSubnet, which does not support UDRs', () => {
    expect(() => emitNetwork(spec, [{ subnet: 'bastion', routeTable: 'rt', by: 'test' }])).toThrow(/AzureBastionSubnet/);
  });
  it('refuses NSG rules for AzureFirewallSubnet, which carries no NSG', () => {
    expect(() => emitNetwork(spec, [{ subnet: 'firewall', securityRules: [rule], by: 'test' }])).toThrow(/no NSG/);
  });
  it('refuses a rule whose priority clashes with a Bastion rule', () => {
    const clash = { ...rule, name: 'Clash', direction: 'Inbound' as const, priority: 120 };
    expect(() => emitNetwork(spec, [{ subnet: 'bastion', securityRules: [clash], by: 'test' }])).toThrow(/priority/);
  });
  it('refuses two route tables on one subnet', () => {
    expect(() =>
      emitNetwork(spec, [
        { subnet: 'training', routeTable: 'a', by: 'x' },
        { subnet: 'training', routeTable: 'b', by: 'y' },
      ]),
    ).toThrow(/two route tables/);
  });
  it('refuses the same resource declared by two steps', () => {
    const dup: Emitter = (s) => ({ ...stepD(s), subnetAttachments: [] } as AttachingFragment);
    expect(() => buildPlan(spec, [stepD, dup])).toThrow(/declared by step D and step D/);
  });
});
