/**
 * IPv4 addresses and CIDR blocks as 32-bit unsigned numbers: enough for the spec's checks (inside,
 * overlap, size). Strict on input: four decimal octets without leading zeros (which some tools read as
 * octal), a prefix length 0-32.
 */
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

const OCTET = /^(0|[1-9]\d{0,2})$/;

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const p of parts) {
    if (!OCTET.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !/^(\d|[12]\d|3[0-2])$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const size = 2 ** (32 - prefix);
  const network = address - (address % size);
  return {
    address,
    prefix,
    network,
    last: network + size - 1,
    normalized: `${formatIpv4(network)}/${prefix}`,
    hostBitsSet: network !== address,
  };
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.network >= outer.network && inner.last <= outer.last;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.network <= b.last && b.network <= a.last;
}

export function containsAddress(block: Cidr, address: number): boolean {
  return address >= block.network && address <= block.last;
}
