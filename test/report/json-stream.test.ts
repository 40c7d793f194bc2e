import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarize, type CheckResult, type Compliance } from '../../src/core/verdict.js';
import { formatJson } from '../../src/report/json.js';
import { formatJsonPieces } from '../../src/report/json-stream.js';
import { RESULTS } from './fixture.js';

const text = fc.oneof(fc.string(), fc.constantFrom('a\nb', '"quoted"', '\\', 'é中😀', '\u2028'));
const result: fc.Arbitrary<CheckResult> = fc.record(
  {
    policyDefinitionId: text,
    policySetDefinitionId: text,
    policyDefinitionReferenceId: text,
    displayName: text,
    resourceId: text,
    resourceType: text,
    compliance: fc.constantFrom<Compliance>('Compliant', 'NonCompliant', 'NotApplicable', 'Unknown', 'Exempt'),
    effect: text,
    reason: text,
    source: fc.record({ file: text, line: fc.nat(), column: fc.nat() }),
    groups: fc.array(text, { maxLength: 3 }),
    remediation: text,
    severity: fc.constantFrom<'high' | 'medium' | 'low'>('high', 'medium', 'low'),
    ruleId: text,
    exemption: fc.record({ justification: text, expiresOn: text }, { requiredKeys: ['justification'] }),
  },
  { requiredKeys: ['policyDefinitionId', 'resourceId', 'resourceType', 'compliance', 'effect', 'reason'] },
);

describe('formatJsonPieces', () => {
  it('joins to exactly formatJson', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 8 }), (results) => {
        const report = { results, summary: summarize(results) };
        expect([...formatJsonPieces(report)].join('')).toBe(formatJson(report));
      }),
      { numRuns: 300 },
    );
    const fixture = { results: RESULTS, summary: summarize(RESULTS) };
    expect([...formatJsonPieces(fixture)].join('')).toBe(formatJson(fixture));
  });

  it('cuts a large report into pieces of about a megabyte', () => {
    const one = RESULTS[0];
    if (!one) throw new Error('fixture is empty');
    const results = Array.from({ length: 20_000 }, (_, i) => ({ ...one, resourceId: `${one.resourceId}${i}` }));
    const report = { results, summary: summarize(results) };
    const pieces = [...formatJsonPieces(report)];
    expect(pieces.length).toBeGreaterThan(2);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(2 * 1024 * 1024);
    expect(pieces.join('')).toBe(formatJson(report));
  });
});
