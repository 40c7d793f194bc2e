/**
 * The command of issue 5's "done when", as a user types it: `il5ml check out/azuredeploy.json --policy
 * ../shared/azure-policy`, on the project's default plan; and `--coverage` over the same folder (golden).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/emit/plan.js';
import { defaultSpec } from '../../src/spec/load.js';
import { runMain } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { sharedPath } from './shared.js';

const dir = mkdtempSync(join(tmpdir(), 'il5ml-check-il5-'));
writeFileSync(join(dir, 'azuredeploy.json'), buildPlan(defaultSpec()).files().get('azuredeploy.json') ?? '');

describe('il5ml check against ../shared/azure-policy', () => {
  it('gives a verdict with a reason for every applicable pair; exit code follows NonCompliant', async () => {
    const r = await runMain(['check', 'azuredeploy.json', '--policy', sharedPath('azure-policy'), '--baseline', 'none', '--format', 'json'], { cwd: dir });
    const doc = JSON.parse(r.stdout) as { results: { compliance: string; reason: string; policySetDefinitionId?: string; source?: unknown }[]; summary: { byCompliance: Record<string, number> } };
    expect(doc.results.length).toBeGreaterThan(0);
    for (const x of doc.results) {
      expect(x.reason).not.toBe('');
      expect(x.source).toBeDefined();
    }
    // Every verdict is the initiative's: the one older workspace definition beside it is in no set, so it is
    // part of the library, not evaluated alone (src/policy/choose.ts), and stderr says so.
    expect(doc.results.every((x) => x.policySetDefinitionId?.endsWith('f9a961fa-3241-4b20-adc4-bbf8ad9d7197'))).toBe(true);
    expect(r.stderr).toMatch(/il5ml: 1 definition under --policy is in no set evaluated and is not evaluated alone/);
    expect(r.code).toBe(doc.summary.byCompliance.NonCompliant ? 1 : 0);
  });

  it('honours the policy exemption the plan declares: the jump box backup and Site Recovery results are Exempt (Mitigated), no NonCompliant, exit 0', async () => {
    const r = await runMain(['check', 'azuredeploy.json', '--policy', sharedPath('azure-policy'), '--format', 'json'], { cwd: dir });
    const doc = JSON.parse(r.stdout) as { results: { compliance: string; reason: string; policyDefinitionId: string; ruleId?: string }[]; summary: { byCompliance: Record<string, number> } };
    expect(doc.summary.byCompliance.NonCompliant).toBe(0);
    expect(r.code).toBe(0);
    const exempt = doc.results.filter((x) => x.compliance === 'Exempt');
    expect(exempt.map((x) => x.policyDefinitionId.split('/').pop()).sort()).toEqual(['0015ea4d-51ff-4ce3-8d8c-f3f8f0179a56', '013e242c-8828-4970-87b3-ab247555486d']);
    for (const x of exempt) expect(x.reason).toMatch(/^exempt \(Mitigated\) by policy exemption il5ml-exemption-jumpbox-stateless: il5ml jump box: stateless/);
  });

  it('--coverage lists every definition with its category (golden)', async () => {
    const r = await runMain(['check', '--coverage', '--policy', sharedPath('azure-policy')], { cwd: dir });
    expect(r.code).toBe(0);
    // The initiative's 186; 40cec1dd, the older private-link definition beside it, is in no set evaluated (src/policy/choose.ts).
    expect(r.stdout.split('\n')[0]).toBe('Coverage of 186 policy definitions: 142 evaluable offline, 44 need live data from Azure, 0 disabled, 0 not evaluable.');
    expectGolden('check/il5-coverage.txt', r.stdout);
  });
});
