import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../core/store/types.js';
import { fileStore } from './file-store.js';
import { forgetTemporary, removeOnExit } from './spool.js';

/** Pages of the comparison's store kept in memory: the rest waits in its temporary file. */
const BUDGET = 4 * 1024 * 1024;
const PAGE = 4096;

/**
 * `audit --compare-azure`: runs `use` with a file store (src/cli/file-store.ts) in a temporary folder of its
 * own, removed afterwards whatever happens (and at exit or on a signal, as the other spools are), so that
 * what the comparison keeps of every verdict (src/azure/policy-states.ts StateComparison) is on disk past a
 * fixed budget, not in memory (issue 10).
 */
export async function comparisonStore<T>(use: (store: Store) => Promise<T>, parent: string = tmpdir()): Promise<T> {
  const dir = mkdtempSync(join(parent, 'il5ml-compare-'));
  removeOnExit(dir);
  try {
    const store = fileStore(dir, { budgetBytes: BUDGET, pageBytes: PAGE });
    try {
      return await use(store);
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    forgetTemporary(dir);
  }
}
