/**
 * The condition operators of Azure Policy, on one value. Semantics from Microsoft Learn, "Azure Policy
 * definition structure policy rule", Conditions
 * (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#conditions):
 * - string comparisons are case-insensitive (InvariantCultureIgnoreCase), except `match`/`notMatch`;
 * - `like` takes `*` wildcards; `match` takes `#` (digit), `?` (letter), `.` (any character), others literal;
 * - `less`… compare dates, strings or integers; a type mismatch is an evaluation error;
 * - `contains` on a string is a substring test, on an array a membership test; `containsKey` tests an
 *   object's keys; `in`/`notIn` take an array.
 * Choices where the page is silent (documented in docs/policy-engine.md): a missing value (`undefined`)
 * makes every positive operator false and every negated one true; `equals` finds a number equal to the
 * numeric string of the same value (`less`… do not: that is a type mismatch); booleans compare with their
 * text (`true` equals "True", as the built-in definitions that write `"equals": "true"` rely on).
 */
import type { Value } from '../arm/types.js';
import { isUnknown, Unknown } from '../core/unknown.js';
import { likeMatches, matchMatches } from './wildcard.js';

export const OPERATORS = [
  'equals',
  'notEquals',
  'like',
  'notLike',
  'match',
  'matchInsensitively',
  'notMatch',
  'notMatchInsensitively',
  'contains',
  'notContains',
  'in',
  'notIn',
  'containsKey',
  'notContainsKey',
  'less',
  'lessOrEquals',
  'greater',
  'greaterOrEquals',
  'exists',
] as const;
export type Operator = (typeof OPERATORS)[number];

const byLower = new Map<string, Operator>(OPERATORS.map((o) => [o.toLowerCase(), o]));
/** Operator keys are case-insensitive in the real files (`notequals`, `Like`). */
export function operatorOf(key: string): Operator | undefined {
  return byLower.get(key.toLowerCase());
}

export type Tri = boolean | Unknown;

function isPlainObject(v: Value | undefined): v is Record<string, Value> {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v) && !('invoke' in v);
}

/** Scalar text for comparison: strings as they are, booleans and numbers as text. */
function scalarText(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

const NUMERIC = /^[+-]?\d+(\.\d+)?$/;

/** Equality as Azure Policy's `equals`: case-insensitive strings, numbers by value, deep for arrays/objects. */
export function policyEquals(a: Value, b: Value): Tri {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') {
    if (a.length !== b.length) return false;
    return a.toLowerCase() === b.toLowerCase();
  }
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  if (a === null || b === null) return a === b || (a === null && b === '') || (b === null && a === '');
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const r = policyEquals(a[i] ?? null, b[i] ?? null);
      if (r !== true) return r;
    }
    return true;
  }
  if (isPlainObject(a) || isPlainObject(b)) {
    if (!isPlainObject(a) || !isPlainObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) {
      const other = Object.keys(b).find((x) => x.toLowerCase() === k.toLowerCase());
      if (other === undefined) return false;
      const r = policyEquals(a[k] ?? null, b[other] ?? null);
      if (r !== true) return r;
    }
    return true;
  }
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a === 'number' && typeof b === 'string' && NUMERIC.test(b.trim())) return a === Number(b);
  if (typeof b === 'number' && typeof a === 'string' && NUMERIC.test(a.trim())) return b === Number(a);
  const ta = scalarText(a);
  const tb = scalarText(b);
  if (ta === undefined || tb === undefined) return false;
  return ta.length === tb.length && ta.toLowerCase() === tb.toLowerCase();
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * String order for less/greater: "String comparisons are made using InvariantCultureIgnoreCase" (Conditions).
 * The root collation with accent sensitivity is the invariant culture, ignoring case. Digits are characters
 * here, not numbers: '1000' sorts before '365', which is why the diagnostic-settings definitions pad
 * retention days with padLeft(…, 3, '0') before comparing them.
 */
let invariant: Intl.Collator | undefined;
// Made on first use (an ICU collator costs milliseconds at start-up).
const invariantIgnoreCase = (): Intl.Collator => (invariant ??= new Intl.Collator('und', { sensitivity: 'accent', numeric: false }));

/**
 * Ordering for less/greater (Conditions: "For less, lessOrEquals, greater, and greaterOrEquals, if the
 * property type doesn't match the condition type, an error is thrown"): numbers with numbers; ISO 8601
 * dates with dates (the page's `"less": "dateValue"`); other strings with strings, as text. A number
 * against a string, even one that looks like a number, is a type mismatch: Unknown, as a failed evaluation.
 */
function order(a: Value, b: Value): number | Unknown {
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    if (ISO_DATE.test(a) && ISO_DATE.test(b)) {
      const da = Date.parse(a);
      const db = Date.parse(b);
      if (!Number.isNaN(da) && !Number.isNaN(db)) return da - db;
    }
    return invariantIgnoreCase().compare(a, b);
  }
  return new Unknown(`cannot compare ${describe(a)} with ${describe(b)}: Azure Policy fails the evaluation on a type mismatch`);
}

export function describe(v: Value | undefined): string {
  if (v === undefined) return 'nothing (the property is missing)';
  if (isUnknown(v)) return `a value known only after deployment (${v.reason})`;
  if (typeof v === 'string') return `'${v}'`;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/**
 * The operand of `exists`: `"exists": "bool"` (policy rule, Conditions), a boolean or its text (the
 * definition schema types it ["string", "boolean"]; read 2026-12-08). A literal of another kind is refused
 * when the definition is read (validate.ts); one an expression gives ("yes", 1) is Unknown, never false.
 */
function truthy(target: Value): boolean | Unknown {
  if (isUnknown(target)) return target;
  if (typeof target === 'boolean') return target;
  const text = typeof target === 'string' ? target.trim().toLowerCase() : undefined;
  if (text === 'true' || text === 'false') return text === 'true';
  return new Unknown(`'exists' takes true or false, but its value is ${describe(target)}`);
}

/**
 * Applies an operator to one value (already selected from the resource, or from a `value` expression).
 * `actual` undefined means the field does not exist.
 */
export function applyOperator(op: Operator, actual: Value | undefined, target: Value): Tri {
  if (op === 'exists') {
    const want = truthy(target);
    if (isUnknown(want)) return want;
    if (isUnknown(actual)) return actual;
    // A property present with a null value does not exist (ARM drops nulls from the stored resource).
    const present = actual !== undefined && actual !== null;
    return present === want;
  }
  if (isUnknown(target)) return target;
  if (actual !== undefined && isUnknown(actual)) return actual;
  switch (op) {
    case 'equals':
      return actual === undefined ? false : policyEquals(actual, target);
    case 'notEquals':
      return actual === undefined ? true : not(policyEquals(actual, target));
    case 'like':
    case 'notLike': {
      const positive = op === 'like';
      const text = actual === undefined || actual === null ? undefined : scalarText(actual);
      if (text === undefined || typeof target !== 'string') return !positive;
      return likeMatches(target, text) === positive;
    }
    case 'match':
    case 'matchInsensitively':
    case 'notMatch':
    case 'notMatchInsensitively': {
      const positive = op === 'match' || op === 'matchInsensitively';
      const text = actual === undefined || actual === null ? undefined : scalarText(actual);
      if (text === undefined || typeof target !== 'string') return !positive;
      return matchMatches(target, text, op.endsWith('Insensitively')) === positive;
    }
    case 'contains':
    case 'notContains': {
      const positive = op === 'contains';
      const r = containsValue(actual, target);
      return isUnknown(r) ? r : r === positive;
    }
    case 'in':
    case 'notIn': {
      const positive = op === 'in';
      if (!Array.isArray(target)) return new Unknown(`'${op}' needs an array, got ${describe(target)}`);
      if (actual === undefined) return !positive;
      let pending: Unknown | undefined;
      for (const t of target) {
        const r = policyEquals(actual, t);
        if (r === true) return positive;
        if (isUnknown(r)) pending ??= r;
      }
      return pending ?? !positive;
    }
    case 'containsKey':
    case 'notContainsKey': {
      const positive = op === 'containsKey';
      if (!isPlainObject(actual)) return !positive;
      const key = scalarText(target);
      if (key === undefined) return !positive;
      const lower = key.toLowerCase();
      return Object.keys(actual).some((k) => k.toLowerCase() === lower) === positive;
    }
    case 'less':
    case 'lessOrEquals':
    case 'greater':
    case 'greaterOrEquals': {
      if (actual === undefined || actual === null) return false;
      const c = order(actual, target);
      if (isUnknown(c)) return c;
      if (op === 'less') return c < 0;
      if (op === 'lessOrEquals') return c <= 0;
      if (op === 'greater') return c > 0;
      return c >= 0;
    }
  }
}

function containsValue(actual: Value | undefined, target: Value): Tri {
  if (actual === undefined || actual === null) return false;
  if (typeof actual === 'string') {
    const t = scalarText(target);
    return t === undefined ? false : actual.toLowerCase().includes(t.toLowerCase());
  }
  if (Array.isArray(actual)) {
    let pending: Unknown | undefined;
    for (const m of actual) {
      const r = policyEquals(m, target);
      if (r === true) return true;
      if (isUnknown(r)) pending ??= r;
    }
    return pending ?? false;
  }
  return false;
}

function not(t: Tri): Tri {
  return isUnknown(t) ? t : !t;
}
