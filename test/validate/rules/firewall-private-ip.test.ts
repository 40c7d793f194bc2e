import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/firewall-private-ip.js';
import { expectCase, type RuleCase } from '../helpers.js';

const existing = (ip?: string) => `firewall:\n  mode: existing\n${ip === undefined ? '' : `  privateIp: ${ip}\n`}`;
const cases: RuleCase[] = [
  { name: 'azureFirewall without privateIp (the default)', yaml: 'prefix: abc\n', expected: [] },
  { name: 'existing with a hub address', yaml: existing('10.0.0.4'), expected: [] },
  { name: 'existing with a CGNAT-range address', yaml: existing('100.64.0.4'), expected: [] },
  {
    name: 'existing without privateIp',
    yaml: existing(),
    expected: [{ severity: 'error', line: 2, column: 9, message: 'firewall.mode is existing but firewall.privateIp is not set: the default route has no next hop', fix: 'add firewall.privateIp with the private IP of the hub firewall or appliance, e.g. 10.0.0.4' }],
  },
  {
    name: 'existing with a malformed address',
    yaml: existing('10.0.0'),
    expected: [{ severity: 'error', line: 3, column: 14, message: 'firewall.privateIp "10.0.0" is not an IPv4 address', fix: 'write four decimal octets, e.g. 10.0.0.4' }],
  },
  {
    name: 'existing with a public address',
    yaml: existing('52.1.2.3'),
    expected: [{ severity: 'error', line: 3, column: 14, message: 'firewall.privateIp 52.1.2.3 is not a private address (10/8, 172.16/12, 192.168/16, 100.64/10)' }],
  },
  {
    name: 'existing with an address in the Training subnet: a warning',
    yaml: existing('172.16.0.4'),
    expected: [{ severity: 'warning', line: 3, column: 14, message: "firewall.privateIp 172.16.0.4 lies in this VNet's Training subnet 172.16.0.0/24; an existing firewall is usually in the hub" }],
  },
  { name: 'existing: the unused firewall subnet range is not a workload subnet', yaml: existing('172.16.3.4'), expected: [] },
  {
    name: 'azureFirewall with a privateIp: ignored, a warning',
    yaml: 'firewall:\n  privateIp: 10.0.0.4\n',
    expected: [{ severity: 'warning', line: 2, column: 14, message: 'firewall.privateIp is ignored with mode azureFirewall: routes use the address of the firewall il5ml creates', fix: 'remove firewall.privateIp, or set firewall.mode to existing' }],
  },
];

describe('rule firewall-private-ip', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
