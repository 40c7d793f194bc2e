import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-VM-001.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition fc4d8e41-e223-45ea-9bf5-eada37891d87 (v1.0.0).
const vm = examples.virtualMachine();
const vmss = examples.scaleSet();
describe('IL5-VM-001 IL5.VirtualMachine.EncryptionAtHost', () => {
  table(rule, [
    { name: 'VM with encryption at host', resource: vm, expect: 'Compliant', source: 'encryptionAtHost equals true', reason: 'properties.securityProfile.encryptionAtHost = true' },
    { name: 'VM without securityProfile', resource: set(vm, 'properties.securityProfile', undefined), expect: 'NonCompliant', source: 'missing notEquals "true"', reason: 'properties.securityProfile.encryptionAtHost is missing' },
    { name: 'VM with false', resource: set(vm, 'properties.securityProfile.encryptionAtHost', false), expect: 'NonCompliant', source: 'notEquals "true"', reason: 'properties.securityProfile.encryptionAtHost = false' },
    { name: 'scale set with encryption at host', resource: vmss, expect: 'Compliant', source: 'second branch fails', reason: 'properties.virtualMachineProfile.securityProfile.encryptionAtHost = true' },
    { name: 'scale set without', resource: set(vmss, 'properties.virtualMachineProfile.securityProfile', undefined), expect: 'NonCompliant', source: 'second branch', reason: 'properties.virtualMachineProfile.securityProfile.encryptionAtHost is missing' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a virtual machine or scale set' },
    { name: 'unknown', resource: set(vm, 'properties.securityProfile.encryptionAtHost', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.securityProfile.encryptionAtHost is unknown until deployment (x)' },
  ]);
});
