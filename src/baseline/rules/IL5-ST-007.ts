import { auditVerdict, isIn, not, notApplicable, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = 'bf045164-79ba-4215-8f95-f8048dc1780b';

/** Mirrors "Geo-redundant storage should be enabled for Storage Accounts" (Audit in the IL5 set). */
export const rule: BaselineRule = {
  id: 'IL5-ST-007',
  name: 'IL5.Storage.GeoRedundant',
  synopsis: 'Storage accounts replicate to the paired region (sku Standard_GRS, RAGRS, GZRS or RAGZRS).',
  rationale:
    'An alternate storage site (CP-6) keeps models and data when a whole Azure Government region fails; locally or zone-redundant storage does not leave the region.',
  severity: 'medium',
  runbookStep: 'C',
  controls: ['CP-6', 'CP-6(1)'],
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'storage.sku',
    property: 'sku.name',
    text: 'Set sku.name to Standard_GZRS (or Standard_GRS, Standard_RAGRS, Standard_RAGZRS): storage.sku in the spec.',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/storage/common/storage-redundancy', IL5_INITIATIVE_URL],
  example: [examples.storage()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.Storage/storageAccounts')) return notApplicable(r, 'a storage account');
    return auditVerdict(not(isIn(r, 'sku.name', ['Standard_GRS', 'Standard_RAGRS', 'Standard_GZRS', 'Standard_RAGZRS'])));
  },
};
