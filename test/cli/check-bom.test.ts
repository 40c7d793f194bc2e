import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { defLogs, defPurge, set, SUB } from '../helpers/test-initiative.js';

// Every JSON file `il5ml check` reads may start with a byte-order mark: Windows PowerShell writes one with
// every Unicode encoding ("In Windows PowerShell, any Unicode encoding, except UTF7, always creates a BOM",
// about_Character_Encoding, https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_character_encoding,
// read 2026-12-07): `az policy definition show ... > def.json` in Windows PowerShell 5.1 gives UTF-16LE with
// one, `Set-Content -Encoding UTF8` UTF-8 with one. Resource lists and the spec were read; a template, a policy
// definition or set, an assignment, an alias listing, JSON exemptions and --policy-params were refused as
// "not valid JSON: InvalidSymbol" at 1:1 (or "Unexpected token '\uFEFF'").

const RG = SUB.replace(/\/providers$/, '');
const TYPE = 'Contoso.Data/stores';
const FILES: Record<string, unknown> = {
  'policies/set.json': set,
  'policies/purge.json': defPurge,
  'policies/logs.json': defLogs,
  't.json': {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { purge: { type: 'bool', defaultValue: true } },
    resources: [
      { type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name: 'kv1', location: 'usgovvirginia', properties: { enablePurgeProtection: "[parameters('purge')]", tenantId: '00000000-0000-0000-0000-000000000000', sku: { family: 'A', name: 'standard' } } },
      { type: TYPE, apiVersion: '2023-08-01', name: 'store1', location: 'usgovvirginia', sku: { tier: 'Premium' } },
    ],
  },
  't.parameters.json': { parameters: { purge: { value: false } } },
  'pp.json': { purgeEffect: 'Audit' },
  'exemptions.json': { exemptions: [{ policyDefinitionId: defLogs.id, justification: 'logs go to the hub workspace (ticket 42)' }] },
  'assignment.json': { id: `${RG}/providers/Microsoft.Authorization/policyAssignments/il5`, name: 'il5', type: 'Microsoft.Authorization/policyAssignments', scope: RG, policyDefinitionId: set.id, notScopes: [], parameters: {} },
  'aliases.json': { namespace: 'Contoso.Data', resourceTypes: [{ resourceType: 'stores', aliases: [{ name: `${TYPE}/tier`, defaultPath: 'sku.tier', paths: [{ path: 'sku.tier', apiVersions: ['2023-08-01'] }] }] }] },
};

const ENCODINGS: Record<string, (text: string) => Buffer> = {
  plain: (t) => Buffer.from(t),
  'utf8-bom': (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]),
  'utf16le-bom': (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-check-bom-'));
  for (const enc of Object.keys(ENCODINGS)) {
    mkdirSync(join(dir, enc, 'policies'), { recursive: true });
    for (const [name, doc] of Object.entries(FILES)) writeFileSync(join(dir, enc, name), ENCODINGS[enc]?.(JSON.stringify(doc, null, 2)) ?? '');
  }
});

const COMMON = ['t.json', '--parameters', 't.parameters.json', '--subscription-id', '11111111-1111-1111-1111-111111111111', '--resource-group', 'rg1', '--policy', 'policies', '--exemptions', 'exemptions.json', '--aliases', 'aliases.json', '--format', 'json'];
// --policy-params and --assignment both give parameter values: one run each.
const RUNS = [
  [...COMMON, '--policy-params', 'pp.json'],
  [...COMMON, '--assignment', 'assignment.json'],
];

const verdicts = (stdout: string): unknown => (JSON.parse(stdout) as { results: unknown; summary: unknown });

describe('check: JSON inputs saved with a byte-order mark', () => {
  it.each(['utf8-bom', 'utf16le-bom'])('%s: template, parameters, definitions, set, --policy-params, --exemptions, --assignment, --aliases read as without it', async (enc) => {
    for (const args of RUNS) {
      const plain = await runMain(['check', ...args], { cwd: join(dir, 'plain') });
      expect(plain.stderr).not.toMatch(/error/);
      // What the plain files give: the vault's purge protection off (NonCompliant), its logs exempt.
      const doc = verdicts(plain.stdout) as { summary: { byCompliance: Record<string, number> } };
      expect(doc.summary.byCompliance.Exempt).toBe(1);
      expect(doc.summary.byCompliance.NonCompliant).toBeGreaterThan(0);
      const r = await runMain(['check', ...args], { cwd: join(dir, enc) });
      expect(r.stderr).not.toMatch(/error|InvalidSymbol|Unexpected token/);
      expect(r.code).toBe(plain.code);
      expect(verdicts(r.stdout)).toEqual(verdicts(plain.stdout));
    }
  });

  it('an error after the mark is at the same line and column as without it', async () => {
    const broken = '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": [ , ]\n}\n';
    writeFileSync(join(dir, 'plain', 'broken.json'), broken);
    writeFileSync(join(dir, 'utf8-bom', 'broken.json'), `\uFEFF${broken}`);
    const a = await runMain(['check', 'broken.json'], { cwd: join(dir, 'plain') });
    const b = await runMain(['check', 'broken.json'], { cwd: join(dir, 'utf8-bom') });
    expect(a.code).toBe(2);
    expect(b.code).toBe(2);
    expect(a.stderr).toMatch(/^broken\.json:3:\d+: error/m);
    expect(b.stderr).toBe(a.stderr);
  });
});
