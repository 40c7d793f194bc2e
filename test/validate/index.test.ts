import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultSpecText, loadSpec } from '../../src/spec/load.js';
import { SPEC_RULES, validateSpec } from '../../src/validate/index.js';

const RULES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'validate', 'rules');
const TESTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'rules');

describe('the rule set', () => {
  it('registers exactly one rule per file in src/validate/rules, each named after its file', async () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(SPEC_RULES.map((r) => r.id).sort()).toEqual(files);
    for (const id of files) {
      const mod = (await import(join(RULES_DIR, `${id}.ts`))) as { rule: { id: string } };
      expect(mod.rule.id, `src/validate/rules/${id}.ts`).toBe(id);
    }
  });

  it('has a table test for every rule', () => {
    const tests = readdirSync(TESTS_DIR).filter((f) => f.endsWith('.test.ts')).map((f) => f.replace(/\.test\.ts$/, '')).sort();
    expect(tests).toEqual(SPEC_RULES.map((r) => r.id).sort());
  });

  it('gives every rule a synopsis and an https source', () => {
    for (const r of SPEC_RULES) {
      expect(r.synopsis.length, r.id).toBeGreaterThan(10);
      expect(r.source, r.id).toMatch(/^https:\/\//);
    }
  });
});

describe('validateSpec', () => {
  it('finds nothing in the default spec', () => {
    expect(validateSpec(loadSpec(defaultSpecText(), '<default>'))).toEqual([]);
  });

  it('reports loading and rule errors together, sorted by position', () => {
    const text = 'region: eastus\nregin: x\nkeyVault:\n  key:\n    size: 1024\nnetwork:\n  subnets:\n    bastion: 172.16.2.0/27\n';
    const diags = validateSpec(loadSpec(text, 'a.yaml'));
    expect(diags.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['IL5-SPEC-REGION', 1, 9],
      ['IL5-SPEC-UNKNOWN-KEY', 2, 1],
      ['IL5-SPEC-KEY-SIZE', 5, 11],
      ['IL5-SPEC-SUBNET-SIZE', 8, 14],
    ]);
  });

  it('does not run the rules on a document with a syntax error', () => {
    const diags = validateSpec(loadSpec('region: eastus\nnetwork: [\n', 'a.yaml'));
    expect(diags.map((d) => d.code)).toEqual(['IL5-SPEC-SYNTAX']);
  });

  it('turns a rule that throws into a diagnostic naming the rule, and keeps the others', () => {
    const loaded = loadSpec('region: eastus\n', 'a.yaml');
    const broken = { ...loaded, get spec(): never { throw new Error('boom'); } };
    const diags = validateSpec(broken);
    expect(diags.length).toBe(SPEC_RULES.length);
    expect(diags.every((d) => d.message.startsWith('internal error in spec rule '))).toBe(true);
  });
});
