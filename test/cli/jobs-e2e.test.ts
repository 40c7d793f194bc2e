import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/arm/template/index.js';
import { buildPlan } from '../../src/emit/plan.js';
import { defaultSpec } from '../../src/spec/load.js';
import { mixedEstate } from '../baseline/pass-corpora.js';
import { runBin } from '../helpers/cli.js';

// `check --jobs N` as a user types it (npm run build): worker threads judge ranges of the estate and the
// reports are byte for byte the one-thread reports — every format sorts its results.
let dir = '';
const definition = (name: string, rule: unknown) => ({ name, type: 'Microsoft.Authorization/policyDefinitions', properties: { displayName: name, mode: 'All', policyRule: rule } });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-jobs-e2e-'));
  const plan = buildPlan(defaultSpec());
  const seed = expandTemplate({ text: plan.files().get('azuredeploy.json') ?? '', file: 'azuredeploy.json' }).resources.filter((r) => !/deployments$/i.test(r.type));
  const lines: string[] = [];
  for (let i = 0; i < 30; i++) {
    for (const r of seed) {
      const { source: _s, ...rest } = r;
      let t = JSON.stringify(rest).replace(/\/resourceGroups\//gi, `/resourceGroups/c${i}-`);
      if (i % 3 === 1) t = t.replace(/"publicNetworkAccess":"Disabled"/g, '"publicNetworkAccess":"Enabled"').replace(/"enablePurgeProtection":true/g, '"enablePurgeProtection":false');
      lines.push(t);
    }
  }
  writeFileSync(join(dir, 'estate.json'), `[\n${lines.join(',\n')}\n]\n`);
  // Exemptions and the assignments they name in the input (one expired, one whose assignment is absent), lookups across resource groups.
  writeFileSync(join(dir, 'mixed.json'), `[\n${mixedEstate(true).map(({ source: _s, ...r }) => JSON.stringify(r)).join(',\n')}\n]\n`);
  mkdirSync(join(dir, 'policies'));
  writeFileSync(join(dir, 'policies', 'purge.json'), JSON.stringify(definition('purge', { if: { allOf: [{ field: 'type', equals: 'Microsoft.KeyVault/vaults' }, { field: 'Microsoft.KeyVault/vaults/enablePurgeProtection', notEquals: true }] }, then: { effect: 'audit' } })));
  writeFileSync(join(dir, 'policies', 'logs.json'), JSON.stringify(definition('logs', { if: { field: 'type', in: ['Microsoft.KeyVault/vaults', 'Microsoft.Storage/storageAccounts'] }, then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Insights/diagnosticSettings' } } })));
  writeFileSync(join(dir, 'policies', 'public.json'), JSON.stringify(definition('public', { if: { field: 'Microsoft.Storage/storageAccounts/publicNetworkAccess', equals: 'Enabled' }, then: { effect: 'deny' } })));
  return undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check --jobs (worker threads)', () => {
  it('gives byte-identical reports with 1, 2 and 3 threads, in JSON and as a table', () => {
    const env = { IL5ML_WORKER_MIN_RESOURCES: '100', SOURCE_DATE_EPOCH: '1780272000' };
    for (const format of ['json', 'table']) {
      const one = runBin(['check', 'estate.json', '--policy', 'policies', '--format', format, '--jobs', '1'], { cwd: dir, env });
      expect(one.code, one.stderr).toBe(1);
      expect(one.stdout.length).toBeGreaterThan(1000);
      for (const jobs of ['2', '3']) {
        const many = runBin(['check', 'estate.json', '--policy', 'policies', '--format', format, '--jobs', jobs], { cwd: dir, env });
        expect(many.code, many.stderr).toBe(1);
        expect(many.stdout, `${format} --jobs ${jobs}`).toBe(one.stdout);
        expect(many.stderr).toBe(one.stderr);
      }
    }
  });

  it('gives the one-thread report on an estate with exemptions, with every spool\'s store two pages of 4 KiB (written out and read back all along)', () => {
    const env = { IL5ML_WORKER_MIN_RESOURCES: '50', SOURCE_DATE_EPOCH: '1780272000' };
    const args = (jobs: string, out: string): string[] => ['check', 'mixed.json', '--policy', 'policies', '--format', 'json', '--out', out, '--jobs', jobs];
    const one = runBin(args('1', 'mixed-1.json'), { cwd: dir, env });
    expect(one.code, one.stderr).toBe(1);
    // The input's exemptions are read (the main thread's spool with worker threads): their warnings, and Exempt results.
    expect(one.stderr).toMatch(/expired-set/);
    expect(one.stderr).toMatch(/absent/);
    const report = readFileSync(join(dir, 'mixed-1.json'), 'utf8');
    expect(report).toMatch(/"compliance": ?"Exempt"/);
    for (const jobs of ['1', '2', '3']) {
      const small = runBin(args(jobs, `mixed-small-${jobs}.json`), { cwd: dir, env: { ...env, IL5ML_STORE_BUDGET_KIB: '8' } });
      expect(small.code, small.stderr).toBe(1);
      expect(small.stderr.replace(`mixed-small-${jobs}.json`, 'mixed-1.json'), `--jobs ${jobs}`).toBe(one.stderr);
      expect(readFileSync(join(dir, `mixed-small-${jobs}.json`), 'utf8'), `--jobs ${jobs}`).toBe(report);
    }
    // The same id listed more than once: results equal but for their place (line, type) come out in input
    // order whatever thread made them, in the spool (JSON) and in memory (a table).
    expect(report.match(/"resourceId": "[^"]*vm-jumpbox"/g)?.length).toBeGreaterThan(8);
    const table = (jobs: string): string => runBin(['check', 'mixed.json', '--policy', 'policies', '--format', 'table', '--jobs', jobs], { cwd: dir, env }).stdout;
    expect(table('2')).toBe(table('1'));
  });

  it('a bad policy flag is exit 2 from the main thread before any worker starts; a JSON report through the spool matches too', () => {
    const env = { IL5ML_WORKER_MIN_RESOURCES: '100' };
    const bad = runBin(['check', 'estate.json', '--policy', 'missing-folder', '--jobs', '2'], { cwd: dir, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const one = runBin(['check', 'estate.json', '--policy', 'policies', '--format', 'json', '--out', 'one.json', '--jobs', '1'], { cwd: dir, env });
    const two = runBin(['check', 'estate.json', '--policy', 'policies', '--format', 'json', '--out', 'two.json', '--jobs', '2'], { cwd: dir, env });
    expect([one.code, two.code]).toEqual([1, 1]);
    expect(two.stderr.replace('two.json', 'one.json')).toBe(one.stderr);
  });
});
