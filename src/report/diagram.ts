import type { AzureResource } from '../core/resource.js';
import { contains, parseCidr, tryParseAddress } from '../net/cidr.js';
import { lastSegment } from './common.js';

/**
 * The network a template or resource list declares, as a Graphviz DOT graph (laid out by Graphviz, see
 * src/report/graphviz.ts and docs/check-json.md "HTML"): a cluster per virtual network (name, address
 * space) holding its subnets (name, prefix); in them private endpoints (edges to the services they reach),
 * the firewall, Bastion and virtual machines (the jump box); route tables attached to subnets, with their
 * routes' next hops (the firewall when the next-hop address is in its subnet); peerings between VNets.
 * Pure: the same resources give the same text.
 */

export interface NetworkGraph {
  dot: string;
  /** How many nodes the graph has (the caller bounds the layout's work by it). */
  nodes: number;
  subnets: string[];
  vnets: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const props = (r: { properties?: unknown }): Obj => (isObj(r.properties) ? r.properties : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const idOf = (v: unknown): string | undefined => (isObj(v) ? str(v.id)?.toLowerCase() : undefined);

/** A DOT double-quoted string. */
function q(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;
}

/** A DOT HTML-like label cannot hold markup from the input: plain labels with \n lines only. */
function label(...lines: string[]): string {
  return q(lines.join('\u0001')).replace(/\u0001/g, '\\n');
}

interface Subnet {
  id: string;
  name: string;
  prefix: string;
  vnet: string;
  routeTable?: string;
}

export function networkGraph(resources: readonly AzureResource[]): NetworkGraph | undefined {
  const byType = (t: string): AzureResource[] => resources.filter((r) => r.type.toLowerCase() === t.toLowerCase());
  const vnets = byType('Microsoft.Network/virtualNetworks');
  if (vnets.length === 0) return undefined;

  const subnets = new Map<string, Subnet>();
  const addSubnet = (vnetId: string, name: string, p: Obj): void => {
    const id = `${vnetId}/subnets/${name}`.toLowerCase();
    const prefix = str(p.addressPrefix) ?? arr(p.addressPrefixes).filter((x): x is string => typeof x === 'string').join(', ');
    const rt = idOf(p.routeTable);
    subnets.set(id, { id, name, prefix, vnet: vnetId.toLowerCase(), ...(rt ? { routeTable: rt } : {}) });
  };
  for (const v of vnets) for (const s of arr(props(v).subnets)) if (isObj(s) && str(s.name)) addSubnet(v.id, str(s.name) ?? '', isObj(s.properties) ? s.properties : {});
  for (const s of byType('Microsoft.Network/virtualNetworks/subnets')) {
    const vnetId = s.id.replace(/\/subnets\/[^/]+$/i, '');
    addSubnet(vnetId, lastSegment(s.id), props(s));
  }

  const nodes = new Map<string, string>();
  const node = (key: string): string => {
    const k = key.toLowerCase();
    let n = nodes.get(k);
    if (!n) {
      n = `n${nodes.size}`;
      nodes.set(k, n);
    }
    return n;
  };
  const inSubnet = new Map<string, string[]>();
  const place = (subnetId: string | undefined, line: string): boolean => {
    if (!subnetId || !subnets.has(subnetId)) return false;
    inSubnet.set(subnetId, [...(inSubnet.get(subnetId) ?? []), line]);
    return true;
  };
  const edges: string[] = [];
  const outside: string[] = [];

  // Firewall, Bastion: in the subnet of their IP configuration.
  const firewalls: { node: string; subnet?: string }[] = [];
  for (const f of byType('Microsoft.Network/azureFirewalls')) {
    const sub = arr(props(f).ipConfigurations).map((c) => (isObj(c) && isObj(c.properties) ? idOf(c.properties.subnet) : undefined)).find((x) => x);
    const line = `${node(f.id)} [label=${label('Azure Firewall', f.name)}, shape=box, style="filled", fillcolor="#fde2e1"];`;
    if (!place(sub, line)) outside.push(line);
    firewalls.push({ node: node(f.id), ...(sub ? { subnet: sub } : {}) });
  }
  for (const b of byType('Microsoft.Network/bastionHosts')) {
    const sub = arr(props(b).ipConfigurations).map((c) => (isObj(c) && isObj(c.properties) ? idOf(c.properties.subnet) : undefined)).find((x) => x);
    const line = `${node(b.id)} [label=${label('Bastion', b.name)}, shape=box, style="filled", fillcolor="#e3f2e1"];`;
    if (!place(sub, line)) outside.push(line);
  }
  // Virtual machines (the jump box) through their network interfaces.
  const nicSubnet = new Map<string, string>();
  for (const n of byType('Microsoft.Network/networkInterfaces')) {
    const sub = arr(props(n).ipConfigurations).map((c) => (isObj(c) && isObj(c.properties) ? idOf(c.properties.subnet) : undefined)).find((x) => x);
    if (sub) nicSubnet.set(n.id.toLowerCase(), sub);
  }
  for (const vm of byType('Microsoft.Compute/virtualMachines')) {
    const np = props(vm).networkProfile;
    const nic = isObj(np) ? arr(np.networkInterfaces).map(idOf).find((x) => x) : undefined;
    const line = `${node(vm.id)} [label=${label('Virtual machine', vm.name)}, shape=box3d];`;
    if (!place(nic ? nicSubnet.get(nic) : undefined, line)) outside.push(line);
  }
  // Private endpoints, in their subnet, to the services they reach.
  const services = new Map<string, string>();
  for (const pe of byType('Microsoft.Network/privateEndpoints')) {
    const p = props(pe);
    const line = `${node(pe.id)} [label=${label('Private endpoint', pe.name)}, shape=note];`;
    if (!place(idOf(p.subnet), line)) outside.push(line);
    for (const c of [...arr(p.privateLinkServiceConnections), ...arr(p.manualPrivateLinkServiceConnections)]) {
      const target = isObj(c) && isObj(c.properties) ? str(c.properties.privateLinkServiceId) : undefined;
      if (!target) continue;
      const groups = isObj(c) && isObj(c.properties) ? arr(c.properties.groupIds).filter((g): g is string => typeof g === 'string') : [];
      const m = /\/providers\/([^/]+\/[^/]+)\/([^/]+)$/i.exec(target);
      services.set(target.toLowerCase(), `${node(target)} [label=${label(m?.[1] ?? 'service', m?.[2] ?? lastSegment(target))}, shape=ellipse, style="filled", fillcolor="#e8eefc"];`);
      edges.push(`${node(pe.id)} -> ${node(target)} [label=${q(groups.join(', '))}, color="#3b6fd4"];`);
    }
  }
  // Route tables, their subnets and next hops.
  for (const rt of byType('Microsoft.Network/routeTables')) {
    outside.push(`${node(rt.id)} [label=${label('Route table', rt.name)}, shape=cds];`);
    for (const route of arr(props(rt).routes)) {
      if (!isObj(route) || !isObj(route.properties)) continue;
      const rp = route.properties;
      const prefix = str(rp.addressPrefix) ?? '';
      const hopType = str(rp.nextHopType) ?? '';
      const hopIp = str(rp.nextHopIpAddress);
      let target: string | undefined;
      if (hopIp) {
        const a = tryParseAddress(hopIp);
        const fw = a ? firewalls.find((f) => f.subnet && subnetHolds(subnets.get(f.subnet), a.family, a.value)) : undefined;
        if (fw) target = fw.node;
        else {
          target = node(`hop:${hopIp}`);
          outside.push(`${target} [label=${label(hopType || 'next hop', hopIp)}, shape=plaintext];`);
        }
      } else if (hopType) {
        target = node(`hop:${hopType}`);
        outside.push(`${target} [label=${q(hopType)}, shape=plaintext];`);
      }
      if (target) edges.push(`${node(rt.id)} -> ${target} [label=${q(prefix)}, style=dashed, color="#b03a2e"];`);
    }
  }
  for (const s of subnets.values()) if (s.routeTable) edges.push(`${node(s.id)} -> ${node(s.routeTable)} [style=dotted, arrowhead=none];`);
  // Peerings, VNet to VNet (each direction is its own resource; drawn once per pair).
  const peered = new Set<string>();
  const peerings = [
    ...byType('Microsoft.Network/virtualNetworks/virtualNetworkPeerings').map((p) => [p.id.replace(/\/virtualNetworkPeerings\/[^/]+$/i, ''), idOf(props(p).remoteVirtualNetwork)] as const),
    ...vnets.flatMap((v) => arr(props(v).virtualNetworkPeerings).map((p) => [v.id, isObj(p) && isObj(p.properties) ? idOf(p.properties.remoteVirtualNetwork) : undefined] as const)),
  ];
  for (const [from, to] of peerings) {
    if (!to) continue;
    const pair = [from.toLowerCase(), to].sort().join('|');
    if (peered.has(pair)) continue;
    peered.add(pair);
    edges.push(`${node(`vnet:${from}`)} -> ${node(`vnet:${to}`)} [dir=both, label="peering", color="#6c3483", penwidth=2];`);
  }

  const lines = [
    'digraph network {',
    '  graph [rankdir=LR, fontname="Helvetica", fontsize=11, compound=true, nodesep=0.25, ranksep=0.6];',
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const sortedVnets = [...vnets].sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1));
  sortedVnets.forEach((v, i) => {
    const space = (() => {
      const as = props(v).addressSpace;
      return isObj(as) ? arr(as.addressPrefixes).filter((x): x is string => typeof x === 'string').join(', ') : '';
    })();
    lines.push(`  subgraph cluster_${i} {`, `    label=${label(`VNet ${v.name}`, space)}; style="rounded"; color="#555555";`);
    lines.push(`    ${node(`vnet:${v.id}`)} [label=${label(v.name)}, shape=hexagon, style="filled", fillcolor="#f0f0f0"];`);
    const subs = [...subnets.values()].filter((s) => s.vnet === v.id.toLowerCase()).sort((a, b) => (a.name < b.name ? -1 : 1));
    subs.forEach((s, j) => {
      lines.push(`    subgraph cluster_${i}_${j} {`, `      label=${label(`Subnet ${s.name}`, s.prefix)}; style="filled"; fillcolor="#fafafa"; color="#999999";`);
      lines.push(`      ${node(s.id)} [label=${label(s.name, s.prefix)}, shape=box, style="rounded"];`);
      for (const l of inSubnet.get(s.id) ?? []) lines.push(`      ${l}`);
      lines.push('    }');
    });
    lines.push('  }');
  });
  for (const l of [...outside, ...services.values()]) lines.push(`  ${l}`);
  for (const e of edges) lines.push(`  ${e}`);
  lines.push('}');
  const subnetNames = [...subnets.values()].map((s) => s.name);
  return { dot: `${lines.join('\n')}\n`, nodes: nodes.size, subnets: [...new Set(subnetNames)].sort(), vnets: sortedVnets.map((v) => v.name) };
}

function subnetHolds(s: Subnet | undefined, family: 4 | 6, value: bigint): boolean {
  if (!s) return false;
  return s.prefix.split(',').some((p) => {
    try {
      return contains([parseCidr(p.trim())], family, value);
    } catch {
      return false;
    }
  });
}
