/**
 * Builds, from a policy definition's own rule, a resource that violates it and one that complies, so that
 * the conformance suite can run every definition both ways. A condition is satisfied (or falsified)
 * leaf by leaf: `field X equals v` sets X to v (or to something else), `count` builds an array of members
 * that satisfy `where`, auditIfNotExists adds a related resource that satisfies `existenceCondition`.
 * When the rule uses something the generator cannot steer (a `value` expression over functions, a
 * dynamic target) it gives up and says why; the suite records those definitions.
 */
import type { AzureResource } from '../../src/core/resource.js';
import { resolveField, STAR, type Segment } from '../../src/policy/aliases.js';
import type { PolicyAssignment } from '../../src/policy/evaluate.js';
import { isExtensionType } from '../../src/policy/evaluate.js';
import { applyOperator, operatorOf, type Operator } from '../../src/policy/operators.js';
import type { Value } from '../../src/arm/types.js';
import { evalOperand, operand, policyFunctions } from '../../src/policy/expr.js';
import type { PolicyEvalContext } from '../../src/policy/functions.js';

export class CannotGenerate extends Error {}

type Obj = Record<string, unknown>;

interface Ctx {
  type: string;
  params: ReadonlyMap<string, Value>;
  /** The evaluated resource, for `[field('x')]` targets inside existenceCondition. */
  main?: Obj;
}

const PARAM = /^\[parameters\('([^']+)'\)\]$/i;
const FIELD = /^\[field\('([^']+)'\)\]$/i;

function keyOf(o: Obj, name: string): string | undefined {
  return Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
}

/** A literal, a parameter, or a field of the evaluated resource; anything else is not steerable. */
function staticValue(raw: unknown, ctx: Ctx): Value {
  if (typeof raw === 'string') {
    const p = PARAM.exec(raw);
    if (p?.[1]) {
      const v = ctx.params.get(p[1].toLowerCase());
      if (v === undefined) throw new CannotGenerate(`parameter ${p[1]} has no value`);
      return v;
    }
    const f = FIELD.exec(raw);
    if (f?.[1] && ctx.main) return readField(ctx.main, f[1], String(ctx.main.type));
    if (raw.startsWith('[') && !raw.startsWith('[[')) {
      // An expression over parameters and pure functions (base64(concat(…))) has one value: compute it.
      const o = operand(raw);
      if (o.kind === 'expr' && !o.dynamic) return evalOperand(o, staticContext(ctx));
      throw new CannotGenerate(`expression target ${raw}`);
    }
  }
  return raw as Value;
}

function staticContext(ctx: Ctx): PolicyEvalContext {
  const none: AzureResource = { id: '', type: '', name: '' };
  return {
    functions: policyFunctions(),
    policy: { resource: none, root: null, fnResource: none, fnRoot: null, bindings: [], current: [], parameters: ctx.params, policy: {}, resourceGroupOf: () => undefined, now: undefined },
  };
}

function readField(r: Obj, field: string, type: string): Value {
  const ref = resolveField(field, type);
  if (ref.kind !== 'path') return '';
  let cur: unknown = r;
  for (const s of ref.segments) {
    if (s === STAR || cur === null || typeof cur !== 'object') return '';
    const k = keyOf(cur as Obj, s);
    cur = k === undefined ? undefined : (cur as Obj)[k];
  }
  return (cur ?? '') as Value;
}

function setPath(r: Obj, segs: readonly Segment[], value: unknown, remove: boolean): void {
  let cur: Obj | unknown[] = r;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    const last = i === segs.length - 1;
    if (s === STAR) {
      if (!Array.isArray(cur)) throw new CannotGenerate('path through [*] on a non-array');
      if (last) {
        if (!remove) cur.splice(0, cur.length, value);
        else cur.splice(0, cur.length);
        return;
      }
      if (cur.length === 0) cur.push(segs[i + 1] === STAR ? [] : {});
      cur = cur[0] as Obj | unknown[];
      continue;
    }
    if (s === undefined || Array.isArray(cur)) throw new CannotGenerate('bad path');
    const k = keyOf(cur, s) ?? s;
    if (last) {
      if (remove) delete cur[k];
      else cur[k] = value;
      return;
    }
    if (cur[k] === undefined || cur[k] === null || typeof cur[k] !== 'object') cur[k] = segs[i + 1] === STAR ? [] : {};
    cur = cur[k] as Obj | unknown[];
  }
}

function other(v: Value): Value {
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return v + 1000;
  if (typeof v === 'string') {
    if (v.toLowerCase() === 'true') return 'false';
    if (v.toLowerCase() === 'false') return 'true';
    return `${v}-il5ml-other`;
  }
  return 'il5ml-other';
}

function likeSample(p: string): string {
  return p.replace(/\*/g, 'x');
}

function matchSample(p: string): string {
  return [...p].map((c) => (c === '#' ? '1' : c === '?' ? 'a' : c === '.' ? 'x' : c)).join('');
}

/** A value for which `op target` is `want`, verified with the engine's own operator. */
function valueFor(op: Operator, target: Value, want: boolean): { value?: unknown; remove?: boolean } {
  const candidates: { value?: unknown; remove?: boolean }[] = [];
  switch (op) {
    case 'exists': {
      const t = typeof target === 'string' ? target.toLowerCase() === 'true' : target === true;
      return t === want ? { value: 'il5ml' } : { remove: true };
    }
    case 'equals':
    case 'notEquals':
      candidates.push({ value: target }, { value: other(target) }, { remove: true });
      break;
    case 'in':
    case 'notIn':
      if (!Array.isArray(target)) throw new CannotGenerate(`${op} without an array`);
      candidates.push(...target.map((t) => ({ value: t })), { value: 'il5ml-none' }, { remove: true });
      break;
    case 'like':
    case 'notLike':
      if (typeof target !== 'string') throw new CannotGenerate('like without a string');
      candidates.push({ value: likeSample(target) }, { value: 'il5ml-nomatch' }, { remove: true });
      break;
    case 'match':
    case 'matchInsensitively':
    case 'notMatch':
    case 'notMatchInsensitively':
      if (typeof target !== 'string') throw new CannotGenerate('match without a string');
      candidates.push({ value: matchSample(target) }, { value: '!!' }, { remove: true });
      break;
    case 'contains':
    case 'notContains':
      candidates.push({ value: `x${String(target)}x` }, { value: 'il5ml' }, { remove: true });
      break;
    case 'containsKey':
    case 'notContainsKey':
      candidates.push({ value: { [String(target)]: 'x' } }, { value: {} }, { remove: true });
      break;
    default: {
      const n = typeof target === 'number' ? target : Number(target);
      if (!Number.isNaN(n) && (typeof target === 'number' || /^\d+$/.test(String(target)))) {
        candidates.push({ value: n - 1 }, { value: n }, { value: n + 1 });
      } else if (typeof target === 'string') {
        candidates.push({ value: '1900-01-01' }, { value: target }, { value: '9999-01-01' });
      }
    }
  }
  for (const c of candidates) {
    const r = applyOperator(op, c.remove ? undefined : (c.value as Value), target);
    if (r === want) return c;
  }
  throw new CannotGenerate(`no value makes ${op} ${JSON.stringify(target)} ${want}`);
}

function operator(o: Obj): { op: Operator; target: unknown } {
  for (const k of Object.keys(o)) {
    const op = operatorOf(k);
    if (op) return { op, target: o[k] };
  }
  throw new CannotGenerate('no operator');
}

/** Makes `cond` evaluate to `want` on `r` (mutating it). */
export function satisfy(cond: unknown, want: boolean, r: Obj, ctx: Ctx): void {
  const o = cond as Obj;
  const logical = Object.keys(o).find((k) => ['allof', 'anyof', 'not'].includes(k.toLowerCase()));
  if (logical) {
    const kind = logical.toLowerCase();
    const kids = o[logical];
    if (kind === 'not') return satisfy(kids, !want, r, ctx);
    const list = kids as unknown[];
    // allOf made false: a type condition that is already false for this type does it.
    if (kind === 'allof' && !want && list.some((k) => typeLeafIs(k, ctx.type) === false)) return;
    const needAll = (kind === 'allof') === want;
    if (needAll) {
      for (const k of list) satisfy(k, want, r, ctx);
      return;
    }
    // One child decides. allOf made false: one child false, the others true (so that the resource stays
    // applicable: type, name and kind conditions are never the one made false). anyOf made true: one child.
    let lastErr: unknown = new CannotGenerate('no child can decide');
    for (let i = list.length - 1; i >= 0; i--) {
      if (kind === 'allof' && isApplicLeaf(list[i])) continue;
      const copy = structuredClone(r);
      try {
        if (kind === 'allof') for (let j = 0; j < list.length; j++) if (j !== i) satisfy(list[j], true, copy, ctx);
        satisfy(list[i], want, copy, ctx);
        for (const k of Object.keys(r)) delete r[k];
        Object.assign(r, copy);
        return;
      } catch (e) {
        lastErr = e;
      }
    }
    throw lastErr instanceof Error ? lastErr : new CannotGenerate('no child can decide');
  }
  const fieldKey = keyOf(o, 'field');
  const valueKey = keyOf(o, 'value');
  const countKey = keyOf(o, 'count');
  const { op, target: rawTarget } = operator(o);
  const target = staticValue(rawTarget, ctx);
  if (fieldKey !== undefined) {
    let field = o[fieldKey] as string;
    if (field.startsWith('[')) field = String(staticFieldName(field, ctx));
    const lower = field.toLowerCase();
    if (lower === 'type') {
      const current = String(r.type ?? '');
      if (applyOperator(op, current, target) === want) return;
      const v = valueFor(op, target, want);
      if (v.remove) throw new CannotGenerate('type cannot be removed');
      if (want && String(v.value).toLowerCase() !== ctx.type.toLowerCase() && applyOperator(op, ctx.type, target) !== true) throw new CannotGenerate(`type condition needs ${String(v.value)}`);
      if (!want && applyOperator(op, ctx.type, target) === true) throw new CannotGenerate('the type condition cannot be false for this type');
      return;
    }
    const ref = resolveField(field, ctx.type);
    if (ref.kind === 'otherType') {
      if (applyOperator(op, undefined, target) === want) return;
      throw new CannotGenerate(`alias ${field} of another type`);
    }
    if (ref.kind !== 'path') throw new CannotGenerate(`unknown alias ${field}`);
    // Already so (an earlier condition set it): keep it rather than overwrite.
    const now = lower === 'name' || lower === 'fullname' ? (r.name as Value) : readPath(r, ref.segments);
    if (applyOperator(op, now, target) === want) return;
    const v = valueFor(op, target, want);
    if (lower === 'name' || lower === 'fullname') {
      if (v.remove) throw new CannotGenerate('name cannot be removed');
      r.name = String(v.value);
      return;
    }
    setPath(r, ref.segments, v.value, v.remove === true);
    return;
  }
  if (valueKey !== undefined) {
    const raw = o[valueKey];
    const f = typeof raw === 'string' ? FIELD.exec(raw) : null;
    if (f?.[1]) return satisfy({ field: f[1], [op]: rawTarget }, want, r, ctx);
    // The API version of the request is the resource's apiVersion (or the latest when it has none).
    if (typeof raw === 'string' && /^\[requestContext\(\)\.apiVersion\]$/i.test(raw)) {
      if (applyOperator(op, (r.apiVersion as Value | undefined) ?? '9999-12-31', target) === want) return;
      const v = valueFor(op, target, want);
      if (v.remove) delete r.apiVersion;
      else r.apiVersion = v.value;
      return;
    }
    const v = staticValue(raw, ctx);
    if (applyOperator(op, v, target) === want) return;
    throw new CannotGenerate(`value ${JSON.stringify(raw)} is fixed`);
  }
  if (countKey !== undefined) return satisfyCount(o[countKey] as Obj, op, target, want, r, ctx);
  throw new CannotGenerate('condition without field, value or count');
}

/** The value of a `type` leaf for a type, or undefined when the leaf is not a static type condition. */
function typeLeafIs(c: unknown, type: string): boolean | undefined {
  const o = c as Obj;
  const k = keyOf(o, 'field');
  if (k === undefined || String(o[k]).toLowerCase() !== 'type') return undefined;
  const { op, target } = operator(o);
  if (typeof target === 'string' && target.startsWith('[')) return undefined;
  const r = applyOperator(op, type, target as Value);
  return typeof r === 'boolean' ? r : undefined;
}

function isApplicLeaf(c: unknown): boolean {
  const o = c as Obj;
  const k = keyOf(o, 'field');
  return k !== undefined && ['type', 'name', 'kind'].includes(String(o[k]).toLowerCase());
}

/** The current value at a path (first member at `[*]`), undefined when missing. */
function readPath(r: Obj, segs: readonly Segment[]): Value | undefined {
  let cur: unknown = r;
  for (const s of segs) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    if (s === STAR) {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[0];
      continue;
    }
    const k = keyOf(cur as Obj, s);
    cur = k === undefined ? undefined : (cur as Obj)[k];
  }
  return cur as Value | undefined;
}

function staticFieldName(field: string, ctx: Ctx): string {
  const m = /^\[concat\('tags\[', parameters\('([^']+)'\), '\]'\)\]$/i.exec(field);
  if (m?.[1]) return `tags[${String(ctx.params.get(m[1].toLowerCase()))}]`;
  throw new CannotGenerate(`field expression ${field}`);
}

function satisfyCount(c: Obj, op: Operator, target: Value, want: boolean, r: Obj, ctx: Ctx): void {
  const fieldKey = keyOf(c, 'field');
  const whereKey = keyOf(c, 'where');
  if (fieldKey === undefined) {
    const valueKey = keyOf(c, 'value');
    const arr = staticValue(c[valueKey ?? ''], ctx);
    if (!Array.isArray(arr) || whereKey !== undefined) throw new CannotGenerate('value count with where');
    if (applyOperator(op, arr.length, target) === want) return;
    throw new CannotGenerate('value count is fixed');
  }
  const field = c[fieldKey] as string;
  const ref = resolveField(field, ctx.type);
  if (ref.kind !== 'path') throw new CannotGenerate(`count over ${field}`);
  let n = -1;
  for (let k = 0; k <= 3; k++) {
    if (applyOperator(op, k, target) === want) {
      n = k;
      break;
    }
  }
  if (n < 0) throw new CannotGenerate(`no count makes ${op} ${JSON.stringify(target)} ${want}`);
  const members: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const tmp: Obj = structuredClone(r);
    setPath(tmp, ref.segments, {}, false);
    if (whereKey !== undefined) satisfy(c[whereKey], true, tmp, ctx);
    let cur: unknown = tmp;
    for (const s of ref.segments.slice(0, -1)) {
      if (s === STAR) cur = (cur as unknown[])[0];
      else cur = (cur as Obj)[keyOf(cur as Obj, s) ?? s];
    }
    members.push((cur as unknown[])[0]);
  }
  setPath(r, ref.segments, null, true);
  // setPath with remove empties the array; put the members in.
  let arr: unknown = r;
  for (const s of ref.segments.slice(0, -1)) {
    if (s === STAR) arr = (arr as unknown[])[0];
    else arr = (arr as Obj)[keyOf(arr as Obj, s) ?? s];
  }
  if (Array.isArray(arr)) arr.push(...members);
}

const SUB = '/subscriptions/22222222-2222-2222-2222-222222222222';
const RG = `${SUB}/resourceGroups/gen-rg`;

function idFor(type: string, name: string, rg = RG): string {
  if (type.toLowerCase() === 'microsoft.resources/subscriptions') return SUB;
  if (type.toLowerCase() === 'microsoft.resources/resourcegroups') return `${SUB}/resourceGroups/${name}`;
  const [ns, ...types] = type.split('/');
  const names = name.split('/');
  return `${rg}/providers/${ns}/${types.map((t, i) => `${t}/${names[i] ?? names[names.length - 1] ?? 'x'}`).join('/')}`;
}

function skeleton(type: string): Obj {
  const depth = type.split('/').length - 1;
  const name = Array.from({ length: depth }, (_, i) => `gen${i}`).join('/');
  return { type, name, location: 'usgovvirginia', tags: {}, properties: {} };
}

function finish(r: Obj): AzureResource {
  const type = String(r.type);
  // A name set by a condition may lack the parents: keep the parents of the skeleton.
  const depth = type.split('/').length - 1;
  let name = String(r.name);
  const parts = name.split('/');
  if (parts.length < depth) name = [...Array.from({ length: depth - parts.length }, (_, i) => `gen${i}`), ...parts].join('/');
  return { ...r, id: idFor(type, name), type, name } as AzureResource;
}

export interface Generated {
  violating: AzureResource[];
  compliant: AzureResource[];
  type: string;
}

/** The types a definition targets, as the definition spells them, in a stable order. */
export function targetTypes(a: PolicyAssignment): string[] {
  const types = a.condition?.types;
  if (!types || types.size === 0) throw new CannotGenerate('the rule names no resource type');
  const text = JSON.stringify(a.definition.policyRule.if);
  return [...types].sort().map((t) => new RegExp(`"(${t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')})"`, 'i').exec(text)?.[1] ?? t);
}

/** Tries each type the rule names until one can be made to violate and to comply. */
export function generate(a: PolicyAssignment): Generated {
  const why: string[] = [];
  for (const type of targetTypes(a)) {
    try {
      return generateFor(a, type);
    } catch (e) {
      if (!(e instanceof CannotGenerate)) throw e;
      why.push(`${type}: ${e.message}`);
    }
  }
  throw new CannotGenerate(why.join('; '));
}

function generateFor(a: PolicyAssignment, type: string): Generated {
  const ctx: Ctx = { type, params: a.parameters };
  const bad = skeleton(type);
  satisfy(a.definition.policyRule.if, true, bad, ctx);
  const ifNotExists = a.effect === 'auditIfNotExists' || a.effect === 'deployIfNotExists';
  if (!ifNotExists) {
    const good = skeleton(type);
    satisfy(a.definition.policyRule.if, false, good, ctx);
    // The compliant resource must still be applicable: keep its type.
    good.type = type;
    return { violating: [finish(bad)], compliant: [finish(good)], type };
  }
  const main = finish(bad);
  const d = a.details;
  if (!d) throw new CannotGenerate('no details');
  const rel = skeleton(d.type);
  rel.location = main.location;
  const skeletonName = rel.name;
  if (d.existenceCondition) satisfy(existenceOf(a), true, rel, { type: d.type, params: a.parameters, main: main as Obj });
  // A name the existence condition asks for (`name like 'ASR-Protect-*'`) wins over the default.
  const relName = d.name ? (d.name.kind === 'literal' ? String(d.name.value) : fieldName(d.name.text, main)) : rel.name !== skeletonName ? String(rel.name).split('/').pop() ?? 'default' : 'default';
  const tLower = d.type.toLowerCase();
  let related: AzureResource;
  if (tLower.startsWith(`${type.toLowerCase()}/`)) {
    const lastType = d.type.split('/').slice(type.split('/').length).join('/');
    related = { ...(rel as Obj), type: d.type, name: `${main.name}/${relName}`, id: `${main.id}/${lastType}/${relName}` } as AzureResource;
  } else if (isExtensionType(tLower)) {
    related = { ...(rel as Obj), type: d.type, name: relName, id: `${main.id}/providers/${d.type}/${relName}`, scope: main.id } as AzureResource;
  } else if (d.subscriptionScope || type.toLowerCase() === 'microsoft.resources/subscriptions') {
    related = { ...(rel as Obj), type: d.type, name: relName, id: `${SUB}/providers/${d.type}/${relName}` } as AzureResource;
  } else {
    const rgName = d.resourceGroupName ? (d.resourceGroupName.kind === 'literal' ? String(d.resourceGroupName.value) : paramText(d.resourceGroupName.text, a)) : 'gen-rg';
    related = { ...(rel as Obj), type: d.type, name: relName, id: idFor(d.type, relName, `${SUB}/resourceGroups/${rgName}`) } as AzureResource;
  }
  return { violating: [main], compliant: [main, related], type };
}

function existenceOf(a: PolicyAssignment): unknown {
  const then = a.definition.policyRule.then;
  const dk = keyOf(then, 'details');
  const details = (dk ? then[dk] : {}) as Obj;
  const ek = keyOf(details, 'existenceCondition');
  return ek ? details[ek] : {};
}

function fieldName(text: string, main: AzureResource): string {
  const f = FIELD.exec(text);
  if (f?.[1]?.toLowerCase() === 'name') return main.name.split('/').pop() ?? main.name;
  if (f?.[1]?.toLowerCase() === 'fullname') return main.name;
  if (/^\[first\(split\(field\('fullName'\), '\/'\)\)\]$/i.test(text)) return main.name.split('/')[0] ?? main.name;
  // A name made from policy().assignmentId exists only once assigned: any name stands for it.
  if (/policy\(\)/i.test(text)) return 'assignment-specific';
  throw new CannotGenerate(`related name ${text}`);
}

function paramText(text: string, a: PolicyAssignment): string {
  const p = PARAM.exec(text);
  const v = p?.[1] ? a.parameters.get(p[1].toLowerCase()) : undefined;
  if (typeof v !== 'string') throw new CannotGenerate(`resource group ${text}`);
  return v;
}
