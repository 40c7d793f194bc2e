import { UDR_NEXT_HOP } from '../../catalog/network-layout.js';
import type { AzureResource } from '../../core/resource.js';
import { isUnknown } from '../../core/unknown.js';
import { contains, parseCidr, tryParseAddress } from '../../net/cidr.js';
import { prefixLength } from '../subnets.js';
import { notApplicable, read, readArray, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import type { BaselineRule, ResourceIndex } from '../types.js';

interface VnetUse {
  vnet: AzureResource;
  subnets: string[];
}

const VNET = 'Microsoft.Network/virtualNetworks';

function same(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

/** The `name` of an inline subnet or peering, or of a child resource. */
function nameOf(x: unknown): string {
  const n = read(x, 'name');
  return n.kind === 'value' && typeof n.value === 'string' ? n.value : '(unnamed)';
}

/**
 * The input's virtual networks whose subnets (inline or child resources) take this route table: every
 * network walked once per input (memoized), not once per route table (issue 12).
 */
function vnetsUsing(rt: AzureResource, all: ResourceIndex): VnetUse[] {
  // By route table: each network's place among the input's networks, its id, and its subnets' names.
  const byTable = all.table<{ at: number; id: string; subnets: string[] }>('IL5-NET-006:vnets-by-route-table', (put) => {
    all.ofType(VNET).forEach((vnet, at) => {
      const inline = readArray(vnet, 'properties.subnets');
      const subnets = [...('unknown' in inline ? [] : inline.items), ...all.childrenOf(vnet.id, 'Microsoft.Network/virtualNetworks/subnets')];
      const names = new Map<string, string[]>();
      for (const s of subnets) {
        const id = read(s, 'properties.routeTable.id');
        if (id.kind !== 'value' || typeof id.value !== 'string') continue;
        const k = id.value.toLowerCase();
        const list = names.get(k);
        if (list) list.push(nameOf(s));
        else names.set(k, [nameOf(s)]);
      }
      for (const [k, list] of names) put(k, { at, id: vnet.id, subnets: list });
    });
  });
  return byTable.get(rt.id).map((u) => {
    // The network by its id, unless a later resource of another type has the same id: then by its place.
    const found = all.byId(u.id);
    const vnet = found !== undefined && same(found.type, VNET) ? found : (all.ofType(VNET)[u.at] as AzureResource);
    return { vnet, subnets: u.subnets };
  });
}

/** The VNet's peerings in the input: inline, or child resources. */
function peerings(vnet: AzureResource, all: ResourceIndex): string[] {
  const inline = readArray(vnet, 'properties.virtualNetworkPeerings');
  const items = [...('unknown' in inline ? [] : inline.items), ...all.childrenOf(vnet.id, 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings')];
  return items.map(nameOf);
}

export const rule: BaselineRule = {
  id: 'IL5-NET-006',
  name: 'IL5.Network.RouteNextHopReachable',
  synopsis: 'A route to a virtual appliance points at an address inside the virtual network that uses it, or that network is peered (to the hub holding the appliance).',
  rationale:
    'A default route to a firewall the subnet cannot reach drops all egress: compute never provisions, packages never install, and nothing says why. A spoke pointing 0.0.0.0/0 at a hub firewall needs its peering to the hub in the same deployment.',
  severity: 'high',
  runbookStep: 'D',
  controls: ['SC-7', 'CP-8'],
  resourceTypes: ['Microsoft.Network/routeTables'],
  reads: ['Microsoft.Network/virtualNetworks', 'Microsoft.Network/virtualNetworks/subnets', 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings'],
  effect: 'audit',
  remediation: {
    specKey: 'network.hub.virtualNetworkId',
    property: 'properties.routes[*].properties.nextHopIpAddress',
    text: 'Peer the virtual network with the hub whose firewall the route names (network.hub in the spec), or point the route at an appliance inside the virtual network.',
  },
  links: [UDR_NEXT_HOP.url, 'https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview'],
  example: [examples.routeTable(), examples.vnet()],
  evaluate(r, all) {
    if (!typeIs(r, 'Microsoft.Network/routeTables')) return notApplicable(r, 'a route table');
    const routes = readArray(r, 'properties.routes');
    if ('unknown' in routes) return { compliance: 'Unknown', reason: routes.unknown };
    const hops: string[] = [];
    for (const route of routes.items) {
      const type = read(route, 'properties.nextHopType');
      if (type.kind === 'unknown') return { compliance: 'Unknown', reason: `a route's next hop type is unknown until deployment (${type.reason})` };
      if (type.kind !== 'value' || !same(type.value, 'VirtualAppliance')) continue;
      const ip = read(route, 'properties.nextHopIpAddress');
      if (ip.kind === 'unknown') return { compliance: 'Unknown', reason: `a next hop address is unknown until deployment (${ip.reason})` };
      if (ip.kind === 'value' && typeof ip.value === 'string') hops.push(ip.value);
    }
    if (hops.length === 0) return { compliance: 'NotApplicable', reason: 'no route with next hop VirtualAppliance' };
    const uses = vnetsUsing(r, all);
    if (uses.length === 0) return { compliance: 'NotApplicable', reason: 'no subnet in the input uses this route table' };
    for (const u of uses) {
      const space = readArray(u.vnet, 'properties.addressSpace.addressPrefixes');
      if ('unknown' in space) return { compliance: 'Unknown', reason: space.unknown };
      if (space.items.some(isUnknown)) return { compliance: 'Unknown', reason: `an address prefix of ${u.vnet.name} is unknown until deployment` };
      const prefixes = space.items.filter((p): p is string => typeof p === 'string' && prefixLength(p) !== undefined);
      const blocks = prefixes.map((p) => parseCidr(p.trim()));
      const peered = peerings(u.vnet, all);
      for (const hop of hops) {
        const addr = tryParseAddress(hop);
        const inside = addr !== undefined && contains(blocks, addr.family, addr.value);
        if (inside || peered.length > 0) continue;
        return {
          compliance: 'NonCompliant',
          reason: `next hop ${hop} (subnets ${u.subnets.join(', ')} of ${u.vnet.name}) is outside the address space ${prefixes.join(', ')} and ${u.vnet.name} has no peering`,
        };
      }
    }
    return { compliance: 'Compliant', reason: `every VirtualAppliance next hop (${hops.join(', ')}) lies in the virtual network using the table or across its peering` };
  },
};
