import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/subnet-overlap.js';
import { expectCase, type RuleCase } from '../helpers.js';

const cases: RuleCase[] = [
  { name: 'the defaults do not overlap', yaml: 'prefix: abc\n', expected: [] },
  { name: 'adjacent blocks do not overlap', yaml: 'network:\n  subnets:\n    training: 172.16.0.0/24\n    scoring: 172.16.1.0/24\n', expected: [] },
  {
    name: 'scoring inside training: both named, at the later one',
    yaml: 'network:\n  subnets:\n    training: 172.16.0.0/23\n    scoring: 172.16.1.0/24\n',
    expected: [{ severity: 'error', line: 4, column: 14, message: 'the Scoring subnet 172.16.1.0/24 overlaps the Training subnet 172.16.0.0/23 (network.subnets.training)', fix: 'give network.subnets.scoring a range that does not overlap 172.16.0.0/23' }],
  },
  {
    name: 'three subnets on one range: every pair',
    yaml: 'network:\n  subnets:\n    training: 172.16.0.0/24\n    scoring: 172.16.0.0/24\n    bastion: 172.16.0.0/26\n',
    expected: [
      { severity: 'error', line: 4, column: 14, message: 'the Scoring subnet 172.16.0.0/24 overlaps the Training subnet 172.16.0.0/24 (network.subnets.training)' },
      { severity: 'error', line: 5, column: 14, message: 'the AzureBastionSubnet subnet 172.16.0.0/26 overlaps the Training subnet 172.16.0.0/24 (network.subnets.training)' },
      { severity: 'error', line: 5, column: 14, message: 'the AzureBastionSubnet subnet 172.16.0.0/26 overlaps the Scoring subnet 172.16.0.0/24 (network.subnets.scoring)' },
    ],
  },
  {
    name: 'a block written with host bits set still overlaps by its range',
    yaml: 'network:\n  subnets:\n    training: 172.16.0.0/24\n    scoring: 172.16.0.9/24\n',
    expected: [{ severity: 'error', line: 4, column: 14, message: 'the Scoring subnet 172.16.0.9/24 overlaps the Training subnet 172.16.0.0/24 (network.subnets.training)' }],
  },
  // A subnet left out is placed clear of the written ones (src/spec/subnet-layout.ts).
  { name: 'a written range on a default\'s place: the default moves to a free block', yaml: 'network:\n  subnets:\n    scoring: 172.16.2.0/23\n', expected: [] },
  {
    name: 'no room for a default: reported once, by subnet-in-address-space, not as an overlap',
    yaml: 'network:\n  addressSpace: 172.16.0.0/24\n  subnets:\n    training: 172.16.0.0/25\n    scoring: 172.16.0.128/25\n',
    expected: [],
  },
  {
    name: 'the firewall subnet is ignored with mode existing',
    yaml: 'network:\n  subnets:\n    firewall: 172.16.0.0/26\nfirewall:\n  mode: existing\n  privateIp: 10.0.0.4\n',
    expected: [],
  },
];

describe('rule subnet-overlap', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
