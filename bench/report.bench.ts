/**
 * The report formats at estate scale: a synthetic report of 100,000 verdicts (20 definitions and rules
 * over 5,000 resources, every verdict kind, with template lines, groups under NIST controls and a
 * mirrored baseline rule), formatted in every format, each as a ratio to `--format json` of the same
 * report measured in the same run. Needs nothing outside the clone.
 */
import { summarize, type CheckResult, type Compliance } from '../src/core/verdict.js';
import { formatReport, REPORT_FORMATS, type ReportOptions } from '../src/report/index.js';
import type { BenchResult } from './run.js';

const RESOURCES = 5_000;
const RULES = 20;
const VERDICTS: Compliance[] = ['Compliant', 'Compliant', 'Compliant', 'NonCompliant', 'Unknown', 'NotApplicable', 'Exempt'];
const GROUPS = ['DoD_IL5_R4_SC-7', 'DoD_IL5_R4_AC-4', 'DoD_IL5_R4_AU-12', 'DoD_IL5_R4_SC-28(1)', 'DoD_IL5_R4_CM-6'];

function report(): { results: CheckResult[] } {
  const results: CheckResult[] = [];
  for (let i = 0; i < RESOURCES; i++) {
    const resourceId = `/subscriptions/s/resourceGroups/rg-${i % 50}/providers/Microsoft.KeyVault/vaults/kv${i}`;
    for (let j = 0; j < RULES; j++) {
      const compliance = VERDICTS[(i + j) % VERDICTS.length] ?? 'Compliant';
      const guid = `00000000-0000-0000-0000-${String(j).padStart(12, '0')}`;
      results.push({
        policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${guid}`,
        ...(j === 0 ? { ruleId: 'IL5-KV-001', severity: 'high' as const, remediation: 'Set enablePurgeProtection.' } : {}),
        policySetDefinitionId: '/providers/Microsoft.Authorization/policySetDefinitions/f9a961fa-3241-4b20-adc4-bbf8ad9d7197',
        resourceId,
        resourceType: 'Microsoft.KeyVault/vaults',
        compliance,
        effect: j % 5 === 0 ? 'deny' : 'audit',
        reason: `field 'properties.x${j}' is false`,
        source: { file: 'out/azuredeploy.json', line: 100 + i, column: 5 },
        groups: [GROUPS[j % GROUPS.length] ?? 'DoD_IL5_R4_SC-7'],
        ...(compliance === 'Exempt' ? { exemption: { justification: 'waived', expiresOn: '2027-01-01' } } : {}),
      });
    }
  }
  return { results };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function run(): Promise<BenchResult> {
  const { results } = report();
  const r = { results, summary: summarize(results) };
  const options: ReportOptions = {
    toolVersion: '0.0.0',
    context: { date: '2026-12-06T00:00:00Z', inputs: [{ file: 'out/azuredeploy.json', sha256: '0'.repeat(64) }] },
    fallbackSource: { file: 'out/azuredeploy.json', line: 1, column: 1 },
  };
  const runs = 3;
  const times = new Map<string, number>();
  const sizes = new Map<string, number>();
  for (const f of ['json', ...REPORT_FORMATS.filter((x) => x !== 'json')] as const) {
    const t: number[] = [];
    for (let i = 0; i < runs; i++) {
      const a = performance.now();
      const text = formatReport(r, f, options);
      t.push(performance.now() - a);
      sizes.set(f, text.length);
    }
    times.set(f, median(t));
  }
  const base = times.get('json') ?? 1;
  return {
    name: `report formats (${results.length.toLocaleString('en-US')} verdicts)`,
    lines: [...times].map(([f, ms]) => `${f.padEnd(6)} ${ms.toFixed(0).padStart(6)} ms  ${((sizes.get(f) ?? 0) / 1e6).toFixed(1).padStart(6)} MB  ${(ms / base).toFixed(2)}× json`),
  };
}
