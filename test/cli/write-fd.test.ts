import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { streamlessOutput } from '../../src/cli/output-config.js';
import { REPO_ROOT, runBin, runMain } from '../helpers/cli.js';

/** stdout and stderr written with writeSync on the descriptors (src/cli/write-fd.ts), commander's terminal questions answered without streams (src/cli/output-config.ts). */

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('writing to the descriptors', () => {
  it('writes every byte, in order, through a pipe the reader drains slowly (multi-byte UTF-8 across writes)', () => {
    const mod = pathToFileURL(join(REPO_ROOT, 'dist', 'cli', 'write-fd.js')).href;
    const script = `const { writeFd } = await import(${JSON.stringify(mod)}); for (let i = 0; i < 2000; i++) { writeFd(1, 'line ' + i + ' ä€𝄞 ' + 'x'.repeat(1000) + '\\n'); writeFd(2, 'e' + i + '\\n'); }`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(2001);
    lines.slice(0, 2000).forEach((l, i) => expect(l).toBe(`line ${i} ä€𝄞 ${'x'.repeat(1000)}`));
    expect(r.stderr.split('\n').slice(0, 3)).toEqual(['e0', 'e1', 'e2']);
  });

  it('help written to a file is the help the sources print', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-fd-'));
    dirs.push(dir);
    const file = join(dir, 'help.txt');
    const fd = openSync(file, 'w');
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'il5ml.cjs'), 'plan', '--help'], { stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    expect(r.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe((await runMain(['plan', '--help'])).stdout);
  });

  it('an unknown command is reported on stderr with the help, as the sources report it', async () => {
    const r = runBin(['nonsense']);
    const src = await runMain(['nonsense']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown command 'nonsense'\n\nUsage: il5ml/);
    expect(r.stderr).toBe(src.stderr);
  });
});

describe('commander without process.stdout', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of ['NO_COLOR', 'FORCE_COLOR', 'CLICOLOR_FORCE']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('answers no width and colours only as the environment forces them, for descriptors that are no terminal', () => {
    // Under vitest both descriptors are pipes or files, never terminals.
    for (const k of ['NO_COLOR', 'FORCE_COLOR', 'CLICOLOR_FORCE']) delete process.env[k];
    const c = streamlessOutput();
    expect(c.getOutHelpWidth?.()).toBeUndefined();
    expect(c.getErrHelpWidth?.()).toBeUndefined();
    expect(c.getOutHasColors?.()).toBe(false);
    process.env.FORCE_COLOR = '1';
    expect(c.getOutHasColors?.()).toBe(true);
    process.env.NO_COLOR = '1';
    expect(c.getErrHasColors?.()).toBe(false);
  });
});
