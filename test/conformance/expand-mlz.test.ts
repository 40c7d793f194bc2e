import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/arm/template/index.js';
import type { ExpansionResult } from '../../src/arm/template/types.js';
import { expectGolden } from '../helpers/golden.js';
import { sharedPath } from './shared.js';

/**
 * The Mission Landing Zone (../shared/templates/missionlz, Azure/missionlz, MIT) expands with no error,
 * and every resource declaration in its source — nested inline templates included — is either expanded
 * or listed in `skipped` with a reason: none is dropped silently.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObj = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every resource declaration's JSON path, found by walking the file, independently of the engine. */
function declarations(template: Json, prefix = ''): string[] {
  const out: string[] = [];
  const walkResource = (r: Json, path: string): void => {
    if (!isObj(r)) return;
    out.push(path);
    const children = r.resources;
    if (Array.isArray(children)) children.forEach((c, i) => walkResource(c, `${path}.resources[${i}]`));
    const props = r.properties;
    if (typeof r.type === 'string' && r.type.toLowerCase() === 'microsoft.resources/deployments' && isObj(props) && isObj(props.template)) {
      out.push(...declarations(props.template, `${path}.properties.template.`));
    }
  };
  if (!isObj(template)) return out;
  const rs = template.resources;
  if (Array.isArray(rs)) rs.forEach((r, i) => walkResource(r, `${prefix}resources[${i}]`));
  else if (isObj(rs)) for (const [k, r] of Object.entries(rs)) walkResource(r, `${prefix}resources.${k}`);
  return out;
}

function summary(r: ExpansionResult, declared: number): string {
  const byType = new Map<string, number>();
  for (const x of r.resources) byType.set(x.type.toLowerCase(), (byType.get(x.type.toLowerCase()) ?? 0) + 1);
  const top = [...byType].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
  return `${JSON.stringify(
    {
      declarations: declared,
      resources: r.resources.length,
      existing: r.existing.length,
      skipped: r.skipped.length,
      warnings: r.diagnostics.filter((d) => d.severity === 'warning').length,
      topTypes: Object.fromEntries(top),
    },
    null,
    2,
  )}\n`;
}

const CASES = [
  {
    name: 'mlz',
    file: 'mlz.json',
    // identifier is MLZ's only parameter without a default: 1-5 alphanumerics naming every resource.
    parameters: { identifier: 'il5' },
  },
  {
    name: 'mlz-all-features',
    file: 'mlz.json',
    // Every deploy* switch on (identity tier, AD DS, bastion, jump boxes, Sentinel, Defender, policy…), with
    // the secure parameters those features require (minLength 12), so every nested template is exercised.
    parameters: {
      identifier: 'il5',
      deployActiveDirectoryDomainServices: true,
      deployAzureGatewaySubnet: true,
      deployBastion: true,
      deployDefender: true,
      deployIdentity: true,
      deployLinuxVirtualMachine: true,
      deployNetworkWatcherTrafficAnalytics: true,
      deployPolicy: true,
      deploySentinel: true,
      deployWindowsVirtualMachine: true,
      emailSecurityContact: 'secops@example.mil',
      enableProxy: true,
      hybridUseBenefit: true,
      linuxVmAdminPasswordOrKey: 'Example-Passw0rd!',
      windowsVmAdminPassword: 'Example-Passw0rd!',
      addsSafeModeAdminPassword: 'Example-Passw0rd!',
      addsAdministratorPassword: 'Example-Passw0rd!',
    },
  },
  {
    name: 'tier3-solution',
    file: 'tier3-solution.json',
    // The add-on's required parameters: the hub MLZ deployed (IDs as mlz.json's outputs name them) and switches.
    parameters: {
      identifier: 'ml',
      deployActivityLogDiagnosticSetting: true,
      deployDefender: true,
      deployPolicy: true,
      emailSecurityContact: 'secops@example.mil',
      firewallResourceId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/il5-dev-va-hub-rg-network/providers/Microsoft.Network/azureFirewalls/il5-dev-va-hub-afw',
      hubStorageAccountResourceId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/il5-dev-va-hub-rg-network/providers/Microsoft.Storage/storageAccounts/il5devvahubst',
      hubVirtualNetworkResourceId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/il5-dev-va-hub-rg-network/providers/Microsoft.Network/virtualNetworks/il5-dev-va-hub-vnet',
      logAnalyticsWorkspaceResourceId:
        '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/il5-dev-va-operations-rg-network/providers/Microsoft.OperationalInsights/workspaces/il5-dev-va-operations-log',
    },
  },
];

describe.each(CASES)('Mission Landing Zone: $file', ({ name, file, parameters }) => {
  const text = readFileSync(sharedPath('templates', 'missionlz', file), 'utf8');
  const result = expandTemplate({
    text,
    file,
    parametersText: JSON.stringify({ parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { value: v }])) }),
    parametersFile: `${name}.parameters.json`,
  });
  const declared = declarations(JSON.parse(text) as Json);

  it('expands with no error', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('reaches every resource declaration: each is expanded or skipped with a reason', () => {
    const reached = new Set<string>([
      ...result.resources.map((r) => String(r.declaration)),
      ...result.existing.map((r) => String(r.declaration)),
      ...result.skipped.map((s) => s.declaration),
    ]);
    expect(declared.filter((d) => !reached.has(d))).toEqual([]);
    expect([...reached].filter((d) => !declared.includes(d))).toEqual([]);
    for (const s of result.skipped) expect(s.reason).not.toBe('');
  });

  it('gives every resource a full ID, a type, a name and its source position', () => {
    for (const r of result.resources) {
      expect(r.id).toMatch(/^\/(subscriptions|providers)\//);
      // Resource groups are the one type whose ID has no provider segment: /subscriptions/x/resourceGroups/y.
      if (r.type.toLowerCase() !== 'microsoft.resources/resourcegroups') expect(r.id.toLowerCase()).toContain(`/providers/${r.type.split('/')[0]?.toLowerCase()}/`);
      expect(r.source?.file).toBe(file);
      expect(r.source?.line).toBeGreaterThan(0);
    }
  });

  it('is deterministic: a second expansion prints the same JSON', () => {
    const again = expandTemplate({
      text,
      file,
      parametersText: JSON.stringify({ parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { value: v }])) }),
      parametersFile: `${name}.parameters.json`,
    });
    expect(JSON.stringify(again)).toBe(JSON.stringify(result));
  });

  it('matches the golden counts and resource IDs', () => {
    expectGolden(`expand/${name}.counts.json`, summary(result, declared.length));
    expectGolden(`expand/${name}.ids.txt`, result.resources.map((r) => `${r.type} ${r.id}`).join('\n') + '\n');
  });
});
