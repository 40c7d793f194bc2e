import type { EvalContext, FunctionDef, LazyArgs, Value } from '../types.js';

/** The groups of Microsoft's function reference (template-functions-<group>), for coverage reports. */
export type FunctionGroup =
  | 'array'
  | 'object'
  | 'comparison'
  | 'logical'
  | 'numeric'
  | 'string'
  | 'date'
  | 'cidr'
  | 'lambda';

export interface StdFunction extends FunctionDef {
  /** Every reference page that documents the function (concat is both array and string). */
  groups: readonly FunctionGroup[];
}

type Eager = (args: readonly Value[], ctx: EvalContext) => Value;
type Lazy = (args: LazyArgs, ctx: EvalContext) => Value;

export function eager(
  name: string,
  groups: readonly FunctionGroup[],
  minArgs: number,
  maxArgs: number,
  fn: Eager,
  opts: { handlesUnknown?: boolean; borrowsArgs?: boolean } = {},
): StdFunction {
  return {
    name,
    groups,
    minArgs,
    maxArgs,
    ...(opts.handlesUnknown ? { handlesUnknown: true } : {}),
    ...(opts.borrowsArgs ? { borrowsArgs: true } : {}),
    // The function itself, not a closure around it: the evaluator calls it with values (it is eager).
    call: fn as FunctionDef['call'],
  };
}

export function lazy(name: string, groups: readonly FunctionGroup[], minArgs: number, maxArgs: number, fn: Lazy): StdFunction {
  // Called with its arguments unevaluated (it is lazy), directly.
  return { name, groups, minArgs, maxArgs, lazy: true, call: fn as FunctionDef['call'] };
}
