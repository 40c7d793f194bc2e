import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/region.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Expected values: Azure ML is deployed in the Azure Government regions US-Arizona and US-Virginia
// (learn.microsoft.com/azure/machine-learning/reference-machine-learning-cloud-parity); the DoD regions
// and US Gov Texas have none; US Gov Iowa is retired (absent from the 2026 service tags).
const ALLOWED = 'allowed: usgovvirginia or usgovarizona';
const cases: RuleCase[] = [
  { name: 'usgovvirginia (the default)', yaml: 'region: usgovvirginia\n', expected: [] },
  { name: 'usgovarizona', yaml: 'region: usgovarizona\n', expected: [] },
  { name: 'absent: the default applies', yaml: 'prefix: abc\n', expected: [] },
  {
    name: 'a commercial region',
    yaml: 'prefix: abc\nregion: eastus\n',
    expected: [{ severity: 'error', line: 2, column: 9, message: `region "eastus" is not an Azure Government region with Azure Machine Learning (${ALLOWED}); IL5 workloads run in Azure Government, not in commercial regions.`, fix: 'set region to usgovvirginia or usgovarizona' }],
  },
  {
    name: 'US Gov Texas has no Azure ML',
    yaml: 'region: usgovtexas\n',
    expected: [{ severity: 'error', line: 1, column: 9, message: 'region "usgovtexas" (US Gov Texas) is an Azure Government region where Azure Machine Learning is not offered; Azure Machine Learning in Azure Government is offered in usgovvirginia or usgovarizona only.' }],
  },
  {
    name: 'US Gov Iowa is retired',
    yaml: 'region: usgoviowa\n',
    expected: [{ severity: 'error', line: 1, column: 9, message: 'region "usgoviowa" (US Gov Iowa) is a retired Azure Government region; Azure Machine Learning in Azure Government is offered in usgovvirginia or usgovarizona only.' }],
  },
  {
    name: 'a DoD region',
    yaml: 'region: usdodeast\n',
    expected: [{ severity: 'error', line: 1, column: 9, message: 'region "usdodeast" (US DoD East) is a US DoD region, where Azure Machine Learning is not offered; Azure Machine Learning in Azure Government is offered in usgovvirginia or usgovarizona only.' }],
  },
  {
    name: 'the other DoD region',
    yaml: 'region: usdodcentral\n',
    expected: [{ severity: 'error', line: 1, column: 9, message: 'region "usdodcentral" (US DoD Central) is a US DoD region, where Azure Machine Learning is not offered; Azure Machine Learning in Azure Government is offered in usgovvirginia or usgovarizona only.' }],
  },
  {
    name: 'the display name of an allowed region',
    yaml: 'region: US Gov Virginia\n',
    expected: [{ severity: 'error', line: 1, column: 9, message: 'region "US Gov Virginia" is not an ARM location name. Did you mean "usgovvirginia"?', fix: 'set region to usgovvirginia (the location name ARM takes, not the display name "US Gov Virginia")' }],
  },
  {
    name: 'a case variant',
    yaml: 'region: USGovArizona\n',
    expected: [{ severity: 'error', line: 1, column: 9, message: 'region "USGovArizona" is not an ARM location name. Did you mean "usgovarizona"?', fix: 'set region to usgovarizona (the location name ARM takes, not the display name "US Gov Arizona")' }],
  },
  {
    name: 'a typo',
    yaml: 'region: usgovvirgina\n',
    expected: [{ severity: 'error', line: 1, column: 9, message: `region "usgovvirgina" is not an Azure Government region with Azure Machine Learning (${ALLOWED}); IL5 workloads run in Azure Government, not in commercial regions. Did you mean "usgovvirginia"?` }],
  },
  {
    name: 'the display name of a DoD region names it',
    yaml: 'region: US DoD Central\n',
    expected: [{ severity: 'error', line: 1, column: 9, message: 'region "US DoD Central" (US DoD Central) is a US DoD region, where Azure Machine Learning is not offered; Azure Machine Learning in Azure Government is offered in usgovvirginia or usgovarizona only.' }],
  },
];

describe('rule region', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
