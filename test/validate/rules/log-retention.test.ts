import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/log-retention.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Log Analytics retentionInDays, PerGB2018: 30 to 730 days (azure-monitor/logs/data-retention-configure).
const yaml = (n: number) => `monitoring:\n  retentionDays: ${n}\n`;
const msg = (n: number) => `Log Analytics retention of ${n} days is outside the workspace's range of 30 to 730 days`;
const cases: RuleCase[] = [
  { name: '30', yaml: yaml(30), expected: [] },
  { name: '365 (the default)', yaml: yaml(365), expected: [] },
  { name: '730', yaml: yaml(730), expected: [] },
  { name: '29', yaml: yaml(29), expected: [{ severity: 'error', line: 2, column: 18, message: msg(29), fix: 'set monitoring.retentionDays from 30 to 730 (365 keeps a year of audit logs)' }] },
  { name: '731', yaml: yaml(731), expected: [{ severity: 'error', line: 2, column: 18, message: msg(731) }] },
];

describe('rule log-retention', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
