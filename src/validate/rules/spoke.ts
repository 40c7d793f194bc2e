import type { Diagnostic } from '../../core/diagnostic.js';
import { logAnalyticsIdParts, virtualNetworkIdParts, vnetDnsServers } from '../../spec/topology.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'spoke';

/**
 * A spoke of an existing hub (network.hub, monitoring.logAnalyticsWorkspaceId, network.dnsServers): the IDs must be
 * resource IDs of the right type, since the plan peers to the hub VNet in its own subscription and resource group
 * and sends every diagnostic setting to the workspace; DNS servers must be IPv4 addresses. A spoke that creates its
 * own Azure Firewall is allowed but unusual (the hub's firewall normally inspects the spoke's egress): a warning.
 */
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
/**
 * A subscription ID is a GUID ("Your Azure subscription ID. This is a GUID-formatted string (e.g.
 * 00000000-0000-0000-0000-000000000000)", learn.microsoft.com/dotnet/api/microsoft.azure.powershell.cmdlets.websites.models.iwebsitesidentity.subscriptionid,
 * read 2026-12-07), as dns.zoneIds already require: a placeholder left in an ID fails only at deployment.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const rule: SpecRule = {
  id: ID,
  synopsis: 'network.hub.virtualNetworkId is a virtual network ID, monitoring.logAnalyticsWorkspaceId a workspace ID, network.dnsServers IPv4 addresses.',
  source: 'https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview',
  check(loaded): Diagnostic[] {
    const spec = loaded.spec;
    const out: Diagnostic[] = [];
    const hub = spec.network.hub;
    if (hub !== undefined) {
      const parts = virtualNetworkIdParts(hub.virtualNetworkId);
      if (parts === undefined) {
        out.push(
          finding(loaded, ID, 'error', ['network', 'hub', 'virtualNetworkId'], `"${hub.virtualNetworkId}" is not a virtual network resource ID`, 'write /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<hub>'),
        );
      } else if (!GUID.test(parts.subscriptionId)) {
        out.push(
          finding(loaded, ID, 'error', ['network', 'hub', 'virtualNetworkId'], `the subscription "${parts.subscriptionId}" in network.hub.virtualNetworkId is not a subscription ID (a GUID)`, "write the hub's subscription ID, e.g. from `az account show --query id`, after /subscriptions/"),
        );
      }
      if (spec.firewall.mode === 'azureFirewall') {
        // At firewall.mode when it is written; left out (the default), at network.hub, which made this a spoke,
        // rather than at the top of the file.
        const at = loaded.locate(['firewall', 'mode']) !== undefined ? ['firewall', 'mode'] : ['network', 'hub'];
        out.push(
          finding(loaded, ID, 'warning', at, 'this spoke creates its own Azure Firewall; a hub normally inspects its spokes\' egress', 'set firewall.mode to existing and firewall.privateIp to the hub firewall\'s private IP'),
        );
      }
    }
    if (hub === undefined && spec.firewall.mode === 'existing' && spec.firewall.privateIp !== undefined) {
      out.push(
        finding(loaded, ID, 'warning', ['firewall', 'mode'], `the default route goes to ${spec.firewall.privateIp}, outside this VNet, but the plan peers with no hub: unless a peering is made outside the plan, all egress is dropped (baseline IL5-NET-006)`, 'set network.hub.virtualNetworkId to the hub VNet that holds the firewall'),
      );
    }
    const law = spec.monitoring.logAnalyticsWorkspaceId;
    const lawParts = law === undefined ? undefined : logAnalyticsIdParts(law);
    if (law !== undefined && lawParts === undefined) {
      out.push(
        finding(loaded, ID, 'error', ['monitoring', 'logAnalyticsWorkspaceId'], `"${law}" is not a Log Analytics workspace resource ID`, 'write /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>'),
      );
    } else if (lawParts !== undefined && !GUID.test(lawParts.subscriptionId)) {
      out.push(
        finding(loaded, ID, 'error', ['monitoring', 'logAnalyticsWorkspaceId'], `the subscription "${lawParts.subscriptionId}" in monitoring.logAnalyticsWorkspaceId is not a subscription ID (a GUID)`, "write the workspace's subscription ID, e.g. from `az monitor log-analytics workspace show --query id`"),
      );
    }
    // In Azure a VNet without DNS servers uses Azure-provided DNS (the portal's Virtual network > DNS servers >
    // "Default (Azure-provided)", Microsoft's Windows activation troubleshooting guide, read 2026-12-07); here
    // (src/spec/topology.ts vnetDnsServers) an empty list is the key left out: say which servers the VNet gets.
    const instead = spec.network.dnsServers?.length === 0 ? vnetDnsServers(spec, () => "the Azure Firewall's private IP") : undefined;
    if (instead !== undefined) {
      out.push(
        finding(
          loaded,
          ID,
          'warning',
          ['network', 'dnsServers'],
          `network.dnsServers is empty, which il5ml takes as left out: the VNet uses ${instead.join(', ')}, not Azure-provided DNS`,
          'remove network.dnsServers, or list the DNS servers the VNet should use (Azure-provided DNS: firewall.dnsProxy false)',
        ),
      );
    }
    (spec.network.dnsServers ?? []).forEach((ip, i) => {
      if (!IPV4.test(ip)) out.push(finding(loaded, ID, 'error', ['network', 'dnsServers', i], `DNS server "${ip}" is not an IPv4 address`, 'write four decimal octets, e.g. 10.0.100.4'));
    });
    return out;
  },
};
