import type { Diagnostic } from '../../core/diagnostic.js';
import { formatPath } from '../../spec/path.js';
import { subnetDefault } from '../../spec/subnet-layout.js';
import { parseCidr, contains } from '../cidr.js';
import { plannedSubnets, unplacedDefaults } from '../subnets.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'subnet-in-address-space';

/**
 * A subnet outside the VNet's address space is refused by Azure ("not within the address space"). A subnet
 * the spec leaves out is placed inside the space (src/spec/subnet-layout.ts); when the space has no free
 * block of its size, the finding says so and names the key to set, instead of a range the user never wrote.
 */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'Every subnet lies inside network.addressSpace; a subnet left out finds a free block of its size there.',
  source: 'https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-subnet#add-a-subnet',
  check(loaded): Diagnostic[] {
    const space = parseCidr(loaded.spec.network.addressSpace);
    // An invalid address space is reported by cidr-format; nothing to compare against here.
    if (!space) return [];
    const unplaced = unplacedDefaults(loaded);
    const out: Diagnostic[] = [];
    for (const s of plannedSubnets(loaded.spec)) {
      const key = formatPath(s.path);
      if (unplaced.has(s.key)) {
        const d = subnetDefault(s.key);
        const size = d.smallest === d.prefix ? `/${d.prefix} or larger` : `/${d.smallest} or larger; the default is a /${d.prefix}`;
        out.push(
          finding(
            loaded,
            ID,
            'error',
            s.path,
            `${key} is not set, and the address space ${space.normalized} has no free /${d.prefix} left for the ${s.azureName} subnet`,
            `set ${key} to a range inside ${space.normalized} that no other subnet uses (${size}), or widen network.addressSpace`,
          ),
        );
      } else if (s.cidr && !contains(space, s.cidr)) {
        out.push(finding(loaded, ID, 'error', s.path, `the ${s.azureName} subnet ${s.text} is not inside the address space ${space.normalized}`, `choose a range inside ${space.normalized}, or widen network.addressSpace to include ${s.text}`));
      }
    }
    return out;
  },
};
