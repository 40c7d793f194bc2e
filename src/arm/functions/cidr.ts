/**
 * CIDR functions. https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-cidr
 *
 * Addresses are computed as BigInt so IPv4 and IPv6 share one code path. Choices where the reference
 * is silent: host bits set in the input are masked off (parseCidr('10.0.0.5/24') describes 10.0.0.0/24);
 * IPv4 /31 and /32 have no network or broadcast reservation (RFC 3021), so their usable range is the
 * whole block; IPv6 has no broadcast property and its usable range starts at the network address, as
 * the reference's parseCidr('fdad:3236:5555::/48') example shows; IPv6 text is RFC 5952 canonical.
 */
import type { ObjectValue } from '../types.js';
import { eager, type StdFunction } from './define.js';
import { FunctionError, int, str } from './values.js';

export interface Cidr {
  v6: boolean;
  bits: number;
  prefix: number;
  network: bigint;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255 || (p.length > 1 && p.startsWith('0'))) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseV6(s: string): bigint | undefined {
  let text = s.toLowerCase();
  let tail: bigint[] = [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = parseV4(v4[1] ?? '');
    if (n === undefined) return undefined;
    tail = [n >> 16n, n & 0xffffn];
    text = text.slice(0, -(v4[1] ?? '').length);
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string | undefined): bigint[] | undefined => {
    if (h === undefined || h === '') return [];
    const out: bigint[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
      out.push(BigInt(parseInt(g, 16)));
    }
    return out;
  };
  const head = groups(halves[0]);
  const rest = groups(halves[1]);
  if (!head || !rest) return undefined;
  const known = head.length + rest.length + tail.length;
  let all: bigint[];
  if (halves.length === 2) {
    if (known > 7) return undefined;
    all = [...head, ...Array<bigint>(8 - known).fill(0n), ...rest, ...tail];
  } else {
    all = [...head, ...tail];
  }
  if (all.length !== 8) return undefined;
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

export function parseCidrText(fn: string, s: string): Cidr {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s.trim());
  const fix = `write it as address/prefix, e.g. 10.144.0.0/20 or fdad:3236:5555::/48`;
  if (!m) throw new FunctionError(`${fn}(): '${s}' is not in CIDR notation; ${fix}`);
  const addr = m[1] ?? '';
  const prefix = Number(m[2]);
  const v6 = addr.includes(':');
  const value = v6 ? parseV6(addr) : parseV4(addr);
  if (value === undefined) throw new FunctionError(`${fn}(): '${addr}' is not a valid IPv${v6 ? 6 : 4} address; ${fix}`);
  const bits = v6 ? 128 : 32;
  if (prefix > bits) throw new FunctionError(`${fn}(): the prefix /${prefix} is longer than ${bits} bits`);
  return { v6, bits, prefix, network: value & mask(bits, prefix) };
}

function mask(bits: number, prefix: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return all ^ ((1n << BigInt(bits - prefix)) - 1n);
}

export function formatAddress(v: bigint, v6: boolean): string {
  if (!v6) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first one on a tie.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function lastAddress(c: Cidr): bigint {
  return c.network + (1n << BigInt(c.bits - c.prefix)) - 1n;
}

/** The usable addresses as parseCidr reports them (see the file comment for /31, /32 and IPv6). */
function usableRange(c: Cidr): { first: bigint; last: bigint } {
  const last = lastAddress(c);
  if (c.v6) return { first: c.network, last };
  return c.prefix <= 30 ? { first: c.network + 1n, last: last - 1n } : { first: c.network, last };
}

export function cidrInfo(c: Cidr): ObjectValue {
  const fmt = (v: bigint): string => formatAddress(v, c.v6);
  const { first, last } = usableRange(c);
  return {
    network: fmt(c.network),
    netmask: fmt(mask(c.bits, c.prefix)),
    ...(c.v6 ? {} : { broadcast: fmt(lastAddress(c)) }),
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
    if (newPrefix < c.prefix || newPrefix > c.bits) {
      throw new FunctionError(`cidrSubnet(): the new prefix /${newPrefix} must be between /${c.prefix} (the network's) and /${c.bits}`);
    }
    const count = 1n << BigInt(newPrefix - c.prefix);
    if (index < 0 || BigInt(index) >= count) {
      throw new FunctionError(`cidrSubnet(): subnet index ${index} is outside 0..${count - 1n} (a /${c.prefix} holds ${count} /${newPrefix} subnets)`);
    }
    const start = c.network + (BigInt(index) << BigInt(c.bits - newPrefix));
    return `${formatAddress(start, c.v6)}/${newPrefix}`;
  }),
  eager('cidrHost', ['cidr'], 2, 2, (args) => {
    const c = parseCidrText('cidrHost', str('cidrHost', args, 0));
    const index = int('cidrHost', args, 1);
    const usable = usableRange(c);
    // IPv6 host 0 is network + 1 although parseCidr's firstUsable is the network (reference examples).
    const first = c.v6 ? c.network + 1n : usable.first;
    const last = usable.last;
    const host = first + BigInt(index);
    if (index < 0 || host > last) {
      throw new FunctionError(`cidrHost(): host index ${index} is outside the usable addresses of ${formatAddress(c.network, c.v6)}/${c.prefix} (0..${last - first})`);
    }
    return formatAddress(host, c.v6);
  }),
];
