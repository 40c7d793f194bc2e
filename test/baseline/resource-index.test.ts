import { describe, expect, it } from 'vitest';
import { indexResources } from '../../src/baseline/resource-index.js';
import { examples, ids } from '../../src/baseline/examples.js';

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
