import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-VM-003.js';
import { examples } from '../../../src/baseline/examples.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition 1d84d5fb-01f6-4d12-ba4f-4a26081d403d (v1.0.0).
const vm = examples.virtualMachine();
describe('IL5-VM-003 IL5.VirtualMachine.ResourceManager', () => {
  table(rule, [
    { name: 'Resource Manager VM', resource: vm, expect: 'Compliant', source: 'not classic', reason: "type = 'Microsoft.Compute/virtualMachines'" },
    { name: 'classic VM', resource: set(vm, 'type', 'Microsoft.ClassicCompute/virtualMachines'), expect: 'NonCompliant', source: 'classic', reason: "type = 'Microsoft.ClassicCompute/virtualMachines' (classic)" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a virtual machine' },
  ], { noUnknown: 'the definition reads only the resource type' });
});
