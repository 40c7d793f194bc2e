/**
 * `il5ml expand` on the Mission Landing Zone (../shared/templates/missionlz/mlz.json, 727 KB, 66 nested
 * deployments): expansion time as a ratio to JSON.parse of the same text, measured in the same run.
 * Needs ../shared (IL5ML_SHARED or beside the checkout); skipped with a message otherwise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandTemplate } from '../src/arm/template/index.js';
import type { BenchResult } from './run.js';

const here = dirname(fileURLToPath(import.meta.url));
const shared = process.env.IL5ML_SHARED ? resolve(process.env.IL5ML_SHARED) : resolve(here, '..', '..', 'shared');
const FILE = join(shared, 'templates', 'missionlz', 'mlz.json');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function time(fn: () => void, runs: number): number {
  for (let i = 0; i < 2; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

export async function run(): Promise<BenchResult> {
  const name = 'expand mlz.json';
  if (!existsSync(FILE)) return { name, lines: [`skipped: ${FILE} not found (set IL5ML_SHARED)`] };
  const text = readFileSync(FILE, 'utf8');
  const defaults = JSON.stringify({ parameters: { identifier: { value: 'il5' } } });
  const runs = 15;
  const baseline = time(() => JSON.parse(text), runs);
  let resources = 0;
  const expand = time(() => {
    const r = expandTemplate({ text, file: 'mlz.json', parametersText: defaults });
    if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error('mlz.json expanded with errors');
    resources = r.resources.length;
  }, runs);
  // Every deploy* switch on, with the passwords those features require: 131 nested deployments run.
  const everything = JSON.stringify({
    parameters: Object.fromEntries([
      ['identifier', { value: 'il5' }],
      ...['deployActiveDirectoryDomainServices', 'deployAzureGatewaySubnet', 'deployBastion', 'deployDefender', 'deployIdentity', 'deployLinuxVirtualMachine', 'deployNetworkWatcherTrafficAnalytics', 'deployPolicy', 'deploySentinel', 'deployWindowsVirtualMachine', 'enableProxy', 'hybridUseBenefit'].map((k) => [k, { value: true }]),
      ['emailSecurityContact', { value: 'secops@example.mil' }],
      ...['linuxVmAdminPasswordOrKey', 'windowsVmAdminPassword', 'addsSafeModeAdminPassword', 'addsAdministratorPassword'].map((k) => [k, { value: 'Example-Passw0rd!' }]),
    ]),
  });
  let all = 0;
  const expandAll = time(() => {
    const r = expandTemplate({ text, file: 'mlz.json', parametersText: everything });
    if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error('mlz.json (all features) expanded with errors');
    all = r.resources.length;
  }, runs);
  return {
    name,
    lines: [
      `JSON.parse of ${(text.length / 1024).toFixed(0)} KB: ${baseline.toFixed(2)} ms (median of ${runs})`,
      `expandTemplate (defaults, ${resources} resources): ${expand.toFixed(1)} ms (median of ${runs})`,
      `ratio: ${(expand / baseline).toFixed(1)}x JSON.parse`,
      `expandTemplate (every feature on, ${all} resources): ${expandAll.toFixed(1)} ms, ratio ${(expandAll / baseline).toFixed(1)}x JSON.parse`,
    ],
  };
}
