import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';

/**
 * The pool finds its worker entry beside itself, `new URL('./worker.js', import.meta.url)`, both in tsc's
 * output (dist/cli/workers/, the library) and in the CLI's bundle (dist/cli/bundle/, where pool.js and
 * worker.js are entry points). Both builds come from `npm run build` (`npm test` runs it first).
 */
type PoolModule = typeof import('../../../src/cli/workers/pool.js');
const BUILDS = { tsc: join(REPO_ROOT, 'dist', 'cli', 'workers'), bundle: join(REPO_ROOT, 'dist', 'cli', 'bundle') };

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'il5ml-workers-'));
  dirs.push(d);
  return d;
}

describe.each(Object.entries(BUILDS))('the %s build', (_, dir) => {
  const load = async (): Promise<PoolModule> => (await import(pathToFileURL(join(dir, 'pool.js')).href)) as PoolModule;

  it('finds worker.js beside pool.js and runs the allowlisted tasks there', async () => {
    const pool = await load();
    expect(pool.workerEntry().href).toBe(pathToFileURL(join(dir, 'worker.js')).href);
    expect(existsSync(join(dir, 'worker.js'))).toBe(true);
    const got = await pool.collectOrdered(
      [
        { module: 'probe', fn: 'sequence', args: { label: 'x', count: 3 } },
        { module: 'probe', fn: 'results', args: { from: 0, count: 2 } },
      ],
      { jobs: 2 },
    );
    expect(got.slice(0, 3)).toEqual(['x:0', 'x:1', 'x:2']);
    expect(got.slice(3).map((r) => (r as { resourceId: string }).resourceId)).toEqual([0, 1].map((i) => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-${i}/providers/Microsoft.KeyVault/vaults/kv${i}`));
  });

  it('runs the baseline task (its module is loaded in the worker) and brings back a user error as that build’s UserInputError', async () => {
    const pool = await load();
    const cwd = tmp();
    writeFileSync(join(cwd, 'vault.json'), JSON.stringify([{ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv', name: 'kv', type: 'Microsoft.KeyVault/vaults', location: 'usgovvirginia', properties: { enablePurgeProtection: false } }]));
    writeFileSync(join(cwd, 'object.json'), '{"a": 1}');
    const got = await pool.collectOrdered<{ ruleId: string; compliance: string }>([{ module: 'baseline-rules', fn: 'run', args: { file: 'vault.json', cwd, rules: ['IL5-KV-001'] } }], { jobs: 1 });
    expect(got.map((r) => [r.ruleId, r.compliance])).toEqual([['IL5-KV-001', 'NonCompliant']]);
    let error: unknown;
    try {
      await pool.collectOrdered([{ module: 'baseline-rules', fn: 'run', args: { file: 'object.json', cwd } }], { jobs: 1 });
    } catch (e) {
      error = e;
    }
    // tsc's build: the library's own class (the bundle's copy of it is not exported; main.js reads it there).
    if (dir === BUILDS.tsc) {
      const { UserInputError } = (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'core', 'diagnostic.js')).href)) as { UserInputError: new (...a: never[]) => Error };
      expect(error).toBeInstanceOf(UserInputError);
    }
    expect((error as Error).name).toBe('UserInputError');
    expect((error as { diagnostics: { code: string; fix: string }[] }).diagnostics).toEqual([expect.objectContaining({ code: 'IL5-INPUT-SHAPE', fix: 'give a JSON array of resources, e.g. az resource list --output json' })]);
  });
});

describe('signals', () => {
  // A process that holds a result spool (a temporary folder) while workers run: SIGINT and SIGTERM still
  // remove the folder and end the process as the signal says (src/cli/spool.ts), workers and all.
  it.each(['SIGTERM', 'SIGINT'] as const)('%s while workers run removes the temporary folder and ends the process', async (signal) => {
    const base = tmp();
    const script = join(base, 'run.mjs');
    writeFileSync(
      script,
      `import { ResultSpool } from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'dist', 'cli', 'result-spool.js')).href)};
import { runOrdered } from ${JSON.stringify(pathToFileURL(join(BUILDS.tsc, 'pool.js')).href)};
const spool = new ResultSpool(${JSON.stringify(base)});
let n = 0;
const slow = { module: 'probe', fn: 'sequence', args: { label: 's', count: 1e9, pauses: Array.from({ length: 100000 }, (_, i) => [i, 2]) } };
for await (const x of runOrdered([slow, slow], { jobs: 2, batchSize: 1 })) if (++n === 3) process.stdout.write('running\\n');
`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the child never ran: ${err}`)), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('running')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const spoolDirs = (): string[] => readdirSync(base).filter((n) => n.startsWith('il5ml-results-'));
    expect(spoolDirs()).toHaveLength(1);
    const ended = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
    child.kill(signal);
    const timeout = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 20_000));
    const result = await Promise.race([ended, timeout]);
    if (result === 'hung') child.kill('SIGKILL');
    expect(result).toEqual({ code: null, signal });
    expect(spoolDirs()).toEqual([]);
  });
});

