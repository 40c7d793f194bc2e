import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { baselineRules, indexResources } from '../../src/baseline/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RULES_DIR = resolve(HERE, '..', '..', 'src', 'baseline', 'rules');

describe('baseline rule metadata', () => {
  it('has one file a rule, named after its id, and every file is registered', async () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts')).sort();
    expect(files).toEqual(baselineRules.map((r) => `${r.id}.ts`).sort());
    for (const f of files) {
      const mod = (await import(join(RULES_DIR, f))) as { rule: { id: string } };
      expect(mod.rule.id).toBe(f.replace(/\.ts$/, ''));
    }
  });

  it('lists rules in id order with unique ids and names', () => {
    const ids = baselineRules.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(baselineRules.map((r) => r.name.toLowerCase())).size).toBe(ids.length);
  });

  it('mirrors at least 25 Microsoft definitions, each once', () => {
    const mirrors = baselineRules.filter((r) => r.policyDefinitionId !== undefined).map((r) => r.policyDefinitionId);
    expect(mirrors.length).toBeGreaterThanOrEqual(25);
    expect(new Set(mirrors).size).toBe(mirrors.length);
  });

  for (const rule of baselineRules) {
    describe(rule.id, () => {
      it('has well-formed metadata', () => {
        expect(rule.id).toMatch(/^IL5-[A-Z]+-\d{3}$/);
        expect(rule.name).toMatch(/^IL5\.[A-Z][A-Za-z]+\.[A-Z][A-Za-z0-9]+$/);
        expect(rule.synopsis).toMatch(/^[A-Z].*\.$/);
        expect(rule.rationale.length).toBeGreaterThan(40);
        expect(rule.controls.length).toBeGreaterThan(0);
        for (const c of rule.controls) expect(c).toMatch(/^[A-Z]{2}-\d+(\(\d+\))?$/);
        expect(rule.resourceTypes.length).toBeGreaterThan(0);
        expect(rule.links.length).toBeGreaterThan(0);
        for (const l of rule.links) expect(l).toMatch(/^https:\/\//);
        expect(rule.remediation.text.length).toBeGreaterThan(10);
        if (rule.policyDefinitionId !== undefined) {
          expect(rule.policyDefinitionId).toMatch(/^\/providers\/Microsoft\.Authorization\/policyDefinitions\/[0-9a-f-]{36}$/);
          expect(['audit', 'auditIfNotExists']).toContain(rule.effect);
        } else {
          expect(rule.effect).toBe('audit');
        }
      });

      it('has a table test beside it', () => {
        expect(existsSync(join(HERE, 'rules', `${rule.id}.test.ts`))).toBe(true);
      });

      it('finds its documented example Compliant', () => {
        const [subject, ...rest] = rule.example;
        expect(subject).toBeDefined();
        if (!subject) return;
        expect(rule.resourceTypes.some((t) => t === '*' || t.toLowerCase() === subject.type.toLowerCase())).toBe(true);
        expect(rule.evaluate(subject, indexResources([subject, ...rest])).compliance).toBe('Compliant');
      });
    });
  }
});
