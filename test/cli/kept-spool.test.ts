import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exemptionsSpool, KeptSpool, SPOOL_BUDGET, spoolBudget, spoolShare } from '../../src/cli/kept-spool.js';
import { workerCredit } from '../../src/cli/verdicts.js';
import type { AzureResource } from '../../src/core/resource.js';
import { Unknown } from '../../src/core/unknown.js';
import { checkEstate, type ResourceSource } from '../../src/policy/estate.js';
import { freshCopy, mixedEstate, planCorpus } from '../baseline/pass-corpora.js';
import { definition } from '../policy/helpers.js';

// What the lookups keep between a check's reads, on disk (src/cli/kept-spool.ts): a held resource reads
// back as itself — same object, same keys in the same order, same values — from the file or the cache.
const resource = (i: number): AzureResource =>
  ({
    id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe${i}`,
    type: 'Microsoft.Network/privateEndpoints',
    name: `pe${i}`,
    location: 'usgovvirginia',
    tags: { n: String(i) },
    properties: { privateLinkServiceConnections: [{ properties: { privateLinkServiceId: `/x/${i}`, groupIds: ['blob'] } }], count: i, flag: i % 2 === 0, none: null },
    dependsOn: [`/y/${i}`],
    source: { file: 'estate.json', line: i + 2, column: 3 },
  }) as AzureResource;

function spool(): { s: KeptSpool; parent: string } {
  const parent = mkdtempSync(join(tmpdir(), 'il5ml-kept-test-'));
  return { s: new KeptSpool(parent), parent };
}

describe('KeptSpool', () => {
  it('a stand-in reads as the resource it holds: keys, order, values, JSON; objects come back from the file', () => {
    const { s, parent } = spool();
    const r = resource(7);
    const before = JSON.stringify(r);
    const stand = s.hold(r);
    // id, type and scope are read without the file (every index reads them).
    const seen = [stand.id, stand.type, stand.scope];
    expect(s.counts).toEqual({ held: 1, readBack: 0 });
    expect(seen).toEqual([r.id, r.type, undefined]);
    expect(stand === r).toBe(false);
    expect(Object.keys(stand)).toEqual(Object.keys(r));
    expect(s.counts.readBack).toBe(1);
    expect(JSON.stringify(stand)).toBe(before);
    expect({ ...stand }).toEqual(r);
    expect('properties' in stand).toBe(true);
    expect('nothing' in stand).toBe(false);
    expect(Object.getOwnPropertyDescriptor(stand, 'name')).toEqual({ value: 'pe7', writable: true, enumerable: true, configurable: true });
    expect((stand.properties as { count: number }).count).toBe(7);
    expect(stand.source).toEqual(r.source);
    expect(s.counts.readBack).toBe(1); // from the cache
    s.close();
    expect(readdirSync(parent)).toEqual([]);
  });

  it.each([
    ['mixed case (kept as its differences over the lower-case id)', '/subscriptions/S/resourceGroups/RG/providers/Microsoft.Network/privateEndpoints/PE'],
    ['lower case', '/subscriptions/s/resourcegroups/rg/providers/microsoft.network/privateendpoints/pe'],
    ['a letter that lower-cases to two units (kept whole)', '/subscriptions/s/resourceGroups/İ/providers/Microsoft.Network/privateEndpoints/pe'],
    ['astral and non-ASCII letters', '/subscriptions/s/resourceGroups/ÄÖ😀Σ/providers/Microsoft.Network/privateEndpoints/pe'],
    ['more than 32 capitals (kept whole)', `/subscriptions/s/resourceGroups/${'AB'.repeat(20)}/providers/x/y/z`],
  ])('a stand-in gives back its id exactly without the file: %s', (_what, id) => {
    const { s } = spool();
    const r = { ...resource(1), id };
    const stand = s.hold(r);
    expect(stand.id).toBe(id);
    expect(stand.id).toBe(id);
    expect(s.counts.readBack).toBe(0);
    // The lower-case id is the one of the check's indexes.
    expect(s.ids.size).toBe(1);
    expect(JSON.stringify(stand)).toBe(JSON.stringify(r));
    s.close();
  });

  it('a stand-in of a resource without a string id gives that id back', () => {
    const { s } = spool();
    const r = { ...resource(1), id: 42 } as unknown as AzureResource;
    expect(s.hold(r).id).toBe(42);
    expect(s.ids.size).toBe(0);
    s.close();
  });

  it('a stand-in is read-only, as kept resources are: a change is an internal error', () => {
    const { s } = spool();
    const stand = s.hold(resource(4)) as unknown as Record<string, unknown>;
    expect(() => {
      stand.name = 'other';
    }).toThrow(/kept resource was changed/);
    expect(() => delete stand.tags).toThrow(/kept resource was changed/);
    expect(stand.name).toBe('pe4');
    s.close();
  });

  it('a scope that is a string is kept with the stand-in; any other is read back', () => {
    const { s } = spool();
    const scoped = s.hold({ ...resource(5), scope: '/subscriptions/s/resourceGroups/rg' });
    const odd = s.hold({ ...resource(6), scope: { not: 'a string' } } as unknown as AzureResource);
    const scope = scoped.scope;
    expect(s.counts.readBack).toBe(0);
    expect(scope).toBe('/subscriptions/s/resourceGroups/rg');
    expect(odd.scope).toEqual({ not: 'a string' });
    expect(s.counts.readBack).toBe(1);
    s.close();
  });

  it('reads every one back right after the cache evicts them (more than it holds)', () => {
    const { s } = spool();
    const held = Array.from({ length: 5000 }, (_, i) => resource(i));
    const texts = held.map((r) => JSON.stringify(r));
    const stands = held.map((r) => s.hold(r));
    stands.forEach((r, i) => expect(JSON.stringify(r)).toBe(texts[i]));
    expect(s.counts.readBack).toBe(5000);
    // The first ones were evicted by the later ones: read back from the file again; the last one is cached.
    expect((stands[0]?.properties as { count: number }).count).toBe(0);
    expect(s.counts.readBack).toBe(5001);
    expect((stands[4999]?.properties as { count: number }).count).toBe(4999);
    expect(s.counts.readBack).toBe(5001);
    s.close();
  });

  it('a smaller cache (a worker\'s share) holds fewer: by count and by bytes of JSON', () => {
    for (const cache of [{ count: 2, bytes: 1 << 20 }, { count: 4096, bytes: 2 * JSON.stringify(resource(1)).length + 10 }]) {
      const s = new KeptSpool(mkdtempSync(join(tmpdir(), 'il5ml-kept-test-')), undefined, cache);
      const stands = [1, 2, 3].map((i) => s.hold(resource(i)));
      for (const r of stands) expect(r.name).toBe(`pe${(r.properties as { count: number }).count}`);
      expect(s.counts.readBack).toBe(3);
      // The last two are cached; the first was evicted and is read back again.
      expect(stands[2]?.name).toBe('pe3');
      expect(stands[1]?.name).toBe('pe2');
      expect(s.counts.readBack).toBe(3);
      expect(stands[0]?.name).toBe('pe1');
      expect(s.counts.readBack).toBe(4);
      s.close();
    }
  });

  it('warm: pass 2 gives the fresh read, nothing is read back', () => {
    const { s } = spool();
    const record = s.keep(resource(1));
    const stand = s.get(record);
    const fresh = resource(1);
    s.warm(record, fresh);
    expect(stand.properties).toBe(fresh.properties);
    // Another stand-in of the same record reads the same.
    expect(s.get(record).properties).toBe(fresh.properties);
    expect(s.counts.readBack).toBe(0);
    s.close();
  });

  it('keeping the object kept last again gives the same record (every pass that keeps it shares one)', () => {
    const { s } = spool();
    const r = resource(1);
    expect(s.keep(r)).toBe(0);
    expect(s.keep(r)).toBe(0);
    expect(s.keep(resource(2))).toBe(1);
    expect(s.keep(r)).toBe(2);
    expect(s.size).toBe(3);
    expect(s.counts.held).toBe(3);
    expect(() => s.get(3)).toThrow(/no kept resource 3/);
    s.close();
  });

  it('a value known only after deployment reads back as one (as the input reader revives it); another kind of Unknown is not held', () => {
    const { s } = spool();
    const r = { ...resource(2), properties: { x: new Unknown('after deployment'), list: [new Unknown('also')], marker: { $unknown: 'x', other: 1 } } } as AzureResource;
    const stand = s.hold(r);
    expect(stand === r).toBe(false);
    const props = stand.properties as { x: unknown; list: unknown[]; marker: unknown };
    expect(props.x).toBeInstanceOf(Unknown);
    expect((props.x as Unknown).reason).toBe('after deployment');
    expect(props.list[0]).toBeInstanceOf(Unknown);
    // Not a marker (two keys): a plain object, as the reader leaves it.
    expect(props.marker).toEqual({ $unknown: 'x', other: 1 });
    expect(JSON.stringify(stand)).toBe(JSON.stringify(r));
    class Other extends Unknown {}
    const odd = { ...resource(3), properties: { y: new Other('possible') } } as AzureResource;
    expect(s.hold(odd)).toBe(odd);
    expect(s.counts.held).toBe(1);
    s.close();
  });

  it('reading a held resource after close is an internal error, not a wrong value', () => {
    const { s, parent } = spool();
    const stand = s.hold(resource(3));
    s.close();
    expect(existsSync(join(parent))).toBe(true);
    expect(() => stand.properties).toThrow(/after its spool was closed/);
    // The resource read last too (the spool answers reads of it again without its cache).
    const other = spool().s;
    const read = other.hold(resource(4));
    expect(read.name).toBe('pe4');
    other.close();
    expect(() => read.properties).toThrow(/after its spool was closed/);
  });

  it('reads of the resource read last leave the cache\'s order as every read moves it: the least recently read is evicted', () => {
    const s = new KeptSpool(mkdtempSync(join(tmpdir(), 'il5ml-kept-test-')), undefined, { count: 2, bytes: 1 << 20 });
    const [a, b, c] = [1, 2, 3].map((i) => s.hold(resource(i)));
    expect([a?.name, b?.name, b?.location, c?.name]).toEqual(['pe1', 'pe2', 'usgovvirginia', 'pe3']);
    expect(s.counts.readBack).toBe(3);
    // b, then b again: b is the most recent, c the least; a's read back evicts c.
    expect([b?.name, b?.tags]).toEqual(['pe2', { n: '2' }]);
    expect(a?.name).toBe('pe1');
    expect(s.counts.readBack).toBe(4);
    expect(b?.name).toBe('pe2');
    expect(s.counts.readBack).toBe(4);
    expect(c?.name).toBe('pe3');
    expect(s.counts.readBack).toBe(5);
    s.close();
  });
});

describe('a check with what it keeps on disk', () => {
  // The same verdicts as with everything in memory: the baseline (its lookups: endpoints, zone groups,
  // diagnostic settings, subnets…) and policies whose existence conditions look up kept resources, over
  // the plan's resources and a mixed estate with duplicates; each read gives fresh copies, as a file does.
  const assignments = [
    ...definition({ if: { field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, then: { effect: 'audit' } }),
    ...definition({ if: { field: 'type', like: 'Microsoft.*' }, then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Insights/diagnosticSettings', existenceCondition: { field: 'Microsoft.Insights/diagnosticSettings/logs.enabled', equals: 'true' } } } }),
    ...definition({ if: { field: 'type', equals: 'Microsoft.KeyVault/vaults' }, then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Network/privateEndpoints', existenceScope: 'resourceGroup' } } }),
  ];
  const reread = (rs: readonly AzureResource[]): ResourceSource => ({
    each(fn, want) {
      rs.forEach((r, i) => (want === undefined || want(i) ? fn(freshCopy(r), i) : undefined));
      return Promise.resolve();
    },
  });
  it.each([
    ['the plan', planCorpus(), undefined],
    ['a mixed estate with duplicate ids', mixedEstate(true), undefined],
    // Two pages of 4 KiB: the lookups' numbers (columns, ids, tables, exemptions) are written out and read back all the time.
    ['the plan, a store of two small pages', planCorpus(), { budgetBytes: 8192, pageBytes: 4096 }],
    ['a mixed estate, a store of two small pages', mixedEstate(true), { budgetBytes: 8192, pageBytes: 4096 }],
  ])('%s', async (_name, estate, store) => {
    const options = { now: '2026-12-06T00:00:00Z', assignments };
    const whole = await checkEstate(reread(estate), options);
    const parent = mkdtempSync(join(tmpdir(), 'il5ml-kept-test-'));
    const s = new KeptSpool(parent, store);
    const spooled = await checkEstate(reread(estate), { ...options, ...KeptSpool.hooks(s) });
    s.close();
    expect(s.counts.held).toBeGreaterThan(estate.length / 10);
    expect(spooled.results).toEqual(whole.results);
    expect(whole.results.length).toBeGreaterThan(estate.length);
  });
});

describe('the spools\' budgets with worker threads', () => {
  it.each([1, 2, 3, 4, 5, 8, 16, 64])('%i workers: each a share of one thread\'s budget, together within one thread\'s up to 4 (store) and 8 (cache), floors past that', (n) => {
    const one = SPOOL_BUDGET;
    const each = spoolShare(n);
    if (n === 1) expect(each).toEqual(one);
    expect(each.storeBytes).toBe(Math.max(Math.floor(one.storeBytes / n), 4 << 20));
    expect(each.cacheBytes).toBe(Math.max(Math.floor(one.cacheBytes / n), 1 << 20));
    expect(each.cacheCount).toBe(Math.max(Math.floor(one.cacheCount / n), 512));
    if (n <= 4) expect(n * each.storeBytes).toBeLessThanOrEqual(one.storeBytes);
    if (n <= 8) expect(n * each.cacheBytes).toBeLessThanOrEqual(one.cacheBytes);
    // Bounded whatever --jobs (at most 64): 256 MiB of pages, 64 MiB of cached JSON.
    expect(n * each.storeBytes).toBeLessThanOrEqual(256 << 20);
    expect(n * each.cacheBytes).toBeLessThanOrEqual(64 << 20);
  });

  it('a store budget below the floors (IL5ML_STORE_BUDGET_KIB, tests) is each worker\'s whole; the main thread\'s spool holds at most 1 MiB of pages', () => {
    const tiny = spoolBudget({ IL5ML_STORE_BUDGET_KIB: '8' });
    expect(tiny.storeBytes).toBe(8192);
    expect(spoolShare(3, tiny).storeBytes).toBe(8192);
    expect(exemptionsSpool(tiny).storeBytes).toBe(8192);
    expect(exemptionsSpool(SPOOL_BUDGET).storeBytes).toBe(1 << 20);
    for (const bad of ['', '7', '8.5', 'x', '-16']) expect(spoolBudget({ IL5ML_STORE_BUDGET_KIB: bad })).toEqual(SPOOL_BUDGET);
    expect(spoolBudget({})).toEqual(SPOOL_BUDGET);
  });

  it.each([
    [1, 64],
    [2, 32],
    [3, 21],
    [32, 2],
    [64, 2],
  ])('--jobs %i: %i result batches in flight per worker (64 in all, at least 2 each)', (jobs, credit) => {
    expect(workerCredit(jobs)).toBe(credit);
    expect(jobs * workerCredit(jobs)).toBeLessThanOrEqual(Math.max(64, 2 * jobs));
  });
});
