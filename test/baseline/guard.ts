import type { AzureResource } from '../../src/core/resource.js';
import type { BaselineRule, ResourceIndex } from '../../src/baseline/types.js';

/** A lookup of a type the rule does not declare in `reads` (or of dependsOn without `readsDependsOn`). */
export class UndeclaredRead extends Error {}

const lower = (s: unknown): string => (typeof s === 'string' ? s.toLowerCase() : String(s));

/**
 * The index a rule sees, refusing what its declaration does not allow: byId finding a resource of an
 * undeclared type, ofType/childrenOf/extensionsOf of an undeclared type (extensionsOf without a type, and
 * `resources`, would need every type), dependsOnOf without readsDependsOn. Memos are the rule's own, so a
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
    get resources(): readonly AzureResource[] {
      throw new UndeclaredRead(`${rule.id} reads every resource of the input (index.resources)`);
    },
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
    key: (id) => index.key(id),
    memo<T>(key: string, build: () => T): T {
      if (!memo.has(key)) memo.set(key, build());
      return memo.get(key) as T;
    },
  };
}
