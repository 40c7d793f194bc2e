import { auditVerdict, equals, not, notApplicable, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = 'fa298e57-9444-42ba-bf04-86e8470e32c7';

/** Mirrors "Saved-queries in Azure Monitor should be saved in customer storage account for logs encryption" (v1.1.0, audit). */
export const rule: BaselineRule = {
  id: 'IL5-LOG-003',
  name: 'IL5.Monitor.QueriesInCustomerStorage',
  synopsis: 'Log Analytics workspaces keep saved queries in the customer storage account (forceCmkForQuery true).',
  rationale:
    'Saved queries and query text reveal what is being investigated; forceCmkForQuery keeps them in a linked storage account under the customer-managed key.',
  severity: 'low',
  runbookStep: 'C',
  controls: ['SC-12'],
  resourceTypes: ['Microsoft.OperationalInsights/workspaces'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'monitoring',
    property: 'properties.forceCmkForQuery',
    text: 'Set properties.forceCmkForQuery to true and link a storage account for queries (Microsoft.OperationalInsights/workspaces/linkedStorageAccounts, dataSourceType Query).',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/azure-monitor/logs/private-storage', IL5_INITIATIVE_URL],
  example: [examples.logAnalytics()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.OperationalInsights/workspaces')) return notApplicable(r, 'a Log Analytics workspace');
    return auditVerdict(not(equals(r, 'properties.forceCmkForQuery', 'true')));
  },
};
