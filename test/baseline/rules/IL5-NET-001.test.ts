import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-NET-001.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition 564feb30-bf6a-4854-b4bb-0d2d2d1e6c66 (v2.0.0).
const agw = examples.applicationGateway();
describe('IL5-NET-001 IL5.Network.ApplicationGatewayWaf', () => {
  table(rule, [
    { name: 'firewall policy', resource: agw, expect: 'Compliant', source: 'firewallPolicy exists', reason: `properties.firewallPolicy = ${JSON.stringify((agw.properties as { firewallPolicy: unknown }).firewallPolicy)}` },
    { name: 'neither', resource: set(agw, 'properties.firewallPolicy', undefined), expect: 'NonCompliant', source: 'both exists false', reason: 'properties.webApplicationFirewallConfiguration is missing; properties.firewallPolicy is missing' },
    { name: 'legacy WAF configuration', resource: set(set(agw, 'properties.firewallPolicy', undefined), 'properties.webApplicationFirewallConfiguration', { enabled: true, firewallMode: 'Prevention' }), expect: 'Compliant', source: 'configuration exists', reason: 'properties.webApplicationFirewallConfiguration = {"enabled":true,"firewallMode":"Prevention"}' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not an application gateway' },
    { name: 'policy unknown', resource: set(set(agw, 'properties.firewallPolicy', undefined), 'properties.webApplicationFirewallConfiguration', new Unknown('x')), expect: 'Unknown', source: 'exists on an unknown value', reason: 'properties.webApplicationFirewallConfiguration is unknown until deployment (x)' },
  ]);
});
