/**
 * Helpers shared by the standard library: ARM type names, argument checks that name the function,
 * deep equality and the conversions to text that string(), concat() and format() share.
 */
import { Unknown, isUnknown } from '../../core/unknown.js';
import { Lambda, REOPEN, partialKeysOf, viewTargets, type LambdaValue, type ObjectValue, type Value } from '../types.js';

/**
 * Thrown by a function for bad arguments; the evaluator turns it into an ExpressionError carrying the
 * expression text, the offset of the call and the function name.
 */
export class FunctionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FunctionError';
  }
}

/**
 * utcNow() and newGuid() outside a parameter's defaultValue in a template (EvalContext.outsideParameterDefault):
 * ARM refuses the template, with its "not expected at this location" wording
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-date#utcnow,
 * template-functions-string#newguid, read 2026-12-07).
 */
export function onlyInParameterDefault(fn: string, ctx: { outsideParameterDefault?: true }): void {
  if (ctx.outsideParameterDefault) {
    throw new FunctionError(
      `The template function '${fn}' is not expected at this location: it can be used only in the defaultValue of a parameter, because it returns a different value at each call; declare a parameter with "defaultValue": "[${fn}()]" and read it with parameters()`,
    );
  }
}

/**
 * Thrown from inside a callback (a comparison within intersection(), an element of shallowMerge()…)
 * when an Unknown decides the result; the library's wrapper turns it into the function's Unknown result.
 */
export class UnknownSignal extends Error {
  constructor(readonly unknown: Unknown) {
    super(unknown.reason);
    this.name = 'UnknownSignal';
  }
}

/**
 * Not an Azure limit: a guard of this tool so that padLeft(x, 1e9) or a format alignment of a billion
 * spaces fails with a message instead of exhausting memory. ARM templates are at most 4 MB
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits),
 * so no real deployment builds a longer string.
 */
export const MAX_STRING_LENGTH = 4 * 1024 * 1024;

export function isLambda(v: Value): v is LambdaValue {
  return v instanceof Lambda;
}

export function isObject(v: Value): v is ObjectValue {
  // Without calls: the engine asks this of nearly every value it touches. By class, not by reading `kind`
  // (see Lambda: a view would answer the read through its proxy).
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown) && !(v instanceof Lambda);
}

/**
 * Lower-case names (of functions, parameters, variables) as one string per name: an expression's names
 * are the same strings at every evaluation, and the lower-case string found here keeps its hash, where
 * toLowerCase() would make a new string to hash at each lookup. Bounded, for long-lived processes.
 */
const lowered = new Map<string, string>();
export function lowerName(name: string): string {
  let l = lowered.get(name);
  if (l === undefined) {
    if (lowered.size >= 20_000) lowered.clear();
    l = name.toLowerCase();
    lowered.set(name, l);
  }
  return l;
}

/** The type names ARM uses in its own error messages. */
export function typeName(v: Value): string {
  if (v === null) return 'Null';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'Integer' : 'Float';
  if (Array.isArray(v)) return 'Array';
  if (isUnknown(v)) return 'Unknown';
  if (isLambda(v)) return 'Lambda';
  return 'Object';
}

function ordinal(i: number): string {
  return ['first', 'second', 'third', 'fourth', 'fifth'][i] ?? `#${i + 1}`;
}

function fail(fn: string, i: number, want: string, v: Value): never {
  throw new FunctionError(`${fn}(): the ${ordinal(i)} argument must be ${want}, but it is ${typeName(v)}`);
}

export function arg(args: readonly Value[], i: number): Value {
  const v = args[i];
  return v === undefined ? null : v;
}

export function str(fn: string, args: readonly Value[], i: number): string {
  const v = arg(args, i);
  if (typeof v !== 'string') fail(fn, i, 'a string', v);
  return v;
}
export function int(fn: string, args: readonly Value[], i: number): number {
  const v = arg(args, i);
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(fn, i, 'an integer', v);
  return v;
}
export function num(fn: string, args: readonly Value[], i: number): number {
  const v = arg(args, i);
  if (typeof v !== 'number') fail(fn, i, 'a number', v);
  return v;
}
export function bool(fn: string, args: readonly Value[], i: number): boolean {
  const v = arg(args, i);
  if (typeof v !== 'boolean') fail(fn, i, 'a boolean', v);
  return v;
}
export function arr(fn: string, args: readonly Value[], i: number): Value[] {
  const v = arg(args, i);
  if (!Array.isArray(v)) fail(fn, i, 'an array', v);
  return v;
}
export function obj(fn: string, args: readonly Value[], i: number): ObjectValue {
  const v = arg(args, i);
  if (!isObject(v)) fail(fn, i, 'an object', v);
  return v;
}
export function lambda(fn: string, args: readonly Value[], i: number, minParams: number, maxParams = minParams): LambdaValue {
  const v = arg(args, i);
  if (!isLambda(v)) fail(fn, i, `a lambda (lambda('x', …))`, v);
  if (v.params.length < minParams || v.params.length > maxParams) {
    const want = minParams === maxParams ? `${minParams}` : `${minParams} or ${maxParams}`;
    throw new FunctionError(`${fn}(): the lambda must take ${want} parameter(s), but it takes ${v.params.length}`);
  }
  return v;
}
export function wrongType(fn: string, i: number, want: string, v: Value): never {
  return fail(fn, i, want, v);
}

/** The first Unknown anywhere inside a value, depth first; undefined when the value is fully known. */
export function findUnknown(v: Value): Unknown | undefined {
  // Strings, numbers… (most of what format() and concat() are given) answered without a call.
  if (typeof v !== 'object' || v === null) return undefined;
  if (v instanceof Unknown) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i] ?? null;
      if (typeof x !== 'object' || x === null) continue;
      const u = findUnknown(x);
      if (u) return u;
    }
  } else if (isObject(v)) {
    // A view of what reference() reads whose keys are only the declared ones: the whole object (what
    // string() or format() would write of it) is known only after deployment.
    const partial = partialKeysOf(v);
    if (partial !== undefined) return new Unknown(partial);
    for (const k of Object.keys(v)) {
      const u = findUnknown(v[k] ?? null);
      if (u) return u;
    }
  }
  return undefined;
}

/**
 * Unknown when `o` is a view of what reference() or deployment() reads whose keys are only the declared
 * ones (Azure adds others at deployment): what counts or lists its keys is known only then.
 */
export function partialKeys(fn: string, o: ObjectValue): Unknown | undefined {
  const why = partialKeysOf(o);
  return why === undefined ? undefined : new Unknown(`${fn}(): ${why}`);
}

/**
 * `o` shown as the view `like` (whose keys are partial: partialKeysOf) shows its own object: the result of
 * merging `like` into `o` has the keys Azure adds to `like` too, read as Unknown, and counting its keys is
 * Unknown. `o` itself when `like` is not such a view.
 */
export function reopenLike(like: ObjectValue, o: ObjectValue): ObjectValue {
  const reopen = (like as { [REOPEN]?: (other: ObjectValue) => ObjectValue })[REOPEN];
  return typeof reopen === 'function' ? reopen(o) : o;
}

/**
 * `o[key] = value` for keys that come from a user's JSON: `__proto__` becomes an own property, as
 * JSON.parse makes it, instead of replacing the object's prototype.
 */
export function setKey<T>(o: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

export function unknownFrom(fn: string, u: Unknown): Unknown {
  return new Unknown(`${fn}(): ${u.reason}`);
}

/** Own-key lookup that is exact first, then case-insensitive, as ARM property access is (see expr/evaluator.ts). */
export function getProperty(o: ObjectValue, name: string): Value | undefined {
  // The exact key alone here: a function this small is optimized by V8 soon after it is first called; with
  // the loop below in it (196 bytes of bytecode, "too large for small function optimization") it stayed
  // unoptimized through the bench's turns of mlz.json.
  if (Object.hasOwn(o, name)) return o[name];
  return inAnyCase(o, name);
}

/** getProperty's fallback: the first own key that is `name` in another casing. */
function inAnyCase(o: ObjectValue, name: string): Value | undefined {
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

/**
 * Deep equality as equals() defines it: same type and same contents; object keys compared
 * case-insensitively, strings case-sensitively. Unknown when an Unknown is reached before a difference.
 */
export function deepEquals(a: Value, b: Value): boolean | Unknown {
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  if (a === null || b === null) return a === b;
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    let pending: Unknown | undefined;
    for (let i = 0; i < a.length; i++) {
      const r = deepEquals(a[i] ?? null, b[i] ?? null);
      if (r === false) return false;
      if (r !== true) pending ??= r;
    }
    return pending ?? true;
  }
  if (isLambda(a) || isLambda(b)) return a === b;
  if (partialKeysOf(a) !== undefined || partialKeysOf(b) !== undefined) return partialEquals(a, b);
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  let pending: Unknown | undefined;
  for (const k of ka) {
    const other = getProperty(b, k);
    if (other === undefined) return false;
    const r = deepEquals(a[k] ?? null, other);
    if (r === false) return false;
    if (r !== true) pending ??= r;
  }
  return pending ?? true;
}

/** The member `name` of `o` that is there (declared, for a view), or undefined. */
export function declared(o: ObjectValue, name: string): Value | undefined {
  const target = viewTargets.get(o);
  if (target !== undefined && (!isObject(target) || getProperty(target, name) === undefined)) return undefined;
  return getProperty(o, name);
}

/**
 * deepEquals() where one side (or both) is a view whose keys are only the declared ones (Azure adds others
 * at deployment): false when a declared key differs or is missing from a side that has all its keys,
 * otherwise Unknown (the keys Azure adds may make them differ).
 */
function partialEquals(a: ObjectValue, b: ObjectValue): false | Unknown {
  let pending: Unknown | undefined;
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    const yPartial = partialKeysOf(y) !== undefined;
    for (const k of Object.keys(x)) {
      const other = declared(y, k);
      if (other === undefined) {
        if (!yPartial) return false;
        continue;
      }
      const r = deepEquals(x[k] ?? null, other);
      if (r === false) return false;
      if (r !== true) pending ??= r;
    }
  }
  return pending ?? new Unknown(partialKeysOf(a) ?? partialKeysOf(b) ?? '');
}

/**
 * Text of a value the way ARM's string() writes it: strings as they are, booleans as `True`/`False`
 * (.NET Boolean.ToString: string(empty('')) looks up the key 'True' in
 * https://github.com/Azure/PSRule.Rules.Azure/issues/794), arrays and objects as compact JSON, null as ''.
 */
export function toText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  return JSON.stringify(toJson(v));
}

/** A value as plain JSON (for json text); Unknown and lambdas must have been ruled out by the caller. */
export function toJson(v: Value): unknown {
  if (isUnknown(v)) return v.toJSON();
  if (isLambda(v)) return '<lambda>';
  if (Array.isArray(v)) return v.map(toJson);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = toJson(v[k] ?? null);
    return out;
  }
  return v;
}

/**
 * Converts parsed JSON into Values (numbers, strings… are already Values; this only narrows the type).
 * Shared with the policy engine (src/policy/), which reads JSON documents into Values.
 */
export function fromJson(j: unknown): Value {
  if (j === null || typeof j === 'string' || typeof j === 'number' || typeof j === 'boolean') return j;
  if (Array.isArray(j)) return j.map(fromJson);
  if (typeof j === 'object') {
    const out: ObjectValue = {};
    for (const [k, x] of Object.entries(j as Record<string, unknown>)) out[k] = fromJson(x);
    return out;
  }
  return null;
}

/**
 * valueSize() of the arrays and objects measured so far that hold REMEMBER nodes or more: such a value is
 * measured once, however often it is shared. A smaller one is measured again where it is met, which costs
 * fewer than REMEMBER steps and less than remembering it (most values are small: a WeakMap entry per
 * parsed policy condition cost more than the walk).
 */
const sizes = new WeakMap<object, number>();
const REMEMBER = 32;
/** Nodes visited so far by the measure under way (a remembered value counts REMEMBER). */
let visited = 0;
let lastMeasured: object | undefined;
let lastSize = 0;
let lastVisited = 0;

/**
 * The size of a value written out as a tree: 1 for each scalar, array and object, plus the length of each
 * string and key. Values share parts (concat(x, x), an object whose two properties read one variable), so
 * the tree can be exponentially larger than the memory it takes; string(), json text and printing walk the
 * tree. Each array and object is measured once (by identity), so measuring is linear in what was built,
 * and charging this size to the WorkBudget ends doubling growth before anything walks it.
 */
export function valueSize(v: Value): number {
  if (typeof v === 'string') return Math.max(1, v.length);
  if (typeof v !== 'object' || v === null || v instanceof Unknown) return 1;
  const array = Array.isArray(v);
  if (!array && v instanceof Lambda) return 1;
  // A view has its target's keys and members (each a view of the target's), the same tree: measured there.
  const target = viewTargets.get(v);
  if (target !== undefined) return valueSize(target);
  // What a call returns is measured where it is charged and again where its expression's value is: the
  // last value measured is remembered whatever its size (one value, kept until the next is measured).
  if (v === lastMeasured) {
    // Counted as the walk it saves would count (a remembered value counts REMEMBER, below).
    visited += lastVisited;
    return lastSize;
  }
  const known = sizes.get(v);
  if (known !== undefined) {
    visited += REMEMBER;
    return known;
  }
  const from = visited++;
  let n = 1;
  if (array) {
    // Indexed: no iterator (this runs mostly before V8 optimizes it).
    for (let i = 0; i < v.length; i++) {
      const x = v[i] ?? null;
      if (typeof x === 'object' && x !== null) n += valueSize(x);
      else {
        visited++;
        n += typeof x === 'string' ? Math.max(1, x.length) : 1;
      }
    }
  } else {
    // for-in: the same keys as Object.keys (values inherit nothing enumerable), without an array of them.
    const o = v as ObjectValue;
    for (const k in o) {
      const x = o[k] ?? null;
      if (typeof x === 'object' && x !== null) n += k.length + valueSize(x);
      else {
        visited++;
        n += k.length + (typeof x === 'string' ? Math.max(1, x.length) : 1);
      }
    }
  }
  if (visited - from >= REMEMBER) sizes.set(v, n);
  lastMeasured = v;
  lastSize = n;
  lastVisited = visited - from;
  return n;
}
