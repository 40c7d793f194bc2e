import type { AzureResource } from '../core/resource.js';
import type { ResourceIndex } from './types.js';

const lower = (s: string): string => s.toLowerCase();

/** Builds the lookups rules use; ARM compares ids and types case-insensitively. */
export function indexResources(resources: readonly AzureResource[]): ResourceIndex {
  const byId = new Map<string, AzureResource>();
  const byType = new Map<string, AzureResource[]>();
  for (const r of resources) {
    if (typeof r.id === 'string') byId.set(lower(r.id), r);
    const t = typeof r.type === 'string' ? lower(r.type) : '';
    const list = byType.get(t);
    if (list) list.push(r);
    else byType.set(t, [r]);
  }
  return {
    resources,
    byId: (id) => byId.get(lower(id)),
    ofType: (type) => byType.get(lower(type)) ?? [],
    extensionsOf(id, type) {
      const target = lower(id);
      const prefix = `${target}/providers/`;
      return resources.filter((r) => {
        if (type !== undefined && lower(r.type) !== lower(type)) return false;
        if (typeof r.scope === 'string' && lower(r.scope) === target) return true;
        return typeof r.id === 'string' && lower(r.id).startsWith(prefix);
      });
    },
    childrenOf(id, type) {
      const prefix = `${lower(id)}/`;
      const t = lower(type);
      return (byType.get(t) ?? []).filter((r) => typeof r.id === 'string' && lower(r.id).startsWith(prefix));
    },
  };
}
