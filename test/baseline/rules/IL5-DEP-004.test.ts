import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-DEP-004.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Source: the registry customer-managed key article, "Advanced scenario: Key Vault firewall" ("Currently, an
// Azure container registry can only bypass the firewall when using its system-managed identity"), and the
// azure-cli's rotate-key --identity [system] ('system', a reserved word of ACR).
const [ok] = rule.example;
const r = ok ?? examples.registry();
const ua = set(set(r, 'properties.encryption.keyVaultProperties.identity', '11111111-2222-3333-4444-555555555555'), 'identity.type', 'UserAssigned');
describe('IL5-DEP-004 IL5.ContainerRegistry.CmkSystemIdentity', () => {
  table(rule, [
    { name: 'system identity', resource: r, expect: 'Compliant', source: 'the documented end state', reason: "cril5ml reads its key with its system-assigned identity, which passes the vault's firewall as a trusted service" },
    { name: 'both identities, system reads the key', resource: set(r, 'identity.type', 'SystemAssigned, UserAssigned'), expect: 'Compliant', source: 'il5ml plan', reason: "cril5ml reads its key with its system-assigned identity, which passes the vault's firewall as a trusted service" },
    { name: 'a user-assigned identity (the defect)', resource: ua, expect: 'NonCompliant', source: 'firewall refuses it', reason: "cril5ml reads its key with the user-assigned identity 11111111-2222-3333-4444-555555555555: a vault with its firewall on refuses it (a registry passes only with its system-assigned identity)" },
    { name: "'system' without a system identity", resource: set(r, 'identity.type', 'UserAssigned'), expect: 'NonCompliant', source: 'nothing to read with', reason: "cril5ml reads its key with 'system' but has no system-assigned identity (identity.type UserAssigned)" },
    { name: 'no identity named', resource: set(r, 'properties.encryption.keyVaultProperties.identity', undefined), expect: 'NonCompliant', source: 'none named', reason: 'cril5ml reads its key with no identity named: a vault with its firewall on refuses it (a registry passes only with its system-assigned identity)' },
    { name: 'case of System', resource: set(r, 'properties.encryption.keyVaultProperties.identity', 'System'), expect: 'Compliant', source: 'compared as ACR does, case-insensitively', reason: "cril5ml reads its key with its system-assigned identity, which passes the vault's firewall as a trusted service" },
    { name: 'no customer-managed key', resource: set(r, 'properties.encryption.status', 'disabled'), expect: 'NotApplicable', source: 'other rules', reason: 'cril5ml is not encrypted with a customer-managed key (IL5-ACR rules judge that)' },
    { name: 'unknown identity', resource: set(r, 'properties.encryption.keyVaultProperties.identity', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.encryption.keyVaultProperties.identity is unknown until deployment (x)' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a container registry' },
  ]);
});
