/**
 * The resources a check's lookups keep between its two reads (issue 10: memory that does not grow with the
 * estate). A kept resource is a record number, 0, 1, 2… in the order kept; the passes' indexes hold those
 * numbers (src/core/store/), and `get` gives the resource back when a lookup returns it. `memoryKept()`
 * holds the objects themselves (the library, an input read whole); the CLI's kept spool
 * (src/cli/kept-spool.ts) writes each to a temporary file and gives back a stand-in that reads as it,
 * holding nothing per record in memory but what its store pages in.
 */
import type { AzureResource } from './resource.js';

export interface KeptResources {
  /**
   * Keeps `r` and returns its record. Keeping the object kept last again returns the same record: every
   * pass that keeps the resource in pass 1 shares one record (runPasses, BaselinePass).
   */
  keep(r: AzureResource): number;
  /**
   * The resource of a record: the object kept, or a stand-in that reads as it (read-only). Two calls may
   * give two stand-ins of the same record: compare records, not objects.
   */
  get(record: number): AzureResource;
  /** Pass 2's fresh read of a kept resource: what its stand-ins read while it is judged (none kept in memory). */
  warm?(record: number, fresh: AzureResource): void;
  readonly size: number;
}

/** The objects themselves, in an array. */
export function memoryKept(): KeptResources {
  const all: AzureResource[] = [];
  let last: AzureResource | undefined;
  return {
    keep(r) {
      if (r !== last) {
        all.push(r);
        last = r;
      }
      return all.length - 1;
    },
    get(record) {
      const r = all[record];
      if (r === undefined) throw new Error(`internal: no kept resource ${record}`);
      return r;
    },
    get size() {
      return all.length;
    },
  };
}
