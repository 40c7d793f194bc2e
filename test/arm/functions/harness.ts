/**
 * A minimal stand-in for the template engine, enough to run Microsoft's documentation examples:
 * parameters('x') returns the example's default value (evaluated when it is an expression string) and
 * variables('x') evaluates the example's variable. Only for tests of the standard library.
 */
import { evaluateString, standardFunctions, withFunctions } from '../../../src/arm/expr/index.js';
import type { EvalContext, FunctionDef, Value } from '../../../src/arm/types.js';

export interface Sample {
  parameters?: Record<string, Value>;
  variables?: Record<string, Value>;
  now?: Date;
}

function deepEvaluate(v: Value, ctx: EvalContext): Value {
  if (typeof v === 'string') return evaluateString(v, ctx);
  if (Array.isArray(v)) return v.map((x) => deepEvaluate(x, ctx));
  if (v !== null && typeof v === 'object' && !('kind' in v) && !('reason' in v)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepEvaluate(x as Value, ctx)]));
  }
  return v;
}

export function run(sample: Sample, expression: string): Value {
  const lookup = (table: Record<string, Value> | undefined, kind: string): FunctionDef => ({
    name: kind,
    minArgs: 1,
    maxArgs: 1,
    call: (args) => {
      const name = String((args as readonly Value[])[0]);
      const entry = Object.entries(table ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase());
      if (!entry) throw new Error(`test sample has no ${kind} '${name}'`);
      return deepEvaluate(entry[1], ctx);
    },
  });
  const ctx: EvalContext = {
    functions: withFunctions(standardFunctions, [lookup(sample.parameters, 'parameters'), lookup(sample.variables, 'variables')]),
    ...(sample.now ? { now: sample.now } : {}),
  };
  return evaluateString(expression, ctx);
}
