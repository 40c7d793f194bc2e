import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where ../shared is: beside the checkout (CI lays it there), or IL5ML_SHARED. The conformance suite
 * fails, never skips, when it is missing.
 */
export const SHARED: string = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = process.env.IL5ML_SHARED ? resolve(process.env.IL5ML_SHARED) : resolve(here, '..', '..', '..', 'shared');
  if (!existsSync(join(dir, 'azure-policy'))) {
    throw new Error(`the conformance suite needs ../shared (looked in ${dir}); set IL5ML_SHARED to its path`);
  }
  return dir;
})();

export const sharedPath = (...parts: string[]): string => join(SHARED, ...parts);
