import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-NET-004.js';
import { examples, ids } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Sources: runbook step E (route 0.0.0.0/0 to the firewall's private IP);
// https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview (next hop type VirtualAppliance).
const vnet = examples.vnet();
const rt = examples.routeTable();
const subnets = (vnet.properties as { subnets: { name: string; properties: Record<string, unknown> }[] }).subnets;
const only = (s: { name: string; properties: Record<string, unknown> }) => set(vnet, 'properties.subnets', [s]);
const ok = 'compute subnet Training routes 0.0.0.0/0 to a virtual appliance (rt-compute/default-to-firewall); compute subnet Scoring routes 0.0.0.0/0 to a virtual appliance (rt-compute/default-to-firewall)';
describe('IL5-NET-004 IL5.Network.ComputeSubnetRoutesToFirewall', () => {
  table(rule, [
    { name: 'both compute subnets route to the firewall', resource: vnet, others: [rt], expect: 'Compliant', source: 'route present', reason: ok },
    { name: 'Training without a route table', resource: only({ name: 'Training', properties: { addressPrefix: '172.16.0.0/24' } }), others: [rt], expect: 'NonCompliant', source: 'no UDR', reason: 'compute subnet Training has no route table' },
    { name: 'default route to Internet', resource: vnet, others: [set(rt, 'properties.routes', [{ name: 'inet', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'Internet' } }])], expect: 'NonCompliant', source: 'next hop not a virtual appliance',
      reason: 'route table rt-compute of compute subnet Training has no 0.0.0.0/0 route to a virtual appliance; route table rt-compute of compute subnet Scoring has no 0.0.0.0/0 route to a virtual appliance' },
    { name: 'routes as child resources', resource: vnet, others: [set(rt, 'properties.routes', []), { id: `${ids.routeTable}/routes/fw`, type: 'Microsoft.Network/routeTables/routes', name: 'rt-compute/fw', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'virtualappliance', nextHopIpAddress: '10.0.0.4' } }], expect: 'Compliant', source: 'child route counts',
      reason: 'compute subnet Training routes 0.0.0.0/0 to a virtual appliance (rt-compute/fw); compute subnet Scoring routes 0.0.0.0/0 to a virtual appliance (rt-compute/fw)' },
    { name: 'subnet a compute uses, by id', resource: only({ name: 'snet-ml', properties: { addressPrefix: '172.16.6.0/24' } }), others: [set(examples.compute(), 'properties.properties.subnet.id', ids.subnet('snet-ml'))], expect: 'NonCompliant', source: 'compute placed there', reason: 'compute subnet snet-ml has no route table' },
    { name: 'only non-compute subnets', resource: set(vnet, 'properties.subnets', subnets.slice(2)), expect: 'NotApplicable', source: 'no compute subnet', reason: 'no compute subnet' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a virtual network or subnet' },
    { name: 'route table outside the input (hub)', resource: vnet, expect: 'Unknown', source: 'cannot see its routes',
      reason: `route table ${ids.routeTable} of Training is not in the input; route table ${ids.routeTable} of Scoring is not in the input` },
    { name: 'route next hop unknown', resource: only(subnets[0] ?? { name: 'Training', properties: {} }), others: [set(rt, 'properties.routes', [{ name: 'fw', properties: { addressPrefix: '0.0.0.0/0', nextHopType: new Unknown('x') } }])], expect: 'Unknown', source: 'cannot tell', reason: 'route fw of rt-compute is unknown until deployment' },
  ]);
});
