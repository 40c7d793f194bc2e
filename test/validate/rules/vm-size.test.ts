import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/vm-size.js';
import { expectCase, type RuleCase } from '../helpers.js';

// VM size names: Standard_<family><vCPUs><features>[_<accelerator>][_v<version>]
// (learn.microsoft.com/azure/virtual-machines/vm-naming-conventions).
const cases: RuleCase[] = [
  { name: 'the defaults', yaml: 'prefix: abc\n', expected: [] },
  { name: 'a GPU size with accelerator and version', yaml: 'compute:\n  cluster:\n    vmSize: Standard_NC24ads_A100_v4\n', expected: [] },
  {
    name: 'an empty size',
    yaml: 'compute:\n  cluster:\n    vmSize: ""\n',
    expected: [{ severity: 'error', line: 3, column: 13, message: 'the VM size is empty', fix: 'write a size available in the region, e.g. Standard_DS3_v2 (az vm list-skus --location usgovvirginia)' }],
  },
  {
    name: 'a size without Standard_',
    yaml: 'compute:\n  instance:\n    vmSize: DS3_v2\n',
    expected: [{ severity: 'error', line: 3, column: 13, message: '"DS3_v2" is not a VM size name (they read Standard_<series><size>, e.g. Standard_DS3_v2)', fix: 'write the full size name, e.g. "Standard_DS3_v2"' }],
  },
  {
    name: 'a lowercase prefix',
    yaml: 'jumpBox:\n  vmSize: standard_d4s_v5\n',
    expected: [{ severity: 'error', line: 2, column: 11, message: '"standard_d4s_v5" is not a VM size name (they read Standard_<series><size>, e.g. Standard_DS3_v2)', fix: 'write the full size name, e.g. "Standard_d4s_v5"' }],
  },
  { name: 'the jump box size is not checked when there is no jump box', yaml: 'jumpBox:\n  enabled: false\n  vmSize: ""\n', expected: [] },
];

describe('rule vm-size', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
