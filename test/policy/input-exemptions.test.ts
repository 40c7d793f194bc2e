import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/arm/template/expand.js';
import { runBaseline } from '../../src/baseline/index.js';
import { examples, ids } from '../../src/baseline/examples.js';
import type { AzureResource } from '../../src/core/resource.js';
import { Unknown } from '../../src/core/unknown.js';
import type { CheckResult } from '../../src/core/verdict.js';
import { compilePolicies, evaluateDetailed, mergeLoaded, parsePolicyFile, readInputExemptions } from '../../src/policy/index.js';
import { RG, SUB } from './helpers.js';

// Source of every expected value: Microsoft Learn, "Azure Policy exemption structure" — scope (a child
// object of the resource hierarchy or resource it exempts), policyAssignmentId, policyDefinitionReferenceIds
// ("must match … policyDefinitionReferenceId"), exemptionCategory, expiresOn ("no longer honored"), and
// "don't work with Resource Provider modes".
const SRC = 'https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure';

const SET_GUID = 'f9a961fa-3241-4b20-adc4-bbf8ad9d7197';
const D_HTTPS = '00000000-0000-0000-0000-0000000000a1';
const D_TLS = '00000000-0000-0000-0000-0000000000a2';
const D_ALONE = '00000000-0000-0000-0000-0000000000a3';
const ST = 'Microsoft.Storage/storageAccounts';
const NOW = '2026-11-25T09:00:00Z';

const def = (name: string, field: string): unknown => ({
  name,
  properties: { displayName: name, mode: 'All', policyRule: { if: { allOf: [{ field: 'type', equals: ST }, { field, notEquals: 'true' }] }, then: { effect: 'audit' } } },
});
const loaded = mergeLoaded([
  parsePolicyFile(
    'defs.json',
    JSON.stringify([
      def(D_HTTPS, 'Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly'),
      def(D_TLS, 'Microsoft.Storage/storageAccounts/allowBlobPublicAccess'),
      def(D_ALONE, 'Microsoft.Storage/storageAccounts/isHnsEnabled'),
    ]),
  ),
  parsePolicyFile(
    'set.json',
    JSON.stringify({
      name: SET_GUID,
      properties: {
        displayName: 'DoD Impact Level 5 (test)',
        policyDefinitions: [
          { policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${D_HTTPS}`, policyDefinitionReferenceId: 'httpsRef' },
          { policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${D_TLS}`, policyDefinitionReferenceId: 'blobRef' },
        ],
      },
    }),
  ),
]);
const { assignments } = compilePolicies(loaded);

const st = (name: string): AzureResource => ({ id: `${RG}/providers/${ST}/${name}`, type: ST, name, location: 'usgovvirginia', properties: { supportsHttpsTrafficOnly: false, allowBlobPublicAccess: false } });
const assignment = (name: string, policyDefinitionId: string): AzureResource => ({
  id: `${RG}/providers/Microsoft.Authorization/policyAssignments/${name}`,
  type: 'Microsoft.Authorization/policyAssignments',
  name,
  location: 'usgovvirginia',
  properties: { policyDefinitionId },
});
const setAssignment = assignment('il5', `/providers/Microsoft.Authorization/policySetDefinitions/${SET_GUID}`);
const aloneAssignment = assignment('alone', `/providers/Microsoft.Authorization/policyDefinitions/${D_ALONE}`);
const exemption = (name: string, scope: string | undefined, props: Record<string, unknown>): AzureResource => ({
  id: `${scope ?? RG}/providers/Microsoft.Authorization/policyExemptions/${name}`,
  type: 'Microsoft.Authorization/policyExemptions',
  name,
  ...(scope !== undefined ? { scope } : {}),
  properties: { policyAssignmentId: setAssignment.id, exemptionCategory: 'Mitigated', description: 'rebuilt from the template', ...props },
});

function verdicts(input: AzureResource[]): Map<string, CheckResult> {
  const out = new Map<string, CheckResult>();
  for (const r of evaluateDetailed(input, assignments, { now: NOW }).results) out.set(`${r.resourceId.split('/').pop() ?? ''}|${(r.policyDefinitionId.split('/').pop() ?? '').slice(-2)}`, r);
  return out;
}

interface Row {
  name: string;
  exemptions: AzureResource[];
  /** `<account>|<last 2 digits of the definition>` → expected compliance. */
  expect: Record<string, string>;
}
const st1 = st('st1');
const st2 = st('st2');
const rows: Row[] = [
  { name: 'no exemption', exemptions: [], expect: { 'st1|a1': 'NonCompliant', 'st1|a2': 'NonCompliant', 'st2|a1': 'NonCompliant', 'st1|a3': 'NonCompliant' } },
  { name: 'on one resource, whole set', exemptions: [exemption('e', st1.id, {})], expect: { 'st1|a1': 'Exempt', 'st1|a2': 'Exempt', 'st2|a1': 'NonCompliant', 'st1|a3': 'NonCompliant' } },
  { name: 'on the resource group, one reference id', exemptions: [exemption('e', undefined, { policyDefinitionReferenceIds: ['HTTPSREF'] })], expect: { 'st1|a1': 'Exempt', 'st1|a2': 'NonCompliant', 'st2|a1': 'Exempt', 'st2|a2': 'NonCompliant' } },
  { name: 'on the subscription', exemptions: [exemption('e', SUB, { policyDefinitionReferenceIds: ['blobRef'] })], expect: { 'st1|a2': 'Exempt', 'st2|a2': 'Exempt', 'st1|a1': 'NonCompliant' } },
  { name: 'on another resource group', exemptions: [exemption('e', `${SUB}/resourceGroups/rg10`, {})], expect: { 'st1|a1': 'NonCompliant' } },
  { name: 'on a resource whose name extends another', exemptions: [exemption('e', `${st1.id}0`, {})], expect: { 'st1|a1': 'NonCompliant' } },
  { name: 'assignment of one definition', exemptions: [exemption('e', undefined, { policyAssignmentId: aloneAssignment.id })], expect: { 'st1|a3': 'Exempt', 'st1|a1': 'NonCompliant' } },
  { name: 'expired', exemptions: [exemption('e', undefined, { expiresOn: '2026-11-25T08:59:59Z' })], expect: { 'st1|a1': 'NonCompliant' } },
  { name: 'not yet expired', exemptions: [exemption('e', undefined, { expiresOn: '2026-11-25T09:00:01Z' })], expect: { 'st1|a1': 'Exempt' } },
  { name: 'assignment not in the input', exemptions: [exemption('e', undefined, { policyAssignmentId: `${RG}/providers/Microsoft.Authorization/policyAssignments/elsewhere` })], expect: { 'st1|a1': 'NonCompliant' } },
  { name: 'assignment id known only after deployment', exemptions: [exemption('e', undefined, { policyAssignmentId: new Unknown('reference(x)') })], expect: { 'st1|a1': 'NonCompliant' } },
];

describe(`policy exemptions declared in the input: the engine (${SRC})`, () => {
  it.each(rows)('$name', (row) => {
    const v = verdicts([st1, st2, setAssignment, aloneAssignment, ...row.exemptions]);
    for (const [k, want] of Object.entries(row.expect)) expect(v.get(k)?.compliance, k).toBe(want);
  });

  it('an Exempt result carries the category, the justification and what it was', () => {
    const v = verdicts([st1, setAssignment, exemption('e', st1.id, { expiresOn: '2027-01-01T00:00:00Z' })]);
    const r = v.get('st1|a1');
    expect(r?.reason).toMatch(/^exempt \(Mitigated\) by policy exemption e: rebuilt from the template \(was NonCompliant: if matched/);
    expect(r?.exemption).toEqual({ justification: 'rebuilt from the template', category: 'Mitigated', expiresOn: '2027-01-01T00:00:00Z' });
  });

  it('warns about expired exemptions and unknown assignments, with where they are, and notes the expiry on the result', () => {
    const expired = { ...exemption('old', undefined, { expiresOn: '2026-01-01T00:00:00Z' }), source: { file: 'azuredeploy.json', line: 40, column: 5 } };
    const lost = exemption('lost', undefined, { policyAssignmentId: `${RG}/providers/Microsoft.Authorization/policyAssignments/elsewhere` });
    const e = evaluateDetailed([st1, setAssignment, expired, lost], assignments, { now: NOW });
    expect(e.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ['warning', 'IL5-EXEMPT-EXPIRED'],
      ['warning', 'IL5-EXEMPT-ASSIGNMENT'],
    ]);
    expect(e.diagnostics[0]?.location).toEqual({ file: 'azuredeploy.json', line: 40, column: 5 });
    expect(e.results.find((r) => r.resourceId === st1.id)?.reason).toContain('(policy exemption old expired on 2026-01-01T00:00:00Z: no longer honoured)');
  });

  it('an exemption with an expiry and no evaluation date exempts nothing, and says why', () => {
    const x = readInputExemptions([setAssignment, exemption('e', undefined, { expiresOn: '2027-01-01T00:00:00Z' })], undefined);
    expect(x.exemptions).toEqual([]);
    expect(x.diagnostics[0]?.message).toMatch(/no evaluation date/);
  });

  it('exempts results of Microsoft.KeyVault.Data, not of Microsoft.ManagedHSM.Data (the modes exemptions work with)', () => {
    const dataDef = (n: string, mode: string, type: string): { name: string; properties: Record<string, unknown> } => ({ name: `00000000-0000-0000-0000-0000000000${n}`, properties: { displayName: mode, mode, policyRule: { if: { field: 'type', equals: type }, then: { effect: 'audit' } } } });
    const defs = [dataDef('b1', 'Microsoft.KeyVault.Data', 'Microsoft.KeyVault.Data/vaults/keys'), dataDef('b2', 'Microsoft.ManagedHSM.Data', 'Microsoft.ManagedHSM.Data/managedHsms/keys')];
    const set = { name: SET_GUID, properties: { displayName: 's', policyDefinitions: defs.map((d, i) => ({ policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${d.name}`, policyDefinitionReferenceId: `r${i}` })) } };
    const a = compilePolicies(mergeLoaded([parsePolicyFile('d.json', JSON.stringify(defs)), parsePolicyFile('s.json', JSON.stringify(set))])).assignments;
    const kv: AzureResource = { id: `${RG}/providers/Microsoft.KeyVault/vaults/kv1`, type: 'Microsoft.KeyVault/vaults', name: 'kv1', location: 'usgovvirginia', properties: {} };
    const hsm: AzureResource = { id: `${RG}/providers/Microsoft.KeyVault/managedHSMs/h1`, type: 'Microsoft.KeyVault/managedHSMs', name: 'h1', location: 'usgovvirginia', properties: {} };
    const r = evaluateDetailed([kv, hsm, setAssignment, exemption('e', undefined, {})], a, { now: NOW }).results;
    expect(r.map((x) => [x.resourceId.split('/').pop(), x.compliance])).toEqual([
      ['kv1', 'Exempt'],
      ['h1', 'Unknown'],
    ]);
  });
});

describe(`policy exemptions declared in the input: the baseline (${SRC})`, () => {
  // IL5-ST-003 mirrors 34c877ad-…, held by the DoD IL5 initiative as auditUnrestrictedNetworkAccessToStorageAccounts.
  const open = { ...examples.storage(), properties: { ...(examples.storage().properties as Record<string, unknown>), networkAcls: { defaultAction: 'Allow' } } };
  const rg = ids.storage.split('/providers/')[0] ?? '';
  const il5 = { ...setAssignment, id: `${rg}/providers/Microsoft.Authorization/policyAssignments/il5` };
  const ex = (props: Record<string, unknown>): AzureResource => ({ ...exemption('e', ids.storage, { policyAssignmentId: il5.id, ...props }) });
  const st003 = (input: AzureResource[], today = '2026-11-25'): CheckResult | undefined => runBaseline(input, { rules: ['IL5-ST-003'], today }).find((r) => r.resourceId === ids.storage);

  it.each([
    { name: 'no exemption', input: [open, il5], expect: 'NonCompliant' },
    { name: 'the rule\'s reference id', input: [open, il5, ex({ policyDefinitionReferenceIds: ['auditUnrestrictedNetworkAccessToStorageAccounts'] })], expect: 'Exempt' },
    { name: 'the whole initiative', input: [open, il5, ex({})], expect: 'Exempt' },
    { name: 'another reference id', input: [open, il5, ex({ policyDefinitionReferenceIds: ['auditStorageAccountsHttps'] })], expect: 'NonCompliant' },
    { name: 'an assignment of the mirrored definition alone', input: [open, { ...il5, properties: { policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/34c877ad-507e-4c82-993e-3452a6e0ad3c' } }, ex({})], expect: 'Exempt' },
    { name: 'an assignment of another set', input: [open, { ...il5, properties: { policyDefinitionId: '/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8' } }, ex({})], expect: 'NonCompliant' },
    { name: 'expired on the day (00:00 UTC)', input: [open, il5, ex({ expiresOn: '2026-11-25T00:00:00Z' })], expect: 'NonCompliant' },
    { name: 'expires tomorrow', input: [open, il5, ex({ expiresOn: '2026-11-26T00:00:00Z' })], expect: 'Exempt' },
    { name: 'a compliant resource is still reported Exempt, as Azure does', input: [examples.storage(), il5, ex({})], expect: 'Exempt' },
  ])('$name → $expect', ({ input, expect: want }) => {
    expect(st003(input)?.compliance).toBe(want);
  });

  it('a rule of the project\'s own (no Microsoft definition) is never exempted by an Azure exemption', () => {
    // IL5-ST-011 (allowBlobPublicAccess set explicitly) is the project's own: NonCompliant stays.
    const weak = { ...open, properties: { ...(open.properties as Record<string, unknown>), allowBlobPublicAccess: undefined } };
    const r = runBaseline([weak, il5, ex({})], { rules: ['IL5-ST-011', 'IL5-ST-003'], today: '2026-11-25' });
    expect(r.map((x) => [x.ruleId, x.compliance])).toEqual([
      ['IL5-ST-003', 'Exempt'],
      ['IL5-ST-011', 'NonCompliant'],
    ]);
  });
});

describe('policy exemptions made at a management group (Resource Graph gives them with authorizationScopeFilter AtScopeAboveAndBelow)', () => {
  // A subscription's management groups are its properties.managementGroupAncestorsChain in Resource Graph's
  // resourcecontainers (each {name, displayName}, the nearest parent first, the tenant root group last).
  const SUB2 = '/subscriptions/22222222-2222-2222-2222-222222222222';
  const MG = '/providers/Microsoft.Management/managementGroups';
  const subscription = (id: string, chain: string[] | undefined): AzureResource => ({
    id,
    type: 'Microsoft.Resources/subscriptions',
    name: id.split('/').pop() ?? '',
    properties: { state: 'Enabled', ...(chain ? { managementGroupAncestorsChain: chain.map((name) => ({ name, displayName: name.toUpperCase() })) } : {}) },
  });
  const sub1 = subscription(SUB, ['mg-il5', 'mg-dod', 'tenant-root']);
  const sub2 = subscription(SUB2, ['mg-sandbox', 'tenant-root']);
  const far = { ...st('st9'), id: `${SUB2}/resourceGroups/rg9/providers/${ST}/st9` };
  const mgAssignment = { ...setAssignment, id: `${MG}/mg-dod/providers/Microsoft.Authorization/policyAssignments/il5` };
  const atGroup = (group: string, props: Record<string, unknown> = {}): AzureResource => ({
    ...exemption(`x-${group}`, `${MG}/${group}`, { policyAssignmentId: mgAssignment.id, ...props }),
    id: `${MG}/${group}/providers/Microsoft.Authorization/policyExemptions/x-${group}`,
    scope: undefined,
  });
  const compliance = (input: AzureResource[]): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const r of evaluateDetailed(input, assignments, { now: NOW }).results) if (r.policyDefinitionId.endsWith(D_HTTPS)) out[r.resourceId.split('/').pop() ?? ''] = r.compliance;
    return out;
  };

  it.each([
    { name: 'at the group above the subscription (MG mixed case)', exemptions: [atGroup('MG-DoD')], expect: { st1: 'Exempt', st9: 'NonCompliant' } },
    { name: 'at the tenant root group: every subscription under it', exemptions: [atGroup('tenant-root')], expect: { st1: 'Exempt', st9: 'Exempt' } },
    { name: 'at a group above the other subscription only', exemptions: [atGroup('mg-sandbox')], expect: { st1: 'NonCompliant', st9: 'Exempt' } },
    { name: 'at a group above neither', exemptions: [atGroup('mg-elsewhere')], expect: { st1: 'NonCompliant', st9: 'NonCompliant' } },
    { name: 'for another reference id of the set', exemptions: [atGroup('mg-dod', { policyDefinitionReferenceIds: ['blobRef'] })], expect: { st1: 'NonCompliant', st9: 'NonCompliant' } },
  ])('$name', ({ exemptions, expect: want }) => {
    expect(compliance([sub1, sub2, st1, far, mgAssignment, ...exemptions])).toEqual(want);
  });

  it('is honoured by the baseline rule that mirrors the definition too (readInputExemptions)', () => {
    const open = { ...examples.storage(), properties: { ...(examples.storage().properties as Record<string, unknown>), networkAcls: { defaultAction: 'Allow' } } };
    const sub = subscription(`/subscriptions/${ids.storage.split('/')[2] ?? ''}`, ['mg-dod', 'tenant-root']);
    const st003 = (input: AzureResource[]): string | undefined => runBaseline(input, { rules: ['IL5-ST-003'], today: '2026-11-25' }).find((r) => r.resourceId === ids.storage)?.compliance;
    expect(st003([sub, open, mgAssignment, atGroup('mg-dod')])).toBe('Exempt');
    expect(st003([subscription(sub.id, ['mg-other', 'tenant-root']), open, mgAssignment, atGroup('mg-dod')])).toBe('NonCompliant');
    expect(readInputExemptions([sub, mgAssignment, atGroup('mg-dod')], NOW).ancestry.get(sub.id.toLowerCase())).toEqual([`${MG}/tenant-root`, `${MG}/mg-dod`].map((x) => x.toLowerCase()));
  });

  it('without the subscriptions\' management groups in the input: exempts nothing, and says so at the exemption', () => {
    const e = evaluateDetailed([st1, mgAssignment, atGroup('mg-dod')], assignments, { now: NOW });
    expect(e.results.find((r) => r.resourceId === st1.id)?.compliance).toBe('NonCompliant');
    expect(e.diagnostics.map((d) => d.code)).toEqual(['IL5-EXEMPT-SCOPE']);
    expect(e.diagnostics[0]?.message).toMatch(/is made at management group mg-dod, which no subscription of the input lists among its management groups/);
    // A subscription without its chain (an export made without resourcecontainers' properties) is the same.
    expect(compliance([subscription(SUB, undefined), st1, mgAssignment, atGroup('mg-dod')])).toEqual({ st1: 'NonCompliant' });
    // With them, no warning.
    expect(evaluateDetailed([sub1, st1, mgAssignment, atGroup('mg-dod')], assignments, { now: NOW }).diagnostics).toEqual([]);
  });
});

describe('policy exemptions as a template declares them (expanded by the template engine)', () => {
  it('scope from the template, the assignment id from resourceId(), category and description', () => {
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        { type: ST, apiVersion: '2023-05-01', name: 'st1', location: 'usgovvirginia', kind: 'StorageV2', sku: { name: 'Standard_GZRS' }, properties: { supportsHttpsTrafficOnly: false } },
        { type: 'Microsoft.Authorization/policyAssignments', apiVersion: '2024-04-01', name: 'il5', properties: { policyDefinitionId: `/providers/Microsoft.Authorization/policySetDefinitions/${SET_GUID}` } },
        {
          type: 'Microsoft.Authorization/policyExemptions',
          apiVersion: '2022-07-01-preview',
          name: 'x1',
          scope: `[resourceId('${ST}', 'st1')]`,
          properties: { policyAssignmentId: "[resourceId('Microsoft.Authorization/policyAssignments', 'il5')]", policyDefinitionReferenceIds: ['httpsRef'], exemptionCategory: 'Waiver', description: 'AO ticket 7', expiresOn: '2027-01-15T00:00:00Z' },
        },
      ],
    };
    const x = expandTemplate({ text: JSON.stringify(template, null, 2), file: 'azuredeploy.json' });
    const read = readInputExemptions(x.resources, NOW);
    expect(read.diagnostics).toEqual([]);
    expect(read.exemptions).toHaveLength(1);
    const [e] = read.exemptions;
    expect(e?.scope).toBe(x.resources[0]?.id.toLowerCase());
    expect(e?.assigned).toEqual({ kind: 'set', name: SET_GUID, id: `/providers/Microsoft.Authorization/policySetDefinitions/${SET_GUID}` });
    expect(e?.referenceIds).toEqual(['httpsref']);
    expect([e?.category, e?.justification]).toEqual(['Waiver', 'AO ticket 7']);
    const results = evaluateDetailed(x.resources, assignments, { now: NOW }).results.filter((r) => r.resourceType === ST);
    // blobRef is not listed, and the definition assigned alone (a3) is not under the set's assignment.
    expect(results.map((r) => [r.policyDefinitionReferenceId, r.compliance])).toEqual([
      ['httpsRef', 'Exempt'],
      ['blobRef', 'NonCompliant'],
      [undefined, 'NonCompliant'],
    ]);
  });
});
