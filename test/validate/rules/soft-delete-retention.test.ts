import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/soft-delete-retention.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Key Vault soft-delete retention: 7 to 90 days (learn.microsoft.com/azure/key-vault/general/soft-delete-overview).
const yaml = (n: number) => `keyVault:\n  softDeleteRetentionDays: ${n}\n`;
const msg = (n: number) => `soft-delete retention of ${n} days is outside Key Vault's range of 7 to 90 days`;
const cases: RuleCase[] = [
  { name: '7', yaml: yaml(7), expected: [] },
  { name: '90', yaml: yaml(90), expected: [] },
  { name: '6', yaml: yaml(6), expected: [{ severity: 'error', line: 2, column: 28, message: msg(6), fix: 'set keyVault.softDeleteRetentionDays to a value from 7 to 90 (90 keeps deleted keys recoverable longest)' }] },
  { name: '91', yaml: yaml(91), expected: [{ severity: 'error', line: 2, column: 28, message: msg(91) }] },
  { name: '0', yaml: yaml(0), expected: [{ severity: 'error', line: 2, column: 28, message: msg(0) }] },
];

describe('rule soft-delete-retention', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
