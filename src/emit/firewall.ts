import { EGRESS_DEVIATIONS } from '../catalog/egress.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { egressRules, firewallNextHop, ruleSources, type EgressRule } from '../net/egress-rules.js';
import { apiVersionFact } from '../catalog/api-versions.js';
import { resource, resourceIdExpr } from './arm.js';
import type { AttachingFragment, NsgRule, SubnetAttachment } from './attachments.js';
import { hasBastion, subnetIdExpr } from './network.js';
import type { ArmResourceDecl, Deviation, PlanNote } from './types.js';
import type { EgressFrom } from '../catalog/egress.js';
import { NETWORK_DEVIATIONS } from '../catalog/network-layout.js';
import { exfiltrationNote } from './exfiltration.js';
import { logAnalyticsDependsOn, logAnalyticsDisplayName, logAnalyticsIdExpr } from './log-analytics.js';

/**
 * Step D: egress through a firewall, generated from the egress catalog (src/catalog/egress.ts), so the
 * Azure Firewall policy, the subnet NSG rules and the change request `il5ml egress` prints are the same
 * rules.
 *
 * - firewall.mode azureFirewall: a Standard public IP, a Firewall Policy (tier from the spec, DNS proxy,
 *   threat intelligence in Deny mode, IDPS in Deny mode on Premium), one rule collection group with a
 *   network rule collection (service tags and ports) and an application rule collection (FQDNs), the
 *   firewall in AzureFirewallSubnet, and its logs to Log Analytics.
 * - firewall.mode existing: nothing created; the routes point at firewall.privateIp.
 * - Both: a route table on Training and Scoring (0.0.0.0/0 -> the firewall, VirtualAppliance) and the
 *   outbound NSG rules compute without a public IP needs. Route table and rules reach the subnets through
 *   the assembler's subnet attachments (src/emit/attachments.ts). No route table on AzureBastionSubnet:
 *   Bastion does not support one.
 *
 * No management public IP: Azure Firewall Standard and Premium need the management NIC only with forced
 * tunnelling (https://learn.microsoft.com/azure/firewall/management-nic, read 2026-11-25); Basic always
 * needs it, and the spec does not offer Basic.
 */

/** Rule collection names and priorities: compute's, then the jump box's own (NETWORK_DEVIATIONS.jumpBoxSubnet). */
const COLLECTIONS: Readonly<Record<EgressFrom, { network: string; application: string; priority: number }>> = {
  compute: { network: 'aml-network', application: 'aml-application', priority: 100 },
  jumpBox: { network: 'jumpbox-network', application: 'jumpbox-application', priority: 300 },
};
const RULE_COLLECTION_GROUP = 'aml-egress';

const HTTP_PORTS: Readonly<Record<string, 'Http' | 'Https'>> = { '80': 'Http', '443': 'Https' };

function networkRule(r: EgressRule, sources: string[], ports: string[], destination: { fqdn?: string; tag?: string; address?: string }): Record<string, unknown> {
  return {
    ruleType: 'NetworkRule',
    name: r.id,
    description: r.why,
    ipProtocols: [r.protocol === 'Any' ? 'Any' : r.protocol],
    sourceAddresses: sources,
    ...(destination.tag ? { destinationAddresses: [destination.tag] } : {}),
    ...(destination.address ? { destinationAddresses: [destination.address] } : {}),
    ...(destination.fqdn ? { destinationFqdns: [destination.fqdn] } : {}),
    destinationPorts: ports,
  };
}

/**
 * The firewall policy's rules from the change request: service tags as network rules (with the tag
 * Azure Firewall accepts), published addresses (Cidr) as network rules by IP, FQDNs on 80/443 as application rules, FQDNs on other ports as network rules
 * with destinationFqdns (Azure Firewall resolves them through its DNS proxy) unless a service tag rule
 * already carries that traffic. Rules enforced by the NSG (traffic that stays in the VNet) are left out.
 */
export function firewallRuleCollections(
  spec: Spec,
  from: EgressFrom = 'compute',
): { network: Record<string, unknown>[]; application: Record<string, unknown>[] } {
  const sources = ruleSources(spec, from).map((s) => s.cidr);
  const network: Record<string, unknown>[] = [];
  const application: Record<string, unknown>[] = [];
  for (const r of egressRules(spec)) {
    if (r.enforcedBy !== 'firewall' || r.from !== from) continue;
    if (r.destinationType === 'FqdnTag') {
      // FQDN tags (WindowsUpdate) exist only in application rules, on HTTP and HTTPS.
      application.push({
        ruleType: 'ApplicationRule',
        name: r.id,
        description: r.why,
        protocols: r.ports.filter((p) => HTTP_PORTS[p]).map((p) => ({ protocolType: HTTP_PORTS[p], port: Number(p) })),
        sourceAddresses: sources,
        fqdnTags: [r.destination],
      });
      continue;
    }
    if (r.destinationType === 'ServiceTag') {
      network.push(networkRule(r, sources, r.ports, { tag: r.firewallDestination }));
      continue;
    }
    if (r.destinationType === 'Cidr') {
      // A published address (Azure Government's KMS): a network rule by IP, independent of the DNS proxy.
      network.push(networkRule(r, sources, r.ports, { address: r.destination }));
      continue;
    }
    if (r.destinationType !== 'Fqdn') continue;
    const http = r.protocol === 'UDP' ? [] : r.ports.filter((p) => HTTP_PORTS[p]);
    const other = r.ports.filter((p) => !http.includes(p));
    if (http.length) {
      application.push({
        ruleType: 'ApplicationRule',
        name: r.id,
        description: r.why,
        protocols: http.map((p) => ({ protocolType: HTTP_PORTS[p], port: Number(p) })),
        sourceAddresses: sources,
        targetFqdns: [r.destination],
      });
    }
    if (other.length && !r.coveredBy) {
      if (r.destination.includes('*')) {
        // Network rules take no wildcard FQDNs; an entry like that must name the tag rule covering it.
        throw new Error(`internal: egress entry ${r.id} has non-HTTP ports on a wildcard FQDN and no coveredBy`);
      }
      network.push(networkRule(r, sources, other, { fqdn: r.destination }));
    }
  }
  return { network, application };
}

/**
 * Outbound rules compute without a public IP needs, on the Training and Scoring NSGs (step E). Explicit
 * allows so that a later deny-all (an org policy, a hardening baseline) cannot cut them. No deny-Internet
 * rule here: the NSG sees the service's public address, so it would drop traffic bound for the
 * firewall's FQDN rules before it reaches the firewall; the firewall is the filter.
 */
export function computeNsgRules(spec: Spec): NsgRule[] {
  const byId = new Map(egressRules(spec).map((r) => [r.id, r]));
  const pick: { id: string; name: string; priority: number }[] = [
    { id: 'aml', name: 'AllowAzureMachineLearningOutbound', priority: 100 },
    { id: 'aml-udp', name: 'AllowAzureMachineLearningUdpOutbound', priority: 110 },
    { id: 'batch', name: 'AllowBatchNodeManagementOutbound', priority: 120 },
    { id: 'storage', name: 'AllowStorageOutbound', priority: 130 },
    { id: 'vnet', name: 'AllowVirtualNetworkHttpsOutbound', priority: 140 },
  ];
  const out: NsgRule[] = [];
  for (const p of pick) {
    const r = byId.get(p.id);
    if (!r) continue;
    out.push({
      name: p.name,
      // NSG descriptions are limited to 140 characters (securityRules: description).
      description: r.why.length > 140 ? `${r.why.slice(0, 137)}...` : r.why,
      priority: p.priority,
      direction: 'Outbound',
      access: 'Allow',
      protocol: r.protocol === 'TCP' ? 'Tcp' : r.protocol === 'UDP' ? 'Udp' : '*',
      sourceAddressPrefix: 'VirtualNetwork',
      sourcePortRange: '*',
      destinationAddressPrefix: r.destination,
      destinationPorts: [...r.ports],
    });
  }
  return out;
}

/** The rule collections of the policy's rule collection group: compute's network and application rules, then the jump box's. */
export function policyRuleCollections(spec: Spec): Record<string, unknown>[] {
  const ruleCollections: Record<string, unknown>[] = [];
  for (const from of ['compute', 'jumpBox'] as const) {
    const c = COLLECTIONS[from];
    const { network, application } = firewallRuleCollections(spec, from);
    if (network.length) {
      ruleCollections.push({ ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: c.network, priority: c.priority, action: { type: 'Allow' }, rules: network });
    }
    if (application.length) {
      ruleCollections.push({ ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: c.application, priority: c.priority + 100, action: { type: 'Allow' }, rules: application });
    }
  }
  return ruleCollections;
}

/**
 * `il5ml egress --format arm`: the rule collection group alone, as an ARM template to deploy into the
 * resource group of an existing Azure Firewall policy (firewall.mode existing with a hub Azure Firewall, as
 * Mission Landing Zone's): `az deployment group create -g <hub policy's resource group> --template-file
 * rcg.json --parameters firewallPolicyName=<policy>`. The same rules the plan's own policy gets
 * (firewall.mode azureFirewall). Priorities run from 100 to 65,000, lower first (Azure Firewall rule
 * processing logic, https://learn.microsoft.com/azure/firewall/rule-processing, read 2026-12-07); a policy
 * made in the portal has default rule collection groups at 100 (DNAT), 200 (network) and 300 (application)
 * (Azure Firewall Policy rule sets, https://learn.microsoft.com/azure/firewall/policy-rule-sets, read
 * 2026-12-07), so the group's priority is a parameter, 400 unless given, to fit among the hub's groups.
 */
export function ruleCollectionGroupTemplate(spec: Spec): Record<string, unknown> {
  const type = 'Microsoft.Network/firewallPolicies/ruleCollectionGroups';
  const sources = [ruleSources(spec, 'compute'), ...(spec.jumpBox.enabled ? [ruleSources(spec, 'jumpBox')] : [])]
    .flat()
    .map((s) => `${s.subnet} ${s.cidr}`)
    .join(', ');
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    metadata: {
      description: `Egress rules Azure Machine Learning needs in Azure Government (il5ml egress --format arm), for sources ${sources}: one rule collection group for an existing Azure Firewall policy. Deploy into the policy's resource group.`,
    },
    parameters: {
      firewallPolicyName: { type: 'string', metadata: { description: 'Name of the existing Azure Firewall policy (in the resource group deployed into).' } },
      ruleCollectionGroupName: { type: 'string', defaultValue: RULE_COLLECTION_GROUP, metadata: { description: 'Name of the rule collection group to create or replace.' } },
      ruleCollectionGroupPriority: { type: 'int', defaultValue: 400, minValue: 100, maxValue: 65000, metadata: { description: 'Priority of the group among the policy\'s groups (100 to 65000, lower first).' } },
    },
    resources: [
      {
        type,
        apiVersion: apiVersionFact(type).apiVersion,
        name: "[format('{0}/{1}', parameters('firewallPolicyName'), parameters('ruleCollectionGroupName'))]",
        properties: { priority: "[parameters('ruleCollectionGroupPriority')]", ruleCollections: policyRuleCollections(spec) },
      },
    ],
  };
}

function firewallResources(spec: Spec): ArmResourceDecl[] {
  const n = resourceNames(spec);
  const pipId = resourceIdExpr('Microsoft.Network/publicIPAddresses', n.firewallPublicIp);
  const policyId = resourceIdExpr('Microsoft.Network/firewallPolicies', n.firewallPolicy);
  const rcgId = resourceIdExpr('Microsoft.Network/firewallPolicies/ruleCollectionGroups', n.firewallPolicy, RULE_COLLECTION_GROUP);
  const fwId = resourceIdExpr('Microsoft.Network/azureFirewalls', n.firewall);
  const vnetId = resourceIdExpr('Microsoft.Network/virtualNetworks', n.vnet);
  const logId = logAnalyticsIdExpr(spec);
  const premium = spec.firewall.sku === 'Premium';
  const ruleCollections = policyRuleCollections(spec);
  return [
    resource(spec, {
      type: 'Microsoft.Network/publicIPAddresses',
      name: n.firewallPublicIp,
      sku: { name: 'Standard', tier: 'Regional' },
      properties: { publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4' },
    }),
    resource(spec, {
      type: 'Microsoft.Network/firewallPolicies',
      name: n.firewallPolicy,
      properties: {
        sku: { tier: spec.firewall.sku },
        // Threat intelligence alerts and denies traffic to known malicious addresses and domains.
        threatIntelMode: 'Deny',
        // The DNS proxy lets network rules name FQDNs and lets the VNet's DNS point at the firewall.
        dnsSettings: { enableProxy: spec.firewall.dnsProxy },
        ...(premium ? { intrusionDetection: { mode: 'Deny' } } : {}),
      },
    }),
    resource(spec, {
      type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
      name: `${n.firewallPolicy}/${RULE_COLLECTION_GROUP}`,
      location: 'none',
      properties: { priority: 200, ruleCollections },
      dependsOn: [policyId],
    }),
    resource(spec, {
      type: 'Microsoft.Network/azureFirewalls',
      name: n.firewall,
      properties: {
        sku: { name: 'AZFW_VNet', tier: spec.firewall.sku },
        firewallPolicy: { id: policyId },
        ipConfigurations: [
          {
            name: 'ipconfig',
            properties: { subnet: { id: subnetIdExpr(spec, 'firewall') }, publicIPAddress: { id: pipId } },
          },
        ],
      },
      // The policy's rule collection group must exist before the firewall takes the policy.
      dependsOn: [pipId, policyId, rcgId, vnetId],
    }),
    resource(spec, {
      type: 'Microsoft.Insights/diagnosticSettings',
      name: 'to-log-analytics',
      location: 'none',
      scope: fwId,
      properties: {
        workspaceId: logId,
        // Resource-specific tables (AZFWNetworkRule, AZFWApplicationRule, ...): Azure Firewall's structured logs.
        logAnalyticsDestinationType: 'Dedicated',
        logs: [{ categoryGroup: 'allLogs', enabled: true }],
        metrics: [{ category: 'AllMetrics', enabled: true }],
      },
      dependsOn: [fwId, ...logAnalyticsDependsOn(spec)],
    }),
  ];
}

function routeTableResource(spec: Spec): ArmResourceDecl {
  const n = resourceNames(spec);
  return resource(spec, {
    type: 'Microsoft.Network/routeTables',
    name: n.routeTable,
    properties: {
      // Keep routes learned from a hub gateway (on-premises reachability); the default route still wins
      // for the internet because a UDR beats a BGP 0.0.0.0/0 of the same length.
      disableBgpRoutePropagation: false,
      routes: [
        {
          name: 'default-to-firewall',
          properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: firewallNextHop(spec) },
        },
      ],
    },
  });
}

/** The step D emitter: `Emitter`-compatible, with subnet attachments for the assembler. */
export function emitFirewall(spec: Spec): AttachingFragment {
  const n = resourceNames(spec);
  const rules = egressRules(spec);
  const nsgRules = computeNsgRules(spec);
  const resources: ArmResourceDecl[] = [...(spec.firewall.mode === 'azureFirewall' ? firewallResources(spec) : []), routeTableResource(spec)];
  const attachments: SubnetAttachment[] = (['training', 'scoring'] as const).map((subnet) => ({
    subnet,
    routeTable: n.routeTable,
    securityRules: nsgRules,
    by: 'step D firewall',
  }));
  // The jump box's subnet takes the same default route: its egress goes through its own rule collections.
  if (spec.jumpBox.enabled) attachments.push({ subnet: 'jumpBox', routeTable: n.routeTable, by: 'step D firewall' });
  const nextHop = firewallNextHop(spec);
  const notes: PlanNote[] =
    spec.firewall.mode === 'azureFirewall'
      ? [
          {
            step: 'D',
            what: `Azure Firewall ${spec.firewall.sku} ${n.firewall} in AzureFirewallSubnet (${spec.network.subnets.firewall}), public IP ${n.firewallPublicIp}, policy ${n.firewallPolicy} with ${rules.filter((r) => r.enforcedBy === 'firewall').length} egress rules (compute: ${COLLECTIONS.compute.network}, ${COLLECTIONS.compute.application}${spec.jumpBox.enabled ? `; jump box: ${COLLECTIONS.jumpBox.network}, ${COLLECTIONS.jumpBox.application}` : ''}), DNS proxy ${spec.firewall.dnsProxy ? 'on' : 'off'}, logs to ${logAnalyticsDisplayName(spec)}`,
            why: 'Compute reaches only the Azure Government services Azure Machine Learning needs; everything else is denied and logged.',
          },
        ]
      : [
          {
            step: 'D',
            what: `No firewall created: routes point at the existing firewall ${nextHop}; give its team the change request from \`il5ml egress\``,
            why: 'firewall.mode existing: the hub firewall or appliance enforces egress.',
          },
        ];
  notes.push(
    {
      step: 'D',
      what: `Route table ${n.routeTable} on Training, Scoring${spec.jumpBox.enabled ? ' and JumpBox' : ''}: 0.0.0.0/0 -> ${nextHop} (VirtualAppliance)${hasBastion(spec) ? '; none on AzureBastionSubnet' : ''}`,
      why: 'All outbound traffic from compute goes through the firewall; compute has no public IP, so no inbound route is needed.',
    },
    {
      step: 'E',
      what: `NSG rules on Training and Scoring: ${nsgRules.map((r) => r.name).join(', ')}`,
      why: 'The outbound traffic compute without a public IP needs (how-to-secure-training-vnet); no inbound rule.',
    },
  );
  notes.push(packageSourcesNote(spec), exfiltrationNote(spec));
  const deviations: Deviation[] = [...EGRESS_DEVIATIONS, NETWORK_DEVIATIONS.packageSources, NETWORK_DEVIATIONS.exfiltration];
  return { step: 'D', resources, notes, deviations, subnetAttachments: attachments };
}

/** plan.md: which package sources compute reaches (firewall.packageSources). */
function packageSourcesNote(spec: Spec): PlanNote {
  const p = spec.firewall.packageSources;
  const on = (['pypi', 'conda', 'cran', 'pytorch', 'tensorflow', 'vscode'] as const).filter((k) => p[k]);
  const what =
    p.mode === 'closed'
      ? 'No public package source (firewall.packageSources.mode closed)'
      : p.mode === 'mirror'
        ? `Package sources: only the private mirror ${p.mirror.join(', ')} (HTTPS), no public index`
        : `Public package sources open to compute: ${on.length > 0 ? on.join(', ') : 'none'} (firewall.packageSources)`;
  return {
    step: 'D',
    what,
    why:
      p.mode === 'public'
        ? 'The runbook\'s step D allows them: conda and pip environment builds fail without an index. Each is a path to the internet from compute; mode mirror or closed narrows it.'
        : 'Environment builds use only what this allows; images must be built from the mirror or from the registry.',
  };
}
