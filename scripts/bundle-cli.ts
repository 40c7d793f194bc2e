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
 * for stand-alone executable subcommands, which il5ml has none of) is deferred to its first use.
 */
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli', 'main.js');
export const BUNDLE_DIR = join(root, 'dist', 'cli', 'bundle');

const BUILTINS = new Set(builtinModules.flatMap((m) => (m.startsWith('node:') ? [m] : [m, `node:${m}`])));

/** Built-in modules as CommonJS `require`s (see above); child_process on first use. */
const builtinsByRequire: Plugin = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      if (!BUILTINS.has(args.path)) return undefined;
      const name = args.path.startsWith('node:') ? args.path : `node:${args.path}`;
      return { path: name, namespace: 'builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      const contents =
        args.path === 'node:child_process'
          ? `let m; const load = () => (m ??= __il5mlRequire(${JSON.stringify(args.path)}));\n` +
            `module.exports = new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load(), ownKeys: () => Reflect.ownKeys(load()), getOwnPropertyDescriptor: (_, k) => Reflect.getOwnPropertyDescriptor(load(), k) });\n`
          : `module.exports = __il5mlRequire(${JSON.stringify(args.path)});\n`;
      return { contents, loader: 'js' };
    });
  },
};

export async function bundleCli(): Promise<string[]> {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  const result = await build({
    entryPoints: { main: entry },
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
    plugins: [builtinsByRequire],
    logLevel: 'warning',
    metafile: true,
  });
  return Object.keys(result.metafile.outputs);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outputs = await bundleCli();
  console.log(`bundled dist/cli/main.js into ${outputs.length} files under dist/cli/bundle/`);
}
