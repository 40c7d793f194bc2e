import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baselineRules, indexResources } from '../../src/baseline/index.js';
import { equivalenceCorpus } from '../../src/baseline/corpus.js';
import type { BaselineRule } from '../../src/baseline/types.js';
import type { AzureResource } from '../../src/core/resource.js';
import type { CheckResult } from '../../src/core/verdict.js';
import { compilePolicies, evaluatePolicies, mergeLoaded, parsePolicyFile } from '../../src/policy/index.js';
import { expandTemplate } from '../../src/arm/template/expand.js';
import { buildPlan } from '../../src/emit/plan.js';
import { defaultSpec } from '../../src/spec/load.js';
import type { PolicyAssignment } from '../../src/policy/index.js';
import { sharedPath } from './shared.js';

/**
 * Equivalence (issue 6): for every baseline rule that names a Microsoft definition, the rule and the
 * definition — evaluated by the policy engine from ../shared/azure-policy with the DoD IL5 initiative's
 * parameter values — give the same verdict on every resource of the generated corpus
 * (src/baseline/corpus.ts). A difference names the case, the resource and both verdicts with reasons.
 */

const IL5_SET = 'f9a961fa-3241-4b20-adc4-bbf8ad9d7197';
const guid = (id: string): string => (id.split('/').pop() ?? id).toLowerCase();
const mirrors = baselineRules.filter((r): r is BaselineRule & { policyDefinitionId: string } => r.policyDefinitionId !== undefined);

function loadIl5(): PolicyAssignment[] {
  const dir = sharedPath('azure-policy', 'definitions');
  const parts = [
    parsePolicyFile('DOD_IL5_audit.json', readFileSync(sharedPath('azure-policy', 'DOD_IL5_audit.json'), 'utf8')),
    ...readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => parsePolicyFile(f, readFileSync(`${dir}/${f}`, 'utf8'))),
  ];
  const { assignments, diagnostics } = compilePolicies(mergeLoaded(parts));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const wanted = new Set(mirrors.map((r) => guid(r.policyDefinitionId)));
  // Only the assignments the initiative makes: its parameter values decide the effects.
  return assignments.filter((a) => wanted.has(guid(a.definition.id)) && a.set !== undefined && guid(a.set.id) === IL5_SET);
}

function appliesTo(rule: BaselineRule, r: AzureResource): boolean {
  return rule.resourceTypes.some((t) => t === '*' || t.toLowerCase() === r.type.toLowerCase());
}

interface Difference {
  case: string;
  rule: string;
  baseline: string;
  policy: string;
}

describe('baseline mirrors agree with Microsoft definitions (policy engine)', () => {
  const assignments = loadIl5();
  const corpus = equivalenceCorpus();

  it('has an initiative assignment for every mirror rule, with the same effect', () => {
    expect(assignments.map((a) => guid(a.definition.id)).sort()).toEqual(mirrors.map((r) => guid(r.policyDefinitionId)).sort());
    for (const rule of mirrors) {
      const a = assignments.find((x) => guid(x.definition.id) === guid(rule.policyDefinitionId));
      expect(a?.effect?.toLowerCase(), rule.id).toBe(rule.effect.toLowerCase());
    }
  });

  it(`gives the same verdict on every resource of the corpus (${corpus.length} cases)`, () => {
    const differences: Difference[] = [];
    let pairs = 0;
    for (const c of corpus) {
      const input = [c.subject, ...c.related];
      const index = indexResources(input);
      const engine: CheckResult[] = evaluatePolicies(input, assignments);
      for (const rule of mirrors) {
        const mine = appliesTo(rule, c.subject) ? rule.evaluate(c.subject, index) : { compliance: 'NotApplicable', reason: 'type not judged' };
        const theirs = engine.find(
          (r) => r.resourceId.toLowerCase() === c.subject.id.toLowerCase() && guid(r.policyDefinitionId) === guid(rule.policyDefinitionId),
        );
        const policy = theirs ?? { compliance: 'NotApplicable', reason: 'no result' };
        if (mine.compliance === 'NotApplicable' && policy.compliance === 'NotApplicable') continue;
        pairs++;
        if (mine.compliance !== policy.compliance) {
          differences.push({
            case: `${c.name} (${c.subject.id.split('/').pop() ?? ''})`,
            rule: `${rule.id} ${guid(rule.policyDefinitionId)}`,
            baseline: `${mine.compliance}: ${mine.reason}`,
            policy: `${policy.compliance}: ${policy.reason}`,
          });
        }
      }
    }
    expect(pairs).toBeGreaterThan(corpus.length);
    const lines = differences.map((d) => `${d.rule} | ${d.case} | baseline ${d.baseline} | policy ${d.policy}`);
    const byRule = new Map<string, number>();
    for (const d of differences) byRule.set(d.rule, (byRule.get(d.rule) ?? 0) + 1);
    const tally = [...byRule].map(([r, n]) => `${r}: ${n}`).join(', ');
    expect(lines, `${differences.length} of ${pairs} verdicts differ (${tally})`).toEqual([]);
  });

  it('gives the same verdict on every resource of the default plan, expanded', () => {
    const text = buildPlan(defaultSpec()).files().get('azuredeploy.json');
    expect(text).toBeDefined();
    const expanded = expandTemplate({ text: text ?? '', file: 'azuredeploy.json' });
    expect(expanded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const resources = expanded.resources;
    const index = indexResources(resources);
    const engine = evaluatePolicies(resources, assignments);
    const lines: string[] = [];
    let pairs = 0;
    for (const r of resources) {
      for (const rule of mirrors) {
        if (!appliesTo(rule, r)) continue;
        const mine = rule.evaluate(r, index);
        const theirs = engine.find((x) => x.resourceId.toLowerCase() === r.id.toLowerCase() && guid(x.policyDefinitionId) === guid(rule.policyDefinitionId));
        const policy = theirs ?? { compliance: 'NotApplicable', reason: 'no result' };
        pairs++;
        if (mine.compliance !== policy.compliance) lines.push(`${rule.id} | ${r.id} | baseline ${mine.compliance}: ${mine.reason} | policy ${policy.compliance}: ${policy.reason}`);
      }
    }
    expect(pairs).toBeGreaterThanOrEqual(20);
    expect(lines, `${lines.length} of ${pairs} verdicts differ on the default plan`).toEqual([]);
  });
});
