import type { AzureResource } from '../core/resource.js';
import { Unknown, isUnknown } from '../core/unknown.js';
import type { RuleOutcome } from './types.js';

/**
 * Conditions with Azure Policy's semantics and a third value, Unknown, for what exists only after
 * deployment (Kleene logic: false AND unknown is false, true OR unknown is true). Each result carries
 * `why`: the property and the value found, so that a verdict says which condition decided.
 * Semantics: https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule
 * (read 2026-11-25): string comparisons are case-insensitive; a missing field equals nothing and
 * notEquals everything; booleans compare as their text 'true'/'false'.
 */
export interface Cond {
  v: boolean | Unknown;
  why: string;
}

/** What a field read finds: nothing, a value, or a value known only after deployment. */
export type Found = { kind: 'missing' } | { kind: 'value'; value: unknown } | { kind: 'unknown'; reason: string };

/**
 * Reads a dotted path (`properties.networkAcls.defaultAction`) from a resource. null counts as missing,
 * as the policy engine (src/policy) reads it; the equivalence corpus (corpus.ts) holds null variants to
 * keep the two in step.
 */
export function read(root: unknown, path: string): Found {
  let cur: unknown = root;
  for (const part of path.split('.')) {
    if (isUnknown(cur)) return { kind: 'unknown', reason: cur.reason };
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return { kind: 'missing' };
    const obj = cur as Record<string, unknown>;
    // Property names are case-insensitive in ARM, as in Azure Policy's alias lookups.
    const key = part in obj ? part : Object.keys(obj).find((k) => k.toLowerCase() === part.toLowerCase());
    if (key === undefined) return { kind: 'missing' };
    cur = obj[key];
  }
  if (isUnknown(cur)) return { kind: 'unknown', reason: cur.reason };
  if (cur === null || cur === undefined) return { kind: 'missing' };
  return { kind: 'value', value: cur };
}

export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  return JSON.stringify(value) ?? String(value);
}

function describe(path: string, f: Found): string {
  if (f.kind === 'missing') return `${path} is missing`;
  if (f.kind === 'unknown') return `${path} is unknown until deployment (${f.reason})`;
  return `${path} = ${show(f.value)}`;
}

const asText = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'boolean' || typeof v === 'number' ? String(v) : undefined;

function sameText(a: unknown, b: string | boolean): boolean {
  const t = asText(a);
  return t !== undefined && t.toLowerCase() === String(b).toLowerCase();
}

/** `{"field": path, "equals": expected}` read on `root`. */
export function equals(root: unknown, path: string, expected: string | boolean): Cond {
  const f = read(root, path);
  const why = describe(path, f);
  if (f.kind === 'unknown') return { v: new Unknown(why), why };
  return { v: f.kind === 'value' && sameText(f.value, expected), why };
}

export function notEquals(root: unknown, path: string, expected: string | boolean): Cond {
  return not(equals(root, path, expected));
}

/** `{"field": path, "in": list}`: a missing field is in no list. */
export function isIn(root: unknown, path: string, list: readonly string[]): Cond {
  const f = read(root, path);
  const why = describe(path, f);
  if (f.kind === 'unknown') return { v: new Unknown(why), why };
  return { v: f.kind === 'value' && list.some((x) => sameText(f.value, x)), why };
}

/** `{"field": path, "exists": true}`; a value known only after deployment exists, but may be null then: Unknown. */
export function exists(root: unknown, path: string): Cond {
  const f = read(root, path);
  const why = describe(path, f);
  if (f.kind === 'unknown') return { v: new Unknown(why), why };
  return { v: f.kind === 'value', why };
}

/** A literal condition with its explanation, for value conditions and counts computed by a rule. */
export function fact(v: boolean | Unknown, why: string): Cond {
  return { v, why };
}

function joinWhys(cs: Cond[]): string {
  return [...new Set(cs.map((c) => c.why).filter((w) => w !== ''))].join('; ');
}

export function not(c: Cond): Cond {
  return { v: isUnknown(c.v) ? c.v : !c.v, why: c.why };
}

/** allOf: false if any is false; true if all are true (whys joined); else Unknown. */
export function allOf(...cs: Cond[]): Cond {
  const f = cs.find((c) => c.v === false);
  if (f) return f;
  const u = cs.find((c) => isUnknown(c.v));
  if (u) return u;
  return { v: true, why: joinWhys(cs) };
}

/** anyOf: true if any is true; false if all are false (whys joined); else Unknown. */
export function anyOf(...cs: Cond[]): Cond {
  const t = cs.find((c) => c.v === true);
  if (t) return t;
  const u = cs.find((c) => isUnknown(c.v));
  if (u) return u;
  return { v: false, why: joinWhys(cs) };
}

/** A condition that only narrows what a rule looks at: its explanation is left out of reasons. */
export function quiet(c: Cond): Cond {
  return c.v === true ? { v: true, why: '' } : c;
}

/** The verdict of an audit-style mirror: the definition's `if` true means NonCompliant. */
export function auditVerdict(c: Cond): RuleOutcome {
  if (isUnknown(c.v)) return { compliance: 'Unknown', reason: c.why };
  return { compliance: c.v ? 'NonCompliant' : 'Compliant', reason: c.why };
}

export function typeIs(resource: AzureResource, ...types: string[]): boolean {
  const t = typeof resource.type === 'string' ? resource.type.toLowerCase() : '';
  return types.some((x) => x.toLowerCase() === t);
}

export function notApplicable(resource: AzureResource, what: string): RuleOutcome {
  return { compliance: 'NotApplicable', reason: `${resource.type} is not ${what}` };
}

/**
 * `requestContext().apiVersion` compared as text, as the definitions do. A resource read from Azure
 * (az resource show, az graph query) carries no API version; Azure then uses the latest: "The latest API
 * version is always used during compliance evaluation on existing resources"
 * (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#policy-functions,
 * read 2026-11-25), which no bound in a definition exceeds.
 */
export function apiVersionCompare(resource: AzureResource, op: 'less' | 'greaterOrEquals', bound: string): Cond {
  const v = resource.apiVersion;
  if (isUnknown(v)) {
    const why = `the API version is unknown until deployment (${v.reason})`;
    return { v: new Unknown(why), why };
  }
  const less = typeof v === 'string' ? v.toLowerCase() < bound.toLowerCase() : false;
  const holds = op === 'less' ? less : !less;
  const shown = typeof v === 'string' ? `apiVersion '${v}'` : 'the latest API version (none in the input)';
  return { v: holds, why: `${shown} is ${less ? 'before' : 'not before'} '${bound}'` };
}

/** Reads an array property for a count or a [*] condition: missing counts as empty. */
export function readArray(root: unknown, path: string): { items: unknown[] } | { unknown: string } {
  const f = read(root, path);
  if (f.kind === 'unknown') return { unknown: describe(path, f) };
  if (f.kind === 'missing') return { items: [] };
  if (isUnknown(f.value)) return { unknown: describe(path, f) };
  return { items: Array.isArray(f.value) ? f.value : [] };
}

/** The first Unknown inside a value (deep), for a rule that must not judge a value it cannot see. */
export function findUnknown(v: unknown, path = ''): { path: string; reason: string } | undefined {
  if (isUnknown(v)) return { path, reason: v.reason };
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const u = findUnknown(v[i], `${path}[${i}]`);
      if (u) return u;
    }
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const u = findUnknown(x, path ? `${path}.${k}` : k);
      if (u) return u;
    }
  }
  return undefined;
}

/** `{"count": {"field": "<path>[*]"}, "greaterOrEquals": n}`. */
export function countAtLeast(root: unknown, path: string, n: number): Cond {
  const a = readArray(root, path);
  if ('unknown' in a) return { v: new Unknown(a.unknown), why: a.unknown };
  return { v: a.items.length >= n, why: `${path} has ${a.items.length} entr${a.items.length === 1 ? 'y' : 'ies'}` };
}

/**
 * A condition on a `[*]` alias outside a count: Azure holds it only when every member satisfies it
 * (vacuously true for an empty array).
 * Source: https://learn.microsoft.com/azure/governance/policy/how-to/author-policies-for-arrays#referencing-array-members (read 2026-11-25).
 */
export function everyMember(root: unknown, arrayPath: string, member: (item: unknown, index: number) => Cond): Cond {
  const a = readArray(root, arrayPath);
  if ('unknown' in a) return { v: new Unknown(a.unknown), why: a.unknown };
  const results = a.items.map((item, i) => {
    const c = member(item, i);
    return { v: c.v, why: `${arrayPath}[${i}]: ${c.why}` };
  });
  const f = results.find((c) => c.v === false);
  if (f) return f;
  const u = results.find((c) => isUnknown(c.v));
  if (u) return u;
  return { v: true, why: results.length === 0 ? `${arrayPath} is empty` : joinWhys(results) };
}
