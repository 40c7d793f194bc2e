import { RUNBOOK_DEVIATIONS } from '../catalog/runbook-deviations.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { resource, resourceIdExpr } from './arm.js';
import { firewallNextHop } from '../net/egress-rules.js';
import { bastionPrefix, vnetDnsServers } from '../spec/topology.js';
import { NETWORK_DEVIATIONS } from '../catalog/network-layout.js';
import { hubPeeringResources, hubPeeringNotes } from './spoke.js';
import { serviceEndpointPolicyResources, subnetServiceEndpoints } from './exfiltration.js';
import type { NsgRule, SubnetAttachment, SubnetKey } from './attachments.js';
import type { ArmResourceDecl, EmitFragment, Emitter, PlanNote } from './types.js';

/** Subnet names Azure requires for Bastion and Firewall; the runbook's names for the other two. */
export const SUBNET_NAMES: Readonly<Record<SubnetKey, string>> = {
  training: 'Training',
  scoring: 'Scoring',
  bastion: 'AzureBastionSubnet',
  firewall: 'AzureFirewallSubnet',
  jumpBox: 'JumpBox',
  privateEndpoints: 'PrivateEndpoints',
};

/** The address prefix of a subnet of this plan (AzureBastionSubnet only when the plan creates Bastion). */
export function subnetPrefix(spec: Spec, key: SubnetKey): string {
  if (key === 'bastion') {
    const b = bastionPrefix(spec);
    if (b === undefined) throw new Error('internal: AzureBastionSubnet asked for, but this plan creates no Bastion');
    return b;
  }
  return spec.network.subnets[key];
}

export function subnetIdExpr(spec: Spec, key: SubnetKey): string {
  return resourceIdExpr('Microsoft.Network/virtualNetworks/subnets', resourceNames(spec).vnet, SUBNET_NAMES[key]);
}

/**
 * The rules Azure Bastion requires on AzureBastionSubnet, in the order of the table in "Configure NSG rules
 * for Azure Bastion" (https://learn.microsoft.com/azure/bastion/bastion-nsg, read 2026-11-25). Omitting one
 * blocks Bastion's platform updates or its sessions.
 */
export const BASTION_NSG_RULES: readonly NsgRule[] = [
  rule('AllowHttpsInbound', 'Users reach Bastion over TLS', 120, 'Inbound', 'Tcp', 'Internet', '*', ['443']),
  rule('AllowGatewayManagerInbound', 'Bastion control plane', 130, 'Inbound', 'Tcp', 'GatewayManager', '*', ['443']),
  rule('AllowAzureLoadBalancerInbound', 'Health probes', 140, 'Inbound', 'Tcp', 'AzureLoadBalancer', '*', ['443']),
  rule('AllowBastionHostCommunication', 'Bastion data plane', 150, 'Inbound', '*', 'VirtualNetwork', 'VirtualNetwork', ['8080', '5701']),
  rule('AllowSshRdpOutbound', 'Sessions to target VMs', 100, 'Outbound', '*', '*', 'VirtualNetwork', ['22', '3389']),
  rule('AllowAzureCloudOutbound', 'Diagnostics and metering', 110, 'Outbound', 'Tcp', '*', 'AzureCloud', ['443']),
  rule('AllowBastionCommunication', 'Bastion data plane', 120, 'Outbound', '*', 'VirtualNetwork', 'VirtualNetwork', ['8080', '5701']),
  rule('AllowHttpOutbound', 'Session and certificate validation', 130, 'Outbound', '*', '*', 'Internet', ['80']),
];

function rule(
  name: string,
  description: string,
  priority: number,
  direction: NsgRule['direction'],
  protocol: NsgRule['protocol'],
  source: string,
  destination: string,
  ports: string[],
): NsgRule {
  return {
    name,
    description,
    priority,
    direction,
    access: 'Allow',
    protocol,
    sourceAddressPrefix: source,
    sourcePortRange: '*',
    destinationAddressPrefix: destination,
    destinationPorts: ports,
  };
}

/** NsgRule -> the inline securityRules entry; one port uses destinationPortRange, several destinationPortRanges. */
export function securityRuleJson(r: NsgRule): Record<string, unknown> {
  const ports = r.destinationPorts.length === 1 ? { destinationPortRange: r.destinationPorts[0] } : { destinationPortRanges: [...r.destinationPorts] };
  return {
    name: r.name,
    properties: {
      description: r.description,
      priority: r.priority,
      direction: r.direction,
      access: r.access,
      protocol: r.protocol,
      sourceAddressPrefix: r.sourceAddressPrefix,
      sourcePortRange: r.sourcePortRange,
      destinationAddressPrefix: r.destinationAddressPrefix,
      ...ports,
    },
  };
}

/**
 * Which subnets exist for this spec: the runbook's Training and Scoring, PrivateEndpoints, JumpBox and
 * AzureBastionSubnet with a jump box (Bastion not in a spoke that leaves it out), AzureFirewallSubnet only
 * when the plan creates Azure Firewall.
 */
export function subnetKeys(spec: Spec): SubnetKey[] {
  const keys: SubnetKey[] = ['training', 'scoring', 'privateEndpoints'];
  if (spec.jumpBox.enabled) keys.push('jumpBox');
  if (bastionPrefix(spec) !== undefined) keys.push('bastion');
  if (spec.firewall.mode === 'azureFirewall') keys.push('firewall');
  return keys;
}

export function hasBastion(spec: Spec): boolean {
  return subnetKeys(spec).includes('bastion');
}

/** Azure Firewall refuses an NSG on its subnet; every other subnet here carries one. */
function nsgNameFor(spec: Spec, key: SubnetKey): string | undefined {
  const n = resourceNames(spec);
  switch (key) {
    case 'training':
      return n.nsgTraining;
    case 'scoring':
      return n.nsgScoring;
    case 'bastion':
      return n.nsgBastion;
    case 'jumpBox':
      return n.nsgJumpBox;
    case 'privateEndpoints':
      return n.nsgPrivateEndpoints;
    case 'firewall':
      return undefined;
  }
}

function checkAttachments(spec: Spec, attachments: readonly SubnetAttachment[], rulesBySubnet: ReadonlyMap<SubnetKey, NsgRule[]>): void {
  const present = new Set(subnetKeys(spec));
  const routeTables = new Map<SubnetKey, string>();
  for (const a of attachments) {
    if (!present.has(a.subnet)) throw new Error(`internal: ${a.by} attaches to subnet ${a.subnet}, which this plan does not create`);
    if (a.routeTable !== undefined) {
      // Bastion does not support user-defined routes on its subnet (https://learn.microsoft.com/azure/bastion/bastion-faq).
      if (a.subnet === 'bastion') throw new Error(`internal: ${a.by} attaches a route table to AzureBastionSubnet`);
      const prev = routeTables.get(a.subnet);
      if (prev !== undefined && prev !== a.routeTable) throw new Error(`internal: two route tables for subnet ${a.subnet}: ${prev}, ${a.routeTable}`);
      routeTables.set(a.subnet, a.routeTable);
    }
    if (a.securityRules && a.securityRules.length > 0 && nsgNameFor(spec, a.subnet) === undefined) {
      throw new Error(`internal: ${a.by} adds NSG rules to subnet ${a.subnet}, which carries no NSG`);
    }
  }
  for (const [key, rules] of rulesBySubnet) {
    const seen = new Map<string, string>();
    for (const r of rules) {
      const slot = `${r.direction}:${r.priority}`;
      if (seen.has(slot)) throw new Error(`internal: NSG rules ${seen.get(slot)} and ${r.name} on ${key} share priority ${slot}`);
      if ([...seen.values()].includes(r.name)) throw new Error(`internal: two NSG rules named ${r.name} on ${key}`);
      seen.set(slot, r.name);
    }
  }
}

/**
 * Step A: the virtual network with its subnets, an NSG on every subnet that takes one, and Azure Bastion
 * with a Standard public IP. Other steps contribute route tables and NSG rules through `attachments`.
 */
export function emitNetwork(spec: Spec, attachments: readonly SubnetAttachment[] = []): EmitFragment {
  const n = resourceNames(spec);
  const keys = subnetKeys(spec);
  const rulesBySubnet = new Map<SubnetKey, NsgRule[]>();
  for (const key of keys) {
    if (nsgNameFor(spec, key) === undefined) continue;
    const own = key === 'bastion' ? [...BASTION_NSG_RULES] : [];
    const added = attachments.filter((a) => a.subnet === key).flatMap((a) => a.securityRules ?? []);
    rulesBySubnet.set(key, [...own, ...added]);
  }
  checkAttachments(spec, attachments, rulesBySubnet);

  const resources: ArmResourceDecl[] = [];
  const vnetDependsOn: string[] = [];
  for (const [key, rules] of rulesBySubnet) {
    const name = nsgNameFor(spec, key) ?? '';
    const sorted = [...rules].sort((a, b) => (a.direction === b.direction ? a.priority - b.priority : a.direction < b.direction ? -1 : 1));
    resources.push(
      resource(spec, {
        type: 'Microsoft.Network/networkSecurityGroups',
        name,
        properties: { securityRules: sorted.map(securityRuleJson) },
      }),
    );
    vnetDependsOn.push(resourceIdExpr('Microsoft.Network/networkSecurityGroups', name));
  }

  const subnets = keys.map((key) => {
    const props: Record<string, unknown> = { addressPrefix: subnetPrefix(spec, key) };
    const nsg = nsgNameFor(spec, key);
    if (nsg !== undefined) props.networkSecurityGroup = { id: resourceIdExpr('Microsoft.Network/networkSecurityGroups', nsg) };
    const rt = attachments.find((a) => a.subnet === key && a.routeTable !== undefined)?.routeTable;
    if (rt !== undefined) {
      props.routeTable = { id: resourceIdExpr('Microsoft.Network/routeTables', rt) };
      vnetDependsOn.push(resourceIdExpr('Microsoft.Network/routeTables', rt));
    }
    if (key === 'training' || key === 'scoring' || key === 'privateEndpoints') {
      // NSGs and route tables also govern private endpoint traffic (RUNBOOK_DEVIATIONS.privateEndpointNetworkPolicies).
      props.privateEndpointNetworkPolicies = 'Enabled';
    }
    Object.assign(props, subnetServiceEndpoints(spec, key));
    return { name: SUBNET_NAMES[key], properties: props };
  });
  const sep = serviceEndpointPolicyResources(spec);
  for (const r of sep) vnetDependsOn.push(resourceIdExpr(r.type, r.name));
  resources.push(...sep);
  const dnsServers = vnetDnsServers(spec, () => firewallNextHop(spec));

  resources.push(
    resource(spec, {
      type: 'Microsoft.Network/virtualNetworks',
      name: n.vnet,
      properties: {
        addressSpace: { addressPrefixes: [spec.network.addressSpace] },
        // With Azure Firewall's DNS proxy on, the VNet resolves through the firewall, so that FQDNs in
        // network rules resolve to the same addresses as the clients see, and the firewall logs every
        // DNS query (https://learn.microsoft.com/azure/firewall/dns-details). The proxy forwards to Azure
        // DNS, which answers from the private DNS zones linked to this VNet.
        // In a spoke the hub's DNS (its firewall's DNS proxy, or network.dnsServers) answers, from the zones
        // linked to the hub, and those created here and linked to both VNets (src/emit/dns.ts).
        ...(dnsServers !== undefined ? { dhcpOptions: { dnsServers } } : {}),
        subnets,
      },
      dependsOn: vnetDependsOn,
    }),
    ...hubPeeringResources(spec),
  );
  if (hasBastion(spec)) resources.push(...bastionResources(spec));

  const notes: PlanNote[] = [
    {
      step: 'A',
      what: `Virtual network ${n.vnet} (${spec.network.addressSpace}) with subnets ${keys.map((k) => `${SUBNET_NAMES[k]} ${subnetPrefix(spec, k)}`).join(', ')}${dnsServers !== undefined ? `; DNS servers ${dnsServers.join(', ')}` : ''}`,
      why: subnetsWhy(keys),
    },
    {
      step: 'A',
      what: `NSGs ${[...rulesBySubnet.keys()].map((k) => nsgNameFor(spec, k)).join(', ')} on every subnet that accepts one`,
      why: `Azure Firewall refuses an NSG on AzureFirewallSubnet; every other subnet is filtered.${hasBastion(spec) ? ' The Bastion NSG carries exactly the rules Bastion requires.' : ''}`,
    },
    hasBastion(spec)
      ? {
          step: 'A',
          what: `Azure Bastion ${n.bastion} (Standard) with public IP ${n.bastionPublicIp} (Standard, static)`,
          why: 'The only way in: RDP to the jump box through the browser, with no public IP on any VM.',
        }
      : {
          step: 'A',
          what: 'No Azure Bastion and no public IP in this VNet',
          why: spec.jumpBox.enabled
            ? 'A spoke without network.subnets.bastion: the hub\'s Bastion reaches the jump box over the peering.'
            : 'No jump box (jumpBox.enabled false): nothing for Bastion to reach.',
        },
    ...hubPeeringNotes(spec),
  ];
  if (keys.includes('firewall')) {
    notes.push({
      step: 'A',
      what: `AzureFirewallSubnet ${spec.network.subnets.firewall}, no NSG`,
      why: 'firewall.mode is azureFirewall: step D places Azure Firewall here.',
    });
  }
  return {
    step: 'A',
    resources,
    notes,
    deviations: [
      ...(hasBastion(spec) ? [RUNBOOK_DEVIATIONS.bastionSubnetSize, RUNBOOK_DEVIATIONS.bastionNsg] : [NETWORK_DEVIATIONS.noBastion]),
      RUNBOOK_DEVIATIONS.privateEndpointNetworkPolicies,
      NETWORK_DEVIATIONS.privateEndpointSubnet,
      ...(spec.jumpBox.enabled ? [NETWORK_DEVIATIONS.jumpBoxSubnet] : []),
      ...(spec.network.hub !== undefined ? [NETWORK_DEVIATIONS.hubPeering] : []),
    ],
  };
}

/** Azure Bastion (Standard) with its Standard public IP, in AzureBastionSubnet. */
function bastionResources(spec: Spec): ArmResourceDecl[] {
  const n = resourceNames(spec);
  return [
    resource(spec, {
      type: 'Microsoft.Network/publicIPAddresses',
      name: n.bastionPublicIp,
      sku: { name: 'Standard', tier: 'Regional' },
      properties: { publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4' },
    }),
    resource(spec, {
      type: 'Microsoft.Network/bastionHosts',
      name: n.bastion,
      sku: { name: 'Standard' },
      properties: {
        // Copy/paste stays on (Bastion's default) so the operator can work in studio; file copy and
        // shareable links, which move data or sessions outside the VNet, stay off.
        enableFileCopy: false,
        enableShareableLink: false,
        ipConfigurations: [
          {
            name: 'IpConf',
            properties: {
              subnet: { id: subnetIdExpr(spec, 'bastion') },
              publicIPAddress: { id: resourceIdExpr('Microsoft.Network/publicIPAddresses', n.bastionPublicIp) },
            },
          },
        ],
      },
      dependsOn: [
        resourceIdExpr('Microsoft.Network/virtualNetworks', n.vnet),
        resourceIdExpr('Microsoft.Network/publicIPAddresses', n.bastionPublicIp),
      ],
    }),
  ];
}

export const networkEmitter: Emitter = (spec) => emitNetwork(spec, []);

/** Whether the VNet's DNS servers are the Azure Firewall this plan creates (its DNS proxy). */
export function usesFirewallDnsProxy(spec: Spec): boolean {
  return spec.firewall.mode === 'azureFirewall' && spec.firewall.dnsProxy;
}

/** Why the VNet has the subnets it has: only those the plan creates (no JumpBox sentence without a jump box). */
function subnetsWhy(keys: readonly SubnetKey[]): string {
  const own = `Training holds compute; Scoring is kept for inference; PrivateEndpoints holds every private endpoint${keys.includes('jumpBox') ? ' and JumpBox the jump box alone' : ''}, each with its own NSG (concept-plan-network-isolation)`;
  const named = [keys.includes('bastion') ? 'Bastion' : undefined, keys.includes('firewall') ? 'Firewall' : undefined].filter((x): x is string => x !== undefined);
  if (named.length === 0) return `${own}.`;
  return `${own}; ${named.join(' and ')} ${named.length > 1 ? 'need their own named subnets' : 'needs its own named subnet'}.`;
}
