import { allOf, auditVerdict, equals, not, notApplicable, quiet, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = 'ba769a63-b8cc-4b2d-abf6-ac33c7204be8';

/**
 * Mirrors "Azure Machine Learning workspaces should be encrypted with a customer-managed key" (v1.1.0,
 * Audit). AI Foundry projects (kind project) are out of its scope: a false condition on `kind` in the
 * `if` makes a resource not applicable, not compliant
 * (https://learn.microsoft.com/azure/governance/policy/concepts/policy-applicability, read 2026-11-25).
 */
export const rule: BaselineRule = {
  id: 'IL5-MLW-001',
  name: 'IL5.MachineLearning.CustomerManagedKey',
  synopsis: 'Azure Machine Learning workspaces encrypt their data with a customer-managed key (encryption.status enabled).',
  rationale:
    'Runbook step G checks this definition by name. With a customer-managed key the workspace metadata, run history and the Cosmos DB, search and storage it creates are under the mission owner\'s key.',
  severity: 'high',
  runbookStep: 'C',
  controls: ['SC-12'],
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'keyVault.key',
    property: 'properties.encryption.status',
    text: "Set properties.encryption.status to 'Enabled' with keyVaultProperties (keyVaultArmId, keyIdentifier); only at creation.",
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys', IL5_INITIATIVE_URL],
  example: [examples.workspace()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.MachineLearningServices/workspaces')) return notApplicable(r, 'an Azure Machine Learning workspace');
    const project = equals(r, 'kind', 'project');
    if (project.v === true) return { compliance: 'NotApplicable', reason: `${project.why}: an AI Foundry project, outside the definition` };
    return auditVerdict(allOf(quiet(not(project)), not(equals(r, 'properties.encryption.status', 'enabled'))));
  },
};
