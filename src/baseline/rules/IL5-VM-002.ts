import type { AzureResource } from '../../core/resource.js';
import { Unknown } from '../../core/unknown.js';
import { allOf, anyOf, auditVerdict, everyMember, exists, fact, not, notApplicable, readArray, typeIs, type Cond } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = '702dd420-7fcc-42c5-afe8-4026edd20fe0';
const VM = 'Microsoft.Compute/virtualMachines';
const VMSS = 'Microsoft.Compute/virtualMachineScaleSets';
const DISK = 'Microsoft.Compute/disks';
const IMAGE = 'Microsoft.Compute/images';

/** `count`/`length()` of an array property greater than 0; a missing array has none. */
function nonEmpty(r: AzureResource, path: string): Cond {
  const a = readArray(r, path);
  if ('unknown' in a) return fact(new Unknown(a.unknown), a.unknown);
  return fact(a.items.length > 0, `${path} has ${a.items.length} entr${a.items.length === 1 ? 'y' : 'ies'}`);
}

/**
 * Mirrors "OS and data disks should be encrypted with a customer-managed key" (v3.0.0, Audit) for
 * virtual machines, scale sets, managed disks and images. Its branch for gallery image versions
 * (Microsoft.Compute/galleries/images/versions) is not mirrored: the runbook creates none.
 */
export const rule: BaselineRule = {
  id: 'IL5-VM-002',
  name: 'IL5.VirtualMachine.DiskCustomerManagedKey',
  synopsis: 'OS and data disks of virtual machines, scale sets, managed disks and images use a disk encryption set (customer-managed key).',
  rationale:
    'The jump box and any inference VM hold IL5 data and credentials on their disks; a disk encryption set puts those disks under the customer-managed key like the rest of the environment.',
  severity: 'high',
  runbookStep: 'F',
  controls: ['SC-12'],
  resourceTypes: [VM, VMSS, DISK, IMAGE],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'jumpBox',
    property: 'properties.storageProfile.osDisk.managedDisk.diskEncryptionSet.id',
    text: 'Create a Microsoft.Compute/diskEncryptionSets resource with the vault key and set managedDisk.diskEncryptionSet.id on the OS disk and every data disk (encryption.diskEncryptionSetId on a managed disk).',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/virtual-machines/disk-encryption#customer-managed-keys', IL5_INITIATIVE_URL],
  example: [examples.virtualMachine()],
  evaluate(r) {
    if (typeIs(r, VM)) {
      return auditVerdict(
        anyOf(
          not(exists(r, 'properties.storageProfile.osDisk.managedDisk.diskEncryptionSet.id')),
          allOf(
            nonEmpty(r, 'properties.storageProfile.dataDisks'),
            everyMember(r, 'properties.storageProfile.dataDisks', (d) => not(exists(d, 'managedDisk.id'))),
            everyMember(r, 'properties.storageProfile.dataDisks', (d) => not(exists(d, 'managedDisk.diskEncryptionSet.id'))),
          ),
        ),
      );
    }
    if (typeIs(r, VMSS)) {
      const p = 'properties.virtualMachineProfile.storageProfile';
      return auditVerdict(
        anyOf(
          not(exists(r, `${p}.osDisk.managedDisk.diskEncryptionSet.id`)),
          allOf(
            nonEmpty(r, `${p}.dataDisks`),
            not(everyMember(r, `${p}.dataDisks`, (d) => exists(d, 'managedDisk.diskEncryptionSet.id'))),
          ),
        ),
      );
    }
    if (typeIs(r, DISK)) return auditVerdict(not(exists(r, 'properties.encryption.diskEncryptionSetId')));
    if (typeIs(r, IMAGE)) {
      return auditVerdict(
        anyOf(
          not(exists(r, 'properties.storageProfile.osDisk.diskEncryptionSet.id')),
          allOf(
            nonEmpty(r, 'properties.storageProfile.dataDisks'),
            not(everyMember(r, 'properties.storageProfile.dataDisks', (d) => exists(d, 'diskEncryptionSet.id'))),
          ),
        ),
      );
    }
    return notApplicable(r, 'a virtual machine, scale set, managed disk or image');
  },
};
