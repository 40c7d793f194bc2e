import { describe, expect, it } from 'vitest';
import { baselineRules, runBaseline, selectRules } from '../../src/baseline/index.js';
import { examples, ids } from '../../src/baseline/examples.js';
import type { AzureResource } from '../../src/core/resource.js';
import { UserInputError } from '../../src/core/diagnostic.js';
import { summarize } from '../../src/core/verdict.js';
import { set } from './table.js';

/** The runbook's environment built from the documented examples: every rule's compliant shape together. */
function environment(): AzureResource[] {
  const pe = (name: string, target: string, group: string, zone: string): AzureResource[] => [
    examples.privateEndpoint(name, target, group),
    examples.zoneGroup(name, zone),
  ];
  return [
    examples.vnet(),
    examples.routeTable(),
    // The workspace's CMK vault keeps its public endpoint behind its firewall (IL5-DEP-001, issue 9 section 1).
    set(set(examples.keyVault(), 'properties.publicNetworkAccess', 'Enabled'), 'properties.networkAcls.bypass', 'AzureServices'),
    examples.diagnosticSetting(ids.keyVault),
    examples.storage(),
    examples.registry(),
    examples.workspace(),
    examples.compute(),
    examples.logAnalytics(),
    // The jump box tag that lets guest configuration report (IL5-VM-004).
    { ...examples.virtualMachine(), tags: { EnablePrivateNetworkGC: 'TRUE' } },
    examples.diskEncryptionSet(),
    ...pe('pe-kv', ids.keyVault, 'vault', 'privatelink.vaultcore.usgovcloudapi.net'),
    ...pe('pe-st-blob', ids.storage, 'blob', 'privatelink.blob.core.usgovcloudapi.net'),
    // Integrated notebooks reach the workspace storage's file and dfs endpoints too (IL5-ST-012).
    ...pe('pe-st-file', ids.storage, 'file', 'privatelink.file.core.usgovcloudapi.net'),
    ...pe('pe-st-dfs', ids.storage, 'dfs', 'privatelink.dfs.core.usgovcloudapi.net'),
    ...pe('pe-cr', ids.registry, 'registry', 'privatelink.azurecr.us'),
    ...pe('pe-mlw', ids.workspace, 'amlworkspace', 'privatelink.api.ml.azure.us'),
    examples.privateDnsZone('privatelink.azurecr.us'),
    examples.privateDnsZone('privatelink.api.ml.azure.us'),
  ];
}

const replace = (all: AzureResource[], id: string, f: (r: AzureResource) => AzureResource): AzureResource[] =>
  all.map((r) => (r.id === id ? f(r) : r));

describe('runBaseline', () => {
  it('finds no NonCompliant in the compliant environment, from at least 25 rules', () => {
    const results = runBaseline(environment());
    const bad = results.filter((r) => r.compliance === 'NonCompliant' || r.compliance === 'Unknown');
    expect(bad).toEqual([]);
    expect(new Set(results.map((r) => r.ruleId)).size).toBeGreaterThanOrEqual(25);
    expect(summarize(results).byCompliance.NonCompliant).toBe(0);
  });

  it('names the rule and the fix when the template is weakened', () => {
    let env = environment();
    env = replace(env, ids.keyVault, (r) => set(r, 'properties.enablePurgeProtection', false));
    env = replace(env, ids.registry, (r) => set(set(r, 'properties.publicNetworkAccess', 'Enabled'), 'properties.networkRuleSet.defaultAction', 'Allow'));
    env = replace(env, ids.storage, (r) => set(r, 'properties.networkAcls.defaultAction', 'Allow'));
    env.push(examples.privateDnsZone('privatelink.azurecr.io'));
    const bad = runBaseline(env, { fromPlan: true }).filter((r) => r.compliance === 'NonCompliant');
    expect(bad.map((r) => `${r.ruleId} ${r.resourceId.split('/').pop() ?? ''}`).sort()).toEqual([
      'IL5-ACR-002 cril5ml',
      'IL5-DNS-001 privatelink.azurecr.io',
      'IL5-KV-001 kv-il5ml',
      'IL5-ST-003 stil5ml',
      'IL5-ST-004 stil5ml',
    ]);
    const kv = bad.find((r) => r.ruleId === 'IL5-KV-001');
    expect(kv).toMatchObject({
      policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/0b60c0b2-2dc2-4e1c-b5c9-abbed971de53',
      displayName: 'IL5.KeyVault.PurgeProtection',
      effect: 'audit',
      reason: 'properties.enablePurgeProtection = false',
      severity: 'high',
      groups: ['CP-9', 'SC-12'],
    });
    expect(kv?.remediation).toMatch(/^\[spec keyVault\] Set properties.enablePurgeProtection to true/);
    const dns = bad.find((r) => r.ruleId === 'IL5-DNS-001');
    expect(dns?.policyDefinitionId).toBe('IL5-DNS-001');
  });

  it('names the resource property in remediation when the input did not come from plan', () => {
    const [r] = runBaseline([set(examples.keyVault(), 'properties.enablePurgeProtection', false)], { rules: ['IL5-KV-001'] });
    expect(r?.remediation).toMatch(/^\[properties\.enablePurgeProtection\] /);
  });

  it('selects rules by id, name or mirrored GUID, and refuses unknown ones with all of them named', () => {
    expect(selectRules(['IL5-KV-001', 'IL5.Storage.SecureTransfer', '45e05259-1eb5-4f70-9574-baf73e9d219b']).map((r) => r.id)).toEqual([
      'IL5-KV-001',
      'IL5-MLW-002',
      'IL5-ST-001',
    ]);
    try {
      selectRules(['IL5-NOPE-001', 'nope']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UserInputError);
      expect((e as UserInputError).diagnostics.map((d) => d.message)).toEqual([
        "no baseline rule is called 'IL5-NOPE-001'. Did you mean \"IL5-DEP-001\" or \"IL5-LOG-001\" or \"IL5-NET-001\"?",
        "no baseline rule is called 'nope'",
      ]);
    }
  });

  it('turns a NonCompliant (and a Compliant) into Exempt under an unexpired exemption, and says when one expired', () => {
    const weak = set(examples.keyVault(), 'properties.enablePurgeProtection', false);
    const exemption = { rule: 'IL5-KV-001', resource: 'kv-*', justification: 'break-glass vault, ticket 123', expiresOn: '2027-01-01' };
    const [a] = runBaseline([weak], { rules: ['IL5-KV-001'], exemptions: [exemption], today: '2026-11-25' });
    expect(a).toMatchObject({ compliance: 'Exempt', exemption: { justification: 'break-glass vault, ticket 123', expiresOn: '2027-01-01' } });
    const [b] = runBaseline([weak], { rules: ['IL5-KV-001'], exemptions: [exemption], today: '2027-01-01' });
    expect(b).toMatchObject({ compliance: 'NonCompliant', reason: 'properties.enablePurgeProtection = false (the exemption for this rule expired on 2027-01-01)' });
    const [c] = runBaseline([weak], { rules: ['IL5-KV-001'], exemptions: [{ ...exemption, resource: 'other-*' }], today: '2026-11-25' });
    expect(c?.compliance).toBe('NonCompliant');
    // A Compliant result is Exempt too, as Azure reports a resource an exemption covers; the reason says it meets the rule.
    const [d] = runBaseline([examples.keyVault()], { rules: ['IL5-KV-001'], exemptions: [exemption], today: '2026-11-25' });
    expect(d).toMatchObject({ compliance: 'Exempt', reason: expect.stringContaining('(meets the rule; exempt all the same') });
    expect(d?.remediation).toBeUndefined();
    const [e] = runBaseline([weak], { rules: ['IL5-KV-001'], exemptions: [{ ...exemption, rule: '0b60c0b2-2dc2-4e1c-b5c9-abbed971de53' }], today: '2026-11-25' });
    expect(e?.compliance).toBe('Exempt');
  });

  it('reports a rule that throws as Unknown naming the rule, and goes on', () => {
    const hostile = {
      id: ids.keyVault,
      type: 'Microsoft.KeyVault/vaults',
      name: 'kv-il5ml',
      get properties(): unknown {
        throw new Error('boom');
      },
    } as AzureResource;
    const results = runBaseline([hostile, examples.storage()]);
    const kv = results.filter((r) => r.resourceType === 'Microsoft.KeyVault/vaults' && r.ruleId?.startsWith('IL5-KV'));
    expect(kv.map((r) => [r.ruleId, r.compliance, r.reason])).toEqual([
      ...['IL5-KV-001', 'IL5-KV-002', 'IL5-KV-003'].map((id) => [id, 'Unknown', `rule ${id} failed on this resource: boom`]),
      // The logs rule reads the vault's diagnostic settings, never its properties.
      ['IL5-KV-004', 'NonCompliant', 'no diagnostic setting is attached to the vault'],
    ]);
    expect(results.some((r) => r.resourceType === 'Microsoft.Storage/storageAccounts' && r.compliance === 'Compliant')).toBe(true);
  });

  it('applies each rule only to its resource types and keeps the template position', () => {
    const st = { ...examples.storage(), source: { file: 'azuredeploy.json', line: 10, column: 5 } };
    const results = runBaseline([st]);
    const storageRules = baselineRules.filter((r) => r.resourceTypes.some((t) => t === '*' || t.toLowerCase() === 'microsoft.storage/storageaccounts'));
    expect(results.map((r) => r.ruleId)).toEqual(storageRules.map((r) => r.id));
    expect(results.every((r) => r.source?.line === 10)).toBe(true);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(runBaseline(environment()))).toBe(JSON.stringify(runBaseline(environment())));
  });
});
