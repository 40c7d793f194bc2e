/**
 * The contract between the ARM expression evaluator (src/arm/expr/, src/arm/functions/) and its
 * users: the template expander (src/arm/template/) and the Azure Policy engine (src/policy/).
 * Each user builds an EvalContext with the functions it adds (deployment and resource functions for
 * templates; field(), current(), policy(), requestContext() for policies) on top of the standard library.
 */
import type { Unknown } from '../core/unknown.js';

/** A typed ARM value. Unknown stands for a value that exists only after deployment; it propagates. */
export type Value = null | boolean | number | string | Value[] | ObjectValue | Unknown | LambdaValue;
export interface ObjectValue {
  [key: string]: Value;
}

/** `lambda('x', 'y', body)`: only valid as an argument of filter/map/reduce/sort/toObject/mapValues/groupBy/… */
export interface LambdaValue {
  readonly kind: 'lambda';
  readonly params: readonly string[];
  /** Evaluate the body with the parameters bound (lambdaVariables('x') reads them). */
  invoke(args: readonly Value[]): Value;
}

/**
 * The lambdas the evaluator makes (evaluator.ts, makeLambda): a lambda is told from an object by its class,
 * not by reading `kind`, which on a declared-properties view of reference() (template/open.ts) is a read
 * through the proxy that yields an Unknown, with a memo, a case-insensitive key map and a message made for
 * it (691 such reads in an expansion of mlz.json).
 */
export class Lambda implements LambdaValue {
  readonly kind = 'lambda';
  constructor(
    readonly params: readonly string[],
    readonly invoke: (args: readonly Value[]) => Value,
  ) {}
}

/**
 * Values that stand for another: the read-only views of declared properties (template/open.ts) by their
 * target. A view reads as its target with every member wrapped, so what walks a value as a tree (valueSize)
 * walks the target instead, not the proxy (which would make an array of keys and a view per member read).
 */
export const viewTargets = new WeakMap<object, Value>();

/**
 * What an object view answers, read by this symbol, when its own keys are not all the keys of what it shows:
 * a reference() view has the properties the template declares, and Azure adds others at deployment
 * (provisioningState, principalId…), so how many keys it has, and which, is known only then. See partialKeysOf.
 */
export const PARTIAL_KEYS: unique symbol = Symbol('partial keys');

/**
 * What an object view answers, read by this symbol: a function that shows another object as the view shows
 * its own (members through views, a key it lacks read as Unknown, its keys partial like the view's). Asked
 * only of a view whose keys are partial, by what merges it into a new object (union(), shallowMerge(),
 * intersection()), whose keys are then partial too. See reopenLike in functions/values.ts.
 */
export const REOPEN: unique symbol = Symbol('reopen');

/**
 * Why the keys of `v` are not all known before deployment (for the Unknown that length(), objectKeys(),
 * items(), empty(), mapValues(), string() and equals() of it give), or undefined when they are: `v` is not a
 * view, or a view whose keys are all declared (a nested deployment's outputs). Asked of the view itself, which
 * writes the reason from its path only then: nothing is recorded as views are made (a view is made per
 * reference() and per object read through one, 281 in an expansion of mlz.json, and few are ever asked).
 */
export function partialKeysOf(v: object): string | undefined {
  return viewTargets.has(v) ? (v as { [PARTIAL_KEYS]?: string })[PARTIAL_KEYS] : undefined;
}

/** A function of the expression language. Names are case-insensitive; the registry stores them lower-case. */
export interface FunctionDef {
  name: string;
  minArgs: number;
  /** Infinity for variadic functions. */
  maxArgs: number;
  /**
   * Lazy functions (if, and, or, coalesce) receive their arguments unevaluated (LazyArgs) so that untaken
   * branches are never evaluated. Eager ones receive values.
   */
  lazy?: boolean;
  /**
   * By default an eager function given an Unknown argument is not called: the evaluator returns an
   * Unknown naming the function and the argument's reason. Functions whose result can be known
   * anyway (createArray, createObject…) set this and receive Unknown arguments themselves.
   */
  handlesUnknown?: boolean;
  /**
   * An UnknownSignal thrown by `call` (from inside a callback, when an Unknown decides the result) becomes
   * the function's Unknown result (set on the standard library's functions).
   */
  unknownSignal?: boolean;
  /**
   * An eager function that reads its argument array only while it runs, keeps no reference to it and does
   * not return it: the evaluator may hand it an array it reuses for a later call (about 2,900 arrays an
   * expansion of mlz.json). Set only on functions read for it.
   */
  borrowsArgs?: boolean;
  call(args: readonly Value[] | LazyArgs, ctx: EvalContext): Value;
  /**
   * `call` for one string literal argument, without an argument array: parameters('x') and variables('x'),
   * a third of a template's calls, read a name and return a value that exists already.
   */
  readName?(name: string, ctx: EvalContext, lower?: string): Value;
}

/** A lazy function's arguments: `get(i)` evaluates the i-th on first use, once. */
export interface LazyArgs {
  readonly length: number;
  get(i: number): Value;
}

export type FunctionRegistry = ReadonlyMap<string, FunctionDef>;

/**
 * The names one lambda invocation binds (`values[i]` to `names[i]`, null past the values' end; a name bound
 * twice reads its last value), inside the scope of the lambdas around it. A chain, not a map per invocation:
 * map() and filter() over arrays invoke lambdas thousands of times.
 */
export interface LambdaScope {
  readonly names: readonly string[];
  readonly values: readonly Value[];
  readonly outer: LambdaScope | undefined;
}

export interface EvalContext {
  /** Every function available in this context, keyed by lower-case name (standard library + additions). */
  functions: FunctionRegistry;
  /** lambdaVariables bound by enclosing lambdas (innermost first). */
  lambdaScope?: LambdaScope;
  /** Where the expression stands, for error messages: template file:line:column and JSON path. */
  where?: { file?: string; line?: number; column?: number; path?: string };
  /**
   * The deployment time, read by utcNow() and by dateTimeAdd()… callers that want it. Core code never
   * reads the real clock: without it utcNow() is Unknown ("known only at deployment").
   */
  now?: Date;
  /** Produces newGuid() values (see seededGuids() in src/arm/functions/); without it newGuid() is Unknown. */
  newGuid?: () => string;
  /**
   * Set by the template engine on every context but a parameter's `defaultValue`: there utcNow() and
   * newGuid() are an error, as ARM refuses them ("You can only use this function within an expression for
   * the default value of a parameter. Using this function anywhere else in a template returns an error",
   * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-date#utcnow and
   * template-functions-string#newguid, read 2026-12-07).
   */
  outsideParameterDefault?: true;
  /** The work this evaluation may still do; each call and each item it produces spends from it. */
  budget?: WorkBudget;
}

/**
 * A bound on work, so that every input ends in bounded time and memory: a function call costs 1, a
 * string it returns its length more, and an array or object its size as a tree (valueSize in
 * functions/values.ts, parts shared or not), as does what a template expression yields (doubling
 * variables, ranges mapped inside ranges, copy loops multiplied through nested deployments all spend
 * it). Shared by reference.
 */
export interface WorkBudget {
  left: number;
  readonly total: number;
}

/** Thrown when a WorkBudget is spent: it ends the whole evaluation, not one expression. */
export class WorkBudgetExceeded extends Error {
  constructor(readonly total: number) {
    super(`the evaluation needs more than ${total} steps, more work than il5ml does for one input`);
    this.name = 'WorkBudgetExceeded';
  }
}

/** Spends `units` from the context's budget (if any); throws WorkBudgetExceeded when it runs out. */
export function spend(budget: WorkBudget | undefined, units: number): void {
  if (budget === undefined) return;
  budget.left -= units;
  if (budget.left < 0) throw new WorkBudgetExceeded(budget.total);
}

/** An error in an expression: the text, the position inside it, and the function when there is one. */
export class ExpressionError extends Error {
  readonly expression: string;
  readonly offset: number;
  readonly functionName: string | undefined;
  constructor(message: string, expression: string, offset: number, functionName?: string) {
    super(message);
    this.name = 'ExpressionError';
    this.expression = expression;
    this.offset = offset;
    this.functionName = functionName;
  }
}
