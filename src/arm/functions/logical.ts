/**
 * Logical and comparison functions.
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-logical
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-comparison
 */
import { Unknown, isUnknown } from '../../core/unknown.js';
import type { Value } from '../types.js';
import { eager, lazy, type StdFunction } from './define.js';
import { FunctionError, arg, deepEquals, typeName, unknownFrom, wrongType } from './values.js';

function condition(fn: string, v: Value, i: number): boolean | Unknown {
  if (isUnknown(v)) return unknownFrom(fn, v);
  if (typeof v !== 'boolean') wrongType(fn, i, 'a boolean', v);
  return v;
}

/**
 * Strings compare by culture rules, not code points: the reference's examples give greater('A', 'a') = True
 * and less('A', 'a') = False (template-functions-comparison), which is the invariant culture's order
 * (lower case before upper case of the same letter). Equal-collating strings fall back to ordinal order.
 */
let collator: Intl.Collator | undefined;
// Made on first use: creating an ICU collator costs milliseconds that a template without string comparisons need not pay.
const collate = (): Intl.Collator => (collator ??= new Intl.Collator('en-US', { sensitivity: 'variant', caseFirst: 'lower' }));

function compare(fn: string, a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return collate().compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
  throw new FunctionError(`${fn}(): both arguments must be integers or both strings, but they are ${typeName(a)} and ${typeName(b)}`);
}

export const logicalFunctions: StdFunction[] = [
  // and/or short-circuit: the docs do not promise it, but ARM evaluates them lazily, and Bicep's `&&`
  // relies on it (e.g. `x != null && x.prop`).
  lazy('and', ['logical'], 2, Infinity, (args) => {
    let pending: Unknown | undefined;
    for (let i = 0; i < args.length; i++) {
      const v = condition('and', args.get(i), i);
      if (v === false) return false;
      if (v !== true) pending ??= v;
    }
    return pending ?? true;
  }),
  lazy('or', ['logical'], 2, Infinity, (args) => {
    let pending: Unknown | undefined;
    for (let i = 0; i < args.length; i++) {
      const v = condition('or', args.get(i), i);
      if (v === true) return true;
      if (v !== false) pending ??= v;
    }
    return pending ?? false;
  }),
  eager('not', ['logical'], 1, 1, (args) => {
    const v = arg(args, 0);
    if (typeof v !== 'boolean') wrongType('not', 0, 'a boolean', v);
    return !v;
  }, { borrowsArgs: true }),
  lazy('if', ['logical'], 3, 3, (args) => {
    if (args.length !== 3) throw new Error('internal: if() arity');
    const v = condition('if', args.get(0), 0);
    if (isUnknown(v)) return v;
    return v ? args.get(1) : args.get(2);
  }),
  eager('bool', ['logical'], 1, 1, (args) => {
    const v = arg(args, 0);
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (typeof v === 'string') {
      const l = v.trim().toLowerCase();
      if (l === 'true') return true;
      if (l === 'false') return false;
      throw new FunctionError(`bool(): the string '${v}' is neither 'true' nor 'false'`);
    }
    return wrongType('bool', 0, 'a string, integer or boolean', v);
  }, { borrowsArgs: true }),
  eager('true', ['logical'], 0, 0, () => true),
  eager('false', ['logical'], 0, 0, () => false),

  lazy('coalesce', ['comparison'], 1, Infinity, (args) => {
    // An Unknown before the first non-null value might itself be null, so the result is Unknown then.
    for (let i = 0; i < args.length; i++) {
      const v = args.get(i);
      if (isUnknown(v)) return unknownFrom('coalesce', v);
      if (v !== null) return v;
    }
    return null;
  }),
  eager(
    'equals',
    ['comparison'],
    2,
    2,
    (args) => {
      const r = deepEquals(arg(args, 0), arg(args, 1));
      return typeof r === 'boolean' ? r : unknownFrom('equals', r);
    },
    { handlesUnknown: true, borrowsArgs: true },
  ),
  eager('greater', ['comparison'], 2, 2, (args) => compare('greater', arg(args, 0), arg(args, 1)) > 0),
  eager('greaterOrEquals', ['comparison'], 2, 2, (args) => compare('greaterOrEquals', arg(args, 0), arg(args, 1)) >= 0),
  eager('less', ['comparison'], 2, 2, (args) => compare('less', arg(args, 0), arg(args, 1)) < 0),
  eager('lessOrEquals', ['comparison'], 2, 2, (args) => compare('lessOrEquals', arg(args, 0), arg(args, 1)) <= 0),
];
