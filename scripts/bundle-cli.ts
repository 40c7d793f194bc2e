/**
 * `npm run build`, second step: bundles the command line (dist/cli/main.js, compiled by tsc in the first
 * step) into dist/cli/bundle/, which bin/il5ml.cjs runs through start.cjs (src/cli/start.ts; issue 12, start-up).
 *
 * Why: Node's ESM loader resolves, reads and compiles every module separately; `il5ml plan` needs about
 * 300 of them (zod, yaml, the emitters, the template engine, the baseline) and loading them cost more than
 * planning. Bundled, the same code is a few dozen files. Code splitting keeps the per-command lazy imports
 * lazy: `--help` loads the commands' definitions only, `plan` the planner, `check` the engines.
 *
 * What stays outside the bundle: the Azure SDK (loaded by `audit` and `preflight` only; its packages find
 * their own files at run time) and the Graphviz WebAssembly (the HTML report). The library API (dist/index.js)
 * is bundled on its own (scripts/bundle-lib.ts).
 *
 * Node's built-in modules are read through `require` rather than `import`: an ESM `import` of a built-in
 * builds its ESM facade, which reads every export, and reading `fs.ReadStream` loads the whole streams
 * library — a cost `--help` paid without using it. Commander's `require('node:child_process')` (used only
 * for stand-alone executable subcommands, which il5ml has none of) and `node:fs/promises` are deferred to
 * their first use.
 *
 * The files are then CommonJS (toCommonJs below; the folder holds a package.json of type commonjs): esbuild
 * splits code only as ESM, but a CommonJS start never starts Node's ESM loader (~10 ms of CPU), and only a
 * CommonJS file can run with V8's code cache (src/cli/code-cache.ts): the start-up files (main.js and the
 * shared chunk) get one, made by running every `--help` and a plan in a child process (bundleStart).
 *
 * Third step: `plan`'s engines as one CommonJS file with V8's code cache (bundlePlanEngines below).
 * Last: the library entry, dist/index.js, as one ES module (scripts/bundle-lib.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, transform, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { stampLine } from '../src/cli/code-cache.js';
import { bundleLibrary } from './bundle-lib.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli', 'main.js');
/**
 * The worker pool (issue 12, every core): the worker threads' entry, and the pool, which finds worker.js
 * beside its own file (`new URL('./worker.js', import.meta.url)`): both are entry points, so both are files of
 * dist/cli/bundle/ under their own names (the tests load the bundle's pool.js; the commands reach it through
 * `await import()`, which esbuild points at the entry file).
 */
const workerEntries = { worker: join(root, 'dist', 'cli', 'workers', 'worker.js'), pool: join(root, 'dist', 'cli', 'workers', 'pool.js') };
export const BUNDLE_DIR = join(root, 'dist', 'cli', 'bundle');

const BUILTINS = new Set(builtinModules.flatMap((m) => (m.startsWith('node:') ? [m] : [m, `node:${m}`])));

/**
 * `node:fs/promises` as functions that load it on their first call: loading it builds the promise API's
 * file handles, readline and streams (a few milliseconds) at every start, `--help` included, although only
 * commands that write or read files call it. Its one non-function export (`constants`) is `fs.constants`.
 */
async function lazyFsPromises(): Promise<string> {
  const fsp = (await import('node:fs/promises')) as unknown as Record<string, unknown>;
  const fs = (await import('node:fs')) as unknown as Record<string, unknown>;
  const lines = ["let m; const load = () => (m ??= __il5mlRequire('node:fs/promises'));"];
  for (const [k, v] of Object.entries(fsp)) {
    if (k === 'default') continue;
    if (typeof v === 'function') lines.push(`export function ${k}(...a) { return load().${k}(...a); }`);
    else if (v === fs[k]) lines.push(`export const ${k} = __il5mlRequire('node:fs').${k};`);
    else throw new Error(`scripts/bundle-cli.ts: node:fs/promises exports ${k}, which is neither a function nor from node:fs`);
  }
  return `${lines.join('\n')}\n`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const RESERVED = new Set(['default', 'delete', 'new', 'function', 'class', 'var', 'let', 'const', 'import', 'export', 'in', 'of', 'if', 'do', 'for', 'while', 'return', 'typeof', 'void', 'this', 'super', 'null', 'true', 'false', 'enum', 'await', 'yield']);

/**
 * A built-in module for ESM `import`s of it: its data properties as named exports, read once from the
 * module `require` returns. As a CommonJS module, each importing module copied every property of it
 * into a getter of its own (esbuild's __toESM: node:fs was copied 9 times at every start). Properties with
 * a getter (process.stdout, fs.promises: each builds something on first read) are not exported; an
 * import of one fails the build ("No matching export").
 */
function builtinAsEsm(name: string): string {
  const m = createRequire(import.meta.url)(name) as Record<string, unknown>;
  const names = Object.keys(m).filter((k) => IDENTIFIER.test(k) && !RESERVED.has(k) && 'value' in (Object.getOwnPropertyDescriptor(m, k) ?? {}));
  return `const m = __il5mlRequire(${JSON.stringify(name)});\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`;
}

/** Built-in modules as CommonJS `require`s (see above); child_process and fs/promises on first use. */
const builtinsByRequire: Plugin = {
  name: 'builtins-by-require',
  setup(b) {
    // Digits too: `node:v8` (whose ESM facade and module load the streams library) went through an ESM import before.
    b.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, (args) => {
      if (!BUILTINS.has(args.path)) return undefined;
      const name = args.path.startsWith('node:') ? args.path : `node:${args.path}`;
      const esm = args.kind === 'import-statement' && name !== 'node:fs/promises' && name !== 'node:child_process';
      return { path: name, namespace: esm ? 'builtin-esm' : 'builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin-esm' }, (args) => ({ contents: builtinAsEsm(args.path), loader: 'js' }));
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, async (args) => {
      if (args.path === 'node:fs/promises') return { contents: await lazyFsPromises(), loader: 'js' };
      const contents =
        args.path === 'node:child_process'
          ? `let m; const load = () => (m ??= __il5mlRequire(${JSON.stringify(args.path)}));\n` +
            `module.exports = new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load(), ownKeys: () => Reflect.ownKeys(load()), getOwnPropertyDescriptor: (_, k) => Reflect.getOwnPropertyDescriptor(load(), k) });\n`
          : `module.exports = __il5mlRequire(${JSON.stringify(args.path)});\n`;
      return { contents, loader: 'js' };
    });
  },
};

const OPTIONS = {
  entryPoints: { main: entry, ...workerEntries },
  outdir: BUNDLE_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ESM builds of the dependencies where they ship one (jsonc-parser's "main" is a UMD build esbuild cannot follow).
  mainFields: ['module', 'main'],
  external: ['@azure/*', '@hpcc-js/*'],
  logLevel: 'warning',
  metafile: true,
  // Written as CommonJS by toCommonJs below.
  write: false,
} satisfies BuildOptions;

/** What `start` loads before anything else runs: its static imports, followed transitively (metafile inputs or outputs). */
export function staticClosure(files: Record<string, { imports: readonly { path: string; kind: string; external?: boolean }[] }>, start: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...start];
  for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
    if (seen.has(f) || !files[f]) continue;
    seen.add(f);
    for (const i of files[f]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) todo.push(i.path);
  }
  return seen;
}

/** The targets of dynamic imports that start-up does not load anyway. */
function lazyModules(meta: Metafile): Set<string> {
  const main = Object.keys(meta.inputs).filter((f) => resolve(root, f) === entry);
  const startup = staticClosure(meta.inputs, main);
  const lazy = new Set<string>();
  for (const input of Object.values(meta.inputs)) {
    for (const i of input.imports) if (i.kind === 'dynamic-import' && !i.external && !startup.has(i.path)) lazy.add(i.path);
  }
  return lazy;
}

/**
 * esbuild puts a module shared by main.js and a lazily imported module into a chunk of its own for each
 * set of importers, which made `--help` load some twenty small files. Every lazily imported module is
 * always loaded after main.js; saying so with an import of main.js (already evaluated when they load, so
 * nothing runs twice or in another order) puts every start-up module in one shared chunk.
 */
function afterMain(lazy: ReadonlySet<string>): Plugin {
  const files = new Set([...lazy].map((f) => resolve(root, f)));
  return {
    name: 'lazy-after-main',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, (args) => {
        if (!files.has(args.path)) return undefined;
        return { contents: `import ${JSON.stringify(entry)};\n${readFileSync(args.path, 'utf8')}`, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/**
 * zod's `locales` namespace holds the error messages of 60 languages (370 KB of the 800 KB zod chunk, which
 * `plan` compiles on every run). il5ml writes its own messages and never selects a locale (z.config); zod
 * itself imports English directly (classic/schemas.js). The namespace keeps `en` only. The build fails if
 * the sources start using `locales`, so that this can never silently drop a language someone chose.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export { default as en } from "./en.js";\n', loader: 'js' }));
  },
};

function refuseLocaleUse(): void {
  const users: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && /\blocales\b|\.config\(/.test(readFileSync(p, 'utf8'))) users.push(p);
    }
  };
  walk(join(root, 'src'));
  if (users.length > 0) throw new Error(`scripts/bundle-cli.ts keeps only zod's English messages, but these sources use zod locales or z.config: ${users.join(', ')}`);
}

/** What every CommonJS file of the bundle defines: `import.meta.url` (its file's URL) and the built-ins' `require`. */
const CJS_DEFINE = { 'import.meta.url': '__il5mlUrl' };
const cjsBanner = (code: string): string =>
  `${code.includes('__il5mlUrl') ? 'const __il5mlUrl = require("node:url").pathToFileURL(__filename).href;\n' : ''}${code.includes('__il5mlRequire') ? 'const __il5mlRequire = require;\n' : ''}`;

/**
 * The bundle in ASCII: esbuild escapes every other character in code (its default charset) but keeps the
 * comments tsc left (a few hold `…`), and one such character makes V8 hold the whole file's source as a
 * two-byte string: twice the memory, and slower to scan for every function compiled lazily. Comment lines
 * get the character's escape instead; anything else that is not ASCII fails the build.
 */
function asAscii(code: string, file: string): string {
  const out = code.replace(/^(\s*(?:\*|\/\/|\/\*).*)$/gm, (line: string) => line.replace(/[^\x00-\x7f]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`));
  const at = out.search(/[^\x00-\x7f]/);
  if (at >= 0) throw new Error(`scripts/bundle-cli.ts: ${file} holds a character that is not ASCII outside a comment line, at ${out.slice(Math.max(0, at - 40), at + 40)}`);
  return out;
}

/** A stamp for the files with a code cache, so that a cache is only ever paired with its own build's source. */
const buildStamp = (): string => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * One output file of the ESM build as CommonJS (the bundle's folder holds a package.json of type commonjs):
 * its static imports of other chunks become `require`s (esbuild reads each imported name off the module's
 * exports where it is used, so bindings stay live), its dynamic imports of other chunks
 * `Promise.resolve().then(() => require(…))` (the count must be the metafile's, or the build fails rather
 * than leave an ESM import behind), `import.meta.url` its file's URL; strict mode, as ESM code is.
 */
async function toCommonJs(code: string, file: string, dynamicImports: number): Promise<string> {
  let rewritten = 0;
  const required = code.replace(/\bimport\("(\.\/[\w.-]+\.js)"\)/g, (_, path: string) => {
    rewritten++;
    return `Promise.resolve().then(() => require(${JSON.stringify(path)}))`;
  });
  if (rewritten !== dynamicImports) throw new Error(`scripts/bundle-cli.ts: ${file} has ${dynamicImports} dynamic imports of chunks, ${rewritten} rewritten`);
  const out = await transform(required, { format: 'cjs', platform: 'node', target: 'node20', define: CJS_DEFINE, sourcefile: file, logLevel: 'warning' });
  if (/\bimport\(\s*["'`]\.|^\s*import\s|^\s*export\s/m.test(out.code)) throw new Error(`scripts/bundle-cli.ts: ${file} still has an ESM import or export after its conversion to CommonJS`);
  // ESM code is strict; a CommonJS file is only with the directive (esbuild's transform does not add it).
  return asAscii(`"use strict";\n${cjsBanner(out.code)}${out.code}`, file);
}

/** The files `files` loads before it runs, dependencies first (metafile outputs' static imports). */
export function loadOrder(files: Record<string, { imports: readonly { path: string; kind: string; external?: boolean }[] }>, start: string): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  // Post-order by an explicit stack: [file, imports pushed yet].
  const stack: [string, boolean][] = [[start, false]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [f, expanded] = top;
    if (expanded) {
      order.push(f);
      continue;
    }
    if (seen.has(f) || !files[f]) continue;
    seen.add(f);
    stack.push([f, true]);
    for (const i of [...(files[f]?.imports ?? [])].reverse()) if (i.kind === 'import-statement' && !i.external) stack.push([i.path, false]);
  }
  return order;
}

/** Runs `code` (CommonJS) in a child process as `il5ml` starts: plain `node`, no NODE_OPTIONS. */
function runChild(code: string, what: string): void {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, ['-e', code], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/bundle-cli.ts: writing ${what} failed: ${r.stderr}`);
}

/** One entry of tsc's output bundled alone into one CommonJS file of the bundle's folder, ASCII, with a stamp line when it gets a code cache. */
async function buildCjsFile(entry: string, name: string, options: Pick<BuildOptions, 'plugins' | 'define'>, stamped: boolean): Promise<string> {
  const outfile = join(BUNDLE_DIR, name);
  const r = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    ...options,
    define: { ...CJS_DEFINE, ...options.define },
    logLevel: 'warning',
    write: false,
  });
  const code = r.outputFiles[0]?.text ?? '';
  writeFileSync(outfile, `${asAscii(cjsBanner(code) + code, outfile)}${stamped ? stampLine(buildStamp()) : ''}`);
  return outfile;
}

/**
 * `il5ml plan`'s engines as one CommonJS file with V8's code cache beside it (src/cli/plan-engines.ts):
 * bundled from tsc's dist/plan/engines.js, stamped, then a child process plans the built-in spec with it,
 * under the flags a short plan sets, and writes the cache.
 */
async function bundlePlanEngines(): Promise<void> {
  await buildCjsFile(join(root, 'dist', 'plan', 'engines.js'), 'plan-engines.cjs', { plugins: [zodEnglishOnly] }, true);
  const loader = pathToFileURL(join(root, 'dist', 'cli', 'plan-engines.js')).href;
  const shortRun = pathToFileURL(join(root, 'dist', 'cli', 'short-run.js')).href;
  runChild(
    `Promise.all([import(${JSON.stringify(loader)}), import(${JSON.stringify(shortRun)})]).then(([{ writeEnginesCache }, { favourStartUp }]) => writeEnginesCache(${JSON.stringify(BUNDLE_DIR)}, () => favourStartUp(0)));`,
    "the plan engines' code cache",
  );
}

/**
 * start.cjs (src/cli/start.ts, what bin/il5ml.cjs runs) with the start-up files' names written in, then a
 * child process runs every command's `--help` (src/cli/commands/index.ts) and a plan with them and writes
 * their code cache.
 */
async function bundleStart(startup: readonly string[]): Promise<void> {
  const outfile = await buildCjsFile(join(root, 'dist', 'cli', 'start.js'), 'start.cjs', { define: { IL5ML_STARTUP_FILES: JSON.stringify(startup) } }, false);
  const { commands } = (await import(pathToFileURL(join(root, 'dist', 'cli', 'commands', 'index.js')).href)) as typeof import('../src/cli/commands/index.js');
  const names = commands.map(([name]) => name);
  const scratch = mkdtempSync(join(tmpdir(), 'il5ml-build-'));
  try {
    runChild(
      `require(${JSON.stringify(outfile)}).writeStartupCache(${JSON.stringify(scratch)}, ${JSON.stringify(names)}).catch((e) => { console.error(e); process.exitCode = 1; });`,
      'the start-up code cache',
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function bundleCli(): Promise<{ outputs: string[]; startupFiles: string[] }> {
  refuseLocaleUse();
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  const probe = await build({ ...OPTIONS, plugins: [builtinsByRequire, zodEnglishOnly] });
  // The worker entries load after main.js's modules too (in a worker thread: main.js's shared file, then
  // theirs), or the start-up modules they share with main.js would be split into a file of their own.
  const lazy = new Set([...lazyModules(probe.metafile), ...Object.values(workerEntries).map((f) => relative(root, f))]);
  const result = await build({ ...OPTIONS, plugins: [builtinsByRequire, zodEnglishOnly, afterMain(lazy)] });
  const outputs = result.metafile.outputs;
  const mainOut = Object.keys(outputs).find((o) => o.endsWith('/main.js')) ?? 'main.js';
  // The files `--help` loads: main.js and its static imports, dependencies first; each with a build stamp for its cache.
  const startup = loadOrder(outputs, mainOut);
  const stamp = buildStamp();
  mkdirSync(BUNDLE_DIR, { recursive: true });
  writeFileSync(join(BUNDLE_DIR, 'package.json'), '{ "type": "commonjs" }\n');
  for (const f of result.outputFiles) {
    const rel = relative(process.cwd(), f.path);
    const dynamicImports = (outputs[rel]?.imports ?? []).filter((i) => i.kind === 'dynamic-import' && !i.external).length;
    const code = await toCommonJs(f.text, rel, dynamicImports);
    writeFileSync(f.path, startup.includes(rel) ? `${code}${stampLine(stamp)}` : code);
  }
  await bundlePlanEngines();
  await bundleStart(startup.map((o) => relative(BUNDLE_DIR, resolve(o))));
  return { outputs: Object.keys(outputs), startupFiles: startup };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outputs, startupFiles } = await bundleCli();
  console.log(`bundled dist/cli/main.js into ${outputs.length} CommonJS files under dist/cli/bundle/; start-up loads ${startupFiles.length} of them, with a code cache`);
  const modules = await bundleLibrary();
  console.log(`bundled the library entry dist/index.js: ${modules} modules in one file`);
}
