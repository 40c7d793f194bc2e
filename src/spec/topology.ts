import type { Spec } from './schema.js';

/**
 * Where the plan sits in the network: alone (the runbook's single VNet with its own Bastion, firewall and
 * zones) or as a spoke of an existing hub (network.hub, e.g. a Mission Landing Zone hub, which brings
 * Bastion, the firewall, central DNS and the Log Analytics workspace). Pure decisions over the spec that the
 * emitters and the spec validation share, so both see the same subnets.
 */

export function isSpoke(spec: Spec): boolean {
  return spec.network.hub !== undefined;
}

/**
 * The AzureBastionSubnet range, or undefined when the plan creates no Bastion: no jump box to reach, or a
 * spoke whose spec leaves network.subnets.bastion out (the hub's Bastion serves; MLZ hubs deploy one). The
 * spec schema has already placed a range left out where a Bastion is created (src/spec/subnet-layout.ts).
 */
export function bastionPrefix(spec: Spec): string | undefined {
  if (!spec.jumpBox.enabled) return undefined;
  return spec.network.subnets.bastion;
}

/** The hub VNet's subscription, resource group and name, from its resource ID; undefined when malformed. */
export interface ResourceIdParts {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const VNET_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)$/i;
const WORKSPACE_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.OperationalInsights\/workspaces\/([^/]+)$/i;

function parts(re: RegExp, id: string): ResourceIdParts | undefined {
  const m = re.exec(id.trim());
  if (!m) return undefined;
  const [, subscriptionId, resourceGroup, name] = m;
  if (subscriptionId === undefined || resourceGroup === undefined || name === undefined) return undefined;
  return { subscriptionId, resourceGroup, name };
}

export function virtualNetworkIdParts(id: string): ResourceIdParts | undefined {
  return parts(VNET_ID, id);
}

export function logAnalyticsIdParts(id: string): ResourceIdParts | undefined {
  return parts(WORKSPACE_ID, id);
}

/**
 * The VNet's DNS servers (dhcpOptions.dnsServers), or undefined for Azure-provided DNS:
 * network.dnsServers when given; else the Azure Firewall this plan creates when its DNS proxy is on; else,
 * in a spoke with an existing firewall, the hub firewall's private IP (MLZ hubs run Azure Firewall with the
 * DNS proxy, which forwards to Azure DNS and so answers from the zones linked to the hub).
 */
export function vnetDnsServers(spec: Spec, azureFirewallIp: () => string): string[] | undefined {
  if (spec.network.dnsServers !== undefined && spec.network.dnsServers.length > 0) return [...spec.network.dnsServers];
  if (spec.firewall.mode === 'azureFirewall') return spec.firewall.dnsProxy ? [azureFirewallIp()] : undefined;
  if (isSpoke(spec) && spec.firewall.privateIp !== undefined) return [spec.firewall.privateIp];
  return undefined;
}

/** Whether the plan creates its own Log Analytics workspace (not when monitoring.logAnalyticsWorkspaceId names one). */
export function localLogAnalytics(spec: Spec): boolean {
  return spec.monitoring.logAnalyticsWorkspaceId === undefined;
}
