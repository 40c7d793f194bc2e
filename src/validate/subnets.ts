import type { Spec } from '../spec/schema.js';
import type { SpecPath } from '../spec/load.js';
import { parseCidr, type Cidr } from './cidr.js';

export interface SubnetEntry {
  key: 'training' | 'scoring' | 'bastion' | 'firewall';
  /** The name Azure knows the subnet by (Bastion and Firewall require theirs). */
  azureName: string;
  text: string;
  path: SpecPath;
  cidr: Cidr | undefined;
}

/**
 * The subnets the plan creates. AzureFirewallSubnet only exists when il5ml creates the firewall
 * (firewall.mode azureFirewall); with an existing appliance its range is unused and not checked.
 */
export function plannedSubnets(spec: Spec): SubnetEntry[] {
  const s = spec.network.subnets;
  const entries: Omit<SubnetEntry, 'cidr'>[] = [
    { key: 'training', azureName: 'Training', text: s.training, path: ['network', 'subnets', 'training'] },
    { key: 'scoring', azureName: 'Scoring', text: s.scoring, path: ['network', 'subnets', 'scoring'] },
    { key: 'bastion', azureName: 'AzureBastionSubnet', text: s.bastion, path: ['network', 'subnets', 'bastion'] },
  ];
  if (spec.firewall.mode === 'azureFirewall') {
    entries.push({ key: 'firewall', azureName: 'AzureFirewallSubnet', text: s.firewall, path: ['network', 'subnets', 'firewall'] });
  }
  return entries.map((e) => ({ ...e, cidr: parseCidr(e.text) }));
}

export const ADDRESS_SPACE_PATH: SpecPath = ['network', 'addressSpace'];
