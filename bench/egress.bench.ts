/**
 * `il5ml egress --service-tags` on the 2026 Government service tags file: parse + rules + aggregation of
 * every used tag, as the command runs it, against JSON.parse of the same text (the floor any reader pays).
 * Needs ../shared (IL5ML_SHARED or beside the checkout).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aggregateStrings } from '../src/net/cidr.js';
import { egressRules, rulePrefixes } from '../src/net/egress-rules.js';
import { parseServiceTags } from '../src/net/service-tags.js';
import { defaultSpec } from '../src/spec/load.js';
import { main } from '../src/cli/main.js';
import type { BenchResult } from './run.js';

const here = dirname(fileURLToPath(import.meta.url));
const shared = process.env.IL5ML_SHARED ? resolve(process.env.IL5ML_SHARED) : resolve(here, '..', '..', 'shared');
const FILE = join(shared, 'service-tags', 'ServiceTags_AzureGovernment_20260720.json');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function time(fn: () => void, runs: number): number {
  for (let i = 0; i < 3; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

export async function run(): Promise<BenchResult> {
  if (!existsSync(FILE)) return { name: 'egress --service-tags', lines: [`skipped: ${FILE} not found (set IL5ML_SHARED)`] };
  const text = readFileSync(FILE, 'utf8');
  const spec = defaultSpec();
  const runs = 30;
  const baseline = time(() => JSON.parse(text), runs);
  const core = time(() => {
    const parsed = parseServiceTags(text, FILE);
    if (!parsed.value) throw new Error('parse failed');
    rulePrefixes(egressRules(spec), parsed.value);
  }, runs);
  const all = (() => {
    const parsed = parseServiceTags(text, FILE).value;
    return parsed ? [...parsed.tags.values()] : [];
  })();
  const everyTag = time(() => {
    for (const t of all) aggregateStrings(t.addressPrefixes);
  }, 10);
  // The whole command in-process, file read and JSON output included.
  const sink = { stdout: (): void => undefined, stderr: (): void => undefined, cwd: process.cwd(), env: {}, isTTY: false };
  const cli: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    await main(['node', 'il5ml', 'egress', '--service-tags', FILE, '--format', 'json'], sink);
    cli.push(performance.now() - t0);
  }
  const cliMs = median(cli);
  return {
    name: 'egress --service-tags (ServiceTags_AzureGovernment_20260720.json)',
    lines: [
      `JSON.parse baseline:                 ${baseline.toFixed(2)} ms`,
      `parse + rules + aggregate used tags: ${core.toFixed(2)} ms  (${(core / baseline).toFixed(2)}x JSON.parse)`,
      `aggregate all ${all.length} tags of the file:   ${everyTag.toFixed(2)} ms  (${(everyTag / baseline).toFixed(2)}x JSON.parse)`,
      `whole command in-process (read, json): ${cliMs.toFixed(2)} ms  (${(cliMs / baseline).toFixed(2)}x JSON.parse)`,
    ],
  };
}
