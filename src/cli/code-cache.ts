import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Script } from 'node:vm';

/**
 * A CommonJS file of the CLI's bundle run with V8's code cache (issue 12, start-up): what Node 20's own
 * loaders cannot do (Node 22's module.enableCompileCache can), `vm.Script` can (`cachedData`). V8 parses a
 * file's text when it is loaded and compiles each function on its first call; a cache made after a run
 * holds the bytecode of every function that run compiled, so the next run neither parses nor compiles
 * them. Only compiled code is kept, never a result: every run still does all of its work.
 *
 * `npm run build` (scripts/bundle-cli.ts) appends a stamp line to each such file, runs it once in a child
 * process and writes `<file>.cache` (e.g. plan-engines.cjs.cache): the stamp, a newline, then V8's bytes.
 * A cache is used only with the source of its own build. V8 takes it only from the same V8 version with the
 * same flags and for a source of the same length, and compiles the source as usual when it refuses it
 * (`cachedDataRejected`): another Node version, NODE_OPTIONS flags or a missing cache cost the time saved,
 * never a result.
 */

/** The last line of a cached file: `//# il5ml-build <stamp>`; its cache file starts with `<stamp>\n`. */
const STAMP = /\/\/# il5ml-build ([0-9a-z-]+)\n$/;

/** The source's stamp, read from its last line only (a regular expression anchored at the end still scans the whole text). */
function stampOf(source: string): string | undefined {
  return STAMP.exec(source.slice(source.lastIndexOf('\n', source.length - 2) + 1))?.[1];
}

/** Whether V8 took the code cache: `none` when there is no cache file or it is another build's. */
export type CacheUse = 'accepted' | 'rejected' | 'none';

/** The stamp line a build appends to a file it makes a cache for. */
export function stampLine(stamp: string): string {
  return `//# il5ml-build ${stamp}\n`;
}

/** CommonJS's module wrapper, so that the file runs as Node would run it. */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

/** A CommonJS module: its exports, and `loaded` once its code has run (Node's require.cache entries). */
export interface ModuleRecord {
  exports: unknown;
  loaded?: boolean;
}

export interface Compiled {
  script: Script;
  cache: CacheUse;
}

/** The cache's bytes after its stamp line, when the stamp is the source's; else none. */
function cacheFor(source: string, cache: Buffer): Buffer | undefined {
  const stamp = stampOf(source);
  if (stamp === undefined) return undefined;
  const head = Buffer.from(`${stamp}\n`);
  return cache.subarray(0, head.length).equals(head) ? cache.subarray(head.length) : undefined;
}

function readCache(file: string, source: string): Buffer | undefined {
  try {
    return cacheFor(source, readFileSync(`${file}.cache`));
  } catch {
    return undefined;
  }
}

/**
 * Compiles `file` (with `<file>.cache` unless `useCache` is false) and runs it as a CommonJS module into
 * `module`; `require` resolves from the file's folder.
 */
export function runCached(file: string, module: ModuleRecord, useCache = true): Compiled {
  const source = readFileSync(file, 'utf8');
  const cachedData = useCache ? readCache(file, source) : undefined;
  const require = createRequire(file);
  const { Script: VmScript } = require('node:vm') as typeof import('node:vm');
  const script = new VmScript(wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  (script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: ModuleRecord, f: string, d: string) => void)(module.exports, require, module, file, dirname(file));
  module.loaded = true;
  return { script, cache: cachedData === undefined ? 'none' : script.cachedDataRejected === true ? 'rejected' : 'accepted' };
}

/** Writes `<file>.cache` for a script that has run: the bytecode of every function compiled so far. */
export function writeCache(file: string, script: Script): void {
  const source = readFileSync(file, 'utf8');
  const stamp = stampOf(source);
  if (stamp === undefined) throw new Error(`${file} has no build stamp line`);
  writeFileSync(`${file}.cache`, Buffer.concat([Buffer.from(`${stamp}\n`), script.createCachedData()]));
}
