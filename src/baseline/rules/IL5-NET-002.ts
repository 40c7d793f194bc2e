import { isUnknown } from '../../core/unknown.js';
import { notApplicable, read, readArray, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { SUBNET, VNET, foldSubnets, prefixLength } from '../subnets.js';
import type { BaselineRule, RuleOutcome } from '../types.js';

/** Azure Bastion needs a subnet named AzureBastionSubnet of /26 or larger (a shorter prefix). */
const MAX_PREFIX = 26;

export const rule: BaselineRule = {
  id: 'IL5-NET-002',
  name: 'IL5.Network.BastionSubnetSize',
  synopsis: 'AzureBastionSubnet is /26 or larger.',
  rationale:
    'The runbook gives AzureBastionSubnet 172.16.2.0/27, which Azure refuses for Bastion today: the deployment fails after the network was half built. Azure Policy has no definition for this.',
  severity: 'medium',
  runbookStep: 'A',
  controls: ['AC-17', 'SC-7'],
  resourceTypes: [VNET, SUBNET],
  reads: [],
  effect: 'audit',
  remediation: {
    specKey: 'network.subnets.bastion',
    property: 'properties.subnets[AzureBastionSubnet].properties.addressPrefix',
    text: 'Give AzureBastionSubnet a /26 or larger prefix (e.g. 172.16.2.0/26): network.subnets.bastion in the spec.',
  },
  links: ['https://learn.microsoft.com/azure/bastion/configuration-settings#subnet'],
  example: [examples.vnet()],
  evaluate(r) {
    if (!typeIs(r, VNET, SUBNET)) return notApplicable(r, 'a virtual network or subnet');
    return foldSubnets(
      r,
      (s): RuleOutcome => {
        if (s.name.toLowerCase() !== 'azurebastionsubnet') return { compliance: 'NotApplicable', reason: `${s.name} is not AzureBastionSubnet` };
        const one = read(s.properties, 'addressPrefix');
        const many = readArray(s.properties, 'addressPrefixes');
        if (one.kind === 'unknown') return { compliance: 'Unknown', reason: `the prefix of AzureBastionSubnet is unknown until deployment (${one.reason})` };
        if ('unknown' in many) return { compliance: 'Unknown', reason: `the prefixes of AzureBastionSubnet are unknown until deployment` };
        const prefixes = [...(one.kind === 'value' ? [one.value] : []), ...many.items];
        if (prefixes.length === 0) return { compliance: 'NonCompliant', reason: 'AzureBastionSubnet has no address prefix' };
        for (const p of prefixes) {
          if (isUnknown(p)) return { compliance: 'Unknown', reason: `a prefix of AzureBastionSubnet is unknown until deployment (${p.reason})` };
          const len = typeof p === 'string' ? prefixLength(p) : undefined;
          if (len === undefined) return { compliance: 'NonCompliant', reason: `AzureBastionSubnet prefix ${JSON.stringify(p)} is not an IPv4 CIDR` };
          if (len > MAX_PREFIX) return { compliance: 'NonCompliant', reason: `AzureBastionSubnet is ${String(p)}, smaller than /${MAX_PREFIX}` };
        }
        return { compliance: 'Compliant', reason: `AzureBastionSubnet is ${prefixes.map(String).join(', ')}` };
      },
      'no AzureBastionSubnet',
    );
  },
};
