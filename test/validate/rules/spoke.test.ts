import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/spoke.js';
import { expectCase, type RuleCase } from '../helpers.js';

// The spec keys of issue 9, section 5 (a Mission Landing Zone spoke).
const HUB = '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/mlz-hub-rg/providers/Microsoft.Network/virtualNetworks/mlz-hub-vnet';
const LAW = '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/mlz-ops-rg/providers/Microsoft.OperationalInsights/workspaces/mlz-log';
const spoke = (hub: string, extra = '') => `network:\n  hub:\n    virtualNetworkId: ${hub}\n${extra}firewall:\n  mode: existing\n  privateIp: 10.0.100.4\n`;
const cases: RuleCase[] = [
  { name: 'no hub (the default)', yaml: 'prefix: abc\n', expected: [] },
  { name: 'a hub VNet ID, existing firewall', yaml: spoke(HUB), expected: [] },
  { name: 'with DNS servers', yaml: spoke(HUB, '  dnsServers: [10.0.100.4, 10.0.100.5]\n'), expected: [] },
  {
    name: 'a subnet ID in place of the VNet ID',
    yaml: spoke(`${HUB}/subnets/hub`),
    expected: [{ severity: 'error', line: 3, column: 23, message: `"${HUB}/subnets/hub" is not a virtual network resource ID`, fix: 'write /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<hub>' }],
  },
  {
    name: 'a spoke that creates its own Azure Firewall: a warning',
    yaml: `network:\n  hub:\n    virtualNetworkId: ${HUB}\n`,
    expected: [{ severity: 'warning', line: 3, column: 5, message: "this spoke creates its own Azure Firewall; a hub normally inspects its spokes' egress" }],
  },
  {
    name: 'a spoke with firewall.mode azureFirewall written: the warning at that key',
    yaml: `prefix: abc\nnetwork:\n  hub:\n    virtualNetworkId: ${HUB}\nfirewall:\n  mode: azureFirewall\n`,
    expected: [{ severity: 'warning', line: 6, column: 9, message: "this spoke creates its own Azure Firewall; a hub normally inspects its spokes' egress" }],
  },
  {
    name: 'a DNS server that is not an address',
    yaml: spoke(HUB, '  dnsServers: [hub-dns]\n'),
    expected: [{ severity: 'error', line: 4, column: 16, message: 'DNS server "hub-dns" is not an IPv4 address' }],
  },
  {
    name: 'an existing firewall and no hub: a warning naming the unreachable route',
    yaml: 'firewall:\n  mode: existing\n  privateIp: 10.0.100.4\n',
    expected: [{ severity: 'warning', line: 2, column: 9, message: 'the default route goes to 10.0.100.4, outside this VNet, but the plan peers with no hub: unless a peering is made outside the plan, all egress is dropped (baseline IL5-NET-006)', fix: 'set network.hub.virtualNetworkId to the hub VNet that holds the firewall' }],
  },
  { name: 'a Log Analytics workspace ID', yaml: `monitoring:\n  logAnalyticsWorkspaceId: ${LAW}\n`, expected: [] },
  {
    name: 'a Log Analytics ID of another type',
    yaml: `monitoring:\n  logAnalyticsWorkspaceId: ${HUB}\n`,
    expected: [{ severity: 'error', line: 2, column: 28, message: `"${HUB}" is not a Log Analytics workspace resource ID` }],
  },
  // dnsServers: [] means Azure-provided DNS in Azure, but il5ml takes it as left out: say what the VNet gets.
  {
    name: 'an empty dnsServers with the Azure Firewall DNS proxy (the default)',
    yaml: 'network:\n  dnsServers: []\n',
    expected: [
      {
        severity: 'warning',
        line: 2,
        column: 15,
        message: "network.dnsServers is empty, which il5ml takes as left out: the VNet uses the Azure Firewall's private IP, not Azure-provided DNS",
        fix: 'remove network.dnsServers, or list the DNS servers the VNet should use (Azure-provided DNS: firewall.dnsProxy false)',
      },
    ],
  },
  {
    name: 'an empty dnsServers in a spoke with the hub firewall',
    yaml: spoke(HUB, '  dnsServers: []\n'),
    expected: [{ severity: 'warning', line: 4, column: 15, message: 'network.dnsServers is empty, which il5ml takes as left out: the VNet uses 10.0.100.4, not Azure-provided DNS' }],
  },
  { name: 'an empty dnsServers without a DNS proxy: Azure-provided DNS, as Azure reads []', yaml: 'network:\n  dnsServers: []\nfirewall:\n  dnsProxy: false\n', expected: [] },
  // A placeholder left for the subscription deploys nowhere: ARM refuses the peering or diagnostic setting.
  {
    name: 'a hub VNet ID whose subscription is a placeholder, not a GUID',
    yaml: spoke('/subscriptions/<hub-sub>/resourceGroups/mlz-hub-rg/providers/Microsoft.Network/virtualNetworks/mlz-hub-vnet'),
    expected: [
      {
        severity: 'error',
        line: 3,
        column: 23,
        message: 'the subscription "<hub-sub>" in network.hub.virtualNetworkId is not a subscription ID (a GUID)',
        fix: "write the hub's subscription ID, e.g. from `az account show --query id`, after /subscriptions/",
      },
    ],
  },
  {
    name: 'a Log Analytics ID whose subscription is a name, not a GUID',
    yaml: 'monitoring:\n  logAnalyticsWorkspaceId: /subscriptions/mlz-ops/resourceGroups/mlz-ops-rg/providers/Microsoft.OperationalInsights/workspaces/mlz-log\n',
    expected: [{ severity: 'error', line: 2, column: 28, message: 'the subscription "mlz-ops" in monitoring.logAnalyticsWorkspaceId is not a subscription ID (a GUID)' }],
  },
];

describe('rule spoke', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
