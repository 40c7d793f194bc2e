import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBin, runMain } from '../helpers/cli.js';
import { defLogs, defPurge, set, SUB } from '../helpers/test-initiative.js';

/** `il5ml check … --assignment FILE` and `il5ml audit … --assignment FILE`, as a user types them. */

const RG = SUB.replace(/\/providers$/, '');
const kv = (name: string, purge: boolean, location = 'usgovvirginia') => ({ id: `${RG}/providers/Microsoft.KeyVault/vaults/${name}`, type: 'Microsoft.KeyVault/vaults', name, location, properties: { enablePurgeProtection: purge } });

/** What `az policy assignment show` prints (properties at the top level). */
const assignment = (extra: Record<string, unknown>, scope = RG) => ({
  id: `${scope}/providers/Microsoft.Authorization/policyAssignments/il5`,
  name: 'il5',
  type: 'Microsoft.Authorization/policyAssignments',
  scope,
  policyDefinitionId: set.id,
  notScopes: [],
  parameters: {},
  ...extra,
});

const template = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  resources: [{ type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name: 'kvt', location: 'usgovvirginia', properties: { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'premium' }, enablePurgeProtection: false } }],
};

let dir = '';
const write = (name: string, doc: unknown): void => writeFileSync(join(dir, name), typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-assignment-'));
  mkdirSync(join(dir, 'policies'));
  write('policies/set.json', set);
  write('policies/purge.json', defPurge);
  write('policies/logs.json', defLogs);
  write('estate.json', [kv('kv-a', false), kv('kv-b', false, 'usgovarizona')]);
  write('azuredeploy.json', template);
  write('not-kv-a.json', assignment({ notScopes: [`${RG}/providers/Microsoft.KeyVault/vaults/kv-a`] }));
  write('arizona-deny.json', assignment({ overrides: [{ kind: 'policyEffect', value: 'Deny', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['purge'] }, { kind: 'resourceLocation', in: ['usgovarizona'] }] }] }));
  write('virginia-only.json', assignment({ resourceSelectors: [{ name: 'SDPRegions', selectors: [{ kind: 'resourceLocation', in: ['usgovvirginia'] }] }] }));
  write('both.json', assignment({ resourceSelectors: [{ name: 'SDPRegions', selectors: [{ kind: 'resourceLocation', in: ['usgovvirginia'], notIn: ['usgovtexas'] }] }] }));
  write('bad-ref.json', assignment({ overrides: [{ kind: 'policyEffect', value: 'Disabled', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['purgee'] }] }] }));
  write('bad-effect.json', assignment({ overrides: [{ kind: 'policyEffect', value: 'Modify', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['purge'] }] }] }));
  write('other-sub.json', assignment({}, '/subscriptions/22222222-2222-2222-2222-222222222222'));
  write('deployed-sub.json', assignment({}, '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/prod'));
  write('params.json', { purgeEffect: { value: 'Deny' } });
});

const run = (...args: string[]) => runMain(args, { cwd: dir });
type Doc = { results: { resourceId: string; policyDefinitionReferenceId?: string; compliance: string; effect: string }[] };
const pairs = (stdout: string): string[] =>
  (JSON.parse(stdout) as Doc).results.map((x) => `${x.policyDefinitionReferenceId ?? ''}:${x.resourceId.split('/').pop() ?? ''}:${x.compliance}:${x.effect}`).sort();

describe('il5ml check --assignment', () => {
  it('notScopes: the excluded vault gets no verdict from the assignment', async () => {
    const r = await run('check', 'estate.json', '--policy', 'policies', '--baseline', 'none', '--assignment', 'not-kv-a.json', '--format', 'json');
    expect(r.code).toBe(1);
    expect(pairs(r.stdout)).toEqual(['logs:kv-b:NonCompliant:auditIfNotExists', 'purge:kv-b:NonCompliant:audit']);
  });

  it('overrides: Deny for the purge definition in Arizona only', async () => {
    const r = await run('check', 'estate.json', '--policy', 'policies', '--baseline', 'none', '--assignment', 'arizona-deny.json', '--format', 'json', '--fail-on', 'deny');
    expect(pairs(r.stdout)).toEqual(['logs:kv-a:NonCompliant:auditIfNotExists', 'logs:kv-b:NonCompliant:auditIfNotExists', 'purge:kv-a:NonCompliant:audit', 'purge:kv-b:NonCompliant:deny']);
    // --fail-on deny counts the overridden effect.
    expect(r.code).toBe(1);
  });

  it('resourceSelectors: only Virginia is evaluated', async () => {
    const r = await run('check', 'estate.json', '--policy', 'policies', '--baseline', 'none', '--assignment', 'virginia-only.json', '--format', 'json');
    expect(pairs(r.stdout)).toEqual(['logs:kv-a:NonCompliant:auditIfNotExists', 'purge:kv-a:NonCompliant:audit']);
  });

  it('two assignments: each gives its verdicts', async () => {
    const r = await run('check', 'estate.json', '--policy', 'policies', '--baseline', 'none', '--assignment', 'not-kv-a.json', '--assignment', 'virginia-only.json', '--format', 'json');
    expect(pairs(r.stdout)).toHaveLength(4);
  });

  it('an invalid assignment: exit 2, file:line:column and what Azure refuses; every file reported at once', async () => {
    const r = await run('check', 'estate.json', '--policy', 'policies', '--assignment', 'both.json', '--assignment', 'bad-ref.json', '--assignment', 'bad-effect.json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/both\.json:\d+:\d+: error IL5-ASSIGNMENT: assignment 'il5': resourceSelectors\[0\]\.selectors\[0\] has both 'in' and 'notIn'/);
    expect(r.stderr).toMatch(/bad-ref\.json:\d+:\d+: .*the following policy definition reference IDs used in overrides\[0\] do not exist in the assigned policy set definition: 'purgee'/);
    expect(r.stderr).toMatch(/bad-effect\.json:\d+:\d+: .*'modify' is not an allowed value of its effect parameter 'effect'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--assignment needs --policy, and carries its own parameters (no --policy-params beside it)', async () => {
    const a = await run('check', 'estate.json', '--assignment', 'not-kv-a.json');
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--assignment needs --policy/);
    const b = await run('check', 'estate.json', '--policy', 'policies', '--assignment', 'not-kv-a.json', '--policy-params', 'params.json');
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--policy-params and --assignment both give parameter values/);
  });

  it('a template checked under an assignment of the subscription it deploys to', async () => {
    const off = await run('check', 'azuredeploy.json', '--policy', 'policies', '--baseline', 'none', '--assignment', 'deployed-sub.json', '--format', 'json');
    expect(off.stderr).toMatch(/warning IL5-ASSIGNMENT-SCOPE: assignment 'il5' is assigned at \/subscriptions\/22222222-2222-2222-2222-222222222222\/resourceGroups\/prod, which holds none of the 1 resources given/);
    expect(pairs(off.stdout)).toEqual([]);
    const on = await run('check', 'azuredeploy.json', '--policy', 'policies', '--baseline', 'none', '--assignment', 'deployed-sub.json', '--subscription-id', '22222222-2222-2222-2222-222222222222', '--resource-group', 'prod', '--format', 'json');
    expect(on.stderr).not.toMatch(/IL5-ASSIGNMENT-SCOPE/);
    expect(pairs(on.stdout)).toEqual(['logs:kvt:NonCompliant:auditIfNotExists', 'purge:kvt:NonCompliant:audit']);
  });

  it('the policyAssignments resource of a template, expanded by il5ml expand', async () => {
    write('with-assignment.json', {
      ...template,
      resources: [
        ...template.resources,
        { type: 'Microsoft.Authorization/policyAssignments', apiVersion: '2024-04-01', name: 'il5', properties: { policyDefinitionId: set.id, notScopes: ["[resourceId('Microsoft.KeyVault/vaults', 'kvt')]"] } },
      ],
    });
    const expanded = await run('expand', 'with-assignment.json');
    expect(expanded.code).toBe(0);
    write('expanded.json', expanded.stdout);
    const r = await run('check', 'with-assignment.json', '--policy', 'policies', '--baseline', 'none', '--assignment', 'expanded.json', '--format', 'json');
    expect(r.code).toBe(0);
    expect(pairs(r.stdout)).toEqual([]);
    // The template itself holds expressions: only a deployment (or il5ml expand) evaluates them.
    const raw = await run('check', 'with-assignment.json', '--policy', 'policies', '--assignment', 'with-assignment.json');
    expect(raw.code).toBe(2);
    expect(raw.stderr).toMatch(/with-assignment\.json:\d+:\d+: error IL5-ASSIGNMENT: assignment 'il5': notScopes holds a template expression/);
  });

  it("the spec's check: section gives assignment (paths relative to the spec); a flag wins", async () => {
    mkdirSync(join(dir, 'team'), { recursive: true });
    write('team/il5ml.yaml', 'check:\n  policy: [../policies]\n  assignment: [../not-kv-a.json]\n  baseline: none\n  format: json\n');
    const r = await run('check', 'estate.json', '--spec', 'team/il5ml.yaml');
    expect(pairs(r.stdout)).toEqual(['logs:kv-b:NonCompliant:auditIfNotExists', 'purge:kv-b:NonCompliant:audit']);
    const flag = await run('check', 'estate.json', '--spec', 'team/il5ml.yaml', '--assignment', 'virginia-only.json');
    expect(pairs(flag.stdout)).toEqual(['logs:kv-a:NonCompliant:auditIfNotExists', 'purge:kv-a:NonCompliant:audit']);
  });

  it('as a user types it (bin/il5ml.cjs)', () => {
    const r = runBin(['check', 'estate.json', '--policy', 'policies', '--baseline', 'none', '--assignment', 'not-kv-a.json', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(pairs(r.stdout)).toEqual(['logs:kv-b:NonCompliant:auditIfNotExists', 'purge:kv-b:NonCompliant:audit']);
  });
});

describe('hostile --assignment and --aliases files: exit 2, never 3', () => {
  const cases: [string, string, RegExp, RegExp][] = [
    ['nested 100,000 deep', '['.repeat(100_000) + ']'.repeat(100_000), /nests deeper than 512 levels/, /nests deeper than 512 levels/],
    ['not JSON', '{"policyDefinitionId": ', /is not valid JSON/, /is not valid JSON/],
    [
      'a terminal escape in a name is shown escaped',
      JSON.stringify({ name: 'x\u001b[2J', namespace: 'N\u001b[2J', policyDefinitionId: set.id, scope: RG, resourceSelectors: 'all', resourceTypes: [{ resourceType: 't', aliases: [{}] }] }),
      /assignment 'x\\u001b\[2J': resourceSelectors must be an array/,
      /resource type N\\u001b\[2J\/t: aliases\[0\] has no name/,
    ],
  ];
  it.each(cases)('%s', async (_name, text, asAssignment, asAliases) => {
    write('hostile.json', text);
    const a = await run('check', 'estate.json', '--policy', 'policies', '--assignment', 'hostile.json');
    const b = await run('check', 'estate.json', '--policy', 'policies', '--aliases', 'hostile.json');
    expect([a.code, b.code]).toEqual([2, 2]);
    expect(a.stderr).toMatch(asAssignment);
    expect(b.stderr).toMatch(asAliases);
    for (const r of [a, b]) expect(r.stderr).not.toContain('\u001b[2J');
  });
});

describe('il5ml audit --assignment', () => {
  it('is offered, and checked before anything is sent', async () => {
    const help = await run('audit', '--help');
    expect(help.stdout).toMatch(/--assignment <file>/);
    const r = await run('audit', '--subscription', '11111111-1111-1111-1111-111111111111', '--assignment', 'both.json', '--policy', 'policies', '--arm-endpoint', 'https://127.0.0.1:9');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/both\.json:\d+:\d+: error IL5-ASSIGNMENT/);
  });
});

describe('il5ml check --aliases', () => {
  const TYPE = 'Contoso.Data/stores';
  const def = {
    name: 'cccccccc-0000-0000-0000-000000000001',
    properties: { displayName: 'Stores should be Premium', mode: 'Indexed', policyRule: { if: { allOf: [{ field: 'type', equals: TYPE }, { field: `${TYPE}/tier`, notEquals: 'Premium' }] }, then: { effect: 'audit' } } },
  };
  const store = (name: string, apiVersion: string) => ({ type: TYPE, apiVersion, name, location: 'usgovvirginia', sku: { tier: 'Basic' }, properties: { serviceTier: 'Premium' } });
  const listing = { namespace: 'Contoso.Data', resourceTypes: [{ resourceType: 'stores', aliases: [{ name: `${TYPE}/tier`, defaultPath: 'sku.tier', paths: [{ path: 'properties.serviceTier', apiVersions: ['2014-04-01'] }, { path: 'sku.tier', apiVersions: ['2023-08-01'] }] }] }] };
  beforeAll(() => {
    mkdirSync(join(dir, 'stores'), { recursive: true });
    write('stores/def.json', def);
    write('stores/template.json', { ...template, resources: [store('old', '2014-04-01'), store('new', '2023-08-01')] });
    write('stores/aliases.json', listing);
    write('stores/bad-aliases.json', { namespace: 'Contoso.Data', resourceTypes: [{ resourceType: 'stores', aliases: [{ name: `${TYPE}/tier` }] }] });
  });

  it('each resource is read at the path of its apiVersion', async () => {
    const without = await run('check', 'stores/template.json', '--policy', 'stores/def.json', '--baseline', 'none', '--format', 'json');
    expect(pairs(without.stdout)).toEqual([':new:Unknown:audit', ':old:Unknown:audit']);
    const r = await run('check', 'stores/template.json', '--policy', 'stores/def.json', '--baseline', 'none', '--aliases', 'stores/aliases.json', '--format', 'json');
    expect(pairs(r.stdout)).toEqual([':new:NonCompliant:audit', ':old:Compliant:audit']);
    expect(r.code).toBe(1);
  });

  it('a listing Azure would not print: exit 2 with the position', async () => {
    const r = await run('check', 'stores/template.json', '--policy', 'stores/def.json', '--aliases', 'stores/bad-aliases.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stores\/bad-aliases\.json:\d+:\d+: error IL5-ALIASES: alias Contoso\.Data\/stores\/tier has neither a defaultPath nor paths/);
  });
});
