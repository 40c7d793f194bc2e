import { ANY_SUBNET, BASTION_SUBNET, FIREWALL_SUBNET } from '../catalog/subnet-sizes.js';
import { cidrRange, formatCidr, overlaps, parseCidr, type Cidr } from '../net/cidr.js';

/**
 * Where the subnets the spec leaves out go. The runbook lays its subnets out in 172.16.0.0/16 as
 * Training x.x.0.0/24, Scoring x.x.1.0/24, AzureBastionSubnet x.x.2.0 (a /26: Azure refuses the runbook's
 * /27), AzureFirewallSubnet x.x.3.0/26; il5ml adds JumpBox x.x.4.0/27 and PrivateEndpoints x.x.5.0/24. A
 * subnet the spec leaves out takes the same offset in whatever network.addressSpace the spec names (the
 * runbook says its address values "may be different for you"); when that block is outside the space or
 * overlaps a subnet already placed, it takes the first free block of its size in the space, in address
 * order. Written subnets are placed first and never moved; the defaults go in the order below. The result
 * depends on the spec alone: the same spec always gets the same ranges.
 *
 * A default that finds no room anywhere keeps the runbook's range, which the spec rules then report as
 * "no room" at the key to set (src/validate/rules/subnet-in-address-space.ts), never as a range the user
 * did not write.
 */

export type SubnetKey = 'training' | 'scoring' | 'bastion' | 'firewall' | 'jumpBox' | 'privateEndpoints';

export interface SubnetDefault {
  key: SubnetKey;
  /** The default's prefix length: the size Azure requires where it names one (src/catalog/subnet-sizes.ts). */
  prefix: number;
  /** The longest prefix Azure accepts for the subnet (src/catalog/subnet-sizes.ts). */
  smallest: number;
  /** Its offset from the start of the address space, in addresses (x.x.2.0 is 512). */
  offset: bigint;
  /** The runbook's range, kept when no block of the size is free. */
  runbook: string;
}

/** In placement order. */
export const SUBNET_DEFAULTS: readonly SubnetDefault[] = [
  { key: 'training', prefix: 24, smallest: ANY_SUBNET.maxPrefix, offset: 0n, runbook: '172.16.0.0/24' },
  { key: 'scoring', prefix: 24, smallest: ANY_SUBNET.maxPrefix, offset: 256n, runbook: '172.16.1.0/24' },
  { key: 'bastion', prefix: BASTION_SUBNET.maxPrefix, smallest: BASTION_SUBNET.maxPrefix, offset: 512n, runbook: '172.16.2.0/26' },
  { key: 'firewall', prefix: FIREWALL_SUBNET.maxPrefix, smallest: FIREWALL_SUBNET.maxPrefix, offset: 768n, runbook: '172.16.3.0/26' },
  { key: 'jumpBox', prefix: 27, smallest: ANY_SUBNET.maxPrefix, offset: 1024n, runbook: '172.16.4.0/27' },
  { key: 'privateEndpoints', prefix: 24, smallest: ANY_SUBNET.maxPrefix, offset: 1280n, runbook: '172.16.5.0/24' },
];

export function subnetDefault(key: SubnetKey): SubnetDefault {
  const d = SUBNET_DEFAULTS.find((x) => x.key === key);
  if (!d) throw new Error(`internal: no default for subnet ${key}`);
  return d;
}

/** An IPv4 block, or undefined for text that is not one (the spec rule cidr-format reports it). */
function block(text: string | undefined): Cidr | undefined {
  if (text === undefined || !text.includes('/')) return undefined;
  try {
    const c = parseCidr(text);
    return c.family === 4 ? c : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A free block of `prefix` bits inside `space`: the one at `offset` when it fits and is free, else the
 * first free one in address order; undefined when there is none. Each step jumps past every block in the
 * way, so the search takes at most one step per taken block, whatever the size of the space.
 */
export function freeBlock(space: Cidr, prefix: number, offset: bigint, taken: readonly Cidr[]): Cidr | undefined {
  if (space.family !== 4 || prefix < space.prefix || prefix > 32) return undefined;
  const size = 1n << BigInt(32 - prefix);
  const end = cidrRange(space).end;
  const at = (start: bigint): Cidr => ({ family: 4, start, prefix });
  const preferred = space.start + offset;
  if (offset % size === 0n && preferred + size - 1n <= end) {
    const c = at(preferred);
    if (!taken.some((t) => overlaps(t, c))) return c;
  }
  // space.start is a multiple of the space's size, hence of `size`: every cursor below is aligned.
  let cursor = space.start;
  while (cursor + size - 1n <= end) {
    const c = at(cursor);
    let last = -1n;
    for (const t of taken) if (overlaps(t, c)) last = cidrRange(t).end > last ? cidrRange(t).end : last;
    if (last < 0n) return c;
    cursor = ((last + 1n + size - 1n) / size) * size;
  }
  return undefined;
}

export interface SubnetLayout {
  /** Every key's range: written, placed, or the runbook's when unplaced. Bastion only when `needed` has it or it is written. */
  ranges: Partial<Record<SubnetKey, string>>;
  /** Keys left out of the spec for which no block was free (they hold the runbook's range); none when the space is not a block. */
  unplaced: SubnetKey[];
}

/**
 * The ranges of every subnet. `given` holds what the spec writes; `needed` the subnets the plan creates
 * (placed before the others, so that a subnet the plan does not create never takes a needed one's room).
 * AzureBastionSubnet gets a default only when needed: left out of a spoke, it means "no Bastion here".
 */
export function layoutSubnets(addressSpace: string, given: Partial<Record<SubnetKey, string>>, needed: ReadonlySet<SubnetKey>): SubnetLayout {
  const space = block(addressSpace);
  const ranges: Partial<Record<SubnetKey, string>> = {};
  const taken: Cidr[] = [];
  for (const d of SUBNET_DEFAULTS) {
    const text = given[d.key];
    if (text === undefined) continue;
    ranges[d.key] = text;
    const c = block(text);
    if (c) taken.push(c);
  }
  const unplaced: SubnetKey[] = [];
  const order = [...SUBNET_DEFAULTS.filter((d) => needed.has(d.key)), ...SUBNET_DEFAULTS.filter((d) => !needed.has(d.key) && d.key !== 'bastion')];
  for (const d of order) {
    if (ranges[d.key] !== undefined) continue;
    const c = space ? freeBlock(space, d.prefix, d.offset, taken) : undefined;
    if (c) {
      taken.push(c);
      ranges[d.key] = formatCidr(c);
    } else {
      ranges[d.key] = d.runbook;
      if (space) unplaced.push(d.key);
    }
  }
  return { ranges, unplaced };
}

/** The parts of a spec that decide which subnets the plan creates (src/spec/topology.ts, src/validate/subnets.ts). */
export interface SubnetNeeds {
  network: { hub?: unknown };
  jumpBox: { enabled: boolean };
  firewall: { mode: string };
}

/**
 * The subnets the plan creates: Training, Scoring and PrivateEndpoints always; JumpBox with a jump box;
 * AzureBastionSubnet with a jump box, except in a spoke that leaves it out (the hub's Bastion serves);
 * AzureFirewallSubnet when il5ml creates the firewall.
 */
export function neededSubnets(spec: SubnetNeeds, bastionGiven: boolean): Set<SubnetKey> {
  const keys = new Set<SubnetKey>(['training', 'scoring', 'privateEndpoints']);
  if (spec.jumpBox.enabled) {
    keys.add('jumpBox');
    if (bastionGiven || spec.network.hub === undefined) keys.add('bastion');
  }
  if (spec.firewall.mode === 'azureFirewall') keys.add('firewall');
  return keys;
}

/** The subnets as the spec writes them: every key optional. */
export type WrittenSubnets = Partial<Record<SubnetKey, string>>;

/** The subnets after layout: every key a range, AzureBastionSubnet only where the plan creates one or the spec writes it. */
export interface LaidOutSubnets {
  training: string;
  scoring: string;
  bastion?: string;
  firewall: string;
  jumpBox: string;
  privateEndpoints: string;
}

/** The layout of a spec's subnets (what the spec schema's transform applies, and the spec rules recompute). */
export function specSubnetLayout(spec: SubnetNeeds & { network: { addressSpace: string; subnets: WrittenSubnets } }): SubnetLayout {
  const given = spec.network.subnets;
  return layoutSubnets(spec.network.addressSpace, given, neededSubnets(spec, given.bastion !== undefined));
}

/** The spec schema's last step: network.subnets with every range the spec leaves out placed. */
export function withSubnetLayout<T extends SubnetNeeds & { network: { addressSpace: string; subnets: WrittenSubnets } }>(
  spec: T,
): Omit<T, 'network'> & { network: Omit<T['network'], 'subnets'> & { subnets: LaidOutSubnets } } {
  const r = specSubnetLayout(spec).ranges;
  const need = (key: SubnetKey): string => {
    const v = r[key];
    if (v === undefined) throw new Error(`internal: subnet ${key} was not laid out`);
    return v;
  };
  const subnets: LaidOutSubnets = {
    training: need('training'),
    scoring: need('scoring'),
    ...(r.bastion !== undefined ? { bastion: r.bastion } : {}),
    firewall: need('firewall'),
    jumpBox: need('jumpBox'),
    privateEndpoints: need('privateEndpoints'),
  };
  const network = { ...spec.network, subnets } as Omit<T['network'], 'subnets'> & { subnets: LaidOutSubnets };
  return { ...spec, network };
}
