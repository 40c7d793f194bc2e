import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/subnet-in-address-space.js';
import { expectCase, type RuleCase } from '../helpers.js';

const cases: RuleCase[] = [
  { name: 'the defaults: all inside 172.16.0.0/16', yaml: 'prefix: abc\n', expected: [] },
  {
    name: 'a subnet outside the space',
    yaml: 'network:\n  addressSpace: 172.16.0.0/16\n  subnets:\n    scoring: 10.0.1.0/24\n',
    expected: [{ severity: 'error', line: 4, column: 14, message: 'the Scoring subnet 10.0.1.0/24 is not inside the address space 172.16.0.0/16', fix: 'choose a range inside 172.16.0.0/16, or widen network.addressSpace to include 10.0.1.0/24' }],
  },
  {
    name: 'a subnet larger than the space',
    yaml: 'network:\n  addressSpace: 172.16.0.0/24\n  subnets:\n    training: 172.16.0.0/23\n    scoring: 172.16.0.0/24\n    bastion: 172.16.0.0/24\n',
    expected: [
      { severity: 'error', line: 4, column: 15, message: 'the Training subnet 172.16.0.0/23 is not inside the address space 172.16.0.0/24' },
      // The other subnets are left to their defaults: located at the nearest key present, subnets.
      { severity: 'error', line: 4, column: 5, message: 'the PrivateEndpoints subnet 172.16.5.0/24 is not inside the address space 172.16.0.0/24' },
      { severity: 'error', line: 4, column: 5, message: 'the JumpBox subnet 172.16.4.0/27 is not inside the address space 172.16.0.0/24' },
      { severity: 'error', line: 4, column: 5, message: 'the AzureFirewallSubnet subnet 172.16.3.0/26 is not inside the address space 172.16.0.0/24' },
    ],
  },
  {
    name: 'the default subnets against a narrowed space: located at the subnets key (JumpBox and PrivateEndpoints follow the space)',
    yaml: 'network:\n  addressSpace: 10.0.0.0/16\n',
    expected: [
      { severity: 'error', line: 2, column: 3, message: 'the Training subnet 172.16.0.0/24 is not inside the address space 10.0.0.0/16' },
      { severity: 'error', line: 2, column: 3, message: 'the Scoring subnet 172.16.1.0/24 is not inside the address space 10.0.0.0/16' },
      { severity: 'error', line: 2, column: 3, message: 'the AzureBastionSubnet subnet 172.16.2.0/26 is not inside the address space 10.0.0.0/16' },
      { severity: 'error', line: 2, column: 3, message: 'the AzureFirewallSubnet subnet 172.16.3.0/26 is not inside the address space 10.0.0.0/16' },
    ],
  },
];

describe('rule subnet-in-address-space', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
