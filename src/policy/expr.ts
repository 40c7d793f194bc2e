/**
 * Policy expressions (`"[concat(field('name'), '-x')]"`) are ARM template expressions evaluated by the
 * template engine's evaluator (src/arm/expr/) with the policy functions added (functions.ts). Each string
 * is parsed once, when the definition is compiled; an expression that reads nothing of the resource
 * (only parameters and pure functions) is evaluated once too.
 */
import { evaluate, parseExpression, standardFunctions, withFunctions } from '../arm/expr/index.js';
import type { Expr } from '../arm/expr/ast.js';
import type { FunctionRegistry, Value } from '../arm/types.js';
import { fromJson } from '../arm/functions/values.js';
import { DYNAMIC_FUNCTIONS, POLICY_FUNCTIONS, type PolicyEvalContext } from './functions.js';

let registry: FunctionRegistry | undefined;
/** The ARM standard library plus the policy functions (field(), current()…), built once. */
export function policyFunctions(): FunctionRegistry {
  registry ??= withFunctions(standardFunctions, POLICY_FUNCTIONS);
  return registry;
}

/** A literal or a parsed expression. */
export type Operand =
  | { kind: 'literal'; value: Value; text?: string }
  | { kind: 'expr'; expr: Expr; text: string; dynamic: boolean };

/** `[[` escapes a literal leading bracket, as in templates. */
export function isExpressionText(s: string): boolean {
  return s.length >= 2 && s.startsWith('[') && !s.startsWith('[[') && s.endsWith(']');
}

/** Parses a JSON value from a definition; strings that are expressions become Operand 'expr'. Throws ExpressionError on bad syntax. */
export function operand(raw: unknown): Operand {
  if (typeof raw === 'string') {
    if (isExpressionText(raw)) {
      const expr = parseExpression(raw.slice(1, -1));
      return { kind: 'expr', expr, text: raw, dynamic: readsResource(expr) };
    }
    return { kind: 'literal', value: raw.startsWith('[[') && raw.endsWith(']') ? raw.slice(1) : raw, text: raw };
  }
  return { kind: 'literal', value: fromJson(raw) };
}

function readsResource(e: Expr): boolean {
  switch (e.kind) {
    case 'call':
      return DYNAMIC_FUNCTIONS.has(e.name.toLowerCase()) || e.args.some(readsResource);
    case 'property':
      return readsResource(e.target);
    case 'index':
      return readsResource(e.target) || readsResource(e.index);
    default:
      return false;
  }
}

export function evalOperand(o: Operand, ctx: PolicyEvalContext): Value {
  return o.kind === 'literal' ? o.value : evaluate(o.expr, ctx);
}
