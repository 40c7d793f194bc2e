/**
 * Array-only and object-only functions.
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-array
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-object
 */
import { isUnknown } from '../../core/unknown.js';
import type { ObjectValue, Value } from '../types.js';
import { eager, type StdFunction } from './define.js';
import { mergeObjects } from './collection.js';
import { FunctionError, UnknownSignal, arg, arr, getProperty, int, isObject, obj, partialKeys, typeName, unknownFrom, wrongType } from './values.js';
import { pushAll } from '../../core/array.js';

/** Follows keys/indexes; null at the first missing step (tryGet's contract). */
function tryPath(fn: string, start: Value, keys: readonly Value[]): Value {
  let cur: Value = start;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] ?? null;
    if (isUnknown(cur)) return unknownFrom(fn, cur);
    if (isUnknown(k)) return unknownFrom(fn, k);
    if (cur === null) return null;
    if (Array.isArray(cur)) {
      if (typeof k !== 'number' || !Number.isInteger(k)) wrongType(fn, i + 1, 'an integer index for an array', k);
      cur = k >= 0 && k < cur.length ? (cur[k] ?? null) : null;
    } else if (isObject(cur)) {
      if (typeof k !== 'string') wrongType(fn, i + 1, 'a string key for an object', k);
      cur = getProperty(cur, k) ?? null;
    } else {
      throw new FunctionError(`${fn}(): cannot look up ${JSON.stringify(k)} in ${typeName(cur)}; the value must be an array or object`);
    }
  }
  return cur;
}

/**
 * Keys as items() and objectKeys() return them: alphabetically, ignoring case (both "consistently ordered
 * alphabetically", Bicep's SystemNamespaceType.cs; Azure returns objectKeys({ b: 2, a: 1 }) as ['a', 'b']).
 * Keys that differ only in case keep their order in the object (a stable sort): Azure returns
 * objectKeys({ A: 2, a: 1 }) as ['A', 'a'] and objectKeys({ a: 2, A: 1 }) as ['a', 'A']
 * (https://github.com/Azure/bicep/issues/14057, deployment outputs). Bicep's Items_function_evaluation_works
 * (src/Bicep.Core.IntegrationTests/EvaluationTests.cs) gets abcKey before ABCKey from an object holding
 * them in that order, which a stable sort gives too; no evaluated output shows upper case after lower
 * case when the object holds it first, so "lower case first" is not what the evidence says.
 */
function sortedKeys(o: ObjectValue): string[] {
  return Object.keys(o).sort((a, b) => {
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    return la < lb ? -1 : la > lb ? 1 : 0;
  });
}

export const arrayObjectFunctions: StdFunction[] = [
  eager('array', ['array'], 1, 1, (args) => {
    const v = arg(args, 0);
    return Array.isArray(v) ? v : [v];
  }),
  // createArray/createObject keep Unknown elements in place: the structure is known even when a value is not.
  eager('createArray', ['array'], 0, Infinity, (args) => [...args], { handlesUnknown: true, borrowsArgs: true }),
  eager(
    'createObject',
    ['object'],
    0,
    Infinity,
    (args) => {
      if (args.length % 2 !== 0) throw new FunctionError(`createObject(): arguments come in key, value pairs, but there are ${args.length}`);
      const out: ObjectValue = {};
      for (let i = 0; i < args.length; i += 2) {
        const k = args[i] ?? null;
        if (isUnknown(k)) return unknownFrom('createObject', k);
        if (typeof k !== 'string') wrongType('createObject', i, 'a string key', k);
        out[k] = args[i + 1] ?? null;
      }
      return out;
    },
    { handlesUnknown: true, borrowsArgs: true },
  ),
  eager('flatten', ['array'], 1, 1, (args) => {
    const a = arr('flatten', args, 0);
    const out: Value[] = [];
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as Value;
      // An element unknown before deployment (an output of a deployment not expanded…) may be an array: the
      // result is Unknown then, not an error about a template Azure would deploy.
      if (isUnknown(x)) return unknownFrom('flatten', x);
      if (!Array.isArray(x)) throw new FunctionError(`flatten(): element ${i} is ${typeName(x)}; every element must be an array`);
      pushAll(out, x);
    }
    return out;
  }),
  eager('indexFromEnd', ['array'], 2, 2, (args) => {
    const a = arr('indexFromEnd', args, 0);
    const n = int('indexFromEnd', args, 1);
    if (n < 1 || n > a.length) throw new FunctionError(`indexFromEnd(): index ${n} from the end is outside the array of length ${a.length} (1 is the last element)`);
    return a[a.length - n] ?? null;
  }),
  eager('tryIndexFromEnd', ['array'], 2, 2, (args) => {
    const a = arr('tryIndexFromEnd', args, 0);
    const n = int('tryIndexFromEnd', args, 1);
    return n >= 1 && n <= a.length ? (a[a.length - n] ?? null) : null;
  }),
  eager('range', ['array'], 2, 2, (args) => {
    const start = int('range', args, 0);
    const count = int('range', args, 1);
    // Limits from the reference: count at most 10000, start + count at most 2147483647.
    if (count < 0 || count > 10000) throw new FunctionError(`range(): count ${count} must be between 0 and 10000`);
    if (start + count > 2147483647) throw new FunctionError('range(): startIndex + count must not exceed 2147483647');
    return Array.from({ length: count }, (_, i) => start + i);
  }),
  eager(
    'tryGet',
    ['array', 'object'],
    2,
    Infinity,
    (args) => tryPath('tryGet', arg(args, 0), args.slice(1)),
    { handlesUnknown: true, borrowsArgs: true },
  ),
  eager('items', ['object'], 1, 1, (args) => {
    const o = obj('items', args, 0);
    const u = partialKeys('items', o);
    if (u) return u;
    return sortedKeys(o).map((k) => ({ key: k, value: o[k] ?? null }));
  }),
  eager('null', ['object'], 0, 0, () => null),
  eager('objectKeys', ['object'], 1, 1, (args) => {
    const o = obj('objectKeys', args, 0);
    return partialKeys('objectKeys', o) ?? sortedKeys(o);
  }),
  eager('shallowMerge', ['object'], 1, 1, (args) => {
    const a = arr('shallowMerge', args, 0);
    a.forEach((o, i) => {
      if (isUnknown(o)) throw new UnknownSignal(o);
      if (!isObject(o)) throw new FunctionError(`shallowMerge(): element ${i} is ${typeName(o)}; every element must be an object`);
    });
    return mergeObjects('shallowMerge', a as ObjectValue[]);
  }),
];
