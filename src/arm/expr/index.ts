/**
 * The public API of the ARM expression language: parse, print and evaluate `[...]` expressions
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions).
 */
import type { EvalContext, Value } from '../types.js';
import type { Expr } from './ast.js';
import { evaluateCall, evaluateNode } from './evaluator.js';
import { parse } from './parser.js';
import { print } from './printer.js';

export type { Expr } from './ast.js';
export {
  standardFunctions,
  standardFunctionList,
  withFunctions,
  FunctionError,
  functionCoverage,
  seededGuids,
  type GroupCoverage,
} from '../functions/index.js';
export { ExpressionError } from '../types.js';

/** Source text of parsed trees, so that errors raised while evaluating can quote it. */
const sources = new WeakMap<Expr, string>();

/**
 * Trees are immutable, so a text parsed once is reused: copy loops evaluate the same expression text
 * hundreds of times. The cache is bounded so a long-running process does not grow without limit.
 */
const cache = new Map<string, Expr>();
const CACHE_LIMIT = 20_000;

/** Parses expression text WITHOUT the outer brackets, e.g. `concat('a', parameters('b'))`. */
export function parseExpression(text: string): Expr {
  const hit = cache.get(text);
  if (hit) return hit;
  const e = parse(text);
  sources.set(e, text);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, e);
  return e;
}

/** A JSON string is an expression when it starts with `[` and ends with `]`, unless it starts with `[[`. */
export function isExpression(s: string): boolean {
  return s.length >= 2 && s.startsWith('[') && s.endsWith(']') && !s.startsWith('[[');
}

/**
 * Evaluates a template string: `[...]` is an expression; `[[...]` is a literal with the first `[`
 * removed; anything else is returned as it is.
 */
export function evaluateString(s: string, ctx: EvalContext): Value {
  if (!isExpression(s)) return s.startsWith('[[') && s.endsWith(']') ? s.slice(1) : s;
  return evaluate(parseExpression(s.slice(1, -1)), ctx);
}

export function evaluate(expr: Expr, ctx: EvalContext): Value {
  return evaluateNode(expr, ctx, sources.get(expr) ?? print(expr));
}

/** evaluate() for a caller that keeps the text `expr` was parsed from (what errors quote), without looking it up. */
export function evaluateParsed(expr: Expr, ctx: EvalContext, text: string): Value {
  // Most template expressions are a call: made without evaluateNode's dispatch in between.
  return expr.kind === 'call' ? evaluateCall(expr, ctx, text) : evaluateNode(expr, ctx, text);
}

/** Canonical text of an expression (without brackets); parseExpression(printExpression(e)) equals e. */
export function printExpression(expr: Expr): string {
  return print(expr);
}
