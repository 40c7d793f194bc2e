import { armGuid } from './hash.js';

/**
 * A deterministic newGuid() source for EvalContext.newGuid: the n-th call returns
 * guid(seed, 'newGuid', n) in ARM's namespace, so the same seed gives the same sequence on every run.
 * Azure's own newGuid() is random (System.Guid.NewGuid, per the reference); this stands in only where a
 * caller explicitly asks for repeatable output.
 */
export function seededGuids(seed: string): () => string {
  let n = 0;
  return () => armGuid([seed, 'newGuid', String(n++)]);
}
