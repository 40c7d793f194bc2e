import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { egressRules, ruleTags } from '../../src/net/egress-rules.js';
import { defaultSpec } from '../../src/spec/load.js';
import { runBin, runMain } from '../helpers/cli.js';
import { tagsFile } from '../net/tags-fixture.js';

/** Issue 14, point 1: the spec `il5ml init` just wrote is the one plan, egress, egress diff and dns use. */

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'il5ml-discover-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const OTHER_SPACE = 'network:\n  addressSpace: 10.20.0.0/16\n  subnets:\n    training: 10.20.0.0/24\n    scoring: 10.20.1.0/24\n    bastion: 10.20.2.0/26\n    firewall: 10.20.3.0/26\n';

describe('spec discovery', () => {
  it.each(['il5ml.yaml', 'il5ml.yml'])('egress, dns and plan use ./%s and say so on the first line of stderr', async (name) => {
    const cwd = tmp();
    writeFileSync(join(cwd, name), OTHER_SPACE);
    const egress = await runMain(['egress', '--format', 'csv'], { cwd });
    expect(egress.code).toBe(0);
    expect(egress.stderr.split('\n')[0]).toBe(`il5ml: spec ${name} (found in ${cwd})`);
    // stdout stays the artifact alone, and it is the discovered spec's address space.
    expect(egress.stdout.startsWith('ruleId,')).toBe(true);
    expect(egress.stdout).toContain('Training 10.20.0.0/24; Scoring 10.20.1.0/24');
    const dns = await runMain(['dns', '--format', 'json'], { cwd });
    expect(dns.stderr.split('\n')[0]).toBe(`il5ml: spec ${name} (found in ${cwd})`);
    expect(JSON.parse(dns.stdout)).toHaveProperty('zones');
    const plan = await runMain(['plan'], { cwd });
    expect(plan.code).toBe(0);
    expect(plan.stderr.split('\n')[0]).toBe(`il5ml: spec ${name} (found in ${cwd})`);
    expect(readFileSync(join(cwd, 'out', 'azuredeploy.json'), 'utf8')).toContain('10.20.0.0/16');
  });

  it('il5ml.json is found too; --spec/-s names another file and wins', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'il5ml.json'), JSON.stringify({ network: { addressSpace: '10.30.0.0/16', subnets: { training: '10.30.0.0/24', scoring: '10.30.1.0/24', bastion: '10.30.2.0/26', firewall: '10.30.3.0/26' } } }));
    writeFileSync(join(cwd, 'other.yaml'), OTHER_SPACE);
    const found = await runMain(['egress', '--format', 'csv'], { cwd });
    expect(found.stderr.split('\n')[0]).toBe(`il5ml: spec il5ml.json (found in ${cwd})`);
    expect(found.stdout).toContain('Training 10.30.0.0/24');
    const named = await runMain(['egress', '-s', 'other.yaml', '--format', 'csv'], { cwd });
    expect(named.stderr.split('\n')[0]).toBe('il5ml: spec other.yaml (--spec)');
    expect(named.stdout).toContain('Training 10.20.0.0/24');
  });

  it('egress diff uses the discovered spec to decide which tags matter', async () => {
    const cwd = tmp();
    const names = ruleTags(egressRules(defaultSpec()));
    expect(names).toContain('AzureMonitor');
    for (const [f, n] of [['old.json', 1], ['new.json', 2]] as const) {
      writeFileSync(join(cwd, f), tagsFile(names.map((name, i) => ({ name, prefixes: [`20.${i}.${n}.0/24`] })), n));
    }
    const before = await runMain(['egress', 'diff', 'old.json', 'new.json', '--format', 'json'], { cwd });
    expect((JSON.parse(before.stdout) as { tags: { tag: string }[] }).tags.map((t) => t.tag)).toContain('AzureMonitor');
    // With an Azure Monitor private link scope the AzureMonitor rule goes, and so does its tag.
    writeFileSync(join(cwd, 'il5ml.yaml'), 'monitoring:\n  privateLinkScope: true\n');
    const after = await runMain(['egress', 'diff', 'old.json', 'new.json', '--format', 'json'], { cwd });
    expect(after.stderr.split('\n')[0]).toBe(`il5ml: spec il5ml.yaml (found in ${cwd})`);
    expect((JSON.parse(after.stdout) as { tags: { tag: string }[] }).tags.map((t) => t.tag)).not.toContain('AzureMonitor');
  });

  it('no spec file: the built-in default is named, with how to get one', async () => {
    const cwd = tmp();
    const r = await runMain(['dns'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`il5ml: spec <built-in default> (no il5ml.yaml, il5ml.yml, il5ml.json in ${cwd}; \`il5ml init --out il5ml.yaml\` writes one, --spec names another)\n`);
  });

  it('two candidates: exit 2, naming both, nothing guessed', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'il5ml.yaml'), OTHER_SPACE);
    writeFileSync(join(cwd, 'il5ml.json'), '{}');
    const r = await runMain(['egress'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('il5ml.yaml and il5ml.json are both in');
    expect(r.stderr).toContain('fix: name one with --spec il5ml.yaml');
    expect(r.stdout).toBe('');
  });

  it('as a user types it: il5ml init --out il5ml.yaml, edit it, then il5ml egress diff uses it', () => {
    const cwd = tmp();
    expect(runBin(['init', '--out', 'il5ml.yaml'], { cwd }).code).toBe(0);
    const text = readFileSync(join(cwd, 'il5ml.yaml'), 'utf8');
    writeFileSync(join(cwd, 'il5ml.yaml'), text.replace(/pypi: false/, 'pypi: true'));
    const r = runBin(['egress', '--format', 'csv'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(`il5ml: spec il5ml.yaml (found in ${cwd})`);
    expect(r.stdout).toContain(',pypi.org,');
  });
});
