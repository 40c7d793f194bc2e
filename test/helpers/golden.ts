import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const GOLDEN_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'golden');

/**
 * Compares generated text with test/golden/<rel>. `npm run golden:update` (UPDATE_GOLDEN=1) rewrites
 * the files; review the diff, then commit. A missing golden file is a failure, not a silent pass.
 */
export function expectGolden(rel: string, actual: string): void {
  const file = join(GOLDEN_ROOT, rel);
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual, 'utf8');
    return;
  }
  if (!existsSync(file)) {
    throw new Error(`golden file test/golden/${rel} is missing: run \`npm run golden:update\`, review it, commit it`);
  }
  expect(actual, `differs from test/golden/${rel}; if the change is intended run \`npm run golden:update\``).toBe(
    readFileSync(file, 'utf8'),
  );
}
