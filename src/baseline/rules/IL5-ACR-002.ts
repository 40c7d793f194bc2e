import { allOf, anyOf, auditVerdict, equals, exists, not, notApplicable, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = 'd0793b48-0edc-4296-a390-4c75d1bdfd71';

/** Mirrors "Container registries should not allow unrestricted network access" (v2.0.0, Audit). */
export const rule: BaselineRule = {
  id: 'IL5-ACR-002',
  name: 'IL5.ContainerRegistry.NetworkAccess',
  synopsis: 'Container registries restrict network access: networkRuleSet default Deny or public network access Disabled.',
  rationale:
    'A registry open to every network lets anyone with a token pull IL5 images or push a poisoned one that the compute cluster will run.',
  severity: 'high',
  runbookStep: 'C',
  controls: ['AC-4', 'SC-7', 'SC-7(3)'],
  resourceTypes: ['Microsoft.ContainerRegistry/registries'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'posture.publicNetworkAccess',
    property: 'properties.publicNetworkAccess',
    text: "Set properties.publicNetworkAccess to 'Disabled' (or networkRuleSet.defaultAction to 'Deny'): posture.publicNetworkAccess: false in the spec.",
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/container-registry/container-registry-access-selected-networks', IL5_INITIATIVE_URL],
  example: [examples.registry()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.ContainerRegistry/registries')) return notApplicable(r, 'a container registry');
    return auditVerdict(
      allOf(
        anyOf(not(exists(r, 'properties.networkRuleSet.defaultAction')), equals(r, 'properties.networkRuleSet.defaultAction', 'Allow')),
        anyOf(not(exists(r, 'properties.publicNetworkAccess')), equals(r, 'properties.publicNetworkAccess', 'Enabled')),
      ),
    );
  },
};
