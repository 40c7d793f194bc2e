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
    name: 'a subnet larger than the space; the subnets left out find no room: each named, at the subnets key',
    yaml: 'network:\n  addressSpace: 172.16.0.0/24\n  subnets:\n    training: 172.16.0.0/23\n    scoring: 172.16.0.0/24\n    bastion: 172.16.0.0/24\n',
    expected: [
      { severity: 'error', line: 4, column: 15, message: 'the Training subnet 172.16.0.0/23 is not inside the address space 172.16.0.0/24' },
      // Left out, and the written ones hold the whole space: located at the nearest key present, subnets.
      {
        severity: 'error',
        line: 4,
        column: 5,
        message: 'network.subnets.privateEndpoints is not set, and the address space 172.16.0.0/24 has no free /24 left for the PrivateEndpoints subnet',
        fix: 'set network.subnets.privateEndpoints to a range inside 172.16.0.0/24 that no other subnet uses (/29 or larger; the default is a /24), or widen network.addressSpace',
      },
      { severity: 'error', line: 4, column: 5, message: 'network.subnets.jumpBox is not set, and the address space 172.16.0.0/24 has no free /27 left for the JumpBox subnet' },
      {
        severity: 'error',
        line: 4,
        column: 5,
        message: 'network.subnets.firewall is not set, and the address space 172.16.0.0/24 has no free /26 left for the AzureFirewallSubnet subnet',
        fix: 'set network.subnets.firewall to a range inside 172.16.0.0/24 that no other subnet uses (/26 or larger), or widen network.addressSpace',
      },
    ],
  },
  { name: 'another address space and every subnet left out: they follow it', yaml: 'network:\n  addressSpace: 10.0.0.0/16\n', expected: [] },
  {
    name: 'no room for the Bastion default: the key to set is named, not the runbook range',
    yaml: 'network:\n  addressSpace: 10.20.0.0/23\n  subnets:\n    training: 10.20.0.0/24\n    scoring: 10.20.1.0/25\n    privateEndpoints: 10.20.1.128/26\n    jumpBox: 10.20.1.192/27\n    firewall: 10.20.1.224/27\n',
    expected: [
      {
        severity: 'error',
        line: 4,
        column: 5,
        message: 'network.subnets.bastion is not set, and the address space 10.20.0.0/23 has no free /26 left for the AzureBastionSubnet subnet',
        fix: 'set network.subnets.bastion to a range inside 10.20.0.0/23 that no other subnet uses (/26 or larger), or widen network.addressSpace',
      },
    ],
  },
  { name: 'no Bastion in a spoke that leaves it out: nothing to place', yaml: 'network:\n  addressSpace: 10.20.0.0/23\n  subnets:\n    training: 10.20.0.0/24\n    scoring: 10.20.1.0/25\n    privateEndpoints: 10.20.1.128/26\n    jumpBox: 10.20.1.192/27\n  hub:\n    virtualNetworkId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/hub\nfirewall:\n  mode: existing\n  privateIp: 10.0.100.4\n', expected: [] },
];

describe('rule subnet-in-address-space', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
