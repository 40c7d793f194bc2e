import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/storage-redundancy.js';
import { expectCase, type RuleCase } from '../helpers.js';

// ZRS/GZRS regions: https://learn.microsoft.com/azure/storage/common/redundancy-regions-zrs (US Gov Virginia only).
const yaml = (region: string, sku: string) => `region: ${region}\nstorage:\n  sku: ${sku}\n`;
const geoWarn = (sku: string) =>
  `${sku} keeps no copy outside the region: the IL5 initiative's policy bf045164-79ba-4215-8f95-f8048dc1780b (geo-redundant storage) will report it NonCompliant`;
const cases: RuleCase[] = [
  { name: 'GRS in Virginia (the default)', yaml: yaml('usgovvirginia', 'Standard_GRS'), expected: [] },
  { name: 'GRS in Arizona', yaml: yaml('usgovarizona', 'Standard_GRS'), expected: [] },
  { name: 'GZRS in Virginia', yaml: yaml('usgovvirginia', 'Standard_GZRS'), expected: [] },
  {
    name: 'GZRS in Arizona is refused',
    yaml: yaml('usgovarizona', 'Standard_GZRS'),
    expected: [
      {
        severity: 'error',
        line: 3,
        column: 8,
        message: 'Standard_GZRS is zone-redundant and US Gov Arizona offers no zone-redundant storage',
        fix: 'set storage.sku to Standard_GRS',
      },
    ],
  },
  {
    name: 'ZRS in Arizona: refused and not geo-redundant',
    yaml: yaml('usgovarizona', 'Standard_ZRS'),
    expected: [
      { severity: 'error', line: 3, column: 8, message: 'Standard_ZRS is zone-redundant and US Gov Arizona offers no zone-redundant storage' },
      { severity: 'warning', line: 3, column: 8, message: geoWarn('Standard_ZRS') },
    ],
  },
  { name: 'LRS warns', yaml: yaml('usgovvirginia', 'Standard_LRS'), expected: [{ severity: 'warning', line: 3, column: 8, message: geoWarn('Standard_LRS') }] },
];

describe('rule storage-redundancy', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
