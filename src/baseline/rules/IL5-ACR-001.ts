import { auditVerdict, notApplicable, notEquals, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = '5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580';

/** Mirrors "Container registries should be encrypted with a customer-managed key" (v1.1.2, Audit). */
export const rule: BaselineRule = {
  id: 'IL5-ACR-001',
  name: 'IL5.ContainerRegistry.CustomerManagedKey',
  synopsis: 'Container registries encrypt images with a customer-managed key (encryption.status enabled).',
  rationale:
    'Training and inference images carry code, dependencies and sometimes model weights; at IL5 they are encrypted at rest under the mission owner\'s key, which needs the Premium SKU.',
  severity: 'high',
  runbookStep: 'C',
  controls: ['SC-12'],
  resourceTypes: ['Microsoft.ContainerRegistry/registries'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'keyVault.key',
    property: 'properties.encryption.status',
    text: "Set properties.encryption.status to 'enabled' with keyVaultProperties.keyIdentifier and a user-assigned identity; only at creation, on the Premium SKU.",
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/container-registry/tutorial-enable-customer-managed-keys', IL5_INITIATIVE_URL],
  example: [examples.registry()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.ContainerRegistry/registries')) return notApplicable(r, 'a container registry');
    return auditVerdict(notEquals(r, 'properties.encryption.status', 'enabled'));
  },
};
