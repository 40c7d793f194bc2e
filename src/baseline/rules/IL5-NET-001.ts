import { allOf, auditVerdict, exists, not, notApplicable, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = '564feb30-bf6a-4854-b4bb-0d2d2d1e6c66';

/** Mirrors "Web Application Firewall (WAF) should be enabled for Application Gateway" (v2.0.0, Audit). */
export const rule: BaselineRule = {
  id: 'IL5-NET-001',
  name: 'IL5.Network.ApplicationGatewayWaf',
  synopsis: 'Application gateways have a web application firewall (a WAF configuration or a firewall policy).',
  rationale:
    'An application gateway publishing an inference endpoint without a WAF passes injection and protocol attacks straight to the scoring containers.',
  severity: 'high',
  runbookStep: 'D',
  controls: ['SC-5', 'SC-7', 'SC-7(3)'],
  resourceTypes: ['Microsoft.Network/applicationGateways'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    property: 'properties.firewallPolicy',
    text: 'Use the WAF_v2 SKU and set properties.firewallPolicy.id to a Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies resource in Prevention mode.',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/web-application-firewall/ag/ag-overview', IL5_INITIATIVE_URL],
  example: [examples.applicationGateway()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.Network/applicationGateways')) return notApplicable(r, 'an application gateway');
    return auditVerdict(
      allOf(not(exists(r, 'properties.webApplicationFirewallConfiguration')), not(exists(r, 'properties.firewallPolicy'))),
    );
  },
};
