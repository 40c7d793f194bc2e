import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/key-size.js';
import { expectCase, type RuleCase } from '../helpers.js';

// The runbook, step C: "Azure Storage encryption supports RSA and RSA-HSM keys of sizes 2048, 3072 and 4096".
const yaml = (n: number) => `keyVault:\n  key:\n    size: ${n}\n`;
const msg = (n: number) => `RSA key size ${n} is not accepted: customer-managed keys for storage, the workspace and disks are RSA 2048, 3072 or 4096`;
const cases: RuleCase[] = [
  { name: '2048', yaml: yaml(2048), expected: [] },
  { name: '3072 (the default)', yaml: yaml(3072), expected: [] },
  { name: '4096', yaml: yaml(4096), expected: [] },
  { name: '1024', yaml: yaml(1024), expected: [{ severity: 'error', line: 3, column: 11, message: msg(1024), fix: 'set keyVault.key.size to 3072 (or 2048 or 4096)' }] },
  { name: '8192', yaml: yaml(8192), expected: [{ severity: 'error', line: 3, column: 11, message: msg(8192) }] },
  { name: '3000', yaml: yaml(3000), expected: [{ severity: 'error', line: 3, column: 11, message: msg(3000) }] },
];

describe('rule key-size', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
