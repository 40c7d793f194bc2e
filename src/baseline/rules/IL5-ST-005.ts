import { auditVerdict, equals, not, notApplicable, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = '6fac406b-40ca-413b-bf8e-0bf964659c25';

/** Mirrors "Storage accounts should use customer-managed key for encryption" (Audit in the IL5 set). */
export const rule: BaselineRule = {
  id: 'IL5-ST-005',
  name: 'IL5.Storage.CustomerManagedKey',
  synopsis: 'Storage accounts encrypt with a customer-managed key from Key Vault (encryption.keySource Microsoft.Keyvault).',
  rationale:
    'The runbook step B exists for this: IL5 data at rest under a key the mission owner controls, can rotate and can revoke.',
  severity: 'high',
  runbookStep: 'C',
  controls: ['SC-12'],
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'keyVault.key',
    property: 'properties.encryption.keySource',
    text: 'Set properties.encryption.keySource to Microsoft.Keyvault with keyvaultproperties naming the vault key and a user-assigned identity that may use it.',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/storage/common/customer-managed-keys-overview', IL5_INITIATIVE_URL],
  example: [examples.storage()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.Storage/storageAccounts')) return notApplicable(r, 'a storage account');
    return auditVerdict(not(equals(r, 'properties.encryption.keySource', 'Microsoft.Keyvault')));
  },
};
