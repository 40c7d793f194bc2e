import { allOf, anyOf, apiVersionCompare, auditVerdict, notApplicable, notEquals, quiet, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = '55615ac9-af46-4a59-874e-391cc3dfb490';

/**
 * Mirrors "Azure Key Vault should have firewall enabled or public network access disabled" (v1.5.0,
 * Audit). The IL5 set leaves restrictIPAddresses at its default 'No', so the IP-list branch of the
 * definition never holds and is not evaluated here.
 */
export const rule: BaselineRule = {
  id: 'IL5-KV-003',
  name: 'IL5.KeyVault.NetworkAccess',
  synopsis: 'Key vaults deny public network access: firewall default action Deny and, from API 2021-06-01-preview, publicNetworkAccess Disabled.',
  rationale:
    'A vault reachable from the internet exposes the keys that protect every IL5 data store to credential theft and brute force. The runbook reaches the vault only through its private endpoint.',
  severity: 'high',
  runbookStep: 'B',
  controls: ['AC-4', 'SC-7', 'SC-7(3)'],
  resourceTypes: ['Microsoft.KeyVault/vaults'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'posture.publicNetworkAccess',
    property: 'properties.publicNetworkAccess',
    text: "Set properties.publicNetworkAccess to 'Disabled' and properties.networkAcls.defaultAction to 'Deny' (posture.publicNetworkAccess: false in the spec).",
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/key-vault/general/network-security', IL5_INITIATIVE_URL],
  example: [examples.keyVault()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.KeyVault/vaults')) return notApplicable(r, 'a key vault');
    return auditVerdict(
      allOf(
        quiet(notEquals(r, 'properties.createMode', 'recover')),
        notEquals(r, 'properties.networkAcls.defaultAction', 'Deny'),
        anyOf(
          apiVersionCompare(r, 'less', '2021-06-01-preview'),
          allOf(
            quiet(apiVersionCompare(r, 'greaterOrEquals', '2021-06-01-preview')),
            notEquals(r, 'properties.publicNetworkAccess', 'Disabled'),
          ),
        ),
      ),
    );
  },
};
