import type { AzureResource } from '../../src/core/resource.js';
import { reviveUnknowns } from '../../src/core/unknown.js';

/**
 * A fresh copy of a resource, as pass 2 of a two-pass check reads it again from the input: structurally
 * equal, no object shared (structuredClone with Unknown values kept as Unknown, as the JSON reader revives them).
 */
export function fresh(r: AzureResource): AzureResource {
  return reviveUnknowns(structuredClone(JSON.parse(JSON.stringify(r)) as unknown)) as AzureResource;
}
