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
    expect(r.stderr).toBe('');
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

  it('prints warnings (docker bridge overlap), still writes the plan and exits 0', async () => {
    const cwd = tmp();
    writeFileSync(
      join(cwd, 'w.yaml'),
      'network:\n  addressSpace: 172.16.0.0/12\n  subnets:\n    training: 172.16.0.0/24\n    scoring: 172.16.1.0/24\n    bastion: 172.16.2.0/26\n    firewall: 172.16.3.0/26\n',
    );
    const r = await runMain(['plan', '--spec', 'w.yaml', '--out', 'o'], { cwd });
    expect(r.code).toBe(0);
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

  it('as a user types it (bin/il5ml.js, after npm run build): writes the four files', () => {
    const cwd = tmp();
    const r = runBin(['plan', '--out', join(cwd, 'out')], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
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
