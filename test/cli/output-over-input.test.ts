import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/diagnostic.js';
import { refuseOverwritingInputs, type NamedPath, type OutputPath } from '../../src/cli/output-guard.js';
import { runBin, runMain } from '../helpers/cli.js';
import { defLogs, defPurge, set, SUB } from '../helpers/test-initiative.js';

// No command writes an output over a file it reads (`check x.json --out x.json` replaced the template by
// its own report, exit 1): refused before anything runs, exit 2, naming both files and what to do, and the
// input left as it was. One function (src/cli/output-guard.ts refuseOverwritingInputs) for every command.

const RG = SUB.replace(/\/providers$/, '');
const kv = { id: `${RG}/providers/Microsoft.KeyVault/vaults/kv1`, type: 'Microsoft.KeyVault/vaults', name: 'kv1', location: 'usgovvirginia', properties: { enablePurgeProtection: false } };
const template = { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', parameters: { p: { type: 'string', defaultValue: 'x' } }, resources: [] };
const assignment = { id: `${RG}/providers/Microsoft.Authorization/policyAssignments/il5`, name: 'il5', type: 'Microsoft.Authorization/policyAssignments', scope: RG, policyDefinitionId: set.id, notScopes: [], parameters: {} };
const TYPE = 'Contoso.Data/stores';
const aliases = { namespace: 'Contoso.Data', resourceTypes: [{ resourceType: 'stores', aliases: [{ name: `${TYPE}/tier`, defaultPath: 'sku.tier', paths: [{ path: 'sku.tier', apiVersions: ['2023-08-01'] }] }] }] };
const SUBSCRIPTION = '11111111-1111-1111-1111-111111111111';
// Nothing is ever sent: the refusal comes before sign-in, and this endpoint answers nothing.
const AZURE = ['--subscription', SUBSCRIPTION, '--arm-endpoint', 'https://127.0.0.1:9'];

let dir = '';
const write = (name: string, doc: unknown): void => writeFileSync(join(dir, name), typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
const digest = (name: string): string => createHash('sha256').update(readFileSync(join(dir, name))).digest('hex');
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-over-input-'));
  mkdirSync(join(dir, 'policies'));
  write('policies/set.json', set);
  write('policies/purge.json', defPurge);
  write('policies/logs.json', defLogs);
  write('estate.json', [kv]);
  write('t.json', template);
  write('t.parameters.json', { parameters: { p: { value: 'y' } } });
  write('pp.json', { purgeEffect: 'Deny' });
  write('exemptions.yaml', 'exemptions: []\n');
  write('assignment.json', assignment);
  write('aliases.json', aliases);
  // A spec with a check: section, and the folder the plan goes to holding a spec named as a plan file.
  expect((await runMain(['init', '--out', 'spec.yaml'], { cwd: dir })).code).toBe(0);
  mkdirSync(join(dir, 'out'));
  write('out/azuredeploy.json', readFileSync(join(dir, 'spec.yaml'), 'utf8'));
  mkdirSync(join(dir, 'edl'));
  // Links to the input: a symbolic link, a hard link, and a symbolic link to its folder.
  symlinkSync('estate.json', join(dir, 'estate-link.json'));
  linkSync(join(dir, 'estate.json'), join(dir, 'estate-hard.json'));
  symlinkSync('policies', join(dir, 'policies-link'));
  // A template that links another (templateLink.relativePath), read only as the input is expanded.
  mkdirSync(join(dir, 'linked'));
  write('linked/inner.json', { ...template, parameters: {}, resources: [{ ...kv, id: undefined, apiVersion: '2023-07-01', properties: { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'standard' } } }] });
  write('linked/main.json', { ...template, parameters: {}, resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'inner', properties: { mode: 'Incremental', templateLink: { relativePath: 'inner.json' } } }] });
  symlinkSync('inner.json', join(dir, 'linked/inner-link.json'));
});

describe('refuseOverwritingInputs', () => {
  const out = (path: string, flag = '--out'): OutputPath => ({ flag, path, fix: 'write elsewhere' });
  const input = (path: string, flag = 'input'): NamedPath => ({ flag, path });
  const refused = (outputs: OutputPath[], inputs: NamedPath[]): string[] => {
    try {
      refuseOverwritingInputs(outputs, inputs, dir);
      return [];
    } catch (e) {
      if (!(e instanceof UserInputError)) throw e;
      return e.diagnostics.map((d) => `${d.code}: ${d.message} / ${d.fix ?? ''}`);
    }
  };
  it.each([
    ['the same path', [out('estate.json')], [input('estate.json')], ['IL5-OUTPUT-INPUT: --out estate.json would overwrite the input estate.json / write elsewhere']],
    ['./x and x', [out('./estate.json')], [input('estate.json')], [/--out \.\/estate\.json would overwrite the input estate\.json \//]],
    ['an absolute path and a relative one', [out('<dir>/estate.json')], [input('estate.json')], [/would overwrite the input estate\.json \//]],
    ['a path through another folder', [out('policies/../estate.json')], [input('estate.json')], [/would overwrite the input/]],
    ['a symbolic link to the input', [out('estate-link.json')], [input('estate.json')], [/--out estate-link\.json would overwrite the input estate\.json \(the same file, through a link/]],
    ['the input a symbolic link, the output its target', [out('estate.json')], [input('estate-link.json')], [/would overwrite the input estate-link\.json/]],
    ['a hard link of the input', [out('estate-hard.json')], [input('estate.json')], [/--out estate-hard\.json would overwrite the input estate\.json/]],
    ['a file under a symbolic link to the folder', [out('policies-link/set.json')], [input('policies/set.json', '--policy')], [/--out policies-link\/set\.json would overwrite the --policy file policies\/set\.json/]],
    ['another file', [out('report.json')], [input('estate.json')], []],
    ['a new file beside it', [out('estate.json.sarif')], [input('estate.json')], []],
    ['/dev/null', [out('/dev/null')], [input('estate.json')], []],
    ['an input that does not exist', [out('estate.json')], [input('missing.json')], []],
    ['two outputs, one file', [out('e.json', '--export'), out('./e.json')], [], [/--out \.\/e\.json and --export e\.json name the same file/]],
    ['two outputs through a folder link', [out('policies/new.json', '--export'), out('policies-link/new.json')], [], [/name the same file/]],
    ['two outputs to /dev/null', [out('/dev/null', '--export'), out('/dev/null')], [], []],
    ['every clash at once', [out('estate.json'), out('pp.json', '--export')], [input('estate.json'), input('pp.json', '--policy-params')], [/the input estate\.json/, /--export pp\.json would overwrite the --policy-params file pp\.json/]],
  ] as [string, OutputPath[], NamedPath[], (string | RegExp)[]][])('%s', (_what, outputs, inputs, want) => {
    const got = refused(
      outputs.map((o) => ({ ...o, path: o.path.replace('<dir>', dir) })),
      inputs,
    );
    expect(got).toHaveLength(want.length);
    want.forEach((w, i) => (typeof w === 'string' ? expect(got[i]).toBe(w) : expect(got[i]).toMatch(w)));
  });
});

describe('every command with an output refuses to write it over a file it reads', () => {
  // [command line, the file that must stay as it was, what stderr says]
  const cases: [string, string[], string, RegExp][] = [
    ['check: INPUT', ['check', 'estate.json', '--format', 'sarif', '--out', 'estate.json'], 'estate.json', /estate\.json: error IL5-OUTPUT-INPUT: --out estate\.json would overwrite the input estate\.json\n {2}fix: write the report to another file, e\.g\. --out estate\.sarif\n/],
    ['check: INPUT, json over json', ['check', 'estate.json', '--format', 'json', '--out', 'estate.json'], 'estate.json', /fix: write the report to another file, e\.g\. --out estate\.report\.json/],
    ['check: INPUT through a symbolic link', ['check', 'estate.json', '--out', 'estate-link.json'], 'estate.json', /--out estate-link\.json would overwrite the input estate\.json \(the same file/],
    ['check: INPUT through a hard link', ['check', 'estate.json', '--out', 'estate-hard.json'], 'estate.json', /--out estate-hard\.json would overwrite the input estate\.json/],
    ['check: the second INPUT', ['check', 't.json', 'estate.json', '--out', './estate.json'], 'estate.json', /would overwrite the input estate\.json/],
    ['check --out-dir over INPUT', ['check', 'estate.json', '--format', 'md,json', '--out-dir', '.'], 'estate.json', /--out-dir \.: estate\.json would overwrite the input estate\.json\n {2}fix: write the reports to another folder/],
    ['check --parameters FILE', ['check', 't.json', '--parameters', 't.parameters.json', '--out', 't.parameters.json'], 't.parameters.json', /would overwrite the --parameters file t\.parameters\.json/],
    ['check --parameters @FILE', ['check', 't.json', '-p', '@t.parameters.json', '-p', 'p=z', '--out', 't.parameters.json'], 't.parameters.json', /would overwrite the --parameters file t\.parameters\.json/],
    ['check --policy FILE', ['check', 'estate.json', '--policy', 'policies/purge.json', '--out', 'policies/purge.json'], 'policies/purge.json', /would overwrite the --policy file policies\/purge\.json/],
    ['check --policy FOLDER (a file in it)', ['check', 'estate.json', '--policy', 'policies', '--format', 'json', '--out', 'policies/set.json'], 'policies/set.json', /would overwrite the --policy file policies\/set\.json/],
    ['check --policy-params', ['check', 'estate.json', '--policy', 'policies', '--policy-params', 'pp.json', '--out', 'pp.json'], 'pp.json', /would overwrite the --policy-params file pp\.json/],
    ['check --exemptions', ['check', 'estate.json', '--exemptions', 'exemptions.yaml', '--out', 'exemptions.yaml'], 'exemptions.yaml', /would overwrite the --exemptions file exemptions\.yaml/],
    ['check --assignment', ['check', 'estate.json', '--policy', 'policies', '--assignment', 'assignment.json', '--out', 'assignment.json'], 'assignment.json', /would overwrite the --assignment file assignment\.json/],
    ['check --aliases', ['check', 'estate.json', '--aliases', 'aliases.json', '--out', 'aliases.json'], 'aliases.json', /would overwrite the --aliases file aliases\.json/],
    ['check --spec', ['check', 'estate.json', '--spec', 'spec.yaml', '--format', 'md', '--out', 'spec.yaml'], 'spec.yaml', /would overwrite the --spec file spec\.yaml/],
    ['check: a linked template', ['check', 'linked/main.json', '--out', 'linked/inner.json'], 'linked/inner.json', /--out linked\/inner\.json would overwrite the linked template linked\/inner\.json\n/],
    ['check: a linked template, through a link', ['check', 'linked/main.json', '--format', 'json', '--out', 'linked/inner-link.json'], 'linked/inner.json', /--out linked\/inner-link\.json would overwrite the linked template linked\/inner\.json \(the same file, through a link/],
    ['check --coverage --out', ['check', '--policy', 'policies', '--coverage', '--out', 'policies/logs.json'], 'policies/logs.json', /would overwrite the --policy file policies\/logs\.json/],
    ['audit --out over --exemptions', ['audit', ...AZURE, '--exemptions', 'exemptions.yaml', '--out', 'exemptions.yaml'], 'exemptions.yaml', /--out exemptions\.yaml would overwrite the --exemptions file exemptions\.yaml/],
    ['audit --export over --policy', ['audit', ...AZURE, '--policy', 'policies', '--export', 'policies/set.json'], 'policies/set.json', /--export policies\/set\.json would overwrite the --policy file policies\/set\.json/],
    ['audit --compare-azure over --policy-params', ['audit', ...AZURE, '--policy', 'policies', '--policy-params', 'pp.json', '--compare-azure', 'pp.json'], 'pp.json', /--compare-azure pp\.json would overwrite the --policy-params file pp\.json/],
    ['audit --out and --export one file', ['audit', ...AZURE, '--export', 'audit.json', '--out', './audit.json'], 'estate.json', /--out \.\/audit\.json and --export audit\.json name the same file/],
    ['plan --out over --spec, even with --force', ['plan', '--spec', 'out/azuredeploy.json', '--out', 'out', '--force'], 'out/azuredeploy.json', /--out out: azuredeploy\.json would overwrite the --spec file out\/azuredeploy\.json\n {2}fix: move the spec out of out, or write the plan to another folder/],
    ['preflight --out over --spec', ['preflight', '--spec', 'spec.yaml', '--subscription', SUBSCRIPTION, '--arm-endpoint', 'https://127.0.0.1:9', '--out', 'spec.yaml'], 'spec.yaml', /--out spec\.yaml would overwrite the --spec file spec\.yaml/],
  ];
  it.each(cases)('%s: exit 2, the file unchanged', async (_what, args, victim, message) => {
    const before = digest(victim);
    const r = await runMain(args, { cwd: dir });
    expect(r.stderr).toMatch(message);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/\n1 error; nothing was written\.\n$/);
    expect(r.stderr).not.toMatch(/at .*\.[jt]s:\d+/);
    expect(digest(victim)).toBe(before);
  });

  it('check: the spec found in the working folder (no --spec) is an input too', async () => {
    const d = mkdtempSync(join(tmpdir(), 'il5ml-over-spec-'));
    writeFileSync(join(d, 'estate.json'), JSON.stringify([kv]));
    writeFileSync(join(d, 'il5ml.yaml'), readFileSync(join(dir, 'spec.yaml')));
    const r = await runMain(['check', 'estate.json', '--out', 'il5ml.yaml'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out il5ml.yaml would overwrite the spec il5ml.yaml');
    expect(readFileSync(join(d, 'il5ml.yaml'), 'utf8')).toBe(readFileSync(join(dir, 'spec.yaml'), 'utf8'));
  });

  it('egress --format edl --out-dir: a list named as the --service-tags file', async () => {
    // The tags the default spec's rules use (no real release: unit tests do not read ../shared).
    const names = ['AzureActiveDirectory', 'AzureContainerRegistry.USGovVirginia', 'AzureFrontDoor.Frontend', 'AzureKeyVault.USGovVirginia', 'AzureMachineLearning', 'AzureMonitor', 'AzureResourceManager', 'BatchNodeManagement', 'BatchNodeManagement.USGovVirginia', 'MicrosoftContainerRegistry', 'Storage.USGovVirginia'];
    const tags = JSON.stringify({ changeNumber: 1, cloud: 'AzureGovernment', values: names.map((name) => ({ name, id: name, properties: { changeNumber: 1, region: '', regionId: 0, platform: 'Azure', systemService: name, addressPrefixes: ['20.0.0.0/24'], networkFeatures: ['NSG'] } })) });
    write('edl/AzureMonitor.txt', tags);
    const r = await runMain(['egress', '--spec', 'spec.yaml', '--format', 'edl', '--service-tags', 'edl/AzureMonitor.txt', '--out-dir', 'edl'], { cwd: dir });
    expect(r.stderr).toMatch(/--out-dir edl: AzureMonitor\.txt would overwrite the --service-tags file edl\/AzureMonitor\.txt/);
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'edl', 'AzureMonitor.txt'), 'utf8')).toBe(tags);
  });

  it('an output that is no input is written as before', async () => {
    const r = await runMain(['check', 'estate.json', '--policy', 'policies', '--parameters', 't.parameters.json', '--format', 'sarif', '--out', 'estate.sarif'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(existsSync(join(dir, 'estate.sarif'))).toBe(true);
  });

  it('as a user types it (the tester\'s repro): exit 2, the input kept', () => {
    const d = mkdtempSync(join(tmpdir(), 'il5ml-victim-'));
    const text = JSON.stringify([kv], null, 2);
    writeFileSync(join(d, 'victim.json'), text);
    const r = runBin(['check', join(d, 'victim.json'), '--format', 'sarif', '--out', join(d, 'victim.json')], { cwd: tmpdir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--out ${join(d, 'victim.json')} would overwrite the input ${join(d, 'victim.json')}`);
    expect(r.stderr).toContain(`fix: write the report to another file, e.g. --out ${join(d, 'victim.sarif')}`);
    expect(r.stderr).not.toContain('wrote');
    expect(readFileSync(join(d, 'victim.json'), 'utf8')).toBe(text);
  });
});
