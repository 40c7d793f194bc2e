/**
 * `npm run bench`: runs every bench/*.bench.ts and prints each result as a ratio to a baseline measured
 * in the same run (e.g. JSON.parse of the same input), never as a pass/fail on wall time.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchResult {
  name: string;
  /** Lines to print: figures with units and the ratio to the baseline. */
  lines: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || f.includes(only))
  .sort();
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { run: () => Promise<BenchResult> };
  const r = await mod.run();
  console.log(`== ${r.name}`);
  for (const l of r.lines) console.log(`   ${l}`);
}
