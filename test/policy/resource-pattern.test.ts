import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runBaseline } from '../../src/baseline/index.js';
import { examples } from '../../src/baseline/examples.js';
import type { AzureResource } from '../../src/core/resource.js';
import type { CheckResult } from '../../src/core/verdict.js';
import { exemptionApplier, parseExemptionsDoc, type Exemption } from '../../src/policy/exemptions.js';
import { armNameOf, resourceMatches } from '../../src/policy/resource-pattern.js';
import { set } from '../baseline/table.js';

// Defect: check matched an exemption's `resource` against the full ID only, while plan matched the name
// too; both now go through resourceMatches (docs/exemptions.md, "What a resource pattern names").

const RG = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1';
const VAULT = `${RG}/providers/Microsoft.KeyVault/vaults/kvbad`;
const KEY = `${VAULT}/keys/cmk`;
const COMPUTE = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw1/computes/cpu-cluster`;
const DIAG = `${VAULT}/providers/Microsoft.Insights/diagnosticSettings/logs`;

describe('armNameOf: the name ARM gives the resource of an id', () => {
  it.each([
    [VAULT, 'kvbad'],
    [KEY, 'kvbad/cmk'],
    [COMPUTE, 'mlw1/cpu-cluster'],
    [DIAG, 'logs'],
    [`${VAULT}/`, 'kvbad'],
    [RG, 'rg1'],
    ['/subscriptions/11111111-1111-1111-1111-111111111111', '11111111-1111-1111-1111-111111111111'],
    [`${RG}/PROVIDERS/Microsoft.KeyVault/vaults/KvBad`, 'KvBad'],
  ])('%s -> %s', (id, name) => {
    expect(armNameOf(id)).toBe(name);
  });

  it('is the parent/child name the id was built from (property)', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,11}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(segment, segment), { minLength: 1, maxLength: 4 }), (pairs) => {
        const id = `${RG}/providers/Microsoft.Test/${pairs.map(([type, name]) => `${type}/${name}`).join('/')}`;
        expect(armNameOf(id)).toBe(pairs.map(([, name]) => name).join('/'));
      }),
    );
  });
});

describe('resourceMatches: a pattern names a resource by its full ID or its name, case-insensitively', () => {
  const table: Array<[what: string, pattern: string, id: string, matches: boolean]> = [
    ['the name', 'kvbad', VAULT, true],
    ['a name pattern', 'kvb*', VAULT, true],
    ['a name pattern, the tester\'s kvold*', 'kvold*', `${RG}/providers/Microsoft.KeyVault/vaults/kvold1`, true],
    ['the name in other case', 'KVBAD', VAULT, true],
    ['the full id', VAULT, VAULT, true],
    ['the full id in other case', VAULT.toUpperCase(), VAULT, true],
    ['an id pattern', '*/vaults/kvbad', VAULT, true],
    ['an id pattern (suffix)', '*kvbad', VAULT, true],
    ['an id pattern of another type', '*/storageAccounts/*', VAULT, false],
    ['another name', 'kvgood', VAULT, false],
    ['a name prefix without *', 'kvba', VAULT, false],
    ['a child by parent/child', 'kvbad/cmk', KEY, true],
    ['a child by */child', '*/cmk', KEY, true],
    ['a child by its last segment alone: not its name', 'cmk', KEY, false],
    ['a child by its parent\'s name pattern (* spans /)', 'kvb*', KEY, true],
    ['a child by its parent\'s exact name: not its name', 'kvbad', KEY, false],
    ['a compute by workspace/compute', 'MLW1/CPU-*', COMPUTE, true],
    ['an extension resource by its own name', 'logs', DIAG, true],
    ['an extension resource by its target\'s name: not its name', 'kvbad', DIAG, false],
    ['*', '*', KEY, true],
  ];
  it.each(table)('%s: %s on %s -> %s', (_what, pattern, id, want) => {
    expect(resourceMatches(pattern, id)).toBe(want);
  });
});

/** Resources with NonCompliant verdicts: two vaults and a compute of a workspace (a child resource). */
function weakResources(): AzureResource[] {
  return [
    set(examples.keyVault(), 'properties.enablePurgeProtection', false),
    set({ ...examples.keyVault(), id: examples.keyVault().id.replace('kv-il5ml', 'kvold0'), name: 'kvold0' }, 'properties.enableSoftDelete', false),
    set(examples.compute(), 'properties.properties.enableNodePublicIp', true),
  ];
}

function exemption(rule: string, resource: string, index = 0): Exemption {
  return { policyDefinitionId: rule, resourceId: resource, justification: `waiver ${index}`, expiresOn: '2099-01-01', index };
}

describe('plan (the baseline with the spec exemptions) and check (the exemption applier) exempt the same results', () => {
  const resources = weakResources();
  // Every verdict, Compliant and NotApplicable included: both exempt what they judge, whatever the verdict,
  // and leave NotApplicable as it is.
  const plain = runBaseline(resources, {});
  const key = (r: CheckResult): string => `${r.ruleId ?? ''} ${r.resourceId}`;
  const exemptByPlan = (rule: string, pattern: string): string[] =>
    runBaseline(resources, { exemptions: [{ rule, resource: pattern, justification: 'w', expiresOn: '2099-01-01' }], today: '2026-12-01' })
      .filter((r) => r.compliance === 'Exempt')
      .map(key)
      .sort();
  const exemptByCheck = (rule: string, pattern: string): string[] => {
    const applier = exemptionApplier([exemption(rule, pattern)], new Date('2026-12-01T00:00:00Z'), 'ex.yaml');
    return plain.map(applier.apply).filter((r) => r.compliance === 'Exempt').map(key).sort();
  };

  it('the repro has NonCompliant verdicts to exempt on each resource', () => {
    expect(new Set(plain.map((r) => r.resourceId)).size).toBe(3);
    expect(new Set(plain.map((r) => r.compliance))).toEqual(new Set(['Compliant', 'NonCompliant', 'NotApplicable']));
  });

  it.each([
    ['IL5-KV-001', 'kv-il5ml', true],
    ['IL5-KV-001', 'KV-IL5*', true],
    ['IL5-KV-002', 'kvold*', true],
    ['IL5-KV-002', '*/vaults/kvold0', true],
    ['IL5-KV-004', 'kv*', true],
    ['IL5-AML-001', 'mlw-il5ml/cpu-cluster', true],
    ['IL5-AML-001', '*/cpu-cluster', true],
    ['IL5-AML-001', 'cpu-cluster', false],
    ['IL5-KV-001', 'nothing*', false],
    // NotApplicable on the vault and on the compute: neither exempts it.
    ['IL5-DEP-001', 'kv*', false],
    ['IL5-DEP-002', '*', false],
  ])('%s on %s (exempts some: %s): the same results by both', (rule, pattern, some) => {
    const byPlan = exemptByPlan(rule, pattern);
    expect(byPlan.length > 0).toBe(some);
    expect(exemptByCheck(rule, pattern)).toEqual(byPlan);
  });

  it('for any pattern made of pieces of the names and ids, with * and case changes (property)', () => {
    const pieces = ['kv', 'il5ml', 'kvold0', 'mlw-il5ml', 'cpu-cluster', '/', 'vaults', 'computes', '-', 'KV', 'Old'];
    const pattern = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.constant('*')), { minLength: 1, maxLength: 6 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.constantFrom('IL5-KV-001', 'IL5-KV-002', 'IL5-KV-004', 'IL5-AML-001', 'IL5-DEP-001', 'IL5-DEP-002'), pattern, (rule, p) => {
        expect(exemptByCheck(rule, p)).toEqual(exemptByPlan(rule, p));
      }),
      { numRuns: 300 },
    );
  });
});

describe('exemptionApplier: used and unused follow the matching', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const result = (resourceId: string, compliance: CheckResult['compliance'] = 'NonCompliant'): CheckResult => ({
    policyDefinitionId: 'IL5-KV-003',
    ruleId: 'IL5-KV-003',
    resourceId,
    resourceType: 'Microsoft.KeyVault/vaults',
    compliance,
    effect: 'audit',
    reason: 'public',
  });

  it('an exemption by name is used; one matching nothing warns IL5-EXEMPT-UNUSED', () => {
    const a = exemptionApplier([exemption('IL5-KV-003', 'kvb*', 0), exemption('IL5-KV-003', 'kvgood', 1)], now, 'ex.yaml');
    expect(a.apply(result(VAULT))).toMatchObject({ compliance: 'Exempt', exemption: { justification: 'waiver 0' } });
    expect(a.diagnostics().map((d) => `${d.code} ${d.path ?? ''}`)).toEqual(['IL5-EXEMPT-UNUSED exemptions[1]']);
  });

  it('an exemption shadowed by an earlier one that matched the same result is used, not unused', () => {
    const a = exemptionApplier([exemption('IL5-KV-003', '*/vaults/kvbad', 0), exemption('IL5-KV-003', 'KVBAD', 1)], now, 'ex.yaml');
    expect(a.apply(result(VAULT)).exemption?.justification).toBe('waiver 0');
    expect(a.diagnostics()).toEqual([]);
  });

  it('a result Exempt already keeps its exemption (an earlier source decided), and the exemption counts as used', () => {
    const before: CheckResult = { ...result(VAULT, 'Exempt'), reason: 'exempt (Waiver) by policy exemption x: AO', exemption: { justification: 'AO' } };
    const a = exemptionApplier([exemption('IL5-KV-003', 'kvbad')], now, 'ex.yaml');
    expect(a.apply(before)).toBe(before);
    expect(a.diagnostics()).toEqual([]);
  });

  it('warnings are placed at the entry (unused) and at its expiresOn (expired), the file left out of the message', () => {
    const at = { entry: { file: 'ex.yaml', line: 2, column: 5 }, expiresOn: { file: 'ex.yaml', line: 5, column: 16 } };
    const a = exemptionApplier(
      [
        { ...exemption('IL5-KV-003', 'nothing', 0), at, label: 'policy.exemptions[0]' },
        { ...exemption('IL5-KV-003', 'nothing', 1), expiresOn: '2020-01-01', at, label: 'policy.exemptions[1]' },
        exemption('IL5-KV-003', 'nothing', 2),
      ],
      now,
      'ex.yaml',
    );
    expect(a.diagnostics().map((d) => [d.code, d.location, d.message.split(' (')[0]?.split(' for ')[0]])).toEqual([
      ['IL5-EXEMPT-EXPIRED', at.expiresOn, 'policy.exemptions[1]'],
      ['IL5-EXEMPT-UNUSED', at.entry, 'policy.exemptions[0]'],
      // No position known: the file is named in the message.
      ['IL5-EXEMPT-UNUSED', undefined, 'ex.yaml: exemptions[2]'],
    ]);
  });
});

describe('parseExemptionsDoc with positions', () => {
  const locate = (path: readonly (string | number)[]) => ({ file: 'ex.yaml', line: path.length * 10 + Number(path[path.length - 1] === 'rule'), column: 1 });
  it('each entry gets its label and places; errors their position, the list found under exemptions or policy.exemptions', () => {
    const spec = parseExemptionsDoc('ex.yaml', { policy: { exemptions: [{ rule: 'IL5-KV-001', justification: 'x' }, { rule: 'IL5-KV-001' }] } }, locate);
    expect(spec.exemptions[0]).toMatchObject({ label: 'policy.exemptions[0]', at: { entry: { line: 30 }, rule: { line: 41 } } });
    expect(spec.diagnostics.map((d) => [d.message, d.location?.line])).toEqual([['policy.exemptions[1] lacks justification', 30]]);
    const list = parseExemptionsDoc('ex.yaml', [{ rule: 'IL5-KV-001', justification: 'x', expiresOn: 'soon' }], locate);
    expect(list.diagnostics.map((d) => [d.message, d.location?.line, d.path])).toEqual([['exemptions[0]: expiresOn "soon" is not an ISO 8601 date', 20, 'exemptions[0].expiresOn']]);
  });
});
