import { auditVerdict, notApplicable, notEquals, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = 'b5ec538c-daa0-4006-8596-35468b9148e8';

/** Mirrors "Storage account encryption scopes should use customer-managed keys to encrypt data at rest" (v1.0.0, Audit). */
export const rule: BaselineRule = {
  id: 'IL5-ST-009',
  name: 'IL5.Storage.EncryptionScopeCustomerKey',
  synopsis: 'Storage encryption scopes use a customer-managed key (source Microsoft.KeyVault).',
  rationale:
    'An encryption scope with a Microsoft-managed key silently takes the blobs written to it out of the customer-managed key regime the account is meant to enforce.',
  severity: 'medium',
  runbookStep: 'C',
  controls: ['SC-12'],
  resourceTypes: ['Microsoft.Storage/storageAccounts/encryptionScopes'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    property: 'properties.source',
    text: 'Set properties.source to Microsoft.KeyVault and properties.keyVaultProperties.keyUri to the vault key.',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/storage/blobs/encryption-scope-overview', IL5_INITIATIVE_URL],
  example: [examples.encryptionScope()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.Storage/storageAccounts/encryptionScopes')) return notApplicable(r, 'a storage encryption scope');
    return auditVerdict(notEquals(r, 'properties.source', 'Microsoft.Keyvault'));
  },
};
