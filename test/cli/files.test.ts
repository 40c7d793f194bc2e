import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/diagnostic.js';
import { replaceFolder, writeOutputFile } from '../../src/cli/files.js';
import { runMain } from '../helpers/cli.js';

// Issue 13, class 2: outputs replaced whole or not at all; special files written as streams, never
// replaced; every path problem — in what il5ml writes and in what it reads — is exit 2 with the path
// and the reason, never a hang or exit 3.

const schema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const TEMPLATE = JSON.stringify({ $schema: schema, contentVersion: '1.0.0.0', resources: [] });
const POLICY = JSON.stringify({ properties: { mode: 'All', policyRule: { if: { field: 'type', equals: 'x' }, then: { effect: 'audit' } } } });

function workdir(): string {
  const d = mkdtempSync(join(tmpdir(), 'il5ml-files-'));
  writeFileSync(join(d, 't.json'), TEMPLATE);
  return d;
}
const mkfifo = (p: string): void => void execFileSync('mkfifo', [p]);
const temps = (dir: string): string[] => readdirSync(dir).filter((n) => n.includes('.il5ml-'));

describe('check --out and init --out', () => {
  it('write a FIFO as a stream and leave it a FIFO', async () => {
    const d = workdir();
    const fifo = join(d, 'report.fifo');
    mkfifo(fifo);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (b: Buffer) => (got += b.toString()));
    const done = new Promise((ok) => reader.on('close', ok));
    await new Promise((ok) => setTimeout(ok, 200));
    const r = await runMain(['check', 't.json', '--format', 'json', '--out', 'report.fifo'], { cwd: d });
    await done;
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(got)).toHaveProperty('summary');
  });

  it('refuse a FIFO nobody reads, at once', async () => {
    const d = workdir();
    mkfifo(join(d, 'nobody.fifo'));
    const r = await runMain(['check', 't.json', '--out', 'nobody.fifo'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot write ${join(d, 'nobody.fifo')}: it is a FIFO and no process is reading from it`);
    expect(lstatSync(join(d, 'nobody.fifo')).isFIFO()).toBe(true);
  });

  // As root, a defect here would replace /dev/null itself: root gets device nodes of its own (the same
  // character devices, made with mknod in the test's folder), so the case runs under CI too.
  const root = process.getuid?.() === 0;
  const devices = (d: string): { nul: string; full: string } => {
    if (!root) return { nul: '/dev/null', full: '/dev/full' };
    execFileSync('mknod', [join(d, 'null'), 'c', '1', '3']);
    execFileSync('mknod', [join(d, 'full'), 'c', '1', '7']);
    return { nul: join(d, 'null'), full: join(d, 'full') };
  };
  it('write /dev/null and /dev/full as devices (full disk: exit 2)', async () => {
    const d = workdir();
    const { nul, full } = devices(d);
    expect((await runMain(['check', 't.json', '--out', nul], { cwd: d })).code).toBe(0);
    expect(statSync(nul).isCharacterDevice()).toBe(true);
    const r = await runMain(['check', 't.json', '--out', full], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot write ${full}: no space left on the device`);
    expect(statSync(full).isCharacterDevice()).toBe(true);
  });

  const cases: [string, (d: string) => string, string | RegExp][] = [
    ['a path under a file', () => 't.json/report.txt', 'a part of the path is a file, not a folder'],
    ['a name too long', () => `${'a'.repeat(300)}.txt`, 'the name is too long'],
    ['a dangling symbolic link', (d) => (symlinkSync('/nonexistent-il5ml/x', join(d, 'dangling')), 'dangling'), 'it is a symbolic link to /nonexistent-il5ml/x, which does not exist'],
    ['a symbolic link loop', (d) => (symlinkSync('loop-b', join(d, 'loop-a')), symlinkSync('loop-a', join(d, 'loop-b')), 'loop-a'), 'symbolic links loop'],
    ['a folder', (d) => (mkdirSync(join(d, 'dir')), 'dir'), /is a (folder|directory)/],
  ];
  for (const [what, make, reason] of cases) {
    it(`exit 2 with the path and the reason for ${what}`, async () => {
      const d = workdir();
      const out = make(d);
      for (const args of [['check', 't.json', '--out', out], ['init', '--force', '--out', out]]) {
        const r = await runMain(args, { cwd: d });
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(reason);
        expect(r.stderr).not.toContain('internal error');
      }
      expect(temps(d)).toEqual([]);
    });
  }

  it('replace the file a symbolic link points to, keeping the link', async () => {
    const d = workdir();
    writeFileSync(join(d, 'real.txt'), 'old');
    symlinkSync('real.txt', join(d, 'link.txt'));
    const r = await runMain(['check', 't.json', '--format', 'json', '--out', 'link.txt'], { cwd: d });
    expect(r.code).toBe(0);
    expect(lstatSync(join(d, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, 'real.txt'), 'utf8')).toContain('"summary"');
    expect(temps(d)).toEqual([]);
  });
});

describe('plan replaces its folder as a whole', () => {
  const SET = (tag: string): Map<string, string> => new Map(['azuredeploy.json', 'deploy.sh', 'plan.md', 'azuredeploy.parameters.json'].map((n) => [n, `${tag} ${n}`]));
  const read = (dir: string): string => ['azuredeploy.json', 'deploy.sh', 'plan.md', 'azuredeploy.parameters.json'].map((n) => readFileSync(join(dir, n), 'utf8')).join('|');

  it('leaves the old set intact and no temporary behind when a write fails', async () => {
    const d = workdir();
    await replaceFolder(join(d, 'out'), SET('old'), new Map(), d);
    // 'plan.md/x' cannot be written once 'plan.md' is a file: the failure comes after other files were written.
    const bad = new Map([...SET('new'), ['plan.md/x', 'y']]);
    await expect(replaceFolder(join(d, 'out'), bad, new Map(), d)).rejects.toBeInstanceOf(UserInputError);
    expect(read(join(d, 'out'))).toBe(read(join(d, 'out')).replace(/new/g, 'old'));
    expect(read(join(d, 'out'))).toContain('old azuredeploy.json');
    expect(temps(d)).toEqual([]);
  });

  it('gives one whole set when many runs write the same folder at once', async () => {
    const d = workdir();
    const tags = Array.from({ length: 12 }, (_, i) => `run${i}`);
    await Promise.all(tags.map((t) => replaceFolder(join(d, 'out'), SET(t), new Map([['deploy.sh', 0o755]]), d)));
    const got = read(join(d, 'out'));
    const winner = tags.find((t) => got.startsWith(`${t} `));
    expect(winner).toBeDefined();
    expect(got).toBe([...SET(winner ?? '').values()].join('|'));
    expect(statSync(join(d, 'out', 'deploy.sh')).mode & 0o777).toBe(0o755);
    expect(temps(d)).toEqual([]);
  });

  it('keeps files of the user in the folder and refuses a folder holding other folders', async () => {
    const d = workdir();
    await replaceFolder(join(d, 'out'), SET('a'), new Map(), d);
    writeFileSync(join(d, 'out', 'NOTES.txt'), 'mine');
    await replaceFolder(join(d, 'out'), SET('b'), new Map(), d);
    expect(readFileSync(join(d, 'out', 'NOTES.txt'), 'utf8')).toBe('mine');
    mkdirSync(join(d, 'out', 'keep'));
    const r = await runMain(['plan', '--out', 'out', '--force'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('it holds keep, which il5ml did not write');
    expect(read(join(d, 'out'))).toContain('b azuredeploy.json');
  });

  it('plan --out under a file, or the current folder: exit 2 with the reason', async () => {
    const d = workdir();
    const under = await runMain(['plan', '--out', 't.json/out'], { cwd: d });
    expect(under.code).toBe(2);
    expect(under.stderr).toContain('t.json');
    const here = await runMain(['plan', '--out', '.'], { cwd: d });
    expect(here.code).toBe(2);
    expect(here.stderr).toContain('current folder');
    expect(temps(d)).toEqual([]);
  });
});

describe('what il5ml reads itself', () => {
  it('a --policy folder with a symlink loop, a dangling link and a FIFO: every one reported, exit 2, no hang', async () => {
    const d = workdir();
    mkdirSync(join(d, 'pol'));
    writeFileSync(join(d, 'pol', 'ok.json'), POLICY);
    symlinkSync('.', join(d, 'pol', 'self'));
    symlinkSync('missing.json', join(d, 'pol', 'dangling.json'));
    mkfifo(join(d, 'pol', 'pipe.json'));
    const r = await runMain(['check', 't.json', '--policy', 'pol'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pol/dangling.json is a symbolic link to missing.json, which does not exist');
    expect(r.stderr).toContain('pol/pipe.json is a FIFO (named pipe), not a regular file');
    expect(r.stderr).toContain('pol/self is a symbolic link back to');
  });

  it('a FIFO given as a template, a policy or a spec: exit 2 at once', async () => {
    const d = workdir();
    mkfifo(join(d, 'p.json'));
    for (const args of [['expand', 'p.json'], ['check', 't.json', '--policy', 'p.json'], ['plan', '--spec', 'p.json', '--out', 'o'], ['egress', '--service-tags', 'p.json']]) {
      const r = await runMain(args, { cwd: d });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('is a FIFO (named pipe), not a regular file');
    }
  });

  it('writeOutputFile keeps a regular file whole (temporary beside it, then renamed)', async () => {
    const d = workdir();
    await writeOutputFile(join(d, 'r.txt'), 'one');
    await writeOutputFile(join(d, 'r.txt'), 'two');
    expect(readFileSync(join(d, 'r.txt'), 'utf8')).toBe('two');
    expect(existsSync(join(d, 'r.txt'))).toBe(true);
    expect(temps(d)).toEqual([]);
  });
});

describe('linked templates stay inside the template folder, regular files, at most 4 MB', () => {
  const link = (rel: unknown): string =>
    JSON.stringify({
      $schema: schema,
      contentVersion: '1.0.0.0',
      resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'l', properties: { mode: 'Incremental', templateLink: { relativePath: rel } } }],
    });
  const cases: [string, unknown, (d: string) => void, string][] = [
    ['a path out of the folder', '../../../../../../dev/zero', () => undefined, 'outside'],
    ['a FIFO', 'pipe.json', (d) => mkfifo(join(d, 'a', 'pipe.json')), 'is a FIFO (named pipe), not a regular file'],
    ['a file over 4 MB', 'big.json', (d) => writeFileSync(join(d, 'a', 'big.json'), ' '.repeat(4 * 1024 * 1024 + 1)), "more than ARM's template limit of 4 MB"],
    ['a symbolic link out of the folder', 'out.json', (d) => symlinkSync(join(d, 't.json'), join(d, 'a', 'out.json')), 'outside'],
    ['a number', 5, () => undefined, 'templateLink.relativePath must be a string'],
  ];
  for (const [what, rel, make, reason] of cases) {
    it(`refuses ${what}: exit 2`, async () => {
      const d = workdir();
      mkdirSync(join(d, 'a'));
      writeFileSync(join(d, 'a', 'main.json'), link(rel));
      make(d);
      const r = await runMain(['expand', 'a/main.json'], { cwd: d });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(reason);
    });
  }
});
