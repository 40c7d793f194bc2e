import { describe, expect, it } from 'vitest';
import { rule, vmFamily } from '../../../src/validate/rules/jumpbox-isolation.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Dedicated host SKUs name the VM family they run (Dsv5-Type1 runs Dsv5 sizes); isolated sizes from
// learn.microsoft.com/azure/virtual-machines/isolation (src/catalog/vm-isolation.ts).
const SERIES = 'https://learn.microsoft.com/azure/virtual-machines/dedicated-hosts/general-purpose-skus';
const cases: RuleCase[] = [
  { name: 'Standard_D4s_v5 on Dsv5-Type1 (the default)', yaml: 'prefix: abc\n', expected: [] },
  { name: 'Standard_E8ds_v5 on Edsv5-Type1', yaml: 'jumpBox:\n  vmSize: Standard_E8ds_v5\n  dedicatedHostSku: Edsv5-Type1\n', expected: [] },
  {
    name: 'a size of another family than the host: an error, Azure refuses it',
    yaml: 'jumpBox:\n  vmSize: Standard_E8s_v5\n  dedicatedHostSku: Dsv5-Type1\n',
    expected: [
      {
        severity: 'error',
        line: 3,
        column: 21,
        message: `a Dsv5-Type1 host runs only Dsv5 VMs, but the jump box size Standard_E8s_v5 is of family Esv5: Azure does not place it on that host (${SERIES})`,
        fix: 'set jumpBox.dedicatedHostSku to an Esv5-Type<n> host (e.g. Esv5-Type1, where the region offers it), or jumpBox.vmSize to a Dsv5 size',
      },
    ],
  },
  {
    name: "the tester's case: Esv5-Type1 with the default Standard_D4s_v5",
    yaml: 'jumpBox:\n  dedicatedHostSku: Esv5-Type1\n',
    expected: [
      {
        severity: 'error',
        line: 2,
        column: 21,
        message: `an Esv5-Type1 host runs only Esv5 VMs, but the jump box size Standard_D4s_v5 is of family Dsv5: Azure does not place it on that host (${SERIES})`,
        fix: 'set jumpBox.dedicatedHostSku to a Dsv5-Type<n> host (e.g. Dsv5-Type1, where the region offers it), or jumpBox.vmSize to an Esv5 size',
      },
    ],
  },
  { name: 'host SKUs compare case-insensitively (DSv2 hosts run Standard_DS3_v2)', yaml: 'jumpBox:\n  vmSize: Standard_DS3_v2\n  dedicatedHostSku: DSv2-Type1\n', expected: [] },
  // Hosts whose VMs carry other family names (memory optimized host SKUs page).
  { name: 'an Msm-Type1 host runs Mms sizes', yaml: 'jumpBox:\n  vmSize: Standard_M64ms\n  dedicatedHostSku: Msm-Type1\n', expected: [] },
  { name: 'an Msv2MedMem-Type1 host runs Mmsv2 sizes', yaml: 'jumpBox:\n  vmSize: Standard_M64ms_v2\n  dedicatedHostSku: Msv2MedMem-Type1\n', expected: [] },
  { name: 'a DCsv2-Type1 host runs Standard_DC8_v2', yaml: 'jumpBox:\n  vmSize: Standard_DC8_v2\n  dedicatedHostSku: DCsv2-Type1\n', expected: [] },
  {
    name: 'an Ms-Type1 host does not run Mms sizes',
    yaml: 'jumpBox:\n  vmSize: Standard_M64ms\n  dedicatedHostSku: Ms-Type1\n',
    expected: [{ severity: 'error', line: 3, column: 21, message: `an Ms-Type1 host runs only M, Mls, Ms, Mts VMs, but the jump box size Standard_M64ms is of family Mms: Azure does not place it on that host (${SERIES})` }],
  },
  { name: 'a size of another shape (constrained vCPU, GPU) is not judged', yaml: 'jumpBox:\n  vmSize: Standard_M8-2ms\n  dedicatedHostSku: Ms-Type1\n', expected: [] },
  {
    name: 'a host SKU of the wrong shape',
    yaml: 'jumpBox:\n  dedicatedHostSku: Dsv5\n',
    expected: [{ severity: 'error', line: 2, column: 21, message: 'dedicated host SKU "Dsv5" does not read <family>-Type<n>' }],
  },
  { name: 'an isolated size', yaml: 'jumpBox:\n  isolation: isolatedSize\n  vmSize: Standard_E104i_v5\n', expected: [] },
  {
    name: 'isolatedSize with a shared size: an error, the spec contradicts itself',
    yaml: 'jumpBox:\n  isolation: isolatedSize\n  vmSize: Standard_D4s_v5\n',
    expected: [
      {
        severity: 'error',
        line: 3,
        column: 11,
        message: 'Standard_D4s_v5 is not an isolated VM size (https://learn.microsoft.com/azure/virtual-machines/isolation, read 2026-12-07): with jumpBox.isolation isolatedSize the jump box would share its server with other customers',
        fix: 'use an isolated size, e.g. Standard_E104is_v5 or Standard_E192is_v6 or Standard_E80is_v4, or jumpBox.isolation: dedicatedHost',
      },
    ],
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
