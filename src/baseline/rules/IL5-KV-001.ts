import { allOf, anyOf, apiVersionCompare, auditVerdict, equals, exists, not, notApplicable, notEquals, quiet, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = '0b60c0b2-2dc2-4e1c-b5c9-abbed971de53';

/** Mirrors "Key vaults should have deletion protection enabled" (v2.1.0, Audit in the IL5 set). */
export const rule: BaselineRule = {
  id: 'IL5-KV-001',
  name: 'IL5.KeyVault.PurgeProtection',
  synopsis: 'Key vaults have purge protection (and soft delete) enabled.',
  rationale:
    'The customer-managed keys of the workspace, storage and registry live in this vault. A vault that can be purged lets one insider destroy every key and with it every encrypted byte; Azure Storage and Azure Machine Learning refuse a customer-managed key from a vault without purge protection.',
  severity: 'high',
  runbookStep: 'B',
  controls: ['CP-9', 'SC-12'],
  resourceTypes: ['Microsoft.KeyVault/vaults'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'keyVault',
    property: 'properties.enablePurgeProtection',
    text: 'Set properties.enablePurgeProtection to true (it cannot be turned off again) and leave enableSoftDelete true; the plan always does unless its template was edited.',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview#purge-protection', IL5_INITIATIVE_URL],
  example: [examples.keyVault()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.KeyVault/vaults')) return notApplicable(r, 'a key vault');
    return auditVerdict(
      allOf(
        quiet(notEquals(r, 'properties.createMode', 'recover')),
        anyOf(
          allOf(
            apiVersionCompare(r, 'less', '2019-09-01'),
            anyOf(equals(r, 'properties.enableSoftDelete', 'false'), not(exists(r, 'properties.enableSoftDelete'))),
          ),
          allOf(apiVersionCompare(r, 'greaterOrEquals', '2019-09-01'), equals(r, 'properties.enableSoftDelete', 'false')),
          not(exists(r, 'properties.enablePurgeProtection')),
          equals(r, 'properties.enablePurgeProtection', 'false'),
        ),
      ),
    );
  },
};
