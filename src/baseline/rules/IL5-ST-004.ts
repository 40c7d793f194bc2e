import { anyOf, auditVerdict, countAtLeast, notApplicable, notEquals, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = '2a1a9cdf-e04d-429a-8416-3bfb72a1b26f';

/** Mirrors "Storage accounts should restrict network access using virtual network rules" (Audit in the IL5 set). */
export const rule: BaselineRule = {
  id: 'IL5-ST-004',
  name: 'IL5.Storage.NoIpRules',
  synopsis: 'Storage account firewalls deny by default and allow no public IP ranges.',
  rationale:
    'IP rules open the account to public addresses, which at IL5 are outside the authorization boundary; virtual network rules and private endpoints keep traffic on the Azure Government backbone.',
  severity: 'medium',
  runbookStep: 'C',
  controls: ['AC-4', 'SC-7', 'SC-7(3)'],
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'posture.publicNetworkAccess',
    property: 'properties.networkAcls.ipRules',
    text: 'Set properties.networkAcls.defaultAction to Deny and remove every entry of properties.networkAcls.ipRules; allow networks with private endpoints or virtual network rules instead.',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/storage/common/storage-network-security', IL5_INITIATIVE_URL],
  example: [examples.storage()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.Storage/storageAccounts')) return notApplicable(r, 'a storage account');
    return auditVerdict(anyOf(
        notEquals(r, 'properties.networkAcls.defaultAction', 'Deny'),
        countAtLeast(r, 'properties.networkAcls.ipRules', 1),
      ));
  },
};
