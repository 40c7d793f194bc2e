import { LowerIds } from '../core/lower-ids.js';
import type { AzureResource } from '../core/resource.js';
import type { ResourceIndex } from './types.js';

const lower = (s: string): string => s.toLowerCase();

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * The id of the resource an extension resource id is attached to: `<target>/providers/<ns>/<type>/<name>`
 * where <target> is itself a resource (it has a provider segment), not a resource group or subscription.
 */
function extensionTarget(id: string): string | undefined {
  const at = id.lastIndexOf('/providers/');
  if (at <= 0) return undefined;
  const target = id.slice(0, at);
  return target.includes('/providers/') ? target : undefined;
}

/** The parent of a child resource id `<parent>/<childType>/<name>` (type with more than one segment). */
function parentOf(r: AzureResource): string | undefined {
  if (typeof r.id !== 'string' || typeof r.type !== 'string' || r.type.split('/').length < 3) return undefined;
  const last = r.id.lastIndexOf('/');
  const prev = last > 0 ? r.id.lastIndexOf('/', last - 1) : -1;
  return prev > 0 ? r.id.slice(0, prev) : undefined;
}

/**
 * Builds the lookups rules use, once per input (runBaseline is linear in the input, not quadratic); ARM
 * compares ids and types case-insensitively. `ids` keeps one string per lower-case id across the indexes
 * of a check (BaselinePass shares its own).
 */
export function indexResources(resources: readonly AzureResource[], ids: LowerIds = new LowerIds()): ResourceIndex {
  const byId = new Map<string, AzureResource>();
  const byType = new Map<string, AzureResource[]>();
  const extensions = new Map<string, AzureResource[]>();
  /** Lower-case child type -> lower-case parent id (the one string of `ids`) -> children: no key string of their own. */
  const children = new Map<string, Map<string, AzureResource[]>>();
  for (const r of resources) {
    const id = typeof r.id === 'string' ? ids.of(r.id) : '';
    const type = typeof r.type === 'string' ? lower(r.type) : '';
    if (id !== '') byId.set(id, r);
    push(byType, type, r);
    const target = typeof r.scope === 'string' ? r.scope : id !== '' ? extensionTarget(id) : undefined;
    if (target !== undefined) push(extensions, ids.of(target), r);
    const parent = parentOf(r);
    if (parent !== undefined) {
      let ofType = children.get(type);
      if (ofType === undefined) children.set(type, (ofType = new Map()));
      push(ofType, ids.of(parent), r);
    }
  }
  const memo = new Map<string, unknown>();
  return {
    resources,
    byId: (id) => byId.get(lower(id)),
    ofType: (type) => byType.get(lower(type)) ?? [],
    extensionsOf(id, type) {
      const all = extensions.get(lower(id)) ?? [];
      return type === undefined ? all : all.filter((r) => lower(r.type) === lower(type));
    },
    childrenOf: (id, type) => children.get(lower(type))?.get(lower(id)) ?? [],
    dependsOnOf: (id) => byId.get(lower(id))?.dependsOn,
    key: (id) => ids.of(id),
    memo<T>(key: string, build: () => T): T {
      if (!memo.has(key)) memo.set(key, build());
      return memo.get(key) as T;
    },
  };
}
