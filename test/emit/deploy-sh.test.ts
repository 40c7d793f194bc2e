import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/emit/plan.js';
import { defaultSpec } from '../../src/spec/load.js';

/**
 * Runs the generated deploy.sh with bash against a stub `az` that records its arguments and copies every
 * `--parameters @file` it is given, so the script's flow and its handling of the password can be checked
 * without Azure.
 */
const STUB_AZ = `#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$AZ_LOG"
prev=""
for a in "$@"; do
  if [ "$prev" = "--parameters" ] && [ "\${a#@}" != "$a" ]; then
    f="\${a#@}"; n=$(ls "$AZ_FILES" | wc -l); cp "$f" "$AZ_FILES/$n.json"
  fi
  prev="$a"
done
case "$*" in
  "rest "*) [ -n "\${AZ_FAIL_REST:-}" ] && exit 1 ;;
esac
case "$*" in
  "feature show"*) echo "\${AZ_FEATURE_STATE:-Registered}" ;;
  "account show --query id"*) echo 00000000-0000-0000-0000-000000000000 ;;
  "deployment group show "*) echo "\${AZ_INSTANCE_NAME:-}" ;;
esac
exit 0
`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(): { dir: string; bin: string; log: string; files: string } {
  const dir = mkdtempSync(join(tmpdir(), 'il5ml-deploy-'));
  dirs.push(dir);
  for (const [name, text] of buildPlan(defaultSpec()).files()) writeFileSync(join(dir, name), text);
  const bin = join(dir, 'bin');
  const files = join(dir, 'captured');
  spawnSync('mkdir', ['-p', bin, files]);
  writeFileSync(join(bin, 'az'), STUB_AZ);
  chmodSync(join(bin, 'az'), 0o755);
  return { dir, bin, log: join(dir, 'az.log'), files };
}

function run(s: ReturnType<typeof setup>, env: Record<string, string>): { code: number; out: string } {
  const r = spawnSync('bash', [join(s.dir, 'deploy.sh')], {
    cwd: s.dir,
    env: { PATH: `${s.bin}:${process.env.PATH ?? ''}`, AZ_LOG: s.log, AZ_FILES: s.files, TMPDIR: s.dir, HOME: s.dir, ...env },
    encoding: 'utf8',
    input: '',
  });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe('deploy.sh against a stub az', () => {
  it('is valid bash', () => {
    const s = setup();
    expect(spawnSync('bash', ['-n', join(s.dir, 'deploy.sh')]).status).toBe(0);
  });

  it('runs cloud set, group create, what-if, create (Incremental), idle shutdown, in that order', () => {
    const s = setup();
    const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: 'Correct-horse-9', IL5ML_YES: '1' });
    expect(r.code, r.out).toBe(0);
    const calls = readFileSync(s.log, 'utf8').trim().split('\n');
    const order = ['cloud set --name AzureUSGovernment', 'group create', 'deployment group what-if', 'deployment group create', 'rest --method post'];
    const at = order.map((c) => calls.findIndex((line) => line.startsWith(c)));
    expect(at.every((i) => i >= 0), calls.join('\n')).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(calls.find((l) => l.startsWith('deployment group create'))).toContain('--mode Incremental');
  });

  it.each([['plain-Password-123'], ['qu"ote\\back$HOME%s`x`'], ["it's a \\\"test\\\" 12"]])(
    'passes the password %j exactly, only through a temporary file that is gone afterwards',
    (password) => {
      const s = setup();
      const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: password, IL5ML_YES: '1' });
      expect(r.code, r.out).toBe(0);
      const log = readFileSync(s.log, 'utf8');
      expect(log.includes(password)).toBe(false);
      expect(r.out.includes(password)).toBe(false);
      const captured = readdirSync(s.files).map((f) => JSON.parse(readFileSync(join(s.files, f), 'utf8')) as { parameters: Record<string, { value: unknown }> });
      const secret = captured.filter((c) => 'jumpBoxAdminPassword' in c.parameters);
      expect(secret).toHaveLength(2); // what-if and create
      for (const c of secret) expect(c.parameters.jumpBoxAdminPassword?.value).toBe(password);
      const leftovers = readdirSync(s.dir).filter((f) => f.startsWith('tmp.'));
      expect(leftovers).toEqual([]);
    },
  );

  it('without the password variable: exits 2 before calling az', () => {
    const s = setup();
    const r = run(s, { IL5ML_YES: '1' });
    expect(r.code).toBe(2);
    expect(r.out).toContain('IL5ML_JUMPBOX_ADMIN_PASSWORD');
    expect(existsSync(s.log)).toBe(false);
  });

  it('stops before creating anything when EncryptionAtHost is not registered', () => {
    const s = setup();
    const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: 'Correct-horse-9', IL5ML_YES: '1', AZ_FEATURE_STATE: 'NotRegistered' });
    expect(r.code).toBe(2);
    expect(readFileSync(s.log, 'utf8')).not.toContain('group create');
  });

  it('sets idle shutdown on the instance name the deployment outputs (derived with uniqueString)', () => {
    const s = setup();
    const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: 'Correct-horse-9', IL5ML_YES: '1', AZ_INSTANCE_NAME: 'il5ml-ciib6ma2xurbfto' });
    expect(r.code, r.out).toBe(0);
    const calls = readFileSync(s.log, 'utf8').trim().split('\n');
    const show = calls.find((l) => l.startsWith('deployment group show'));
    expect(show).toContain('--query properties.outputs.computeInstanceName.value');
    const rest = calls.find((l) => l.startsWith('rest --method post'));
    expect(rest).toContain('/workspaces/il5ml-mlw/computes/il5ml-ciib6ma2xurbfto/updateIdleShutdownSetting?');
  });

  it('a failed idle-shutdown call after deployment is a warning, not a failure', () => {
    const s = setup();
    const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: 'Correct-horse-9', IL5ML_YES: '1', AZ_FAIL_REST: '1' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('warning: idle shutdown');
  });

  it('asks before create and deploys nothing on no', () => {
    const s = setup();
    const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: 'Correct-horse-9' });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Nothing deployed.');
    const log = readFileSync(s.log, 'utf8');
    expect(log).toContain('deployment group what-if');
    expect(log).not.toContain('deployment group create');
  });
});
