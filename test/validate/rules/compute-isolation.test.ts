import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/compute-isolation.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Isolated sizes: https://learn.microsoft.com/azure/virtual-machines/isolation (src/catalog/vm-isolation.ts).
const iso = (cluster: string, instance: string) => `compute:\n  isolation: isolatedSize\n  cluster:\n    vmSize: ${cluster}\n  instance:\n    vmSize: ${instance}\n`;
const LIST = '(https://learn.microsoft.com/azure/virtual-machines/isolation, read 2026-12-07)';
const msg = (size: string, key: string) => `${size} is not an isolated VM size ${LIST}: with compute.isolation isolatedSize the ${key} would share its server with other customers`;
const fix = (key: string) => `set compute.${key}.vmSize to an isolated size, e.g. Standard_E104is_v5 or Standard_E192is_v6 or Standard_E80is_v4, or compute.isolation: shared to accept the risk (plan.md records it)`;
const cases: RuleCase[] = [
  { name: 'shared (the default): no check', yaml: 'prefix: abc\n', expected: [] },
  { name: 'shared with any size: no check', yaml: 'compute:\n  cluster:\n    vmSize: Standard_D2s_v3\n', expected: [] },
  { name: 'isolated sizes for both', yaml: iso('Standard_E104i_v5', 'Standard_E80ids_v4'), expected: [] },
  { name: 'sizes compare case-insensitively, as Azure compares them', yaml: iso('standard_e192is_v6', 'STANDARD_NC96ADS_A100_V4'), expected: [] },
  {
    name: 'the default sizes with isolatedSize: an error each, at the nearest key present',
    yaml: 'compute:\n  isolation: isolatedSize\n',
    expected: [
      { severity: 'error', line: 2, column: 3, message: msg('Standard_DS3_v2', 'cluster'), fix: fix('cluster') },
      { severity: 'error', line: 2, column: 3, message: msg('Standard_DS3_v2', 'instance'), fix: fix('instance') },
    ],
  },
  {
    name: 'one isolated, one not: the other is an error at its vmSize',
    yaml: iso('Standard_E104i_v5', 'Standard_D4s_v5'),
    expected: [{ severity: 'error', line: 6, column: 13, message: msg('Standard_D4s_v5', 'instance'), fix: fix('instance') }],
  },
  {
    name: 'a size no longer listed as isolated (Standard_F72s_v2) is refused',
    yaml: iso('Standard_F72s_v2', 'Standard_E104is_v5'),
    expected: [{ severity: 'error', line: 4, column: 13, message: msg('Standard_F72s_v2', 'cluster') }],
  },
];

describe('rule compute-isolation', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
