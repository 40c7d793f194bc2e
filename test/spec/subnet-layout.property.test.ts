import { containsCidr, overlapCidr } from 'cidr-tools';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCidr, parseCidr } from '../../src/net/cidr.js';
import { SUBNET_DEFAULTS, layoutSubnets, type SubnetKey } from '../../src/spec/subnet-layout.js';

/*
 * The subnet defaults of src/spec/subnet-layout.ts, over random address spaces and random written subnets
 * (inside the space, overlapping each other, outside it, or not CIDR blocks at all). cidr-tools is the oracle
 * for "inside" and "overlaps", not the project's own src/net/cidr.ts that the layout uses.
 */

const KEYS = SUBNET_DEFAULTS.map((d) => d.key);
const SIZES: Record<SubnetKey, number> = Object.fromEntries(SUBNET_DEFAULTS.map((d) => [d.key, d.prefix])) as Record<SubnetKey, number>;

/** An IPv4 block text: prefix 8 to 30, host bits cleared. */
function blockText(prefixMin: number, prefixMax: number): fc.Arbitrary<string> {
  return fc.record({ a: fc.integer({ min: 0, max: 2 ** 32 - 1 }), p: fc.integer({ min: prefixMin, max: prefixMax }) }).map(({ a, p }) => {
    const size = 2 ** (32 - p);
    return formatCidr({ family: 4, start: BigInt(a - (a % size)), prefix: p });
  });
}

/** A written subnet: often inside the space (so defaults must dodge it), sometimes anywhere, sometimes junk. */
function writtenIn(space: string): fc.Arbitrary<string> {
  const s = parseCidr(space);
  const inside = fc.record({ off: fc.bigInt({ min: 0n, max: (1n << BigInt(32 - s.prefix)) - 1n }), p: fc.integer({ min: s.prefix, max: 29 }) }).map(({ off, p }) => {
    const size = 1n << BigInt(32 - p);
    const start = s.start + off;
    return formatCidr({ family: 4, start: start - (start % size), prefix: p });
  });
  return fc.oneof({ weight: 6, arbitrary: inside }, { weight: 1, arbitrary: blockText(8, 30) }, { weight: 1, arbitrary: fc.constantFrom('not-a-cidr', '10.0.0.0', '') });
}

const caseArb = blockText(8, 27).chain((space) =>
  fc.record({
    space: fc.constant(space),
    given: fc.record(Object.fromEntries(KEYS.map((k) => [k, writtenIn(space)])) as Record<SubnetKey, fc.Arbitrary<string>>, { requiredKeys: [] }),
    needed: fc.subarray(KEYS),
  }),
);

function isBlock(text: string): boolean {
  try {
    return text.includes('/') && parseCidr(text).family === 4;
  } catch {
    return false;
  }
}

describe('subnet defaults (src/spec/subnet-layout.ts), property-based', () => {
  it('a placed default is its size (AzureBastionSubnet and AzureFirewallSubnet /26), inside the space, and clear of every written subnet and every other default', () => {
    fc.assert(
      fc.property(caseArb, ({ space, given, needed }) => {
        const { ranges, unplaced } = layoutSubnets(space, given, new Set(needed));
        const placed = KEYS.filter((k) => given[k] === undefined && ranges[k] !== undefined && !unplaced.includes(k));
        const written = KEYS.map((w) => given[w]).filter((t): t is string => t !== undefined && isBlock(t));
        for (const k of placed) {
          const r = ranges[k] as string;
          expect(containsCidr(space, r), `${k} ${r} outside ${space}`).toBe(true);
          expect(parseCidr(r).prefix, `${k} ${r}`).toBe(SIZES[k]);
          if (k === 'bastion' || k === 'firewall') expect(parseCidr(r).prefix).toBeLessThanOrEqual(26);
          // Written subnets may overlap each other (the spec rules report that); a default overlaps nothing.
          for (const o of [...written, ...placed.filter((p) => p !== k).map((p) => ranges[p] as string)]) {
            expect(overlapCidr(r, o), `${k} ${r} overlaps ${o} in ${space}`).toBe(false);
          }
        }
        // AzureBastionSubnet gets a default only where the plan creates one.
        if (!needed.includes('bastion') && given.bastion === undefined) expect(ranges.bastion).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('a default is reported unplaced only when no block of its size in the space is free of the written subnets and the defaults placed before it', () => {
    fc.assert(
      fc.property(
        // Spaces from /20 to /27, so that every candidate block can be tried.
        blockText(20, 27).chain((space) =>
          fc.record({
            space: fc.constant(space),
            given: fc.record(Object.fromEntries(KEYS.map((k) => [k, writtenIn(space)])) as Record<SubnetKey, fc.Arbitrary<string>>, { requiredKeys: [] }),
            needed: fc.subarray(KEYS),
          }),
        ),
        ({ space, given, needed }) => {
          const neededSet = new Set(needed);
          const { ranges, unplaced } = layoutSubnets(space, given, neededSet);
          const order = [...SUBNET_DEFAULTS.filter((d) => neededSet.has(d.key)), ...SUBNET_DEFAULTS.filter((d) => !neededSet.has(d.key) && d.key !== 'bastion')].map((d) => d.key);
          const s = parseCidr(space);
          for (const k of unplaced) {
            expect(given[k]).toBeUndefined();
            const before = order.slice(0, order.indexOf(k)).filter((o) => given[o] === undefined && !unplaced.includes(o));
            const taken = [...KEYS.map((w) => given[w]).filter((t): t is string => t !== undefined && isBlock(t)), ...before.map((o) => ranges[o] as string)];
            const size = 1n << BigInt(32 - SIZES[k]);
            for (let start = s.start; start + size - 1n <= s.start + (1n << BigInt(32 - s.prefix)) - 1n; start += size) {
              const candidate = formatCidr({ family: 4, start, prefix: SIZES[k] });
              expect(taken.some((t) => overlapCidr(candidate, t)), `${k}: ${candidate} was free in ${space}`).toBe(true);
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the runbook offset wins whenever it is inside the space and free; the result depends on the input alone', () => {
    fc.assert(
      fc.property(caseArb, ({ space, given, needed }) => {
        const a = layoutSubnets(space, given, new Set(needed));
        expect(layoutSubnets(space, { ...given }, new Set([...needed].reverse()))).toEqual(a);
        const s = parseCidr(space);
        const written = KEYS.map((w) => given[w]).filter((t): t is string => t !== undefined && isBlock(t));
        // The first default in placement order sees only the written subnets.
        const first = SUBNET_DEFAULTS.find((d) => needed.includes(d.key) && given[d.key] === undefined);
        if (!first) return;
        const size = 1n << BigInt(32 - first.prefix);
        const start = s.start + first.offset;
        const preferred = formatCidr({ family: 4, start, prefix: first.prefix });
        if (s.prefix <= first.prefix && start + size - 1n <= s.start + (1n << BigInt(32 - s.prefix)) - 1n && !written.some((t) => overlapCidr(preferred, t))) {
          expect(a.ranges[first.key]).toBe(preferred);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
