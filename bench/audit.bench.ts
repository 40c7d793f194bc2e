/**
 * `il5ml audit` at estate scale: 20,000 and 100,000 resources (the default plan's resources as deployed,
 * copied across 500 resource groups) served by a local HTTPS server on 127.0.0.1 as Resource Graph serves
 * them (pages of 1,000 with $skipToken, test/helpers/arm-server.ts), against `il5ml check` of the file the
 * audit exported. Everything runs as built (node bin/il5ml.cjs and dist/, so `npm run build` first) with
 * the built-in baseline; the audit also reads the diagnostic settings of every key vault (IL5-KV-004).
 *
 * Reported for each size: wall times and the ratio audit / check; the peak resident set size (maxRSS) of
 * three processes: the whole audit, check of its export, and the audit's own part alone (scope, pages and
 * diagnostic settings to the spool, bench/probes/audit-read.mjs: what audit adds to check's reading). The
 * audit's own part holds one page at a time, so its peak should not grow with the estate; the whole audit's
 * peak is that of check's reading and judging of the spool. No packet leaves 127.0.0.1.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AzureResource } from '../src/core/resource.js';
import { estateOf, planEstate, SUB_A } from '../test/azure/estates.js';
import { BIN, REPO_ROOT } from '../test/helpers/cli.js';
import { fakeAz, runLive, startArmServer, type ArmServer } from '../test/helpers/arm-server.js';
import type { BenchResult } from './run.js';

const SIZES = [20_000, 100_000];
const GROUPS = 500;
const PROBE = join(REPO_ROOT, 'bench', 'probes', 'max-rss.cjs');
const READ_ONLY = join(REPO_ROOT, 'bench', 'probes', 'audit-read.mjs');

function estate(size: number): AzureResource[] {
  const seed = JSON.stringify(planEstate());
  const out: AzureResource[] = [];
  for (let i = 0; out.length < size; i++) {
    const copy = JSON.parse(seed.split('/resourceGroups/il5ml-rg').join(`/resourceGroups/il5ml-rg-${i % GROUPS}`).split('il5ml').join(`il5ml${i}`)) as AzureResource[];
    for (const r of copy) if (out.length < size) out.push(r);
  }
  return out;
}

const mib = (kib: number): string => `${Math.round(kib / 1024)} MiB`;

/** Runs one process under the maxRSS probe: its wall time (ms), peak RSS (KiB) and outcome. */
async function measured(server: ArmServer, dir: string, az: string, label: string, args: string[], script?: string) {
  const rssFile = join(dir, `${label}.rss`);
  const t0 = performance.now();
  const r = await runLive(args, server, { cwd: dir, azDir: az, env: { NODE_OPTIONS: `--require ${PROBE}`, IL5ML_BENCH_RSS: rssFile }, ...(script !== undefined ? { script } : {}) });
  const ms = performance.now() - t0;
  const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
  return { ...r, ms, rss };
}

async function one(size: number, server: ArmServer, az: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'il5ml-audit-bench-'));
  try {
    return await measuredSize(size, server, az, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measuredSize(size: number, server: ArmServer, az: string, dir: string): Promise<string[]> {
  server.estate = estateOf(estate(size));
  server.log.length = 0;
  const arm = ['--arm-endpoint', server.url, '--auth', 'cli'];
  const a = await measured(server, dir, az, 'audit', ['audit', '--subscription', SUB_A, '--format', 'json', '--out', 'audit.json', '--export', 'export.json', ...arm]);
  if (a.code !== 0 && a.code !== 1) return [`${size}: audit failed (exit ${a.code}): ${a.stderr.slice(0, 300)}`];
  const pages = server.log.filter((l) => l.path.startsWith('/providers/Microsoft.ResourceGraph')).length;
  const diagnostics = server.log.filter((l) => /diagnosticSettings/i.test(l.path)).length;
  const c = await measured(server, dir, az, 'check', ['check', 'export.json', '--format', 'json', '--out', 'check.json']);
  const own = await measured(server, dir, az, 'read', [server.url, SUB_A], READ_ONLY);
  const read = own.code === 0 ? (JSON.parse(own.stdout) as { resources: number }).resources : NaN;
  const same = readFileSync(join(dir, 'audit.json'), 'utf8') === readFileSync(join(dir, 'check.json'), 'utf8');
  const summary = (JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8')) as { summary: { total: number } }).summary;
  return [
    `${size.toLocaleString('en-US')} resources: ${pages} Resource Graph pages, ${diagnostics} diagnostic-settings reads`,
    `  audit ${(a.ms / 1000).toFixed(1)} s (exit ${a.code}), check of the export ${(c.ms / 1000).toFixed(1)} s (exit ${c.code}): ratio audit / check ${(a.ms / c.ms).toFixed(2)}`,
    `  audit's own part alone (scope, pages and diagnostic settings read to the spool, ${read} resources${own.code === 0 ? '' : `, exit ${own.code}`}): ${(own.ms / 1000).toFixed(1)} s`,
    `  peak RSS: whole audit ${mib(a.rss)}, check of the export ${mib(c.rss)}, audit's own part ${mib(own.rss)}`,
    `  ${summary.total} verdicts; audit and check reports identical: ${same ? 'yes' : 'NO'}`,
  ];
}

export async function run(): Promise<BenchResult> {
  const name = "audit through Resource Graph pages on 127.0.0.1 vs check of its export: time and peak memory at two estate sizes (the audit's own part should be flat)";
  if (!existsSync(BIN.replace(/bin[\\/]il5ml\.js$/, join('dist', 'cli', 'main.js')))) return { name, lines: ['skipped: run `npm run build` first'] };
  const server = await startArmServer();
  server.pageSize = 1000;
  const az = fakeAz();
  const lines: string[] = [];
  try {
    for (const size of SIZES) lines.push(...(await one(size, server, az)));
  } finally {
    await server.close();
    rmSync(az, { recursive: true, force: true });
  }
  return { name, lines };
}
