import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { autoJobs, MAX_JOBS, parseJobs, resolveJobs } from '../../src/cli/jobs.js';
import type { FileCheck } from '../../src/cli/check-files.js';
import { runMain } from '../helpers/cli.js';

/** The arguments judgeFiles was called with: the driver's options, where --jobs lands. */
const judged = vi.hoisted(() => [] as unknown[]);
vi.mock('../../src/cli/check-files.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/cli/check-files.js')>();
  return {
    ...real,
    judgeFiles: (x: FileCheck) => {
      judged.push(x.opts);
      return real.judgeFiles(x);
    },
  };
});

describe('parseJobs', () => {
  it.each([
    ['1', 1],
    ['2', 2],
    ['64', 64],
    [' 8 ', 8],
    ['007', 7],
    ['auto', autoJobs()],
    ['AUTO', autoJobs()],
  ])('%j is %d thread(s)', (text, n) => {
    expect(parseJobs(text)).toBe(n);
  });

  it.each(['0', '65', '-1', '1.5', '2e1', '', 'x', 'one', '0x2', '1000', 'Infinity', 'NaN'])('refuses %j, naming what is accepted', (text) => {
    expect(() => parseJobs(text, 6)).toThrow(InvalidArgumentError);
    expect(() => parseJobs(text, 6)).toThrow('--jobs takes a whole number from 1 to 64, or auto (one per core but one: 5 here).');
  });

  it('auto is one per core but one (the main thread keeps it), within 1…64', () => {
    expect(autoJobs()).toBe(Math.max(1, Math.min(MAX_JOBS, availableParallelism() - 1)));
    expect(autoJobs(1)).toBe(1);
    expect(autoJobs(2)).toBe(1);
    expect(autoJobs(3)).toBe(2);
    expect(autoJobs(8)).toBe(7);
    expect(autoJobs(0)).toBe(1);
    expect(autoJobs(65)).toBe(64);
    expect(autoJobs(256)).toBe(64);
    expect(resolveJobs('auto')).toBe(autoJobs());
    expect(resolveJobs(3)).toBe(3);
  });
});

describe('--jobs on the command line', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'il5ml-jobs-'));
    const kv = (name: string, purge: boolean) => ({ id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${name}`, type: 'Microsoft.KeyVault/vaults', name, location: 'usgovvirginia', properties: { enablePurgeProtection: purge } });
    writeFileSync(join(dir, 'estate.json'), JSON.stringify([kv('a', false), kv('b', true)]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([['check', 'estate.json'], ['audit', '--subscription', '00000000-0000-0000-0000-000000000000']])('%s refuses a bad --jobs with exit 2 before reading anything', async (...cmd) => {
    for (const bad of ['0', '65', 'many']) {
      const r = await runMain([...cmd, '--jobs', bad], { cwd: dir });
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`option '--jobs <n>' argument '${bad}' is invalid. --jobs takes a whole number from 1 to 64, or auto (one per core but one: ${autoJobs()} here).`);
    }
  });

  it('check hands --jobs to the driver as a number (1 by default), with the same report', async () => {
    judged.length = 0;
    const one = await runMain(['check', 'estate.json', '--format', 'json', '--jobs', '1'], { cwd: dir, env: { SOURCE_DATE_EPOCH: '1780272000' } });
    const two = await runMain(['check', 'estate.json', '--format', 'json', '--jobs', '2'], { cwd: dir, env: { SOURCE_DATE_EPOCH: '1780272000' } });
    const auto = await runMain(['check', 'estate.json', '--format', 'json'], { cwd: dir, env: { SOURCE_DATE_EPOCH: '1780272000' } });
    expect(one.code).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    expect(auto.stdout).toBe(one.stdout);
    expect(judged.map((o) => (o as { jobs: unknown }).jobs)).toEqual([1, 2, 1]);
  });

  it('is in the help of check and audit', async () => {
    for (const c of ['check', 'audit']) expect((await runMain([c, '--help'])).stdout.replace(/\s+/g, ' ')).toContain('--jobs <n> threads that evaluate: 1 to 64, or auto (one per core but one); each worker reads the whole input to index what the lookups need and holds its own copy of that, so CPU and memory grow with it: on 2 cores one thread is faster (docs/ARCHITECTURE.md, worker_threads) (default: 1)');
  });
});
