import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/exemptions.js';
import { expectCase, type RuleCase } from '../helpers.js';

const one = (fields: string) => `policy:\n  exemptions:\n    - ${fields}\n`;
const cases: RuleCase[] = [
  { name: 'no exemptions (the default)', yaml: 'prefix: abc\n', expected: [] },
  { name: 'a complete exemption', yaml: one('{ rule: IL5-KV-001, justification: "accepted by the AO, ticket 42", expiresOn: 2027-06-30 }'), expected: [] },
  { name: 'a leap day', yaml: one('{ rule: r, justification: why, expiresOn: 2028-02-29 }'), expected: [] },
  {
    name: 'an impossible date',
    yaml: one('{ rule: r, justification: why, expiresOn: 2027-02-29 }'),
    expected: [{ severity: 'error', line: 3, column: 49, message: 'exemption 1 (r) expiresOn "2027-02-29" is not a date YYYY-MM-DD', fix: 'write a calendar date, e.g. 2027-06-30' }],
  },
  {
    name: 'a US-style date',
    yaml: one('{ rule: r, justification: why, expiresOn: 06/30/2027 }'),
    expected: [{ severity: 'error', line: 3, column: 49, message: 'exemption 1 (r) expiresOn "06/30/2027" is not a date YYYY-MM-DD' }],
  },
  {
    name: 'a blank justification',
    yaml: one('{ rule: r, justification: "  ", expiresOn: 2027-06-30 }'),
    expected: [{ severity: 'error', line: 3, column: 33, message: 'exemption 1 (r) has an empty justification', fix: 'say why the risk is accepted and who accepted it' }],
  },
  {
    name: 'an empty rule, second of two',
    yaml: 'policy:\n  exemptions:\n    - { rule: a, justification: why, expiresOn: 2027-06-30 }\n    - { rule: "", justification: why, expiresOn: 2027-06-30 }\n',
    expected: [{ severity: 'error', line: 4, column: 15, message: 'exemption 2 names no rule', fix: 'write the baseline rule id or the policy definition GUID it waives' }],
  },
];

describe('rule exemptions', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
