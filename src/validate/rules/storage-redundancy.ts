import type { Diagnostic } from '../../core/diagnostic.js';
import { GOVERNMENT_REGIONS } from '../../catalog/regions.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'storage-redundancy';
const PATH = ['storage', 'sku'] as const;
const ZONE_REDUNDANT = new Set(['Standard_ZRS', 'Standard_GZRS', 'Standard_RAGZRS']);
const GEO_REDUNDANT = new Set(['Standard_GRS', 'Standard_RAGRS', 'Standard_GZRS', 'Standard_RAGZRS']);

export const rule: SpecRule = {
  id: ID,
  synopsis: 'storage.sku is offered in the region, and geo-redundant as the IL5 initiative asks.',
  source: 'https://learn.microsoft.com/azure/storage/common/redundancy-regions-zrs',
  check(loaded): Diagnostic[] {
    const { sku } = loaded.spec.storage;
    const region = GOVERNMENT_REGIONS.find((r) => r.name === loaded.spec.region.toLowerCase());
    const out: Diagnostic[] = [];
    // Azure refuses a zone-redundant account where the region has no availability zones for storage.
    if (region && ZONE_REDUNDANT.has(sku) && !region.zoneRedundantStorage) {
      const alt = GEO_REDUNDANT.has(sku) ? 'Standard_GRS' : 'Standard_GRS (or Standard_LRS)';
      out.push(
        finding(loaded, ID, 'error', PATH, `${sku} is zone-redundant and ${region.displayName} offers no zone-redundant storage`, `set storage.sku to ${alt}`),
      );
    }
    // IL5 initiative, "Geo-redundant storage should be enabled for Storage Accounts" (bf045164-79ba-4215-8f95-f8048dc1780b).
    if (!GEO_REDUNDANT.has(sku)) {
      out.push(
        finding(
          loaded,
          ID,
          'warning',
          PATH,
          `${sku} keeps no copy outside the region: the IL5 initiative's policy bf045164-79ba-4215-8f95-f8048dc1780b (geo-redundant storage) will report it NonCompliant`,
          'set storage.sku to Standard_GRS (or Standard_GZRS in usgovvirginia)',
        ),
      );
    }
    return out;
  },
};
