/**
 * Reads what a field selects from a resource. A plain path gives one value (or nothing when a property
 * on the way is missing); a path through `[*]` gives a collection: every member's value, flattened, with
 * missing members skipped (Microsoft Learn, "Author policies for array properties", table of selected
 * values: `missingArray[*]` is an empty collection, `objectArray[*].nestedArray[*]` is 1, 2, 3, 4).
 * https://learn.microsoft.com/azure/governance/policy/how-to/author-policies-for-arrays#referencing-array-resource-properties
 */
import type { Value, ObjectValue } from '../arm/types.js';
import { isUnknown, Unknown } from '../core/unknown.js';
import { STAR, type Segment } from './aliases.js';

/**
 * A whole array known only after deployment, read through `[*]`: it stands for any number of members, so a
 * `count` over it is Unknown whatever the other members are (one Unknown member is only one member).
 */
export class UnknownCollection extends Unknown {}

/** The member a `count` is enumerating: paths starting with `prefix` are read from `value`. */
export interface Binding {
  prefix: readonly Segment[];
  value: Value;
}

export type Selection =
  | { collection: false; value: Value | undefined }
  /** A member that lacks the property is `undefined` (missing), so "every member" rules still see it. */
  | { collection: true; values: (Value | undefined)[] };

function isObj(v: Value | undefined): v is ObjectValue {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v) && !('kind' in v && typeof (v as { invoke?: unknown }).invoke === 'function');
}

/** Property lookup as ARM JSON does it: exact key first, then case-insensitive. */
export function prop(o: ObjectValue, name: string): Value | undefined {
  const v = o[name];
  if (v !== undefined) return v;
  const lower = name.toLowerCase();
  for (const k in o) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

function samePrefix(prefix: readonly Segment[], segs: readonly Segment[]): boolean {
  if (prefix.length > segs.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    const a = prefix[i];
    const b = segs[i];
    if (a === STAR || b === STAR) {
      if (a !== b) return false;
    } else if (a === undefined || b === undefined || a.toLowerCase() !== b.toLowerCase()) return false;
  }
  return true;
}

/**
 * Selects `segs` from `root`. Bindings (innermost last) replace the part of the path they cover with the
 * counted member, "as if it were the only member of the array" (same page, Count expressions).
 */
export function select(root: Value, segs: readonly Segment[], bindings: readonly Binding[]): Selection {
  let start = 0;
  let base: Value = root;
  let collection = false;
  for (let i = bindings.length - 1; i >= 0; i--) {
    const b = bindings[i];
    if (b && samePrefix(b.prefix, segs)) {
      start = b.prefix.length;
      base = b.value;
      // The counted member stands for a one-member collection.
      collection = true;
      break;
    }
  }
  for (let i = start; i < segs.length; i++) if (segs[i] === STAR) collection = true;
  if (!collection) return { collection: false, value: walk(base, segs, start) };
  const values: (Value | undefined)[] = [];
  collect(base, segs, start, values, start > 0);
  return { collection: true, values };
}

/** A plain path (no `[*]`, no count binding): the value, or undefined when missing. Allocates nothing. */
export function walkPath(root: Value, segs: readonly Segment[]): Value | undefined {
  return walk(root, segs, 0);
}

function walk(v: Value | undefined, segs: readonly Segment[], from: number): Value | undefined {
  let cur = v;
  for (let i = from; i < segs.length; i++) {
    const s = segs[i];
    if (cur === undefined || cur === null) return undefined;
    if (isUnknown(cur)) return cur;
    if (s === STAR || s === undefined || !isObj(cur)) return undefined;
    cur = prop(cur, s);
  }
  return cur;
}

function collect(v: Value | undefined, segs: readonly Segment[], from: number, out: (Value | undefined)[], inMember: boolean): void {
  let cur = v;
  for (let i = from; i < segs.length; i++) {
    const s = segs[i];
    if (cur === undefined || cur === null) {
      if (inMember) out.push(undefined);
      return;
    }
    if (isUnknown(cur)) {
      out.push(new UnknownCollection(`${cur.reason} (an array the policy reads member by member)`));
      return;
    }
    if (s === STAR) {
      if (!Array.isArray(cur)) return;
      for (const m of cur) collect(m, segs, i + 1, out, true);
      return;
    }
    if (s === undefined || !isObj(cur)) {
      if (inMember) out.push(undefined);
      return;
    }
    cur = prop(cur, s);
  }
  if (cur !== undefined || inMember) out.push(cur);
}
