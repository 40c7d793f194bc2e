import type { AzureResource } from '../core/resource.js';
import type { ResourceIndex } from './types.js';

/**
 * Deployment order in a template, for the IL5-DEP rules: whether a resource came from a template (only a template
 * has an order to judge; a resource exported from Azure has none), and everything it waits for, directly or
 * through what it waits for (ARM deploys a resource after its whole dependsOn closure).
 */
export function fromTemplate(r: AzureResource): boolean {
  return r.source !== undefined || r.dependsOn !== undefined;
}

export function dependsOnClosure(r: AzureResource, all: ResourceIndex): Set<string> {
  const seen = new Set<string>();
  const queue = [...(r.dependsOn ?? [])];
  while (queue.length > 0) {
    const id = (queue.pop() ?? '').toLowerCase();
    if (id === '' || seen.has(id)) continue;
    seen.add(id);
    for (const d of all.dependsOnOf(id) ?? []) queue.push(d);
  }
  return seen;
}
