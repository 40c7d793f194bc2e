import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UserInputError } from '../core/diagnostic.js';

/**
 * Writes every file or none (`modes`: file mode by relative path, e.g. 0o755 for a script): each is written to a temporary name beside its target, and only when all
 * writes succeeded are they renamed into place (rename is atomic within a file system).
 */
export async function writeFilesAtomically(
  dir: string,
  files: ReadonlyMap<string, string>,
  modes: ReadonlyMap<string, number> = new Map(),
): Promise<string[]> {
  const root = resolve(dir);
  const staged: { tmp: string; final: string }[] = [];
  const tag = `.il5ml-tmp-${process.pid}-${Date.now()}`;
  try {
    for (const [rel, content] of files) {
      const final = join(root, rel);
      await mkdir(dirname(final), { recursive: true });
      const tmp = `${final}${tag}`;
      staged.push({ tmp, final });
      // The mode is set on the temporary file, so the file appears in place already executable.
      await writeFile(tmp, content, { encoding: 'utf8', mode: modes.get(rel) ?? 0o644 });
      const mode = modes.get(rel);
      if (mode !== undefined) await chmod(tmp, mode);
    }
    for (const s of staged) await rename(s.tmp, s.final);
  } catch (e) {
    await Promise.all(staged.map((s) => rm(s.tmp, { force: true })));
    throw e;
  }
  return staged.map((s) => s.final);
}

/** Reads a user's file; a missing or unreadable file is a user error naming the path. */
export async function readUserFile(path: string, cwd: string, what = 'file'): Promise<{ path: string; text: string }> {
  const abs = resolve(cwd, path);
  try {
    return { path, text: await readFile(abs, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? String(e)})`;
    throw new UserInputError([
      {
        severity: 'error',
        code: 'IL5-INPUT-FILE',
        message: `${what} ${abs} ${why}`,
        fix: `check the path; it is resolved from ${cwd}`,
        path,
      },
    ]);
  }
}
