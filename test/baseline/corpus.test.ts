import { describe, expect, it } from 'vitest';
import { baselineRules, indexResources } from '../../src/baseline/index.js';
import { equivalenceCorpus } from '../../src/baseline/corpus.js';

/** The equivalence corpus is only as good as what it exercises: every mirror, on both sides of its condition. */
describe('equivalence corpus', () => {
  const corpus = equivalenceCorpus();

  it('is deterministic and names every case once', () => {
    expect(JSON.stringify(equivalenceCorpus())).toBe(JSON.stringify(corpus));
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
    expect(new Set(corpus.map((c) => c.subject.id.toLowerCase())).size).toBe(corpus.length);
    expect(corpus.length).toBeGreaterThan(1000);
  });

  for (const rule of baselineRules.filter((r) => r.policyDefinitionId !== undefined)) {
    it(`drives ${rule.id} to Compliant, NonCompliant and Unknown`, () => {
      const seen = new Set<string>();
      for (const c of corpus) {
        if (!rule.resourceTypes.some((t) => t.toLowerCase() === c.subject.type.toLowerCase())) continue;
        seen.add(rule.evaluate(c.subject, indexResources([c.subject, ...c.related])).compliance);
      }
      // The classic-migration mirrors read only the type, which is never unknown.
      const expected = ['IL5-ST-008', 'IL5-VM-003'].includes(rule.id) ? ['Compliant', 'NonCompliant'] : ['Compliant', 'NonCompliant', 'Unknown'];
      for (const v of expected) expect([...seen], `${rule.id} never ${v}`).toContain(v);
    });
  }
});
