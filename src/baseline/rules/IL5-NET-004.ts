import type { AzureResource } from '../../core/resource.js';
import { notApplicable, read, readArray, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { SUBNET, VNET, foldSubnets, type SubnetView } from '../subnets.js';
import type { BaselineRule, ResourceIndex, RuleOutcome } from '../types.js';

/** The runbook's compute subnets (step A) by name, and any subnet an Azure ML compute is placed in. */
function isComputeSubnet(s: SubnetView, all: ResourceIndex): boolean {
  const n = s.name.toLowerCase();
  if (n.includes('training') || n.includes('scoring')) return true;
  const used = all.table<1>('compute-subnet-ids', (put) => {
    for (const c of all.ofType('Microsoft.MachineLearningServices/workspaces/computes')) {
      const sub = read(c, 'properties.properties.subnet.id');
      if (sub.kind === 'value' && typeof sub.value === 'string') put(sub.value, 1);
    }
  });
  return used.get(s.id).length > 0;
}

/** Routes of a route table: inline properties.routes[*] and child Microsoft.Network/routeTables/routes. */
function routesOf(table: AzureResource, all: ResourceIndex): { routes: { name: string; properties: unknown }[] } | { unknown: string } {
  const inline = readArray(table, 'properties.routes');
  if ('unknown' in inline) return { unknown: inline.unknown };
  const routes = inline.items.map((x, i) => {
    const o = (x ?? {}) as { name?: unknown; properties?: unknown };
    return { name: typeof o.name === 'string' ? o.name : `routes[${i}]`, properties: o.properties };
  });
  for (const c of all.childrenOf(table.id, 'Microsoft.Network/routeTables/routes')) {
    routes.push({ name: c.name.split('/').pop() ?? c.name, properties: c.properties });
  }
  return { routes };
}

const lowerText = (v: unknown): string | undefined => (typeof v === 'string' ? v.toLowerCase() : undefined);

export const rule: BaselineRule = {
  id: 'IL5-NET-004',
  name: 'IL5.Network.ComputeSubnetRoutesToFirewall',
  synopsis: 'Compute subnets (Training, Scoring, and any subnet an Azure ML compute uses) send 0.0.0.0/0 to the firewall (next hop VirtualAppliance).',
  rationale:
    'Compute without public IPs reaches its dependencies only through a user-defined route to the egress firewall (runbook step E). Without the default route, traffic either fails or leaves through Azure\'s default outbound access, bypassing the firewall the change request describes.',
  severity: 'high',
  runbookStep: 'D',
  controls: ['SC-7', 'SC-7(5)', 'AC-4'],
  resourceTypes: [VNET, SUBNET],
  reads: ['Microsoft.MachineLearningServices/workspaces/computes', 'Microsoft.Network/routeTables', 'Microsoft.Network/routeTables/routes'],
  effect: 'audit',
  remediation: {
    specKey: 'firewall',
    property: 'properties.subnets[*].properties.routeTable.id',
    text: 'Associate a route table with a route 0.0.0.0/0, next hop type VirtualAppliance, next hop the firewall\'s private IP (firewall.mode / firewall.privateIp in the spec).',
  },
  links: [
    'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall',
    'https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview',
  ],
  example: [examples.vnet(), examples.routeTable()],
  evaluate(r, all) {
    if (!typeIs(r, VNET, SUBNET)) return notApplicable(r, 'a virtual network or subnet');
    return foldSubnets(
      r,
      (s): RuleOutcome => {
        if (!isComputeSubnet(s, all)) return { compliance: 'NotApplicable', reason: `${s.name} is not a compute subnet` };
        const rt = read(s.properties, 'routeTable.id');
        if (rt.kind === 'unknown') return { compliance: 'Unknown', reason: `the route table of ${s.name} is unknown until deployment (${rt.reason})` };
        if (rt.kind === 'missing') return { compliance: 'NonCompliant', reason: `compute subnet ${s.name} has no route table` };
        // Only a route table has routes: whatever else the id names (a mistake) counts as no route table in the input.
        const found = all.byId(String(rt.value));
        const table = found !== undefined && typeIs(found, 'Microsoft.Network/routeTables') ? found : undefined;
        if (!table) return { compliance: 'Unknown', reason: `route table ${String(rt.value)} of ${s.name} is not in the input` };
        const routes = routesOf(table, all);
        if ('unknown' in routes) return { compliance: 'Unknown', reason: `the routes of ${table.name} are unknown until deployment (${routes.unknown})` };
        let unknown: string | undefined;
        for (const route of routes.routes) {
          const prefix = read(route.properties, 'addressPrefix');
          const hop = read(route.properties, 'nextHopType');
          if (prefix.kind === 'unknown' || hop.kind === 'unknown') {
            unknown ??= `route ${route.name} of ${table.name} is unknown until deployment`;
            continue;
          }
          const p = prefix.kind === 'value' ? lowerText(prefix.value) : undefined;
          const h = hop.kind === 'value' ? lowerText(hop.value) : undefined;
          if (p === '0.0.0.0/0' && h === 'virtualappliance') {
            return { compliance: 'Compliant', reason: `compute subnet ${s.name} routes 0.0.0.0/0 to a virtual appliance (${table.name}/${route.name})` };
          }
        }
        if (unknown !== undefined) return { compliance: 'Unknown', reason: unknown };
        return { compliance: 'NonCompliant', reason: `route table ${table.name} of compute subnet ${s.name} has no 0.0.0.0/0 route to a virtual appliance` };
      },
      'no compute subnet',
    );
  },
};

