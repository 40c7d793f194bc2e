import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCached, writeCache, type CacheUse } from './code-cache.js';

/**
 * `il5ml plan`'s engines (src/plan/engines.ts) with V8's code cache (issue 12, start-up; src/cli/code-cache.ts).
 *
 * Why: most of a plan's time was compiling code, not running it: V8 parses every module's text when it is
 * loaded and compiles each function on its first call, and the plan's run calls some 1,200 of them once.
 * So `npm run build` bundles the engines into one CommonJS file, plan-engines.cjs in dist/cli/bundle/, runs
 * a plan of the built-in spec with it in a child process, and keeps the bytecode of every function that
 * plan compiled in plan-engines.cjs.cache beside it. Every run still reads the spec, emits the templates,
 * expands them and judges every resource with the baseline.
 *
 * The cache is made under the flags of a short plan (--no-opt, src/cli/short-run.ts): a large spec (the
 * optimizer on) or NODE_OPTIONS flags make V8 refuse it, which costs the time saved, never a result.
 *
 * Where the bundle has no plan-engines.cjs beside it (tsc's dist/cli/, the tests on src/), the engines are
 * imported as modules.
 */
export type PlanEngines = typeof import('../plan/engines.js');

export const ENGINES_FILE = 'plan-engines.cjs';

/** The engines of the bundle in `dir` (plan-engines.cjs and its cache), or undefined when it has none. */
export function openEngines(dir: string): { engines: PlanEngines; cache: CacheUse } | undefined {
  const file = join(dir, ENGINES_FILE);
  if (!existsSync(file)) return undefined;
  const module = { exports: {} as PlanEngines };
  const { cache } = runCached(file, module);
  return { engines: module.exports, cache };
}

/** The engines from plan-engines.cjs beside this file (the bundle), with its code cache; else the modules. */
export async function loadPlanEngines(): Promise<PlanEngines> {
  return openEngines(dirname(fileURLToPath(import.meta.url)))?.engines ?? import('../plan/engines.js');
}

/**
 * The build's step (scripts/bundle-cli.ts runs it in a child process with no flags of its own, as `il5ml`
 * runs): compile plan-engines.cjs under the flags a short plan runs with, plan the built-in spec as
 * `il5ml plan` does, and write the code of every function that ran into plan-engines.cjs.cache.
 */
export function writeEnginesCache(dir: string, favourStartUp: () => void): void {
  const file = join(dir, ENGINES_FILE);
  favourStartUp();
  const module = { exports: {} as PlanEngines };
  const { script } = runCached(file, module, false);
  const engines = module.exports;
  const loaded = engines.loadDefaultSpec();
  engines.validateSpec(loaded);
  const plan = engines.buildPlan(loaded.spec, undefined, { today: new Date().toISOString().slice(0, 10) });
  plan.files();
  const c = plan.compliance;
  for (const r of engines.nonCompliant(c)) engines.resourceName(r.resourceId);
  for (const f of c.findings) engines.locateNear(loaded, ['policy', 'exemptions', f.index, f.field]);
  writeCache(file, script);
}
