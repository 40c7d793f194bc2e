import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-NET-002.js';
import { examples, ids } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Source: https://learn.microsoft.com/azure/bastion/configuration-settings#subnet (/26 or larger); the runbook's /27.
const vnet = examples.vnet();
const subnets = (vnet.properties as { subnets: { name: string; properties: Record<string, unknown> }[] }).subnets;
const withBastion = (props: Record<string, unknown>) =>
  set(vnet, 'properties.subnets', subnets.map((s) => (s.name === 'AzureBastionSubnet' ? { name: s.name, properties: props } : s)));
const subnetResource = {
  id: ids.subnet('AzureBastionSubnet'), type: 'Microsoft.Network/virtualNetworks/subnets', name: 'vnet-il5ml/AzureBastionSubnet',
  properties: { addressPrefix: '172.16.2.0/27' },
};
describe('IL5-NET-002 IL5.Network.BastionSubnetSize', () => {
  table(rule, [
    { name: '/26', resource: vnet, expect: 'Compliant', source: '/26 allowed', reason: 'AzureBastionSubnet is 172.16.2.0/26' },
    { name: "the runbook's /27", resource: withBastion({ addressPrefix: '172.16.2.0/27' }), expect: 'NonCompliant', source: 'runbook step A value refused by Azure', reason: 'AzureBastionSubnet is 172.16.2.0/27, smaller than /26' },
    { name: '/27 as a subnet resource', resource: subnetResource, expect: 'NonCompliant', source: 'same rule on the child resource form', reason: 'AzureBastionSubnet is 172.16.2.0/27, smaller than /26' },
    { name: '/24 in addressPrefixes', resource: withBastion({ addressPrefixes: ['172.16.4.0/24'] }), expect: 'Compliant', source: 'larger is fine', reason: 'AzureBastionSubnet is 172.16.4.0/24' },
    { name: 'no Bastion subnet', resource: set(vnet, 'properties.subnets', subnets.filter((s) => s.name !== 'AzureBastionSubnet')), expect: 'NotApplicable', source: 'nothing to judge', reason: 'no AzureBastionSubnet' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a virtual network or subnet' },
    { name: 'prefix from a parameter without value', resource: withBastion({ addressPrefix: new Unknown("parameter 'bastionPrefix' has no value") }), expect: 'Unknown', source: 'prefix unknown', reason: "the prefix of AzureBastionSubnet is unknown until deployment (parameter 'bastionPrefix' has no value)" },
  ]);
});
