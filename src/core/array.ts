/**
 * Array helpers that hold for any length. `target.push(...items)`, `Math.max(...xs)` and
 * `splice(0, n, ...xs)` pass every element as a call argument, and V8 throws "Maximum call stack size
 * exceeded" past roughly 100,000 of them (an estate of 70,000 resources, a service tags release):
 * these loop instead.
 */

/** Appends every item to target, in order; returns target. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const x of items) target.push(x);
  return target;
}

/** Math.max over xs (-Infinity when empty, NaN when any is NaN): the same fold, without the argument list. */
export function maxOf(xs: Iterable<number>): number {
  let m = -Infinity;
  for (const x of xs) m = Math.max(m, x);
  return m;
}

/** Math.min over xs (Infinity when empty, NaN when any is NaN). */
export function minOf(xs: Iterable<number>): number {
  let m = Infinity;
  for (const x of xs) m = Math.min(m, x);
  return m;
}

/** Replaces the contents of target with items (the in-place `splice(0, length, ...items)`). */
export function replaceAll<T>(target: T[], items: readonly T[]): T[] {
  target.length = 0;
  return pushAll(target, items);
}

/** Puts `to` in place of the last item when that item is `from` (a pass keeping a stand-in for what it just kept). */
export function replaceLast<T>(target: T[], from: T, to: T): void {
  const last = target.length - 1;
  if (last >= 0 && target[last] === from) target[last] = to;
}
