/**
 * CIDR functions. https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-cidr
 *
 * Parsing, formatting and block arithmetic are src/net/cidr.ts's (IPv6 text is RFC 5952 canonical);
 * what is ARM's own is the output shapes and error texts. Choices where the reference is silent: host
 * bits set in the input are masked off (parseCidr('10.0.0.5/24') describes 10.0.0.0/24); IPv4 /31 and
 * /32 have no network or broadcast reservation (RFC 3021), so their usable range is the whole block;
 * IPv6 has no broadcast property and its usable range starts at the network address, as the
 * reference's parseCidr('fdad:3236:5555::/48') example shows.
 */
import { BITS, cidrOf, cidrRange, formatAddress, formatCidr, netmask, subnet, subnetCount, tryParseAddress, type Cidr } from '../../net/cidr.js';
import type { ObjectValue } from '../types.js';
import { eager, type StdFunction } from './define.js';
import { FunctionError, int, str } from './values.js';

export function parseCidrText(fn: string, s: string): Cidr {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s.trim());
  const fix = `write it as address/prefix, e.g. 10.144.0.0/20 or fdad:3236:5555::/48`;
  if (!m) throw new FunctionError(`${fn}(): '${s}' is not in CIDR notation; ${fix}`);
  const addr = m[1] ?? '';
  const prefix = Number(m[2]);
  const parsed = tryParseAddress(addr, { strict: true });
  if (parsed === undefined) throw new FunctionError(`${fn}(): '${addr}' is not a valid IPv${addr.includes(':') ? 6 : 4} address; ${fix}`);
  const bits = BITS[parsed.family];
  if (prefix > bits) throw new FunctionError(`${fn}(): the prefix /${prefix} is longer than ${bits} bits`);
  return cidrOf(parsed.family, parsed.value, prefix);
}

/** The usable addresses as parseCidr reports them (see the file comment for /31, /32 and IPv6). */
function usableRange(c: Cidr): { first: bigint; last: bigint } {
  const { start, end } = cidrRange(c);
  if (c.family === 6) return { first: start, last: end };
  return c.prefix <= 30 ? { first: start + 1n, last: end - 1n } : { first: start, last: end };
}

export function cidrInfo(c: Cidr): ObjectValue {
  const fmt = (v: bigint): string => formatAddress(c.family, v);
  const { first, last } = usableRange(c);
  return {
    network: fmt(c.start),
    netmask: fmt(netmask(c.family, c.prefix)),
    ...(c.family === 6 ? {} : { broadcast: fmt(cidrRange(c).end) }),
    firstUsable: fmt(first),
    lastUsable: fmt(last),
    cidr: c.prefix,
  };
}

export const cidrFunctions: StdFunction[] = [
  eager('parseCidr', ['cidr'], 1, 1, (args) => cidrInfo(parseCidrText('parseCidr', str('parseCidr', args, 0)))),
  eager('cidrSubnet', ['cidr'], 3, 3, (args) => {
    const c = parseCidrText('cidrSubnet', str('cidrSubnet', args, 0));
    const newPrefix = int('cidrSubnet', args, 1);
    const index = int('cidrSubnet', args, 2);
    const bits = BITS[c.family];
    if (newPrefix < c.prefix || newPrefix > bits) {
      throw new FunctionError(`cidrSubnet(): the new prefix /${newPrefix} must be between /${c.prefix} (the network's) and /${bits}`);
    }
    const count = subnetCount(c, newPrefix);
    if (index < 0 || BigInt(index) >= count) {
      throw new FunctionError(`cidrSubnet(): subnet index ${index} is outside 0..${count - 1n} (a /${c.prefix} holds ${count} /${newPrefix} subnets)`);
    }
    return formatCidr(subnet(c, newPrefix, BigInt(index)));
  }),
  eager('cidrHost', ['cidr'], 2, 2, (args) => {
    const c = parseCidrText('cidrHost', str('cidrHost', args, 0));
    const index = int('cidrHost', args, 1);
    const usable = usableRange(c);
    // IPv6 host 0 is network + 1 although parseCidr's firstUsable is the network (reference examples).
    const first = c.family === 6 ? c.start + 1n : usable.first;
    const last = usable.last;
    const host = first + BigInt(index);
    if (index < 0 || host > last) {
      throw new FunctionError(`cidrHost(): host index ${index} is outside the usable addresses of ${formatCidr(c)} (0..${last - first})`);
    }
    return formatAddress(c.family, host);
  }),
];
