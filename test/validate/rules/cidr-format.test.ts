import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/cidr-format.js';
import { expectCase, type RuleCase } from '../helpers.js';

const net = (space: string, training = '172.16.0.0/24'): string =>
  `network:\n  addressSpace: ${space}\n  subnets:\n    training: ${training}\n`;

const cases: RuleCase[] = [
  { name: 'the defaults', yaml: 'prefix: abc\n', expected: [] },
  { name: 'valid blocks', yaml: net('10.0.0.0/8', '10.1.2.0/24'), expected: [] },
  {
    name: 'host bits set: the fix shows the normalized block',
    yaml: net('172.16.0.0/16', '172.16.0.1/24'),
    expected: [{ severity: 'error', line: 4, column: 15, message: 'the Training subnet "172.16.0.1/24" has host bits set: with /24 the block starts at 172.16.0.0', fix: 'write 172.16.0.0/24' }],
  },
  {
    name: 'address space with host bits set',
    yaml: net('172.16.5.0/16'),
    expected: [{ severity: 'error', line: 2, column: 17, message: 'network.addressSpace "172.16.5.0/16" has host bits set: with /16 the block starts at 172.16.0.0', fix: 'write 172.16.0.0/16' }],
  },
  {
    name: 'an octet above 255',
    yaml: net('172.256.0.0/16'),
    expected: [{ severity: 'error', line: 2, column: 17, message: 'network.addressSpace "172.256.0.0/16" is not an IPv4 CIDR block' }],
  },
  {
    name: 'no prefix length',
    yaml: net('172.16.0.0/16', '172.16.0.0'),
    expected: [{ severity: 'error', line: 4, column: 15, message: 'the Training subnet "172.16.0.0" is not an IPv4 CIDR block', fix: 'write four decimal octets and a prefix length 0-32, e.g. 172.16.0.0/24' }],
  },
  {
    name: 'prefix length above 32',
    yaml: net('172.16.0.0/33'),
    expected: [{ severity: 'error', line: 2, column: 17, message: 'network.addressSpace "172.16.0.0/33" is not an IPv4 CIDR block' }],
  },
  {
    name: 'leading zeros (read as octal by some tools)',
    yaml: net('172.016.0.0/16'),
    expected: [{ severity: 'error', line: 2, column: 17, message: 'network.addressSpace "172.016.0.0/16" is not an IPv4 CIDR block' }],
  },
  {
    name: 'the firewall subnet is checked with mode azureFirewall',
    yaml: 'network:\n  subnets:\n    firewall: 172.16.3.1/26\n',
    expected: [{ severity: 'error', line: 3, column: 15, message: 'the AzureFirewallSubnet subnet "172.16.3.1/26" has host bits set: with /26 the block starts at 172.16.3.0', fix: 'write 172.16.3.0/26' }],
  },
  {
    name: 'the firewall subnet is not used, nor checked, with mode existing',
    yaml: 'network:\n  subnets:\n    firewall: nonsense\nfirewall:\n  mode: existing\n  privateIp: 10.0.0.4\n',
    expected: [],
  },
];

describe('rule cidr-format', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
