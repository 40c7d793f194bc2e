import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayName } from '../../src/emit/arm.js';
import { buildPlan } from '../../src/emit/plan.js';
import { runBaseline } from '../../src/baseline/index.js';
import { POLICY_ASSIGNMENT_API, POLICY_EXEMPTION_API, emitPolicy, exemptionName, resolveExemptions } from '../../src/emit/policy.js';
import type { ArmResourceDecl } from '../../src/emit/types.js';
import { defaultSpec } from '../../src/spec/load.js';
import type { Spec } from '../../src/spec/schema.js';
import { specFrom } from './specs.js';

/** The plan's declared resources before step G, which exemption `resource` patterns are matched against. */
function declared(spec: Spec): ArmResourceDecl[] {
  return buildPlan(spec, undefined, { today: '2026-11-25' }).template.resources.filter((r) => !r.type.startsWith('Microsoft.Authorization/policy'));
}

function withExemptions(lines: string[], extra = ''): Spec {
  return specFrom(['policy:', '  exemptions:', ...lines, extra].join('\n'));
}

function exemption(rule: string, resource?: string, expiresOn = '2027-03-31'): string[] {
  return [`    - rule: "${rule}"`, ...(resource !== undefined ? [`      resource: "${resource}"`] : []), '      justification: test', `      expiresOn: ${expiresOn}`];
}

const ASSIGNMENT = "[resourceId('Microsoft.Authorization/policyAssignments', 'il5ml-dod-il5')]";

describe('the DoD IL5 initiative assignment (step G)', () => {
  const fragment = emitPolicy(defaultSpec(), declared(defaultSpec()));
  const [assignment] = fragment.resources;

  it('the default spec assigns it at the resource group, and nothing else', () => {
    expect(fragment.step).toBe('G');
    // The assignment, and the stateless jump box's Mitigated exemption (jumpBox.stateless, on by default).
    expect(fragment.resources.map((r) => `${r.type} ${r.name}`)).toEqual([
      'Microsoft.Authorization/policyAssignments il5ml-dod-il5',
      'Microsoft.Authorization/policyExemptions il5ml-exemption-jumpbox-stateless',
    ]);
    expect(assignment).toMatchObject({
      type: 'Microsoft.Authorization/policyAssignments',
      apiVersion: '2024-04-01',
      name: 'il5ml-dod-il5',
      location: "[parameters('location')]",
      // Modify and DeployIfNotExists definitions in the set: Azure refuses the assignment without an identity.
      identity: { type: 'SystemAssigned' },
      properties: {
        // ../shared/azure-policy/DOD_IL5_audit.json: id of the set (also checked by the conformance suite).
        policyDefinitionId: '/providers/Microsoft.Authorization/policySetDefinitions/f9a961fa-3241-4b20-adc4-bbf8ad9d7197',
        enforcementMode: 'Default',
        displayName: 'DoD Impact Level 5: il5ml (assigned by il5ml)',
      },
    });
    expect(assignment?.scope).toBeUndefined();
    expect(assignment?.tags).toBeUndefined();
  });

  it('leaves the initiative parameters at their defaults and says why it fails', () => {
    const props = (assignment?.properties ?? {}) as Record<string, unknown>;
    expect(props.parameters).toBeUndefined();
    const messages = props.nonComplianceMessages as Array<{ message: string }>;
    expect(messages).toHaveLength(1);
    expect(messages[0]?.message).toMatch(/policy\.exemptions/);
  });

  it('policy.assignIl5Initiative false: no assignment, and an exemption of a Microsoft definition is not emitted', () => {
    const spec = withExemptions(exemption('IL5-KV-003'), '  assignIl5Initiative: false');
    const f = emitPolicy(spec, declared(spec), '2026-11-25');
    expect(f.resources).toEqual([]);
    expect(resolveExemptions(spec, declared(spec), '2026-11-25')[0]?.noAzureExemption).toBe('no-assignment');
    expect(f.notes.map((n) => n.what).join('\n')).toMatch(/No assignment/);
  });

  it('its apiVersions carry their sources; the exemption one says no GA version exists', () => {
    expect(POLICY_ASSIGNMENT_API.source.url).toContain('/resources_1/microsoft.authorization/2024-04-01/types.json');
    expect(POLICY_EXEMPTION_API.apiVersion).toBe('2022-07-01-preview');
    expect(POLICY_EXEMPTION_API.reason).toMatch(/no GA/);
    expect(POLICY_EXEMPTION_API.source.url).toContain('/resources_1/microsoft.authorization/2022-07-01-preview/types.json');
    expect(POLICY_EXEMPTION_API.taggable).toBe(false);
    for (const f of [POLICY_ASSIGNMENT_API, POLICY_EXEMPTION_API]) expect(f.source.read).toBe('2026-11-25');
  });
});

describe('spec exemptions -> the initiative\'s policyDefinitionReferenceIds', () => {
  // Expected reference ids: ../shared/azure-policy/DOD_IL5_audit.json, policyDefinitions[].policyDefinitionReferenceId
  // of the definition the rule mirrors (src/baseline/rules/<id>.ts policyDefinitionId).
  const table: Array<[key: string, rules: string[], refs: string[], why: string | undefined]> = [
    ['IL5-KV-003', ['IL5-KV-003'], ['55615ac9-af46-4a59-874e-391cc3dfb490'], undefined],
    ['il5-kv-003', ['IL5-KV-003'], ['55615ac9-af46-4a59-874e-391cc3dfb490'], undefined],
    ['IL5.Storage.NetworkDefaultDeny', ['IL5-ST-003'], ['auditUnrestrictedNetworkAccessToStorageAccounts'], undefined],
    ['IL5-ST-001', ['IL5-ST-001'], ['auditSecureTransferToStorageAccounts'], undefined],
    ['IL5-ST-007', ['IL5-ST-007'], ['geoRedundantStorageShouldBeEnabledForStorageAccounts'], undefined],
    ['/providers/Microsoft.Authorization/policyDefinitions/34c877ad-507e-4c82-993e-3452a6e0ad3c', ['IL5-ST-003'], ['auditUnrestrictedNetworkAccessToStorageAccounts'], undefined],
    ['2A1A9CDF-E04D-429A-8416-3BFB72A1B26F', ['IL5-ST-004'], ['2a1a9cdf-e04d-429a-8416-3bfb72a1b26f'], undefined],
    // A definition of the initiative that no baseline rule mirrors: Azure exemption only.
    ['0015ea4d-51ff-4ce3-8d8c-f3f8f0179a56', [], ['auditVirtualMachinesWithoutDisasterRecoveryConfigured'], undefined],
    ['IL5-MLW-003', ['IL5-MLW-003'], [], 'baseline-only'],
    ['IL5-NET-002', ['IL5-NET-002'], [], 'baseline-only'],
    ['00000000-0000-0000-0000-00000000abcd', [], [], 'unknown-rule'],
  ];
  it.each(table)('%s -> rules %j, reference ids %j', (key, rules, refs, why) => {
    const spec = withExemptions(exemption(key));
    const [x] = resolveExemptions(spec, declared(spec), '2026-11-25');
    expect(x?.rules.map((r) => r.id)).toEqual(rules);
    expect(x?.referenceIds).toEqual(refs);
    expect(x?.noAzureExemption).toBe(why);
  });
});

describe('an exemption\'s resource pattern -> the resources its Azure exemption is scoped to', () => {
  const table: Array<[rule: string, pattern: string, targets: string[]]> = [
    // Names as plan.md shows them: globally unique names end in <uniqueString>.
    ['IL5-KV-003', 'il5mlkv*', ['Microsoft.KeyVault/vaults il5mlkv<uniqueString>']],
    // The rule's types decide: the key under the vault is not a target of a vault rule.
    ['IL5-KV-003', '*', ['Microsoft.KeyVault/vaults il5mlkv<uniqueString>']],
    ['IL5-ST-003', '*/providers/Microsoft.Storage/storageAccounts/*', ['Microsoft.Storage/storageAccounts il5mlst<uniqueString>']],
    ['IL5-MLW-002', 'IL5ML-MLW', ['Microsoft.MachineLearningServices/workspaces il5ml-mlw']],
    ['IL5-KV-003', 'nothing*', []],
  ];
  it.each(table)('%s on %s -> %j', (rule, pattern, targets) => {
    const spec = withExemptions(exemption(rule, pattern));
    const [x] = resolveExemptions(spec, declared(spec), '2026-11-25');
    expect(x?.targets.map((t) => `${t.type} ${displayName(t.name)}`)).toEqual(targets);
    expect(x?.noAzureExemption).toBe(targets.length === 0 ? 'no-resource' : undefined);
  });

  // A child resource by its name as ARM and plan.md write it, parent/child, as check matches it
  // (src/policy/resource-pattern.ts); its last segment alone names nothing. (IL5-AML-001 mirrors no
  // definition: its targets only decide the plan's "names no resource" warning.)
  it.each([
    ['il5ml-mlw/cpu-cluster', ['Microsoft.MachineLearningServices/workspaces/computes il5ml-mlw/cpu-cluster']],
    ['*/CPU-CLUSTER', ['Microsoft.MachineLearningServices/workspaces/computes il5ml-mlw/cpu-cluster']],
    ['cpu-cluster', []],
  ])('a child resource: IL5-AML-001 on %s -> %j', (pattern, targets) => {
    const spec = withExemptions(exemption('IL5-AML-001', pattern));
    expect(resolveExemptions(spec, declared(spec), '2026-11-25')[0]?.targets.map((t) => `${t.type} ${displayName(t.name)}`)).toEqual(targets);
  });
});

describe('Microsoft.Authorization/policyExemptions resources', () => {
  const spec = withExemptions([
    ...exemption('IL5-KV-003', 'il5mlkv*'),
    '      category: Mitigated',
    ...exemption('IL5-ST-007'),
    ...exemption('IL5-ACR-002', undefined, '2026-11-25'),
    ...exemption('IL5-MLW-003'),
  ]);
  const f = emitPolicy(spec, declared(spec), '2026-11-25');
  const exemptions = f.resources.filter((r) => r.type === 'Microsoft.Authorization/policyExemptions' && !r.name.endsWith('-jumpbox-stateless'));

  it('one per unexpired exemption that names a definition of the initiative (not ACR-002: expired today; not MLW-003: baseline only)', () => {
    expect(exemptions.map((r) => r.name)).toEqual(['il5ml-exemption-1-il5-kv-003', 'il5ml-exemption-2-il5-st-007']);
  });

  it('scoped to the resource it names, with category, expiry, justification and the assignment', () => {
    const [kv, st] = exemptions;
    expect(kv).toMatchObject({
      apiVersion: '2022-07-01-preview',
      scope: "[resourceId('Microsoft.KeyVault/vaults', format('{0}kv{1}', 'il5ml', uniqueString(resourceGroup().id)))]",
      properties: {
        policyAssignmentId: ASSIGNMENT,
        policyDefinitionReferenceIds: ['55615ac9-af46-4a59-874e-391cc3dfb490'],
        exemptionCategory: 'Mitigated',
        // The spec's date is the first day it no longer holds: midnight UTC of that day.
        expiresOn: '2027-03-31T00:00:00Z',
        description: 'test',
      },
    });
    expect(kv?.dependsOn).toContain(ASSIGNMENT);
    expect(kv?.dependsOn).toContain(kv?.scope);
    expect(st?.scope).toBeUndefined();
    expect(st).toMatchObject({ properties: { exemptionCategory: 'Waiver', policyDefinitionReferenceIds: ['geoRedundantStorageShouldBeEnabledForStorageAccounts'] } });
  });

  it('plan.md notes say what became of each exemption', () => {
    const text = f.notes.map((n) => `${n.what}: ${n.why}`).join('\n');
    expect(text).toMatch(/Exemption 3: IL5-ACR-002.*expired on 2026-11-25/);
    expect(text).toMatch(/Exemption 4: IL5-MLW-003.*baseline only/);
  });
});

describe('exemptionName (property)', () => {
  // Azure: 1-64 characters, none of <>*%&:\?.+/, not ending in a period or space (policyExemptions template reference).
  it('is a valid, unique-per-entry exemption name for any rule text and prefix', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9]{1,7}$/), fc.nat(999), fc.string({ maxLength: 120 }), (prefix, i, rule) => {
        const spec = { ...defaultSpec(), prefix };
        const name = exemptionName(spec, i, rule);
        expect(name.length).toBeGreaterThan(0);
        expect(name.length).toBeLessThanOrEqual(64);
        expect(name).toMatch(/^[^<>*%&:\\?.+/]*[^<>*%&:\\?.+/ ]+$/);
        expect(name.startsWith(`${prefix}-exemption-${i + 1}`)).toBe(true);
      }),
    );
  });
});

describe('the stateless jump box (spec jumpBox.stateless)', () => {
  const statelessOf = (spec: ReturnType<typeof defaultSpec>) =>
    emitPolicy(spec, declared(spec)).resources.find((r) => r.name === 'il5ml-exemption-jumpbox-stateless');

  it('is exempted, Mitigated and without expiry, from the backup and disaster recovery definitions, scoped to the VM', () => {
    const x = statelessOf(defaultSpec());
    expect(x).toMatchObject({
      type: 'Microsoft.Authorization/policyExemptions',
      scope: "[resourceId('Microsoft.Compute/virtualMachines', 'il5ml-jumpbox')]",
      properties: {
        exemptionCategory: 'Mitigated',
        policyAssignmentId: "[resourceId('Microsoft.Authorization/policyAssignments', 'il5ml-dod-il5')]",
        // Reference ids of 013e242c… and 0015ea4d… in DOD_IL5_audit.json (src/catalog/il5-initiative.generated.ts).
        policyDefinitionReferenceIds: ['013e242c-8828-4970-87b3-ab247555486d', 'auditVirtualMachinesWithoutDisasterRecoveryConfigured'],
      },
    });
    expect(JSON.stringify(x)).not.toContain('expiresOn');
  });
  it.each([
    ['jumpBox.stateless false', (s: ReturnType<typeof defaultSpec>) => void (s.jumpBox.stateless = false)],
    ['no jump box', (s: ReturnType<typeof defaultSpec>) => void (s.jumpBox.enabled = false)],
    ['no initiative assignment', (s: ReturnType<typeof defaultSpec>) => void (s.policy.assignIl5Initiative = false)],
  ])('is not emitted with %s', (_name, change) => {
    const spec = structuredClone(defaultSpec());
    change(spec);
    expect(statelessOf(spec)).toBeUndefined();
  });
});

describe("rule '*' (every rule, docs/exemptions.md)", () => {
  const spec = withExemptions([...exemption('*', 'il5mlkv*')]);
  const f = emitPolicy(spec, declared(spec), '2026-11-25');
  const made = f.resources.filter((r) => r.type === 'Microsoft.Authorization/policyExemptions' && !r.name.endsWith('-jumpbox-stateless'));

  it('is an Azure exemption from every definition of the assignment (no policyDefinitionReferenceIds), at what the pattern names', () => {
    expect(made.length).toBeGreaterThan(0);
    for (const r of made) {
      expect(r.properties).not.toHaveProperty('policyDefinitionReferenceIds');
      expect(r.properties).toMatchObject({ policyAssignmentId: ASSIGNMENT, metadata: { il5mlRule: '*', baselineRules: ['*'] } });
      expect(String(r.scope)).toMatch(/^\[resourceId\('Microsoft\.KeyVault\/vaults/);
    }
  });

  it('waives every baseline rule on the vault in the plan\'s own verdicts', () => {
    const rules = runBaseline(
      [{ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/il5mlkvabc', type: 'Microsoft.KeyVault/vaults', name: 'il5mlkvabc', properties: { enablePurgeProtection: false } }],
      { exemptions: [{ rule: '*', resource: 'il5mlkv*', justification: 'every rule', expiresOn: '2099-01-01' }], today: '2026-12-07' },
    );
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter((r) => r.compliance === 'NonCompliant')).toEqual([]);
    expect(rules.some((r) => r.compliance === 'Exempt')).toBe(true);
  });
});
