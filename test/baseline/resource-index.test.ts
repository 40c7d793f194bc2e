import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndexBuilder, indexResources, memoryParts, type IndexParts } from '../../src/baseline/resource-index.js';
import { examples, ids } from '../../src/baseline/examples.js';
import { KeptSpool } from '../../src/cli/kept-spool.js';
import type { AzureResource } from '../../src/core/resource.js';

describe('indexResources', () => {
  const kv = examples.keyVault();
  const byScope = examples.diagnosticSetting(ids.keyVault, 'a');
  const { scope: _drop, ...byIdOnly } = examples.diagnosticSetting(ids.keyVault, 'b');
  void _drop;
  const pe = examples.privateEndpoint('pe1', ids.registry, 'registry');
  const zg = examples.zoneGroup('pe1', 'privatelink.azurecr.us');
  const idx = indexResources([kv, byScope, byIdOnly, pe, zg]);

  it('finds extension resources by scope and by an id under the target, case-insensitively', () => {
    expect(idx.extensionsOf(ids.keyVault.toUpperCase(), 'microsoft.insights/DIAGNOSTICSETTINGS').map((r) => r.name)).toEqual(['a', 'b']);
    expect(idx.extensionsOf(ids.storage)).toEqual([]);
  });

  it('finds direct children by parent id and full type', () => {
    expect(idx.childrenOf(pe.id, 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups')).toEqual([zg]);
    expect(idx.childrenOf(ids.keyVault, 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups')).toEqual([]);
  });

  it('gives the dependsOn of the last resource of an id, whatever its type', () => {
    const a = { ...examples.storage(), dependsOn: [ids.keyVault] };
    const later = { id: ids.storage.toUpperCase(), type: 'Contoso.Widgets/gadgets', name: 'g', dependsOn: [ids.registry] };
    expect(indexResources([a]).dependsOnOf(ids.storage.toUpperCase())).toEqual([ids.keyVault]);
    expect(indexResources([a, later]).dependsOnOf(ids.storage)).toEqual([ids.registry]);
    expect(indexResources([a, { ...later, dependsOn: undefined }]).dependsOnOf(ids.storage)).toBeUndefined();
    expect(idx.dependsOnOf(ids.storage)).toBeUndefined();
  });

  it('looks up by id and type ignoring case, and builds a memo once', () => {
    expect(idx.byId(ids.keyVault.toLowerCase())).toBe(kv);
    expect(idx.ofType('MICROSOFT.KEYVAULT/VAULTS')).toEqual([kv]);
    let built = 0;
    const f = (): number => ++built;
    expect(idx.memo('k', f)).toBe(1);
    expect(idx.memo('k', f)).toBe(1);
    expect(built).toBe(1);
  });
});

describe('ResourceIndex.table: a rule\'s lookup kept as numbers (issue 10)', () => {
  it('gives the values put under a key, case-insensitively, in the order put; built once per name', () => {
    const idx = indexResources([]);
    let built = 0;
    const make = (): ReturnType<typeof idx.table<{ n: number; s: string[] }>> =>
      idx.table<{ n: number; s: string[] }>('t', (put) => {
        built++;
        put('/A/b', { n: 1, s: ['x'] });
        put('/a/B', { n: 2, s: [] });
        put('/c', { n: 3, s: ['é😀'] });
      });
    const t = make();
    expect(t.get('/a/b')).toEqual([{ n: 1, s: ['x'] }, { n: 2, s: [] }]);
    expect(t.get('/C')).toEqual([{ n: 3, s: ['é😀'] }]);
    expect(t.get('/nothing')).toEqual([]);
    expect(make().get('/A/B')).toHaveLength(2);
    expect(built).toBe(1);
  });

  it('answers as a Map of lists would, over a store in memory or on disk (fast-check)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-table-test-'));
    try {
      const spool = new KeptSpool(dir, { budgetBytes: 8192, pageBytes: 4096 });
      const stores: IndexParts[] = [memoryParts(), spool.parts()];
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.constantFrom('/s/A', '/s/a', '/s/b', '/s/İ', '/x/😀', ''), fc.jsonValue()), { maxLength: 40 }), fc.nat(1), (pairs, which) => {
          const parts = stores[which] as IndexParts;
          const idx = new IndexBuilder(parts).freeze();
          const t = idx.table<unknown>(`t${Math.random()}`, (put) => pairs.forEach(([k, v]) => put(k, v)));
          const model = new Map<string, unknown[]>();
          for (const [k, v] of pairs) model.set(k.toLowerCase(), [...(model.get(k.toLowerCase()) ?? []), JSON.parse(JSON.stringify(v)) as unknown]);
          for (const k of ['/s/A', '/S/A', '/s/b', '/s/İ', '/s/i̇', '/x/😀', '', '/none']) expect(t.get(k)).toEqual(model.get(k.toLowerCase()) ?? []);
        }),
        { numRuns: 80 },
      );
      spool.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an index over kept records gives the same answers as one over the objects (the kept spool, small pages)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-index-test-'));
    try {
      const kv = examples.keyVault();
      const all: AzureResource[] = [kv, examples.diagnosticSetting(ids.keyVault, 'a'), examples.privateEndpoint('pe1', ids.registry, 'registry'), examples.zoneGroup('pe1', 'privatelink.azurecr.us'), { ...kv, type: 'Contoso.Widgets/gadgets' }];
      const spool = new KeptSpool(dir, { budgetBytes: 8192, pageBytes: 4096 });
      const b = new IndexBuilder(spool.parts());
      for (const r of all) b.add(r, spool.keep(r));
      const onDisk = b.freeze();
      const inMemory = indexResources(all);
      const json = (x: unknown): string => JSON.stringify(x);
      expect(json(onDisk.byId(ids.keyVault.toUpperCase()))).toBe(json(inMemory.byId(ids.keyVault)));
      expect(onDisk.byId(ids.keyVault)?.type).toBe('Contoso.Widgets/gadgets');
      for (const t of ['Microsoft.KeyVault/vaults', 'microsoft.network/privateendpoints', 'none']) expect(json(onDisk.ofType(t))).toBe(json(inMemory.ofType(t)));
      expect(json(onDisk.extensionsOf(ids.keyVault))).toBe(json(inMemory.extensionsOf(ids.keyVault)));
      expect(json(onDisk.childrenOf(all[2]?.id ?? '', 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups'))).toBe(json(inMemory.childrenOf(all[2]?.id ?? '', 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups')));
      expect(onDisk.childrenOf(all[2]?.id ?? '', 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups')).toHaveLength(1);
      spool.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
