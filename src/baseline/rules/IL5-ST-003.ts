import { auditVerdict, notApplicable, notEquals, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = '34c877ad-507e-4c82-993e-3452a6e0ad3c';

/** Mirrors "Storage accounts should restrict network access" (Audit in the IL5 set). */
export const rule: BaselineRule = {
  id: 'IL5-ST-003',
  name: 'IL5.Storage.NetworkDefaultDeny',
  synopsis: 'Storage account firewalls deny by default (networkAcls.defaultAction Deny).',
  rationale:
    'A storage account that accepts every network is one leaked key away from exfiltration. The runbook reaches blob and file storage only through private endpoints in the Training subnet.',
  severity: 'high',
  runbookStep: 'C',
  controls: ['AC-4', 'AC-17', 'AC-17(1)', 'SC-7', 'SC-7(3)'],
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'posture.publicNetworkAccess',
    property: 'properties.networkAcls.defaultAction',
    text: 'Set properties.networkAcls.defaultAction to Deny and reach the account through its private endpoints (posture.publicNetworkAccess: false in the spec).',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/storage/common/storage-network-security', IL5_INITIATIVE_URL],
  example: [examples.storage()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.Storage/storageAccounts')) return notApplicable(r, 'a storage account');
    return auditVerdict(notEquals(r, 'properties.networkAcls.defaultAction', 'Deny'));
  },
};
