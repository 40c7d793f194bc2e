import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/subnet-size.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Bastion /26: learn.microsoft.com/azure/bastion/configuration-settings#subnet; Firewall /26: Azure
// Firewall FAQ; /29 minimum: Virtual Network FAQ (5 reserved addresses).
const cases: RuleCase[] = [
  { name: 'the defaults (bastion /26, firewall /26)', yaml: 'prefix: abc\n', expected: [] },
  { name: 'a larger bastion subnet', yaml: 'network:\n  subnets:\n    bastion: 172.16.4.0/24\n', expected: [] },
  {
    name: "the runbook's /27 bastion subnet",
    yaml: 'network:\n  subnets:\n    bastion: 172.16.2.0/27\n',
    expected: [{ severity: 'error', line: 3, column: 14, message: "the AzureBastionSubnet subnet 172.16.2.0/27 is too small: Azure Bastion requires AzureBastionSubnet to be /26 or larger (the runbook's /27 is refused)", fix: 'use a /26 or larger block, e.g. 172.16.2.0/26 if that range is free' }],
  },
  {
    name: 'a /27 firewall subnet',
    yaml: 'network:\n  subnets:\n    firewall: 172.16.3.0/27\n',
    expected: [{ severity: 'error', line: 3, column: 15, message: 'the AzureFirewallSubnet subnet 172.16.3.0/27 is too small: Azure Firewall requires AzureFirewallSubnet to be /26' }],
  },
  { name: 'a /27 firewall subnet is not used with mode existing', yaml: 'network:\n  subnets:\n    firewall: 172.16.3.0/27\nfirewall:\n  mode: existing\n  privateIp: 10.0.0.4\n', expected: [] },
  { name: 'a /29 training subnet is the smallest allowed', yaml: 'network:\n  subnets:\n    training: 172.16.0.0/29\n', expected: [] },
  {
    name: 'a /30 scoring subnet',
    yaml: 'network:\n  subnets:\n    scoring: 172.16.1.0/30\n',
    expected: [{ severity: 'error', line: 3, column: 14, message: 'the Scoring subnet 172.16.1.0/30 is too small: Azure subnets are /29 or larger (5 addresses of each are reserved)', fix: 'use a /29 or larger block, e.g. 172.16.1.0/29 if that range is free' }],
  },
];

describe('rule subnet-size', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
