import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AzureResource } from '../../src/core/resource.js';
import { Unknown } from '../../src/core/unknown.js';
import { compileAssignments, emptyScopeWarnings, parseAssignments } from '../../src/policy/assignment.js';
import { isManagementGroup as gateIsMg, underScope as gateUnderScope } from '../../src/policy/assignment-gate.js';
import { parsePolicyFile, mergeLoaded } from '../../src/policy/definitions.js';
import { compilePolicies, evaluatePolicies, type PolicyAssignment } from '../../src/policy/evaluate.js';
import * as ti from '../helpers/test-initiative.js';

const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111';
const RG1 = `${SUB}/resourceGroups/rg1`;
const RG2 = `${SUB}/resourceGroups/rg2`;
const SET_ID = '/providers/Microsoft.Authorization/policySetDefinitions/aaaaaaaa-0000-0000-0000-000000000001';
const HTTPS = 'bbbbbbbb-0000-0000-0000-000000000001';
const PURGE = 'bbbbbbbb-0000-0000-0000-000000000002';

const httpsDef = {
  name: HTTPS,
  properties: {
    displayName: 'Storage accounts should use HTTPS',
    mode: 'Indexed',
    parameters: { effect: { type: 'String', allowedValues: ['Audit', 'Deny', 'Disabled'], defaultValue: 'Audit' } },
    policyRule: {
      if: { allOf: [{ field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, { field: 'Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly', notEquals: true }] },
      then: { effect: "[parameters('effect')]" },
    },
  },
};
const purgeDef = {
  name: PURGE,
  properties: {
    displayName: 'Key vaults should have purge protection',
    mode: 'Indexed',
    policyRule: {
      if: { allOf: [{ field: 'type', equals: 'Microsoft.KeyVault/vaults' }, { field: 'Microsoft.KeyVault/vaults/enablePurgeProtection', notEquals: true }] },
      then: { effect: 'audit' },
    },
  },
};
const set = {
  id: SET_ID,
  name: 'aaaaaaaa-0000-0000-0000-000000000001',
  properties: {
    displayName: 'Test initiative',
    parameters: { httpsEffect: { type: 'String', allowedValues: ['Audit', 'Deny', 'Disabled'], defaultValue: 'Audit' } },
    policyDefinitions: [
      { policyDefinitionReferenceId: 'https', policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${HTTPS}`, parameters: { effect: { value: "[parameters('httpsEffect')]" } } },
      { policyDefinitionReferenceId: 'kvPurge', policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${PURGE}`, parameters: {} },
    ],
  },
};
const loaded = mergeLoaded([httpsDef, purgeDef, set].map((d, i) => parsePolicyFile(`p${i}.json`, JSON.stringify(d))));

function sa(rg: string, name: string, location: unknown): AzureResource {
  return { id: `${rg}/providers/Microsoft.Storage/storageAccounts/${name}`, type: 'Microsoft.Storage/storageAccounts', name, location: location as string, properties: { supportsHttpsTrafficOnly: false } };
}
function kv(rg: string, name: string, location: unknown): AzureResource {
  return { id: `${rg}/providers/Microsoft.KeyVault/vaults/${name}`, type: 'Microsoft.KeyVault/vaults', name, location: location as string, properties: { enablePurgeProtection: false } };
}
const estate = [sa(RG1, 'sa1', 'usgovvirginia'), sa(RG2, 'sa2', 'USGov Arizona'), kv(RG1, 'kv1', 'usgovvirginia'), kv(RG2, 'kv2', 'usgovarizona')];

/** `az policy assignment show` output: the properties flattened to the top level. */
function azShow(extra: Record<string, unknown>, scope = SUB): Record<string, unknown> {
  return { id: `${scope}/providers/Microsoft.Authorization/policyAssignments/il5`, name: 'il5', type: 'Microsoft.Authorization/policyAssignments', scope, policyDefinitionId: SET_ID, notScopes: [], parameters: {}, ...extra };
}

function verdicts(doc: unknown, resources: AzureResource[] = estate): string[] {
  const parsed = parseAssignments('a.json', JSON.stringify(doc, null, 2));
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const compiled = compileAssignments(loaded, parsed.assignments);
  expect(compiled.diagnostics).toEqual([]);
  return evaluatePolicies(resources, compiled.assignments)
    .map((r) => `${r.policyDefinitionReferenceId ?? ''}:${r.resourceId.split('/').pop() ?? ''}:${r.compliance}:${r.effect}`)
    .sort();
}

const ALL = ['https:sa1:NonCompliant:audit', 'https:sa2:NonCompliant:audit', 'kvPurge:kv1:NonCompliant:audit', 'kvPurge:kv2:NonCompliant:audit'];

describe('policy assignment: scope, notScopes, resourceSelectors, overrides, parameters', () => {
  const cases: [string, Record<string, unknown>, string[], string?][] = [
    ['no narrowing: the whole subscription', {}, ALL],
    ['scope: a resource group and what is under it', {}, ['https:sa1:NonCompliant:audit', 'kvPurge:kv1:NonCompliant:audit'], RG1],
    ['notScopes: a resource group is not evaluated', { notScopes: [RG2] }, ['https:sa1:NonCompliant:audit', 'kvPurge:kv1:NonCompliant:audit']],
    ['notScopes: one resource, case-insensitively', { notScopes: [`${RG1.toUpperCase()}/providers/Microsoft.Storage/storageAccounts/SA1`] }, ['https:sa2:NonCompliant:audit', 'kvPurge:kv1:NonCompliant:audit', 'kvPurge:kv2:NonCompliant:audit']],
    ['notScopes: a prefix that is not a parent excludes nothing', { notScopes: [`${SUB}/resourceGroups/rg`] }, ALL],
    ['resourceLocation in (display names normalized)', { resourceSelectors: [{ name: 'az', selectors: [{ kind: 'resourceLocation', in: ['usgovarizona'] }] }] }, ['https:sa2:NonCompliant:audit', 'kvPurge:kv2:NonCompliant:audit']],
    ['resourceType notIn', { resourceSelectors: [{ name: 'noKv', selectors: [{ kind: 'resourceType', notIn: ['microsoft.keyvault/vaults'] }] }] }, ['https:sa1:NonCompliant:audit', 'https:sa2:NonCompliant:audit']],
    [
      'two resource selectors: either one',
      { resourceSelectors: [{ name: 'va', selectors: [{ kind: 'resourceLocation', in: ['usgovvirginia'] }] }, { name: 'kv', selectors: [{ kind: 'resourceType', in: ['Microsoft.KeyVault/vaults'] }] }] },
      ['https:sa1:NonCompliant:audit', 'kvPurge:kv1:NonCompliant:audit', 'kvPurge:kv2:NonCompliant:audit'],
    ],
    [
      'one resource selector of two selectors: both',
      { resourceSelectors: [{ name: 'vaSa', selectors: [{ kind: 'resourceLocation', in: ['usgovvirginia'] }, { kind: 'resourceType', in: ['Microsoft.Storage/storageAccounts'] }] }] },
      ['https:sa1:NonCompliant:audit'],
    ],
    ['resourceWithoutLocation in: none of these resource-group resources', { resourceSelectors: [{ name: 'sub', selectors: [{ kind: 'resourceWithoutLocation', in: ['subscriptionLevelResources'] }] }] }, []],
    ['resourceWithoutLocation notIn: all of them', { resourceSelectors: [{ name: 'notSub', selectors: [{ kind: 'resourceWithoutLocation', notIn: ['subscriptionLevelResources'] }] }] }, ALL],
    ['override to Disabled by reference id', { overrides: [{ kind: 'policyEffect', value: 'Disabled', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['kvPurge'] }] }] }, ['https:sa1:NonCompliant:audit', 'https:sa2:NonCompliant:audit']],
    [
      'override to Deny in one location only',
      { overrides: [{ kind: 'policyEffect', value: 'Deny', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['https'] }, { kind: 'resourceLocation', in: ['usgovarizona'] }] }] },
      ['https:sa1:NonCompliant:audit', 'https:sa2:NonCompliant:deny', 'kvPurge:kv1:NonCompliant:audit', 'kvPurge:kv2:NonCompliant:audit'],
    ],
    [
      'overrides in order: the first that matches wins',
      {
        overrides: [
          { kind: 'policyEffect', value: 'Deny', selectors: [{ kind: 'resourceLocation', in: ['usgovvirginia'] }, { kind: 'policyDefinitionReferenceId', in: ['https'] }] },
          { kind: 'policyEffect', value: 'Disabled', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['https'] }] },
        ],
      },
      ['https:sa1:NonCompliant:deny', 'kvPurge:kv1:NonCompliant:audit', 'kvPurge:kv2:NonCompliant:audit'],
    ],
    ['override without selectors: every definition', { overrides: [{ kind: 'policyEffect', value: 'disabled' }] }, []],
    ['parameters: the set parameter turns a definition off', { parameters: { httpsEffect: { value: 'Disabled' } } }, ['kvPurge:kv1:NonCompliant:audit', 'kvPurge:kv2:NonCompliant:audit']],
    ['a management group scope covers every resource given', {}, ALL, '/providers/Microsoft.Management/managementGroups/mg1'],
  ];
  it.each(cases)('%s', (_name, extra, expected, scope) => {
    expect(verdicts(azShow(extra, scope ?? SUB))).toEqual([...expected].sort());
  });

  it('a location known only after deployment makes a location selector Unknown, with both reasons', () => {
    const later = [sa(RG1, 'sa9', new Unknown('reference() to a resource group outside the template'))];
    const doc = azShow({ resourceSelectors: [{ name: 'az', selectors: [{ kind: 'resourceLocation', in: ['usgovarizona'] }] }] });
    const compiled = compileAssignments(loaded, parseAssignments('a.json', JSON.stringify(doc)).assignments);
    const [r] = evaluatePolicies(later, compiled.assignments);
    expect(r?.compliance).toBe('Unknown');
    expect(r?.reason).toMatch(/whether assignment 'il5' evaluates .*sa9 cannot be decided offline: resource selector 'az': the location .* is known only after deployment/);
    expect(r?.reason).toMatch(/if it applies: if matched/);
  });

  it('a management group in notScopes cannot be resolved offline: Unknown', () => {
    const r = verdicts(azShow({ notScopes: ['/providers/Microsoft.Management/managementGroups/sandbox'] }), [estate[0] as AzureResource]);
    expect(r).toEqual(['https:sa1:Unknown:audit']);
  });

  it('a single definition assigned alone, with an override and no selector', () => {
    const doc = { ...azShow({ overrides: [{ kind: 'policyEffect', value: 'Deny' }] }), policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${HTTPS}` };
    expect(verdicts(doc)).toEqual([':sa1:NonCompliant:deny', ':sa2:NonCompliant:deny']);
  });

  it('each assigned copy carries every field of the compiled definition, with the same value (and the gate)', () => {
    // The copies are built field by field (assignment.ts gatedCopy, one shape for all): a field added to
    // PolicyAssignment and not copied there would be lost here.
    // With test-initiative.ts's set too: an auditIfNotExists definition (details) in a set with control groups.
    const both = mergeLoaded([httpsDef, purgeDef, set, ti.defPurge, ti.defLogs, ti.set].map((d, i) => parsePolicyFile(`p${i}.json`, JSON.stringify(d))));
    const plain = compilePolicies(both).assignments;
    expect(plain.some((p) => p.details !== undefined && p.groups.length > 0)).toBe(true);
    for (const doc of [
      azShow({}),
      azShow({ overrides: [{ kind: 'policyEffect', value: 'Deny', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['https'] }] }] }),
      azShow({ policyDefinitionId: ti.set.id }),
    ]) {
      const copies = compileAssignments(both, parseAssignments('a.json', JSON.stringify(doc)).assignments).assignments;
      expect(copies.length).toBeGreaterThanOrEqual(2);
      for (const c of copies) {
        // An override's variant also compiles the set's other definitions alone (its gate never admits them).
        if (c.set === undefined) continue;
        const same = plain.find((p) => p.definition === c.definition && p.set?.name === c.set?.name);
        expect(same).toBeDefined();
        for (const [k, v] of Object.entries(same as PolicyAssignment)) {
          if (v === undefined) continue;
          expect(Object.keys(c), k).toContain(k);
          if (k !== 'effect') expect(typeof (c as unknown as Record<string, unknown>)[k], k).toBe(typeof v);
        }
        expect(typeof c.gate).toBe('function');
        expect(typeof c.inScope).toBe('function');
      }
    }
  });

  it('warns when the scope holds none of the resources given', () => {
    const docs = parseAssignments('a.json', JSON.stringify(azShow({}, '/subscriptions/22222222-2222-2222-2222-222222222222'))).assignments;
    const w = emptyScopeWarnings(docs, estate);
    expect(w.map((d) => d.code)).toEqual(['IL5-ASSIGNMENT-SCOPE']);
    expect(emptyScopeWarnings(parseAssignments('a.json', JSON.stringify(azShow({}))).assignments, estate)).toEqual([]);
  });
});

describe('EmptyScopeWatch: assignments whose scope holds none of the resources', () => {
  // Scopes and ids from a few segments in any casing, with trailing slashes: the scope rule as it reads.
  const seg = fc.constantFrom('subscriptions', 's1', 'S1', 'resourceGroups', 'resourcegroups', 'rg', 'RG', 'rg2', 'providers', 'Microsoft.Management', 'managementGroups', 'mg');
  const path = fc.array(seg, { maxLength: 5 }).map((xs) => `/${xs.join('/')}`);
  const scope = fc.tuple(path, fc.constantFrom('', '/', '//')).map(([p, tail]) => p + tail);
  const underScope = (id: string, s: string): boolean => {
    const i = id.toLowerCase();
    const t = s.toLowerCase().replace(/\/+$/, '');
    return i === t || i.startsWith(`${t}/`);
  };
  const isMg = (s: string): boolean => s.toLowerCase().startsWith('/providers/microsoft.management/managementgroups/');

  it('warns for exactly the scopes no resource id falls under (management groups hold any)', () => {
    fc.assert(
      fc.property(fc.array(scope, { maxLength: 6 }), fc.array(path, { maxLength: 8 }), (scopes, ids) => {
        const docs = parseAssignments('a.json', JSON.stringify(scopes.map((s, k) => ({ ...azShow({}, s), name: `a${k}` })))).assignments;
        const resources = ids.map((id) => ({ id, type: 'Microsoft.Storage/storageAccounts', name: 'x' }));
        const expected = docs.filter((d) => d.scope !== undefined && !resources.some((r) => isMg(d.scope ?? '') || underScope(r.id, d.scope ?? ''))).map((d) => d.name);
        expect(emptyScopeWarnings(docs, resources).map((w) => /assignment '([^']*)'/.exec(w.message)?.[1])).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('underScope and isManagementGroup, with their caches, answer as the plain rule in any order of calls', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(path, scope), { maxLength: 20 }), (pairs) => {
        for (const [id, s] of [...pairs, ...pairs.slice().reverse()]) {
          expect(gateUnderScope(id, s), `${id} under ${s}`).toBe(underScope(id, s));
          expect(gateIsMg(s)).toBe(isMg(s));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("PolicyPass's scope index: which assignments a resource visits", () => {
  // The same scopes and ids as above; types the set's definitions apply to.
  const seg = fc.constantFrom('subscriptions', 's1', 'S1', 'resourceGroups', 'resourcegroups', 'rg', 'RG', 'rg2', 'providers', 'Microsoft.Management', 'managementGroups', 'mg');
  const path = fc.array(seg, { maxLength: 5 }).map((xs) => `/${xs.join('/')}`);
  // A scope may be a resource itself (assignments at a resource exist; its children are under it).
  // A scope may be a resource itself (assignments at a resource exist; its children are under it), or a
  // management group (which holds any resource given).
  const scope = fc.oneof(
    fc.tuple(path, fc.constantFrom('', '/providers/Microsoft.Storage/storageAccounts/s'), fc.constantFrom('', '/', '//')).map(([p, at, tail]) => p + at + tail),
    fc.constant('/providers/Microsoft.Management/managementGroups/mg'),
  );
  const resource = fc.tuple(path, fc.boolean(), fc.constantFrom('', '/')).map(([p, isKv, tail]): AzureResource => {
    const r = isKv ? kv(p, 'v', 'usgovvirginia') : sa(p, 's', 'usgovvirginia');
    return { ...r, id: r.id + tail };
  });
  /** The assignments as compiled, without what the index reads: every candidate asked through its gate. */
  const unindexed = (xs: readonly PolicyAssignment[]): PolicyAssignment[] => xs.map(({ inScope: _i, scopePrefix: _p, ...a }) => a);

  it('gives the verdicts, in the order, of asking every definition of every assignment', () => {
    // Effects differ between assignments, so that their verdicts on one resource differ and the order shows.
    const assignment = fc.tuple(scope, fc.boolean(), fc.constantFrom('Audit', 'Deny'));
    fc.assert(
      fc.property(fc.array(assignment, { maxLength: 6 }), fc.array(resource, { maxLength: 8 }), fc.constantFrom('none', 'before', 'after'), (scopes, resources, plain) => {
        const docs = parseAssignments('a.json', JSON.stringify(scopes.map(([s, excludeRg, effect], k) => ({ ...azShow({ notScopes: excludeRg ? [RG1] : [], parameters: { httpsEffect: { value: effect } } }, s), name: `a${k}` })))).assignments;
        const compiled = compileAssignments(loaded, docs).assignments;
        // Definitions given without an assignment (--policy alone) mixed in: visited by every resource.
        const alone = plain === 'none' ? [] : compilePolicies(loaded).assignments;
        const all = plain === 'after' ? [...compiled, ...alone] : [...alone, ...compiled];
        expect(evaluatePolicies(resources, all)).toEqual(evaluatePolicies(resources, unindexed(all)));
      }),
      { numRuns: 300 },
    );
  });

  it('a resource visits the assignments of its resource group and subscription, not the others', () => {
    const scopes = [SUB, RG1, RG2, `${SUB}/resourceGroups/RG1/`, '/providers/Microsoft.Management/managementGroups/mg'];
    const docs = parseAssignments('a.json', JSON.stringify(scopes.map((s, k) => ({ ...azShow({}, s), name: `a${k}` })))).assignments;
    const compiled = compileAssignments(loaded, docs).assignments;
    expect(compiled.filter((a) => a.definition.name === HTTPS).map((a) => a.scopePrefix)).toEqual([SUB.toLowerCase(), RG1.toLowerCase(), RG2.toLowerCase(), RG1.toLowerCase(), undefined]);
    // sa1 (rg1): the subscription's, rg1's twice and the management group's; not rg2's.
    expect(evaluatePolicies([sa(RG1, 'sa1', 'usgovvirginia')], compiled)).toHaveLength(4);
  });
});

describe('policy assignment files: the shapes Azure prints', () => {
  const rest = { id: `${RG1}/providers/Microsoft.Authorization/policyAssignments/il5`, name: 'il5', type: 'Microsoft.Authorization/policyAssignments', properties: { policyDefinitionId: SET_ID, notScopes: [`${RG1}/providers/Microsoft.KeyVault/vaults/kv1`] } };
  const shapes: [string, unknown][] = [
    ['REST GET: properties nested, scope from the id', rest],
    ['az policy assignment list: an array', [rest]],
    ['REST list: {"value": […]}', { value: [rest] }],
    ['a resource list: other resources are skipped', [estate[0], rest, estate[2]]],
  ];
  it.each(shapes)('%s', (_name, doc) => {
    expect(verdicts(doc)).toEqual(['https:sa1:NonCompliant:audit']);
  });
});

describe('policy assignment validation: refused as Azure refuses it, with the position', () => {
  const over = (o: unknown): Record<string, unknown> => azShow({ overrides: [o] });
  const rs = (s: unknown[]): Record<string, unknown> => azShow({ resourceSelectors: [{ name: 'x', selectors: s }] });
  const cases: [string, unknown, RegExp][] = [
    ['unknown selector kind', rs([{ kind: 'resourceGroup', in: ['rg1'] }]), /resourceSelectors\[0\]\.selectors\[0\]\.kind "resourceGroup" is not a selector kind here; Azure accepts resourceLocation, resourceType, resourceWithoutLocation/],
    ['both in and notIn', rs([{ kind: 'resourceType', in: ['a'], notIn: ['b'] }]), /has both 'in' and 'notIn'/],
    ['neither in nor notIn', rs([{ kind: 'resourceType' }]), /has neither 'in' nor 'notIn'/],
    ['a kind twice in one resource selector', rs([{ kind: 'resourceType', in: ['a'] }, { kind: 'resourceType', in: ['b'] }]), /uses the selector kind resourceType twice/],
    ['resourceLocation with resourceWithoutLocation', rs([{ kind: 'resourceLocation', in: ['a'] }, { kind: 'resourceWithoutLocation', in: ['subscriptionLevelResources'] }]), /both resourceLocation and resourceWithoutLocation/],
    ['resourceWithoutLocation of another value', rs([{ kind: 'resourceWithoutLocation', in: ['resourceGroups'] }]), /only supports subscriptionLevelResources/],
    ['more than 50 values', rs([{ kind: 'resourceLocation', in: Array.from({ length: 51 }, (_, i) => `r${i}`) }]), /has 51 values; Azure allows up to 50/],
    ['more than 10 resource selectors', azShow({ resourceSelectors: Array.from({ length: 11 }, (_, i) => ({ name: `s${i}`, selectors: [] })) }), /has 11 resource selectors; Azure allows up to 10/],
    ['a resource selector without a name', azShow({ resourceSelectors: [{ selectors: [] }] }), /resourceSelectors\[0\] has no name/],
    ['an override kind Azure does not know', over({ kind: 'policyMode', value: 'Audit' }), /overrides\[0\]\.kind "policyMode" is not an override kind/],
    ['an override value that is no effect', over({ kind: 'policyEffect', value: 'Block' }), /overrides\[0\]\.value "Block" is not an effect/],
    ['an override selector kind not for overrides', over({ kind: 'policyEffect', value: 'Audit', selectors: [{ kind: 'resourceType', in: ['x'] }] }), /is not a selector kind here; Azure accepts policyDefinitionReferenceId, resourceLocation/],
    ['a template expression', azShow({ notScopes: ["[resourceGroup().id]"] }), /notScopes holds a template expression/],
    ['no policyDefinitionId', { name: 'x', type: 'Microsoft.Authorization/policyAssignments', scope: SUB }, /assignment 'x' has no policyDefinitionId/],
    ['parameters not in {"value": …}', azShow({ parameters: { httpsEffect: 'Deny' } }), /parameter 'httpsEffect' must be \{"value": …\}/],
    ['a file with no assignment', [estate[0]], /holds no policy assignment/],
  ];
  it.each(cases)('%s', (_name, doc, message) => {
    const text = JSON.stringify(doc, null, 2);
    const { diagnostics } = parseAssignments('a.json', text);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.message).join('\n')).toMatch(message);
    for (const e of errors) expect(e.location?.file).toBe('a.json');
  });

  it('the position is the offending property', () => {
    const text = JSON.stringify(rs([{ kind: 'resourceType', in: ['a'], notIn: ['b'] }]), null, 2);
    const [e] = parseAssignments('a.json', text).diagnostics;
    const line = text.split('\n').findIndex((l) => l.includes('"kind": "resourceType"'));
    // The selector object opens on the line before its first property.
    expect(e?.location?.line).toBe(line);
    expect(e?.path).toBe('resourceSelectors[0].selectors[0]');
  });

  it('a policyDefinitionId that is not an id: at the key, with the assignment\'s other problems (all at once)', () => {
    const text = JSON.stringify({ ...azShow({ parameters: { httpsEffect: 'Deny' } }), policyDefinitionId: 5 }, null, 2);
    const { assignments, diagnostics } = parseAssignments('a.json', text);
    expect(assignments).toEqual([]);
    const lineOf = (s: string): number => text.split('\n').findIndex((l) => l.includes(s)) + 1;
    expect(diagnostics.map((d) => [d.message, d.location?.line, d.path])).toEqual([
      ["assignment 'il5': policyDefinitionId must be the id of a definition or set, not 5", lineOf('"policyDefinitionId": 5'), 'policyDefinitionId'],
      ["assignment 'il5': parameter 'httpsEffect' must be {\"value\": …}", lineOf('"httpsEffect": "Deny"'), 'parameters.httpsEffect'],
    ]);
  });

  // policyVersion (assignment-structure, #overrides) and definitionVersion, the OverrideKind the policy API
  // names ("definitionVersion: It will override the definition version property value of the policy
  // assignment", https://learn.microsoft.com/javascript/api/@azure/arm-policy/overridekind, read 2026-12-08):
  // before, an assignment Azure returned with definitionVersion was refused as "not an override kind".
  it.each(['policyVersion', 'definitionVersion'])('%s overrides are a warning: il5ml evaluates the definitions given', (kind) => {
    const { assignments, diagnostics } = parseAssignments('a.json', JSON.stringify(over({ kind, value: '2.*.*', selectors: [{ kind: 'resourceLocation', in: ['usgovvirginia'] }] })));
    expect(assignments).toHaveLength(1);
    expect(diagnostics.map((d) => [d.severity, d.message])).toEqual([['warning', expect.stringMatching(new RegExp(`\\(${kind}\\) is not applied`))]]);
  });

  const compileCases: [string, unknown, RegExp][] = [
    ['an override of a reference id the set lacks', over({ kind: 'policyEffect', value: 'Disabled', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['kvPurge', 'nope'] }] }), /the following policy definition reference IDs used in overrides\[0\] do not exist in the assigned policy set definition: 'nope'/],
    ['an effect outside the effect parameter\'s allowed values', over({ kind: 'policyEffect', value: 'Append', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['https'] }] }), /'append' is not an allowed value of its effect parameter 'effect' \("Audit", "Deny", "Disabled"\)/],
    ['an IfNotExists effect for a rule without details', over({ kind: 'policyEffect', value: 'AuditIfNotExists', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['kvPurge'] }] }), /its rule has no then\.details\.type, which auditIfNotExists needs/],
    ['a reference-id selector on a single definition', { ...over({ kind: 'policyEffect', value: 'Deny', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['https'] }] }), policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${HTTPS}` }, /assigns a single definition, not a set/],
    ['a parameter the set does not declare', azShow({ parameters: { effekt: { value: 'Deny' } } }), /parameter 'effekt' in assignment 'il5' is not a parameter of the policies given/],
    ['a parameter value outside its allowed values', azShow({ parameters: { httpsEffect: { value: 'Block' } } }), /'"Block"' is not an allowed value of 'httpsEffect'/],
    ['a definition not given to --policy', { ...azShow({}), policyDefinitionId: '/providers/Microsoft.Authorization/policySetDefinitions/missing' }, /which is not among the policies given to --policy/],
  ];
  it.each(compileCases)('%s', (_name, doc, message) => {
    const parsed = parseAssignments('a.json', JSON.stringify(doc, null, 2));
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { diagnostics, assignments } = compileAssignments(loaded, parsed.assignments);
    expect(diagnostics.map((d) => d.message).join('\n')).toMatch(message);
    expect(diagnostics.every((d) => d.severity === 'error' && d.location?.file === 'a.json')).toBe(true);
    expect(assignments).toEqual([]);
  });
});

describe('policy assignments: bounded work', () => {
  it('50,000 excluded scopes: each resource is tested against its own ancestors', () => {
    const notScopes = Array.from({ length: 50_000 }, (_, i) => `${SUB}/resourceGroups/other${i}`);
    notScopes.push(`${RG1}/providers/Microsoft.Storage/storageAccounts/sa1`);
    expect(verdicts(azShow({ notScopes }))).toEqual(['https:sa2:NonCompliant:audit', 'kvPurge:kv1:NonCompliant:audit', 'kvPurge:kv2:NonCompliant:audit']);
  });

  it('identical compilations are shared; past the work budget, one error', () => {
    const many = Array.from({ length: 3 }, (_, i) => ({ ...azShow({}), name: `a${i}` }));
    const docs = parseAssignments('a.json', JSON.stringify(many)).assignments;
    // The set has 2 definitions: three identical assignments compile it once.
    const shared = compileAssignments(loaded, docs, 2);
    expect(shared.diagnostics).toEqual([]);
    expect(evaluatePolicies(estate, shared.assignments)).toHaveLength(12);
    const distinct = parseAssignments('a.json', JSON.stringify(many.map((a, i) => ({ ...a, parameters: { httpsEffect: { value: i % 2 ? 'Deny' : 'Audit' } } })))).assignments;
    const over = compileAssignments(loaded, distinct, 3);
    expect(over.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/assignment 'a1': the assignments given need more than 3 definitions compiled/)]);
  });
});

describe('policy assignments from an expanded template: values known only after deployment', () => {
  it('a notScope or scope il5ml expand could not compute is refused with why', () => {
    const later = { $unknown: "reference('hub').outputs.rg is known only after deployment" };
    const a = parseAssignments('e.json', JSON.stringify(azShow({ notScopes: [later] })));
    expect(a.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/notScopes\[0\] is known only after deployment \(reference\('hub'\)/)]);
    const b = parseAssignments('e.json', JSON.stringify({ ...azShow({}), scope: later }));
    expect(b.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/its scope is known only after deployment/)]);
  });
});

describe('an override whose location is known only after deployment', () => {
  const later = [sa(RG1, 'sa9', new Unknown('reference() to a resource group outside the template'))];
  it.each([
    ['to Deny: one Unknown verdict, from the override', 'Deny', ['https:sa9:Unknown:deny']],
    ['to Disabled: one Unknown verdict, under the assignment\'s own effect', 'Disabled', ['https:sa9:Unknown:audit']],
  ])('%s', (_name, value, expected) => {
    const doc = azShow({ overrides: [{ kind: 'policyEffect', value, selectors: [{ kind: 'policyDefinitionReferenceId', in: ['https'] }, { kind: 'resourceLocation', in: ['usgovarizona'] }] }] });
    expect(verdicts(doc, later)).toEqual(expected);
  });
});
