import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBin, runMain } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { defLogs, defPurge, set, SUB } from '../helpers/test-initiative.js';

const kv = (name: string, purge: boolean) => ({ id: `${SUB}/Microsoft.KeyVault/vaults/${name}`, type: 'Microsoft.KeyVault/vaults', name, location: 'usgovvirginia', properties: { enablePurgeProtection: purge } });
const diag = (target: string) => ({ id: `${target}/providers/Microsoft.Insights/diagnosticSettings/d`, type: 'Microsoft.Insights/diagnosticSettings', name: 'd', properties: { logs: [{ category: 'AuditEvent', enabled: true }] } });

const template = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: { purge: { type: 'bool', defaultValue: false } },
  resources: [
    { type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name: 'kvt', location: 'usgovvirginia', properties: { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'premium' }, enablePurgeProtection: "[parameters('purge')]" } },
  ],
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-check-'));
  mkdirSync(join(dir, 'policies', 'definitions'), { recursive: true });
  writeFileSync(join(dir, 'policies', 'set.json'), JSON.stringify(set, null, 2));
  writeFileSync(join(dir, 'policies', 'definitions', `${defPurge.name}.json`), JSON.stringify(defPurge, null, 2));
  writeFileSync(join(dir, 'policies', 'definitions', `${defLogs.name}.json`), JSON.stringify(defLogs, null, 2));
  writeFileSync(join(dir, 'policies', 'notes.json'), '{"not": "a policy"}');
  const bad = kv('kv-bad', false);
  const good = kv('kv-good', true);
  writeFileSync(join(dir, 'estate.json'), JSON.stringify([bad, good, diag(good.id)], null, 2));
  writeFileSync(join(dir, 'graph.json'), JSON.stringify({ count: 2, data: [good, diag(good.id)] }, null, 2));
  writeFileSync(join(dir, 'azuredeploy.json'), JSON.stringify(template, null, 2));
  writeFileSync(join(dir, 'params.json'), JSON.stringify({ purgeEffect: { value: 'Disabled' } }));
  writeFileSync(join(dir, 'tparams.json'), JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', parameters: { purge: { value: true } } }));
  writeFileSync(
    join(dir, 'exemptions.json'),
    JSON.stringify({
      exemptions: [
        { policyDefinitionId: defPurge.name, resourceId: '*/vaults/kv-bad', justification: 'AO waiver W-12 until the HSM is racked', expiresOn: '2999-01-01' },
        { policyDefinitionId: defLogs.id, resourceId: '*', justification: 'expired waiver', expiresOn: '2001-01-01' },
      ],
    }),
  );
  writeFileSync(join(dir, 'broken.json'), '[{"type": "Microsoft.KeyVault/vaults"}]');
});

const run = (...args: string[]) => runMain(args, { cwd: dir });

describe('il5ml check', () => {
  it('resource list + policy folder: NonCompliant found, exit 1, JSON report (golden)', async () => {
    const r = await run('check', 'estate.json', '--policy', 'policies', '--baseline', 'none', '--format', 'json');
    expect(r.stderr).toBe('il5ml check: 4 verdicts over 2 resources (NonCompliant 2, Unknown 0, Exempt 0, NotApplicable 0, Compliant 2); exit 1: 2 NonCompliant at --fail-on any\n');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { results: { compliance: string; resourceId: string }[] };
    expect(doc.results.map((x) => `${x.resourceId.split('/').pop() ?? ''} ${x.compliance}`).sort()).toEqual(['kv-bad NonCompliant', 'kv-bad NonCompliant', 'kv-good Compliant', 'kv-good Compliant']);
    expectGolden('check/estate.json', r.stdout);
  });

  it('Markdown for an assessor, grouped by control (golden)', async () => {
    // SOURCE_DATE_EPOCH fixes the date the report says it ran (2026-06-01T00:00:00Z).
    const r = await runMain(['check', 'estate.json', '--policy', 'policies', '--baseline', 'none', '--format', 'md'], { cwd: dir, env: { SOURCE_DATE_EPOCH: '1780272000' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('| Date | 2026-06-01T00:00:00Z |');
    expectGolden('check/estate.md', r.stdout);
  });

  it('az graph query output ({"data": [...]}) with no NonCompliant: exit 0', async () => {
    const r = await run('check', 'graph.json', '--policy', 'policies', '--baseline', 'none', '--format', 'json');
    expect(r.code).toBe(0);
  });

  it('--policy-params in the {"name": {"value": …}} form turns an effect off', async () => {
    const r = await run('check', 'estate.json', '--policy', 'policies', '--baseline', 'none', '--policy-params', 'params.json', '--format', 'json');
    const doc = JSON.parse(r.stdout) as { results: { policyDefinitionReferenceId: string }[] };
    expect(new Set(doc.results.map((x) => x.policyDefinitionReferenceId))).toEqual(new Set(['logs']));
  });

  it('a template is expanded first; its parameters come from --parameters; source is file:line:column', async () => {
    const r = await run('check', 'azuredeploy.json', '--policy', 'policies', '--baseline', 'none', '--format', 'json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { results: { compliance: string; source?: { file: string; line: number } }[] };
    expect(doc.results.find((x) => x.compliance === 'NonCompliant')?.source).toMatchObject({ file: 'azuredeploy.json', line: 11, column: 5 });
    const withParams = await run('check', 'azuredeploy.json', '--policy', 'policies', '--baseline', 'none', '--parameters', 'tparams.json', '--format', 'json');
    const doc2 = JSON.parse(withParams.stdout) as { results: { policyDefinitionReferenceId: string; compliance: string }[] };
    expect(doc2.results.find((x) => x.policyDefinitionReferenceId === 'purge')?.compliance).toBe('Compliant');
  });

  it('exemptions: matching results Exempt with the justification; an expired one warns on stderr', async () => {
    const r = await run('check', 'estate.json', '--policy', 'policies', '--baseline', 'none', '--exemptions', 'exemptions.json', '--format', 'json');
    const doc = JSON.parse(r.stdout) as { results: { compliance: string; resourceId: string; policyDefinitionReferenceId: string }[] };
    const purgeBad = doc.results.find((x) => x.policyDefinitionReferenceId === 'purge' && x.resourceId.endsWith('kv-bad'));
    expect(purgeBad?.compliance).toBe('Exempt');
    expect(r.stderr).toMatch(/warning IL5-EXEMPT-EXPIRED/);
    expect(r.code).toBe(1);
  });

  it('--coverage counts what is evaluable offline', async () => {
    const r = await run('check', '--coverage', '--policy', 'policies');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Coverage of 2 policy definitions: 2 evaluable offline, 0 need live data/);
  });

  it('--coverage --format json gives the entries and counts as data', async () => {
    const r = await run('check', '--coverage', '--policy', 'policies', '--format', 'json');
    const doc = JSON.parse(r.stdout) as { total: number; offline: number; entries: { category: string; policyDefinitionId: string }[] };
    expect([doc.total, doc.offline]).toEqual([2, 2]);
    // By category, then display name.
    expect(doc.entries.map((e) => [e.category, e.policyDefinitionId.split('/').pop()])).toEqual([
      ['offline', defPurge.name],
      ['offline', defLogs.name],
    ]);
  });

  it('without --policy the built-in baseline runs', async () => {
    const r = await run('check', 'estate.json', '--format', 'json');
    const doc = JSON.parse(r.stdout) as { results: { ruleId?: string }[] };
    expect(doc.results.some((x) => x.ruleId !== undefined)).toBe(true);
  });

  it('bad input: exit 2, the error names file and position, no --out file', async () => {
    const r = await run('check', 'broken.json', '--policy', 'policies', '--out', 'report.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.json:1:2: error IL5-CHECK-RESOURCE/);
    expect(existsSync(join(dir, 'report.json'))).toBe(false);
  });

  it('a missing policy folder or file is bad input', async () => {
    const r = await run('check', 'estate.json', '--policy', 'nowhere');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IL5-INPUT-FILE/);
  });

  it('as the installed command (node bin/il5ml.cjs, after npm run build): exit 1 on findings, 2 on bad input', () => {
    const ok = runBin(['check', 'estate.json', '--policy', 'policies', '--baseline', 'none', '--format', 'junit'], { cwd: dir });
    expect(ok.code).toBe(1);
    expect(ok.stdout).toContain('<testsuites');
    const bad = runBin(['check', 'broken.json', '--policy', 'policies'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('--out writes the report only when the check ran', async () => {
    const r = await run('check', 'estate.json', '--policy', 'policies', '--baseline', 'none', '--format', 'sarif', '--out', 'out/check.sarif');
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'check.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
  });
});
