/**
 * Invariants of parseCidr / cidrSubnet / cidrHost checked against an independent implementation
 * (cidr-tools) over generated IPv4 and IPv6 networks.
 */
import { containsCidr, normalizeCidr, overlapCidr, parseCidr as toolParse } from 'cidr-tools';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateString, standardFunctions } from '../../../src/arm/expr/index.js';
import type { ObjectValue } from '../../../src/arm/types.js';

const ctx = { functions: standardFunctions };
const call = (fn: string, ...args: (string | number)[]): unknown =>
  evaluateString(`[${fn}(${args.map((a) => (typeof a === 'string' ? `'${a}'` : String(a))).join(', ')})]`, ctx);

const v4 = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 })).map(([n, p]) => {
  const ip = [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
  return { cidr: `${ip}/${p}`, prefix: p, bits: 32 };
});
const v6 = fc.tuple(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 128 })).map(([g, p]) => ({
  cidr: `${g.map((x) => x.toString(16)).join(':')}/${p}`,
  prefix: p,
  bits: 128,
}));
const network = fc.oneof(v4, v6);

const addr = (s: string): bigint => toolParse(s).start;

describe('parseCidr', () => {
  it('describes the same block as cidr-tools, with ordered addresses', () => {
    fc.assert(
      fc.property(network, ({ cidr, prefix, bits }) => {
        const info = call('parseCidr', cidr) as ObjectValue;
        const ref = toolParse(normalizeCidr(cidr));
        expect(addr(String(info.network))).toBe(ref.start);
        expect(info.cidr).toBe(prefix);
        const first = addr(String(info.firstUsable));
        const last = addr(String(info.lastUsable));
        expect(first >= ref.start && first <= last && last <= ref.end).toBe(true);
        if (bits === 32) expect(addr(String(info.broadcast))).toBe(ref.end);
        else expect(info.broadcast).toBeUndefined();
        // the netmask has exactly `prefix` leading one bits
        const mask = addr(String(info.netmask));
        const ones = (1n << BigInt(bits)) - 1n;
        expect(mask).toBe(ones ^ ((1n << BigInt(bits - prefix)) - 1n));
      }),
      { numRuns: 300 },
    );
  });
});

describe('cidrSubnet', () => {
  const subnetCase = network
    .filter(({ prefix, bits }) => prefix < bits)
    .chain((n) =>
      fc.integer({ min: n.prefix, max: Math.min(n.bits, n.prefix + 12) }).chain((np) =>
        fc
          .tuple(fc.bigInt({ min: 0n, max: (1n << BigInt(np - n.prefix)) - 1n }), fc.bigInt({ min: 0n, max: (1n << BigInt(np - n.prefix)) - 1n }))
          .map(([i, j]) => ({ ...n, newPrefix: np, i: Number(i), j: Number(j) })),
      ),
    );

  it('returns subnets inside the parent, disjoint for different indexes, in index order', () => {
    fc.assert(
      fc.property(subnetCase, ({ cidr, newPrefix, i, j }) => {
        const a = String(call('cidrSubnet', cidr, newPrefix, i));
        const b = String(call('cidrSubnet', cidr, newPrefix, j));
        expect(a.endsWith(`/${newPrefix}`)).toBe(true);
        expect(containsCidr(normalizeCidr(cidr), a)).toBe(true);
        // aligned to its prefix and written canonically (RFC 5952 for IPv6)
        expect(normalizeCidr(a)).toBe(a);
        if (i !== j) {
          expect(overlapCidr(a, b)).toBe(false);
          expect(toolParse(a).start < toolParse(b).start).toBe(i < j);
        } else {
          expect(a).toBe(b);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('cidrHost', () => {
  const hostCase = network
    .filter(({ prefix, bits }) => bits - prefix >= 2)
    .chain((n) => {
      const size = 1n << BigInt(n.bits - n.prefix);
      const usable = n.bits === 32 ? size - 2n : size - 1n;
      return fc.bigInt({ min: 0n, max: usable - 1n < 100000n ? usable - 1n : 100000n }).map((i) => ({ ...n, i: Number(i) }));
    });

  it('returns an address between firstUsable and lastUsable, host 0 being network + 1', () => {
    fc.assert(
      fc.property(hostCase, ({ cidr, i }) => {
        const host = addr(String(call('cidrHost', cidr, i)));
        const info = call('parseCidr', cidr) as ObjectValue;
        const net = addr(String(info.network));
        expect(host).toBe(net + 1n + BigInt(i));
        expect(host >= addr(String(info.firstUsable)) && host <= addr(String(info.lastUsable))).toBe(true);
        expect(containsCidr(normalizeCidr(cidr), call('cidrHost', cidr, i) as string)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
