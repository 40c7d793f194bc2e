import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-NET-006.js';
import { examples, ids } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Source: Virtual network traffic routing, user-defined routes (next hop VirtualAppliance must be reachable),
// https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#user-defined; MLZ tier 3 spokes peer to the hub.
const rt = examples.routeTable();
const vnet = examples.vnet();
const hubHop = set(rt, 'properties.routes', [{ name: 'default-to-hub', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.100.4' } }]);
const peered = set(vnet, 'properties.virtualNetworkPeerings', [{ name: 'to-hub', properties: { remoteVirtualNetwork: { id: '/subscriptions/1/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/hub' } } }]);
const childPeering = {
  id: `${ids.vnet}/virtualNetworkPeerings/to-hub`,
  type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
  name: 'to-hub',
  apiVersion: '2023-11-01',
  properties: { remoteVirtualNetwork: { id: '/subscriptions/1/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/hub' } },
};

describe('IL5-NET-006 IL5.Network.RouteNextHopReachable', () => {
  table(rule, [
    { name: 'firewall inside the VNet', resource: rt, others: [vnet], expect: 'Compliant', source: 'the runbook layout', reason: 'every VirtualAppliance next hop (172.16.3.4) lies in the virtual network using the table or across its peering' },
    { name: 'hub firewall, no peering', resource: hubHop, others: [vnet], expect: 'NonCompliant', source: 'UDR: unreachable next hop', reason: 'next hop 10.0.100.4 (subnets Training, Scoring of vnet-il5ml) is outside the address space 172.16.0.0/16 and vnet-il5ml has no peering' },
    { name: 'hub firewall, inline peering', resource: hubHop, others: [peered], expect: 'Compliant', source: 'MLZ tier 3 spoke', reason: 'every VirtualAppliance next hop (10.0.100.4) lies in the virtual network using the table or across its peering' },
    { name: 'hub firewall, peering as a child resource', resource: hubHop, others: [vnet, childPeering], expect: 'Compliant', source: 'peering declared apart', reason: 'every VirtualAppliance next hop (10.0.100.4) lies in the virtual network using the table or across its peering' },
    { name: 'no subnet uses the table', resource: hubHop, expect: 'NotApplicable', source: 'nothing routed', reason: 'no subnet in the input uses this route table' },
    { name: 'only Internet routes', resource: set(rt, 'properties.routes', [{ name: 'aml', properties: { addressPrefix: 'AzureMachineLearning', nextHopType: 'Internet' } }]), others: [vnet], expect: 'NotApplicable', source: 'no appliance', reason: 'no route with next hop VirtualAppliance' },
    { name: 'next hop from a parameter', resource: set(rt, 'properties.routes', [{ name: 'd', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: new Unknown('fwIp') } }]), others: [vnet], expect: 'Unknown', source: 'cannot tell', reason: 'a next hop address is unknown until deployment (fwIp)' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a route table' },
  ]);
});
