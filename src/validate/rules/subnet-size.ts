import type { Diagnostic } from '../../core/diagnostic.js';
import { plannedSubnets, type SubnetEntry } from '../subnets.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'subnet-size';

/**
 * Minimum sizes Azure enforces:
 * - AzureBastionSubnet /26 or larger (Bastion; the runbook's /27 dates from before the change and is
 *   now refused): https://learn.microsoft.com/azure/bastion/configuration-settings#subnet
 * - AzureFirewallSubnet /26 (Azure Firewall): https://learn.microsoft.com/azure/firewall/firewall-faq#why-does-azure-firewall-need-a--26-subnet-size
 * - any subnet /29 or larger (Azure reserves 5 addresses in each):
 *   https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#how-small-and-how-large-can-virtual-networks-and-subnets-be
 */
const MIN_PREFIX: Record<SubnetEntry['key'], { max: number; why: string }> = {
  bastion: { max: 26, why: 'Azure Bastion requires AzureBastionSubnet to be /26 or larger (the runbook\'s /27 is refused)' },
  firewall: { max: 26, why: 'Azure Firewall requires AzureFirewallSubnet to be /26' },
  training: { max: 29, why: 'Azure subnets are /29 or larger (5 addresses of each are reserved)' },
  scoring: { max: 29, why: 'Azure subnets are /29 or larger (5 addresses of each are reserved)' },
  jumpBox: { max: 29, why: 'Azure subnets are /29 or larger (5 addresses of each are reserved)' },
  privateEndpoints: { max: 29, why: 'Azure subnets are /29 or larger (5 addresses of each are reserved)' },
};

export const rule: SpecRule = {
  id: ID,
  synopsis: 'AzureBastionSubnet and AzureFirewallSubnet are /26 or larger; every subnet is /29 or larger.',
  source: 'https://learn.microsoft.com/azure/bastion/configuration-settings#subnet',
  check(loaded): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const s of plannedSubnets(loaded.spec)) {
      if (!s.cidr || s.cidr.hostBitsSet) continue;
      const min = MIN_PREFIX[s.key];
      if (s.cidr.prefix > min.max) {
        const bigger = `${s.cidr.normalized.split('/')[0]}/${min.max}`;
        out.push(
          finding(loaded, ID, 'error', s.path, `the ${s.azureName} subnet ${s.text} is too small: ${min.why}`, `use a /${min.max} or larger block, e.g. ${bigger} if that range is free`),
        );
      }
    }
    return out;
  },
};
