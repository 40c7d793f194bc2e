import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Script } from 'node:vm';

/**
 * `il5ml plan`'s engines (src/plan/engines.ts) with V8's code cache (issue 12, start-up).
 *
 * Why: most of a plan's time was compiling code, not running it: V8 parses every module's text when it is
 * loaded and compiles each function on its first call, and the plan's run calls some 1,200 of them once.
 * Node 20's ESM loader keeps no compiled code between runs (Node 22's module.enableCompileCache does), but
 * `vm.Script` takes V8's code cache (`cachedData`). So `npm run build` bundles the engines into one
 * CommonJS file, plan-engines.cjs in dist/cli/bundle/, runs a plan of the built-in spec with it in a child
 * process, and keeps the bytecode of every function that plan compiled (`script.createCachedData()`) in
 * plan-engines.cache beside it. Only compiled code is kept: every run still reads the spec, emits the
 * templates, expands them and judges every resource with the baseline.
 *
 * V8 takes the cache only from the same V8 version with the same flags and for a source of the same
 * length, and compiles the source as usual when it refuses it (`cachedDataRejected`): another Node
 * version, NODE_OPTIONS flags or a large spec (no --no-opt, src/cli/short-run.ts) cost the time saved, never
 * a result. The cache file starts with the build stamp written at the end of the source, so that a cache
 * is never paired with another build's source of the same length.
 *
 * Where the bundle has no plan-engines.cjs beside it (tsc's dist/cli/, the tests on src/), the engines are
 * imported as modules.
 */
export type PlanEngines = typeof import('../plan/engines.js');

export const ENGINES_FILE = 'plan-engines.cjs';
export const ENGINES_CACHE = 'plan-engines.cache';

/** The last line of plan-engines.cjs: `//# il5ml-build <stamp>`; the cache file starts with `<stamp>\n`. */
const STAMP = /\/\/# il5ml-build ([0-9a-z-]+)\n$/;

/** CommonJS's module wrapper, so that the bundle runs as Node would run it. */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

interface Compiled {
  script: Script;
  engines: PlanEngines;
}

function compile(file: string, source: string, cachedData: Buffer | undefined): Compiled {
  const require = createRequire(file);
  const { Script: VmScript } = require('node:vm') as typeof import('node:vm');
  const script = new VmScript(wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as PlanEngines };
  (script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void)(module.exports, require, module, file, dirname(file));
  return { script, engines: module.exports };
}

/** The cache's bytes after its stamp line, when the stamp is the source's; else none. */
function cacheFor(source: string, cache: Buffer): Buffer | undefined {
  const stamp = STAMP.exec(source)?.[1];
  if (stamp === undefined) return undefined;
  const head = Buffer.from(`${stamp}\n`);
  return cache.subarray(0, head.length).equals(head) ? cache.subarray(head.length) : undefined;
}

/** Whether V8 took the code cache: `none` when there is no cache file or it is another build's. */
export type CacheUse = 'accepted' | 'rejected' | 'none';

/** The engines of the bundle in `dir` (plan-engines.cjs and its cache), or undefined when it has none. */
export function openEngines(dir: string): { engines: PlanEngines; cache: CacheUse } | undefined {
  const file = join(dir, ENGINES_FILE);
  if (!existsSync(file)) return undefined;
  const source = readFileSync(file, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = cacheFor(source, readFileSync(join(dir, ENGINES_CACHE)));
  } catch {
    cachedData = undefined;
  }
  const { script, engines } = compile(file, source, cachedData);
  return { engines, cache: cachedData === undefined ? 'none' : script.cachedDataRejected === true ? 'rejected' : 'accepted' };
}

/** The engines from plan-engines.cjs beside this file (the bundle), with its code cache; else the modules. */
export async function loadPlanEngines(): Promise<PlanEngines> {
  return openEngines(dirname(fileURLToPath(import.meta.url)))?.engines ?? import('../plan/engines.js');
}

/**
 * The build's step (scripts/bundle-cli.ts runs it in a child process with no flags of its own, as `il5ml`
 * runs): compile plan-engines.cjs under the flags a short plan runs with, plan the built-in spec as
 * `il5ml plan` does, and write the code of every function that ran into plan-engines.cache.
 */
export function writeEnginesCache(dir: string, favourStartUp: () => void): void {
  const file = join(dir, ENGINES_FILE);
  const source = readFileSync(file, 'utf8');
  const stamp = STAMP.exec(source)?.[1];
  if (stamp === undefined) throw new Error(`${file} has no build stamp line`);
  favourStartUp();
  const { script, engines } = compile(file, source, undefined);
  const loaded = engines.loadDefaultSpec();
  engines.validateSpec(loaded);
  const plan = engines.buildPlan(loaded.spec, undefined, { today: new Date().toISOString().slice(0, 10) });
  plan.files();
  const c = plan.compliance;
  for (const r of engines.nonCompliant(c)) engines.resourceName(r.resourceId);
  for (const f of c.findings) engines.locateNear(loaded, ['policy', 'exemptions', f.index, f.field]);
  writeFileSync(join(dir, ENGINES_CACHE), Buffer.concat([Buffer.from(`${stamp}\n`), script.createCachedData()]));
}
