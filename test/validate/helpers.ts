import { expect } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { loadSpec } from '../../src/spec/load.js';
import type { SpecRule } from '../../src/validate/rule.js';

/** A row of a rule's table: a spec (YAML) and what the rule must report, exactly, in order. */
export interface RuleCase {
  name: string;
  yaml: string;
  expected: { severity: Diagnostic['severity']; message: string; line: number; column: number; fix?: string }[];
}

/** Runs one rule on a YAML text that must load cleanly, and returns its diagnostics. */
export function runRule(rule: SpecRule, yaml: string): Diagnostic[] {
  const loaded = loadSpec(yaml, 'spec.yaml');
  expect(loaded.diagnostics, 'the case itself must load without errors').toEqual([]);
  return rule.check(loaded);
}

export function expectCase(rule: SpecRule, c: RuleCase): void {
  const got = runRule(rule, c.yaml);
  // The fix is compared on the rows that state one; every row must have some fix (checked below).
  expect(
    got.map((d, i) => ({
      severity: d.severity,
      message: d.message,
      line: d.location?.line,
      column: d.location?.column,
      ...(c.expected[i]?.fix !== undefined ? { fix: d.fix } : {}),
    })),
  ).toEqual(c.expected.map((e) => ({ ...e })));
  for (const d of got) {
    expect(d.code).toBe(`IL5-SPEC-${rule.id.toUpperCase()}`);
    expect(d.fix, 'every finding says how to fix it').toBeTruthy();
    expect(d.location?.file).toBe('spec.yaml');
  }
}
