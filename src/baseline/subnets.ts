import type { AzureResource } from '../core/resource.js';
import { isUnknown } from '../core/unknown.js';
import { readArray } from './cond.js';
import type { RuleOutcome } from './types.js';

export const VNET = 'Microsoft.Network/virtualNetworks';
export const SUBNET = 'Microsoft.Network/virtualNetworks/subnets';

/** A subnet as rules see it, whether declared inside its virtual network or as a child resource. */
export interface SubnetView {
  name: string;
  /** Full id: the child resource's, or <vnet id>/subnets/<name>. */
  id: string;
  properties: unknown;
}

/**
 * The subnets a resource declares: a virtual network's properties.subnets[*], or a subnet resource
 * itself. A list known only after deployment gives { unknown }.
 */
export function subnetsOf(r: AzureResource): { subnets: SubnetView[] } | { unknown: string } {
  const type = r.type.toLowerCase();
  if (type === SUBNET.toLowerCase()) {
    const name = r.name.split('/').pop() ?? r.name;
    return { subnets: [{ name, id: r.id, properties: r.properties }] };
  }
  const list = readArray(r, 'properties.subnets');
  if ('unknown' in list) return { unknown: list.unknown };
  const subnets: SubnetView[] = [];
  for (const [i, s] of list.items.entries()) {
    if (isUnknown(s)) return { unknown: `properties.subnets[${i}] is unknown until deployment (${s.reason})` };
    const o = (s ?? {}) as { name?: unknown; properties?: unknown };
    if (isUnknown(o.name)) return { unknown: `the name of properties.subnets[${i}] is unknown until deployment (${o.name.reason})` };
    const name = typeof o.name === 'string' ? o.name : `subnets[${i}]`;
    subnets.push({ name, id: `${r.id}/subnets/${name}`, properties: o.properties });
  }
  return { subnets };
}

/** One verdict per subnet, folded into the resource's: NonCompliant if any is, then Unknown, then Compliant. */
export function foldSubnets(
  r: AzureResource,
  judge: (s: SubnetView) => RuleOutcome,
  emptyReason: string,
): RuleOutcome {
  const found = subnetsOf(r);
  if ('unknown' in found) return { compliance: 'Unknown', reason: found.unknown };
  const verdicts = found.subnets.map((s) => judge(s));
  const bad = verdicts.filter((v) => v.compliance === 'NonCompliant');
  if (bad.length > 0) return { compliance: 'NonCompliant', reason: bad.map((v) => v.reason).join('; ') };
  const unknown = verdicts.filter((v) => v.compliance === 'Unknown');
  if (unknown.length > 0) return { compliance: 'Unknown', reason: unknown.map((v) => v.reason).join('; ') };
  const ok = verdicts.filter((v) => v.compliance === 'Compliant');
  if (ok.length > 0) return { compliance: 'Compliant', reason: ok.map((v) => v.reason).join('; ') };
  return { compliance: 'NotApplicable', reason: emptyReason };
}

/** Prefix length of an IPv4 CIDR, or undefined when the text is not one. */
export function prefixLength(cidr: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const len = Number(m[5]);
  if (octets.some((o) => o > 255) || len > 32) return undefined;
  return len;
}
