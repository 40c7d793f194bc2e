import { Unknown, isUnknown } from '../../core/unknown.js';
import { FunctionError, UnknownSignal, getProperty, isObject, lowerName, typeName, unknownFrom, valueSize } from '../functions/values.js';
import { ExpressionError, Lambda, WorkBudgetExceeded, spend, type EvalContext, type FunctionDef, type FunctionRegistry, type LambdaValue, type LazyArgs, type Value } from '../types.js';
import type { Call, Expr } from './ast.js';

/**
 * Evaluates a parsed expression. `text` is the expression's source, used only in error messages.
 *
 * Unknown handling: an eager function with an Unknown argument is not called (unless it declares
 * handlesUnknown) and yields an Unknown naming it; lazy functions (if/and/or/coalesce…) receive LazyArgs
 * and evaluate only the branches they take, so an Unknown or an error in an untaken branch has no effect.
 */
export function evaluateNode(e: Expr, ctx: EvalContext, text: string): Value {
  // Calls first: most nodes evaluated are calls, and before V8 optimizes this the cases are tried in order.
  switch (e.kind) {
    case 'call':
      return evaluateCall(e, ctx, text);
    case 'string':
    case 'number':
    case 'bool':
      return e.value;
    case 'null':
      return null;
    case 'property': {
      const target = evaluateNode(e.target, ctx, text);
      return member(target, e.name, e.offset, text, false);
    }
    case 'index': {
      const target = evaluateNode(e.target, ctx, text);
      const index = evaluateNode(e.index, ctx, text);
      if (isUnknown(index)) return isUnknown(target) ? target : new Unknown(`[index]: ${index.reason}`);
      if (isUnknown(target)) return new Unknown(`${target.reason} [${typeof index === 'object' ? typeName(index) : String(index)}]`);
      if (Array.isArray(target)) {
        if (typeof index !== 'number' || !Number.isInteger(index)) {
          throw new ExpressionError(`an array index must be an integer, but it is ${typeName(index)} at offset ${e.offset}`, text, e.offset);
        }
        const v = target[index];
        if (v === undefined) {
          throw new ExpressionError(
            `index ${index} is outside the array of length ${target.length} at offset ${e.offset}; ${target.length ? `valid indexes are 0 to ${target.length - 1}` : 'the array is empty'}`,
            text,
            e.offset,
          );
        }
        return v;
      }
      if (typeof index !== 'string') {
        throw new ExpressionError(`cannot index ${typeName(target)} with ${typeName(index)} at offset ${e.offset}`, text, e.offset);
      }
      return member(target, index, e.offset, text, true);
    }
  }
}

/**
 * Property access. ARM matches the exact property name first and then falls back to any casing
 * (https://github.com/Azure/PSRule.Rules.Azure/issues/794, with a template showing both lookups);
 * a missing property is an error that lists the available ones, as ARM's "The language expression
 * property 'x' doesn't exist, available properties are …" does. What reads a property that may be absent is
 * tryGet(): "In Bicep, use the safe-dereference operator" (template-functions-object#tryget, read 2026-12-08),
 * which Bicep compiles to tryGet() (https://github.com/Azure/bicep/pull/13162): ARM's expressions have no '?'.
 */
function member(target: Value, name: string, offset: number, text: string, indexed: boolean): Value {
  // How the access is written (`.name` or `['name']`), for an Unknown's reason: made only for one.
  if (target instanceof Unknown) return new Unknown(`${target.reason} (${indexed ? `['${name}']` : `.${name}`})`);
  if (!isObject(target)) {
    throw new ExpressionError(
      `cannot read property '${name}' of ${typeName(target)} at offset ${offset}; for a value that may be absent, read it with tryGet(<value>, '${name}'), which gives null instead (ARM has no '?' operator: that is Bicep's, compiled to tryGet)`,
      text,
      offset,
    );
  }
  const v = getProperty(target, name);
  if (v === undefined) {
    const keys = Object.keys(target);
    throw new ExpressionError(
      `property '${name}' does not exist at offset ${offset}; available properties are ${keys.length ? keys.map((k) => `'${k}'`).join(', ') : 'none'}; for a property that may be absent, read it with tryGet(<value>, '${name}'), which gives null instead`,
      text,
      offset,
    );
  }
  return v;
}

/**
 * The function a call names in the context's registry, with its number of arguments checked (memoized on
 * parsed trees, see Call.registry; an error is thrown at each evaluation, never remembered). The arity is
 * checked here, once per tree and registry, not at each call: maxArgs is Infinity for variadic functions,
 * which makes it a field of doubles, and each read of such a field before V8 optimizes the code makes a
 * number object (16 bytes a call, 0.1 MB an expansion of mlz.json).
 */
function lookup(e: Call, lower: string, registry: FunctionRegistry, text: string): FunctionDef {
  const fn = registry.get(lower);
  if (fn === undefined) {
    throw new ExpressionError(
      `unknown function '${e.name}' at offset ${e.offset}; check the spelling against https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions`,
      text,
      e.offset,
      e.name,
    );
  }
  const n = e.args.length;
  if (n < fn.minArgs || n > fn.maxArgs) throw arityError(fn, e, text);
  if (e.lower !== undefined) {
    e.fn = fn;
    e.registry = registry;
    e.cost = costOf(lower);
  }
  return fn;
}

/** A call node (most template expressions are one; evaluateNode's dispatch is not needed to make it). */
export function evaluateCall(e: Call, ctx: EvalContext, text: string): Value {
  const lower = e.lower ?? lowerName(e.name);
  // lambda() binds names: its body is evaluated later, per invocation, not as an argument.
  if (lower === 'lambda') return makeLambda(e, ctx, text);
  const registry = ctx.functions;
  // lookup()'s memo read in place: the tree was evaluated against this registry before, nearly always.
  const fn = (e.registry === registry ? e.fn : undefined) ?? lookup(e, lower, registry, text);
  const argExprs = e.args;
  const n = argExprs.length;
  const budget = ctx.budget;
  // spend(budget, 1), inline: this runs for every call, mostly before V8 optimizes (and inlines) anything,
  // where each function call, iterator or callback costs more than the work; hence the indexed loops too.
  if (budget !== undefined && --budget.left < 0) throw new WorkBudgetExceeded(budget.total);
  const cost = e.lower !== undefined ? (e.cost ?? 0) : costOf(lower);
  try {
    let v: Value;
    const first = argExprs[0];
    if (n === 1 && fn.readName !== undefined && first !== undefined && first.kind === 'string') {
      // The name's lower case kept on the literal: the lookup by it needs no lowerName() map read per call.
      v = fn.readName(first.value, ctx, (first.lowered ??= lowerName(first.value)));
    } else if (fn.lazy) {
      v = fn.call(new LazyArguments(argExprs, ctx, text), ctx);
    } else {
      // No arguments (copyIndex(), resourceGroup(), deployment()…, a tenth of the calls): one shared array,
      // frozen, as functions only read their arguments. A function that borrows its arguments gets a
      // reused array (given back below, once it has returned; one lost to an exception is made anew).
      const borrowed = n !== 0 && n <= MAX_BORROWED && fn.borrowsArgs === true;
      const args = n === 0 ? NO_ARGS : borrowed ? borrowArgs(n) : new Array<Value>(n);
      // The first Unknown argument, if any: unless the function handles them, it decides the result.
      let unknown: Unknown | undefined;
      for (let i = 0; i < n; i++) {
        const a = argExprs[i] as Expr;
        // A string literal (a parameter's, a variable's name, a format…) is its value; a call is made
        // without evaluateNode's dispatch in between.
        const v = a.kind === 'string' ? a.value : a.kind === 'call' ? evaluateCall(a, ctx, text) : evaluateNode(a, ctx, text);
        if (unknown === undefined && v instanceof Unknown) unknown = v;
        args[i] = v;
      }
      // These compare their arguments whole and return little, so the arguments cost their size too: or
      // equals(x, y) on large values inside map() over a range would cost next to nothing.
      if (budget !== undefined && (cost & COMPARES_ARGUMENTS) !== 0) {
        for (let i = 0; i < n; i++) {
          const a = args[i];
          if (typeof a === 'object' && a !== null) spend(budget, valueSize(a));
        }
      }
      if (unknown !== undefined && !fn.handlesUnknown) {
        if (borrowed) giveBack(args);
        return new Unknown(`${fn.name}(): ${unknown.reason}`);
      }
      v = fn.call(args, ctx);
      if (borrowed) giveBack(args);
    }
    if ((cost & RESULT_STORED) !== 0 || budget === undefined) return v;
    // charged(), a string (most results) in place.
    if (typeof v === 'string') {
      if ((budget.left -= v.length) < 0) throw new WorkBudgetExceeded(budget.total);
      return v;
    }
    return charged(v, ctx);
  } catch (err) {
    if (err instanceof FunctionError) throw new ExpressionError(`${err.message} (at offset ${e.offset})`, text, e.offset, fn.name);
    // Raised inside a standard function when an Unknown decides its result (UnknownSignal).
    if (fn.unknownSignal === true && err instanceof UnknownSignal) return unknownFrom(fn.name, err.unknown);
    throw err;
  }
}

const NO_ARGS: Value[] = Object.freeze([]) as unknown as Value[];

/**
 * Argument arrays of functions that borrow them (FunctionDef.borrowsArgs), by length: calls nest (an
 * argument is itself a call, a lambda's body calls functions), so each length keeps a stack of arrays, and
 * an array is in one call's hands from borrowArgs() to giveBack().
 */
const MAX_BORROWED = 8;
const MAX_KEPT = 32;
// Stacks of fixed size with their heights apart: an array popped and pushed around a size V8 trims it at
// would have its storage made again and again.
const argPool: (Value[] | undefined)[][] = Array.from({ length: MAX_BORROWED + 1 }, () => new Array<Value[] | undefined>(MAX_KEPT));
const argPoolHeight = new Int32Array(MAX_BORROWED + 1);

function borrowArgs(n: number): Value[] {
  const h = argPoolHeight[n] as number;
  if (h === 0) return new Array<Value>(n);
  argPoolHeight[n] = h - 1;
  return (argPool[n] as (Value[] | undefined)[])[h - 1] ?? new Array<Value>(n);
}

function giveBack(args: Value[]): void {
  const n = args.length;
  // Emptied, so that the pool keeps no value of an expansion alive after it.
  for (let i = 0; i < n; i++) args[i] = null;
  const h = argPoolHeight[n] as number;
  if (h < MAX_KEPT) {
    (argPool[n] as (Value[] | undefined)[])[h] = args;
    argPoolHeight[n] = h + 1;
  }
}

/** A result costs its size: what a call builds is paid for, so growth by doubling ends soon. */
// These return values that already exist (a parameter, a variable, a deployment's view): nothing is built.
const STORED = new Set(['parameters', 'variables', 'lambdavariables', 'reference', 'deployment', 'resourcegroup', 'subscription', 'environment', 'tenant', 'managementgroup']);

/** Functions that walk their array and object arguments deeply (deepEquals) for a small result. */
const COMPARES = new Set(['equals', 'contains', 'indexof', 'lastindexof', 'intersection']);

/** costOf(): the result is a value that exists already (STORED), and the arguments are compared whole (COMPARES). */
const RESULT_STORED = 1;
const COMPARES_ARGUMENTS = 2;

function costOf(lower: string): number {
  return (STORED.has(lower) ? RESULT_STORED : 0) | (COMPARES.has(lower) ? COMPARES_ARGUMENTS : 0);
}

function charged(v: Value, ctx: EvalContext): Value {
  if (ctx.budget !== undefined) {
    // Arrays and objects cost their size as a tree: createObject('l', acc, 'r', acc) in a reduce() is small
    // in memory but doubles what string() or printing it would write.
    if (typeof v === 'string') spend(ctx.budget, v.length);
    else if (Array.isArray(v) || isObject(v)) spend(ctx.budget, valueSize(v));
  }
  return v;
}

const LAMBDA_COST = 8;

function arityError(fn: FunctionDef, e: Call, text: string): ExpressionError {
  const n = e.args.length;
  const want =
    fn.maxArgs === Infinity
      ? `at least ${fn.minArgs}`
      : fn.minArgs === fn.maxArgs
        ? `${fn.minArgs}`
        : `${fn.minArgs} to ${fn.maxArgs}`;
  return new ExpressionError(
    `${fn.name}() takes ${want} argument(s) but was given ${n} at offset ${e.offset}`,
    text,
    e.offset,
    fn.name,
  );
}

/** Marks an argument of LazyArguments not evaluated yet. */
const PENDING = Symbol('pending');

/**
 * A lazy function's arguments, each evaluated on first use, once: one object per call (a closure and its
 * context per argument cost about 130 bytes each).
 */
class LazyArguments implements LazyArgs {
  private values: (Value | typeof PENDING)[] | undefined;
  constructor(
    private readonly exprs: readonly Expr[],
    private readonly ctx: EvalContext,
    private readonly text: string,
  ) {}

  get length(): number {
    return this.exprs.length;
  }

  get(i: number): Value {
    const values = (this.values ??= new Array<Value | typeof PENDING>(this.exprs.length).fill(PENDING));
    const known = values[i];
    if (known !== PENDING && known !== undefined) return known;
    const e = this.exprs[i];
    if (e === undefined) return null;
    const v = evaluateNode(e, this.ctx, this.text);
    values[i] = v;
    return v;
  }
}

/**
 * `lambda('a', 'b', body)`: the leading arguments name the parameters, the last is the body,
 * read through lambdaVariables('a') (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-lambda).
 */
function makeLambda(e: Call, ctx: EvalContext, text: string): LambdaValue {
  if (e.args.length < 1) {
    throw new ExpressionError(`lambda() needs a body at offset ${e.offset}`, text, e.offset, 'lambda');
  }
  // Indexed into an array of their number: no slice, iterator or growing array per lambda made.
  const params = new Array<string>(e.args.length - 1);
  for (let i = 0; i < params.length; i++) {
    const a = e.args[i] as Expr;
    const v = evaluateNode(a, ctx, text);
    if (typeof v !== 'string' || v === '') {
      throw new ExpressionError(`lambda() parameter names must be non-empty strings at offset ${a.offset}`, text, a.offset, 'lambda');
    }
    params[i] = v;
  }
  const body = e.args[e.args.length - 1];
  if (body === undefined) throw new Error('internal: lambda body is missing');
  // One context per lambda value, its scope set for each invocation and put back after it (invocations may
  // nest): a context copied at each invocation was most of what map() and filter() allocated. A lambda made
  // inside the body copies the context as it is then, with the scope it was made in, as `outer` here is.
  const outer = ctx.lambdaScope;
  const bodyCtx: EvalContext = { ...ctx, lambdaScope: outer };
  return new Lambda(params, (values: readonly Value[]): Value => {
    // An invocation binds the names (charged as the copy of the scope it once made: several steps' worth of work).
    spend(ctx.budget, LAMBDA_COST);
    const saved = bodyCtx.lambdaScope;
    bodyCtx.lambdaScope = { names: params, values, outer };
    try {
      return evaluateNode(body, bodyCtx, text);
    } finally {
      bodyCtx.lambdaScope = saved;
    }
  });
}
