import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/address-ranges.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Virtual Network FAQ: RFC 1918 and 100.64.0.0/10 are private in Azure; 224.0.0.0/4, 255.255.255.255/32,
// 127.0.0.0/8, 169.254.0.0/16 and 168.63.129.16/32 cannot be added.
const yaml = (space: string) => `network:\n  addressSpace: ${space}\n`;
const FIX = 'use a private range, e.g. 172.16.0.0/16 as the runbook does';
const cases: RuleCase[] = [
  { name: '172.16.0.0/16 (the default)', yaml: yaml('172.16.0.0/16'), expected: [] },
  { name: '10.20.0.0/16', yaml: yaml('10.20.0.0/16'), expected: [] },
  { name: '192.168.0.0/24', yaml: yaml('192.168.0.0/24'), expected: [] },
  { name: '100.64.0.0/16 (RFC 6598)', yaml: yaml('100.64.0.0/16'), expected: [] },
  { name: 'link-local', yaml: yaml('169.254.0.0/16'), expected: [{ severity: 'error', line: 2, column: 17, message: 'the address space 169.254.0.0/16 includes 169.254.0.0/16 (link-local), which Azure does not allow in a virtual network', fix: FIX }] },
  { name: 'a space holding the platform address', yaml: yaml('168.63.0.0/16'), expected: [{ severity: 'error', line: 2, column: 17, message: 'the address space 168.63.0.0/16 includes 168.63.129.16/32 (Azure platform DNS, DHCP and health probes), which Azure does not allow in a virtual network' }] },
  { name: 'a public range', yaml: yaml('52.0.0.0/16'), expected: [{ severity: 'warning', line: 2, column: 17, message: 'the address space 52.0.0.0/16 is not a private range (10/8, 172.16/12, 192.168/16, 100.64/10): the Internet addresses it covers become unreachable from the VNet', fix: FIX }] },
  { name: 'a space wider than 172.16/12', yaml: yaml('172.0.0.0/8'), expected: [{ severity: 'warning', line: 2, column: 17, message: 'the address space 172.0.0.0/8 is not a private range (10/8, 172.16/12, 192.168/16, 100.64/10): the Internet addresses it covers become unreachable from the VNet' }] },
];

describe('rule address-ranges', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
