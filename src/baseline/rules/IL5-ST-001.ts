import { allOf, anyOf, apiVersionCompare, auditVerdict, equals, exists, not, notApplicable, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = '404c3081-a854-4457-ae30-26a93ef643f9';

/** Mirrors "Secure transfer to storage accounts should be enabled" (Audit in the IL5 set). */
export const rule: BaselineRule = {
  id: 'IL5-ST-001',
  name: 'IL5.Storage.SecureTransfer',
  synopsis: 'Storage accounts accept HTTPS only (supportsHttpsTrafficOnly).',
  rationale:
    'The workspace storage account holds training data, snapshots and models. Plain HTTP would carry them and their shared access signatures in clear text.',
  severity: 'high',
  runbookStep: 'C',
  controls: ['SC-8', 'SC-8(1)'],
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'storage',
    property: 'properties.supportsHttpsTrafficOnly',
    text: 'Set properties.supportsHttpsTrafficOnly to true (the default from API 2019-04-01 when the property is left out).',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/storage/common/storage-require-secure-transfer', IL5_INITIATIVE_URL],
  example: [examples.storage()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.Storage/storageAccounts')) return notApplicable(r, 'a storage account');
    return auditVerdict(
      anyOf(
        allOf(apiVersionCompare(r, 'less', '2019-04-01'), not(exists(r, 'properties.supportsHttpsTrafficOnly'))),
        equals(r, 'properties.supportsHttpsTrafficOnly', 'false'),
      ),
    );
  },
};
