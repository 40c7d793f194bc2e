import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/cluster-scale-down.js';
import { expectCase, type RuleCase } from '../helpers.js';

const yaml = (d: string) => `compute:\n  cluster:\n    idleBeforeScaleDown: ${d}\n`;
const cases: RuleCase[] = [
  { name: 'PT30M (the default)', yaml: yaml('PT30M'), expected: [] },
  { name: 'PT120S', yaml: yaml('PT120S'), expected: [] },
  { name: '30m is not ISO 8601', yaml: yaml('30m'), expected: [{ severity: 'error', line: 3, column: 26, message: '"30m" is not an ISO 8601 duration', fix: 'write e.g. PT30M (30 minutes) or PT120S' }] },
  { name: 'PT0S is zero', yaml: yaml('PT0S'), expected: [{ severity: 'error', line: 3, column: 26, message: 'idleBeforeScaleDown PT0S is zero' }] },
];

describe('rule cluster-scale-down', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
