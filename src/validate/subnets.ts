import type { Spec } from '../spec/schema.js';
import { SUBNET_DEFAULTS, specSubnetLayout, type SubnetKey, type WrittenSubnets } from '../spec/subnet-layout.js';
import { bastionPrefix } from '../spec/topology.js';
import type { LoadedSpec, SpecPath } from '../spec/load.js';
import { parseCidr, type Cidr } from './cidr.js';

export interface SubnetEntry {
  key: SubnetKey;
  /** The name Azure knows the subnet by (Bastion and Firewall require theirs). */
  azureName: string;
  text: string;
  path: SpecPath;
  cidr: Cidr | undefined;
}

/**
 * The subnets the plan creates. AzureFirewallSubnet only exists when il5ml creates the firewall
 * (firewall.mode azureFirewall); with an existing appliance its range is unused and not checked.
 * AzureBastionSubnet and JumpBox only exist with a jump box (and Bastion not in a spoke that leaves it out:
 * src/spec/topology.ts).
 */
export function plannedSubnets(spec: Spec): SubnetEntry[] {
  const s = spec.network.subnets;
  const entries: Omit<SubnetEntry, 'cidr'>[] = [
    { key: 'training', azureName: 'Training', text: s.training, path: ['network', 'subnets', 'training'] },
    { key: 'scoring', azureName: 'Scoring', text: s.scoring, path: ['network', 'subnets', 'scoring'] },
    { key: 'privateEndpoints', azureName: 'PrivateEndpoints', text: s.privateEndpoints, path: ['network', 'subnets', 'privateEndpoints'] },
  ];
  const bastion = bastionPrefix(spec);
  if (bastion !== undefined) entries.push({ key: 'bastion', azureName: 'AzureBastionSubnet', text: bastion, path: ['network', 'subnets', 'bastion'] });
  if (spec.jumpBox.enabled) entries.push({ key: 'jumpBox', azureName: 'JumpBox', text: s.jumpBox, path: ['network', 'subnets', 'jumpBox'] });
  if (spec.firewall.mode === 'azureFirewall') {
    entries.push({ key: 'firewall', azureName: 'AzureFirewallSubnet', text: s.firewall, path: ['network', 'subnets', 'firewall'] });
  }
  return entries.map((e) => ({ ...e, cidr: parseCidr(e.text) }));
}

export const ADDRESS_SPACE_PATH: SpecPath = ['network', 'addressSpace'];

/**
 * The subnets the spec leaves out, that the plan creates, and for which network.addressSpace has no free
 * block of their size (src/spec/subnet-layout.ts): they hold the runbook's range as a placeholder, which
 * the rules report as "no room, set network.subnets.<key>" rather than as a range the user did not write.
 * "Left out" is read from the file: a key that is not in it.
 */
export function unplacedDefaults(loaded: LoadedSpec): ReadonlySet<SubnetKey> {
  const spec = loaded.spec;
  const written: WrittenSubnets = {};
  for (const d of SUBNET_DEFAULTS) {
    if (loaded.locate(['network', 'subnets', d.key]) !== undefined) written[d.key] = spec.network.subnets[d.key];
  }
  return new Set(specSubnetLayout({ ...spec, network: { ...spec.network, subnets: written } }).unplaced);
}
