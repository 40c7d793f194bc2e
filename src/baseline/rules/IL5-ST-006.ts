import { isUnknown } from '../../core/unknown.js';
import { notApplicable, typeIs } from '../cond.js';
import { examples, ids } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import { approvedConnections } from '../private-link.js';
import type { BaselineRule } from '../types.js';

const GUID = '6edd7eda-6dd8-40f7-810d-67160c639cd9';

/**
 * Mirrors "Storage accounts should use private link" (v2.0.0, AuditIfNotExists): compliant when a
 * Microsoft.Storage/storageAccounts/privateEndpointConnections with status Approved exists, counting the
 * connections the input's private endpoints will create (src/baseline/private-link.ts).
 */
export const rule: BaselineRule = {
  id: 'IL5-ST-006',
  name: 'IL5.Storage.PrivateLink',
  synopsis: 'Storage accounts are reached through an approved private endpoint.',
  rationale:
    'Private endpoints give the workspace storage account addresses in the Training subnet, so data moves only on the virtual network and the account can refuse public traffic.',
  severity: 'high',
  runbookStep: 'C',
  controls: ['AC-4', 'AC-17', 'AC-17(1)', 'SC-7', 'SC-7(3)'],
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  reads: ['Microsoft.Network/privateEndpoints', 'Microsoft.Storage/storageAccounts/privateEndpointConnections'],
  policyDefinitionId: definitionId(GUID),
  effect: 'auditIfNotExists',
  remediation: {
    specKey: 'network.subnets.training',
    property: 'Microsoft.Network/privateEndpoints targeting the account',
    text: 'Add private endpoints (groupIds blob and file) whose privateLinkServiceConnections name the storage account; the plan creates them in the Training subnet.',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/storage/common/storage-private-endpoints', IL5_INITIATIVE_URL],
  example: [examples.storage(), examples.privateEndpoint('pe-stil5ml-blob', ids.storage, 'blob')],
  evaluate(r, all) {
    if (!typeIs(r, 'Microsoft.Storage/storageAccounts')) return notApplicable(r, 'a storage account');
    const c = approvedConnections(r, all, 'Microsoft.Storage/storageAccounts/privateEndpointConnections');
    if (isUnknown(c.v)) return { compliance: 'Unknown', reason: c.why };
    return { compliance: c.v ? 'Compliant' : 'NonCompliant', reason: c.why };
  },
};
