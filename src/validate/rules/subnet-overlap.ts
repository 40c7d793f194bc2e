import type { Diagnostic } from '../../core/diagnostic.js';
import { overlaps } from '../cidr.js';
import { plannedSubnets, unplacedDefaults } from '../subnets.js';
import { formatPath } from '../../spec/path.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'subnet-overlap';

/** Subnets of one VNet must not overlap; Azure refuses the second one. Both are named. */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'No two subnets overlap.',
  source: 'https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-subnet#add-a-subnet',
  check(loaded): Diagnostic[] {
    // A block with host bits set still covers its normalized range (cidr-format reports the notation). A
    // subnet left out for which the address space has no room holds a placeholder: subnet-in-address-space
    // reports it, with the key to set.
    const unplaced = unplacedDefaults(loaded);
    const subnets = plannedSubnets(loaded.spec).filter((s) => s.cidr && !unplaced.has(s.key));
    const out: Diagnostic[] = [];
    for (let i = 0; i < subnets.length; i++) {
      for (let j = i + 1; j < subnets.length; j++) {
        const a = subnets[i];
        const b = subnets[j];
        if (!a?.cidr || !b?.cidr || !overlaps(a.cidr, b.cidr)) continue;
        out.push(
          finding(loaded, ID, 'error', b.path, `the ${b.azureName} subnet ${b.text} overlaps the ${a.azureName} subnet ${a.text} (${formatPath(a.path)})`, `give ${formatPath(b.path)} a range that does not overlap ${a.text}`),
        );
      }
    }
    return out;
  },
};
