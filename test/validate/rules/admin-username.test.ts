import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/admin-username.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Windows VM FAQ / OSProfile.adminUsername: max 20 characters, no trailing ".", disallowed names.
const yaml = (u: string) => `jumpBox:\n  adminUsername: ${u}\n`;
const cases: RuleCase[] = [
  { name: 'il5admin (the default)', yaml: yaml('il5admin'), expected: [] },
  { name: '20 characters', yaml: yaml('a'.repeat(20)), expected: [] },
  { name: 'Administrator, any case', yaml: yaml('Administrator'), expected: [{ severity: 'error', line: 2, column: 18, message: 'the jump box admin username "Administrator" is a name Azure refuses for the administrator account', fix: 'choose another name of up to 20 characters, e.g. "il5admin"' }] },
  { name: 'root', yaml: yaml('root'), expected: [{ severity: 'error', line: 2, column: 18, message: 'the jump box admin username "root" is a name Azure refuses for the administrator account' }] },
  { name: '21 characters ending in a period', yaml: yaml(`${'b'.repeat(20)}.`), expected: [{ severity: 'error', line: 2, column: 18, message: `the jump box admin username "${'b'.repeat(20)}." is 21 characters long (at most 20 on Windows); ends in "."` }] },
  { name: 'not checked without a jump box', yaml: 'jumpBox:\n  enabled: false\n  adminUsername: admin\n', expected: [] },
];

describe('rule admin-username', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
