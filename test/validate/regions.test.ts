import { describe, expect, it } from 'vitest';
import { GOVERNMENT_REGIONS, amlRegions, findRegion, pairedRegion } from '../../src/catalog/regions.js';

// Sources: learn.microsoft.com/azure/machine-learning/reference-machine-learning-cloud-parity (Azure ML
// in US-Arizona and US-Virginia), azure/reliability/cross-region-replication-azure (both pair with US Gov
// Texas), azure-government/documentation-government-overview-dod (the five regions and their kinds).
describe('the Azure Government region catalog', () => {
  it('offers Azure Machine Learning in usgovvirginia and usgovarizona only', () => {
    expect(amlRegions().map((r) => r.name)).toEqual(['usgovvirginia', 'usgovarizona']);
  });
  it.each([
    ['usgovvirginia', 'usgovtexas'],
    ['usgovarizona', 'usgovtexas'],
    ['usdodeast', undefined],
    ['eastus', undefined],
  ])('%s pairs with %s', (name, pair) => expect(pairedRegion(name)).toBe(pair));
  it('lists every US Gov and US DoD region once, with display name and sources', () => {
    expect(GOVERNMENT_REGIONS.map((r) => r.name).sort()).toEqual(['usdodcentral', 'usdodeast', 'usgovarizona', 'usgoviowa', 'usgovtexas', 'usgovvirginia']);
    for (const r of GOVERNMENT_REGIONS) {
      expect(r.displayName).toMatch(/^US (Gov|DoD) /);
      expect(r.source.length).toBeGreaterThan(0);
      for (const s of r.source) expect(s.read).toBe('2026-11-25');
    }
  });
  it('marks the DoD regions and the retired one', () => {
    expect(findRegion('usdodcentral')?.kind).toBe('usdod');
    expect(findRegion('usgoviowa')?.retired).toBe(true);
    expect(findRegion('eastus')).toBeUndefined();
  });
});
