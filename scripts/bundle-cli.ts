/**
 * `npm run build`, second step: bundles the command line (dist/cli/main.js, compiled by tsc in the first
 * step) into dist/cli/bundle/, which bin/il5ml.js loads (issue 12, start-up).
 *
 * Why: Node's ESM loader resolves, reads and compiles every module separately; `il5ml plan` needs about
 * 300 of them (zod, yaml, the emitters, the template engine, the baseline) and loading them cost more than
 * planning. Bundled, the same code is a few dozen files. Code splitting keeps the per-command lazy imports
 * lazy: `--help` loads the commands' definitions only, `plan` the planner, `check` the engines.
 *
 * What stays outside the bundle: the Azure SDK (loaded by `audit` and `preflight` only; its packages find
 * their own files at run time) and the Graphviz WebAssembly (the HTML report). The library API (dist/index.js)
 * is tsc's output, not bundled.
 *
 * Node's built-in modules are read through `require` rather than `import`: an ESM `import` of a built-in
 * builds its ESM facade, which reads every export, and reading `fs.ReadStream` loads the whole streams
 * library — a cost `--help` paid without using it. Commander's `require('node:child_process')` (used only
 * for stand-alone executable subcommands, which il5ml has none of) and `node:fs/promises` are deferred to
 * their first use.
 *
 * Third step: `plan`'s engines as one CommonJS file with V8's code cache (bundlePlanEngines below).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';

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
  banner: { js: "import { createRequire as __il5mlCreateRequire } from 'node:module';\nconst __il5mlRequire = __il5mlCreateRequire(import.meta.url);\nconst require = __il5mlRequire;" },
  logLevel: 'warning',
  metafile: true,
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

/**
 * `il5ml plan`'s engines as one CommonJS file with V8's code cache beside it (src/cli/plan-engines.ts):
 * bundled from tsc's dist/plan/engines.js, stamped, then a child process (plain `node`, no NODE_OPTIONS: the
 * flags `il5ml` runs with) plans the built-in spec with it and writes the cache.
 */
async function bundlePlanEngines(): Promise<void> {
  const outfile = join(BUNDLE_DIR, 'plan-engines.cjs');
  await build({
    entryPoints: [join(root, 'dist', 'plan', 'engines.js')],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    plugins: [zodEnglishOnly],
    logLevel: 'warning',
  });
  const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  writeFileSync(outfile, `${readFileSync(outfile, 'utf8')}//# il5ml-build ${stamp}\n`);
  const loader = pathToFileURL(join(root, 'dist', 'cli', 'plan-engines.js')).href;
  const shortRun = pathToFileURL(join(root, 'dist', 'cli', 'short-run.js')).href;
  const code = `const { writeEnginesCache } = await import(${JSON.stringify(loader)}); const { favourStartUp } = await import(${JSON.stringify(shortRun)}); writeEnginesCache(${JSON.stringify(BUNDLE_DIR)}, () => favourStartUp(0));`;
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/bundle-cli.ts: writing the plan engines' code cache failed: ${r.stderr}`);
}

export async function bundleCli(): Promise<{ outputs: string[]; startupFiles: string[] }> {
  refuseLocaleUse();
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  const probe = await build({ ...OPTIONS, write: false, plugins: [builtinsByRequire, zodEnglishOnly] });
  // The worker entries load after main.js's modules too (in a worker thread: main.js's shared file, then
  // theirs), or the start-up modules they share with main.js would be split into a file of their own.
  const lazy = new Set([...lazyModules(probe.metafile), ...Object.values(workerEntries).map((f) => relative(root, f))]);
  const result = await build({ ...OPTIONS, plugins: [builtinsByRequire, zodEnglishOnly, afterMain(lazy)] });
  await bundlePlanEngines();
  const outputs = result.metafile.outputs;
  // The files `--help` loads: main.js and its static imports.
  const startupFiles = staticClosure(outputs, Object.keys(outputs).filter((o) => o.endsWith('/main.js')));
  return { outputs: Object.keys(outputs), startupFiles: [...startupFiles] };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outputs, startupFiles } = await bundleCli();
  console.log(`bundled dist/cli/main.js into ${outputs.length} files under dist/cli/bundle/; start-up loads ${startupFiles.length} of them`);
}
