import { allOf, anyOf, auditVerdict, notApplicable, notEquals, quiet, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = 'fc4d8e41-e223-45ea-9bf5-eada37891d87';
const VM = 'Microsoft.Compute/virtualMachines';
const VMSS = 'Microsoft.Compute/virtualMachineScaleSets';

/** Mirrors "Virtual machines and virtual machine scale sets should have encryption at host enabled" (v1.0.0, Audit). */
export const rule: BaselineRule = {
  id: 'IL5-VM-001',
  name: 'IL5.VirtualMachine.EncryptionAtHost',
  synopsis: 'Virtual machines and scale sets encrypt temp disks and disk caches at the host (securityProfile.encryptionAtHost true).',
  rationale:
    'Server-side encryption covers managed disks but not the temporary disk or the host cache; encryption at host closes that gap so no IL5 data rests unencrypted on the hypervisor.',
  severity: 'high',
  runbookStep: 'F',
  controls: ['SC-28', 'SC-28(1)'],
  resourceTypes: [VM, VMSS],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'jumpBox',
    property: 'properties.securityProfile.encryptionAtHost',
    text: 'Set properties.securityProfile.encryptionAtHost (virtualMachineProfile.securityProfile.encryptionAtHost on a scale set) to true; the subscription needs the EncryptionAtHost feature registered.',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/virtual-machines/disk-encryption#encryption-at-host---end-to-end-encryption-for-your-vm-data', IL5_INITIATIVE_URL],
  example: [examples.virtualMachine()],
  evaluate(r) {
    if (!typeIs(r, VM, VMSS)) return notApplicable(r, 'a virtual machine or scale set');
    return auditVerdict(
      anyOf(
        allOf(quiet({ v: typeIs(r, VM), why: '' }), notEquals(r, 'properties.securityProfile.encryptionAtHost', 'true')),
        allOf(
          quiet({ v: typeIs(r, VMSS), why: '' }),
          notEquals(r, 'properties.virtualMachineProfile.securityProfile.encryptionAtHost', 'true'),
        ),
      ),
    );
  },
};
