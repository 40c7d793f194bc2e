import type { BaselineRule, ResourceIndex } from '../../src/baseline/types.js';

/** A lookup of a type the rule does not declare in `reads` (or of dependsOn without `readsDependsOn`). */
export class UndeclaredRead extends Error {}

const lower = (s: unknown): string => (typeof s === 'string' ? s.toLowerCase() : String(s));

/**
 * The index a rule sees, refusing what its declaration does not allow: byId finding a resource of an
 * undeclared type, ofType/childrenOf/extensionsOf of an undeclared type (extensionsOf without a type would need
 * every type), dependsOnOf without readsDependsOn. Memos are the rule's own, so a
 * builder another rule ran first cannot hide an undeclared lookup. Test-only: the two-pass check keeps
 * only the declared types between its passes (BaselinePass), so an undeclared lookup there would silently
 * find nothing.
 */
export function guardedIndex(rule: Pick<BaselineRule, 'id' | 'reads' | 'readsDependsOn'>, index: ResourceIndex): ResourceIndex {
  const declared = new Set(rule.reads.map(lower));
  const check = (type: unknown, how: string): void => {
    if (!declared.has(lower(type))) throw new UndeclaredRead(`${rule.id} ${how} of type ${String(type)}, which its reads do not list`);
  };
  const memo = new Map<string, unknown>();
  return {
    byId(id) {
      const r = index.byId(id);
      if (r !== undefined) check(r.type, `looks up ${id} by id and finds a resource`);
      return r;
    },
    ofType(type) {
      check(type, 'lists the resources');
      return index.ofType(type);
    },
    extensionsOf(id, type) {
      if (type === undefined) throw new UndeclaredRead(`${rule.id} lists the extensions of ${id} of every type`);
      check(type, `lists the extensions of ${id}`);
      return index.extensionsOf(id, type);
    },
    childrenOf(id, type) {
      check(type, `lists the children of ${id}`);
      return index.childrenOf(id, type);
    },
    dependsOnOf(id) {
      if (rule.readsDependsOn !== true) throw new UndeclaredRead(`${rule.id} follows the dependsOn of ${id} without readsDependsOn`);
      return index.dependsOnOf(id);
    },
    memo<T>(key: string, build: () => T): T {
      if (!memo.has(key)) memo.set(key, build());
      return memo.get(key) as T;
    },
    // The rule's own table too: its builder runs through this guarded index.
    table: (name, build) => index.table(`${rule.id}\u0000${name}`, build),
  };
}
