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

function once(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * Baseline and subject alternate run by run, and the ratio is the median of per-run ratios: on a shared
 * machine a burst of load then hits both sides of a ratio, not one.
 */
function paired(baseline: () => void, subject: () => void, runs: number): { base: number; subj: number; ratio: number } {
  for (let i = 0; i < 3; i++) {
    baseline();
    subject();
  }
  const b: number[] = [];
  const s: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < runs; i++) {
    const tb = once(baseline);
    const ts = once(subject);
    b.push(tb);
    s.push(ts);
    r.push(ts / tb);
  }
  return { base: median(b), subj: median(s), ratio: median(r) };
}

export async function run(): Promise<BenchResult> {
  if (!existsSync(FILE)) return { name: 'egress --service-tags', lines: [`skipped: ${FILE} not found (set IL5ML_SHARED)`] };
  const text = readFileSync(FILE, 'utf8');
  const spec = defaultSpec();
  const runs = 40;
  const base = (): void => void JSON.parse(text);
  const core = paired(
    base,
    () => {
      const parsed = parseServiceTags(text, FILE);
      if (!parsed.value) throw new Error('parse failed');
      rulePrefixes(egressRules(spec), parsed.value);
    },
    runs,
  );
  const all = parseServiceTags(text, FILE).value?.tags ?? new Map();
  const everyTag = paired(
    base,
    () => {
      for (const t of all.values()) aggregateStrings(t.addressPrefixes);
    },
    20,
  );
  // The whole command in-process, file read and JSON output included (async, so timed separately).
  const sink = { stdout: (): void => undefined, stderr: (): void => undefined, cwd: process.cwd(), env: {}, isTTY: false };
  const cliRatios: number[] = [];
  const cliTimes: number[] = [];
  for (let i = 0; i < 20; i++) {
    const tb = once(base);
    const t0 = performance.now();
    await main(['node', 'il5ml', 'egress', '--service-tags', FILE, '--format', 'json'], sink);
    const tc = performance.now() - t0;
    cliTimes.push(tc);
    cliRatios.push(tc / tb);
  }
  return {
    name: 'egress --service-tags (ServiceTags_AzureGovernment_20260720.json)',
    lines: [
      `JSON.parse of the file (baseline):     ${core.base.toFixed(2)} ms`,
      `parse + rules + aggregate used tags:    ${core.subj.toFixed(2)} ms  (${core.ratio.toFixed(1)}x JSON.parse)`,
      `aggregate every one of ${all.size} tags:      ${everyTag.subj.toFixed(2)} ms  (${everyTag.ratio.toFixed(1)}x JSON.parse)`,
      `whole command in-process (read, json):  ${median(cliTimes).toFixed(2)} ms  (${median(cliRatios).toFixed(1)}x JSON.parse)`,
    ],
  };
}
