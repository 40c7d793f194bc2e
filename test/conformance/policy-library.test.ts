/**
 * `--policy azure-policy/built-in-policies`, as README.md and docs/policy-inputs.md tell a user to run it:
 * a folder laid out as Azure/azure-policy's (sets under policySetDefinitions/, definitions under
 * policyDefinitions/<category>/, Azure Government variants under `Azure Government/`), holding the DoD IL5
 * initiative of ../shared among other sets and definitions, gives the verdicts of the initiative given alone.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/emit/plan.js';
import { defaultSpec } from '../../src/spec/load.js';
import { runMain } from '../helpers/cli.js';
import { sharedPath } from './shared.js';

const dir = mkdtempSync(join(tmpdir(), 'il5ml-policy-library-'));
writeFileSync(join(dir, 'azuredeploy.json'), buildPlan(defaultSpec()).files().get('azuredeploy.json') ?? '');
const repo = join(dir, 'built-in-policies');
const put = (rel: string, doc: unknown): void => {
  mkdirSync(dirname(join(repo, rel)), { recursive: true });
  writeFileSync(join(repo, rel), JSON.stringify(doc, null, 2));
};
// The initiative and its definitions, as the repository keeps their Azure Government variants.
cpSync(sharedPath('azure-policy', 'DOD_IL5_audit.json'), join(repo, 'policySetDefinitions', 'Azure Government', 'Regulatory Compliance', 'DOD_IL5_audit.json'), { recursive: true });
const defs = readdirSync(sharedPath('azure-policy', 'definitions'));
for (const f of defs) cpSync(sharedPath('azure-policy', 'definitions', f), join(repo, 'policyDefinitions', 'Azure Government', 'Key Vault', f));
// The public cloud's variant of one, in a category that sorts before "Azure Government", turned off: used, it
// would take that definition's verdicts away.
const KV_PURGE = '0b60c0b2-2dc2-4e1c-b5c9-abbed971de53';
const purge = JSON.parse(readFileSync(sharedPath('azure-policy', 'definitions', `${KV_PURGE}.json`), 'utf8')) as { properties: { policyRule: { then: Record<string, unknown> }; parameters?: unknown } };
put(`policyDefinitions/API Management/${KV_PURGE}.json`, { ...purge, properties: { ...purge.properties, parameters: {}, policyRule: { ...purge.properties.policyRule, then: { effect: 'disabled' } } } });
// Other sets, one with a parameter without a default (an error were it evaluated), and a definition with
// an effect of Azure's older Kubernetes policies (refused were it evaluated).
put('policySetDefinitions/Guest Configuration/Members.json', {
  name: 'cccccccc-0000-0000-0000-000000000001',
  properties: { displayName: 'Administrators group members', parameters: { Members: { type: 'String' } }, policyDefinitions: [{ policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${KV_PURGE}`, parameters: { effect: { value: "[parameters('Members')]" } } }] },
});
put('policyDefinitions/Kubernetes service/ContainerNoPrivilege_EnforceRegoPolicy.json', {
  name: 'cccccccc-0000-0000-0000-000000000002',
  properties: { displayName: 'Do not allow privileged containers in AKS', mode: 'Microsoft.ContainerService.Data', policyRule: { if: { field: 'type', equals: 'Microsoft.ContainerService/managedClusters' }, then: { effect: 'EnforceRegoPolicy' } } },
});

type Doc = { results: { policyDefinitionId: string; resourceId: string; compliance: string; reason: string }[] };
const verdicts = (doc: Doc): string[] => doc.results.map((r) => `${r.policyDefinitionId} ${r.resourceId} ${r.compliance} ${r.reason}`).sort();

describe('--policy over a clone of Azure/azure-policy', () => {
  it('evaluates the DoD IL5 initiative alone, with its Azure Government definitions: the verdicts of the initiative given by itself', async () => {
    const lib = await runMain(['check', 'azuredeploy.json', '--policy', 'built-in-policies', '--format', 'json'], { cwd: dir });
    const own = await runMain(['check', 'azuredeploy.json', '--policy', sharedPath('azure-policy'), '--format', 'json'], { cwd: dir });
    expect(lib.stderr).toMatch(/il5ml: --policy gave 2 policy sets; evaluating the DoD IL5 initiative alone \('DoD Impact Level 5', f9a961fa-3241-4b20-adc4-bbf8ad9d7197\)/);
    expect([lib.code, own.code]).toEqual([0, 0]);
    const got = verdicts(JSON.parse(lib.stdout) as Doc);
    expect(got.some((v) => v.includes(KV_PURGE))).toBe(true);
    expect(got).toEqual(verdicts(JSON.parse(own.stdout) as Doc));
  });

  it('--initiative chooses another set, and its errors are then the user\'s to fix', async () => {
    const r = await runMain(['check', 'azuredeploy.json', '--policy', 'built-in-policies', '--initiative', 'Administrators group members'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IL5-POLICY-PARAM: policy set 'Administrators group members' needs a value for its parameter 'Members'/);
    const none = await runMain(['check', 'azuredeploy.json', '--policy', 'built-in-policies', '--initiative', 'IL5'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/IL5-POLICY-INITIATIVE: --initiative "IL5" names none of the 2 policy sets given to --policy/);
  });

  it("the spec's check.initiative is the flag's default", async () => {
    expect((await runMain(['init', '--out', 'spec/il5ml.yaml'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'spec', 'il5ml.yaml'), `${readFileSync(join(dir, 'spec', 'il5ml.yaml'), 'utf8')}\ncheck:\n  policy: [../built-in-policies]\n  initiative: [IL5]\n`);
    const r = await runMain(['check', '../azuredeploy.json'], { cwd: join(dir, 'spec') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IL5-POLICY-INITIATIVE: --initiative "IL5" names none of the 2 policy sets/);
  });
});
