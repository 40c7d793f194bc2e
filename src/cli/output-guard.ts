import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserInputError, type Diagnostic } from '../core/diagnostic.js';

/**
 * No output over an input. Loaded when a command is about to write (not at start-up: the bundle's
 * start-up files stay two, test/cli/bundle.test.ts).
 */

/** A file a command reads or writes, with what named it: a flag (`--parameters`, `--out`…), or `input`, `spec` (found in the working folder). */
export interface NamedPath {
  flag: string;
  /** As the user gave it (resolved from the working folder). */
  path: string;
}

/** An output, with how to fix a clash in the user's terms (`write the report to another file, e.g. --out x.sarif`). */
export interface OutputPath extends NamedPath {
  fix: string;
  /** How messages name it, when not `flag path` (a file of an --out-dir: `--out-dir reports: x.sarif`). */
  label?: string;
}

/**
 * The file a path names once symbolic links are followed: its device and inode (so that `./x` and `x`, a
 * symbolic link and its target, and two hard links of one file are one), or its real path where the file
 * system gives no inode (0 on some). Undefined when nothing is there, or what is there is not a regular
 * file (a folder, a FIFO or a device is never replaced by a write: files.ts writeOutputFile).
 */
function fileIdentity(abs: string): string | undefined {
  try {
    const st = statSync(abs, { bigint: true });
    if (!st.isFile()) return undefined;
    return st.ino !== 0n ? `${st.dev}:${st.ino}` : `path:${realpathSync(abs)}`;
  } catch {
    return undefined;
  }
}

/** Where an output that does not exist yet will be: its folder's real path and its name. */
function futurePlace(abs: string): string {
  try {
    return `path:${join(realpathSync(dirname(abs)), basename(abs))}`;
  } catch {
    return `path:${abs}`;
  }
}

/** Whether the path names a FIFO, a device or another special file (written as a stream, never replaced). */
function isSpecial(abs: string): boolean {
  try {
    const st = statSync(abs);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

/**
 * Refuses, before anything is written, an output that is one of the command's inputs, or that another of
 * its outputs names too: every output file il5ml writes replaces the file (files.ts writes beside it and
 * renames over it, following a symbolic link), so `check x.json --out x.json` would replace the template
 * by its own report. The files are compared as the file system sees them (`fileIdentity`): a symbolic
 * link, a hard link, `./x` and `x`, and on a case-insensitive file system `X` and `x` all name the input.
 * Shared by every command that reads files and writes one (check --out/--out-dir, audit
 * --out/--export/--compare-azure, plan --out, preflight --out, egress --out-dir). Exit 2, naming both.
 */
export function refuseOverwritingInputs(outputs: readonly OutputPath[], inputs: readonly NamedPath[], cwd: string): void {
  const problems: Diagnostic[] = [];
  const read = new Map<string, NamedPath>();
  for (const i of inputs) {
    const id = fileIdentity(resolve(cwd, i.path));
    if (id !== undefined && !read.has(id)) read.set(id, i);
  }
  const written = new Map<string, OutputPath>();
  for (const o of outputs) {
    const abs = resolve(cwd, o.path);
    const id = fileIdentity(abs);
    const input = id !== undefined ? read.get(id) : undefined;
    if (input) {
      const what = input.flag.startsWith('--') ? `the ${input.flag} file ${input.path}` : `the ${input.flag} ${input.path}`;
      const same = resolve(cwd, input.path) === abs ? '' : ' (the same file, through a link or another spelling of the path)';
      problems.push({ severity: 'error', code: 'IL5-OUTPUT-INPUT', message: `${o.label ?? `${o.flag} ${o.path}`} would overwrite ${what}${same}`, fix: o.fix, path: o.path });
      continue;
    }
    if (isSpecial(abs)) continue;
    const place = id ?? futurePlace(abs);
    const first = written.get(place);
    if (first) {
      problems.push({ severity: 'error', code: 'IL5-OUTPUT-INPUT', message: `${o.label ?? `${o.flag} ${o.path}`} and ${first.label ?? `${first.flag} ${first.path}`} name the same file; one output would replace the other`, fix: `give ${o.flag} another path`, path: o.path });
      continue;
    }
    written.set(place, o);
  }
  if (problems.length) throw new UserInputError(problems);
}

/** The named files among repeatable path flags, each path once per flag (undefined and empty values left out). */
export function namedFiles(flags: Readonly<Record<string, string | readonly string[] | undefined>>): NamedPath[] {
  const out: NamedPath[] = [];
  for (const [flag, value] of Object.entries(flags)) {
    for (const path of value === undefined ? [] : typeof value === 'string' ? [value] : value) if (path !== '') out.push({ flag, path });
  }
  return out;
}
