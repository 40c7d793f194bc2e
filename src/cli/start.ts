import { Module, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCached, writeCache, type CacheUse, type ModuleRecord } from './code-cache.js';
import type { CliIO } from './io.js';

/**
 * The command's start (issue 12, start-up): bin/il5ml.cjs runs `startCli` of dist/cli/bundle/start.cjs,
 * which scripts/bundle-cli.ts builds from this file with the names of the bundle's start-up files (main.js
 * and the shared chunk it loads before any command runs; what `--help` runs) written in.
 *
 * The bundle is CommonJS, so that Node's ESM loader is never started on the way to a command (about 10 ms
 * of CPU of `node -e 0`'s 80-90 on this machine), and its start-up files run with V8's code cache
 * (src/cli/code-cache.ts): each is compiled with its `.cache` and put in `require.cache` under its own file
 * name before anything requires it, dependencies first, so that the lazily loaded files of every command
 * (plain `require`) get the same module, not a second copy.
 *
 * The cache is made at `npm run build` by running the command line in a child process under the flags
 * `il5ml` starts with: every `--help` and a plan of the built-in spec (`writeStartupCache`).
 */
declare const IL5ML_STARTUP_FILES: readonly string[];

type MainModule = typeof import('./main.js');

/** The bundle's folder: this file's. */
const here = (): string => dirname(fileURLToPath(import.meta.url));

/** Compiles and runs the start-up files of the bundle in `dir` (dependencies first) into require.cache. */
export function loadStartup(dir: string, files: readonly string[], useCache = true): { main: MainModule; caches: Map<string, CacheUse>; scripts: Map<string, import('node:vm').Script> } {
  const caches = new Map<string, CacheUse>();
  const scripts = new Map<string, import('node:vm').Script>();
  let last: ModuleRecord | undefined;
  for (const name of files) {
    const file = join(dir, name);
    const cache = createRequire(file).cache;
    const known = cache[file];
    if (known) {
      last = known;
      continue;
    }
    const module = new Module(file);
    module.filename = file;
    cache[file] = module;
    try {
      const compiled = runCached(file, module, useCache);
      caches.set(name, compiled.cache);
      scripts.set(name, compiled.script);
    } catch (e) {
      delete cache[file];
      throw e;
    }
    last = module;
  }
  return { main: last?.exports as MainModule, caches, scripts };
}

/** The bundle's start-up files, dependencies first, as the build wrote them in. */
export function startupFiles(): readonly string[] {
  return IL5ML_STARTUP_FILES;
}

/** What bin/il5ml.cjs runs: the command line, from the bundle beside this file. */
export function startCli(argv: readonly string[]): Promise<number> {
  return loadStartup(here(), startupFiles()).main.main(argv);
}

/**
 * The build's step (scripts/bundle-cli.ts, a child process with no flags of its own, as `il5ml` runs):
 * compiles the start-up files without a cache, runs every `--help` (to the process's stdout, which the build
 * ignores) and a plan of the built-in spec into `scratch` (with an io that is not the process's, so that
 * plan keeps the flags the start runs under: src/cli/short-run.ts), and writes each file's `.cache`.
 */
export async function writeStartupCache(scratch: string, commands: readonly string[]): Promise<void> {
  const { main, scripts } = loadStartup(here(), startupFiles(), false);
  // The help through the process's own output (what a real start writes with); the plan through another io.
  const io: CliIO = { stdout: () => undefined, stderr: () => undefined, cwd: scratch, env: {}, isTTY: false };
  const runs: [string[], CliIO | undefined][] = [[['--help'], undefined], ...commands.map((c): [string[], undefined] => [[c, '--help'], undefined]), [['plan'], io]];
  for (const [args, through] of runs) {
    const code = await main.main(['node', 'il5ml', ...args], through);
    if (code !== 0) throw new Error(`writing the start-up code cache: il5ml ${args.join(' ')} exited ${code}`);
  }
  for (const [name, script] of scripts) writeCache(join(here(), name), script);
}
