import { anyOf, auditVerdict, equals, exists, not, notApplicable, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = '1f68a601-6e6d-4e42-babf-3f643a047ea2';

/** Mirrors "Azure Monitor Logs clusters should be encrypted with customer-managed key" (v1.1.0, audit). */
export const rule: BaselineRule = {
  id: 'IL5-LOG-002',
  name: 'IL5.Monitor.ClusterCustomerManagedKey',
  synopsis: 'Log Analytics dedicated clusters name a customer-managed key (keyVaultUri, keyName and keyVersion present).',
  rationale: 'Logs kept for IL5 audit are data at rest like any other; a dedicated cluster puts them under the vault key.',
  severity: 'medium',
  runbookStep: 'C',
  controls: ['SC-12'],
  resourceTypes: ['Microsoft.OperationalInsights/clusters'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'monitoring',
    property: 'properties.keyVaultProperties',
    text: "Set properties.keyVaultProperties.keyVaultUri and keyName to the vault key, and keyVersion (an empty string '' follows the latest version).",
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/azure-monitor/logs/customer-managed-keys', IL5_INITIATIVE_URL],
  example: [examples.logCluster()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.OperationalInsights/clusters')) return notApplicable(r, 'a Log Analytics cluster');
    const kv = 'properties.keyVaultProperties';
    return auditVerdict(
      anyOf(
        anyOf(equals(r, `${kv}.keyVaultUri`, ''), not(exists(r, `${kv}.keyVaultUri`))),
        anyOf(equals(r, `${kv}.keyName`, ''), not(exists(r, `${kv}.keyName`))),
        not(exists(r, `${kv}.keyVersion`)),
      ),
    );
  },
};
