/**
 * Conformance of the Azure Policy engine over Microsoft's real files in ../shared/azure-policy: every
 * definition and the DoD IL5 initiative load and compile; every alias they use is in il5ml's table; each
 * definition is run against a violating and a compliant resource generated from its own rule; the
 * project's default plan and Mission Landing Zone are checked against the whole initiative.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/arm/template/index.js';
import type { CheckResult } from '../../src/core/verdict.js';
import { buildPlan } from '../../src/emit/plan.js';
import { isKnownAlias } from '../../src/policy/aliases.js';
import { coverage } from '../../src/policy/coverage.js';
import { mergeLoaded, parsePolicyFile } from '../../src/policy/definitions.js';
import { compilePolicies, evaluatePolicies, LIVE_TYPES, type PolicyAssignment } from '../../src/policy/evaluate.js';
import { defaultSpec } from '../../src/spec/load.js';
import { MLZ_SPOKE_YAML, specFrom } from '../emit/specs.js';
import { CannotGenerate, generate } from '../policy/generate.js';
import { sharedPath } from './shared.js';

const dir = sharedPath('azure-policy');
const files = readdirSync(`${dir}/definitions`).filter((f) => f.endsWith('.json')).sort();
const parts = [parsePolicyFile('DOD_IL5_audit.json', readFileSync(`${dir}/DOD_IL5_audit.json`, 'utf8')), ...files.map((f) => parsePolicyFile(`definitions/${f}`, readFileSync(`${dir}/definitions/${f}`, 'utf8')))];
const loaded = mergeLoaded(parts);
const compiled = compilePolicies(loaded);
const assignments = compiled.assignments;

function counts(results: readonly CheckResult[]): Record<string, number> {
  const c: Record<string, number> = { Compliant: 0, NonCompliant: 0, NotApplicable: 0, Unknown: 0, Exempt: 0 };
  for (const r of results) c[r.compliance] = (c[r.compliance] ?? 0) + 1;
  return c;
}

describe('Microsoft’s definitions load and compile', () => {
  it('every file parses: 187 definitions and the DoD IL5 set of 186 references', () => {
    expect(parts.flatMap((p) => p.diagnostics)).toEqual([]);
    expect(loaded.definitions).toHaveLength(187);
    expect(loaded.sets).toHaveLength(1);
    expect(loaded.sets[0]?.policyDefinitions).toHaveLength(186);
  });

  it('the set resolves all parameters and finds every definition by GUID', () => {
    expect(compiled.diagnostics).toEqual([]);
    // 186 references of the set + the older workspace definition that no set references.
    expect(assignments).toHaveLength(187);
  });

  it('every rule compiles (conditions, operators, expressions, effects)', () => {
    const broken = assignments.filter((a) => a.problems.length || a.effectProblem).map((a) => `${a.definition.name}: ${a.effectProblem ?? a.problems.join('; ')}`);
    expect(broken).toEqual([]);
  });

  it('every alias the definitions name is in il5ml’s alias table', () => {
    const missing = new Set<string>();
    const visit = (v: unknown, key?: string): void => {
      if (typeof v === 'string' && key === 'field' && v.includes('/') && !v.startsWith('[') && !isKnownAlias(v)) missing.add(v);
      else if (Array.isArray(v)) v.forEach((x) => visit(x, key));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
    };
    for (const d of loaded.definitions) if (!d.mode.toLowerCase().includes('.data')) visit(d.policyRule);
    expect([...missing]).toEqual([]);
  });

  it('coverage of the initiative', () => {
    const c = coverage(assignments.filter((a) => a.set));
    expect(c.total).toBe(186);
    expect(c.offline + c.live + c.counts.disabled + c.counts['not-evaluable']).toBe(186);
    expect(c.counts['not-evaluable']).toBe(0);
    expect(c.counts['data-plane']).toBe(13);
  });
});

/**
 * What Azure would report for the generated pair. Live-data related types (Defender assessments, Guest
 * Configuration): absent from the input → Unknown; present (an export holding them) → evaluated. A
 * related name built from policy().assignmentId cannot be known before assignment → Unknown both ways.
 */
const expectedVerdicts = (a: PolicyAssignment): { violating: string; compliant: string } => {
  if (a.effect === 'manual') return { violating: 'Unknown', compliant: 'Unknown' };
  if (a.details?.name?.kind === 'expr' && /policy\(\)/i.test(a.details.name.text)) return { violating: 'Unknown', compliant: 'Unknown' };
  const live = a.details && LIVE_TYPES[a.details.type.toLowerCase()];
  if (live) return { violating: 'Unknown', compliant: 'Compliant' };
  return { violating: 'NonCompliant', compliant: 'Compliant' };
};

describe('each definition against a violating and a compliant resource built from its rule', () => {
  const generated: string[] = [];
  const skipped: Record<string, string> = {};
  const wrong: string[] = [];
  for (const a of assignments) {
    if (a.modeKind === 'data') {
      skipped[a.definition.name] = `mode ${a.definition.mode}: data plane, reported Unknown on its host resources`;
      continue;
    }
    let g;
    try {
      g = generate(a);
    } catch (e) {
      if (!(e instanceof CannotGenerate)) throw e;
      skipped[a.definition.name] = e.message;
      continue;
    }
    generated.push(a.definition.name);
    const want = expectedVerdicts(a);
    const on = (resources: typeof g.violating): string => evaluatePolicies(resources, [a], { project: false }).find((r) => r.resourceId === resources[0]?.id)?.compliance ?? 'no verdict';
    const v = on(g.violating);
    const c = on(g.compliant);
    if (v !== want.violating || c !== want.compliant) wrong.push(`${a.definition.name} ${a.definition.displayName}: violating ${v} (want ${want.violating}), compliant ${c} (want ${want.compliant})`);
  }

  it('the engine gives the expected verdict both ways for every generated pair', () => {
    expect(wrong).toEqual([]);
  });

  it('most definitions are generated; the others are recorded with why', () => {
    // Printed in the report of the suite; see docs/policy-engine.md for the list.
    expect(generated.length + Object.keys(skipped).length).toBe(187);
    expect(generated.length).toBeGreaterThanOrEqual(171);
    for (const why of Object.values(skipped)) expect(why).not.toBe('');
  });
});

// The default plan and the Mission Landing Zone spoke plan of issue 9 (test/emit/specs.ts).
describe.each([
  ['default', () => defaultSpec()],
  ['mlz-spoke', () => specFrom(MLZ_SPOKE_YAML)],
] as const)('the %s plan against the whole DoD IL5 initiative', (_name, spec) => {
  const plan = buildPlan(spec());
  const x = expandTemplate({ text: plan.files().get('azuredeploy.json') ?? '', file: 'azuredeploy.json' });
  const results = evaluatePolicies(x.resources, assignments.filter((a) => a.set));

  it('expands without errors and gets a verdict for the applicable pairs', () => {
    expect(x.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(results.length).toBeGreaterThan(0);
  });

  it('every Unknown is explained: live data, or a value known only after deployment', () => {
    for (const r of results.filter((x) => x.compliance === 'Unknown')) expect(r.reason).toMatch(/needs live data|cannot be known offline|cannot be decided offline|mode /);
  });

  it('no NonCompliant: the two jump box gaps of 2026-11-25 (backup, Site Recovery) are Exempt by the policy exemption the plan declares', () => {
    const non = results.filter((r) => r.compliance === 'NonCompliant').map((r) => `${r.policyDefinitionId.split('/').pop() ?? ''} ${r.resourceType}: ${r.reason}`);
    expect(non).toEqual([]);
    const exempt = results.filter((r) => r.compliance === 'Exempt').map((r) => `${r.policyDefinitionId.split('/').pop() ?? ''} ${r.resourceType}`);
    expect(exempt.sort()).toEqual([
      // Audit virtual machines without disaster recovery configured; Azure Backup should be enabled for Virtual Machines.
      '0015ea4d-51ff-4ce3-8d8c-f3f8f0179a56 Microsoft.Compute/virtualMachines',
      '013e242c-8828-4970-87b3-ab247555486d Microsoft.Compute/virtualMachines',
    ]);
    for (const r of results.filter((x) => x.compliance === 'Exempt')) expect(r.reason).toMatch(/^exempt \(Mitigated\) by policy exemption il5ml-exemption-jumpbox-stateless: /);
  });
});

describe('Mission Landing Zone (mlz.json) against the initiative', () => {
  const text = readFileSync(sharedPath('templates', 'missionlz', 'mlz.json'), 'utf8');
  const x = expandTemplate({
    text,
    file: 'mlz.json',
    parametersText: JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', parameters: { identifier: { value: 'il5' } } }),
  });
  const sub = { id: '/subscriptions/00000000-0000-0000-0000-000000000000', type: 'Microsoft.Resources/subscriptions', name: '00000000-0000-0000-0000-000000000000' };
  const results = evaluatePolicies([...x.resources, sub], assignments.filter((a) => a.set));

  it('gets verdicts over its hub, spokes, and subscription; every result has a reason', () => {
    expect(x.resources.length).toBeGreaterThan(150);
    const c = counts(results);
    expect((c.Compliant ?? 0) + (c.NonCompliant ?? 0) + (c.Unknown ?? 0)).toBe(results.length);
    for (const r of results) expect(r.reason).not.toBe('');
  });
});
