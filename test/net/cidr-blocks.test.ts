/**
 * The block API the spec validator and the ARM CIDR functions share: strict address syntax, cidrOf,
 * netmask, covers, overlaps, subnet. Tables cite where each expected value comes from; properties are
 * checked against an independent implementation (cidr-tools).
 */
import { containsCidr, overlapCidr, parseCidr as toolParse } from 'cidr-tools';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BITS,
  cidrOf,
  cidrRange,
  cidrSize,
  covers,
  formatAddress,
  formatCidr,
  netmask,
  overlaps,
  parseAddress,
  parseCidr,
  subnet,
  subnetCount,
  tryParseAddress,
  CidrSyntaxError,
  type Cidr,
  type IpFamily,
} from '../../src/net/cidr.js';

describe('parseAddress: lenient by default, strict on request', () => {
  // inet_aton(3) reads a leading-zero part as octal, so strict refuses it; lenient keeps reading decimal.
  it.each([
    ['10.0.0.1', '10.0.0.1', '10.0.0.1'],
    ['0.0.0.0', '0.0.0.0', '0.0.0.0'],
    [' 10.0.0.1 ', '10.0.0.1', undefined],
    ['010.0.0.1', '10.0.0.1', undefined],
    ['10.00.0.1', '10.0.0.1', undefined],
    ['fdad:3236:5555::', 'fdad:3236:5555::', 'fdad:3236:5555::'],
    ['FDAD::1', 'fdad::1', 'fdad::1'],
    ['::ffff:10.0.0.1', '::ffff:a00:1', '::ffff:a00:1'], // RFC 4291 section 2.2, form 3
    ['::ffff:010.0.0.1', '::ffff:a00:1', undefined],
    ['\t::1', '::1', undefined],
  ])('%j: lenient %j, strict %j', (text, lenient, strict) => {
    const l = parseAddress(text);
    expect(formatAddress(l.family, l.value)).toBe(lenient);
    const s = tryParseAddress(text, { strict: true });
    expect(s === undefined ? undefined : formatAddress(s.family, s.value)).toBe(strict);
    if (strict === undefined) expect(() => parseAddress(text, { strict: true })).toThrow(CidrSyntaxError);
  });

  it.each(['', '1.2.3', '1.2.3.256', '1::2::3', 'g::1', '1.2.3.4/8'])('tryParseAddress(%j) is undefined in both modes', (text) => {
    expect(tryParseAddress(text)).toBeUndefined();
    expect(tryParseAddress(text, { strict: true })).toBeUndefined();
  });

  it('strict accepts exactly the canonical decimal form, with the same value as lenient', () => {
    const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
    const padding = fc.tuple(fc.nat(2), fc.nat(2), fc.nat(2), fc.nat(2));
    fc.assert(
      fc.property(octets, padding, (o, pad) => {
        const canonical = o.join('.');
        const padded = o.map((n, i) => String(n).padStart(Math.min(3, String(n).length + (pad[i] ?? 0)), '0')).join('.');
        const s = tryParseAddress(canonical, { strict: true });
        expect(s?.value).toBe(parseAddress(padded).value);
        expect(tryParseAddress(padded, { strict: true }) !== undefined).toBe(padded === canonical);
      }),
    );
  });
});

describe('cidrOf', () => {
  // RFC 4632 section 3.1: the prefix length counts the leading bits that name the block.
  it.each([
    ['10.0.0.5', 24, '10.0.0.0/24'],
    ['10.144.15.255', 20, '10.144.0.0/20'],
    ['255.255.255.255', 0, '0.0.0.0/0'],
    ['1.2.3.4', 32, '1.2.3.4/32'],
    ['fdad:3236:5555:1234::1', 48, 'fdad:3236:5555::/48'],
    ['::1', 128, '::1/128'],
  ])('%s with /%d is %s', (address, prefix, block) => {
    const a = parseAddress(address);
    expect(formatCidr(cidrOf(a.family, a.value, prefix))).toBe(block);
  });
});

describe('netmask', () => {
  // The first two rows are the netmasks of Microsoft's parseCidr examples (template-functions-cidr).
  it.each([
    [4, 20, '255.255.240.0'],
    [6, 48, 'ffff:ffff:ffff::'],
    [4, 0, '0.0.0.0'],
    [4, 32, '255.255.255.255'],
    [4, 25, '255.255.255.128'],
    [6, 0, '::'],
    [6, 128, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ] as [IpFamily, number, string][])('IPv%d /%d is %s', (family, prefix, mask) => {
    expect(formatAddress(family, netmask(family, prefix))).toBe(mask);
  });
});

describe('subnet / subnetCount', () => {
  // Microsoft's cidrSubnet examples (template-functions-cidr#cidrsubnet), indexes 0 to 4.
  it.each([
    ['10.144.0.0/20', 24, ['10.144.0.0/24', '10.144.1.0/24', '10.144.2.0/24', '10.144.3.0/24', '10.144.4.0/24']],
    ['fdad:3236:5555::/48', 52, ['fdad:3236:5555::/52', 'fdad:3236:5555:1000::/52', 'fdad:3236:5555:2000::/52', 'fdad:3236:5555:3000::/52', 'fdad:3236:5555:4000::/52']],
  ] as [string, number, string[]][])('%s into /%d', (parent, newPrefix, expected) => {
    const c = parseCidr(parent);
    expect(expected.map((_, i) => formatCidr(subnet(c, newPrefix, BigInt(i))))).toEqual(expected);
  });

  it.each([
    ['10.144.0.0/20', 24, 16n],
    ['10.0.0.0/24', 24, 1n],
    ['0.0.0.0/0', 32, 1n << 32n],
    ['::/0', 128, 1n << 128n],
  ] as [string, number, bigint][])('%s into /%d: %s subnets', (parent, newPrefix, count) => {
    expect(subnetCount(parseCidr(parent), newPrefix)).toBe(count);
  });

  it.each([
    ['10.0.0.0/24', 16, 0n],
    ['10.0.0.0/24', 33, 0n],
    ['10.0.0.0/24', 26, 4n],
    ['10.0.0.0/24', 26, -1n],
  ] as [string, number, bigint][])('%s into /%d, index %s, is a RangeError', (parent, newPrefix, index) => {
    expect(() => subnet(parseCidr(parent), newPrefix, index)).toThrow(RangeError);
  });
});

/** A random block of either family, as text and as a Cidr. */
const blockArb: fc.Arbitrary<Cidr> = fc.oneof(
  fc.tuple(fc.constant<IpFamily>(4), fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), fc.integer({ min: 0, max: 32 })),
  fc.tuple(fc.constant<IpFamily>(6), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 })),
).map(([family, address, prefix]) => cidrOf(family, address, prefix));

/** Pairs that often nest: the second is a random sub-block or super-block of the first, or unrelated. */
const pairArb = fc.tuple(blockArb, blockArb, fc.nat(3), fc.nat(40)).map(([a, b, how, bits]): [Cidr, Cidr] => {
  if (how === 0) return [a, b];
  const prefix = how === 1 ? Math.min(BITS[a.family], a.prefix + bits) : Math.max(0, a.prefix - bits);
  return [a, cidrOf(a.family, a.start + (b.start % cidrSize(a)), prefix)];
});

describe('covers / overlaps (fast-check, against cidr-tools)', () => {
  it('agree with containsCidr and overlapCidr; blocks of different families never meet', () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        const [ta, tb] = [formatCidr(a), formatCidr(b)];
        const same = a.family === b.family;
        expect(covers(a, b)).toBe(same && containsCidr(ta, tb));
        expect(overlaps(a, b)).toBe(same && overlapCidr(ta, tb));
        expect(overlaps(a, b)).toBe(covers(a, b) || covers(b, a));
      }),
      { numRuns: 500 },
    );
  });
});

describe('subnet (fast-check)', () => {
  it('tiles the parent: in order, adjacent, inside it, and the counted number of them', () => {
    const caseArb = blockArb.chain((c) =>
      fc.integer({ min: c.prefix, max: Math.min(BITS[c.family], c.prefix + 16) }).chain((newPrefix) =>
        fc.bigInt({ min: 0n, max: subnetCount(c, newPrefix) - 1n }).map((index) => ({ c, newPrefix, index })),
      ),
    );
    fc.assert(
      fc.property(caseArb, ({ c, newPrefix, index }) => {
        const s = subnet(c, newPrefix, index);
        expect(s.prefix).toBe(newPrefix);
        expect(containsCidr(formatCidr(c), formatCidr(s))).toBe(true);
        expect(s.start).toBe(c.start + index * cidrSize(s));
        expect(subnetCount(c, newPrefix) * cidrSize(s)).toBe(cidrSize(c));
        if (index + 1n < subnetCount(c, newPrefix)) expect(subnet(c, newPrefix, index + 1n).start).toBe(cidrRange(s).end + 1n);
        expect(toolParse(formatCidr(s)).start).toBe(s.start);
      }),
      { numRuns: 300 },
    );
  });

  it('netmask keeps exactly the network bits: address & mask is the block start', () => {
    fc.assert(
      fc.property(blockArb, fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (c, offset) => {
        const inside = c.start + (offset % cidrSize(c));
        expect(inside & netmask(c.family, c.prefix)).toBe(c.start);
        expect(((1n << BigInt(BITS[c.family])) - 1n) ^ netmask(c.family, c.prefix)).toBe(cidrSize(c) - 1n);
      }),
    );
  });
});
