/**
 * `npm run hostile`: the whole campaign of issue 13 (test/hostile/cases.ts) against the built CLI.
 *   npm run hostile                      every case, two at a time
 *   npm run hostile -- --filter yaml/    only ids containing the text (repeatable)
 *   npm run hostile -- --class secrets   only one class (repeatable; with --filter, either)
 *   npm run hostile -- --sample          the sample `npm test` runs
 *   npm run hostile -- --keep --jobs 1   keep each case's folder (printed) for a replay by hand
 *   npm run hostile -- --list            print the ids, run nothing
 * Prints each failing case as it ends, then the counts per class; writes il5ml-hostile-report.json (in the
 * temporary folder) with every outcome; exit 1 when any case failed.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allCases } from './cases.js';
import { DEFAULT_BOUNDS, runCases, type Outcome } from './runner.js';

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(name);
const values = (name: string): string[] => argv.flatMap((a, i) => (a === name && argv[i + 1] !== undefined ? [argv[i + 1] as string] : []));

let cases = allCases();
const filters = values('--filter');
const classes = values('--class');
if (filters.length || classes.length) cases = cases.filter((c) => filters.some((f) => c.id.includes(f)) || classes.includes(c.cls));
if (flag('--sample')) cases = cases.filter((c) => c.sample);
if (flag('--list')) {
  for (const c of cases) process.stdout.write(`${c.cls}\t${c.id}\n`);
  process.exit(0);
}
const jobs = Number(values('--jobs')[0] ?? 2);
const timeoutMs = Number(values('--timeout')[0] ?? DEFAULT_BOUNDS.timeoutMs / 1000) * 1000;

const t0 = Date.now();
let done = 0;
process.stderr.write(`hostile: ${cases.length} cases, ${jobs} at a time, ${timeoutMs / 1000} s and ${DEFAULT_BOUNDS.addressSpace / 1024 ** 3} GiB of address space each\n`);
const outcomes = await runCases(cases, {
  concurrency: jobs,
  bounds: { ...DEFAULT_BOUNDS, timeoutMs },
  keep: flag('--keep'),
  onDone: (o: Outcome) => {
    done++;
    if (o.failures.length) process.stderr.write(`FAIL [${o.cls}] ${o.id} (exit ${o.code}, ${o.ms} ms): ${o.failures.join('; ')}\n  ${JSON.stringify(o.stderrHead.slice(0, 300))}\n`);
    else if (done % 25 === 0) process.stderr.write(`hostile: ${done}/${cases.length} (${Math.round((Date.now() - t0) / 1000)} s)\n`);
  },
});

const byClass = new Map<string, { cases: number; failed: number }>();
for (const o of outcomes) {
  const e = byClass.get(o.cls) ?? { cases: 0, failed: 0 };
  e.cases++;
  if (o.failures.length) e.failed++;
  byClass.set(o.cls, e);
}
const failed = outcomes.filter((o) => o.failures.length);
const slowest = [...outcomes].sort((a, b) => b.ms - a.ms).slice(0, 5);
const rss = outcomes.filter((o) => o.maxRssKiB !== undefined).sort((a, b) => (b.maxRssKiB ?? 0) - (a.maxRssKiB ?? 0)).slice(0, 5);
process.stdout.write(`\nclass            cases  failed\n`);
for (const [cls, e] of [...byClass].sort()) process.stdout.write(`${cls.padEnd(16)} ${String(e.cases).padStart(5)}  ${String(e.failed).padStart(6)}\n`);
process.stdout.write(`${'total'.padEnd(16)} ${String(outcomes.length).padStart(5)}  ${String(failed.length).padStart(6)}\n`);
process.stdout.write(`\nslowest: ${slowest.map((o) => `${o.id} ${o.ms} ms`).join(', ')}\n`);
process.stdout.write(`largest resident set: ${rss.map((o) => `${o.id} ${Math.round((o.maxRssKiB ?? 0) / 1024)} MiB`).join(', ')}\n`);
process.stdout.write(`wall clock: ${Math.round((Date.now() - t0) / 1000)} s\n`);
const report = join(tmpdir(), 'il5ml-hostile-report.json');
writeFileSync(report, JSON.stringify({ cases: outcomes.length, failed: failed.length, outcomes }, null, 2));
process.stdout.write(`every outcome: ${report}\n`);
process.exitCode = failed.length ? 1 : 0;
