/**
 * `il5ml audit`'s spool: the resources read from Azure, written page by page as they arrive into a private
 * temporary file — a folder of its own under os.tmpdir() (mode 0700, mkdtemp) holding one file (mode 0600,
 * created exclusively) — so that the audit holds one page at a time, not the estate. The file is what
 * `--export` writes and what `il5ml check` reads: a JSON array, one resource a line.
 *
 * The folder is removed on every way out: `remove()` (the caller's `finally`), the process's exit, and
 * SIGINT/SIGTERM/SIGHUP (removed, then the signal is raised again so the process ends as it would have).
 */
import { closeSync, openSync, readSync, rmSync } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { AzureResource } from '../core/resource.js';
import { UserInputError } from '../core/diagnostic.js';
import { fsReason } from './files.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The spool folders of this process still on disk, removed synchronously at exit or on a signal. */
const live = new Set<string>();
let hooked = false;

function removeAllNow(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAllNow();
  unhook();
  // Without a listener left, the signal ends the process as it would have without us.
  process.kill(process.pid, signal);
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', removeAllNow);
  for (const s of SIGNALS) process.on(s, onSignal);
}

/**
 * Temporary folders of other spools (check's result spool, src/cli/result-spool.ts) removed at exit or on
 * a signal the same way; `forgetTemporary` once the owner removed it.
 */
export function removeOnExit(dir: string): void {
  live.add(dir);
  hook();
}

export function forgetTemporary(dir: string): void {
  live.delete(dir);
  if (live.size === 0) unhook();
}

function unhook(): void {
  if (!hooked) return;
  hooked = false;
  process.off('exit', removeAllNow);
  for (const s of SIGNALS) process.off(s, onSignal);
}

function spoolError(path: string, e: unknown): UserInputError {
  return new UserInputError([
    {
      severity: 'error',
      code: 'IL5-AUDIT-SPOOL',
      message: `cannot write the audit's temporary file ${path}: ${fsReason(e)}`,
      fix: 'free space in the temporary folder, or point TMPDIR at a folder with room (the file is about the size of --export)',
    },
  ]);
}

export class ResourceSpool {
  private count = 0;
  private closed = false;

  private constructor(
    /** The folder (0700) and the file in it (0600). */
    readonly dir: string,
    readonly path: string,
    private readonly file: FileHandle,
  ) {}

  static async create(base: string = tmpdir()): Promise<ResourceSpool> {
    let dir: string;
    try {
      dir = await mkdtemp(join(base, 'il5ml-audit-'));
    } catch (e) {
      throw spoolError(join(base, 'il5ml-audit-…'), e);
    }
    live.add(dir);
    hook();
    const path = join(dir, 'estate.json');
    try {
      return new ResourceSpool(dir, path, await open(path, 'wx', 0o600));
    } catch (e) {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      live.delete(dir);
      throw spoolError(path, e);
    }
  }

  /** Resources written so far. */
  get written(): number {
    return this.count;
  }

  /** Appends one page: `[` before the first resource, `,` between, one resource a line. */
  async append(resources: readonly AzureResource[]): Promise<void> {
    if (resources.length === 0) return;
    const lines = resources.map((r, i) => `${this.count + i === 0 ? '[\n' : ',\n'}${JSON.stringify(r)}`).join('');
    try {
      await this.file.write(lines);
    } catch (e) {
      throw spoolError(this.path, e);
    }
    this.count += resources.length;
  }

  /** Closes the array (`[]` when nothing was written) and the file. */
  async finish(): Promise<void> {
    try {
      await this.file.write(this.count === 0 ? '[]\n' : '\n]\n');
      await this.file.close();
      this.closed = true;
    } catch (e) {
      throw spoolError(this.path, e);
    }
  }

  /** Removes the folder and its file; safe to call more than once. */
  async remove(): Promise<void> {
    if (!this.closed) await this.file.close().catch(() => undefined);
    this.closed = true;
    await rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
    forgetTemporary(this.dir);
  }
}

/** A file's text in pieces of at most 1 MiB (for writeOutputFile), never whole in memory. */
export function* fileText(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    const decoder = new StringDecoder('utf8');
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) yield decoder.write(buf.subarray(0, n));
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
}
