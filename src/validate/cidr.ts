/**
 * IPv4 CIDR blocks as the spec rules see them: 32-bit unsigned numbers, enough for inside, overlap and
 * size. Parsing and arithmetic are src/net/cidr.ts's; what is the spec's own is the strictness: four
 * decimal octets without leading zeros (which some tools read as octal), no surrounding spaces, and a
 * prefix length 0-32 written without a leading zero.
 */
import {
  cidrOf,
  cidrRange,
  contains as anyContains,
  covers,
  formatAddress,
  formatCidr,
  overlaps as blocksOverlap,
  tryParseAddress,
  type Cidr as Block,
} from '../net/cidr.js';

export interface Cidr {
  /** The address as written, as a number. */
  address: number;
  prefix: number;
  /** The network address (host bits cleared). */
  network: number;
  /** Last address of the block. */
  last: number;
  /** a.b.c.d/n with host bits cleared. */
  normalized: string;
  hostBitsSet: boolean;
}

const PREFIX = /^(\d|[12]\d|3[0-2])$/;

export function parseIpv4(text: string): number | undefined {
  const a = tryParseAddress(text, { strict: true });
  return a?.family === 4 ? Number(a.value) : undefined;
}

export function formatIpv4(n: number): string {
  return formatAddress(4, BigInt(n));
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !PREFIX.test(prefixText)) return undefined;
  const block = cidrOf(4, BigInt(address), Number(prefixText));
  const network = Number(block.start);
  return {
    address,
    prefix: block.prefix,
    network,
    last: Number(cidrRange(block).end),
    normalized: formatCidr(block),
    hostBitsSet: network !== address,
  };
}

function toBlock(c: Cidr): Block {
  return { family: 4, start: BigInt(c.network), prefix: c.prefix };
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return covers(toBlock(outer), toBlock(inner));
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return blocksOverlap(toBlock(a), toBlock(b));
}

export function containsAddress(block: Cidr, address: number): boolean {
  return anyContains([toBlock(block)], 4, BigInt(address));
}
