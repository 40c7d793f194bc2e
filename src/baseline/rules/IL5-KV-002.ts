import { allOf, anyOf, auditVerdict, equals, exists, not, notApplicable, quiet, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = '1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d';

/** Mirrors "Key vaults should have soft delete enabled" (v3.1.0, Audit in the IL5 set). */
export const rule: BaselineRule = {
  id: 'IL5-KV-002',
  name: 'IL5.KeyVault.SoftDelete',
  synopsis: 'Key vaults have soft delete enabled.',
  rationale:
    'Without soft delete, deleting the vault deletes every key at once and the data encrypted with them is lost. Soft delete keeps a deleted vault recoverable for its retention period.',
  severity: 'high',
  runbookStep: 'B',
  controls: ['CP-9'],
  resourceTypes: ['Microsoft.KeyVault/vaults'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'keyVault.softDeleteRetentionDays',
    property: 'properties.enableSoftDelete',
    text: 'Set properties.enableSoftDelete to true with a retention of 7 to 90 days (keyVault.softDeleteRetentionDays in the spec).',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview', IL5_INITIATIVE_URL],
  example: [examples.keyVault()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.KeyVault/vaults')) return notApplicable(r, 'a key vault');
    return auditVerdict(
      allOf(
        quiet(not(equals(r, 'properties.createMode', 'recover'))),
        anyOf(equals(r, 'properties.enableSoftDelete', 'false'), not(exists(r, 'properties.enableSoftDelete'))),
      ),
    );
  },
};
