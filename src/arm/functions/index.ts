/**
 * The standard library of the ARM expression language: every function of Microsoft's reference
 * except deployment, scope and resource functions (src/arm/template/) and policy functions (src/policy/).
 */
import type { FunctionDef, FunctionRegistry } from '../types.js';
import { arrayObjectFunctions } from './array-object.js';
import { cidrFunctions } from './cidr.js';
import { collectionFunctions } from './collection.js';
import { dateFunctions } from './date.js';
import type { FunctionGroup, StdFunction } from './define.js';
import { lambdaFunctions } from './lambda.js';
import { logicalFunctions } from './logical.js';
import { numericFunctions } from './numeric.js';
import { stringFunctions } from './string.js';

export type { FunctionGroup, StdFunction } from './define.js';
export { FunctionError } from './values.js';
export { functionCoverage, DOCUMENTED_FUNCTIONS, type GroupCoverage } from './coverage.js';
export { seededGuids } from './seeded.js';

/** Every standard function; an UnknownSignal raised inside one becomes its Unknown result (the evaluator turns it, see unknownSignal). */
export const standardFunctionList: readonly StdFunction[] = [
  ...collectionFunctions,
  ...arrayObjectFunctions,
  ...logicalFunctions,
  ...numericFunctions,
  ...stringFunctions,
  ...lambdaFunctions,
  ...dateFunctions,
  ...cidrFunctions,
].map((f) => ({ ...f, unknownSignal: true }));

/** A registry keyed by lower-case name; later definitions replace earlier ones of the same name. */
export function withFunctions(base: FunctionRegistry, extra: Iterable<FunctionDef>): FunctionRegistry {
  const m = new Map(base);
  for (const f of extra) m.set(f.name.toLowerCase(), f);
  return m;
}

export const standardFunctions: FunctionRegistry = withFunctions(new Map(), standardFunctionList);
