import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/compute-isolation.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Isolated sizes: https://learn.microsoft.com/azure/virtual-machines/isolation (the list in jumpbox-isolation.ts).
const iso = (cluster: string, instance: string) => `compute:\n  isolation: isolatedSize\n  cluster:\n    vmSize: ${cluster}\n  instance:\n    vmSize: ${instance}\n`;
const cases: RuleCase[] = [
  { name: 'shared (the default): no check', yaml: 'prefix: abc\n', expected: [] },
  { name: 'isolated sizes for both', yaml: iso('Standard_E104i_v5', 'Standard_E80ids_v4'), expected: [] },
  {
    name: 'the default sizes with isolatedSize: a warning each',
    yaml: 'compute:\n  isolation: isolatedSize\n',
    expected: [
      { severity: 'warning', line: 2, column: 3, message: 'Standard_DS3_v2 is not a known isolated VM size; with compute.isolation isolatedSize the cluster must not share its server' },
      { severity: 'warning', line: 2, column: 3, message: 'Standard_DS3_v2 is not a known isolated VM size; with compute.isolation isolatedSize the instance must not share its server' },
    ],
  },
  {
    name: 'one isolated, one not',
    yaml: iso('Standard_E104i_v5', 'Standard_D4s_v5'),
    expected: [{ severity: 'warning', line: 6, column: 13, message: 'Standard_D4s_v5 is not a known isolated VM size; with compute.isolation isolatedSize the instance must not share its server' }],
  },
];

describe('rule compute-isolation', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
