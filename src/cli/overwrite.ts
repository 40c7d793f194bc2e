import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserInputError } from '../core/diagnostic.js';

/** The text of a regular file; undefined when there is none (or a folder, a FIFO, a device: opened without waiting, never read). */
function regularFileText(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    return fstatSync(fd).isFile() ? readFileSync(fd, 'utf8') : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * `plan --force`. A plan's folder is regenerated output, but a user may have edited deploy.sh or the
 * parameters file in it by hand. Rule chosen (as terraform/az leave generated files alone unless told):
 * a file that does not exist yet, or that already holds exactly what il5ml would write, is written
 * without --force — so `npx il5ml plan` works on a fresh clone, in CI after `rm -rf out`, and when run
 * again on an unchanged spec. A file that exists with other content is replaced only with --force;
 * without it, nothing is written and every such file is named at once. Read synchronously, as the folder is
 * written (src/cli/files.ts, replaceFolder).
 */
export async function refuseChangedFiles(dir: string, files: ReadonlyMap<string, string>, force: boolean, cwd: string): Promise<void> {
  if (force) return;
  const changed: string[] = [];
  for (const [name, content] of files) {
    const existing = regularFileText(join(dir, name));
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
