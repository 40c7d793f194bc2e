import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/cluster-nodes.js';
import { expectCase, type RuleCase } from '../helpers.js';

const yaml = (min: number, max: number) => `compute:\n  cluster:\n    minNodes: ${min}\n    maxNodes: ${max}\n`;
const cases: RuleCase[] = [
  { name: 'min 0 max 4 (the default)', yaml: yaml(0, 4), expected: [] },
  { name: 'min equals max', yaml: yaml(2, 2), expected: [] },
  { name: 'min 0 max 1', yaml: yaml(0, 1), expected: [] },
  {
    name: 'min greater than max',
    yaml: yaml(5, 2),
    expected: [{ severity: 'error', line: 3, column: 15, message: 'minNodes (5) is greater than maxNodes (2)', fix: "lower compute.cluster.minNodes to at most 2 (0 is the runbook's advice), or raise maxNodes" }],
  },
  {
    name: 'max 0',
    yaml: yaml(0, 0),
    expected: [{ severity: 'error', line: 4, column: 15, message: 'maxNodes is 0; the cluster could never start a node', fix: 'set compute.cluster.maxNodes to 1 or more' }],
  },
  {
    name: 'negative min',
    yaml: yaml(-1, 4),
    expected: [{ severity: 'error', line: 3, column: 15, message: 'minNodes is -1; a node count cannot be negative' }],
  },
  {
    name: 'min above a default max: located at minNodes',
    yaml: 'compute:\n  cluster:\n    minNodes: 9\n',
    expected: [{ severity: 'error', line: 3, column: 15, message: 'minNodes (9) is greater than maxNodes (4)' }],
  },
];

describe('rule cluster-nodes', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
