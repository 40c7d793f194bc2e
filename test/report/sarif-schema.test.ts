import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/verdict.js';
import { formatReport } from '../../src/report/index.js';
import { sarifValidator } from '../helpers/schema.js';
import { CONTEXT, OPTIONS, fixtureReport } from './fixture.js';

// The OASIS SARIF 2.1.0 schema (test/fixtures/sarif/README.md says where it comes from).
const validate = sarifValidator();

describe('SARIF against the OASIS 2.1.0 schema', () => {
  it.each([
    ['the fixture report', fixtureReport(), {}],
    ['an empty report', { results: [], summary: summarize([]) }, {}],
    ['with automation id and a fallback location', fixtureReport(), { automationId: 'il5ml/check/x/', fallbackSource: { file: 'x.json', line: 1, column: 1 }, context: CONTEXT }],
  ])('%s is valid', (_, report, extra) => {
    const doc = JSON.parse(formatReport(report, 'sarif', { ...OPTIONS, ...extra })) as object;
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
  });

  it('the schema is not vacuous: an unknown level is rejected', () => {
    const doc = JSON.parse(formatReport(fixtureReport(), 'sarif', OPTIONS)) as { runs: { results: { level: string }[] }[] };
    const first = doc.runs[0]?.results[0];
    if (first) first.level = 'fatal';
    expect(validate(doc)).toBe(false);
  });
});
