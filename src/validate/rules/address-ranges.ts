import type { Diagnostic } from '../../core/diagnostic.js';
import { overlaps, parseCidr, contains } from '../cidr.js';
import { ADDRESS_SPACE_PATH } from '../subnets.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'address-ranges';

/**
 * Virtual Network FAQ ("What address ranges can I use in my virtual networks?"): the RFC 1918 ranges
 * and RFC 6598's 100.64.0.0/10 are private in Azure; other ranges "might work but have undesirable side
 * effects" (the Internet addresses inside them become unreachable from the VNet), so they are a
 * warning; five ranges can never be added, an error.
 */
const FORBIDDEN: readonly [string, string][] = [
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['168.63.129.16/32', 'Azure platform DNS, DHCP and health probes'],
];
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

export const rule: SpecRule = {
  id: ID,
  synopsis: 'The address space avoids the five ranges Azure refuses, and is private (RFC 1918 or 100.64.0.0/10).',
  source: 'https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#what-address-ranges-can-i-use-in-my-virtual-networks',
  check(loaded): Diagnostic[] {
    const space = parseCidr(loaded.spec.network.addressSpace);
    if (!space) return [];
    const out: Diagnostic[] = [];
    for (const [range, what] of FORBIDDEN) {
      const block = parseCidr(range);
      if (block && overlaps(space, block)) {
        out.push(finding(loaded, ID, 'error', ADDRESS_SPACE_PATH, `the address space ${space.normalized} includes ${range} (${what}), which Azure does not allow in a virtual network`, 'use a private range, e.g. 172.16.0.0/16 as the runbook does'));
      }
    }
    const isPrivate = PRIVATE.some((r) => {
      const block = parseCidr(r);
      return block !== undefined && contains(block, space);
    });
    if (out.length === 0 && !isPrivate) {
      out.push(finding(loaded, ID, 'warning', ADDRESS_SPACE_PATH, `the address space ${space.normalized} is not a private range (10/8, 172.16/12, 192.168/16, 100.64/10): the Internet addresses it covers become unreachable from the VNet`, 'use a private range, e.g. 172.16.0.0/16 as the runbook does'));
    }
    return out;
  },
};
