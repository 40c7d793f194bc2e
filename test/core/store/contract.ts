/**
 * The contract every Store keeps (src/core/store/types.ts), as model tests against plain JS arrays and
 * Maps: run by test/core/store/memory.test.ts (memoryStore) and test/cli/file-store.test.ts (the file store
 * with a budget of a few small pages, so that pages are evicted and written back all the time).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreTestOptions } from '../../../src/core/store/checks.js';
import type { Store } from '../../../src/core/store/types.js';

export type StoreFactory = (options?: StoreTestOptions) => Store;

/** One character of a test string: ASCII (ids), any BMP unit (lone surrogates too), any code point (astral). */
const char = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('/', '-', '.', '_', 'a', 'b', 'z', '0', '9', 'A') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
);
const text = fc.string({ unit: char, maxLength: 24 });

/** A deterministic pseudo-random sequence (xorshift32) for the long runs. */
function random(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

function azureId(i: number): string {
  const g = (i * 2654435761) >>> 0;
  return `/subscriptions/${g.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}/resourcegroups/rg-${i % 97}/providers/microsoft.network/networkinterfaces/nic-${i}`;
}

type ColumnOp = { op: 'push'; value: number } | { op: 'set'; at: number; value: number } | { op: 'get'; at: number } | { op: 'grow'; count: number; seed: number };

/**
 * The contract's tests for stores made by `make`. `large: false` leaves out the tests of tens of thousands
 * of entries (for a run whose tiny pages make each of them take seconds; another run covers them).
 */
export function storeContract(name: string, make: StoreFactory, { large = true }: { large?: boolean } = {}): void {
  const itLarge = large ? it : it.skip;
  describe(`${name}: the Store contract`, () => {
    const open: Store[] = [];
    const store = (options?: StoreTestOptions): Store => {
      const s = make(options);
      open.push(s);
      return s;
    };
    afterEach(() => {
      for (const s of open.splice(0)) s.close();
    });

    describe('IntColumn', () => {
      const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
      const ops: fc.Arbitrary<ColumnOp[]> = fc.array(
        fc.oneof(
          fc.record({ op: fc.constant('push' as const), value: int32 }),
          fc.record({ op: fc.constant('set' as const), at: fc.integer({ min: -2, max: 3000 }), value: int32 }),
          fc.record({ op: fc.constant('get' as const), at: fc.integer({ min: -2, max: 3000 }) }),
          fc.record({ op: fc.constant('grow' as const), count: fc.integer({ min: 0, max: 1500 }), seed: fc.integer() }),
        ),
        { maxLength: 60 },
      );

      it('reads back what was pushed and set, and throws for an index out of range (model: an array)', () => {
        fc.assert(
          fc.property(ops, (seq) => {
            const s = store();
            // Two columns side by side, so that their pages interleave in the file store.
            const cols = [s.ints(), s.ints()];
            const models: number[][] = [[], []];
            seq.forEach((o, n) => {
              const col = cols[n % 2];
              const model = models[n % 2];
              if (col === undefined || model === undefined) throw new Error('two columns');
              if (o.op === 'push') {
                col.push(o.value);
                model.push(o.value);
              } else if (o.op === 'grow') {
                const r = random(o.seed);
                for (let i = 0; i < o.count; i++) {
                  const v = Math.floor(r() * 0x100000000) | 0;
                  col.push(v);
                  model.push(v);
                }
              } else if (o.op === 'set') {
                if (o.at >= 0 && o.at < model.length) {
                  col.set(o.at, o.value);
                  model[o.at] = o.value;
                } else expect(() => col.set(o.at, o.value)).toThrow(/out of range/);
              } else if (o.at >= 0 && o.at < model.length) expect(col.get(o.at)).toBe(model[o.at]);
              else expect(() => col.get(o.at)).toThrow(/out of range/);
              expect(col.length).toBe(model.length);
            });
            models.forEach((model, c) => {
              const col = cols[c];
              if (col === undefined) throw new Error('two columns');
              for (let i = 0; i < model.length; i++) expect(col.get(i)).toBe(model[i]);
            });
          }),
          { numRuns: 60 },
        );
      });

      it('refuses a value that is not an int32 and an index that is not an integer', () => {
        const col = store().ints();
        expect(() => col.push(2 ** 31)).toThrow(/not an int32/);
        expect(() => col.push(1.5)).toThrow(/not an int32/);
        expect(() => col.push(Number.NaN)).toThrow(/not an int32/);
        expect(col.length).toBe(0);
        col.push(7);
        expect(() => col.set(0, -(2 ** 31) - 1)).toThrow(/not an int32/);
        expect(() => col.get(0.5)).toThrow(/out of range/);
        expect(() => col.get(Number.NaN)).toThrow(/out of range/);
        expect(() => col.get(1)).toThrow(/out of range/);
        expect(col.get(0)).toBe(7);
      });

      itLarge('keeps 200,000 values in ten columns filled in turn', () => {
        const s = store();
        const cols = Array.from({ length: 10 }, () => s.ints());
        for (let i = 0; i < 20_000; i++) cols.forEach((c, k) => c.push(i * 10 + k));
        const r = random(7);
        // Counted, not one expect per read (200,000 of them would take seconds).
        let wrong = 0;
        for (let n = 0; n < 20_000; n++) {
          const k = Math.floor(r() * 10);
          const i = Math.floor(r() * 20_000);
          const c = cols[k];
          if (c === undefined) throw new Error('ten columns');
          if (n % 3 === 0) c.set(i, -(i * 10 + k));
          if (Math.abs(c.get(i)) !== i * 10 + k) wrong++;
        }
        cols.forEach((c, k) => {
          expect(c.length).toBe(20_000);
          for (let i = 0; i < 20_000; i++) if (Math.abs(c.get(i)) !== i * 10 + k) wrong++;
        });
        expect(wrong).toBe(0);
      });
    });

    describe('FloatColumn', () => {
      it('reads back every float64 (NaN, -0, infinities, huge offsets) and throws out of range (model: an array)', () => {
        fc.assert(
          fc.property(fc.array(fc.tuple(fc.double(), fc.nat(5000)), { maxLength: 3000 }), (pairs) => {
            const s = store();
            const col = s.floats();
            const other = s.ints();
            const model: number[] = [];
            for (const [v, at] of pairs) {
              col.push(v);
              other.push(model.length);
              model.push(v);
              if (at < model.length) {
                col.set(at, -v);
                model[at] = -v;
              } else expect(() => col.set(at, v)).toThrow(/out of range/);
            }
            expect(col.length).toBe(model.length);
            for (let i = 0; i < model.length; i++) {
              expect(Object.is(col.get(i), model[i])).toBe(true);
              expect(other.get(i)).toBe(i);
            }
            expect(() => col.get(model.length)).toThrow(/out of range/);
            expect(() => col.get(-1)).toThrow(/out of range/);
          }),
          { numRuns: 40 },
        );
      });
    });

    describe('StringLog', () => {
      it('reads back every string by its handle (model: an array)', () => {
        fc.assert(
          fc.property(fc.array(fc.oneof({ weight: 8, arbitrary: text }, { weight: 1, arbitrary: fc.string({ unit: char, minLength: 3000, maxLength: 9000 }) }), { maxLength: 80 }), (xs) => {
            const log = store().strings();
            xs.forEach((x, i) => expect(log.add(x)).toBe(i));
            expect(log.length).toBe(xs.length);
            xs.forEach((x, i) => expect(log.get(i)).toBe(x));
            expect(() => log.get(xs.length)).toThrow(/out of range/);
            expect(() => log.get(-1)).toThrow(/out of range/);
          }),
          { numRuns: 40 },
        );
      });

      itLarge('keeps the empty string, a 64 KiB string and 20,000 ids', () => {
        const log = store().strings();
        const long = 'é𝄞x'.repeat(16_384);
        expect(log.add('')).toBe(0);
        expect(log.add(long)).toBe(1);
        for (let i = 0; i < 20_000; i++) log.add(azureId(i));
        expect(log.get(0)).toBe('');
        expect(log.get(1)).toBe(long);
        let wrong = 0;
        for (let i = 0; i < 20_000; i += 7) if (log.get(i + 2) !== azureId(i)) wrong++;
        expect(wrong).toBe(0);
      });
    });

    describe('IdTable', () => {
      const check = (options: StoreTestOptions | undefined, xs: string[], queries: string[]): void => {
        const ids = store(options).ids();
        const model = new Map<string, number>();
        for (const x of xs) {
          const code = ids.intern(x);
          const known = model.get(x);
          if (known === undefined) {
            expect(code).toBe(model.size);
            model.set(x, code);
          } else expect(code).toBe(known);
          expect(ids.size).toBe(model.size);
        }
        for (const [x, code] of model) {
          expect(ids.find(x)).toBe(code);
          expect(ids.text(code)).toBe(x);
        }
        for (const q of queries) expect(ids.find(q)).toBe(model.get(q) ?? -1);
        expect(() => ids.text(model.size)).toThrow(/out of range/);
        expect(() => ids.text(-1)).toThrow(/out of range/);
      };

      it('gives each distinct string one code in the order first interned (model: a Map)', () => {
        fc.assert(
          fc.property(fc.array(text, { maxLength: 300 }), fc.array(text, { maxLength: 50 }), (xs, qs) => {
            // Repeats, so that intern meets known strings.
            check(undefined, [...xs, ...xs.slice(0, 40)], [...qs, ...xs.slice(0, 10)]);
          }),
          { numRuns: 60 },
        );
      });

      it('tells strings apart whose hashes are equal (a hash of 4 values, then a constant one)', () => {
        fc.assert(
          fc.property(fc.array(text, { maxLength: 120 }), fc.array(text, { maxLength: 30 }), (xs, qs) => {
            check({ hash: (s) => s.length % 4 }, [...xs, ...xs], qs);
            check({ hash: () => 0x7fffffff }, xs.slice(0, 60), qs);
          }),
          { numRuns: 30 },
        );
      });

      it('tells apart strings that differ in one unit only, or in their lone surrogates', () => {
        const base = '/subscriptions/x/resourcegroups/é𝄞';
        const variants = ['', 'a', base, `${base}a`, `${base}b`, `${base}\ud800`, `${base}\udc00`, `${base}\ufffd`, `\ud83d${base}`, `${base}\ud83d\ude00`, `${base}\ude00\ud83d`];
        check({ hash: () => 1 }, variants, [`${base}c`, '\ud800', '\ufffd', `${base}\ud83d`]);
        check(undefined, variants, [`${base}c`, '\ud800', '\ufffd']);
      });

      itLarge('interns 60,000 Azure-shaped ids, long ones and ids that share all but their end', () => {
        const ids = store().ids();
        const long = (i: number): string => `${'/providers/microsoft.authorization/policydefinitions/'.repeat(300)}${i}`;
        let wrong = 0;
        for (let i = 0; i < 60_000; i++) if (ids.intern(azureId(i)) !== i) wrong++;
        for (let i = 0; i < 30; i++) expect(ids.intern(long(i))).toBe(60_000 + i);
        expect(ids.size).toBe(60_030);
        for (let i = 0; i < 60_000; i += 3) {
          if (ids.find(azureId(i)) !== i || ids.intern(azureId(i)) !== i || ids.text(i) !== azureId(i)) wrong++;
        }
        expect(wrong).toBe(0);
        for (let i = 0; i < 30; i++) {
          expect(ids.find(long(i))).toBe(60_000 + i);
          expect(ids.text(60_000 + i)).toBe(long(i));
        }
        expect(ids.find(long(30))).toBe(-1);
        expect(ids.find(azureId(60_000))).toBe(-1);
        expect(ids.find(`${azureId(5)}/`)).toBe(-1);
        expect(ids.size).toBe(60_030);
      });
    });

    describe('MultiIndex', () => {
      const key = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 10_000_000 }));
      const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });

      it('gives the values of each key in the order added, none for other keys (model: a Map of arrays)', () => {
        fc.assert(
          fc.property(fc.array(fc.tuple(key, int32), { maxLength: 400 }), fc.array(key, { maxLength: 20 }), (pairs, others) => {
            const b = store().multi();
            const model = new Map<number, number[]>();
            for (const [k, v] of pairs) {
              b.add(k, v);
              const list = model.get(k) ?? [];
              list.push(v);
              model.set(k, list);
            }
            const m = b.freeze();
            for (const k of [...model.keys(), ...others, 0, 10_000_001]) {
              const want = model.get(k) ?? [];
              expect(m.count(k)).toBe(want.length);
              expect(m.list(k)).toEqual(want);
              const seen: number[] = [];
              m.forEach(k, (v) => seen.push(v));
              expect(seen).toEqual(want);
            }
          }),
          { numRuns: 50 },
        );
      });

      itLarge('builds 60,000 pairs in random key order, several indexes at once', () => {
        const s = store();
        const builders = [s.multi(), s.multi()];
        const r = random(3);
        const model: number[][][] = [[], []];
        for (let i = 0; i < 60_000; i++) {
          const k = Math.floor(r() * 12_000);
          const which = i % 2;
          builders[which]?.add(k, i);
          const lists = model[which] ?? [];
          (lists[k] ??= []).push(i);
        }
        const frozen = builders.map((b) => b.freeze());
        frozen.forEach((m, which) => {
          const lists = model[which] ?? [];
          let wrong = 0;
          for (let k = 0; k < 12_001; k++) if (m.list(k).join() !== (lists[k] ?? []).join()) wrong++;
          expect(wrong).toBe(0);
        });
      });

      it('is empty when nothing was added; refuses bad keys and values, and a builder after freeze()', () => {
        const s = store();
        const empty = s.multi().freeze();
        expect(empty.count(0)).toBe(0);
        expect(empty.list(123)).toEqual([]);
        const b = s.multi();
        expect(() => b.add(-1, 0)).toThrow(/key/);
        expect(() => b.add(1.5, 0)).toThrow(/key/);
        expect(() => b.add(0, 2 ** 31)).toThrow(/not an int32/);
        b.add(2, 5);
        const m = b.freeze();
        expect(m.list(2)).toEqual([5]);
        expect(() => m.count(-1)).toThrow(/key/);
        expect(() => b.add(0, 0)).toThrow(/freeze/);
        expect(() => b.freeze()).toThrow(/freeze/);
      });
    });

    it('refuses to make anything after close()', () => {
      const s = make();
      s.close();
      expect(() => s.ints()).toThrow(/close/);
      expect(() => s.ids()).toThrow(/close/);
      s.close();
    });
  });
}
