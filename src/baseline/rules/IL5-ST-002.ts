import { auditVerdict, notApplicable, notEquals, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = '4733ea7b-a883-42fe-8cac-97454c2a9e4a';

/** Mirrors "Storage accounts should have infrastructure encryption" (Audit in the IL5 set). */
export const rule: BaselineRule = {
  id: 'IL5-ST-002',
  name: 'IL5.Storage.InfrastructureEncryption',
  synopsis: 'Storage accounts encrypt twice: requireInfrastructureEncryption is true.',
  rationale:
    'Infrastructure encryption adds a second layer of AES-256 with a different key and algorithm mode, so one compromised key or algorithm does not expose IL5 data at rest.',
  severity: 'medium',
  runbookStep: 'C',
  controls: ['SC-28', 'SC-28(1)'],
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'storage',
    property: 'properties.encryption.requireInfrastructureEncryption',
    text: 'Set properties.encryption.requireInfrastructureEncryption to true. It can be set only when the account is created: redeploy the account.',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/storage/common/infrastructure-encryption-enable', IL5_INITIATIVE_URL],
  example: [examples.storage()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.Storage/storageAccounts')) return notApplicable(r, 'a storage account');
    return auditVerdict(notEquals(r, 'properties.encryption.requireInfrastructureEncryption', 'true'));
  },
};
