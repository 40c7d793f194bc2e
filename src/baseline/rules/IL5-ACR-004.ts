import { auditVerdict, equals, notApplicable, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import type { BaselineRule } from '../types.js';

export const rule: BaselineRule = {
  id: 'IL5-ACR-004',
  name: 'IL5.ContainerRegistry.AdminUserDisabled',
  synopsis: 'Container registries keep the admin user disabled (adminUserEnabled false or absent).',
  rationale:
    'The admin user is a shared username and two passwords with push and pull rights on every repository, outside Entra ID and its audit trail. Azure ML uses the workspace\'s managed identity instead. The DoD IL5 initiative has no definition for it.',
  severity: 'high',
  runbookStep: 'C',
  controls: ['AC-2', 'IA-2', 'IA-5'],
  resourceTypes: ['Microsoft.ContainerRegistry/registries'],
  reads: [],
  effect: 'audit',
  remediation: {
    specKey: 'workspace',
    property: 'properties.adminUserEnabled',
    text: 'Set properties.adminUserEnabled to false (the default); grant AcrPull/AcrPush roles to identities instead.',
  },
  links: ['https://learn.microsoft.com/azure/container-registry/container-registry-authentication#admin-account'],
  example: [examples.registry()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.ContainerRegistry/registries')) return notApplicable(r, 'a container registry');
    // The admin account is disabled by default (Learn page above), so a missing property is compliant.
    return auditVerdict(equals(r, 'properties.adminUserEnabled', 'true'));
  },
};
