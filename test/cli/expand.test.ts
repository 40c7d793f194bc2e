import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin, runMain } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';

const FIX = 'test/arm/template/fixtures';

describe('il5ml expand', () => {
  // Golden expansions of small representative templates, as a user types the command.
  it.each([
    { name: 'keyvault-rg', args: [`${FIX}/keyvault-rg.jsonc`, '--parameters', `${FIX}/keyvault-rg.parameters.json`] },
    { name: 'subscription-nested', args: [`${FIX}/subscription-nested.json`] },
    { name: 'bicep-v2', args: [`${FIX}/bicep-v2.json`] },
    { name: 'linked', args: [`${FIX}/linked/main.json`] },
  ])('expands $name to the golden JSON', async ({ name, args }) => {
    const r = await runMain(['expand', ...args]);
    expect(r.code, r.stderr).toBe(0);
    expectGolden(`expand/${name}.json`, r.stdout);
  });

  it('prints a table with the skipped declarations and their reasons', async () => {
    const r = await runMain(['expand', `${FIX}/keyvault-rg.jsonc`, '--parameters', `${FIX}/keyvault-rg.parameters.json`, '--format', 'table']);
    expect(r.code).toBe(0);
    expectGolden('expand/keyvault-rg.table.txt', r.stdout);
  });

  it('applies the context flags', async () => {
    const r = await runMain([
      'expand',
      `${FIX}/keyvault-rg.jsonc`,
      '--parameters',
      `${FIX}/keyvault-rg.parameters.json`,
      '--subscription-id',
      '11111111-2222-3333-4444-555555555555',
      '--resource-group',
      'ml-prod',
      '--location',
      'usgovarizona',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { resources: { id: string; location?: string }[] };
    expect(doc.resources[0]).toMatchObject({
      id: '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/ml-prod/providers/Microsoft.Network/virtualNetworks/il5-vnet',
      location: 'usgovarizona',
    });
  });

  // Resource group names are Unicode letters and digits (Char.IsLetterOrDigit), _ - . ( ), 1-90, not ending in a
  // period (learn.microsoft.com/azure/templates/microsoft.resources/resourcegroups, read 2026-12-08): before,
  // `rg-München` was refused (ASCII only).
  it('--resource-group takes a name with Unicode letters, and refuses one ending in a period, naming why', async () => {
    const ok = await runMain(['expand', `${FIX}/keyvault-rg.jsonc`, '--parameters', `${FIX}/keyvault-rg.parameters.json`, '--resource-group', 'rg-München_(prod)']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('/resourceGroups/rg-München_(prod)/providers/');
    const bad = await runMain(['expand', `${FIX}/keyvault-rg.jsonc`, '--resource-group', 'rg-prod.']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--resource-group: "rg-prod." is not a resource group name: it ends with a period');
    const long = await runMain(['expand', `${FIX}/keyvault-rg.jsonc`, '--resource-group', 'r'.repeat(91)]);
    expect(long.stderr).toContain('it has 91 characters, more than 90');
  });

  // az takes a --location with a space as a display name and replaces it by the region's name (get_location_type,
  // azure-cli core/commands/parameters.py, read 2026-12-08); before, il5ml refused "US Gov Virginia".
  it.each([
    ['US Gov Virginia', 'usgovvirginia'],
    ['us gov arizona', 'usgovarizona'],
    ['US GOV ARIZONA', 'usgovarizona'],
  ])('--location %j is the region %s, as az takes it', async (given, name) => {
    const r = await runMain(['expand', `${FIX}/keyvault-rg.jsonc`, '--parameters', `${FIX}/keyvault-rg.parameters.json`, '--location', given]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { resources: { location?: string }[] }).resources[0]?.location).toBe(name);
  });

  it.each([
    ['USGovVirginia', "'USGovVirginia' is not a location name (lowercase letters and digits, e.g. usgovvirginia)", 'fix: e.g. --location usgovvirginia'],
    ['US Gov Virgina', "'US Gov Virgina' is not the display name of an Azure Government region (US Gov Virginia, US Gov Arizona", 'fix: e.g. --location usgovvirginia'],
    ['East US', "'East US' is not the display name of an Azure Government region (US Gov Virginia, US Gov Arizona, US Gov Texas, US Gov Iowa, US DoD East, US DoD Central); il5ml is offline and knows no other region's display name", 'fix: give the location name: az account list-locations'],
  ])('--location %j: exit 2 naming the region meant, or how to find it', async (given, message, fix) => {
    const r = await runMain(['expand', `${FIX}/keyvault-rg.jsonc`, '--location', given]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error IL5-CLI-FLAG: --location: ${message}`);
    expect(r.stderr).toContain(fix);
  });

  // az deployment sub/mg/tenant create take no --resource-group, and only az deployment mg create takes
  // --management-group-id (deploy_arm_template_at_* in azure-cli's resource/custom.py, read 2026-12-08).
  describe('a context flag the template scope has no use for is an error at $schema, as az has no such flag there', () => {
    const schema = (kind: string) => `https://schema.management.azure.com/schemas/2019-08-01/${kind}.json#`;
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-expand-scope-'));
    for (const [file, kind] of [
      ['rg.json', 'deploymentTemplate'],
      ['sub.json', 'subscriptionDeploymentTemplate'],
      ['mg.json', 'managementGroupDeploymentTemplate'],
      ['tenant.json', 'tenantDeploymentTemplate'],
    ] as const) {
      writeFileSync(join(dir, file), `{\n  // ${kind}\n  "contentVersion": "1.0.0.0",\n    "$schema": "${schema(kind)}",\n  "resources": []\n}\n`);
    }
    it.each([
      ['sub.json', '--resource-group', 'rg1', 'a subscription', 'az deployment sub create', '--resource-group'],
      ['mg.json', '--resource-group', 'rg1', 'a management group', 'az deployment mg create', '--resource-group'],
      ['tenant.json', '--resource-group', 'rg1', 'a tenant', 'az deployment tenant create', '--resource-group'],
      ['rg.json', '--management-group', 'mg1', 'a resource group', 'az deployment group create', '--management-group-id'],
      ['sub.json', '--management-group', 'mg1', 'a subscription', 'az deployment sub create', '--management-group-id'],
      ['tenant.json', '--management-group', 'mg1', 'a tenant', 'az deployment tenant create', '--management-group-id'],
    ])('il5ml expand %s %s %s: exit 2 at file:4:5, naming the flag, the schema and the az command', async (file, flag, value, scope, az, azFlag) => {
      const r = await runMain(['expand', file, flag, value], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`${file}:4:5: error IL5-CLI-FLAG: ${flag}: ${file} is ${scope} deployment template ($schema https://schema.management.azure.com/schemas/2019-08-01/`);
      expect(r.stderr).toContain(`and ${az} takes no ${azFlag}`);
      expect(r.stderr).toContain(`fix: leave ${flag} out: ${file} deploys with ${az}`);
      expect(r.stderr).toContain('1 error; nothing was written.');
    });
    it.each([
      ['rg.json', '--resource-group', 'rg1'],
      ['mg.json', '--management-group', 'mg1'],
    ])('il5ml expand %s %s %s: the flag of its own scope is taken', async (file, flag, value) => {
      const r = await runMain(['expand', file, flag, value], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
    });
    // A management group ID is 1-90 ASCII letters, digits, - _ ( ) . (src/cli/scope-names.ts cites the
    // sources): a display name or a path was taken as written and became managementGroup().id.
    it.each([
      ['IL5 Workloads', 'a character Azure does not take: space'],
      ['mg/../x', "a character Azure does not take: '/'"],
      ['', 'is empty'],
      ['a'.repeat(91), 'has 91 characters, more than 90'],
      ['gruppé', "a character Azure does not take: 'é'"],
    ])('il5ml expand mg.json --management-group %j: exit 2 naming the flag and the rule', async (value, why) => {
      const r = await runMain(['expand', 'mg.json', '--management-group', value], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`--management-group: ${JSON.stringify(value)} is not a management group ID: it `);
      expect(r.stderr).toContain(why);
      expect(r.stderr).toContain('(an ID is 1 to 90 ASCII letters, digits, - _ ( ) .)');
      expect(r.stderr).toContain('az account management-group list');
    });
    it.each(['mg-il5', 'Contoso.IL5_(prod)', 'a'.repeat(90), '72f988bf-86f1-41af-91ab-2d7cd011db47'])('il5ml expand mg.json --management-group %s: taken', async (value) => {
      const r = await runMain(['expand', 'mg.json', '--management-group', value], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
    });
    it('both at once are both said', async () => {
      const r = await runMain(['expand', 'tenant.json', '--resource-group', 'rg1', '--management-group', 'mg1'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('2 errors; nothing was written.');
    });
  });

  describe('the default deployment name, as az gives it (os.path.splitext of the base name, azure-cli _validators.py, read 2026-12-08)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-expand-name-'));
    const text = JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources: [], outputs: { n: { type: 'string', value: '[deployment().name]' } } });
    const name = (stdout: string): unknown => (JSON.parse(stdout) as { outputs: { n: { value: unknown } } }).outputs.n.value;
    it.each([
      ['main.json', 'main'],
      ['main.template', 'main'],
      ['azuredeploy.arm.json', 'azuredeploy.arm'],
      ['.json', '.json'],
    ])('il5ml expand %s: deployment().name is %s', async (file, expected) => {
      writeFileSync(join(dir, file), text);
      const r = await runMain(['expand', file], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(name(r.stdout)).toBe(expected);
    });
    it('a default Azure would refuse (a space, more than 64 characters) is said in a warning; --deployment-name silences it', async () => {
      writeFileSync(join(dir, 'my template.json'), text);
      const r = await runMain(['expand', 'my template.json'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("--deployment-name: warning IL5-CLI-FLAG: --deployment-name: the default, 'my template' (the template file's name without its extension, as az names the deployment), is not a deployment name Azure accepts");
      expect(r.stderr).toContain('az deployment … create --name NAME');
      const given = await runMain(['expand', 'my template.json', '--deployment-name', 'ok'], { cwd: dir });
      expect(given.stderr).toBe('');
      expect(name(given.stdout)).toBe('ok');
      writeFileSync(join(dir, `${'a'.repeat(65)}.json`), text);
      expect((await runMain(['expand', `${'a'.repeat(65)}.json`], { cwd: dir })).stderr).toContain('is not a deployment name Azure accepts');
    });
  });

  describe('--utc-now', () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-expand-utcnow-'));
    writeFileSync(
      join(dir, 'now.json'),
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        parameters: { n: { type: 'string', defaultValue: '[utcNow()]' } },
        resources: [],
        outputs: { n: { type: 'string', value: "[parameters('n')]" } },
      }),
    );
    const now = (stdout: string): unknown => (JSON.parse(stdout) as { outputs: { n: { value: unknown } } }).outputs.n.value;
    it('without an offset is UTC on every machine, not the local time of the one it runs on', () => {
      for (const TZ of ['UTC', 'America/New_York', 'Asia/Tokyo']) {
        const r = runBin(['expand', 'now.json', '--utc-now', '2026-06-01T00:00:00'], { cwd: dir, env: { TZ } });
        expect(r.code, r.stderr).toBe(0);
        expect(now(r.stdout), TZ).toBe('20260601T000000Z');
      }
      const offset = runBin(['expand', 'now.json', '--utc-now', '2026-06-01T00:00:00+05:00'], { cwd: dir, env: { TZ: 'America/New_York' } });
      expect(now(offset.stdout)).toBe('20260531T190000Z');
    });
    it('a day the month does not have is an error, not a day of the next month', async () => {
      const r = await runMain(['expand', 'now.json', '--utc-now', '2026-02-30T00:00:00Z'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--utc-now: '2026-02-30T00:00:00Z' is not an ISO 8601 date-time (2026-02 has no day 30)");
      const leap = await runMain(['expand', 'now.json', '--utc-now', '2024-02-29T10:00:00Z'], { cwd: dir });
      expect(now(leap.stdout)).toBe('20240229T100000Z');
    });
  });

  it('exits 2 and lists every error with file:line:column when the template is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-expand-'));
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify(
        {
          $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
          parameters: { n: { type: 'int', defaultValue: "[length('abc', 'd')]" } },
          resources: [{ type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-04-01', name: "[variables('missing')]" }],
        },
        null,
        2,
      ),
    );
    const r = await runMain(['expand', 'bad.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad\.json:6:23: error IL5-ARM-EXPR: length\(\) takes 1 argument.*\[length\('abc', 'd'\)\]/);
    expect(r.stderr).toMatch(/bad\.json:13:15: error IL5-ARM-EXPR: variables\('missing'\): the template declares no such variable/);
    expect(r.stderr).toContain('2 errors; nothing was written.');
  });

  it("exits 2 for 'resources' as an object without languageVersion 2.0, at 'resources', with the fix", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-expand-'));
    writeFileSync(join(dir, 'f1.json'), '{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","contentVersion":"1.0.0.0","resources":{"a":1}}\n');
    const r = await runMain(['expand', 'f1.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `f1.json:1:133: error IL5-ARM-TEMPLATE: 'resources' is an object, which ARM reads only with "languageVersion": "2.0" (declarations keyed by symbolic name); this template has no languageVersion, so 'resources' must be an array\n` +
        '  fix: make "resources" an array of resource declarations ([{"type": …, "apiVersion": …, "name": …}, …]), or add "languageVersion": "2.0" to the template to keep them keyed by symbolic name\n' +
        '1 error; nothing was written.\n',
    );
  });

  it('exits 2 for a bad flag, a missing file and a missing required parameter', async () => {
    expect((await runMain(['expand', `${FIX}/keyvault-rg.jsonc`, '--subscription-id', 'nope'])).code).toBe(2);
    const missing = await runMain(['expand', `${FIX}/nope.json`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
    const noParam = await runMain(['expand', `${FIX}/keyvault-rg.jsonc`]);
    expect(noParam.code).toBe(2);
    expect(noParam.stderr).toContain("IL5-ARM-PARAM-MISSING: parameter 'workspaceId' has no value");
  });

  it('runs as installed: node bin/il5ml.cjs expand … (needs npm run build)', () => {
    const r = runBin(['expand', `${FIX}/linked/main.json`, '--format', 'table']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('linked-vnet');
    expect(r.stderr).toContain('warning IL5-ARM-LINK');
  });
});
