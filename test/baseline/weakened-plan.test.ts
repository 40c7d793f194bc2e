import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/verdict.js';
import { buildPlan } from '../../src/emit/plan.js';
import { defaultSpec } from '../../src/spec/load.js';
import { runMain } from '../helpers/cli.js';

/**
 * Issue 6, done when: a plan whose template is weakened (purge protection off, registry and storage
 * public access on, a commercial DNS zone) gets NonCompliant verdicts from `il5ml check` naming the rule
 * and the fix. The template is the default plan's, edited as a user would edit azuredeploy.json.
 */
type Json = Record<string, unknown>;

function weaken(text: string): string {
  const t = JSON.parse(text) as { resources: Json[] };
  const props = (type: string): Json => {
    const r = t.resources.find((x) => typeof x.type === 'string' && x.type.toLowerCase() === type.toLowerCase());
    if (!r) throw new Error(`the default plan has no ${type}`);
    return (r.properties ??= {}) as Json;
  };
  props('Microsoft.KeyVault/vaults').enablePurgeProtection = false;
  Object.assign(props('Microsoft.ContainerRegistry/registries'), { publicNetworkAccess: 'Enabled', networkRuleSet: { defaultAction: 'Allow' } });
  const st = props('Microsoft.Storage/storageAccounts');
  st.publicNetworkAccess = 'Enabled';
  st.networkAcls = { defaultAction: 'Allow', bypass: 'AzureServices' };
  t.resources.push({ type: 'Microsoft.Network/privateDnsZones', apiVersion: '2020-06-01', name: 'privatelink.azurecr.io', location: 'global' });
  return JSON.stringify(t, null, 2);
}

describe('il5ml check on a weakened plan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'il5ml-weak-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports each weakening as NonCompliant, with the rule and the fix', async () => {
    const text = buildPlan(defaultSpec()).files().get('azuredeploy.json') ?? '';
    writeFileSync(join(dir, 'azuredeploy.json'), weaken(text), 'utf8');
    const r = await runMain(['check', 'azuredeploy.json', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const results = (JSON.parse(r.stdout) as { results: CheckResult[] }).results;
    const bad = (ruleId: string): CheckResult | undefined => results.find((x) => x.ruleId === ruleId && x.compliance === 'NonCompliant');
    expect(bad('IL5-KV-001')?.reason).toBe('properties.enablePurgeProtection = false');
    expect(bad('IL5-ACR-002')?.reason).toBe("properties.networkRuleSet.defaultAction = 'Allow'; properties.publicNetworkAccess = 'Enabled'");
    expect(bad('IL5-ST-003')?.reason).toBe("properties.networkAcls.defaultAction = 'Allow'");
    expect(bad('IL5-DNS-001')?.reason).toBe('zone privatelink.azurecr.io (Azure Government: privatelink.azurecr.us) is a commercial-cloud zone');
    for (const id of ['IL5-KV-001', 'IL5-ACR-002', 'IL5-ST-003', 'IL5-DNS-001']) {
      expect(bad(id)?.remediation, id).toMatch(/^\[.+\] \S/);
    }
    expect(bad('IL5-KV-001')?.policyDefinitionId).toBe('/providers/Microsoft.Authorization/policyDefinitions/0b60c0b2-2dc2-4e1c-b5c9-abbed971de53');
  });
});
