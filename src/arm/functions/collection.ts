/**
 * Functions documented on more than one reference page because they accept strings, arrays and/or
 * objects: concat, contains, empty, first, last, indexOf, lastIndexOf, length, skip, take, union,
 * intersection.
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-array
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-object
 */
import { Unknown, isUnknown } from '../../core/unknown.js';
import { partialKeysOf, viewTargets, type ObjectValue, type Value } from '../types.js';
import { toUpperInvariant } from './casing.js';
import { eager, type StdFunction } from './define.js';
import { FunctionError, UnknownSignal, arg, declared, deepEquals, findUnknown, getProperty, int, isObject, lowerName, partialKeys, reopenLike, setKey, toText, typeName, unknownFrom, wrongType } from './values.js';
import { pushAll } from '../../core/array.js';

/** Index of the first element deep-equal to item, or Unknown when an Unknown element comes first. */
function findIndex(fn: string, a: readonly Value[], item: Value, fromEnd: boolean): number | Unknown {
  let pending: Unknown | undefined;
  // Indexed either way: no array of the order and no iterator per call.
  const n = a.length;
  for (let j = 0; j < n; j++) {
    const i = fromEnd ? n - 1 - j : j;
    const r = deepEquals(a[i] ?? null, item);
    if (r === true) return pending ? unknownFrom(fn, pending) : i;
    if (r !== false) pending ??= r;
  }
  return pending ? unknownFrom(fn, pending) : -1;
}

/**
 * union() of objects: keys keep their first position, later values win, and nested objects merge
 * recursively while arrays are replaced (template-functions-object#union, "deep merge" example:
 * nestedArray [1,2] ∪ [3,4] is [3,4]).
 */
function unionObjects(objs: readonly ObjectValue[]): ObjectValue {
  const head = objs[0];
  const headKeys = head === undefined ? undefined : Object.keys(head);
  const index = head === undefined || headKeys === undefined || headKeys.length < INDEXED_UNION ? undefined : lowerIndex(head, headKeys);
  if (head === undefined || headKeys === undefined || index === undefined) return mergeInto({}, objs, 0, undefined);
  // The first object's keys are all distinct in lower case and none is __proto__: each is added as it is,
  // and found by lower case in the first object's index (made once per object) rather than in a map of
  // out's keys made at each call. (`{...head}` of a large object is no cheaper: V8 copies it key by key.)
  const out: ObjectValue = {};
  for (let i = 0; i < headKeys.length; i++) {
    const k = headKeys[i] as string;
    out[k] = head[k] ?? null;
  }
  return mergeInto(out, objs, 1, index);
}

/**
 * `objs[from]`, `objs[from + 1]`… merged into `out` key by key: a key already there in any casing (in
 * `index`, the keys out was given, or among those added here) takes the later value, two objects merged.
 */
function mergeInto(out: ObjectValue, objs: readonly ObjectValue[], from: number, index: ReadonlyMap<string, string> | undefined): ObjectValue {
  // out's keys added here by lower case (one each: a key is added only when no key of any casing is
  // there), so that each key is matched in constant time rather than by a scan of all keys so far.
  let added: Map<string, string> | undefined;
  for (let j = from; j < objs.length; j++) {
    const o = objs[j] as ObjectValue;
    const ks = Object.keys(o);
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i] as string;
      // lowerName: a cached lower-case string, not a new one per key and call.
      const lower = lowerName(k);
      const existingKey = index?.get(lower) ?? added?.get(lower);
      const next = o[k] ?? null;
      if (existingKey !== undefined) {
        const prev = out[existingKey] ?? null;
        // An object over a value unknown before deployment: were that an object, the two would merge, so the
        // key's value is Unknown (a known non-object before it is simply replaced).
        out[existingKey] = isObject(next) ? (isObject(prev) ? mergeObjects('union', [prev, next]) : prev instanceof Unknown ? unknownFrom('union', prev) : next) : next;
      } else {
        out[k] = next;
        if (Object.prototype.hasOwnProperty.call(out, k)) (added ??= new Map()).set(lower, k);
      }
    }
  }
  return out;
}

/**
 * union() (deep) or shallowMerge() of objects: mergePartial when one is a view of what reference() reads
 * whose keys are only the declared ones, else the plain merge.
 */
export function mergeObjects(fn: 'union' | 'shallowMerge', objs: readonly ObjectValue[]): ObjectValue {
  // A view is found by one WeakMap look-up per object (partialKeysOf); most merged objects are not views.
  for (let i = 0; i < objs.length; i++) if (partialKeysOf(objs[i] as ObjectValue) !== undefined) return mergePartial(fn, objs);
  return fn === 'union' ? unionObjects(objs) : Object.assign({}, ...objs);
}

/**
 * union() or shallowMerge() where some objects are views whose keys are only the declared ones (Azure adds
 * others at deployment, template-functions-resource#reference): "If a later parameter has a property with
 * the same name, that value overwrites the existing value" (template-functions-object#union, read
 * 2026-12-08), so a value a later view may overwrite with a key it does not declare is Unknown, and the
 * result has the keys Azure adds too: it is shown as the last such view shows its own (reopenLike).
 */
function mergePartial(fn: 'union' | 'shallowMerge', objs: readonly ObjectValue[]): ObjectValue {
  const deep = fn === 'union';
  let last: ObjectValue | undefined;
  // Keys by lower case in their first casing and position (ARM keys are case-insensitive).
  const names = new Map<string, string>();
  for (const o of objs) {
    if (partialKeysOf(o) !== undefined) last = o;
    for (const k of Object.keys(o)) if (!names.has(lowerName(k))) names.set(lowerName(k), k);
  }
  const out: ObjectValue = {};
  for (const k of names.values()) {
    let cur: Value | undefined;
    // A view after the last object that has the key may have it too, with a value known only at deployment.
    let maybe: Unknown | undefined;
    for (const o of objs) {
      const next = declared(o, k);
      if (next === undefined) {
        // Only a view whose keys are partial may have it: a nested deployment's outputs are all declared.
        const added = partialKeysOf(o) === undefined ? undefined : getProperty(o, k);
        if (added instanceof Unknown) maybe = added;
        continue;
      }
      const before = maybe ?? cur;
      maybe = undefined;
      // As union() merges: nested objects recursively, an object over a value unknown before deployment is Unknown.
      cur = !deep || !isObject(next) || before === undefined ? next : isObject(before) ? mergeObjects(fn, [before, next]) : before instanceof Unknown ? unknownFrom(fn, before) : next;
    }
    if (cur !== undefined) setKey(out, k, maybe === undefined ? cur : unknownFrom(fn, maybe));
  }
  return last === undefined ? out : reopenLike(last, out);
}

/**
 * From how many keys the first object of a union() is indexed once (lowerIndex) rather than key by key at
 * each call: MLZ merges a policy's 130–165 parameters (json() of one text, the same object at each call)
 * with a few more, 16 times with every feature on.
 */
const INDEXED_UNION = 32;

/** Per object (values never change once made): its keys by lower case, or null when two differ only in case or one is __proto__. */
const lowerIndexes = new WeakMap<ObjectValue, Map<string, string> | null>();

function lowerIndex(o: ObjectValue, keys: readonly string[]): Map<string, string> | undefined {
  let index = lowerIndexes.get(o);
  if (index === undefined) {
    index = new Map<string, string>();
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const lower = lowerName(k);
      if (k === '__proto__' || index.has(lower)) {
        index = null;
        break;
      }
      index.set(lower, k);
    }
    lowerIndexes.set(o, index);
  }
  return index ?? undefined;
}

/**
 * intersection() of objects some of which are views whose keys are only the declared ones: "a single ...
 * object with the common elements" (template-functions-object#intersection, read 2026-12-08). A key that
 * every object has with the same value is in it; one a view lacks may be a key Azure adds with that value,
 * so the result has keys known only at deployment unless an object with all its keys (not a view) rules
 * each such key out. Unknown when a comparison is.
 */
function intersectPartial(objs: readonly ObjectValue[]): ObjectValue {
  const closed = objs.find((o) => partialKeysOf(o) === undefined);
  let last: ObjectValue | undefined;
  const names = new Map<string, string>();
  for (const o of closed === undefined ? objs : [closed]) for (const k of Object.keys(o)) if (!names.has(lowerName(k))) names.set(lowerName(k), k);
  for (const o of objs) if (partialKeysOf(o) !== undefined) last = o;
  // With no object that has all its keys, views may share keys Azure adds: the result's keys are partial.
  let open = closed === undefined;
  const out: ObjectValue = {};
  for (const k of names.values()) {
    let first: Value | undefined;
    let common = true;
    let maybe = false;
    for (const o of objs) {
      const v = declared(o, k);
      if (v === undefined) {
        if (partialKeysOf(o) === undefined) common = false;
        else maybe = true;
        continue;
      }
      if (first === undefined) first = v;
      const eq = deepEquals(first, v);
      if (isUnknown(eq)) throw new UnknownSignal(eq);
      if (!eq) common = false;
    }
    if (!common || first === undefined) continue;
    if (maybe) open = true;
    else setKey(out, k, first);
  }
  return open && last !== undefined ? reopenLike(last, out) : out;
}

function unionArrays(arrays: readonly Value[][]): Value[] | Unknown {
  const out: Value[] = [];
  for (const a of arrays) {
    for (const v of a) {
      const r = findIndex('union', out, v, false);
      if (isUnknown(r)) return r;
      if (r < 0) out.push(v);
    }
  }
  return out;
}

function sliceCount(fn: string, args: readonly Value[]): number {
  return Math.max(0, int(fn, args, 1));
}

export const collectionFunctions: StdFunction[] = [
  eager('concat', ['array', 'string'], 0, Infinity, (args) => {
    if (args.length > 0 && args.some((a) => Array.isArray(a))) {
      const out: Value[] = [];
      args.forEach((a, i) => {
        if (a === null) return;
        if (!Array.isArray(a)) wrongType('concat', i, 'an array (the other arguments are arrays)', a);
        pushAll(out, a);
      });
      return out;
    }
    return args
      .map((a, i) => {
        if (isObject(a)) wrongType('concat', i, 'a string, integer, boolean or array', a);
        return toText(a);
      })
      .join('');
  }, { borrowsArgs: true }),
  eager(
    'contains',
    ['array', 'object', 'string'],
    2,
    2,
    (args) => {
      const c = arg(args, 0);
      const item = arg(args, 1);
      if (isUnknown(c)) return unknownFrom('contains', c);
      if (Array.isArray(c)) {
        const r = findIndex('contains', c, item, false);
        return isUnknown(r) ? r : r >= 0;
      }
      if (isUnknown(item)) return unknownFrom('contains', item);
      // Object keys are case-insensitive; string search is case-sensitive (reference, "contains").
      if (isObject(c)) {
        const key = toText(item);
        const v = getProperty(c, key);
        if (v === undefined) return false;
        // A view of what reference() or deployment() reads answers every key, Unknown for one the template
        // does not declare (a property Azure may fill in at deployment): whether that key exists is Unknown,
        // not true. A declared key is there whatever its value. A view whose keys are all declared (a nested
        // deployment's outputs) has no other key.
        if (v instanceof Unknown) {
          const target = viewTargets.get(c);
          if (target !== undefined && isObject(target) && getProperty(target, key) === undefined) return partialKeysOf(c) !== undefined ? unknownFrom('contains', v) : false;
        }
        return true;
      }
      if (typeof c === 'string') return c.includes(toText(item));
      return wrongType('contains', 0, 'a string, array or object', c);
    },
    { handlesUnknown: true, borrowsArgs: true },
  ),
  eager('empty', ['array', 'object', 'string'], 1, 1, (args) => {
    const v = arg(args, 0);
    if (v === null) return true;
    if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
    if (isObject(v)) return partialKeys('empty', v) ?? Object.keys(v).length === 0;
    return wrongType('empty', 0, 'a string, array, object or null', v);
  }, { borrowsArgs: true }),
  eager('first', ['array', 'string'], 1, 1, (args) => {
    const v = arg(args, 0);
    if (typeof v === 'string') return v.charAt(0);
    if (Array.isArray(v)) return v.length ? (v[0] ?? null) : null;
    return wrongType('first', 0, 'a string or array', v);
  }, { borrowsArgs: true }),
  eager('last', ['array', 'string'], 1, 1, (args) => {
    const v = arg(args, 0);
    if (typeof v === 'string') return v.length ? v.charAt(v.length - 1) : '';
    if (Array.isArray(v)) return v.length ? (v[v.length - 1] ?? null) : null;
    return wrongType('last', 0, 'a string or array', v);
  }, { borrowsArgs: true }),
  eager(
    'indexOf',
    ['array', 'string'],
    2,
    2,
    (args) => {
      const c = arg(args, 0);
      const item = arg(args, 1);
      if (Array.isArray(c)) return findIndex('indexOf', c, item, false);
      if (isUnknown(c)) return unknownFrom('indexOf', c);
      if (isUnknown(item)) return unknownFrom('indexOf', item);
      // String search is case-insensitive (reference: indexOf('test', 'T') returns 0), in .NET's invariant
      // casing, which keeps every index where it was (casing.ts).
      if (typeof c === 'string') return toUpperInvariant(c).indexOf(toUpperInvariant(toText(item)));
      return wrongType('indexOf', 0, 'a string or array', c);
    },
    { handlesUnknown: true },
  ),
  eager(
    'lastIndexOf',
    ['array', 'string'],
    2,
    2,
    (args) => {
      const c = arg(args, 0);
      const item = arg(args, 1);
      if (Array.isArray(c)) return findIndex('lastIndexOf', c, item, true);
      if (isUnknown(c)) return unknownFrom('lastIndexOf', c);
      if (isUnknown(item)) return unknownFrom('lastIndexOf', item);
      // Case-insensitive like indexOf (reference: lastIndexOf('abcdef', 'AB') returns 0).
      if (typeof c === 'string') return toUpperInvariant(c).lastIndexOf(toUpperInvariant(toText(item)));
      return wrongType('lastIndexOf', 0, 'a string or array', c);
    },
    { handlesUnknown: true },
  ),
  eager('length', ['array', 'object', 'string'], 1, 1, (args) => {
    const v = arg(args, 0);
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (isObject(v)) return partialKeys('length', v) ?? Object.keys(v).length;
    return wrongType('length', 0, 'a string, array or object', v);
  }, { borrowsArgs: true }),
  eager('skip', ['array', 'string'], 2, 2, (args) => {
    const v = arg(args, 0);
    const n = sliceCount('skip', args);
    if (typeof v === 'string' || Array.isArray(v)) return v.slice(n);
    return wrongType('skip', 0, 'a string or array', v);
  }),
  eager('take', ['array', 'string'], 2, 2, (args) => {
    const v = arg(args, 0);
    const n = sliceCount('take', args);
    if (typeof v === 'string' || Array.isArray(v)) return v.slice(0, n);
    return wrongType('take', 0, 'a string or array', v);
  }),
  eager('union', ['array', 'object'], 1, Infinity, (args) => {
    if (args.every((a) => Array.isArray(a))) return unionArrays(args as Value[][]);
    if (args.every((a) => isObject(a) || a === null)) return mergeObjects('union', args.filter(isObject));
    const bad = args.findIndex((a) => !Array.isArray(a) && !isObject(a));
    return wrongType('union', Math.max(bad, 0), 'all arrays or all objects', arg(args, Math.max(bad, 0)));
  }, { borrowsArgs: true }),
  eager('intersection', ['array', 'object'], 2, Infinity, (args) => {
    if (args.every((a) => Array.isArray(a))) {
      const [head, ...rest] = args as Value[][];
      const out: Value[] = [];
      for (const v of head ?? []) {
        const u = findUnknown(v);
        if (u) return unknownFrom('intersection', u);
        const inAll = rest.every((r) => {
          const i = findIndex('intersection', r, v, false);
          if (isUnknown(i)) throw new UnknownSignal(i);
          return i >= 0;
        });
        if (inAll && findIndex('intersection', out, v, false) === -1) out.push(v);
      }
      return out;
    }
    if (args.every(isObject)) {
      const objs = args as ObjectValue[];
      for (let i = 0; i < objs.length; i++) if (partialKeysOf(objs[i] as ObjectValue) !== undefined) return intersectPartial(objs);
      const [head, ...rest] = objs;
      const out: ObjectValue = {};
      for (const k of Object.keys(head ?? {})) {
        const v = (head ?? {})[k] ?? null;
        const same = rest.every((r) => {
          const other = getProperty(r, k);
          if (other === undefined) return false;
          const eq = deepEquals(v, other);
          if (isUnknown(eq)) throw new UnknownSignal(eq);
          return eq;
        });
        if (same) out[k] = v;
      }
      return out;
    }
    throw new FunctionError(`intersection(): the arguments must be all arrays or all objects, but they are ${args.map(typeName).join(', ')}`);
  }),
];
