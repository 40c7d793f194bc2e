import {
  chmodSync,
  closeSync,
  constants,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  type Dirent,
} from 'node:fs';
import { chmod, lstat, mkdir, open, readdir, readlink, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UserInputError, type Diagnostic } from '../core/diagnostic.js';
import { decodeText } from './decode.js';
import { fsReason } from './fs-reason.js';

export { fsReason };

/**
 * Everything il5ml reads or writes by itself goes through here, so that a hostile or careless path — a
 * FIFO, a device, a dangling or looping symbolic link, a full or read-only disk — ends in exit 2 with the
 * path and the reason, never in a hang, a stack trace, or a special file replaced by a regular one.
 */

function inputError(code: string, message: string, fix: string, path: string): UserInputError {
  return new UserInputError([{ severity: 'error', code, message, fix, path }]);
}

function outputError(abs: string, reason: string, fix = 'check the path and that the folder is writable and has space'): UserInputError {
  return inputError('IL5-OUTPUT-FILE', `cannot write ${abs}: ${reason}`, fix, abs);
}

/** What kind of non-regular file a stat describes, for messages. */
function kindOf(st: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isDirectory(): boolean }): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Largest file il5ml reads by default: far above any real input, below what a JavaScript string can hold. */
export const MAX_READ_BYTES = 256 * 1024 * 1024;

/**
 * Reads a user's file. Only regular files are read: a FIFO, a device or a socket is refused without
 * waiting on it (the file is opened non-blocking and checked before any read), and so is a file larger
 * than `maxBytes`. Any failure is a user error naming the path and the reason.
 */
const REMOTE_URL = /^(?:https?|ftp|file):\/\//i;
/** The last path segment of a URL without its query, as a file name to save it under. */
const remoteBase = (url: string): string => /([^/]+)$/.exec(url.replace(/^[a-z]+:\/\/[^/]*\/?/i, ''))?.[1] ?? 'downloaded.json';

export async function readUserFile(
  path: string,
  cwd: string,
  what = 'file',
  opts: { maxBytes?: number; limitWhy?: string } = {},
): Promise<{ path: string; text: string }> {
  const abs = resolve(cwd, path);
  const fail = (why: string, fix = `check the path; it is resolved from ${cwd}`): UserInputError => inputError('IL5-INPUT-FILE', `${what} ${abs} ${why}`, fix, path);
  let handle;
  try {
    handle = await open(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && REMOTE_URL.test(path)) {
      // az fetches a template or parameters URL itself (--template-uri; a --parameters value with "://"
      // is downloaded: _try_load_uri in Azure/azure-cli src/azure-cli/azure/cli/command_modules/resource/
      // custom.py, read 2026-12-07); il5ml makes no network calls, and would otherwise name a mangled path.
      // The query is never repeated: a storage URL carries its SAS token there.
      const shown = path.replace(/[?#][\s\S]*$/, '').replace(/^([a-z]+:\/\/)[^/@]*@/i, '$1');
      const more = shown === path ? '' : ' (its query or user info, which may hold a SAS token or a password, is not repeated)';
      throw inputError('IL5-INPUT-FILE', `${what} ${shown} is a URL${more}; il5ml reads local files only and makes no network calls`, `download it first (curl -fsSLo ${remoteBase(shown)} '<the URL>') and give the local file`, shown);
    }
    if (code === 'ENOENT') {
      // A dangling symbolic link says "does not exist" too; name where it points.
      const target = await readlink(abs).catch(() => undefined);
      if (target !== undefined) throw fail(`is a symbolic link to ${target}, which does not exist`);
    }
    throw fail(code === 'ENOENT' ? 'does not exist' : `cannot be read: ${fsReason(e)}`);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      throw fail(`is ${kindOf(st)}, not a regular file; il5ml reads only regular files`, st.isDirectory() ? 'name a file in it' : 'save the content to a regular file and give that file');
    }
    const max = opts.maxBytes ?? MAX_READ_BYTES;
    if (st.size > max) {
      throw fail(`is ${st.size} bytes, more than the ${max} bytes ${opts.limitWhy ?? 'il5ml reads'}`, 'give a smaller file');
    }
    const decoded = decodeText(await handle.readFile());
    if ('error' in decoded) throw fail(decoded.error, 'save the file as UTF-8');
    return { path, text: decoded.text };
  } catch (e) {
    if (e instanceof UserInputError) throw e;
    throw fail(`cannot be read: ${fsReason(e)}`);
  } finally {
    await handle.close();
  }
}

/** A file found under a folder: its path, or why it cannot be read (a dangling link, a loop, a FIFO…). */
export type FolderEntry = { path: string } | { path: string; problem: string };

/**
 * Files under `dir` whose name passes `wanted`, recursively, sorted for a stable order. Symbolic links are
 * followed, each folder read once (a link back to a folder already read is reported, not walked again),
 * and whatever is not a regular file is reported with why instead of being opened.
 */
export async function filesUnder(dir: string, wanted: (name: string) => boolean): Promise<FolderEntry[]> {
  const out: FolderEntry[] = [];
  const seen = new Set<string>();
  // An explicit stack: a deep tree of folders does not grow the call stack.
  const stack: string[] = [dir];
  while (stack.length > 0) {
    const d = stack.pop() as string;
    let real: string;
    let entries: Dirent[];
    try {
      real = await realpath(d);
      if (seen.has(real)) {
        out.push({ path: d, problem: `is a symbolic link back to ${real}, a folder already read (a loop)` });
        continue;
      }
      seen.add(real);
      entries = await readdir(d, { withFileTypes: true });
    } catch (e) {
      out.push({ path: d, problem: `cannot be read: ${fsReason(e)}` });
      continue;
    }
    const subdirs: string[] = [];
    for (const ent of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(d, ent.name);
      if (ent.isDirectory()) {
        subdirs.push(p);
        continue;
      }
      if (ent.isSymbolicLink()) {
        let st;
        try {
          st = await stat(p);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (!wanted(ent.name) && code !== 'ELOOP') continue;
          const target = await readlink(p).catch(() => '?');
          out.push({ path: p, problem: code === 'ENOENT' ? `is a symbolic link to ${target}, which does not exist` : `cannot be read: ${fsReason(e)}` });
          continue;
        }
        if (st.isDirectory()) subdirs.push(p);
        else if (wanted(ent.name)) out.push(st.isFile() ? { path: p } : { path: p, problem: `is ${kindOf(st)}, not a regular file` });
        continue;
      }
      if (!wanted(ent.name)) continue;
      out.push(ent.isFile() ? { path: p } : { path: p, problem: `is ${kindOf(ent)}, not a regular file` });
    }
    // Pushed in reverse so that folders are read in name order.
    for (const s of subdirs.reverse()) stack.push(s);
  }
  return out;
}

/** Problems of `filesUnder` as diagnostics, each naming the path (relative to cwd) and the reason. */
export function folderProblems(entries: readonly FolderEntry[], cwd: string, what: string): Diagnostic[] {
  return entries.flatMap((e) =>
    'problem' in e ? [{ severity: 'error' as const, code: 'IL5-INPUT-FILE', message: `${what} ${relative(cwd, e.path) || e.path} ${e.problem}`, fix: 'remove it from the folder or replace it with a regular file', path: e.path }] : [],
  );
}

/** Paths under /dev and /proc name devices and descriptors (/dev/stdout, /dev/null, /proc/self/fd/1). */
function isSpecialPath(abs: string): boolean {
  return abs === '/dev' || abs.startsWith('/dev/') || abs.startsWith('/proc/');
}

/** /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N: the process's own descriptor N. */
function ownDescriptor(abs: string): number | undefined {
  if (abs === '/dev/stdout') return 1;
  if (abs === '/dev/stderr') return 2;
  const m = /^(?:\/dev\/fd|\/proc\/self\/fd)\/(\d+)$/.exec(abs);
  return m ? Number(m[1]) : undefined;
}

/** Text written whole, or in pieces (a large report is more than one string holds) of text or of its UTF-8 bytes (utf8-pieces.ts). */
export type OutputText = string | Iterable<string | Uint8Array>;

const piecesOf = (text: OutputText): Iterable<string | Uint8Array> => (typeof text === 'string' ? [text] : text);

/** Writes all of `text` to an open descriptor, waiting while a non-blocking pipe is full. */
function writeAll(fd: number, text: OutputText): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (const piece of piecesOf(text)) {
    const buf = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    let off = 0;
    while (off < buf.length) {
      try {
        off += writeSync(fd, buf, off, buf.length - off);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        Atomics.wait(pause, 0, 0, 5);
      }
    }
  }
}

/** Writes to a FIFO, a device or a descriptor as a stream: never created, never renamed over. */
async function writeStream(abs: string, text: OutputText, isFifo: boolean): Promise<void> {
  const fd = ownDescriptor(abs);
  if (fd !== undefined) {
    try {
      writeAll(fd, text);
    } catch (e) {
      throw outputError(abs, fsReason(e));
    }
    return;
  }
  let fdOpen: number | undefined;
  try {
    // A FIFO is opened non-blocking, so that one nobody reads is an error (ENXIO) rather than a hang;
    // the writes then wait while the pipe is full.
    fdOpen = openSync(abs, constants.O_WRONLY | constants.O_APPEND | (isFifo ? constants.O_NONBLOCK : 0));
    writeAll(fdOpen, text);
  } catch (e) {
    const why = fsReason(e);
    throw outputError(abs, isFifo ? `it is a FIFO and ${why}` : why, isFifo ? 'start the reader first, or give a regular file' : undefined);
  } finally {
    if (fdOpen !== undefined) closeSync(fdOpen);
  }
}

/** A name beside `target` for a temporary file or folder of this process. */
function tempName(target: string, kind: 'tmp' | 'old'): string {
  return join(dirname(target), `.${basename(target)}.il5ml-${kind}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
}

/**
 * Writes one output file (a report, a spec). A regular file (or a new one) is written whole or not at all:
 * into a temporary file beside it, then renamed over it — over the file a symbolic link points to, so the
 * link stays. A FIFO, a device or a descriptor (/dev/null, /dev/stdout) is written as a stream and never
 * replaced. A folder, a dangling or looping link, a full or read-only disk: a user error with the reason.
 */
export async function writeOutputFile(path: string, text: OutputText, mode = 0o644): Promise<string> {
  const abs = resolve(path);
  if (isSpecialPath(abs)) {
    let st;
    try {
      st = await stat(abs);
    } catch (e) {
      throw outputError(abs, fsReason(e));
    }
    if (st.isDirectory()) throw outputError(abs, 'is a folder', 'name a file');
    await writeStream(abs, text, st.isFIFO());
    return abs;
  }
  let target = abs;
  try {
    const l = await lstat(abs);
    if (l.isSymbolicLink()) {
      try {
        target = await realpath(abs);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const to = await readlink(abs).catch(() => '?');
        throw outputError(abs, code === 'ENOENT' ? `it is a symbolic link to ${to}, which does not exist` : fsReason(e), 'fix or remove the symbolic link');
      }
    }
    const st = target === abs ? l : await stat(target);
    if (st.isDirectory()) throw outputError(abs, 'is a folder', 'name a file, e.g. a path inside that folder');
    if (!st.isFile()) {
      await writeStream(target, text, st.isFIFO());
      return abs;
    }
  } catch (e) {
    if (e instanceof UserInputError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw outputError(abs, fsReason(e));
  }
  try {
    await mkdir(dirname(target), { recursive: true });
  } catch (e) {
    throw outputError(abs, `its folder cannot be created: ${fsReason(e)}`);
  }
  const tmp = tempName(target, 'tmp');
  try {
    await writeFile(tmp, piecesOf(text), { encoding: 'utf8', mode, flag: 'wx' });
    await chmod(tmp, mode);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw outputError(abs, fsReason(e));
  }
  return abs;
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Removes a temporary file or folder, ignoring failure (the caller is already reporting one, or cleaning up). */
function rmQuietly(p: string): void {
  try {
    rmSync(p, { recursive: true, force: true });
  } catch {
    // Nothing more to do.
  }
}

/**
 * Replaces the folder `dir` with exactly `files` (relative paths; `modes`: file mode by relative path, e.g.
 * 0o755 for a script), as a whole or not at all: the set is written into a temporary folder beside `dir`,
 * then swapped in by two renames; the old folder is removed afterwards. Files already in `dir` that are not
 * in the set are kept (hard-linked into the new folder); a subfolder that is not il5ml's makes it refuse,
 * since it would have to be copied. Concurrent runs each swap a complete folder, so `dir` always holds one
 * run's set, never a mix. On any failure the old folder is left as it was and no temporary is left behind.
 * Synchronous file calls: a plan's few small files are written before anything else could run, and each
 * promise call costs a round trip through the thread pool and loads node:fs/promises (issue 12, start-up).
 */
export async function replaceFolder(
  dir: string,
  files: ReadonlyMap<string, string>,
  modes: ReadonlyMap<string, number> = new Map(),
  cwd: string = process.cwd(),
): Promise<string[]> {
  let root = resolve(dir);
  // A symbolic link to a folder: the folder it points to is replaced, the link stays.
  try {
    if (lstatSync(root).isSymbolicLink()) root = realpathSync(root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' || exists(root)) throw outputError(root, code === 'ENOENT' ? 'it is a dangling symbolic link' : fsReason(e), 'fix or remove the symbolic link, or name another folder');
  }
  if (isSpecialPath(root)) throw outputError(root, 'it is not a folder', 'name a folder for the output, e.g. --out out');
  if (cwd === root || cwd.startsWith(root + sep) || root === sep) {
    throw outputError(root, 'it is the current folder or one above it, which would be replaced as a whole', 'name a folder of its own for the output, e.g. --out out');
  }
  let keep: string[] = [];
  try {
    const st = statSync(root);
    if (!st.isDirectory()) throw outputError(root, 'it is not a folder', 'name a folder for the output, or remove the file');
    const entries = readdirSync(root, { withFileTypes: true });
    const ours = new Set([...files.keys()].map((f) => f.split('/')[0]));
    const foreign = entries.filter((e) => !ours.has(e.name));
    const notFiles = foreign.filter((e) => !e.isFile());
    if (notFiles.length > 0) {
      throw outputError(root, `it holds ${notFiles.map((e) => e.name).join(', ')}, which il5ml did not write; the folder is replaced as a whole`, 'name a folder of its own for the output, or move those out');
    }
    keep = foreign.map((e) => e.name);
  } catch (e) {
    if (e instanceof UserInputError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw outputError(root, fsReason(e));
  }
  const parent = dirname(root);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw outputError(root, `its parent folder cannot be created: ${fsReason(e)}`);
  }
  removeStale(root);
  let tmp: string | undefined;
  try {
    tmp = mkdtempSync(`${tempName(root, 'tmp')}-`);
    for (const [rel, content] of files) {
      const p = join(tmp, rel);
      mkdirSync(dirname(p), { recursive: true });
      const mode = modes.get(rel) ?? 0o644;
      writeFileSync(p, content, { encoding: 'utf8', mode });
      // The mode is set on the new file (umask aside), so it appears in place already executable.
      chmodSync(p, mode);
    }
    for (const name of keep) linkSync(join(root, name), join(tmp, name));
    swapIn(tmp, root);
    tmp = undefined;
  } catch (e) {
    if (tmp !== undefined) rmQuietly(tmp);
    if (e instanceof UserInputError) throw e;
    throw outputError(root, fsReason(e));
  }
  return [...files.keys()].map((rel) => join(root, rel));
}

/** rename(root → old), rename(tmp → root), retried while another run swaps the same folder. */
function swapIn(tmp: string, root: string): void {
  for (let attempt = 0; ; attempt++) {
    const old = tempName(root, 'old');
    let moved = false;
    try {
      renameSync(root, old);
      moved = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    try {
      renameSync(tmp, root);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // Another run put its folder in place between our two renames: put the old one back is not
      // needed (theirs is newer and whole); try again to replace theirs with ours.
      if ((code === 'ENOTEMPTY' || code === 'EEXIST') && attempt < 20) {
        if (moved) rmSync(old, { recursive: true, force: true });
        continue;
      }
      if (moved) {
        try {
          renameSync(old, root);
        } catch {
          // Putting the old folder back failed too: the error below is reported, as before.
        }
      }
      throw e;
    }
    if (moved) rmSync(old, { recursive: true, force: true });
    return;
  }
}

/** Temporary folders of runs that were killed before they could clean up (their process is gone). */
function removeStale(root: string): void {
  const prefix = `.${basename(root)}.il5ml-`;
  let names: string[];
  try {
    names = readdirSync(dirname(root));
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith(prefix)) continue;
    const pid = Number(/^(?:tmp|old)-(\d+)-/.exec(n.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
    rmQuietly(join(dirname(root), n));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Kept for callers of the former API: one file is written as `writeOutputFile` does; several replace
 * their folder as a whole (`replaceFolder`).
 */
export async function writeFilesAtomically(dir: string, files: ReadonlyMap<string, string>, modes: ReadonlyMap<string, number> = new Map()): Promise<string[]> {
  const only = files.size === 1 ? [...files][0] : undefined;
  if (only !== undefined) return [await writeOutputFile(join(resolve(dir), only[0]), only[1], modes.get(only[0]) ?? 0o644)];
  return replaceFolder(dir, files, modes);
}

/** ARM's limit on a template's size, which a linked template read from disk is held to as well. */
export const MAX_TEMPLATE_BYTES = 4 * 1024 * 1024;

/**
 * The reader of `templateLink.relativePath` for the engine: ARM resolves a relative path against the
 * linking template's location (https://learn.microsoft.com/azure/azure-resource-manager/templates/linked-templates#linked-template),
 * so it is read only inside the folder tree of the template the user named (symbolic links resolved
 * first), only as a regular file, and at most 4 MB, ARM's template size limit
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits).
 * Each file read is added to `read` (its absolute path as linked), so that no report replaces it.
 */
export function linkedTemplateReader(topTemplate: string, cwd: string, read?: string[]): (rel: string, from: string) => { file: string; text: string } | { error: string } {
  const top = resolve(cwd, topTemplate);
  let rootDir = dirname(top);
  try {
    rootDir = realpathSync(rootDir);
  } catch {
    // The template itself was read from there; keep the path as given.
  }
  // A template linked from many places (or many copies) is read once.
  const cache = new Map<string, { file: string; text: string } | { error: string }>();
  return (rel, from) => {
    const abs = resolve(cwd, dirname(from), rel);
    const hit = cache.get(abs);
    if (hit) return hit;
    const got = readLinked(abs, rel);
    cache.set(abs, got);
    return got;
  };
  function readLinked(abs: string, rel: string): { file: string; text: string } | { error: string } {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch (e) {
      const why = fsReason(e);
      return { error: `${relative(cwd, abs) || abs} ${why === 'does not exist' ? why : `cannot be read: ${why}`}` };
    }
    if (real !== rootDir && !real.startsWith(rootDir + sep)) {
      return { error: `${rel} resolves to ${real}, outside ${rootDir}, the folder of ${topTemplate}; il5ml reads linked templates only inside it` };
    }
    let fd: number | undefined;
    try {
      fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
      const st = fstatSync(fd);
      if (!st.isFile()) return { error: `${rel} is ${kindOf(st)}, not a regular file` };
      if (st.size > MAX_TEMPLATE_BYTES) return { error: `${rel} is ${st.size} bytes, more than ARM's template limit of 4 MB` };
      const buf = Buffer.alloc(st.size);
      let off = 0;
      while (off < st.size) {
        const n = readSync(fd, buf, off, st.size - off, off);
        if (n === 0) break;
        off += n;
      }
      const decoded = decodeText(buf.subarray(0, off));
      if ('error' in decoded) return { error: `${rel} ${decoded.error}` };
      read?.push(abs);
      return { file: relative(cwd, abs) || abs, text: decoded.text };
    } catch (e) {
      return { error: `${rel} cannot be read: ${fsReason(e)}` };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}
