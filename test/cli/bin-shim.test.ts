import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT } from '../helpers/cli.js';

// bin/il5ml.js, the entry before bin/il5ml.cjs, still runs the command: npx keeps a project's bin links in
// its cache and a link made to bin/il5ml.js by an earlier install is not made again.
const OLD = join(REPO_ROOT, 'bin', 'il5ml.js');
const run = (bin: string, args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: REPO_ROOT });

describe('bin/il5ml.js', () => {
  it.each([[['--version']], [['rules', '--format', 'json']], [['check', '--bogus']]])('gives what bin/il5ml.cjs gives: %j', (args) => {
    const a = run(OLD, args);
    const b = run(BIN, args);
    expect(BIN.endsWith('il5ml.cjs')).toBe(true);
    expect(a.status).toBe(b.status);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stderr).toBe(b.stderr);
    expect(a.stdout.length + a.stderr.length).toBeGreaterThan(0);
  });
});
