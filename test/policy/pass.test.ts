import { describe, expect, it } from 'vitest';
import type { KeptResources } from '../../src/core/kept.js';
import { memoryStore } from '../../src/core/store/memory.js';
import type { AzureResource } from '../../src/core/resource.js';
import { Unknown } from '../../src/core/unknown.js';
import type { CheckResult } from '../../src/core/verdict.js';
import { evaluateDetailed, PolicyPass, policyReads, type PolicyAssignment } from '../../src/policy/evaluate.js';
import { fresh } from './fresh.js';
import { definition, RG, SUB } from './helpers.js';
import { expectPassEquivalent, guardedEstate, runPass } from './pass-equivalence.js';

/**
 * PolicyPass (docs/policy-engine.md, "Two passes"): see every resource, finish, evaluate each by index in any order, with fresh
 * copies of the resources it did not keep — the same results as evaluateDetailed over the whole array, for
 * auditIfNotExists lookups of every kind (children, grandchildren through resources nobody reads,
 * extension resources, the same resource group, a named group, the subscription), resourceGroup(),
 * counts over projected private endpoint connections, and policy exemptions of the input.
 */
const NOW = '2026-12-06T00:00:00Z';
const RG2 = `${SUB}/resourceGroups/rg2`;
const ST = 'Microsoft.Storage/storageAccounts';
const KV = 'Microsoft.KeyVault/vaults';
const PE = 'Microsoft.Network/privateEndpoints';
const at = (group: string, type: string, name: string, extra: Partial<AzureResource> = {}): AzureResource => {
  const [ns, ...types] = type.split('/');
  const names = name.split('/');
  return { id: `${group}/providers/${ns}/${types.map((t, i) => `${t}/${names[i] ?? ''}`).join('/')}`, type, name, location: 'usgovvirginia', ...extra };
};

const rules = {
  blobRetention: definition({
    if: { field: 'type', equals: ST },
    then: {
      effect: 'auditIfNotExists',
      details: { type: `${ST}/blobServices`, existenceCondition: { field: 'tags.retention', equals: 'on' } },
    },
  }),
  diagnostics: definition({
    if: { field: 'type', equals: KV },
    then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Insights/diagnosticSettings', existenceCondition: { field: 'Microsoft.Insights/diagnosticSettings/workspaceId', exists: 'true' } } },
  }),
  watcher: definition({
    if: { field: 'type', equals: 'Microsoft.Network/virtualNetworks' },
    then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Network/networkWatchers', resourceGroupName: 'NetworkWatcherRG', name: "[concat('NetworkWatcher_', field('location'))]" } },
  }),
  nsgInGroup: definition({
    if: { field: 'type', equals: 'Microsoft.Compute/virtualMachines' },
    then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Network/networkSecurityGroups' } },
  }),
  defender: definition({
    if: { field: 'type', equals: ST },
    then: {
      effect: 'auditIfNotExists',
      details: { type: 'Microsoft.Security/pricings', name: 'StorageAccounts', existenceScope: 'subscription', existenceCondition: { field: 'Microsoft.Security/pricings/pricingTier', equals: 'Standard' } },
    },
  }),
  groupLocation: definition({ if: { allOf: [{ field: 'location', exists: 'true' }, { value: '[resourceGroup().location]', notEquals: "[field('location')]" }] }, then: { effect: 'audit' } }),
  privateLinkChild: definition({
    if: { field: 'type', equals: ST },
    then: {
      effect: 'auditIfNotExists',
      details: { type: `${ST}/privateEndpointConnections`, existenceCondition: { field: `${ST}/privateEndpointConnections/privateLinkServiceConnectionState.status`, equals: 'Approved' } },
    },
  }),
  privateLinkCount: definition({
    if: {
      allOf: [
        { field: 'type', equals: ST },
        { count: { field: `${ST}/privateEndpointConnections[*]`, where: { field: `${ST}/privateEndpointConnections[*].privateLinkServiceConnectionState.status`, equals: 'Approved' } }, less: 1 },
      ],
    },
    then: { effect: 'audit' },
  }),
  tde: definition({
    if: { field: 'type', equals: 'Microsoft.Sql/servers' },
    then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Sql/servers/databases/transparentDataEncryption', existenceCondition: { field: 'Microsoft.Sql/transparentDataEncryption.status', equals: 'Enabled' } } },
  }),
};
const assignments: PolicyAssignment[] = Object.values(rules).flat();
const defName = (rule: PolicyAssignment[]): string => rule[0]?.definition.name ?? '';

const st = (group: string, name: string, props: Record<string, unknown> = {}): AzureResource => at(group, ST, name, { properties: { minimumTlsVersion: 'TLS1_2', ...props } });
const blob = (group: string, account: string, enabled: boolean): AzureResource => at(group, `${ST}/blobServices`, `${account}/default`, { location: undefined, tags: { retention: enabled ? 'on' : 'off' }, properties: { deleteRetentionPolicy: { enabled } } });
const kv = (name: string): AzureResource => at(RG, KV, name, { properties: { enablePurgeProtection: true } });
const endpoint = (name: string, target: unknown, manual = false): AzureResource =>
  at(RG, PE, name, { properties: { [manual ? 'manualPrivateLinkServiceConnections' : 'privateLinkServiceConnections']: [{ name: 'c', properties: { privateLinkServiceId: target } }] } });
const policyAssignment = at(RG, 'Microsoft.Authorization/policyAssignments', 'a1', { location: undefined, properties: { policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${defName(rules.blobRetention)}` } });
const exemption = (scope: string, name: string, props: Record<string, unknown> = {}): AzureResource => ({
  id: `${scope}/providers/Microsoft.Authorization/policyExemptions/${name}`,
  type: 'Microsoft.Authorization/policyExemptions',
  name,
  properties: { policyAssignmentId: policyAssignment.id, exemptionCategory: 'Waiver', description: 'accepted', ...props },
});

function estate(): AzureResource[] {
  const st1 = st(RG, 'st1');
  const st2 = st(RG2, 'st2');
  const st3 = st(RG, 'st3', { privateEndpointConnections: [{ name: 'pe9', properties: { privateEndpoint: { id: 'x' }, privateLinkServiceConnectionState: { status: 'Approved' } } }] });
  const kv1 = kv('kv1');
  const kv2 = kv('kv2');
  const server = at(RG, 'Microsoft.Sql/servers', 's1');
  const server2 = at(RG, 'Microsoft.Sql/servers', 's2');
  return [
    { id: RG, type: 'Microsoft.Resources/resourceGroups', name: 'rg1', location: 'usgovvirginia' },
    blob(RG2, 'st2', true), // a child before its parent
    st1,
    blob(RG, 'st1', false),
    st2,
    st3,
    { ...st(RG, 'st1', { minimumTlsVersion: 'TLS1_0' }), location: 'usgovarizona' }, // a duplicate id
    st(RG, 'st4', { allowBlobPublicAccess: new Unknown('reference(x) is known only after deployment') }),
    endpoint('pe1', st1.id),
    endpoint('pe2', st2.id.toUpperCase(), true),
    at(RG, `${ST}/privateEndpointConnections`, 'st3/pe3', { location: undefined, properties: { privateLinkServiceConnectionState: { status: 'Pending' } } }),
    kv1,
    { id: `${kv1.id}/providers/Microsoft.Insights/diagnosticSettings/d1`, type: 'Microsoft.Insights/diagnosticSettings', name: 'd1', properties: { workspaceId: 'w' } },
    kv2,
    { id: `${RG}/providers/Microsoft.Insights/diagnosticSettings/d2`, type: 'Microsoft.Insights/diagnosticSettings', name: 'd2', scope: kv2.id, properties: {} },
    kv('kv3'),
    at(RG, 'Microsoft.Network/virtualNetworks', 'n1', { properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } }),
    at(RG2, 'Microsoft.Network/virtualNetworks', 'n2', { location: 'usgovarizona' }),
    at(`${SUB}/resourceGroups/NetworkWatcherRG`, 'Microsoft.Network/networkWatchers', 'NetworkWatcher_usgovarizona', { location: 'usgovarizona' }),
    at(RG, 'Microsoft.Compute/virtualMachines', 'vm1', { properties: { hardwareProfile: { vmSize: 'Standard_D2s_v3' } } }),
    at(RG, 'Microsoft.Network/networkSecurityGroups', 'nsg1'),
    at(RG2, 'Microsoft.Compute/virtualMachines', 'vm2'),
    { id: `${SUB}/providers/Microsoft.Security/pricings/StorageAccounts`, type: 'Microsoft.Security/pricings', name: 'StorageAccounts', properties: { pricingTier: 'Standard' } },
    server,
    at(RG, 'Microsoft.Sql/servers/databases', 's1/db1'),
    at(RG, 'Microsoft.Sql/servers/databases/transparentDataEncryption', 's1/db1/current', { location: undefined, properties: { status: 'Enabled' } }),
    at(RG, 'Microsoft.Sql/servers/databases/transparentDataEncryption', 's2/db1/current', { location: undefined, properties: { status: 'Disabled' } }), // before its parents
    server2,
    at(RG, 'Microsoft.Sql/servers/databases', 's2/db1'),
    policyAssignment,
    exemption(st2.id, 'e1'),
    exemption(RG, 'old', { expiresOn: '2026-01-01T00:00:00Z' }),
    { ...policyAssignment, id: `${policyAssignment.id}x`, name: 'a1x', properties: { displayName: 'no definition id' } },
    exemption(RG, 'lost', { policyAssignmentId: `${policyAssignment.id}x` }),
  ];
}

describe('PolicyPass equals evaluateDetailed', () => {
  it('on a mixed estate: every kind of lookup, in forward, reverse and shuffled order', () => {
    const input = estate();
    const [run] = expectPassEquivalent(input, assignments, NOW);
    // The estate holds what the test means it to: verdicts of each kind, not all Unknown.
    const all = run?.perResource.flat() ?? [];
    const by = (rule: PolicyAssignment[]): string[] => all.filter((r) => r.policyDefinitionId.endsWith(defName(rule))).map((r) => `${r.resourceId.split('/').pop() ?? ''} ${r.compliance}`);
    expect(by(rules.blobRetention)).toEqual(['st1 NonCompliant', 'st2 Exempt', 'st3 NonCompliant', 'st1 NonCompliant', 'st4 NonCompliant']);
    expect(by(rules.diagnostics)).toEqual(['kv1 Compliant', 'kv2 NonCompliant', 'kv3 NonCompliant']);
    expect(by(rules.watcher)).toEqual(['n1 Compliant', 'n2 Compliant']);
    expect(by(rules.nsgInGroup)).toEqual(['vm1 Compliant', 'vm2 NonCompliant']);
    expect(by(rules.defender).every((v) => v.endsWith('Compliant') && !v.endsWith('NonCompliant'))).toBe(true);
    expect(by(rules.tde)).toEqual(['s1 Compliant', 's2 NonCompliant']);
    expect(by(rules.privateLinkChild)).toEqual(['st1 Compliant', 'st2 NonCompliant', 'st3 Compliant', 'st1 Compliant', 'st4 NonCompliant']);
    // The inline list is projected on the last resource of an id (projectState), the child is found from both.
    expect(by(rules.privateLinkCount)).toEqual(['st1 NonCompliant', 'st2 NonCompliant', 'st3 Compliant', 'st1 Compliant', 'st4 NonCompliant']);
    expect(by(rules.groupLocation)).toContain('vm2 Unknown');
    expect(run?.pass.diagnostics.map((d) => d.code)).toEqual(['IL5-EXEMPT-EXPIRED', 'IL5-EXEMPT-ASSIGNMENT']);
  });

  it('with an endpoint whose target is known only after deployment (possible connections everywhere)', () => {
    const input = [...estate(), endpoint('pe4', new Unknown('reference(pls) is known only after deployment'))];
    const [run] = expectPassEquivalent(input, assignments, NOW);
    expect(run?.perResource.flat().some((r) => r.compliance === 'Unknown' && /may exist/.test(r.reason))).toBe(true);
  });

  it('a resource whose id is a resource group’s is kept, whatever its type (resourceGroup() finds the last of an id)', () => {
    const odd: AzureResource = { id: RG2, type: 'Microsoft.Custom/groupLike', name: 'rg2', location: 'usgovarizona' };
    const input = [...estate(), odd];
    expect(new PolicyPass(assignments, {}).see(odd)).toBe(true);
    const [run] = expectPassEquivalent(input, assignments, NOW);
    expect(run?.perResource.flat().find((r) => r.resourceId.endsWith('/vm2') && r.policyDefinitionId.endsWith(defName(rules.groupLocation)))?.compliance).toBe('NonCompliant');
  });

  it('what the projections add is kept as records of the KeptResources given (copies read back), but what may or may not exist', () => {
    const input = [...estate(), endpoint('pe4', new Unknown('reference(pls) is known only after deployment'))];
    const inputIds = new Set(input.map((r) => r.id));
    const records: AzureResource[] = [];
    let last: AzureResource | undefined;
    const kept: KeptResources = {
      keep(r) {
        if (r !== last) {
          last = r;
          records.push(structuredClone(r));
        }
        return records.length - 1;
      },
      get: (record) => records[record] as AzureResource,
      get size() {
        return records.length;
      },
    };
    const [run] = expectPassEquivalent(input, assignments, NOW, { kept });
    const added = records.filter((r) => !inputIds.has(r.id));
    // Connections the endpoints make, and nothing that may or may not exist.
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((r) => !/\((unknown|possible)\)$/.test(r.id))).toBe(true);
    expect(run?.perResource.flat().some((r) => r.compliance === 'Unknown' && /may exist/.test(r.reason))).toBe(true);
    expect(run?.perResource.flat().some((r) => /projected: Azure creates it after deployment/.test(r.reason))).toBe(true);
  });

  it('keeps its resources as records of the KeptResources given, and its lookups read them back by record (the stand-ins it gives)', () => {
    // Records as the kept spool makes them: the object kept last keeps its record; every other record reads as a copy (a stand-in).
    const originals: AzureResource[] = [];
    const stands: AzureResource[] = [];
    let reads = 0;
    const kept: KeptResources = {
      keep(r) {
        if (originals[originals.length - 1] !== r) {
          originals.push(r);
          stands.push(stands.length % 2 === 0 ? fresh(r) : r);
        }
        return originals.length - 1;
      },
      get(record) {
        reads++;
        return stands[record] as AzureResource;
      },
      get size() {
        return originals.length;
      },
    };
    const input = [...estate(), endpoint('pe4', new Unknown('reference(pls) is known only after deployment'))];
    const whole = evaluateDetailed(input, assignments, { now: NOW });
    const pass = new PolicyPass(assignments, { now: NOW, kept });
    // As runPasses does: the record of what the pass kept (the same one), and its stand-in handed back.
    const handed = new Map<number, AzureResource>();
    input.forEach((r, i) => {
      if (!pass.see(r)) return;
      handed.set(i, kept.get(kept.keep(r)));
    });
    pass.finish();
    // The kept resources in input order, then what the projections add (connections the endpoints make).
    expect(originals.slice(0, handed.size)).toEqual(input.filter((_, i) => handed.has(i)));
    expect(handed.size).toBe(pass.retained.kept);
    const ids = new Set(input.map((r) => r.id));
    expect(originals.slice(handed.size).length).toBeGreaterThan(0);
    expect(originals.slice(handed.size).every((r) => !ids.has(r.id))).toBe(true);
    const got: CheckResult[] = [];
    input.forEach((r, i) => pass.evaluate(handed.get(i) ?? fresh(r), i, (x) => got.push(x)));
    expect(got).toStrictEqual(whole.results);
    expect(reads).toBeGreaterThan(handed.size);
  });

  it('with a store whose id table finds every id by its text alone (all hashes collide)', () => {
    const store = memoryStore({ hash: () => 7 });
    expectPassEquivalent([...estate(), endpoint('pe4', new Unknown('reference(pls)'))], assignments, NOW, { store, ids: store.ids() });
  });

  it('without projections', () => {
    const input = estate();
    expectPassEquivalent(input, assignments, NOW, { project: false });
  });

  it('keeps only the types the lookups can return, and a stub of each other resource with a parent', () => {
    const reads = policyReads(assignments);
    expect(reads).not.toBe('all');
    const pass = new PolicyPass(assignments, { now: NOW });
    const input = estate();
    const kept = input.filter((r) => pass.see(r)).map((r) => r.type.toLowerCase());
    // Storage accounts, key vaults, virtual networks, VMs and SQL servers are evaluated, never looked up.
    for (const t of [ST, KV, 'Microsoft.Network/virtualNetworks', 'Microsoft.Compute/virtualMachines', 'Microsoft.Sql/servers', 'Microsoft.Sql/servers/databases', PE]) {
      expect(kept, t).not.toContain(t.toLowerCase());
    }
    expect(new Set(kept)).toEqual(
      new Set([
        'microsoft.resources/resourcegroups',
        'microsoft.storage/storageaccounts/blobservices',
        'microsoft.storage/storageaccounts/privateendpointconnections',
        'microsoft.insights/diagnosticsettings',
        'microsoft.network/networkwatchers',
        'microsoft.network/networksecuritygroups',
        'microsoft.security/pricings',
        'microsoft.sql/servers/databases/transparentdataencryption',
        'microsoft.authorization/policyexemptions',
      ]),
    );
    // Of a policy assignment only readInputExemptions' stand-in stays; the exemption still applies (the
    // mixed-estate test: 'st2 Exempt'), and a stub keeps its place under its scope.
    expect(pass.retained).toEqual({ kept: kept.length, stubs: input.filter((r) => !kept.includes(r.type.toLowerCase()) && (r.type.includes('/', r.type.indexOf('/') + 1) || r.id.split('/providers/').length > 2 || r.scope !== undefined)).length });
  });

  it('a related type that is an expression: every resource is kept', () => {
    const any = definition({ if: { field: 'type', equals: ST }, then: { effect: 'auditIfNotExists', details: { type: "[parameters('t')]" } } }, { parameters: { t: { type: 'String', defaultValue: 'Microsoft.Storage/storageAccounts/blobServices' } } });
    expect(policyReads(any)).toBe('all');
    const pass = new PolicyPass(any, {});
    expect(estate().every((r) => pass.see(r))).toBe(true);
  });
});

describe('the lookups ask only for the types policyReads declares', () => {
  it('no lookup of an undeclared type, on either estate', () => {
    const reads = policyReads(assignments);
    const asked = new Set<string>();
    for (const input of [estate(), [...estate(), endpoint('pe4', new Unknown('reference(pls)'))]]) {
      expectPassEquivalent(input, assignments, NOW, { viewEstate: guardedEstate(reads, asked) });
    }
    // The guard saw the lookups it guards.
    expect(asked).toEqual(new Set(['microsoft.resources/resourcegroups', ...[...(reads === 'all' ? [] : reads)].filter((t) => !t.startsWith('microsoft.authorization/'))]));
  });

  it('the guard fails a lookup of a type left out of the declaration', () => {
    const reads = policyReads(assignments);
    const fewer = new Set([...(reads === 'all' ? [] : reads)].filter((t) => t !== 'microsoft.sql/servers/databases/transparentdataencryption'));
    expect(() => runPass(estate(), assignments, 'forward', { now: NOW, viewEstate: guardedEstate(fewer) })).toThrow(/descendantsOfType: type microsoft.sql\/servers\/databases\/transparentdataencryption is not in policyReads/);
  });
});
