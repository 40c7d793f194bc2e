import type { Diagnostic } from '../../core/diagnostic.js';
import { ANY_SUBNET, BASTION_SUBNET, FIREWALL_SUBNET } from '../../catalog/subnet-sizes.js';
import { plannedSubnets, type SubnetEntry } from '../subnets.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'subnet-size';

/**
 * Minimum sizes Azure enforces:
 * AzureBastionSubnet /26 or larger, AzureFirewallSubnet /26, any subnet /29 or larger (Azure reserves 5
 * addresses in each): src/catalog/subnet-sizes.ts, with their sources.
 */
const MIN_PREFIX: Record<SubnetEntry['key'], { max: number; why: string }> = {
  bastion: { max: BASTION_SUBNET.maxPrefix, why: BASTION_SUBNET.why },
  firewall: { max: FIREWALL_SUBNET.maxPrefix, why: FIREWALL_SUBNET.why },
  training: { max: ANY_SUBNET.maxPrefix, why: ANY_SUBNET.why },
  scoring: { max: ANY_SUBNET.maxPrefix, why: ANY_SUBNET.why },
  jumpBox: { max: ANY_SUBNET.maxPrefix, why: ANY_SUBNET.why },
  privateEndpoints: { max: ANY_SUBNET.maxPrefix, why: ANY_SUBNET.why },
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
