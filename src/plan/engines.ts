/**
 * Everything `il5ml plan` runs after its command line is read, as one module: the built-in spec and the spec
 * rules, the emitters, and the baseline check of the plan (template engine and rules). The CLI bundle
 * builds it as one CommonJS file with V8's code cache (scripts/bundle-cli.ts, src/cli/plan-engines.ts;
 * issue 12, start-up); tests and the library import it as it is.
 */
export { FILE_NAMES, buildPlan } from '../emit/plan.js';
export { nonCompliant, resourceName } from './compliance.js';
export { loadDefaultSpec } from '../spec/default-loaded.js';
export { validateSpec } from '../validate/index.js';
export { locateNear } from '../validate/rule.js';
