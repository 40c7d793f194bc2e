import { excludeCidr } from 'cidr-tools';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregate,
  addressCount,
  BITS,
  cidrRange,
  cidrSize,
  compareCidr,
  contains,
  formatCidr,
  parseCidr,
  type Cidr,
  type IpFamily,
} from '../../src/net/cidr.js';

/** A random CIDR block: prefix biased to the lengths service tags use, start aligned by parseCidr. */
function cidrArb(family: IpFamily, minPrefix: number): fc.Arbitrary<Cidr> {
  const bits = BITS[family];
  return fc
    .record({
      addr: fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }),
      prefix: fc.integer({ min: minPrefix, max: bits }),
    })
    .map(({ addr, prefix }) => {
      const host = BigInt(bits - prefix);
      return { family, start: (addr >> host) << host, prefix };
    });
}

/** Blocks inside one small universe (a /20 or a /116), so overlaps and adjacency happen often. */
function denseArb(family: IpFamily): fc.Arbitrary<Cidr[]> {
  const bits = BITS[family];
  const base = family === 4 ? 0x0a000000n : 0x20010db8000000000000000000000000n;
  return fc.array(
    fc.record({ off: fc.integer({ min: 0, max: 4095 }), prefix: fc.integer({ min: bits - 12, max: bits }) }).map(({ off, prefix }) => {
      const host = BigInt(bits - prefix);
      const start = ((base + BigInt(off)) >> host) << host;
      return { family, start, prefix };
    }),
    { maxLength: 40 },
  );
}

const mixedArb = fc
  .tuple(denseArb(4), denseArb(6), fc.array(cidrArb(4, 8), { maxLength: 10 }), fc.array(cidrArb(6, 16), { maxLength: 10 }))
  .map(([a, b, c, d]) => [...a, ...b, ...c, ...d]);

/** Every address of a small universe, as a set of strings, computed without any merging. */
function explicitSet(cidrs: readonly Cidr[]): Set<string> {
  const s = new Set<string>();
  for (const c of cidrs) {
    const r = cidrRange(c);
    for (let a = r.start; a <= r.end; a++) s.add(`${c.family}:${a}`);
  }
  return s;
}

function canMerge(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const ra = cidrRange(a);
  const rb = cidrRange(b);
  // Overlapping, containing or touching ranges could be merged; so could two halves of one block.
  return ra.start <= rb.end + 1n && rb.start <= ra.end + 1n;
}

describe('aggregate (fast-check properties)', () => {
  it('keeps exactly the same address set (explicit enumeration in a dense universe)', () => {
    fc.assert(
      fc.property(fc.tuple(denseArb(4), denseArb(6)), ([a, b]) => {
        const input = [...a, ...b];
        const out = aggregate(input);
        expect(explicitSet(out)).toEqual(explicitSet(input));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps membership of random addresses and the total size, over the whole address space', () => {
    fc.assert(
      fc.property(
        mixedArb,
        fc.array(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), { maxLength: 30 }),
        fc.array(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), { maxLength: 30 }),
        (input, v4, v6) => {
          const out = aggregate(input);
          // Probe random addresses and the edges of every input block.
          const probes: [IpFamily, bigint][] = [...v4.map((a) => [4, a] as [IpFamily, bigint]), ...v6.map((a) => [6, a] as [IpFamily, bigint])];
          for (const c of input) {
            const r = cidrRange(c);
            probes.push([c.family, r.start], [c.family, r.end]);
            if (r.start > 0n) probes.push([c.family, r.start - 1n]);
            if (r.end < (1n << BigInt(BITS[c.family])) - 1n) probes.push([c.family, r.end + 1n]);
          }
          for (const [f, a] of probes) expect(contains(out, f, a)).toBe(contains(input, f, a));
          for (const f of [4, 6] as const) {
            // Outputs are disjoint, so the plain sum of their sizes is the size of the union.
            const sum = out.filter((c) => c.family === f).reduce((n, c) => n + cidrSize(c), 0n);
            expect(sum).toBe(addressCount(input, f));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the address set by an independent implementation (cidr-tools excludeCidr, both ways empty)', () => {
    fc.assert(
      fc.property(mixedArb, (input) => {
        fc.pre(input.length > 0);
        const inText = input.map(formatCidr);
        const outText = aggregate(input).map(formatCidr);
        expect(excludeCidr(inText, outText)).toEqual([]);
        expect(excludeCidr(outText, inText)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('is minimal (no two outputs can merge), sorted, and each block is canonical', () => {
    fc.assert(
      fc.property(mixedArb, (input) => {
        const out = aggregate(input);
        for (let i = 0; i < out.length; i++) {
          const c = out[i] as Cidr;
          expect(c.start % cidrSize(c)).toBe(0n);
          if (i > 0) expect(compareCidr(out[i - 1] as Cidr, c)).toBeLessThan(0);
        }
        // No pair overlaps, and no pair is two halves of one larger block (buddies): either would merge.
        for (let i = 0; i < out.length; i++) {
          for (let j = i + 1; j < out.length; j++) {
            const a = out[i] as Cidr;
            const b = out[j] as Cidr;
            if (a.family !== b.family) continue;
            const ra = cidrRange(a);
            const rb = cidrRange(b);
            expect(ra.end < rb.start || rb.end < ra.start).toBe(true);
            // Buddies: same size, together an aligned block of twice the size.
            const buddies = a.prefix === b.prefix && a.prefix > 0 && (a.start ^ b.start) === cidrSize(a) && a.start % (2n * cidrSize(a)) === 0n;
            expect(buddies).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('yields the fewest blocks: no cover of a merged range uses fewer (checked against a DP in a dense universe)', () => {
    // Minimum number of aligned blocks covering exactly [s, e]: dynamic programming over addresses.
    function minBlocks(s: bigint, e: bigint, bits: number): number {
      const n = Number(e - s + 1n);
      const best = new Array<number>(n + 1).fill(Infinity);
      best[0] = 0;
      for (let i = 0; i < n; i++) {
        const cur = best[i] as number;
        if (cur === Infinity) continue;
        const addr = s + BigInt(i);
        for (let h = 0; h <= bits; h++) {
          const len = 1n << BigInt(h);
          if (addr % len !== 0n || i + Number(len) > n) break;
          const k = i + Number(len);
          if (cur + 1 < (best[k] as number)) best[k] = cur + 1;
        }
      }
      return best[n] as number;
    }
    fc.assert(
      fc.property(denseArb(4), (input) => {
        const out = aggregate(input);
        // Group outputs into maximal touching runs (the merged ranges) and compare counts per run.
        let i = 0;
        while (i < out.length) {
          let j = i;
          let end = cidrRange(out[i] as Cidr).end;
          while (j + 1 < out.length && cidrRange(out[j + 1] as Cidr).start === end + 1n) {
            j++;
            end = cidrRange(out[j] as Cidr).end;
          }
          expect(j - i + 1).toBe(minBlocks((out[i] as Cidr).start, end, 32));
          i = j + 1;
        }
      }),
      { numRuns: 100 },
    );
  });

  it('is idempotent and independent of input order', () => {
    fc.assert(
      fc.property(mixedArb, (input) => {
        const out = aggregate(input);
        expect(aggregate(out)).toEqual(out);
        expect(aggregate([...input].reverse())).toEqual(out);
      }),
      { numRuns: 200 },
    );
  });

  it('is associative: aggregating in parts, then together, equals aggregating at once', () => {
    fc.assert(
      fc.property(mixedArb, mixedArb, (a, b) => {
        expect(aggregate([...aggregate(a), ...b])).toEqual(aggregate([...a, ...b]));
      }),
      { numRuns: 150 },
    );
  });

  it('round-trips formatting and parsing', () => {
    fc.assert(
      fc.property(fc.oneof(cidrArb(4, 0), cidrArb(6, 0)), (c) => {
        expect(parseCidr(formatCidr(c))).toEqual(c);
      }),
      { numRuns: 500 },
    );
  });
});
