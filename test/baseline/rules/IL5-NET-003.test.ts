import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-NET-003.js';
import { examples, ids } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Sources: the exempt subnets of src/baseline/rules/IL5-NET-003.ts (policy 35f9c03a, Firewall and Route Server FAQs).
const vnet = examples.vnet();
const subnets = (vnet.properties as { subnets: { name: string; properties: Record<string, unknown> }[] }).subnets;
const training = subnets[0] ?? { name: 'Training', properties: {} };
describe('IL5-NET-003 IL5.Network.SubnetNsg', () => {
  table(rule, [
    { name: 'NSGs everywhere but the firewall subnet', resource: vnet, expect: 'Compliant', source: 'AzureFirewallSubnet exempt', reason: 'subnet Training has network security group nsg-training; subnet Scoring has network security group nsg-training; subnet AzureBastionSubnet has network security group nsg-bastion' },
    { name: 'Scoring without NSG', resource: set(vnet, 'properties.subnets', [training, { name: 'Scoring', properties: { addressPrefix: '172.16.1.0/24' } }]), expect: 'NonCompliant', source: 'no NSG', reason: 'subnet Scoring has no network security group' },
    { name: 'GatewaySubnet without NSG', resource: set(vnet, 'properties.subnets', [{ name: 'GatewaySubnet', properties: { addressPrefix: '172.16.5.0/27' } }]), expect: 'NotApplicable', source: 'Azure forbids an NSG there', reason: 'no subnet that can take a network security group' },
    { name: 'subnet resource without NSG', resource: { id: ids.subnet('Training'), type: 'Microsoft.Network/virtualNetworks/subnets', name: 'vnet-il5ml/Training', properties: { addressPrefix: '172.16.0.0/24' } }, expect: 'NonCompliant', source: 'child resource form', reason: 'subnet Training has no network security group' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a virtual network or subnet' },
    { name: 'NSG id unknown', resource: set(vnet, 'properties.subnets', [{ name: 'Training', properties: { networkSecurityGroup: { id: new Unknown('x') } } }]), expect: 'Unknown', source: 'cannot tell', reason: 'the network security group of Training is unknown until deployment (x)' },
    { name: 'subnet list unknown', resource: set(vnet, 'properties.subnets', new Unknown('y')), expect: 'Unknown', source: 'cannot tell', reason: 'properties.subnets is unknown until deployment (y)' },
  ]);
});
