import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-VM-002.js';
import { examples, ids } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition 702dd420-7fcc-42c5-afe8-4026edd20fe0 (v3.0.0).
const vm = examples.virtualMachine();
const vmss = examples.scaleSet();
const des = { id: ids.diskEncryptionSet };
const dataDisk = (d: unknown) => set(vm, 'properties.storageProfile.dataDisks', [d]);
const desId = `'${ids.diskEncryptionSet}'`;
describe('IL5-VM-002 IL5.VirtualMachine.DiskCustomerManagedKey', () => {
  table(rule, [
    { name: 'VM OS disk with DES, no data disks', resource: vm, expect: 'Compliant', source: 'no branch holds', reason: `properties.storageProfile.osDisk.managedDisk.diskEncryptionSet.id = ${desId}; properties.storageProfile.dataDisks has 0 entries` },
    { name: 'VM OS disk without DES', resource: set(vm, 'properties.storageProfile.osDisk.managedDisk.diskEncryptionSet', undefined), expect: 'NonCompliant', source: 'first branch', reason: 'properties.storageProfile.osDisk.managedDisk.diskEncryptionSet.id is missing' },
    { name: 'VM data disk created inline without DES', resource: dataDisk({ lun: 0, createOption: 'Empty', diskSizeGB: 64, managedDisk: { storageAccountType: 'Premium_LRS' } }), expect: 'NonCompliant', source: 'second branch: every data disk lacks managedDisk.id and DES',
      reason: 'properties.storageProfile.dataDisks has 1 entry; properties.storageProfile.dataDisks[0]: managedDisk.id is missing; properties.storageProfile.dataDisks[0]: managedDisk.diskEncryptionSet.id is missing' },
    { name: 'VM data disk attached by id (its own disk resource is judged)', resource: dataDisk({ lun: 0, createOption: 'Attach', managedDisk: { id: '/subscriptions/x/disks/d1' } }), expect: 'Compliant', source: 'managedDisk.id exists, second branch fails',
      reason: `properties.storageProfile.osDisk.managedDisk.diskEncryptionSet.id = ${desId}; properties.storageProfile.dataDisks[0]: managedDisk.id = '/subscriptions/x/disks/d1'` },
    { name: 'VM data disk with DES', resource: dataDisk({ lun: 0, createOption: 'Empty', managedDisk: { diskEncryptionSet: des } }), expect: 'Compliant', source: 'DES exists',
      reason: `properties.storageProfile.osDisk.managedDisk.diskEncryptionSet.id = ${desId}; properties.storageProfile.dataDisks[0]: managedDisk.diskEncryptionSet.id = ${desId}` },
    { name: 'scale set with DES everywhere', resource: vmss, expect: 'Compliant', source: 'no branch holds', reason: `properties.virtualMachineProfile.storageProfile.osDisk.managedDisk.diskEncryptionSet.id = ${desId}; properties.virtualMachineProfile.storageProfile.dataDisks[0]: managedDisk.diskEncryptionSet.id = ${desId}` },
    { name: 'scale set data disk without DES', resource: set(vmss, 'properties.virtualMachineProfile.storageProfile.dataDisks', [{ lun: 0, createOption: 'Empty' }]), expect: 'NonCompliant', source: 'not(every data disk has DES)',
      reason: 'properties.virtualMachineProfile.storageProfile.dataDisks has 1 entry; properties.virtualMachineProfile.storageProfile.dataDisks[0]: managedDisk.diskEncryptionSet.id is missing' },
    { name: 'managed disk with DES', resource: examples.disk(), expect: 'Compliant', source: 'disks branch fails', reason: `properties.encryption.diskEncryptionSetId = ${desId}` },
    { name: 'managed disk without DES', resource: set(examples.disk(), 'properties.encryption', undefined), expect: 'NonCompliant', source: 'disks branch', reason: 'properties.encryption.diskEncryptionSetId is missing' },
    { name: 'image without DES', resource: set(examples.image(), 'properties.storageProfile.osDisk.diskEncryptionSet', undefined), expect: 'NonCompliant', source: 'images branch', reason: 'properties.storageProfile.osDisk.diskEncryptionSet.id is missing' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a virtual machine, scale set, managed disk or image' },
    { name: 'OS disk DES from a parameter without value', resource: set(vm, 'properties.storageProfile.osDisk.managedDisk.diskEncryptionSet.id', new Unknown("parameter 'desId' has no value")), expect: 'Unknown', source: 'deciding field unknown',
      reason: "properties.storageProfile.osDisk.managedDisk.diskEncryptionSet.id is unknown until deployment (parameter 'desId' has no value)" },
  ]);
});
