import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/docker-bridge.js';
import { expectCase, type RuleCase } from '../helpers.js';

// The runbook, step A ("Important"): 172.17.0.0/16 is the default Docker bridge of AKS.
const warn = (space: string) =>
  `the address space ${space} overlaps 172.17.0.0/16, the default Docker bridge (docker0, and the AKS Docker bridge the runbook warns about)`;
const yaml = (space: string) => `network:\n  addressSpace: ${space}\n`;

const cases: RuleCase[] = [
  { name: "the runbook's 172.16.0.0/16", yaml: yaml('172.16.0.0/16'), expected: [] },
  { name: '10.0.0.0/16', yaml: yaml('10.0.0.0/16'), expected: [] },
  { name: 'the portal default 172.17.0.0/16', yaml: yaml('172.17.0.0/16'), expected: [{ severity: 'warning', line: 2, column: 17, message: warn('172.17.0.0/16'), fix: 'use a range outside 172.17.0.0/16, e.g. 172.16.0.0/16 as the runbook does' }] },
  { name: 'a space containing it', yaml: yaml('172.16.0.0/12'), expected: [{ severity: 'warning', line: 2, column: 17, message: warn('172.16.0.0/12') }] },
  { name: 'a space inside it', yaml: yaml('172.17.8.0/24'), expected: [{ severity: 'warning', line: 2, column: 17, message: warn('172.17.8.0/24') }] },
  { name: 'the block right after it', yaml: yaml('172.18.0.0/16'), expected: [] },
];

describe('rule docker-bridge', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
