import { REGISTRY_CMK_FIREWALL } from '../../catalog/aml-deployment.js';
import { notApplicable, read, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import type { BaselineRule } from '../types.js';

const REGISTRY = 'Microsoft.ContainerRegistry/registries';
const SYSTEM = REGISTRY_CMK_FIREWALL.systemIdentity;

export const rule: BaselineRule = {
  id: 'IL5-DEP-004',
  name: 'IL5.ContainerRegistry.CmkSystemIdentity',
  synopsis:
    "A container registry encrypted with a customer-managed key reads the key with its system-assigned identity (encryption.keyVaultProperties.identity 'system'): the only identity a registry passes a Key Vault firewall with.",
  rationale:
    "A registry reaches a vault whose firewall denies by default only as a trusted service, and only with its system-assigned identity; with a user-assigned identity the key is out of reach, so creating or updating the registry fails, or its images become unreadable when the vault is closed later. IL5 wants the vault's firewall on (55615ac9), so a registry's key must be read with the system identity. A customer-managed key is enabled only at creation, with a user-assigned identity: create the registry with the vault open (or with a temporary vault), then move it to 'system' (il5ml's deploy.sh does it in two passes).",
  severity: 'high',
  runbookStep: 'C',
  controls: ['SC-12', 'SC-28'],
  resourceTypes: [REGISTRY],
  reads: [],
  effect: 'audit',
  remediation: {
    property: 'properties.encryption.keyVaultProperties.identity',
    text: "Give the registry a system-assigned identity with Key Vault Crypto Service Encryption User on the key, and set properties.encryption.keyVaultProperties.identity to 'system' once it exists (az acr encryption rotate-key --identity [system]); il5ml plan does this in deploy.sh's second pass.",
  },
  links: REGISTRY_CMK_FIREWALL.sources.map((s) => s.url),
  example: [examples.registry()],
  evaluate(r) {
    if (!typeIs(r, REGISTRY)) return notApplicable(r, 'a container registry');
    const status = read(r, 'properties.encryption.status');
    if (status.kind === 'unknown') return { compliance: 'Unknown', reason: `properties.encryption.status is unknown until deployment (${status.reason})` };
    if (status.kind !== 'value' || String(status.value).toLowerCase() !== 'enabled') {
      return { compliance: 'NotApplicable', reason: `${r.name} is not encrypted with a customer-managed key (IL5-ACR rules judge that)` };
    }
    const identity = read(r, 'properties.encryption.keyVaultProperties.identity');
    if (identity.kind === 'unknown') return { compliance: 'Unknown', reason: `properties.encryption.keyVaultProperties.identity is unknown until deployment (${identity.reason})` };
    if (identity.kind === 'value' && String(identity.value).toLowerCase() === SYSTEM) {
      const type = read(r, 'identity.type');
      if (type.kind === 'unknown') return { compliance: 'Unknown', reason: `identity.type is unknown until deployment (${type.reason})` };
      if (type.kind === 'value' && /systemassigned/i.test(String(type.value))) {
        return { compliance: 'Compliant', reason: `${r.name} reads its key with its system-assigned identity, which passes the vault's firewall as a trusted service` };
      }
      return { compliance: 'NonCompliant', reason: `${r.name} reads its key with 'system' but has no system-assigned identity (identity.type ${type.kind === 'value' ? String(type.value) : 'absent'})` };
    }
    const which = identity.kind === 'value' ? `the user-assigned identity ${String(identity.value)}` : 'no identity named';
    return { compliance: 'NonCompliant', reason: `${r.name} reads its key with ${which}: a vault with its firewall on refuses it (a registry passes only with its system-assigned identity)` };
  },
};
