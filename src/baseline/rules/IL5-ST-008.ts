import { notApplicable, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = '37e0d2fe-28a5-43d6-a273-67d37d1f5606';

/** Mirrors "Storage accounts should be migrated to new Azure Resource Manager resources" (v1.0.0, Audit). */
export const rule: BaselineRule = {
  id: 'IL5-ST-008',
  name: 'IL5.Storage.ResourceManager',
  synopsis: 'Storage accounts are Azure Resource Manager accounts, not classic ones.',
  rationale:
    'Classic (Azure Service Manager) storage accounts have no Azure RBAC, no managed identities, no private endpoints and no customer-managed keys: none of the IL5 controls of this baseline can apply to them.',
  severity: 'medium',
  runbookStep: 'C',
  controls: ['AC-3'],
  resourceTypes: ['Microsoft.ClassicStorage/storageAccounts', 'Microsoft.Storage/storageAccounts'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    property: 'type',
    text: 'Migrate the classic account to Azure Resource Manager (Microsoft.Storage/storageAccounts).',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/virtual-machines/migration-classic-resource-manager-overview', IL5_INITIATIVE_URL],
  example: [examples.storage()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.ClassicStorage/storageAccounts', 'Microsoft.Storage/storageAccounts')) {
      return notApplicable(r, 'a storage account');
    }
    return typeIs(r, 'Microsoft.ClassicStorage/storageAccounts')
      ? { compliance: 'NonCompliant', reason: `type = '${r.type}' (classic)` }
      : { compliance: 'Compliant', reason: `type = '${r.type}'` };
  },
};
