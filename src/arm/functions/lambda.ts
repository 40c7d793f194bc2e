/**
 * Lambda functions. https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-lambda
 * lambda() itself is built by the evaluator (it binds names); lambdaVariables() reads them.
 * A lambda whose result is Unknown for some element makes the whole result Unknown, except map(),
 * whose other elements stay known.
 */
import { isUnknown } from '../../core/unknown.js';
import type { EvalContext, LambdaScope, LambdaValue, ObjectValue, Value } from '../types.js';
import { eager, type StdFunction } from './define.js';
import { FunctionError, UnknownSignal, arg, arr, getProperty, lambda, obj, partialKeys, typeName } from './values.js';

/**
 * Calls a lambda of one or two parameters with (value) or (value, index): one array per invocation, made
 * to the lambda's measure (not a longer one sliced).
 */
function call2(l: LambdaValue, x: Value, i: number): Value {
  return l.invoke(l.params.length === 1 ? [x] : [x, i]);
}

function known(v: Value): Value {
  if (isUnknown(v)) throw new UnknownSignal(v);
  return v;
}

function predicate(fn: string, v: Value): boolean {
  known(v);
  if (typeof v !== 'boolean') throw new FunctionError(`${fn}(): the lambda must return a boolean, but it returned ${typeName(v)}`);
  return v;
}

function key(fn: string, v: Value): string {
  known(v);
  if (typeof v !== 'string') throw new FunctionError(`${fn}(): the key lambda must return a string, but it returned ${typeName(v)}`);
  return v;
}

/** The value bound to `name` by the innermost lambda that binds it (by that name exactly, else in another casing). */
function lambdaVariable(name: string, ctx: EvalContext): Value {
  for (let s = ctx.lambdaScope; s !== undefined; s = s.outer) {
    // The last of a name bound twice in one lambda.
    for (let i = s.names.length - 1; i >= 0; i--) if (s.names[i] === name) return s.values[i] ?? null;
  }
  const scope = scopeMap(ctx.lambdaScope);
  const match = scope ? getProperty(Object.fromEntries(scope), name) : undefined;
  if (match !== undefined) return match;
  const names = scope ? [...scope.keys()] : [];
  throw new FunctionError(
    `lambdaVariables(): no lambda parameter '${name}' is in scope${names.length ? `; in scope: ${names.map((n) => `'${n}'`).join(', ')}` : ' (lambdaVariables() is only valid inside a lambda body)'}`,
  );
}

/**
 * Every name in scope with its value, in the order of a map the lambdas would have filled from the
 * outermost in (an inner name replacing an outer one's value where it stands): for another casing of a
 * name, and to list the names in an error.
 */
function scopeMap(scope: LambdaScope | undefined): Map<string, Value> | undefined {
  if (scope === undefined) return undefined;
  const m = scopeMap(scope.outer) ?? new Map<string, Value>();
  for (let i = 0; i < scope.names.length; i++) m.set(scope.names[i] as string, scope.values[i] ?? null);
  return m;
}

export const lambdaFunctions: StdFunction[] = [
  eager('filter', ['lambda'], 2, 2, (args) => {
    const a = arr('filter', args, 0);
    const l = lambda('filter', args, 1, 1, 2);
    return a.filter((x, i) => predicate('filter', call2(l, x, i)));
  }, { borrowsArgs: true }),
  eager('map', ['lambda'], 2, 2, (args) => {
    const a = arr('map', args, 0);
    const l = lambda('map', args, 1, 1, 2);
    return a.map((x, i) => call2(l, x, i));
  }, { borrowsArgs: true }),
  eager('reduce', ['lambda'], 3, 3, (args) => {
    const a = arr('reduce', args, 0);
    const l = lambda('reduce', args, 2, 2, 3);
    let acc = arg(args, 1);
    a.forEach((x, i) => {
      acc = l.invoke(l.params.length === 2 ? [acc, x] : [acc, x, i]);
    });
    return acc;
  }),
  eager('sort', ['lambda'], 2, 2, (args) => {
    const a = arr('sort', args, 0);
    const l = lambda('sort', args, 1, 2);
    // The lambda answers "does a come before b?"; a stable sort keeps equal elements in input order.
    return [...a].sort((x, y) => (predicate('sort', l.invoke([x, y])) ? -1 : predicate('sort', l.invoke([y, x])) ? 1 : 0));
  }),
  eager('toObject', ['lambda'], 2, 3, (args) => {
    const a = arr('toObject', args, 0);
    const kl = lambda('toObject', args, 1, 1);
    const vl = args.length > 2 ? lambda('toObject', args, 2, 1) : undefined;
    const out: ObjectValue = {};
    for (const x of a) out[key('toObject', kl.invoke([x]))] = vl ? vl.invoke([x]) : x;
    return out;
  }),
  eager('mapValues', ['lambda'], 2, 2, (args) => {
    const o = obj('mapValues', args, 0);
    const l = lambda('mapValues', args, 1, 1);
    const u = partialKeys('mapValues', o);
    if (u) return u;
    const out: ObjectValue = {};
    for (const k of Object.keys(o)) out[k] = l.invoke([o[k] ?? null]);
    return out;
  }),
  // groupBy(array, keyLambda [, valueLambda]): the optional third lambda maps each element placed in a
  // group (Bicep's signature: "Values can be optionally translated using a mapping function", optional
  // parameter valuePredicate, https://github.com/Azure/bicep/blob/main/src/Bicep.Core/Semantics/Namespaces/SystemNamespaceType.cs).
  eager('groupBy', ['lambda'], 2, 3, (args) => {
    const a = arr('groupBy', args, 0);
    const l = lambda('groupBy', args, 1, 1);
    const vl = args.length > 2 ? lambda('groupBy', args, 2, 1) : undefined;
    // Groups live in a Map: a key such as 'constructor', 'toString' or '__proto__' is a key like any other.
    const groups = new Map<string, Value[]>();
    for (const x of a) {
      const k = key('groupBy', l.invoke([x]));
      const v = vl ? vl.invoke([x]) : x;
      const g = groups.get(k);
      if (g) g.push(v);
      else groups.set(k, [v]);
    }
    const out: ObjectValue = {};
    for (const [k, g] of groups) Object.defineProperty(out, k, { value: g, enumerable: true, writable: true, configurable: true });
    return out;
  }),
  {
    ...eager('lambdaVariables', ['lambda'], 1, 1, (args, ctx) => {
      const name = arg(args, 0);
      if (typeof name !== 'string') throw new FunctionError(`lambdaVariables(): the name must be a string, but it is ${typeName(name)}`);
      return lambdaVariable(name, ctx);
    }),
    // lambdaVariables('x'), its name a literal, without an argument array.
    readName: lambdaVariable,
  },
  // Registered so that the name is known and arity errors are reported; the evaluator builds lambdas itself.
  eager('lambda', ['lambda'], 1, Infinity, () => {
    throw new Error('internal: lambda() is built by the evaluator, never called');
  }),
];
