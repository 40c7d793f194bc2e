/**
 * Compiles a policy rule's condition tree (`if`, `existenceCondition`, `count.where`) into closures, once
 * per assignment, so that evaluating 100,000 resources does no parsing, no key lookup by spelling and no
 * string building: each leaf records itself as the deciding condition, and the reason text is written
 * only for the result.
 *
 * Semantics: Microsoft Learn, "Azure Policy definition structure policy rule"
 * (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule) and
 * "Author policies for array properties"
 * (https://learn.microsoft.com/azure/governance/policy/how-to/author-policies-for-arrays).
 */
import type { Value } from '../arm/types.js';
import { ExpressionError } from '../arm/types.js';
import { isUnknown, Unknown } from '../core/unknown.js';
import { policyTypeOf, resolveField, type FieldRef } from './aliases.js';
import { evalOperand, isExpressionText, operand, type Operand } from './expr.js';
import type { PolicyEvalContext } from './functions.js';
import { applyOperator, describe, operatorOf, type Operator, type Tri } from './operators.js';
import { PossibleMember } from './project.js';
import { select, UnknownCollection, walkPath } from './select.js';

/** A leaf condition, kept for the reason text. */
export interface Leaf {
  /** `field 'Microsoft.KeyVault/vaults/enablePurgeProtection' equals true` */
  text: string;
  /** The field (or `value` expression, or `count`) the leaf reads, for reasons. */
  subject: string;
  /** Under an odd number of `not`: the reason gives both the leaf's result and the negated one. */
  negated: boolean;
}

/** The evaluation state of one (policy, resource) pair. */
export interface Ev {
  ctx: PolicyEvalContext;
  /** The last leaf evaluated, and what it found: after a short-circuit, the condition that decided. */
  leaf: Leaf | undefined;
  found: Value | undefined;
  foundCollection: boolean;
  /** The deciding leaf's own result (before any enclosing `not`). */
  leafResult?: Tri;
}

export type Cond = (ev: Ev) => Tri;

/** Applicability (policy-applicability doc): `negated` tells a neutral condition which way to lean. */
export type Applic = (ev: Ev, negated: boolean) => Tri;

export interface CompiledCondition {
  eval: Cond;
  /** Applicability for effects other than *IfNotExists: only type/name/kind conditions count. */
  applicable: Applic;
  /** Resource types (lower case) the condition can be true for; undefined when any type. */
  types: Set<string> | undefined;
  /**
   * Applicability depends on `type` conditions alone, so a resource whose type is in `types` is
   * applicable without evaluating anything (the common case: allOf [type equals X, …]).
   */
  applicableByType: boolean;
  /**
   * A `field: location` condition is in the rule: "When any conditions (including deployment parameters)
   * include a location condition: Won't be applicable to subscriptions" (policy-applicability, special cases).
   */
  readsLocation: boolean;
}

export interface CompileProblem {
  path: string;
  message: string;
}

/** Which built-in fields decide applicability (https://learn.microsoft.com/azure/governance/policy/concepts/policy-applicability). */
type ApplicField = 'type' | 'name' | 'kind';

interface Node {
  eval: Cond;
  applic: Applic;
  types: Set<string> | undefined;
  fields: Set<ApplicField | 'other' | 'location'>;
  /** A `type` condition sits under a `not`: the type index alone no longer proves applicability. */
  negatedType: boolean;
  /** Set on applicability leaves; decided after the whole tree is seen. */
  applicField?: ApplicField;
}

const LOGICAL = new Map([
  ['allof', 'allOf'],
  ['anyof', 'anyOf'],
  ['not', 'not'],
]);

/** Compiles a condition; problems (unknown operators, bad expressions) are returned, never thrown. */
export function compileCondition(raw: unknown, path: string): { condition?: CompiledCondition; problems: CompileProblem[] } {
  const problems: CompileProblem[] = [];
  const considered = new Set<ApplicField>();
  const node = compileNode(raw, path, problems, considered);
  if (!node || problems.length) return { problems };
  // The special cases of the applicability table: only kind, or only name conditions → applicable to
  // all resources; type with kind or name but nothing else → only type counts.
  const f = node.fields;
  const hasOther = f.has('other');
  if (f.has('type')) {
    considered.add('type');
    if (hasOther && f.has('kind')) considered.add('kind');
    if (hasOther && f.has('name')) considered.add('name');
  } else if (hasOther) {
    if (f.has('kind')) considered.add('kind');
    if (f.has('name')) considered.add('name');
  }
  const applicableByType = node.types !== undefined && !node.negatedType && [...considered].every((f) => f === 'type');
  return { condition: { eval: node.eval, applicable: node.applic, types: node.types, applicableByType, readsLocation: f.has('location') }, problems };
}

function compileNode(raw: unknown, path: string, problems: CompileProblem[], considered: Set<ApplicField>): Node | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ path, message: 'a condition must be an object (a logical operator, a field, value or count condition)' });
    return undefined;
  }
  const obj = raw as Record<string, unknown>;
  const keys = Object.keys(obj);
  const logicalKey = keys.find((k) => LOGICAL.has(k.toLowerCase()));
  if (logicalKey !== undefined) {
    const op = LOGICAL.get(logicalKey.toLowerCase());
    const child = obj[logicalKey];
    if (op === 'not') {
      notDepth += 1;
      let c: Node | undefined;
      try {
        c = compileNode(child, `${path}.${logicalKey}`, problems, considered);
      } finally {
        notDepth -= 1;
      }
      if (!c) return undefined;
      return {
        eval: (ev) => {
          const r = c.eval(ev);
          return isUnknown(r) ? r : !r;
        },
        applic: (ev, negated) => {
          const r = c.applic(ev, !negated);
          return isUnknown(r) ? r : !r;
        },
        types: undefined,
        fields: c.fields,
        negatedType: c.negatedType || c.fields.has('type'),
      };
    }
    if (!Array.isArray(child)) {
      problems.push({ path: `${path}.${logicalKey}`, message: `${op} takes an array of conditions` });
      return undefined;
    }
    const kids: Node[] = [];
    child.forEach((c, i) => {
      const n = compileNode(c, `${path}.${logicalKey}[${i}]`, problems, considered);
      if (n) kids.push(n);
    });
    if (kids.length !== child.length) return undefined;
    const evals = kids.map((k) => k.eval);
    const applics = kids.map((k) => k.applic);
    const fields = new Set<ApplicField | 'other' | 'location'>();
    for (const k of kids) for (const f of k.fields) fields.add(f);
    if (op === 'allOf') {
      let types: Set<string> | undefined;
      for (const k of kids) if (k.types) types = types ? intersect(types, k.types) : k.types;
      return { eval: (ev) => all(evals, ev), applic: (ev, neg) => allA(applics, ev, neg), types, fields, negatedType: kids.some((k) => k.negatedType) };
    }
    const types = kids.every((k) => k.types) ? new Set(kids.flatMap((k) => [...(k.types ?? [])])) : undefined;
    return { eval: (ev) => any(evals, ev), applic: (ev, neg) => anyA(applics, ev, neg), types, fields, negatedType: kids.some((k) => k.negatedType) };
  }
  return compileLeaf(obj, path, problems, considered);
}

function intersect(a: Set<string>, b: Set<string>): Set<string> {
  return new Set([...a].filter((x) => b.has(x)));
}

// allOf: false wins over Unknown (a false member decides whatever the unknown one is); anyOf: true wins.
// When the Unknown is the answer, the reason names the condition that gave it, not the last one evaluated
// after it (the members after an Unknown are still evaluated, in case one of them decides).
function all(evals: readonly Cond[], ev: Ev): Tri {
  let pending: Unknown | undefined;
  let at: Decided | undefined;
  for (const e of evals) {
    const r = e(ev);
    if (r === false) return false;
    if (r !== true && pending === undefined) {
      pending = r;
      at = decided(ev);
    }
  }
  if (pending === undefined) return true;
  return restore(ev, at, pending);
}
function any(evals: readonly Cond[], ev: Ev): Tri {
  let pending: Unknown | undefined;
  let at: Decided | undefined;
  for (const e of evals) {
    const r = e(ev);
    if (r === true) return true;
    if (r !== false && pending === undefined) {
      pending = r;
      at = decided(ev);
    }
  }
  if (pending === undefined) return false;
  return restore(ev, at, pending);
}

/** What the reason text reads of the leaf that decided. */
interface Decided {
  leaf: Leaf | undefined;
  found: Value | undefined;
  foundCollection: boolean;
  leafResult: Tri | undefined;
}
function decided(ev: Ev): Decided {
  return { leaf: ev.leaf, found: ev.found, foundCollection: ev.foundCollection, leafResult: ev.leafResult };
}
function restore(ev: Ev, at: Decided | undefined, r: Unknown): Unknown {
  if (at) {
    ev.leaf = at.leaf;
    ev.found = at.found;
    ev.foundCollection = at.foundCollection;
    ev.leafResult = at.leafResult;
  }
  return r;
}
function allA(evals: readonly Applic[], ev: Ev, neg: boolean): Tri {
  let pending: Unknown | undefined;
  for (const e of evals) {
    const r = e(ev, neg);
    if (r === false) return false;
    if (r !== true) pending ??= r;
  }
  return pending ?? true;
}
function anyA(evals: readonly Applic[], ev: Ev, neg: boolean): Tri {
  let pending: Unknown | undefined;
  for (const e of evals) {
    const r = e(ev, neg);
    if (r === true) return true;
    if (r !== false) pending ??= r;
  }
  return pending ?? false;
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

function tryOperand(raw: unknown, path: string, problems: CompileProblem[]): Operand | undefined {
  try {
    return operand(raw);
  } catch (e) {
    const msg = e instanceof ExpressionError ? e.message : e instanceof Error ? e.message : String(e);
    problems.push({ path, message: `bad expression ${short(raw)}: ${msg}` });
    return undefined;
  }
}

/** Evaluates an operand, turning a failed evaluation into Unknown (Azure fails the evaluation: an implicit deny). */
function value(o: Operand, ev: Ev): Value {
  if (o.kind === 'literal') return o.value;
  try {
    return evalOperand(o, ev.ctx);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return new Unknown(`the expression ${o.text} fails: ${msg}`);
  }
}

/** Static operands are evaluated once here (parameters, pure functions); dynamic ones per resource. */
function prepare(o: Operand, ev0: PolicyEvalContext | undefined): Operand {
  if (o.kind === 'expr' && !o.dynamic && ev0) {
    try {
      return { kind: 'literal', value: evalOperand(o, ev0), text: o.text };
    } catch {
      return o;
    }
  }
  return o;
}

/**
 * Projected state: "If the resource returns no provisioningState, it is assumed to be Succeeded", and a
 * template describes its resources after a successful deployment (Azure Resource Manager RPC,
 * https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/async-api-reference.md#provisioningstate-property).
 */
export const PROVISIONED = 'Succeeded';

/** How many `not` enclose the node being compiled (for the reason text of leaves). */
let notDepth = 0;

/** The compile-time context: parameters are known; nothing of a resource is. Set by the caller. */
let compileCtx: PolicyEvalContext | undefined;
export function withCompileContext<T>(ctx: PolicyEvalContext, f: () => T): T {
  const prev = compileCtx;
  compileCtx = ctx;
  try {
    return f();
  } finally {
    compileCtx = prev;
  }
}

function findOperator(obj: Record<string, unknown>, path: string, problems: CompileProblem[]): { op: Operator; key: string } | undefined {
  const found: { op: Operator; key: string }[] = [];
  for (const k of Object.keys(obj)) {
    const op = operatorOf(k);
    if (op) found.push({ op, key: k });
  }
  if (found.length !== 1) {
    problems.push({
      path,
      message:
        found.length === 0
          ? `no condition operator (equals, like, in, exists, … as listed at https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#conditions) in ${short(obj)}`
          : `more than one operator (${found.map((f) => f.key).join(', ')}) in one condition`,
    });
    return undefined;
  }
  return found[0];
}

function compileLeaf(obj: Record<string, unknown>, path: string, problems: CompileProblem[], considered: Set<ApplicField>): Node | undefined {
  const keyOf = (name: string): string | undefined => Object.keys(obj).find((k) => k.toLowerCase() === name);
  const fieldKey = keyOf('field');
  const valueKey = keyOf('value');
  const countKey = keyOf('count');
  const opFound = findOperator(obj, path, problems);
  if (!opFound) return undefined;
  const { op, key: opKey } = opFound;
  const targetRaw = obj[opKey];
  const target0 = tryOperand(targetRaw, `${path}.${opKey}`, problems);
  if (!target0) return undefined;
  const target = prepare(target0, compileCtx);
  const opText = `${op} ${short(targetRaw)}`;

  if (fieldKey !== undefined) {
    const fieldRaw = obj[fieldKey];
    if (typeof fieldRaw !== 'string') {
      problems.push({ path: `${path}.${fieldKey}`, message: 'field must be a string' });
      return undefined;
    }
    const f0 = isExpressionText(fieldRaw) ? tryOperand(fieldRaw, `${path}.${fieldKey}`, problems) : undefined;
    if (isExpressionText(fieldRaw) && !f0) return undefined;
    const fieldOperand = f0 ? prepare(f0, compileCtx) : undefined;
    const staticField = fieldOperand === undefined ? fieldRaw : fieldOperand.kind === 'literal' && typeof fieldOperand.value === 'string' ? fieldOperand.value : undefined;
    const lower = staticField?.toLowerCase();
    const applicField: ApplicField | undefined = lower === 'type' || lower === 'name' || lower === 'kind' ? lower : undefined;
    const leaf: Leaf = { text: `field '${staticField ?? fieldRaw}' ${opText}`, subject: staticField ?? fieldRaw, negated: notDepth % 2 === 1 };
    const evalLeaf: Cond = (ev) => {
      let name = staticField;
      if (name === undefined && fieldOperand) {
        const v = value(fieldOperand, ev);
        if (isUnknown(v)) return record(ev, leaf, v, false, v);
        if (typeof v !== 'string') return record(ev, leaf, v, false, new Unknown(`the field expression ${fieldRaw} gives ${describe(v)}, not a field name`));
        name = v;
      }
      const ref = resolveField(name ?? '', ev.ctx.policy.resource.type, ev.ctx.policy.resource.apiVersion);
      return fieldCondition(ref, op, value(target, ev), ev, leaf);
    };
    const types = applicField === 'type' ? staticTypes(op, target) : undefined;
    return {
      eval: evalLeaf,
      applic: (ev, negated) => (applicField && considered.has(applicField) ? evalLeaf(ev) : !negated),
      types,
      // A location condition is an `other` one for the applicability table, and also marks the rule (readsLocation).
      fields: new Set<ApplicField | 'other' | 'location'>(lower === 'location' ? ['other', 'location'] : [applicField ?? 'other']),
      negatedType: false,
      ...(applicField ? { applicField } : {}),
    };
  }

  if (valueKey !== undefined) {
    const v0 = tryOperand(obj[valueKey], `${path}.${valueKey}`, problems);
    if (!v0) return undefined;
    const vo = prepare(v0, compileCtx);
    const leaf: Leaf = { text: `value ${short(obj[valueKey])} ${opText}`, subject: short(obj[valueKey]), negated: notDepth % 2 === 1 };
    return {
      eval: (ev) => {
        const actual = value(vo, ev);
        const r = applyOperator(op, actual, value(target, ev));
        return record(ev, leaf, actual, false, r);
      },
      applic: (_ev, negated) => !negated,
      types: undefined,
      fields: new Set(['other']),
      negatedType: false,
    };
  }

  if (countKey !== undefined) return compileCount(obj[countKey], `${path}.${countKey}`, op, target, opText, problems, considered);

  problems.push({ path, message: `a condition needs 'field', 'value' or 'count' beside '${opKey}'` });
  return undefined;
}

function staticTypes(op: Operator, target: Operand): Set<string> | undefined {
  if (target.kind !== 'literal') return undefined;
  if (op === 'equals' && typeof target.value === 'string') return new Set([target.value.toLowerCase()]);
  if (op === 'in' && Array.isArray(target.value) && target.value.every((t) => typeof t === 'string')) {
    return new Set((target.value as string[]).map((t) => t.toLowerCase()));
  }
  return undefined;
}

function record(ev: Ev, leaf: Leaf, found: Value | undefined, collection: boolean, r: Tri): Tri {
  ev.leaf = leaf;
  ev.found = found;
  ev.foundCollection = collection;
  ev.leafResult = r;
  return r;
}

/** Location values are normalized: `East US 2` equals `eastus2` (Fields, `location`). */
function normLocation(v: Value | undefined): Value | undefined {
  return typeof v === 'string' ? v.replace(/\s+/g, '').toLowerCase() : v;
}

function fieldCondition(ref: FieldRef, op: Operator, target: Value, ev: Ev, leaf: Leaf): Tri {
  if (ref.kind === 'unknownAlias') {
    return record(ev, leaf, undefined, false, new Unknown(`the alias '${ref.field}' is not in il5ml's alias table (src/policy/aliases.generated.ts); give Azure's listing of it with --aliases (az provider show --namespace <namespace> --expand resourceTypes/aliases)`));
  }
  if (ref.kind === 'otherType') {
    // An alias of another type selects nothing: a missing value, or an empty collection.
    return ref.field.includes('[*]') ? collectionCondition([], op, target, ev, leaf) : record(ev, leaf, undefined, false, applyOperator(op, undefined, target));
  }
  const scope = ev.ctx.policy;
  let actual: Value | undefined;
  if (ref.special === 'type') actual = policyTypeOf(scope.resource.type);
  else if (!ref.collection && scope.bindings.length === 0) actual = walkPath(scope.root, ref.segments);
  else {
    const sel = select(scope.root, ref.segments, scope.bindings);
    if (sel.collection) return collectionCondition(sel.values, op, target, ev, leaf);
    actual = sel.value;
  }
  // `name` is the resource's own name; `fullName` carries its parents (`server/database`).
  if (ref.special === 'name' && typeof actual === 'string') actual = actual.slice(actual.lastIndexOf('/') + 1);
  if (ref.special === 'provisioningState' && actual === undefined) actual = PROVISIONED;
  let t = target;
  if (ref.special === 'location') {
    actual = normLocation(actual);
    t = Array.isArray(t) ? t.map((x) => normLocation(x) ?? null) : (normLocation(t) ?? null);
  }
  return record(ev, leaf, actual, false, applyOperator(op, actual, t));
}

/**
 * A `[*]` field condition holds when it holds for every selected member ("implicit all of"); an empty
 * collection satisfies every condition except `exists: true` (nothing is selected, so nothing exists).
 */
function collectionCondition(values: readonly (Value | undefined)[], op: Operator, target: Value, ev: Ev, leaf: Leaf): Tri {
  // Nothing selected: as a missing property (applyOperator reads the operand, Unknown when it is no boolean).
  if (values.length === 0 && op === 'exists') return record(ev, leaf, [], true, applyOperator(op, undefined, target));
  let pending: Unknown | undefined;
  for (const v of values) {
    const r = applyOperator(op, v, target);
    if (r === false) return record(ev, leaf, v, true, false);
    if (r !== true) pending ??= r;
  }
  return record(ev, leaf, values.map((v) => (v === undefined ? null : v)), true, pending ?? true);
}

function compileCount(
  raw: unknown,
  path: string,
  op: Operator,
  target: Operand,
  opText: string,
  problems: CompileProblem[],
  considered: Set<ApplicField>,
): Node | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ path, message: 'count takes an object with field or value, and optionally name and where' });
    return undefined;
  }
  const c = raw as Record<string, unknown>;
  const k = (name: string): string | undefined => Object.keys(c).find((x) => x.toLowerCase() === name);
  const whereKey = k('where');
  let where: Node | undefined;
  if (whereKey !== undefined) {
    where = compileNode(c[whereKey], `${path}.${whereKey}`, problems, considered);
    if (!where) return undefined;
  }
  const whereEval = where?.eval;
  const fieldKey = k('field');
  const valueKey = k('value');
  if (fieldKey !== undefined) {
    const field = c[fieldKey];
    if (typeof field !== 'string' || !field.endsWith('[*]')) {
      problems.push({ path: `${path}.${fieldKey}`, message: `a field count needs an array alias ending in [*], got ${short(field)}` });
      return undefined;
    }
    const leaf: Leaf = { text: `count of '${field}'${where ? ' where …' : ''} ${opText}`, subject: field, negated: notDepth % 2 === 1 };
    const lowerName = field.toLowerCase();
    return {
      eval: (ev) => {
        const ref = resolveField(field, ev.ctx.policy.resource.type, ev.ctx.policy.resource.apiVersion);
        if (ref.kind === 'unknownAlias') return fieldCondition(ref, op, null, ev, leaf);
        let members: (Value | undefined)[] = [];
        const scope = ev.ctx.policy;
        if (ref.kind === 'path') {
          const sel = select(scope.root, ref.segments, scope.bindings);
          members = sel.collection ? sel.values : [];
        }
        const whole = members.find((m) => m instanceof UnknownCollection);
        if (whole !== undefined && isUnknown(whole)) return record(ev, leaf, whole, false, whole);
        let n = 0;
        // Members whose `where` is Unknown, and members that may not exist: the count lies in [n, n + maybe].
        let maybe = 0;
        let pending: Unknown | undefined;
        for (const m of members) {
          if (m instanceof PossibleMember) {
            maybe += 1;
            pending ??= m;
            continue;
          }
          if (!whereEval || ref.kind !== 'path') {
            n += 1;
            continue;
          }
          const member = m === undefined ? null : m;
          scope.bindings.push({ prefix: ref.segments, value: member });
          scope.current.push({ name: lowerName, value: member, prefix: ref.segments });
          try {
            const r = whereEval(ev);
            if (r === true) n += 1;
            else if (r !== false) {
              maybe += 1;
              pending ??= r;
            }
          } finally {
            scope.bindings.pop();
            scope.current.pop();
          }
        }
        return record(ev, leaf, n, false, countOutcome(op, n, maybe, value(target, ev), pending));
      },
      applic: (_ev, negated) => !negated,
      types: undefined,
      fields: new Set(['other']),
      negatedType: false,
    };
  }
  if (valueKey !== undefined) {
    const v0 = tryOperand(c[valueKey], `${path}.${valueKey}`, problems);
    if (!v0) return undefined;
    const vo = prepare(v0, compileCtx);
    const nameKey = k('name');
    const name = nameKey !== undefined && typeof c[nameKey] === 'string' ? (c[nameKey] as string).toLowerCase() : 'default';
    const leaf: Leaf = { text: `count of ${short(c[valueKey])}${where ? ' where …' : ''} ${opText}`, subject: short(c[valueKey]), negated: notDepth % 2 === 1 };
    return {
      eval: (ev) => {
        const arr = value(vo, ev);
        if (isUnknown(arr)) return record(ev, leaf, arr, false, arr);
        if (!Array.isArray(arr)) return record(ev, leaf, arr, false, new Unknown(`a value count needs an array, got ${describe(arr)}`));
        let n = 0;
        let maybe = 0;
        let pending: Unknown | undefined;
        if (whereEval) {
          const scope = ev.ctx.policy;
          for (const m of arr) {
            scope.current.push({ name, value: m });
            try {
              const r = whereEval(ev);
              if (r === true) n += 1;
              else if (r !== false) {
                maybe += 1;
                pending ??= r;
              }
            } finally {
              scope.current.pop();
            }
          }
        } else n = arr.length;
        return record(ev, leaf, n, false, countOutcome(op, n, maybe, value(target, ev), pending));
      },
      applic: (_ev, negated) => !negated,
      types: undefined,
      fields: new Set(['other']),
      negatedType: false,
    };
  }
  problems.push({ path, message: 'count needs field (an array alias) or value (an array)' });
  return undefined;
}

/**
 * A count known to lie in [n, n + maybe]: the condition is decided when it gives the same answer for every
 * count in that range (at least one approved connection is enough whatever the unknown ones are);
 * otherwise it is Unknown with the first reason.
 */
function countOutcome(op: Operator, n: number, maybe: number, target: Value, pending: Unknown | undefined): Tri {
  const first = applyOperator(op, n, target);
  if (maybe === 0 || isUnknown(first)) return first;
  for (let i = 1; i <= maybe; i++) {
    if (applyOperator(op, n + i, target) !== first) return pending ?? new Unknown(`${maybe} member(s) cannot be counted offline`);
  }
  return first;
}

/** The reason text for the leaf that decided, with the value it found. */
export function explain(ev: Ev, outcome: Tri): string {
  const leaf = ev.leaf;
  if (!leaf) return 'no condition was evaluated';
  if (isUnknown(outcome)) return `${leaf.text}: cannot be decided offline: ${outcome.reason}`;
  const found = ev.foundCollection && Array.isArray(ev.found) ? `${describe(ev.found)} (every member of '${leaf.subject}')` : describe(ev.found);
  const r = ev.leafResult;
  const negation = leaf.negated && typeof r === 'boolean' ? ` (under not: ${String(!r)})` : '';
  return `[${leaf.text}] is ${String(r)}${negation}: found ${found}`;
}

