import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-VM-004.js';
import { examples } from '../../../src/baseline/examples.js';
import type { AzureResource } from '../../../src/core/resource.js';
import { Unknown } from '../../../src/core/unknown.js';
import { exampleId } from '../../../src/baseline/meta.js';
import { otherType, set, table } from '../table.js';

// Source: machine configuration overview, "Communicate over Private Link in Azure" (tag EnablePrivateNetworkGC = TRUE,
// or outbound to AzureArcInfrastructure), https://learn.microsoft.com/azure/governance/machine-configuration/overview.
const vm = examples.virtualMachine();
const nicId = exampleId('Microsoft.Network/networkInterfaces', 'vm-jumpbox-nic');
const withNic = set(vm, 'properties.networkProfile', { networkInterfaces: [{ id: nicId }] });
const nic = (publicIp: boolean): AzureResource => ({
  id: nicId,
  type: 'Microsoft.Network/networkInterfaces',
  name: 'vm-jumpbox-nic',
  apiVersion: '2023-11-01',
  properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { privateIPAllocationMethod: 'Dynamic', ...(publicIp ? { publicIPAddress: { id: exampleId('Microsoft.Network/publicIPAddresses', 'pip') } } : {}) } }] },
});
const rcg = (tag: string): AzureResource => ({
  id: exampleId('Microsoft.Network/firewallPolicies/ruleCollectionGroups', 'fwp/egress'),
  type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
  name: 'fwp/egress',
  apiVersion: '2023-11-01',
  properties: { ruleCollections: [{ name: 'net', rules: [{ ruleType: 'NetworkRule', name: 'arc', destinationAddresses: [tag], destinationPorts: ['443'] }] }] },
});
const nsg = (direction: string): AzureResource => ({
  id: exampleId('Microsoft.Network/networkSecurityGroups', 'nsg-jumpbox'),
  type: 'Microsoft.Network/networkSecurityGroups',
  name: 'nsg-jumpbox',
  apiVersion: '2023-11-01',
  properties: { securityRules: [{ name: 'arc', properties: { direction, access: 'Allow', destinationAddressPrefix: 'AzureArcInfrastructure', destinationPortRange: '443' } }] },
});

describe('IL5-VM-004 IL5.VirtualMachine.GuestConfigurationReports', () => {
  table(rule, [
    { name: 'tag TRUE', resource: set(vm, 'tags', { EnablePrivateNetworkGC: 'TRUE' }), expect: 'Compliant', source: 'Learn: tag value TRUE', reason: "tags.EnablePrivateNetworkGC = 'TRUE'" },
    { name: 'tag true, any case', resource: set(vm, 'tags', { EnablePrivateNetworkGC: 'true' }), expect: 'Compliant', source: 'tag values compared case-insensitively', reason: "tags.EnablePrivateNetworkGC = 'true'" },
    { name: 'no tag, no public IP, no Arc rule', resource: withNic, others: [nic(false)], expect: 'NonCompliant', source: 'cannot reach the service', reason: 'tags.EnablePrivateNetworkGC is missing, no public IP, and no firewall or NSG rule allows AzureArcInfrastructure' },
    { name: 'tag FALSE', resource: set(vm, 'tags', { EnablePrivateNetworkGC: 'FALSE' }), expect: 'NonCompliant', source: 'only TRUE routes privately', reason: "tags.EnablePrivateNetworkGC is 'FALSE', no public IP, and no firewall or NSG rule allows AzureArcInfrastructure" },
    { name: 'a NIC with a public IP', resource: withNic, others: [nic(true)], expect: 'Compliant', source: 'reports over the internet path', reason: 'network interface vm-jumpbox-nic has a public IP: guest configuration reports over it' },
    { name: 'a firewall rule to AzureArcInfrastructure', resource: vm, others: [rcg('AzureArcInfrastructure')], expect: 'Compliant', source: 'Learn: or allow AzureArcInfrastructure', reason: 'AzureArcInfrastructure is allowed outbound (firewall rule arc in fwp/egress)' },
    { name: 'a firewall rule to another tag', resource: vm, others: [rcg('AzureMonitor')], expect: 'NonCompliant', source: 'not the Arc tag', reason: 'tags.EnablePrivateNetworkGC is missing, no public IP, and no firewall or NSG rule allows AzureArcInfrastructure' },
    { name: 'an outbound NSG rule to AzureArcInfrastructure', resource: vm, others: [nsg('Outbound')], expect: 'Compliant', source: 'NSG path', reason: 'AzureArcInfrastructure is allowed outbound (NSG rule in nsg-jumpbox)' },
    { name: 'an inbound NSG rule does not count', resource: vm, others: [nsg('Inbound')], expect: 'NonCompliant', source: 'direction', reason: 'tags.EnablePrivateNetworkGC is missing, no public IP, and no firewall or NSG rule allows AzureArcInfrastructure' },
    { name: 'tag from a parameter without value', resource: set(vm, 'tags', { EnablePrivateNetworkGC: new Unknown('p') }), expect: 'Unknown', source: 'cannot tell', reason: 'tags.EnablePrivateNetworkGC is unknown until deployment (p)' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a virtual machine' },
  ]);
});
