import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HELD_RESULTS } from '../../src/cli/verdicts.js';
import { runMain } from '../helpers/cli.js';

/**
 * Size-dependent crashes (issue 12): a spread of an unbounded array into call arguments
 * (`results.push(...x)`, `Math.max(...widths)`) throws "Maximum call stack size exceeded" past about
 * 100,000 elements. These inputs are past that on purpose.
 */
const VAULTS = 60_000; // the baseline gives 5 verdicts a vault: 300,000 results
const PREFIXES = 300_000;

let dir: string;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-scale-'));
  const vaults: string[] = [];
  for (let i = 0; i < VAULTS; i++) {
    vaults.push(
      JSON.stringify({ id: `/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg${i % 50}/providers/Microsoft.KeyVault/vaults/kv${i}`, type: 'Microsoft.KeyVault/vaults', name: `kv${i}`, location: 'usgovvirginia', properties: {} }),
    );
  }
  writeFileSync(join(dir, 'estate.json'), `[${vaults.join(',\n')}]`);
  // Every tag the default rules use, one of them with 300,000 prefixes that do not aggregate (every other /32).
  const prefixes: string[] = [];
  for (let i = 0; i < PREFIXES; i++) {
    const v = i * 2;
    prefixes.push(`10.${(v >> 16) & 255}.${(v >> 8) & 255}.${v & 255}/32`);
  }
  const names = ['AzureMachineLearning', 'AzureActiveDirectory', 'AzureMonitor', 'Storage', 'Storage.USGovVirginia', 'AzureKeyVault', 'AzureKeyVault.USGovVirginia', 'AzureContainerRegistry', 'AzureContainerRegistry.USGovVirginia', 'MicrosoftContainerRegistry', 'AzureFrontDoor.FirstParty', 'AzureFrontDoor.Frontend', 'AzureResourceManager', 'BatchNodeManagement', 'BatchNodeManagement.USGovVirginia'];
  const file = (big: readonly string[]): string =>
    JSON.stringify({
      changeNumber: 1,
      cloud: 'AzureGovernment',
      values: names.map((name) => ({ name, id: name, properties: { changeNumber: 1, region: '', platform: 'Azure', systemService: name, addressPrefixes: name === 'AzureMachineLearning' ? big : ['192.0.2.0/24'] } })),
    });
  writeFileSync(join(dir, 'tags-old.json'), file(prefixes));
  writeFileSync(join(dir, 'tags-new.json'), file(prefixes.filter((_, i) => i % 3 !== 0)));
});

describe('no size-dependent crash', () => {
  it('check: 300,000 baseline results, as JSON and as a table', async () => {
    const json = await runMain(['check', 'estate.json', '--format', 'json', '--out', 'report.json'], { cwd: dir });
    expect(json.stderr).toMatch(/^il5ml check: \d+ verdicts over 60000 resources [^\n]*\n$/);
    expect(json.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { results: unknown[]; summary: { total: number; byCompliance: { NonCompliant: number } } };
    // At least five rules give a verdict on every vault (more as the baseline grows).
    expect(report.results.length).toBeGreaterThanOrEqual(5 * VAULTS);
    expect(report.summary.total).toBe(report.results.length);
    const table = await runMain(['check', 'estate.json', '--out', 'report.txt'], { cwd: dir });
    expect(table.stderr).toMatch(/^il5ml check: \d+ verdicts [^\n]*\n$/);
    expect(table.code).toBe(1);
    expect(readFileSync(join(dir, 'report.txt'), 'utf8').includes(`${report.summary.total} verdicts over ${VAULTS} resources`)).toBe(true);
  }, 300_000);

  it('check: a format built in memory from every verdict ends with exit 2 past MAX_HELD_RESULTS, naming what to do, and writes nothing', async () => {
    const sarif = await runMain(['check', 'estate.json', '--format', 'sarif', '--out', 'report.sarif'], { cwd: dir });
    expect(sarif.stderr).toContain(`error IL5-REPORT-SIZE: this report (--format sarif) is built in memory from every verdict, and this check has more than ${MAX_HELD_RESULTS.toLocaleString('en-US')} of them`);
    expect(sarif.stderr).toContain('use --format json, table or md');
    expect(sarif.code).toBe(2);
    expect(existsSync(join(dir, 'report.sarif'))).toBe(false);
  }, 300_000);

  it('egress: a tag of 300,000 prefixes, as a table; egress diff of two such releases', async () => {
    const table = await runMain(['egress', '--service-tags', 'tags-old.json'], { cwd: dir });
    expect(table.stderr).toMatch(/^il5ml: spec <built-in default>[^\n]*\n$/);
    expect(table.code).toBe(0);
    // Booleans, not the text: a failure must not print a 10 MB table.
    expect(/AzureMachineLearning +10\.4\.147\.222\/32\n/.test(table.stdout)).toBe(true);
    const diff = await runMain(['egress', 'diff', 'tags-old.json', 'tags-new.json', '--format', 'table'], { cwd: dir });
    expect(diff.stderr).not.toMatch(/error/);
    expect(diff.code).toBe(0);
    expect(diff.stdout.split('\n').filter((l) => / removed /.test(l)).length).toBe(PREFIXES / 3);
  }, 300_000);
});
