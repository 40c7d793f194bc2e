import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * vitest globalSetup: every test file, and every CLI run a test starts (they inherit the environment), makes
 * its temporary files under one folder of this run, removed when the run ends, whatever a test forgot or a
 * killed child left behind. Before this, each `npm test` left some 400 MB in the system's temporary folder
 * (the 300,000-result scale test's inputs alone are 356 MB), and a machine running CI often filled its disk.
 */
export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'il5ml-test-run-'));
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true });
  };
}
