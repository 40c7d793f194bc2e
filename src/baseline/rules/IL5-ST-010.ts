import { auditVerdict, isIn, not, notApplicable, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import type { BaselineRule } from '../types.js';

export const rule: BaselineRule = {
  id: 'IL5-ST-010',
  name: 'IL5.Storage.MinimumTls12',
  synopsis: 'Storage accounts require TLS 1.2 or later (minimumTlsVersion TLS1_2 or TLS1_3, set explicitly).',
  rationale:
    'TLS 1.0 and 1.1 are not approved for DoD systems. The baseline asks for the minimum to be written in the template, so the posture does not rest on a service default. The DoD IL5 initiative has no definition for it.',
  severity: 'high',
  runbookStep: 'C',
  controls: ['SC-8', 'SC-8(1)', 'SC-13'],
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  reads: [],
  effect: 'audit',
  remediation: {
    specKey: 'storage',
    property: 'properties.minimumTlsVersion',
    text: "Set properties.minimumTlsVersion to 'TLS1_2'.",
  },
  links: ['https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-minimum-version'],
  example: [examples.storage()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.Storage/storageAccounts')) return notApplicable(r, 'a storage account');
    return auditVerdict(not(isIn(r, 'properties.minimumTlsVersion', ['TLS1_2', 'TLS1_3'])));
  },
};
