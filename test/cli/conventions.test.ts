import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runBin, runMain } from '../helpers/cli.js';

/**
 * Issue 14, points 2, 3 and 5, typed as a user types them: one exemption shape (both key sets, the
 * mirror of a rule and its definition, typos refused), az-style --parameters, Bicep said plainly, an
 * initiative without its definitions, `check` settings from the spec, both shapes of policy exports.
 */

const KV001_GUID = '0b60c0b2-2dc2-4e1c-b5c9-abbed971de53';
const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers';

// A definition under the GUID the baseline rule IL5-KV-001 mirrors, written here (unit tests do not read ../shared).
const purgeRule = {
  if: { allOf: [{ field: 'type', equals: 'Microsoft.KeyVault/vaults' }, { field: 'Microsoft.KeyVault/vaults/enablePurgeProtection', notEquals: 'true' }] },
  then: { effect: "[parameters('effect')]" },
};
const purgeParams = { effect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Deny', 'Disabled'] } };
/** As Azure/azure-policy holds it: fields under "properties". */
const repoShape = { id: `/providers/Microsoft.Authorization/policyDefinitions/${KV001_GUID}`, name: KV001_GUID, properties: { displayName: 'Key vaults should have deletion protection enabled', mode: 'Indexed', parameters: purgeParams, policyRule: purgeRule } };
/** As `az policy definition list` prints it: an array, fields flattened to the top. */
const azListShape = [{ id: repoShape.id, name: KV001_GUID, displayName: repoShape.properties.displayName, mode: 'Indexed', parameters: purgeParams, policyRule: purgeRule, policyType: 'BuiltIn' }];
/** As `az policy set-definition show` prints it: flattened too. */
const azSetShape = {
  id: '/providers/Microsoft.Authorization/policySetDefinitions/ssssssss-0000-0000-0000-000000000014',
  name: 'ssssssss-0000-0000-0000-000000000014',
  displayName: 'Test initiative',
  policyType: 'BuiltIn',
  parameters: { purgeEffect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Deny', 'Disabled'] } },
  policyDefinitions: [{ policyDefinitionReferenceId: 'purge', policyDefinitionId: repoShape.id, parameters: { effect: { value: "[parameters('purgeEffect')]" } }, groupNames: [] }],
};
const kv = (name: string, purge: boolean) => ({ id: `${SUB}/Microsoft.KeyVault/vaults/${name}`, type: 'Microsoft.KeyVault/vaults', name, location: 'usgovvirginia', properties: { enablePurgeProtection: purge, enableRbacAuthorization: true } });

const TEMPLATE = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: {
    identifier: { type: 'string', maxLength: 8 },
    count: { type: 'int', defaultValue: 1 },
    tags: { type: 'object', defaultValue: {} },
    purge: { type: 'bool', defaultValue: true },
  },
  resources: [
    {
      type: 'Microsoft.KeyVault/vaults',
      apiVersion: '2023-07-01',
      name: "[format('{0}-kv{1}', parameters('identifier'), parameters('count'))]",
      location: 'usgovvirginia',
      tags: "[parameters('tags')]",
      properties: { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'premium' }, enablePurgeProtection: "[parameters('purge')]" },
    },
  ],
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-conventions-'));
  mkdirSync(join(dir, 'repo', 'definitions'), { recursive: true });
  writeFileSync(join(dir, 'repo', 'definitions', `${KV001_GUID}.json`), JSON.stringify(repoShape));
  mkdirSync(join(dir, 'az'), { recursive: true });
  writeFileSync(join(dir, 'az', 'definitions.json'), JSON.stringify(azListShape));
  writeFileSync(join(dir, 'az', 'set.json'), JSON.stringify(azSetShape));
  mkdirSync(join(dir, 'initiative-only'), { recursive: true });
  writeFileSync(join(dir, 'initiative-only', 'set.json'), JSON.stringify({ ...azSetShape, policyDefinitions: [1, 2, 3, 4, 5].map((i) => ({ policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/dddddddd-0000-0000-0000-00000000000${i}`, parameters: {} })) }));
  writeFileSync(join(dir, 'estate.json'), JSON.stringify([kv('kv-bad', false), kv('kv-good', true)]));
  writeFileSync(join(dir, 'mlz.json'), JSON.stringify(TEMPLATE));
  writeFileSync(join(dir, 'p1.json'), JSON.stringify({ parameters: { identifier: { value: 'fromfile' }, count: { value: 2 } } }));
  writeFileSync(join(dir, 'main.bicep'), "param identifier string\nresource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: identifier\n}\n");
  writeFileSync(join(dir, 'main.bicepparam'), "using './main.bicep'\nparam identifier = 'mlz1'\n");
});

const run = (...args: string[]) => runMain(args, { cwd: dir });
type Report = { results: { ruleId?: string; policyDefinitionId: string; resourceId: string; compliance: string; reason: string }[] };
const verdicts = (stdout: string): string[] =>
  (JSON.parse(stdout) as Report).results
    .filter((r) => r.resourceId.endsWith('/kv-bad') && (r.ruleId === 'IL5-KV-001' || r.policyDefinitionId.endsWith(KV001_GUID)))
    .map((r) => `${r.ruleId ?? 'policy'} ${r.compliance}`)
    .sort();

describe('one exemption shape (point 2)', () => {
  it('the baseline rule and the definition it mirrors are both NonCompliant without an exemption', async () => {
    const r = await run('check', 'estate.json', '--policy', 'repo', '--format', 'json');
    expect(verdicts(r.stdout)).toEqual(['IL5-KV-001 NonCompliant', 'policy NonCompliant']);
  });

  it.each([
    ['spec keys, YAML, the rule id', 'ex.yaml', 'exemptions:\n  - rule: IL5-KV-001\n    resource: "*/kv-bad"\n    justification: AO waiver W-1\n    expiresOn: 2999-01-01\n'],
    ['Azure keys, JSON, the definition GUID', 'ex.json', JSON.stringify({ exemptions: [{ policyDefinitionId: KV001_GUID, resourceId: '*/kv-bad', justification: 'AO waiver W-1', expiresOn: '2999-01-01' }] })],
    ['a spec file itself (policy.exemptions), rule name, no resource', 'spec-ex.yaml', 'policy:\n  exemptions:\n    - policyDefinitionId: IL5.KeyVault.PurgeProtection\n      justification: AO waiver W-1\n      expiresOn: 2999-01-01\n'],
  ])('check --exemptions with %s exempts the rule and its mirrored definition together', async (_what, name, text) => {
    writeFileSync(join(dir, name), text);
    const r = await run('check', 'estate.json', '--policy', 'repo', '--format', 'json', '--exemptions', name);
    expect(r.stderr).not.toContain('error');
    expect(verdicts(r.stdout)).toEqual(['IL5-KV-001 Exempt', 'policy Exempt']);
    expect(r.code).toBe(1); // other baseline rules still find kv-bad lacking (logs, private link…)
  });

  it("a typo'd rule id is an error: exit 2, did-you-mean, no report", async () => {
    writeFileSync(join(dir, 'typo.json'), JSON.stringify({ exemptions: [{ rule: 'IL5-KV-01', justification: 'x', expiresOn: '2999-01-01' }] }));
    const r = await run('check', 'estate.json', '--exemptions', 'typo.json');
    expect(r.code).toBe(2);
    // At the rule's file:line:column (the property "rule" of the one-line file).
    expect(r.stderr).toContain("typo.json:1:17: error IL5-EXEMPT-RULE: exemptions[0]: 'IL5-KV-01' is no baseline rule id or name, and no policy definition GUID or ID");
    expect(r.stderr).toContain('Did you mean "IL5-KV-001"?');
    expect(r.stdout).toBe('');
  });

  it('an unknown key in an exemption is an error with did-you-mean; both aliases at once too', async () => {
    writeFileSync(join(dir, 'keys.json'), JSON.stringify([{ rule: 'IL5-KV-001', justificaton: 'x' }, { rule: 'IL5-KV-001', policyDefinitionId: 'IL5-KV-001', justification: 'x' }]));
    const r = await run('check', 'estate.json', '--exemptions', 'keys.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('keys.json:1:23: error IL5-EXEMPT-SHAPE: exemptions[0] has the unknown key "justificaton". Did you mean "justification"?');
    expect(r.stderr).toContain('keys.json:1:64: error IL5-EXEMPT-SHAPE: exemptions[1] has both rule and policyDefinitionId, which are the same key');
  });

  it('as a user types it: the spec in the folder gives check its policy folder, format and exemptions', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'il5ml-checkspec-'));
    mkdirSync(join(cwd, 'policies'));
    writeFileSync(join(cwd, 'policies', `${KV001_GUID}.json`), JSON.stringify(repoShape));
    writeFileSync(join(cwd, 'estate.json'), JSON.stringify([kv('kv-bad', false)]));
    writeFileSync(
      join(cwd, 'il5ml.yaml'),
      'policy:\n  exemptions:\n    - rule: IL5-KV-001\n      resource: "*/kv-bad"\n      justification: AO waiver W-2\n      expiresOn: 2999-01-01\ncheck:\n  policy: [policies]\n  format: json\n',
    );
    const r = runBin(['check', 'estate.json'], { cwd });
    expect(r.stderr.split('\n')[0]).toBe(`il5ml: spec il5ml.yaml (found in ${cwd})`);
    expect(verdicts(r.stdout)).toEqual(['IL5-KV-001 Exempt', 'policy Exempt']);
    // A flag on the command line wins over the spec.
    const md = runBin(['check', 'estate.json', '--format', 'md'], { cwd });
    expect(md.stdout.startsWith('#')).toBe(true);
  });
});

describe('az-style --parameters (point 3)', () => {
  const names = (stdout: string): string[] => (JSON.parse(stdout) as { resources: { name: string; tags?: unknown }[] }).resources.map((r) => r.name);

  it('KEY=VALUE alone, typed by the template: il5ml expand mlz.json --parameters identifier=mlz1', async () => {
    const r = await run('expand', 'mlz.json', '--parameters', 'identifier=mlz1', '--parameters', 'count=7', '-p', 'tags={"env":"il5"}');
    expect(r.code).toBe(0);
    expect(names(r.stdout)).toEqual(['mlz1-kv7']);
    expect((JSON.parse(r.stdout) as { resources: { tags: unknown }[] }).resources[0]?.tags).toEqual({ env: 'il5' });
  });

  it('a file, @file and KEY=VALUE, repeatable: later ones win', async () => {
    expect(names((await run('expand', 'mlz.json', '--parameters', 'p1.json')).stdout)).toEqual(['fromfile-kv2']);
    expect(names((await run('expand', 'mlz.json', '--parameters', '@p1.json', '--parameters', 'identifier=later')).stdout)).toEqual(['later-kv2']);
    expect(names((await run('expand', 'mlz.json', '--parameters', 'identifier=first', '--parameters', 'p1.json')).stdout)).toEqual(['fromfile-kv2']);
  });

  it('bad KEY=VALUE: every problem at once, with the template\'s own parameter names', async () => {
    const r = await run('expand', 'mlz.json', '-p', 'identifer=x', '-p', 'count=many', '-p', 'purge=yes', '-p', 'tags={oops');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("mlz.json declares no parameter 'identifer'. Did you mean \"identifier\"?");
    expect(r.stderr).toContain("'count' is of type int; 'many' is not a whole number");
    // az takes purge=yes as false (value.lower() == 'true'): not an error, and not a silent false either.
    expect(r.stderr).not.toContain("'purge' is of type bool; 'yes'");
    expect(r.stderr).toContain("'tags' is of type object; its value must be JSON");
    expect(r.stderr).toContain('3 errors; nothing was written.');
  });

  it('check takes the same --parameters', async () => {
    const r = await run('check', 'mlz.json', '--parameters', 'identifier=mlz1', '--parameters', 'purge=false', '--format', 'json');
    const ids = (JSON.parse(r.stdout) as Report).results.filter((x) => x.ruleId === 'IL5-KV-001').map((x) => `${x.resourceId.split('/').pop() ?? ''} ${x.compliance}`);
    expect(ids).toEqual(['mlz1-kv1 NonCompliant']);
  });
});

describe('Bicep said plainly (point 3)', () => {
  it.each([
    [['expand', 'main.bicep'], 'main.bicep is Bicep; il5ml reads ARM JSON templates', 'az bicep build --file main.bicep (it writes main.json)'],
    [['check', 'main.bicep'], 'main.bicep is Bicep; il5ml reads ARM JSON templates', 'az bicep build --file main.bicep'],
    [['expand', 'mlz.json', '--parameters', 'main.bicepparam'], 'main.bicepparam is a Bicep parameters file', 'az bicep build-params --file main.bicepparam'],
  ])('%j: one error with the az bicep command', async (args, message, fix) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(fix);
    expect(r.stderr).toContain('1 error; nothing was written.');
    expect(r.stderr).not.toContain('not valid JSON');
  });

  it('Bicep under another name is recognised by its keywords', async () => {
    writeFileSync(join(dir, 'main.txt'), readFileSync(join(dir, 'main.bicep')));
    const r = await run('check', 'main.txt');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('main.txt is Bicep');
    expect(r.stderr).toContain('1 error; nothing was written.');
  });
});

describe('policy inputs (points 3 and 5)', () => {
  it('az exports (definition list, set-definition show) are read like the repository shape', async () => {
    const az = await run('check', 'estate.json', '--policy', 'az', '--baseline', 'none', '--format', 'json');
    const repo = await run('check', 'estate.json', '--policy', 'repo', '--baseline', 'none', '--format', 'json');
    expect(az.code).toBe(1);
    const pick = (s: string): string[] => (JSON.parse(s) as Report).results.map((x) => `${x.resourceId.split('/').pop() ?? ''} ${x.compliance}`).sort();
    expect(pick(az.stdout)).toEqual(['kv-bad NonCompliant', 'kv-good Compliant']);
    expect(pick(az.stdout)).toEqual(pick(repo.stdout));
  });

  it('an initiative without its definitions: one error naming the folder to pass', async () => {
    const r = await run('check', 'estate.json', '--policy', 'initiative-only/set.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("policy set 'Test initiative' references 5 definitions that are not among the files given: dddddddd-0000-0000-0000-000000000001, dddddddd-0000-0000-0000-000000000002, dddddddd-0000-0000-0000-000000000003 and 2 more");
    expect(r.stderr).toContain('--policy initiative-only.');
    expect(r.stderr).toContain('github.com/Azure/azure-policy');
    expect(r.stderr).toContain('1 error; nothing was written.');
    expect(r.stderr).not.toContain('../shared');
  });

  it('a set parameter default outside its allowed values says (default); a missing one is one error', async () => {
    mkdirSync(join(dir, 'bad-default'), { recursive: true });
    writeFileSync(join(dir, 'bad-default', 'd.json'), JSON.stringify(repoShape));
    writeFileSync(join(dir, 'bad-default', 'set.json'), JSON.stringify({ ...azSetShape, parameters: { purgeEffect: { type: 'String', defaultValue: 'Deyn', allowedValues: ['Audit', 'Deny', 'Disabled'] } } }));
    const r = await run('check', 'estate.json', '--policy', 'bad-default');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`'"Deyn"' (default) is not an allowed value of 'purgeEffect' in 'Test initiative'`);
    const given = await run('check', 'estate.json', '--policy', 'bad-default', '--policy-params', 'pp.json');
    expect(given.code).toBe(2); // pp.json is missing: the file error, not a (default) one
    writeFileSync(join(dir, 'pp.json'), JSON.stringify({ purgeEffect: 'Dney' }));
    const wrong = await run('check', 'estate.json', '--policy', 'bad-default', '--policy-params', 'pp.json');
    expect(wrong.stderr).toContain(`'"Dney"' is not an allowed value`);
    expect(wrong.stderr).not.toContain('(default)');

    mkdirSync(join(dir, 'no-default'), { recursive: true });
    writeFileSync(join(dir, 'no-default', 'd.json'), JSON.stringify(repoShape));
    writeFileSync(join(dir, 'no-default', 'set.json'), JSON.stringify({ ...azSetShape, parameters: { purgeEffect: { type: 'String' } } }));
    const missing = await run('check', 'estate.json', '--policy', 'no-default');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("policy set 'Test initiative' needs a value for its parameter 'purgeEffect' (1 of the set's definition references uses it and is left out until it has one)");
    expect(missing.stderr).toContain('1 error; nothing was written.');
  });
});

describe('docker bridge (point 5)', () => {
  it('check: an overlapping VNet is an operational warning on stderr, not a NonCompliant verdict', async () => {
    const vnet = { id: `${SUB}/Microsoft.Network/virtualNetworks/vnet1`, type: 'Microsoft.Network/virtualNetworks', name: 'vnet1', location: 'usgovvirginia', properties: { addressSpace: { addressPrefixes: ['172.16.0.0/12'] } } };
    writeFileSync(join(dir, 'vnet.json'), JSON.stringify([vnet]));
    const r = await run('check', 'vnet.json', '--format', 'json');
    expect(r.stderr).toContain('warning IL5-OPS-DOCKER-BRIDGE: virtual network vnet1: address space 172.16.0.0/12 overlaps 172.17.0.0/16');
    expect(r.stderr).toContain('not an IL5 finding');
    const results = (JSON.parse(r.stdout) as Report).results;
    expect(results.filter((x) => x.compliance === 'NonCompliant' && /docker/i.test(x.reason))).toEqual([]);
  });

  it('an exemption of the retired rule IL5-NET-005 warns that it waives nothing', async () => {
    writeFileSync(join(dir, 'retired.json'), JSON.stringify([{ rule: 'IL5-NET-005', justification: 'old' }]));
    const r = await run('check', 'estate.json', '--exemptions', 'retired.json', '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('warning IL5-EXEMPT-RETIRED');
    expect(r.stderr).toContain('IL5-NET-005 (Docker bridge overlap) is retired');
  });
});

describe('plan --force (point 5)', () => {
  it('a fresh folder and an unchanged re-run need no --force; changed files are refused without it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'il5ml-force-'));
    expect((await runMain(['plan'], { cwd })).code).toBe(0);
    expect((await runMain(['plan'], { cwd })).code).toBe(0);
    writeFileSync(join(cwd, 'out', 'deploy.sh'), '#!/bin/sh\necho hand-edited\n');
    const r = await runMain(['plan'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('out/deploy.sh already exists with other content');
    expect(r.stderr).toContain('fix: add --force to replace them');
    expect(readFileSync(join(cwd, 'out', 'deploy.sh'), 'utf8')).toContain('hand-edited');
    const forced = await runMain(['plan', '--force'], { cwd });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(cwd, 'out', 'deploy.sh'), 'utf8')).not.toContain('hand-edited');
  });
});

describe('docs ship and are cited (point 5)', () => {
  it('package.json files holds docs/, and every docs/ page --help cites exists', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('docs');
    const cited = new Set<string>();
    for (const cmd of ['plan', 'egress', 'dns', 'expand', 'check']) {
      const h = runBin([cmd, '--help']);
      expect(h.code).toBe(0);
      for (const m of h.stdout.matchAll(/docs\/([\w-]+\.md)/g)) cited.add(m[1] ?? '');
    }
    expect(cited.size).toBeGreaterThanOrEqual(4);
    for (const page of cited) expect(existsSync(join(REPO_ROOT, 'docs', page)), page).toBe(true);
  });
});
