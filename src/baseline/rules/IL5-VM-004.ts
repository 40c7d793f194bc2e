import { GUEST_CONFIGURATION_PRIVATE } from '../../catalog/network-layout.js';
import type { AzureResource } from '../../core/resource.js';
import { notApplicable, read, readArray, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL } from '../meta.js';
import type { BaselineRule, ResourceIndex } from '../types.js';

/** The tag guest configuration reads to report over the Azure platform instead of the internet. */
const TAG = 'EnablePrivateNetworkGC';
/** The service tag guest configuration reaches when it reports over the internet path. */
const ARC_TAG = 'AzureArcInfrastructure';

function textOf(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Whether the input allows outbound traffic to AzureArcInfrastructure: a firewall policy rule or an NSG rule. */
function arcAllowed(all: ResourceIndex): string | undefined {
  return all.memo('arc-infrastructure-allowed', () => {
    for (const g of all.ofType('Microsoft.Network/firewallPolicies/ruleCollectionGroups')) {
      const cols = readArray(g, 'properties.ruleCollections');
      if ('unknown' in cols) continue;
      for (const c of cols.items) {
        const rules = readArray(c, 'rules');
        if ('unknown' in rules) continue;
        for (const r of rules.items) {
          const dest = readArray(r, 'destinationAddresses');
          if ('unknown' in dest || !dest.items.some((d) => textOf(d).toLowerCase() === ARC_TAG.toLowerCase())) continue;
          const name = read(r, 'name');
          return `firewall rule ${name.kind === 'value' ? textOf(name.value) : '(unnamed)'} in ${g.name}`;
        }
      }
    }
    for (const nsg of all.ofType('Microsoft.Network/networkSecurityGroups')) {
      const rules = readArray(nsg, 'properties.securityRules');
      if ('unknown' in rules) continue;
      for (const r of rules.items) {
        const dest = read(r, 'properties.destinationAddressPrefix');
        const dir = read(r, 'properties.direction');
        const access = read(r, 'properties.access');
        if (
          dest.kind === 'value' && textOf(dest.value).toLowerCase() === ARC_TAG.toLowerCase() &&
          dir.kind === 'value' && textOf(dir.value).toLowerCase() === 'outbound' &&
          access.kind === 'value' && textOf(access.value).toLowerCase() === 'allow'
        ) return `NSG rule in ${nsg.name}`;
      }
    }
    return undefined;
  });
}

/** A public IP on one of the VM's NICs in the input: guest configuration then reports over it. */
function publicIpNic(r: AzureResource, all: ResourceIndex): string | undefined {
  const nics = readArray(r, 'properties.networkProfile.networkInterfaces');
  if ('unknown' in nics) return undefined;
  for (const ref of nics.items) {
    const id = read(ref, 'id');
    if (id.kind !== 'value' || typeof id.value !== 'string') continue;
    const nic = all.byId(id.value);
    if (!nic || !typeIs(nic, 'Microsoft.Network/networkInterfaces')) continue;
    const ipcs = readArray(nic, 'properties.ipConfigurations');
    if ('unknown' in ipcs) continue;
    if (ipcs.items.some((c) => read(c, 'properties.publicIPAddress.id').kind !== 'missing')) return nic.name;
  }
  return undefined;
}

export const rule: BaselineRule = {
  id: 'IL5-VM-004',
  name: 'IL5.VirtualMachine.GuestConfigurationReports',
  synopsis: 'A virtual machine without a public IP carries the tag EnablePrivateNetworkGC: TRUE, or the input allows it AzureArcInfrastructure, so that guest configuration can report.',
  rationale:
    'The IL5 initiative audits Windows and Linux in-guest settings through guest configuration (machine configuration). A VM whose only way out is a firewall that does not allow AzureArcInfrastructure, and that lacks the EnablePrivateNetworkGC tag, never reports: every in-guest audit stays without an answer and the machine looks compliant by silence.',
  severity: 'medium',
  runbookStep: 'C',
  controls: ['CM-2', 'CM-6', 'SI-4'],
  resourceTypes: ['Microsoft.Compute/virtualMachines'],
  reads: ['Microsoft.Network/firewallPolicies/ruleCollectionGroups', 'Microsoft.Network/networkSecurityGroups', 'Microsoft.Network/networkInterfaces'],
  effect: 'audit',
  remediation: {
    specKey: 'jumpBox',
    property: `tags.${TAG}`,
    text: `Tag the VM ${TAG}: TRUE (il5ml plans do so for the jump box), or allow outbound 443 to the ${ARC_TAG} service tag in the firewall.`,
  },
  links: [GUEST_CONFIGURATION_PRIVATE.url, IL5_INITIATIVE_URL],
  example: [{ ...examples.virtualMachine(), tags: { [TAG]: 'TRUE' } }],
  evaluate(r, all) {
    if (!typeIs(r, 'Microsoft.Compute/virtualMachines')) return notApplicable(r, 'a virtual machine');
    const tag = read(r, `tags.${TAG}`);
    if (tag.kind === 'unknown') return { compliance: 'Unknown', reason: `tags.${TAG} is unknown until deployment (${tag.reason})` };
    if (tag.kind === 'value' && textOf(tag.value).toLowerCase() === 'true') return { compliance: 'Compliant', reason: `tags.${TAG} = '${textOf(tag.value)}'` };
    const pip = publicIpNic(r, all);
    if (pip !== undefined) return { compliance: 'Compliant', reason: `network interface ${pip} has a public IP: guest configuration reports over it` };
    const arc = arcAllowed(all);
    if (arc !== undefined) return { compliance: 'Compliant', reason: `${ARC_TAG} is allowed outbound (${arc})` };
    return {
      compliance: 'NonCompliant',
      reason: `tags.${TAG} is ${tag.kind === 'missing' ? 'missing' : `'${textOf(tag.value)}'`}, no public IP, and no firewall or NSG rule allows ${ARC_TAG}`,
    };
  },
};
