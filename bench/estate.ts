/**
 * A mixed synthetic estate for the end-to-end `check` benches: the resources of the default plan (IL5 as
 * il5ml builds it) and of Mission Landing Zone with every feature on (../shared/templates/missionlz/mlz.json:
 * hub and spokes, firewall, bastion, VMs, storage, key vaults, Log Analytics, Defender), copied into
 * distinct resource groups. Every third copy is weakened as estates drift (public network access on,
 * TLS 1.0, blob public access, purge protection off), so NonCompliant verdicts are a realistic share, not
 * zero. Deployments are left out (Resource Graph lists none), and subscription-level resources are kept
 * from the first copy only (their ids do not change between copies). Written in pieces: the 800,000-resource
 * text is larger than one JavaScript string.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { expandTemplate } from '../src/arm/template/index.js';
import { buildPlan } from '../src/emit/plan.js';
import { defaultSpec } from '../src/spec/load.js';

/** Every deploy* switch of mlz.json on, with the passwords those features require. */
export const MLZ_EVERYTHING = JSON.stringify({
  parameters: Object.fromEntries([
    ['identifier', { value: 'il5' }],
    ...['deployActiveDirectoryDomainServices', 'deployAzureGatewaySubnet', 'deployBastion', 'deployDefender', 'deployIdentity', 'deployLinuxVirtualMachine', 'deployNetworkWatcherTrafficAnalytics', 'deployPolicy', 'deploySentinel', 'deployWindowsVirtualMachine', 'enableProxy', 'hybridUseBenefit'].map((k) => [k, { value: true }]),
    ['emailSecurityContact', { value: 'secops@example.mil' }],
    ...['linuxVmAdminPasswordOrKey', 'windowsVmAdminPassword', 'addsSafeModeAdminPassword', 'addsAdministratorPassword'].map((k) => [k, { value: 'Example-Passw0rd!' }]),
  ]),
});

const WEAKEN: [RegExp, string][] = [
  [/"publicNetworkAccess":"Disabled"/g, '"publicNetworkAccess":"Enabled"'],
  [/"minimumTlsVersion":"TLS1_2"/g, '"minimumTlsVersion":"TLS1_0"'],
  [/"allowBlobPublicAccess":false/g, '"allowBlobPublicAccess":true'],
  [/"enablePurgeProtection":true/g, '"enablePurgeProtection":false'],
  [/"supportsHttpsTrafficOnly":true/g, '"supportsHttpsTrafficOnly":false'],
];

/** The seed resources as JSON texts: [resource-group scoped, subscription scoped]. */
export function seeds(mlzFile: string): { grouped: string[]; top: string[] } {
  const plan = buildPlan(defaultSpec());
  const fromPlan = expandTemplate({ text: plan.files().get('azuredeploy.json') ?? '', file: 'azuredeploy.json' }).resources;
  const fromMlz = expandTemplate({ text: readFileSync(mlzFile, 'utf8'), file: 'mlz.json', parametersText: MLZ_EVERYTHING }).resources;
  const grouped: string[] = [];
  const top: string[] = [];
  for (const r of [...fromPlan, ...fromMlz]) {
    if (r.type.toLowerCase() === 'microsoft.resources/deployments') continue;
    const { source: _source, ...rest } = r;
    (/\/resourceGroups\//i.test(r.id) ? grouped : top).push(JSON.stringify(rest));
  }
  return { grouped, top };
}

/** Copy i of a resource-group-scoped seed: its resource groups renamed, every third copy weakened. */
function copy(text: string, i: number): string {
  let t = text.replace(/\/resourceGroups\//gi, `/resourceGroups/c${i}-`);
  if (i % 3 === 1) for (const [re, to] of WEAKEN) t = t.replace(re, to);
  return t;
}

/** Writes an estate of `size` resources as a JSON array (one resource a line); returns its size in bytes. */
export function writeEstate(file: string, size: number, seed: { grouped: string[]; top: string[] }): number {
  const fd = openSync(file, 'w');
  let bytes = 0;
  const write = (s: string): void => {
    bytes += writeSync(fd, s);
  };
  try {
    write('[\n');
    let n = 0;
    const parts: string[] = [];
    const flush = (): void => {
      if (parts.length) write(parts.join(''));
      parts.length = 0;
    };
    for (const t of seed.top) {
      if (n >= size) break;
      parts.push(`${n ? ',\n' : ''}${t}`);
      n += 1;
    }
    for (let i = 0; n < size; i++) {
      for (const t of seed.grouped) {
        if (n >= size) break;
        parts.push(`${n ? ',\n' : ''}${copy(t, i)}`);
        n += 1;
      }
      if (parts.length > 2000) flush();
    }
    flush();
    write('\n]\n');
  } finally {
    closeSync(fd);
  }
  return bytes;
}
