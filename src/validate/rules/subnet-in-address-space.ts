import type { Diagnostic } from '../../core/diagnostic.js';
import { parseCidr, contains } from '../cidr.js';
import { plannedSubnets } from '../subnets.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'subnet-in-address-space';

/** A subnet outside the VNet's address space is refused by Azure ("not within the address space"). */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'Every subnet lies inside network.addressSpace.',
  source: 'https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-subnet#add-a-subnet',
  check(loaded): Diagnostic[] {
    const space = parseCidr(loaded.spec.network.addressSpace);
    // An invalid address space is reported by cidr-format; nothing to compare against here.
    if (!space) return [];
    return plannedSubnets(loaded.spec)
      .filter((s) => s.cidr && !contains(space, s.cidr))
      .map((s) =>
        finding(loaded, ID, 'error', s.path, `the ${s.azureName} subnet ${s.text} is not inside the address space ${space.normalized}`, `choose a range inside ${space.normalized}, or widen network.addressSpace to include ${s.text}`),
      );
  },
};
