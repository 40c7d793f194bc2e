/**
 * IPv4 and IPv6 CIDR blocks as BigInt ranges, and exact aggregation of sets of them. The project's one
 * implementation of address parsing, formatting and block arithmetic: the spec rules
 * (src/validate/cidr.ts) and the ARM CIDR functions (src/arm/functions/cidr.ts) keep only their own
 * syntax rules, output shapes and messages on top of it.
 *
 * Why not cidr-tools' mergeCidr: the result here must be provably the same address set, sorted and
 * minimal (no two outputs can merge), for both families at once, and the service-tag diff needs the
 * same canonical form; a 100-line BigInt implementation whose every property is checked by fast-check
 * (test/net/cidr.property.test.ts) is easier to trust than reading a dependency's edge cases.
 */

export type IpFamily = 4 | 6;

/** A block of addresses [start, end] of one family; `prefix` is the mask length when it is one CIDR. */
export interface Cidr {
  family: IpFamily;
  start: bigint;
  prefix: number;
}

/** An inclusive address range of one family. */
export interface AddressRange {
  family: IpFamily;
  start: bigint;
  end: bigint;
}

export const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

/** Thrown by the parsers; callers turn it into a Diagnostic with the file and place. */
export class CidrSyntaxError extends Error {
  constructor(readonly input: string, reason: string) {
    super(`"${input}" is not a valid CIDR block: ${reason}`);
    this.name = 'CidrSyntaxError';
  }
}

/**
 * How literally text is read. The default suits machine-written lists (service tags files): spaces
 * around an address are ignored and IPv4 parts may carry leading zeros. `strict` suits what a person
 * types into a spec or a template: no surrounding whitespace, and no leading zero in an IPv4 part,
 * because inet_aton(3) and the tools built on it read `010` as octal 8.
 */
export interface AddressSyntax {
  strict?: boolean;
}

/*
 * The readers return the value, or the reason the text is not an address: tryParseAddress then costs
 * no exception on refused input, and parseAddress words the reason into its CidrSyntaxError.
 */
type Read = bigint | string;

function readIpv4(text: string, strict: boolean): Read {
  const parts = text.split('.');
  if (parts.length !== 4) return 'an IPv4 address has four dotted parts';
  // Plain numbers up to 2^32 are exact; one BigInt conversion at the end keeps parsing cheap.
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return `"${p}" is not a number from 0 to 255`;
    if (strict && p.length > 1 && p.startsWith('0')) return `"${p}" has a leading zero, which some tools read as octal`;
    const n = Number(p);
    if (n > 255) return `${p} is larger than 255`;
    v = v * 256 + n;
  }
  return BigInt(v);
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** The groups as 4 hex digits each, or the first one that is not a group. */
function hexGroups(groups: readonly string[]): { hex: string } | { bad: string } {
  let hex = '';
  for (const g of groups) {
    if (!HEX_GROUP.test(g)) return { bad: `"${g}" is not a group of 1 to 4 hex digits` };
    hex += g.padStart(4, '0');
  }
  return { hex };
}

function readIpv6(text: string, strict: boolean): Read {
  let head = text;
  let tailV4: bigint | undefined;
  // An embedded dotted IPv4 tail (::ffff:1.2.3.4) stands for the last two groups (RFC 4291 2.2).
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) >= 0) {
    const tail = readIpv4(text.slice(lastColon + 1), strict);
    if (typeof tail === 'string') return tail;
    tailV4 = tail;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const dbl = head.indexOf('::');
  if (dbl >= 0 && head.indexOf('::', dbl + 1) >= 0) return '"::" may appear only once';
  const left = dbl < 0 ? head.split(':') : dbl === 0 ? [] : head.slice(0, dbl).split(':');
  const right = dbl < 0 || dbl + 2 === head.length ? [] : head.slice(dbl + 2).split(':');
  const missing = 8 - left.length - right.length;
  if (dbl >= 0 ? missing < 1 : missing !== 0) return 'an IPv6 address has eight 16-bit groups';
  // Build the 32 hex digits and convert once: far cheaper than eight BigInt shifts.
  const l = hexGroups(left);
  if ('bad' in l) return l.bad;
  const r = hexGroups(right);
  if ('bad' in r) return r.bad;
  let v = BigInt(`0x${l.hex}${dbl >= 0 ? '0000'.repeat(missing) : ''}${r.hex}`);
  if (tailV4 !== undefined) v = (v & ~0xffffffffn) | tailV4;
  return v;
}

export interface Address {
  family: IpFamily;
  value: bigint;
}

function readAddress(text: string, strict: boolean): { family: IpFamily; read: Read } {
  const t = strict ? text : text.trim();
  return t.includes(':') ? { family: 6, read: readIpv6(t, strict) } : { family: 4, read: readIpv4(t, strict) };
}

/** Parses one address (no prefix). */
export function parseAddress(text: string, syntax: AddressSyntax = {}): Address {
  const { family, read } = readAddress(text, syntax.strict === true);
  if (typeof read === 'string') throw new CidrSyntaxError(text, read);
  return { family, value: read };
}

/** parseAddress for callers that word their own error: undefined where it would throw. */
export function tryParseAddress(text: string, syntax: AddressSyntax = {}): Address | undefined {
  const { family, read } = readAddress(text, syntax.strict === true);
  return typeof read === 'string' ? undefined : { family, value: read };
}

/** The block of `prefix` bits that holds `address`: its host bits are cleared. */
export function cidrOf(family: IpFamily, address: bigint, prefix: number): Cidr {
  const hostBits = BigInt(BITS[family] - prefix);
  return { family, start: (address >> hostBits) << hostBits, prefix };
}

/**
 * Parses `a.b.c.d/n` or `x:y::z/n`; a bare address is a host block (/32 or /128). Host bits set below
 * the mask are cleared: `10.0.0.1/24` is the block 10.0.0.0/24, the address set the notation denotes.
 */
/** The common case, `a.b.c.d/n` with valid numbers, in one match; anything else takes the full path. */
const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function parseCidr(text: string): Cidr {
  const m = IPV4_CIDR.exec(text);
  if (m) {
    const [a, b, c, d, p] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
    if (a <= 255 && b <= 255 && c <= 255 && d <= 255 && p <= 32) {
      // Numbers below 2^32 are exact; masking with a power of two keeps them exact.
      const value = ((a * 256 + b) * 256 + c) * 256 + d;
      const size = 2 ** (32 - p);
      return { family: 4, start: BigInt(value - (value % size)), prefix: p };
    }
  }
  const t = text.trim();
  const slash = t.indexOf('/');
  const addr = parseAddress(slash < 0 ? t : t.slice(0, slash));
  const bits = BITS[addr.family];
  let prefix = bits;
  if (slash >= 0) {
    const p = t.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > bits) {
      throw new CidrSyntaxError(text, `the prefix length must be a whole number from 0 to ${bits}`);
    }
    prefix = Number(p);
  }
  return cidrOf(addr.family, addr.value, prefix);
}

export function cidrSize(c: Cidr): bigint {
  return 1n << BigInt(BITS[c.family] - c.prefix);
}

export function cidrRange(c: Cidr): AddressRange {
  return { family: c.family, start: c.start, end: c.start + cidrSize(c) - 1n };
}

/** The mask of a prefix length as an address: 20 -> 255.255.240.0, 48 -> ffff:ffff:ffff::. */
export function netmask(family: IpFamily, prefix: number): bigint {
  const bits = BITS[family];
  return ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
}

/** Whether `outer` holds every address of `inner` (a block covers itself). */
export function covers(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && inner.start >= outer.start && cidrRange(inner).end <= cidrRange(outer).end;
}

/** Whether two blocks share an address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.start <= cidrRange(b).end && b.start <= cidrRange(a).end;
}

/** How many blocks of `newPrefix` bits a block splits into. */
export function subnetCount(c: Cidr, newPrefix: number): bigint {
  if (newPrefix < c.prefix || newPrefix > BITS[c.family]) {
    throw new RangeError(`a /${c.prefix} block has no /${newPrefix} subnets`);
  }
  return 1n << BigInt(newPrefix - c.prefix);
}

/** The `index`-th (from 0, in address order) block of `newPrefix` bits inside `c`. */
export function subnet(c: Cidr, newPrefix: number, index: bigint): Cidr {
  if (index < 0n || index >= subnetCount(c, newPrefix)) {
    throw new RangeError(`subnet ${index} is outside the ${subnetCount(c, newPrefix)} /${newPrefix} subnets of a /${c.prefix}`);
  }
  return { family: c.family, start: c.start + (index << BigInt(BITS[c.family] - newPrefix)), prefix: newPrefix };
}

export function formatAddress(family: IpFamily, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952 section 4.2: compress the longest run of two or more zero groups, the first on a tie.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function formatCidr(c: Cidr): string {
  return `${formatAddress(c.family, c.start)}/${c.prefix}`;
}

/** Sorts and merges overlapping and adjacent ranges of each family: IPv4 first, then IPv6. */
export function mergeRanges(ranges: readonly AddressRange[]): AddressRange[] {
  const sorted = [...ranges].sort((a, b) =>
    a.family !== b.family ? a.family - b.family : a.start < b.start ? -1 : a.start > b.start ? 1 : 0,
  );
  const out: AddressRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.family === r.family && r.start <= last.end + 1n) {
      if (r.end > last.end) last.end = r.end;
    } else {
      out.push({ ...r });
    }
  }
  return out;
}

/** Number of bits of a positive value: bitLength(1) = 1, bitLength(8) = 4. */
function bitLength(v: bigint): number {
  return v.toString(2).length;
}

/**
 * The fewest CIDR blocks covering exactly [start, end]: at each step the largest block that starts at
 * `start` (aligned) and does not pass `end`. This greedy split is the unique minimal one.
 */
export function rangeToCidrs(r: AddressRange): Cidr[] {
  const bits = BITS[r.family];
  const out: Cidr[] = [];
  let start = r.start;
  while (start <= r.end) {
    // The block at `start` can be as large as its alignment (trailing zero bits of start) allows and no
    // larger than what is left of the range (floor(log2(remaining))).
    const align = start === 0n ? bits : bitLength(start & -start) - 1;
    const fit = bitLength(r.end - start + 1n) - 1;
    const hostBits = Math.min(align, fit, bits);
    out.push({ family: r.family, start, prefix: bits - hostBits });
    start += 1n << BigInt(hostBits);
  }
  return out;
}

/**
 * Aggregates CIDR blocks: contained and adjacent blocks are merged, the result covers exactly the same
 * addresses, is sorted (IPv4 then IPv6, by address) and minimal (no two outputs can be merged).
 */
export function aggregate(cidrs: readonly Cidr[]): Cidr[] {
  return mergeRanges(cidrs.map(cidrRange)).flatMap(rangeToCidrs);
}

/** aggregate() over text, for callers that hold strings (service tags files, rule tables). */
export function aggregateStrings(cidrs: readonly string[]): string[] {
  return aggregate(cidrs.map(parseCidr)).map(formatCidr);
}

/** Whether an address lies in any of the blocks. */
export function contains(cidrs: readonly Cidr[], family: IpFamily, address: bigint): boolean {
  return cidrs.some((c) => c.family === family && address >= c.start && address < c.start + cidrSize(c));
}

/** Total number of addresses, counting each address once. */
export function addressCount(cidrs: readonly Cidr[], family?: IpFamily): bigint {
  return mergeRanges(cidrs.filter((c) => family === undefined || c.family === family).map(cidrRange)).reduce(
    (n, r) => n + (r.end - r.start + 1n),
    0n,
  );
}

export function compareCidr(a: Cidr, b: Cidr): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return a.prefix - b.prefix;
}

/**
 * The first address Azure hands out in a subnet: Azure reserves the first four addresses of every subnet
 * (network, default gateway, two for Azure DNS) and the last one (virtual network FAQ, "Are there any
 * restrictions on using IP addresses within these subnets?",
 * https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq, read 2026-11-25).
 */
export function firstUsableAzureAddress(subnet: string): string {
  const c = parseCidr(subnet);
  return formatAddress(c.family, c.start + 4n);
}
