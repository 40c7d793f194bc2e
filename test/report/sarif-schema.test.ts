import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/verdict.js';
import { formatReport } from '../../src/report/index.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { CONTEXT, OPTIONS, fixtureReport } from './fixture.js';

// The OASIS SARIF 2.1.0 schema (test/fixtures/sarif/README.md says where it comes from).
const ajv = new AjvDraft04({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object);

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
