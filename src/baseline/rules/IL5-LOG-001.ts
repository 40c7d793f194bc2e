import { auditVerdict, equals, not, notApplicable, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = 'ea0dfaed-95fb-448c-934e-d6e713ce393d';

/** Mirrors "Azure Monitor Logs clusters should be created with infrastructure-encryption enabled (double encryption)" (v1.1.0, audit). */
export const rule: BaselineRule = {
  id: 'IL5-LOG-001',
  name: 'IL5.Monitor.ClusterDoubleEncryption',
  synopsis: 'Log Analytics dedicated clusters are created with double encryption (isDoubleEncryptionEnabled true).',
  rationale:
    'Logs of an IL5 environment contain user names, IP addresses and query text; a dedicated cluster can encrypt them twice, and only when it is created.',
  severity: 'medium',
  runbookStep: 'C',
  controls: ['SC-28', 'SC-28(1)'],
  resourceTypes: ['Microsoft.OperationalInsights/clusters'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'monitoring',
    property: 'properties.isDoubleEncryptionEnabled',
    text: 'Set properties.isDoubleEncryptionEnabled to true when the cluster is created (it cannot be changed later).',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/azure-monitor/logs/logs-dedicated-clusters', IL5_INITIATIVE_URL],
  example: [examples.logCluster()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.OperationalInsights/clusters')) return notApplicable(r, 'a Log Analytics cluster');
    return auditVerdict(not(equals(r, 'properties.isDoubleEncryptionEnabled', 'true')));
  },
};
