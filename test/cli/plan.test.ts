import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/emit/plan.js';
import { defaultSpec } from '../../src/spec/load.js';
import { runBin, runMain } from '../helpers/cli.js';

const FOUR = ['azuredeploy.json', 'azuredeploy.parameters.json', 'deploy.sh', 'plan.md'];
const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'il5ml-plan-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('il5ml plan', () => {
  it('--out DIR writes the four files of the default plan, byte for byte, and exits 0', async () => {
    const cwd = tmp();
    const r = await runMain(['plan', '--out', 'planned'], { cwd });
    expect(r.stderr).toMatch(/^il5ml: spec <built-in default> \(no il5ml\.yaml, il5ml\.yml, il5ml\.json in .*\n$/);
    expect(r.code).toBe(0);
    expect(readdirSync(join(cwd, 'planned')).sort()).toEqual(FOUR);
    for (const [name, text] of buildPlan(defaultSpec()).files()) expect(readFileSync(join(cwd, 'planned', name), 'utf8'), name).toBe(text);
    const count = buildPlan(defaultSpec()).template.resources.length;
    expect(r.stdout).toContain(`${count} resources in usgovvirginia`);
    expect(r.stdout).toContain('wrote planned/azuredeploy.json');
    expect(r.stdout).toContain('0 warnings');
  });

  it('writes ./out by default and makes deploy.sh executable', async () => {
    const cwd = tmp();
    const r = await runMain(['plan'], { cwd });
    expect(r.code).toBe(0);
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(FOUR);
    expect(statSync(join(cwd, 'out', 'deploy.sh')).mode & 0o111).not.toBe(0);
  });

  it('--spec FILE plans that spec', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'az.yaml'), 'region: usgovarizona\njumpBox:\n  isolation: isolatedSize\n  vmSize: Standard_E104i_v5\n');
    const r = await runMain(['plan', '--spec', 'az.yaml', '--out', 'o'], { cwd });
    expect(r.code).toBe(0);
    const template = JSON.parse(readFileSync(join(cwd, 'o', 'azuredeploy.json'), 'utf8')) as { parameters: { location: { defaultValue: string } } };
    expect(template.parameters.location.defaultValue).toBe('usgovarizona');
  });

  it('a docker bridge overlap is an operational warning, not an IL5 NonCompliant: the plan is written, exit 0', async () => {
    const cwd = tmp();
    writeFileSync(
      join(cwd, 'w.yaml'),
      'network:\n  addressSpace: 172.16.0.0/12\n  subnets:\n    training: 172.16.0.0/24\n    scoring: 172.16.1.0/24\n    bastion: 172.16.2.0/26\n    firewall: 172.16.3.0/26\n',
    );
    const r = await runMain(['plan', '--spec', 'w.yaml', '--out', 'o'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^w\.yaml:2:\d+: warning IL5-SPEC-DOCKER-BRIDGE: the address space 172\.16\.0\.0\/12 overlaps 172\.17\.0\.0\/16/m);
    expect(r.stdout).toMatch(/, 0 NonCompliant,/);
    expect(r.stderr).toMatch(/w\.yaml:\d+:\d+: warning/);
    expect(r.stdout).toMatch(/[1-9]\d* warnings?/);
    expect(readdirSync(join(cwd, 'o')).sort()).toEqual(FOUR);
  });

  it('a bad spec exits 2, names file:line:column, and writes nothing', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'bad.yaml'), 'region: eastus\n');
    const r = await runMain(['plan', '--spec', 'bad.yaml', '--out', 'o'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:1:\d+: error/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cwd, 'o', 'azuredeploy.json'))).toBe(false);
    expect(existsSync(join(cwd, 'o'))).toBe(false);
  });

  it('a missing spec file exits 2 naming the path', async () => {
    const cwd = tmp();
    const r = await runMain(['plan', '--spec', 'nope.yaml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(cwd, 'nope.yaml'));
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('the default plan: a baseline summary with zero NonCompliant from at least 25 rules', async () => {
    const cwd = tmp();
    const r = await runMain(['plan'], { cwd });
    expect(r.code).toBe(0);
    const m = /^baseline: (\d+) of (\d+) rules on (\d+) resources: (\d+) Compliant, 0 NonCompliant, 0 Exempt, 0 Unknown, 0 NotApplicable$/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(25);
    expect(r.stdout).not.toMatch(/^ {2}NonCompliant/m);
  });

  it('and `il5ml check out/azuredeploy.json` on it (the baseline, no --policy) agrees: zero NonCompliant from at least 25 rules', async () => {
    const cwd = tmp();
    expect((await runMain(['plan'], { cwd })).code).toBe(0);
    const r = await runMain(['check', 'out/azuredeploy.json', '--format', 'json'], { cwd });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { results: Array<{ ruleId?: string; compliance: string }>; summary: { byCompliance: Record<string, number> } };
    expect(report.summary.byCompliance.NonCompliant).toBe(0);
    expect(new Set(report.results.map((x) => x.ruleId)).size).toBeGreaterThanOrEqual(25);
  });

  const WEAK = 'posture:\n  publicNetworkAccess: true\n';
  const RULES = ['IL5-ACR-002', 'IL5-KV-003', 'IL5-MLW-003', 'IL5-ST-003', 'IL5-ST-004'];
  const exemptions = (expiresOn: string): string =>
    `${WEAK}policy:\n  exemptions:\n${RULES.map((rule) => `    - rule: ${rule}\n      justification: accepted by the AO (SEC-1)\n      expiresOn: ${expiresOn}\n`).join('')}`;

  it('a spec that weakens the posture: the four files are written, each NonCompliant names its rule and fix, exit 1', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'weak.yaml'), WEAK);
    const r = await runMain(['plan', '--spec', 'weak.yaml', '--out', 'o'], { cwd });
    expect(r.code).toBe(1);
    expect(readdirSync(join(cwd, 'o')).sort()).toEqual(FOUR);
    for (const rule of RULES) expect(r.stdout).toMatch(new RegExp(`^  NonCompliant ${rule} \\S+: .+\\n    fix: \\[spec posture\\.publicNetworkAccess\\] `, 'm'));
    expect(r.stdout).toMatch(/, 5 NonCompliant, 0 Exempt,/);
    expect(readFileSync(join(cwd, 'o', 'plan.md'), 'utf8')).toContain('| NonCompliant | 5 |');
  });

  it('the same spec with an unexpired exemption for each rule: Exempt results, exit 0', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'x.yaml'), exemptions('2099-12-31'));
    const r = await runMain(['plan', '--spec', 'x.yaml', '--out', 'o'], { cwd });
    expect(r.stderr).toBe('il5ml: spec x.yaml (--spec)\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/, 0 NonCompliant, 5 Exempt,/);
    for (const rule of RULES) expect(r.stdout).toMatch(new RegExp(`^  Exempt ${rule} \\S+ until 2099-12-31: accepted by the AO`, 'm'));
    const template = JSON.parse(readFileSync(join(cwd, 'o', 'azuredeploy.json'), 'utf8')) as { resources: Array<{ type: string; name: string }> };
    expect(template.resources.filter((x) => x.type === 'Microsoft.Authorization/policyExemptions' && !x.name.endsWith('-jumpbox-stateless'))).toHaveLength(4);
  });

  it('an expired exemption warns at its spec position, no longer exempts, and the plan exits 1', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'old.yaml'), exemptions('2020-01-01'));
    const r = await runMain(['plan', '--spec', 'old.yaml', '--out', 'o'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^old\.yaml:7:18: warning IL5-PLAN-EXEMPTION: exemption 1 \(IL5-ACR-002\) expired on 2020-01-01/m);
    expect(r.stderr.match(/warning IL5-PLAN-EXEMPTION/g)).toHaveLength(5);
    expect(r.stdout).toMatch(/, 5 NonCompliant, 0 Exempt,/);
    expect(r.stdout).toContain('(the exemption for this rule expired on 2020-01-01)');
    expect(readdirSync(join(cwd, 'o')).sort()).toEqual(FOUR);
  });

  it("a typo'd rule id in an exemption is an error (exit 2, did-you-mean); a resource naming nothing of the plan warns", async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'typo.yaml'), 'policy:\n  exemptions:\n    - rule: IL5-KV-03\n      justification: typo\n      expiresOn: 2099-01-01\n');
    const r = await runMain(['plan', '--spec', 'typo.yaml', '--out', 'o'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^typo\.yaml:3:13: error IL5-SPEC-EXEMPTIONS: exemption 1: 'IL5-KV-03' is no baseline rule id or name.*Did you mean "IL5-KV-003"\?/m);
    expect(existsSync(join(cwd, 'o'))).toBe(false);
    writeFileSync(join(cwd, 'res.yaml'), 'policy:\n  exemptions:\n    - rule: IL5-KV-003\n      resource: kv-missing\n      justification: wrong name\n      expiresOn: 2099-01-01\n');
    const w = await runMain(['plan', '--spec', 'res.yaml', '--out', 'o'], { cwd });
    expect(w.code).toBe(0);
    expect(w.stderr).toMatch(/^res\.yaml:4:17: warning IL5-PLAN-EXEMPTION: exemption 1 \(IL5-KV-003\) resource 'kv-missing' names no resource/m);
    expect(w.stdout).toContain('1 warning');
  });

  it('policy.assignIl5Initiative: the assignment is on by default and switchable off', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'off.yaml'), 'policy:\n  assignIl5Initiative: false\n');
    expect((await runMain(['plan', '--out', 'on'], { cwd })).code).toBe(0);
    expect((await runMain(['plan', '--spec', 'off.yaml', '--out', 'off'], { cwd })).code).toBe(0);
    const types = (dir: string): string[] =>
      (JSON.parse(readFileSync(join(cwd, dir, 'azuredeploy.json'), 'utf8')) as { resources: Array<{ type: string }> }).resources.map((x) => x.type);
    expect(types('on')).toContain('Microsoft.Authorization/policyAssignments');
    expect(types('off')).not.toContain('Microsoft.Authorization/policyAssignments');
  });

  it('as a user types it (bin/il5ml.cjs, after npm run build): writes the four files', () => {
    const cwd = tmp();
    const r = runBin(['plan', '--out', join(cwd, 'out')], { cwd });
    expect(r.stderr).toMatch(/^il5ml: spec <built-in default> \(no il5ml\.yaml, il5ml\.yml, il5ml\.json in .*\n$/);
    expect(r.code).toBe(0);
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(FOUR);
  });

  it('as a user types it: a weakened spec still writes the four files and exits 1', () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'weak.yaml'), WEAK);
    const r = runBin(['plan', '--spec', 'weak.yaml', '--out', 'out'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('NonCompliant IL5-KV-003');
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(FOUR);
  });

  it('as a user types it: a bad spec exits 2 and leaves no azuredeploy.json', () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'bad.yaml'), 'network:\n  subnets:\n    bastion: 172.16.2.0/27\n');
    const r = runBin(['plan', '--spec', 'bad.yaml', '--out', 'out'], { cwd });
    expect(r.code).toBe(2);
    expect(existsSync(join(cwd, 'out', 'azuredeploy.json'))).toBe(false);
  });
});
