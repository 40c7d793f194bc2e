import { Unknown, isUnknown } from '../../core/unknown.js';
import { FunctionError, getProperty, isObject, lowerName, typeName, valueSize } from '../functions/values.js';
import { ExpressionError, spend, type EvalContext, type FunctionDef, type FunctionRegistry, type LambdaValue, type Value } from '../types.js';
import type { Call, Expr } from './ast.js';

/** An expression compiled once: a closure per node, evaluated against a context at each use. */
export type Compiled = (ctx: EvalContext) => Value;

/**
 * Evaluates a parsed expression. `text` is the expression's source, used only in error messages.
 *
 * Unknown handling: an eager function with an Unknown argument is not called (unless it declares
 * handlesUnknown) and yields an Unknown naming it; lazy functions (if/and/or/coalesce…) receive thunks
 * and evaluate only the branches they take, so an Unknown or an error in an untaken branch has no effect.
 */
export function evaluateNode(e: Expr, ctx: EvalContext, text: string): Value {
  return compile(e, text)(ctx);
}

/**
 * Compiles a parsed expression into closures: what the tree says (a literal's value, a call's lower-case
 * name, its arity, whether its result is charged) is read once here rather than at every evaluation, and
 * each call site remembers the function it found in the last registry it was evaluated with. A closure
 * holds no value and no scope: parameters, variables and copyIndex() are read from the context each time.
 */
export function compile(e: Expr, text: string): Compiled {
  switch (e.kind) {
    case 'string':
    case 'number':
    case 'bool': {
      const v = e.value;
      return () => v;
    }
    case 'null':
      return () => null;
    case 'call':
      return compileCall(e, text);
    case 'property': {
      const target = compile(e.target, text);
      const name = e.name;
      const offset = e.offset;
      const shown = `.${name}`;
      return (ctx) => member(target(ctx), name, offset, text, shown);
    }
    case 'index': {
      const target = compile(e.target, text);
      const index = compile(e.index, text);
      const offset = e.offset;
      return (ctx) => indexed(target(ctx), index(ctx), offset, text);
    }
  }
}

function indexed(target: Value, index: Value, offset: number, text: string): Value {
  if (isUnknown(index)) return isUnknown(target) ? target : new Unknown(`[index]: ${index.reason}`);
  if (isUnknown(target)) return new Unknown(`${target.reason} [${typeof index === 'object' ? typeName(index) : String(index)}]`);
  if (Array.isArray(target)) {
    if (typeof index !== 'number' || !Number.isInteger(index)) {
      throw new ExpressionError(`an array index must be an integer, but it is ${typeName(index)} at offset ${offset}`, text, offset);
    }
    const v = target[index];
    if (v === undefined) {
      throw new ExpressionError(
        `index ${index} is outside the array of length ${target.length} at offset ${offset}; ${target.length ? `valid indexes are 0 to ${target.length - 1}` : 'the array is empty'}`,
        text,
        offset,
      );
    }
    return v;
  }
  if (typeof index !== 'string') {
    throw new ExpressionError(`cannot index ${typeName(target)} with ${typeName(index)} at offset ${offset}`, text, offset);
  }
  return member(target, index, offset, text, `['${index}']`);
}

/**
 * Property access. ARM matches the exact property name first and then falls back to any casing
 * (https://github.com/Azure/PSRule.Rules.Azure/issues/794, with a template showing both lookups);
 * a missing property is an error that lists the available ones, as ARM's "The language expression
 * property 'x' doesn't exist, available properties are …" does.
 */
function member(target: Value, name: string, offset: number, text: string, shown: string): Value {
  if (isUnknown(target)) return new Unknown(`${target.reason} (${shown})`);
  if (!isObject(target)) {
    throw new ExpressionError(
      `cannot read property '${name}' of ${typeName(target)} at offset ${offset}; use tryGet() or '?' for a value that may be absent`,
      text,
      offset,
    );
  }
  const v = getProperty(target, name);
  if (v === undefined) {
    const keys = Object.keys(target);
    throw new ExpressionError(
      `property '${name}' does not exist at offset ${offset}; available properties are ${keys.length ? keys.map((k) => `'${k}'`).join(', ') : 'none'}`,
      text,
      offset,
    );
  }
  return v;
}

function compileCall(e: Call, text: string): Compiled {
  const lower = lowerName(e.name);
  const offset = e.offset;
  const args = e.args.map((a) => compile(a, text));
  // lambda() binds names: its body is evaluated later, per invocation, not as an argument.
  if (lower === 'lambda') return compileLambda(e, args, text);
  const stored = STORED.has(lower);
  const compares = COMPARES.has(lower);
  const n = args.length;
  // The function found in the registry this site was last evaluated with (one registry serves a whole
  // template, so it is nearly always the same).
  let registry: FunctionRegistry | undefined;
  let fn: FunctionDef | undefined;
  let arityOk = false;
  return (ctx) => {
    if (ctx.functions !== registry || fn === undefined) {
      fn = ctx.functions.get(lower);
      registry = ctx.functions;
      if (fn === undefined) {
        throw new ExpressionError(
          `unknown function '${e.name}' at offset ${offset}; check the spelling against https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions`,
          text,
          offset,
          e.name,
        );
      }
      arityOk = n >= fn.minArgs && n <= fn.maxArgs;
    }
    const f = fn;
    if (!arityOk) checkArity(f, e, text);
    spend(ctx.budget, 1);
    try {
      if (f.lazy) {
        const thunks = new Array<() => Value>(n);
        for (let i = 0; i < n; i++) thunks[i] = memo(args[i] as Compiled, ctx);
        return charged(f.call(thunks, ctx), ctx, stored);
      }
      const values: Value[] = new Array<Value>(n);
      for (let i = 0; i < n; i++) values[i] = (args[i] as Compiled)(ctx);
      // These compare their arguments whole and return little, so the arguments cost their size too: or
      // equals(x, y) on large values inside map() over a range would cost next to nothing.
      if (compares && ctx.budget !== undefined) for (const a of values) if (typeof a === 'object' && a !== null) spend(ctx.budget, valueSize(a));
      if (!f.handlesUnknown) {
        for (let i = 0; i < n; i++) {
          const a = values[i];
          if (isUnknown(a)) return new Unknown(`${f.name}(): ${a.reason}`);
        }
      }
      return charged(f.call(values, ctx), ctx, stored);
    } catch (err) {
      if (err instanceof FunctionError) throw new ExpressionError(`${err.message} (at offset ${offset})`, text, offset, f.name);
      throw err;
    }
  };
}

/** A result costs its size: what a call builds is paid for, so growth by doubling ends soon. */
// These return values that already exist (a parameter, a variable, a deployment's view): nothing is built.
const STORED = new Set(['parameters', 'variables', 'lambdavariables', 'reference', 'deployment', 'resourcegroup', 'subscription', 'environment', 'tenant', 'managementgroup']);

/** Functions that walk their array and object arguments deeply (deepEquals) for a small result. */
const COMPARES = new Set(['equals', 'contains', 'indexof', 'lastindexof', 'intersection']);

function charged(v: Value, ctx: EvalContext, stored: boolean): Value {
  if (ctx.budget !== undefined && !stored) {
    // Arrays and objects cost their size as a tree: createObject('l', acc, 'r', acc) in a reduce() is small
    // in memory but doubles what string() or printing it would write.
    if (typeof v === 'string') spend(ctx.budget, v.length);
    else if (Array.isArray(v) || isObject(v)) spend(ctx.budget, valueSize(v));
  }
  return v;
}

const LAMBDA_COST = 8;

function checkArity(fn: FunctionDef, e: Call, text: string): void {
  const n = e.args.length;
  if (n >= fn.minArgs && n <= fn.maxArgs) return;
  const want =
    fn.maxArgs === Infinity
      ? `at least ${fn.minArgs}`
      : fn.minArgs === fn.maxArgs
        ? `${fn.minArgs}`
        : `${fn.minArgs} to ${fn.maxArgs}`;
  throw new ExpressionError(
    `${fn.name}() takes ${want} argument(s) but was given ${n} at offset ${e.offset}`,
    text,
    e.offset,
    fn.name,
  );
}

/** A lazy function's argument: evaluated on first use, once. */
function memo(a: Compiled, ctx: EvalContext): () => Value {
  let done = false;
  let v: Value = null;
  return () => {
    if (!done) {
      v = a(ctx);
      done = true;
    }
    return v;
  };
}

/**
 * `lambda('a', 'b', body)`: the leading arguments name the parameters, the last is the body,
 * read through lambdaVariables('a') (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-lambda).
 */
function compileLambda(e: Call, args: readonly Compiled[], text: string): Compiled {
  const body = args[args.length - 1];
  return (ctx) => {
    if (body === undefined) throw new ExpressionError(`lambda() needs a body at offset ${e.offset}`, text, e.offset, 'lambda');
    const params: string[] = [];
    for (let i = 0; i < args.length - 1; i++) {
      const v = (args[i] as Compiled)(ctx);
      if (typeof v !== 'string' || v === '') {
        const at = (e.args[i] as Expr).offset;
        throw new ExpressionError(`lambda() parameter names must be non-empty strings at offset ${at}`, text, at, 'lambda');
      }
      params.push(v);
    }
    const made: LambdaValue = {
      kind: 'lambda',
      params,
      invoke(values: readonly Value[]): Value {
        // An invocation copies the scope and binds the names: several steps' worth of work.
        spend(ctx.budget, LAMBDA_COST);
        const scope = new Map(ctx.lambdaScope ?? []);
        params.forEach((p, i) => scope.set(p, values[i] ?? null));
        return body({ ...ctx, lambdaScope: scope });
      },
    };
    return made;
  };
}
