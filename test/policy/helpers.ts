import type { AzureResource } from '../../src/core/resource.js';
import type { CheckResult } from '../../src/core/verdict.js';
import { compilePolicies, evaluatePolicies, type EvaluateOptions, type PolicyAssignment } from '../../src/policy/evaluate.js';
import { parsePolicyFile } from '../../src/policy/definitions.js';

export const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111';
export const RG = `${SUB}/resourceGroups/rg1`;

/** A resource in rg1 with a location (so that Indexed definitions evaluate it). */
export function res(type: string, name: string, extra: Partial<AzureResource> = {}): AzureResource {
  const [ns, ...types] = type.split('/');
  const names = name.split('/');
  const tail = types.map((t, i) => `${t}/${names[i] ?? ''}`).join('/');
  return { id: `${RG}/providers/${ns}/${tail}`, type, name, location: 'usgovvirginia', ...extra };
}

let n = 0;
/** A standalone definition (a fresh GUID-like name) with the rule given, compiled. */
export function definition(rule: { if: unknown; then: Record<string, unknown> }, more: Record<string, unknown> = {}): PolicyAssignment[] {
  n += 1;
  const name = `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
  const doc = { name, properties: { displayName: `test ${n}`, mode: 'All', policyRule: rule, ...more } };
  const parsed = parsePolicyFile(`${name}.json`, JSON.stringify(doc));
  if (parsed.diagnostics.length) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  const { assignments, diagnostics } = compilePolicies(parsed);
  if (diagnostics.length) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return assignments;
}

/** Evaluates one rule over resources; returns the results. */
export function check(rule: { if: unknown; then: Record<string, unknown> }, resources: AzureResource[], options: EvaluateOptions = {}, more: Record<string, unknown> = {}): CheckResult[] {
  return evaluatePolicies(resources, definition(rule, more), options);
}

/** The `if` alone with effect audit, over one resource: the verdict. */
export function verdict(cond: unknown, resource: AzureResource): string | undefined {
  const r = check({ if: cond, then: { effect: 'audit' } }, [resource]);
  return r[0]?.compliance;
}
