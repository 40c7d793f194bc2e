/**
 * `il5ml audit` at estate scale: 100,000 resources (the default plan's resources as deployed, copied across
 * 500 resource groups) served by a local HTTPS server on 127.0.0.1 as Resource Graph serves them (pages of
 * 1,000 with $skipToken, test/helpers/arm-server.ts), against `il5ml check` of the file the audit exported.
 * Both run as the installed command (node bin/il5ml.js, so `npm run build` first) with the built-in
 * baseline; the audit also reads the diagnostic settings of every key vault (IL5-KV-004 needs them).
 * Reported: each wall time and the ratio audit / check. No packet leaves 127.0.0.1.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AzureResource } from '../src/core/resource.js';
import { estateOf, planEstate, SUB_A } from '../test/azure/estates.js';
import { BIN } from '../test/helpers/cli.js';
import { fakeAz, runLive, startArmServer } from '../test/helpers/arm-server.js';
import type { BenchResult } from './run.js';

const SIZE = 100_000;
const GROUPS = 500;

function estate(): AzureResource[] {
  const seed = JSON.stringify(planEstate());
  const out: AzureResource[] = [];
  for (let i = 0; out.length < SIZE; i++) {
    const copy = JSON.parse(seed.split('/resourceGroups/il5ml-rg').join(`/resourceGroups/il5ml-rg-${i % GROUPS}`).split('il5ml').join(`il5ml${i}`)) as AzureResource[];
    for (const r of copy) if (out.length < SIZE) out.push(r);
  }
  return out;
}

export async function run(): Promise<BenchResult> {
  const name = 'audit (100,000 resources through Resource Graph pages on 127.0.0.1) vs check of its export';
  if (!existsSync(BIN.replace(/bin[\\/]il5ml\.js$/, join('dist', 'cli', 'main.js')))) return { name, lines: ['skipped: run `npm run build` first'] };
  const resources = estate();
  const e = estateOf(resources);
  const server = await startArmServer(e);
  server.pageSize = 1000;
  const dir = mkdtempSync(join(tmpdir(), 'il5ml-audit-bench-'));
  const az = fakeAz();
  try {
    const t0 = performance.now();
    const a = await runLive(['audit', '--subscription', SUB_A, '--format', 'json', '--out', 'audit.json', '--export', 'export.json', '--arm-endpoint', server.url, '--auth', 'cli'], server, { cwd: dir, azDir: az, env: { IL5ML_DEBUG: '1' } });
    const auditMs = performance.now() - t0;
    if (a.code !== 0 && a.code !== 1) return { name, lines: [`audit failed (exit ${a.code}): ${a.stderr.slice(0, 300)}`] };
    const pages = server.log.filter((l) => l.path.startsWith('/providers/Microsoft.ResourceGraph')).length;
    const diagnostics = server.log.filter((l) => /diagnosticSettings/i.test(l.path)).length;
    const t1 = performance.now();
    const c = await runLive(['check', 'export.json', '--format', 'json', '--out', 'check.json'], server, { cwd: dir, azDir: az });
    const checkMs = performance.now() - t1;
    const same = readFileSync(join(dir, 'audit.json'), 'utf8') === readFileSync(join(dir, 'check.json'), 'utf8');
    const summary = (JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8')) as { summary: { total: number } }).summary;
    return {
      name,
      lines: [
        `audit: ${(auditMs / 1000).toFixed(1)} s (${pages} Resource Graph pages, ${diagnostics} diagnostic-settings reads, exit ${a.code})`,
        `check of the export: ${(checkMs / 1000).toFixed(1)} s (exit ${c.code})`,
        `ratio audit / check: ${(auditMs / checkMs).toFixed(2)}`,
        `${summary.total} verdicts; audit and check reports identical: ${same ? 'yes' : 'NO'}`,
      ],
    };
  } finally {
    await server.close();
  }
}
