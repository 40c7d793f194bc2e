import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = resolve(REPO_ROOT, 'bin', 'il5ml.cjs');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a user types it: `node bin/il5ml.cjs …` (needs `npm run build`, which `npm test` does first). */
export function runBin(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...opts.env },
    input: opts.input,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI in-process with captured output: fast, for many cases. */
export async function runMain(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...opts.env },
    isTTY: false,
  };
  const code = await main(['node', 'il5ml', ...args], io);
  return { code, stdout, stderr };
}
