import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { UserInputError } from '../core/diagnostic.js';

/**
 * `plan --force`. A plan's folder is regenerated output, but a user may have edited deploy.sh or the
 * parameters file in it by hand. Rule chosen (as terraform/az leave generated files alone unless told):
 * a file that does not exist yet, or that already holds exactly what il5ml would write, is written
 * without --force — so `npx il5ml plan` works on a fresh clone, in CI after `rm -rf out`, and when run
 * again on an unchanged spec. A file that exists with other content is replaced only with --force;
 * without it, nothing is written and every such file is named at once.
 */
export async function refuseChangedFiles(dir: string, files: ReadonlyMap<string, string>, force: boolean, cwd: string): Promise<void> {
  if (force) return;
  const changed: string[] = [];
  for (const [name, content] of files) {
    let existing: string | undefined;
    try {
      existing = await readFile(join(dir, name), 'utf8');
    } catch {
      existing = undefined;
    }
    if (existing !== undefined && existing !== content) changed.push(relative(cwd, join(dir, name)) || name);
  }
  if (changed.length === 0) return;
  throw new UserInputError([
    {
      severity: 'error',
      code: 'IL5-PLAN-EXISTS',
      message: `${changed.join(', ')} already exist${changed.length === 1 ? 's' : ''} with other content (an earlier plan, or edited by hand); il5ml plan does not overwrite ${changed.length === 1 ? 'it' : 'them'}`,
      fix: 'add --force to replace them, or write elsewhere with --out DIR',
    },
  ]);
}
