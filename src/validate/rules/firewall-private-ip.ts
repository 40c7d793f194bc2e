import type { Diagnostic } from '../../core/diagnostic.js';
import { containsAddress, parseCidr, parseIpv4 } from '../cidr.js';
import { plannedSubnets } from '../subnets.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'firewall-private-ip';
const PATH = ['firewall', 'privateIp'] as const;
/** RFC 1918 private ranges, and 100.64.0.0/10 (RFC 6598) which Azure also accepts in VNets. */
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/**
 * With firewall.mode existing, the route table sends 0.0.0.0/0 to firewall.privateIp: it must be an
 * IPv4 address. One inside this VNet's workload subnets is almost surely a mistake (the appliance lives
 * in a hub or in AzureFirewallSubnet), so it is a warning. With mode azureFirewall the address comes
 * from the created firewall and a value here is ignored.
 */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'firewall.mode existing needs a private IPv4 firewall.privateIp outside the workload subnets.',
  source: 'https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#user-defined',
  check(loaded): Diagnostic[] {
    const fw = loaded.spec.firewall;
    if (fw.mode === 'azureFirewall') {
      return fw.privateIp === undefined
        ? []
        : [finding(loaded, ID, 'warning', PATH, 'firewall.privateIp is ignored with mode azureFirewall: routes use the address of the firewall il5ml creates', 'remove firewall.privateIp, or set firewall.mode to existing')];
    }
    if (fw.privateIp === undefined || fw.privateIp.trim() === '') {
      return [finding(loaded, ID, 'error', ['firewall', 'mode'], 'firewall.mode is existing but firewall.privateIp is not set: the default route has no next hop', 'add firewall.privateIp with the private IP of the hub firewall or appliance, e.g. 10.0.0.4')];
    }
    const ip = parseIpv4(fw.privateIp);
    if (ip === undefined) {
      return [finding(loaded, ID, 'error', PATH, `firewall.privateIp "${fw.privateIp}" is not an IPv4 address`, 'write four decimal octets, e.g. 10.0.0.4')];
    }
    const out: Diagnostic[] = [];
    const isPrivate = PRIVATE.some((c) => {
      const block = parseCidr(c);
      return block !== undefined && containsAddress(block, ip);
    });
    if (!isPrivate) {
      out.push(finding(loaded, ID, 'error', PATH, `firewall.privateIp ${fw.privateIp} is not a private address (10/8, 172.16/12, 192.168/16, 100.64/10)`, 'use the private (frontend) IP of the appliance, not its public IP'));
    }
    for (const s of plannedSubnets(loaded.spec)) {
      if (s.cidr && containsAddress(s.cidr, ip)) {
        out.push(finding(loaded, ID, 'warning', PATH, `firewall.privateIp ${fw.privateIp} lies in this VNet's ${s.azureName} subnet ${s.text}; an existing firewall is usually in the hub`, 'check the address: it should be the hub firewall or appliance, reached through peering'));
      }
    }
    return out;
  },
};
