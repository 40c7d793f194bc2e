/**
 * parseServiceTags on a service-tags file where every tag has a bad prefix (20,000 problems, each located
 * by line and column), against JSON.parse of the same text. Issue 13 §3: locating the problems was a
 * rescan from the start for each; now one index of line starts serves them all. Needs no ../shared.
 */
import { parseServiceTags } from '../src/net/service-tags.js';
import type { BenchResult } from './run.js';

function tagsText(n: number): string {
  const values = Array.from({ length: n }, (_, i) => ({
    name: `Tag${i}`,
    id: `Tag${i}`,
    properties: { changeNumber: 1, region: '', regionId: 0, platform: 'Azure', systemService: 'X', addressPrefixes: [`10.${i >> 8 & 255}.${i & 255}.0/24`, `10.${i >> 8 & 255}.${i & 255}.0/33`] },
  }));
  return JSON.stringify({ changeNumber: 1, cloud: 'AzureGovernment', values }, null, 2);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export async function run(): Promise<BenchResult> {
  const n = 20_000;
  const text = tagsText(n);
  const base: number[] = [];
  const subj: number[] = [];
  const ratios: number[] = [];
  let problems = 0;
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    JSON.parse(text);
    const t1 = performance.now();
    problems = parseServiceTags(text, 'tags.json').diagnostics.length;
    const t2 = performance.now();
    base.push(t1 - t0);
    subj.push(t2 - t1);
    ratios.push((t2 - t1) / (t1 - t0));
  }
  return {
    name: `service tags with ${problems} problems (${(text.length / 1e6).toFixed(1)} MB)`,
    lines: [
      `JSON.parse of the file (baseline):  ${median(base).toFixed(1)} ms`,
      `parseServiceTags, every problem located: ${median(subj).toFixed(1)} ms  (${median(ratios).toFixed(1)}x JSON.parse)`,
    ],
  };
}
