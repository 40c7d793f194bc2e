import { describe, expect, it } from 'vitest';
import { escapeAngles, escapePlaceholders } from '../../src/core/markdown.js';
import { summarize, type CheckResult } from '../../src/core/verdict.js';
import { controlOf, oscalControlId } from '../../src/report/controls.js';
import { mergeMirrors, reconcile, resourceName } from '../../src/report/evidence.js';
import { formatReport } from '../../src/report/index.js';
import { uuidV5 } from '../../src/report/oscal.js';
import { fingerprint } from '../../src/report/sarif.js';
import { severityOf } from '../../src/report/severity.js';
import { CONTEXT, OPTIONS, RESULTS, fixtureReport } from './fixture.js';

const KV = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1';
const DEF = '/providers/Microsoft.Authorization/policyDefinitions/0b60c0b2-2dc2-4e1c-b5c9-abbed971de53';
const base = (over: Partial<CheckResult>): CheckResult => ({
  policyDefinitionId: DEF,
  resourceId: KV,
  resourceType: 'Microsoft.KeyVault/vaults',
  compliance: 'NonCompliant',
  effect: 'audit',
  reason: 'r',
  ...over,
});

describe('mergeMirrors: a baseline rule and the definition it mirrors give one result', () => {
  it.each([
    ['both NonCompliant on one resource: one result, the rule\'s', 'NonCompliant', 'NonCompliant', KV, 1],
    ['they disagree: both kept', 'Compliant', 'NonCompliant', KV, 2],
    ['different resources: both kept', 'NonCompliant', 'NonCompliant', `${KV}x`, 2],
  ] as const)('%s', (_, rule, def, defResource, n) => {
    const r = base({ ruleId: 'IL5-KV-001', compliance: rule });
    const d = base({ compliance: def, resourceId: defResource });
    const m = mergeMirrors([d, r]);
    expect(m.results).toHaveLength(n);
    if (n === 1) {
      expect(m.results[0]?.ruleId).toBe('IL5-KV-001');
      expect(m.mirrored.get(r)).toBe('0b60c0b2-2dc2-4e1c-b5c9-abbed971de53');
    }
  });

  it('SARIF: one result with the definition named in alsoReportedBy', () => {
    const results = [base({ ruleId: 'IL5-KV-001' }), base({})];
    const log = JSON.parse(formatReport({ results, summary: summarize(results) }, 'sarif', OPTIONS)) as { runs: { results: { ruleId: string; properties: Record<string, unknown> }[] }[] };
    expect(log.runs[0]?.results.map((r) => [r.ruleId, r.properties.alsoReportedBy])).toEqual([['IL5-KV-001', '0b60c0b2-2dc2-4e1c-b5c9-abbed971de53']]);
  });
});

describe('SARIF locations and fingerprints', () => {
  it('a result without a template line points at the fallback source; every result has a physical location', () => {
    const results = [base({ resourceId: '/subscriptions/s', resourceType: 'Microsoft.Resources/subscriptions' })];
    const log = JSON.parse(formatReport({ results, summary: summarize(results) }, 'sarif', { ...OPTIONS, fallbackSource: { file: 'C:\\work\\my repo\\mlz.json', line: 2, column: 3 } })) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }[] }[] }[];
    };
    const loc = log.runs[0]?.results[0]?.locations[0]?.physicalLocation;
    expect(loc?.artifactLocation).toEqual({ uri: 'mlz.json', uriBaseId: '%SRCROOT%' });
    expect(loc?.region.startLine).toBe(2);
  });

  it('partialFingerprints do not move with the line, and differ by resource and rule', () => {
    const a = base({ source: { file: 'a.json', line: 10, column: 1 } });
    expect(fingerprint(a)).toBe(fingerprint({ ...a, source: { file: 'a.json', line: 99, column: 4 } }));
    expect(fingerprint(a)).not.toBe(fingerprint({ ...a, resourceId: `${KV}2` }));
    expect(fingerprint(a)).not.toBe(fingerprint({ ...a, ruleId: 'IL5-KV-001' }));
    expect(fingerprint(a)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('every rule has a security-severity, Microsoft definitions included', () => {
    const log = JSON.parse(formatReport(fixtureReport(), 'sarif', OPTIONS)) as { runs: { tool: { driver: { rules: { properties: Record<string, unknown>; help: { markdown: string } }[] } } }[] };
    for (const r of log.runs[0]?.tool.driver.rules ?? []) {
      expect(r.properties['security-severity']).toMatch(/^\d\.\d$/);
      expect(r.help.markdown.length).toBeGreaterThan(0);
    }
  });
});

describe('severity of a result', () => {
  it.each([
    [{ effect: 'audit', severity: 'low' as const }, ['DoD_IL5_R4_SC-7'], 'low'],
    [{ effect: 'deny' }, ['DoD_IL5_R4_CM-6'], 'high'],
    [{ effect: 'Deny' }, [], 'high'],
    [{ effect: 'audit' }, ['DoD_IL5_R4_SC-7(3)'], 'high'],
    [{ effect: 'auditIfNotExists' }, ['DoD_IL5_R4_AU-12'], 'medium'],
    [{ effect: 'manual' }, ['DoD_IL5_R4_SC-28'], 'low'],
    [{ effect: 'audit' }, [], 'medium'],
  ])('%j under %j is %s', (r, groups, want) => {
    expect(severityOf(r, groups)).toBe(want);
  });
});

describe('controls from the NIST SP 800-53 rev. 4 catalog', () => {
  it.each([
    ['DoD_IL5_R4_SC-7(3)', 'sc-7.3', 'Access Points'],
    ['AC-4', 'ac-4', 'Information Flow Enforcement'],
    ['DoD_IL5_R4_AU-6(4)', 'au-6.4', 'Central Review and Analysis'],
  ])('%s → %s %s', (g, id, title) => {
    const c = controlOf(g);
    expect(c?.id).toBe(id);
    expect(c?.title).toBe(title);
    expect(c?.statement.length).toBeGreaterThan(20);
    expect(oscalControlId(c?.label ?? '')).toBe(id);
  });
  it('a group that is no control has none', () => expect(controlOf('Custom group')).toBeUndefined());
});

describe('reconciliation with the initiative', () => {
  it('evaluated + not applicable + not evaluable offline = the definitions in the set', () => {
    const definitions = CONTEXT.initiative?.definitions ?? [];
    const r = reconcile(fixtureReport(), definitions);
    expect(r.total).toBe(6);
    // KV purge, KV logs (Unknown counts as evaluated), storage (Compliant), registry (Exempt); function apps: none.
    expect(r.evaluated.map((d) => d.displayName.split(' ')[0])).toEqual(['Key', 'Resource', 'Storage', 'Container']);
    expect(r.notApplicable.map((d) => d.displayName)).toEqual(['Function apps should only be accessible over HTTPS']);
    expect(r.notEvaluable).toHaveLength(1);
    expect(r.evaluated.length + r.notApplicable.length + r.notEvaluable.length).toBe(r.total);
  });
});

describe('OSCAL', () => {
  it('UUID v5 matches RFC 9562 test vector (DNS namespace, "www.example.com")', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('the same input gives the same document; a different input digest, other UUIDs', () => {
    const opts = { ...OPTIONS, context: CONTEXT };
    const a = formatReport(fixtureReport(), 'oscal', opts);
    expect(formatReport(fixtureReport([...RESULTS].reverse()), 'oscal', opts)).toBe(a);
    const other = formatReport(fixtureReport(), 'oscal', { ...opts, context: { ...CONTEXT, inputs: [{ file: 'out/azuredeploy.json', sha256: '0'.repeat(64) }] } });
    const uuid = (d: string): string => (JSON.parse(d) as { 'assessment-results': { uuid: string } })['assessment-results'].uuid;
    expect(uuid(other)).not.toBe(uuid(a));
  });

  it('a control with a NonCompliant verdict is not-satisfied; one with only Compliant and NotApplicable, satisfied', () => {
    const doc = JSON.parse(formatReport(fixtureReport(), 'oscal', { ...OPTIONS, context: CONTEXT })) as {
      'assessment-results': { results: { findings: { target: { 'target-id': string; status: { state: string; reason?: string } } }[] }[] };
    };
    const state = Object.fromEntries((doc['assessment-results'].results[0]?.findings ?? []).map((f) => [f.target['target-id'], f.target.status]));
    expect(state['sc-12_smt']).toEqual({ state: 'not-satisfied' });
    expect(state['ac-4_smt']).toEqual({ state: 'satisfied' });
    expect(state['au-12_smt']).toEqual({ state: 'not-satisfied', reason: 'other' });
  });
});

describe('Markdown placeholders (shared by check, plan.md and dns --format md)', () => {
  it.each([
    ['il5mlkv<uniqueString>', 'il5mlkv&lt;uniqueString>'],
    ['`<kept in code>` and <ip:pe#1>', '`<kept in code>` and &lt;ip:pe#1>'],
    ['a<br>b <!-- note --> <details><summary>x</summary>', 'a<br>b <!-- note --> <details><summary>x</summary>'],
    ['```\n<in fence>\n```\n<after>', '```\n<in fence>\n```\n&lt;after>'],
  ])('%j → %j', (input, out) => {
    expect(escapePlaceholders(input)).toBe(out);
  });
  it('cell text: all three characters', () => expect(escapeAngles('a<b>&c')).toBe('a&lt;b&gt;&amp;c'));
});

describe('resource names', () => {
  it.each([
    [KV, 'kv1'],
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a', 'v/a'],
    ['/subscriptions/s', 's'],
    [`${KV}/providers/Microsoft.Insights/diagnosticSettings/d`, 'd'],
  ])('%s → %s', (id, name) => expect(resourceName(id)).toBe(name));
});

describe('JUnit titles', () => {
  it('name the rule and the resource; two resources of one name in two groups get their ids', () => {
    const a = base({ ruleId: 'IL5-KV-001', displayName: 'IL5.KeyVault.PurgeProtection' });
    const b = { ...a, resourceId: a.resourceId.replace('/rg/', '/rg2/') };
    const c = { ...a, resourceId: `${KV}x` };
    const xml = formatReport({ results: [a, b, c], summary: summarize([a, b, c]) }, 'junit', OPTIONS);
    const names = [...xml.matchAll(/<testcase name="([^"]*)"/g)].map((m) => m[1]);
    expect(names).toEqual([
      `IL5.KeyVault.PurgeProtection [IL5-KV-001] on kv1 (Microsoft.KeyVault/vaults) ${KV}`,
      'IL5.KeyVault.PurgeProtection [IL5-KV-001] on kv1x (Microsoft.KeyVault/vaults)',
      `IL5.KeyVault.PurgeProtection [IL5-KV-001] on kv1 (Microsoft.KeyVault/vaults) ${b.resourceId}`,
    ]);
  });
});
