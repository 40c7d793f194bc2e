import { notApplicable, read, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { SUBNET, VNET, foldSubnets } from '../subnets.js';
import type { BaselineRule, RuleOutcome } from '../types.js';

/**
 * Subnets Azure does not allow (or does not support) a network security group on:
 * GatewaySubnet — an NSG stops the gateway (built-in policy 35f9c03a-cc27-418e-9c0c-539ff999d010,
 * "Gateway subnets should not be configured with a network security group");
 * AzureFirewallSubnet and AzureFirewallManagementSubnet — https://learn.microsoft.com/azure/firewall/firewall-faq
 * ("Are Network Security Groups (NSGs) supported on the AzureFirewallSubnet?");
 * RouteServerSubnet — https://learn.microsoft.com/azure/route-server/route-server-faq (read 2026-11-25).
 */
const EXEMPT = new Set(['gatewaysubnet', 'azurefirewallsubnet', 'azurefirewallmanagementsubnet', 'routeserversubnet']);

export const rule: BaselineRule = {
  id: 'IL5-NET-003',
  name: 'IL5.Network.SubnetNsg',
  synopsis: 'Every subnet has a network security group, except the gateway, firewall and route server subnets, where Azure does not allow one.',
  rationale:
    'The NSG is the last filter between subnets and the only one the compute cluster and Bastion rely on inside the virtual network. The IL5 definition for it reads Defender for Cloud assessments, which exist only after deployment; this rule judges the template.',
  severity: 'high',
  runbookStep: 'D',
  controls: ['AC-4', 'SC-7', 'SC-7(3)'],
  resourceTypes: [VNET, SUBNET],
  reads: [],
  effect: 'audit',
  remediation: {
    specKey: 'network.subnets',
    property: 'properties.subnets[*].properties.networkSecurityGroup.id',
    text: 'Associate a Microsoft.Network/networkSecurityGroups resource with the subnet (properties.networkSecurityGroup.id); the plan creates one for Training, Scoring and AzureBastionSubnet.',
  },
  links: [
    'https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview',
    'https://learn.microsoft.com/azure/firewall/firewall-faq',
    'https://learn.microsoft.com/azure/route-server/route-server-faq',
  ],
  example: [examples.vnet()],
  evaluate(r) {
    if (!typeIs(r, VNET, SUBNET)) return notApplicable(r, 'a virtual network or subnet');
    return foldSubnets(
      r,
      (s): RuleOutcome => {
        if (EXEMPT.has(s.name.toLowerCase())) return { compliance: 'NotApplicable', reason: `${s.name} cannot have a network security group` };
        const nsg = read(s.properties, 'networkSecurityGroup.id');
        if (nsg.kind === 'unknown') return { compliance: 'Unknown', reason: `the network security group of ${s.name} is unknown until deployment (${nsg.reason})` };
        if (nsg.kind === 'missing') return { compliance: 'NonCompliant', reason: `subnet ${s.name} has no network security group` };
        return { compliance: 'Compliant', reason: `subnet ${s.name} has network security group ${String(nsg.value).split('/').pop() ?? ''}` };
      },
      'no subnet that can take a network security group',
    );
  },
};
