import { describe, expect, it } from 'vitest';
import { rule, vmFamily } from '../../../src/validate/rules/jumpbox-isolation.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Dedicated host SKUs name the VM family they run (Dsv5-Type1 runs Dsv5 sizes); isolated sizes from
// learn.microsoft.com/azure/virtual-machines/isolation.
const cases: RuleCase[] = [
  { name: 'Standard_D4s_v5 on Dsv5-Type1 (the default)', yaml: 'prefix: abc\n', expected: [] },
  { name: 'Standard_E8ds_v5 on Edsv5-Type1', yaml: 'jumpBox:\n  vmSize: Standard_E8ds_v5\n  dedicatedHostSku: Edsv5-Type1\n', expected: [] },
  {
    name: 'a size of another family than the host',
    yaml: 'jumpBox:\n  vmSize: Standard_E8s_v5\n  dedicatedHostSku: Dsv5-Type1\n',
    expected: [{ severity: 'warning', line: 3, column: 21, message: 'a Dsv5-Type1 host runs Dsv5 VMs, but the jump box size Standard_E8s_v5 is of family Esv5', fix: 'use a Esv5-Type<n> host, or a Dsv5 VM size' }],
  },
  {
    name: 'a host SKU of the wrong shape',
    yaml: 'jumpBox:\n  dedicatedHostSku: Dsv5\n',
    expected: [{ severity: 'error', line: 2, column: 21, message: 'dedicated host SKU "Dsv5" does not read <family>-Type<n>' }],
  },
  { name: 'an isolated size', yaml: 'jumpBox:\n  isolation: isolatedSize\n  vmSize: Standard_E104i_v5\n', expected: [] },
  {
    name: 'isolatedSize with a shared size',
    yaml: 'jumpBox:\n  isolation: isolatedSize\n  vmSize: Standard_D4s_v5\n',
    expected: [{ severity: 'warning', line: 3, column: 11, message: 'Standard_D4s_v5 is not a known isolated VM size; with isolation isolatedSize the jump box must not share its server' }],
  },
  { name: 'not checked without a jump box', yaml: 'jumpBox:\n  enabled: false\n  dedicatedHostSku: x\n', expected: [] },
];

describe('rule jumpbox-isolation', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
  it.each([
    ['Standard_D4s_v5', 'Dsv5'],
    ['Standard_E8ds_v5', 'Edsv5'],
    ['Standard_DS3_v2', 'DSv2'],
    ['Standard_M128ms', 'Mms'],
    ['Standard_NC24ads_A100_v4', undefined],
  ])('vmFamily(%s) = %s', (size, family) => expect(vmFamily(size)).toBe(family));
});
