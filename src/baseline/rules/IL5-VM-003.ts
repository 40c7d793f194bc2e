import { notApplicable, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = '1d84d5fb-01f6-4d12-ba4f-4a26081d403d';

/** Mirrors "Virtual machines should be migrated to new Azure Resource Manager resources" (v1.0.0, Audit). */
export const rule: BaselineRule = {
  id: 'IL5-VM-003',
  name: 'IL5.VirtualMachine.ResourceManager',
  synopsis: 'Virtual machines are Azure Resource Manager machines, not classic ones.',
  rationale:
    'Classic virtual machines cannot use managed identities, encryption at host, disk encryption sets or Azure RBAC, so none of the IL5 machine controls can apply to them.',
  severity: 'medium',
  runbookStep: 'F',
  controls: ['AC-3'],
  resourceTypes: ['Microsoft.ClassicCompute/virtualMachines', 'Microsoft.Compute/virtualMachines'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    property: 'type',
    text: 'Migrate the classic virtual machine to Azure Resource Manager (Microsoft.Compute/virtualMachines).',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/virtual-machines/migration-classic-resource-manager-overview', IL5_INITIATIVE_URL],
  example: [examples.virtualMachine()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.ClassicCompute/virtualMachines', 'Microsoft.Compute/virtualMachines')) {
      return notApplicable(r, 'a virtual machine');
    }
    return typeIs(r, 'Microsoft.ClassicCompute/virtualMachines')
      ? { compliance: 'NonCompliant', reason: `type = '${r.type}' (classic)` }
      : { compliance: 'Compliant', reason: `type = '${r.type}'` };
  },
};
