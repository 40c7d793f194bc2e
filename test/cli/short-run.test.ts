import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SHORT_RUN_SPEC_CHARS } from '../../src/cli/short-run.js';
import { REPO_ROOT } from '../helpers/cli.js';

/**
 * favourStartUp (src/cli/short-run.ts) turns V8's optimizing compiler off for a small spec's plan. The flag is
 * process-wide, so it is observed in a child process (V8's own optimization status, --allow-natives-syntax),
 * never in the test runner.
 */
const dir = mkdtempSync(join(tmpdir(), 'il5ml-short-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function optimizedAfter(specChars: number): boolean {
  const script = join(dir, 'opt.mjs');
  writeFileSync(
    script,
    `const { favourStartUp } = await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'dist', 'cli', 'short-run.js')).href)});
favourStartUp(${specChars});
function f(x) { return x + 1; }
%PrepareFunctionForOptimization(f);
f(1); f(2);
%OptimizeFunctionOnNextCall(f);
f(3);
process.stdout.write(String((%GetOptimizationStatus(f) & 16) !== 0));
`,
  );
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout === 'true';
}

describe('favourStartUp', () => {
  it('leaves the optimizing compiler off after a small spec, on after a large one', () => {
    expect(optimizedAfter(10_000)).toBe(false);
    expect(optimizedAfter(SHORT_RUN_SPEC_CHARS)).toBe(false);
    expect(optimizedAfter(SHORT_RUN_SPEC_CHARS + 1)).toBe(true);
  });
});
