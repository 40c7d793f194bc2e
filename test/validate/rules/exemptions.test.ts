import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/exemptions.js';
import { expectCase, type RuleCase } from '../helpers.js';

const one = (fields: string) => `policy:\n  exemptions:\n    - ${fields}\n`;
const cases: RuleCase[] = [
  { name: 'no exemptions (the default)', yaml: 'prefix: abc\n', expected: [] },
  { name: 'a complete exemption', yaml: one('{ rule: IL5-KV-001, justification: "accepted by the AO, ticket 42", expiresOn: 2027-06-30 }'), expected: [] },
  { name: 'a leap day', yaml: one('{ rule: IL5-KV-001, justification: why, expiresOn: 2028-02-29 }'), expected: [] },
  {
    name: 'an impossible date',
    yaml: one('{ rule: IL5-KV-001, justification: why, expiresOn: 2027-02-29 }'),
    expected: [{ severity: 'error', line: 3, column: 58, message: 'exemption 1 (IL5-KV-001) expiresOn "2027-02-29" is not a date YYYY-MM-DD', fix: 'write a calendar date, e.g. 2027-06-30' }],
  },
  {
    name: 'a US-style date',
    yaml: one('{ rule: IL5-KV-001, justification: why, expiresOn: 06/30/2027 }'),
    expected: [{ severity: 'error', line: 3, column: 58, message: 'exemption 1 (IL5-KV-001) expiresOn "06/30/2027" is not a date YYYY-MM-DD' }],
  },
  {
    name: 'a blank justification',
    yaml: one('{ rule: IL5-KV-001, justification: "  ", expiresOn: 2027-06-30 }'),
    expected: [{ severity: 'error', line: 3, column: 42, message: 'exemption 1 (IL5-KV-001) has an empty justification', fix: 'say why the risk is accepted and who accepted it' }],
  },
  {
    name: 'an empty rule, second of two',
    yaml: 'policy:\n  exemptions:\n    - { rule: IL5-ST-001, justification: why, expiresOn: 2027-06-30 }\n    - { rule: "", justification: why, expiresOn: 2027-06-30 }\n',
    expected: [{ severity: 'error', line: 4, column: 15, message: 'exemption 2 names no rule', fix: 'write the baseline rule id or the policy definition GUID it waives (rule: or policyDefinitionId:)' }],
  },
  { name: 'a definition GUID, a full definition ID, or *', yaml: 'policy:\n  exemptions:\n    - { rule: 0015ea4d-51ff-4ce3-8d8c-f3f8f0179a56, justification: why, expiresOn: 2027-06-30 }\n    - { rule: /providers/Microsoft.Authorization/policyDefinitions/abc, justification: why, expiresOn: 2027-06-30 }\n    - { rule: "*", justification: why, expiresOn: 2027-06-30 }\n', expected: [] },
  { name: 'a rule name, and the alias keys policyDefinitionId and resourceId', yaml: one('{ policyDefinitionId: IL5.KeyVault.PurgeProtection, resourceId: "*kv*", justification: why, expiresOn: 2027-06-30 }'), expected: [] },
  {
    name: "a typo'd rule id: an error with the nearest rule id",
    yaml: one('{ rule: IL5-KV-03, justification: why, expiresOn: 2027-06-30 }'),
    expected: [
      {
        severity: 'error',
        line: 3,
        column: 15,
        message: 'exemption 1: \'IL5-KV-03\' is no baseline rule id or name, and no policy definition GUID or ID: the exemption would waive nothing. Did you mean "IL5-KV-003"?',
        fix: 'write a rule id from `il5ml rules` (e.g. IL5-KV-003), or the GUID of the policy definition to exempt',
      },
    ],
  },
];

describe('rule exemptions', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
