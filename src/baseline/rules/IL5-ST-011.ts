import { auditVerdict, notApplicable, notEquals, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import type { BaselineRule } from '../types.js';

export const rule: BaselineRule = {
  id: 'IL5-ST-011',
  name: 'IL5.Storage.NoPublicBlobAccess',
  synopsis: 'Storage accounts forbid anonymous public read access to blobs (allowBlobPublicAccess false, set explicitly).',
  rationale:
    'One container set to public by mistake publishes IL5 data to anyone with the URL, without authentication or logging of who read it. The account-level switch makes that impossible; the baseline asks for it to be written in the template, so the posture does not rest on a service default. The DoD IL5 initiative has no definition for it.',
  severity: 'high',
  runbookStep: 'C',
  controls: ['AC-3', 'AC-6', 'SC-7'],
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  reads: [],
  effect: 'audit',
  remediation: {
    specKey: 'posture.publicNetworkAccess',
    property: 'properties.allowBlobPublicAccess',
    text: 'Set properties.allowBlobPublicAccess to false.',
  },
  links: ['https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent'],
  example: [examples.storage()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.Storage/storageAccounts')) return notApplicable(r, 'a storage account');
    return auditVerdict(notEquals(r, 'properties.allowBlobPublicAccess', 'false'));
  },
};
