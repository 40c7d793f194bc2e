/**
 * `npm run build`, last step (run by scripts/bundle-cli.ts): the library entry, dist/index.js, as one ES
 * module. tsc compiles src/index.ts to a module of re-exports over one module per source file; esbuild then
 * bundles that into one file in its place, the npm packages the core imports (yaml, zod, jsonc-parser…) left
 * as imports of the installed packages. dist/index.d.ts stays tsc's (the types of the same exports).
 *
 * Why: the engines run faster from one module scope until V8 has optimized them. An expansion of mlz.json,
 * turns 3-17 of a process, 30 alternating processes each: 12.7 -> 10.5 ms and 13.0 -> 11.7 ms (medians, two
 * series) from this bundle, and 12.3 -> 12.2 ms from esbuild's output of each file on its own, so it is the
 * module boundaries, not esbuild's code (docs/expand-performance.md, "Measured, seventh pass"). The command
 * line runs a bundle already (scripts/bundle-cli.ts).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const LIBRARY_ENTRY = join(root, 'dist', 'index.js');

/**
 * The modules an ES module's text imports at its top level (`import … from`, `export … from`, a bare
 * `import '…'`) and by `import('…')` of a literal: what tells the bundle from tsc's module of re-exports,
 * which names the others by relative path (test/lib/entry.test.ts, the expand bench).
 */
export function moduleSpecifiers(code: string): string[] {
  const found = [
    ...code.matchAll(/^\s*(?:import|export)\b[^;'"]*?from\s*["']([^"']+)["']/gm),
    ...code.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
    ...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ];
  return found.map((m) => m[1] as string);
}

/** Bundles dist/index.js (tsc's output) into itself, written whole or not at all; returns the modules it holds. */
export async function bundleLibrary(): Promise<number> {
  const result = await build({
    entryPoints: [LIBRARY_ENTRY],
    outfile: LIBRARY_ENTRY,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The packages stay the installed ones (a library's dependencies are its user's to resolve and update).
    packages: 'external',
    logLevel: 'warning',
    legalComments: 'none',
  });
  const out = result.outputFiles[0];
  if (out === undefined || result.outputFiles.length !== 1) throw new Error(`bundling ${LIBRARY_ENTRY} made ${result.outputFiles.length} files, not one`);
  const temp = `${LIBRARY_ENTRY}.${process.pid}.tmp`;
  writeFileSync(temp, out.text);
  renameSync(temp, LIBRARY_ENTRY);
  return Object.keys(result.metafile.inputs).length;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const modules = await bundleLibrary();
  console.log(`bundled the library entry dist/index.js: ${modules} modules in one file`);
}
