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

  // Template files inside and outside the working folder, as the engine names them (relative to it, or as
  // given): each a valid uri-reference (the schema's format: spaces and non-ASCII must be percent-encoded),
  // relative with %SRCROOT% inside, an absolute `file` URI without uriBaseId outside (SARIF §3.4.4), and no
  // `..` segment (§3.10.2).
  it.each([
    ['POSIX', '/work/repo', ['out/azuredeploy.json', '/work/repo/a b/é.json', '../other/x.json', '/tmp/s18 out/é/#1.json', '../../../shared/t.json']],
    ['Windows', 'C:\\work\\my repo', ['out\\t.json', 'C:\\work\\my repo\\d ü\\t.json', '..\\x.json', 'D:\\y z.json', '\\\\srv\\share\\t.json']],
  ])('%s paths inside and outside the working folder: valid, relative only beside the SRCROOT base id', (_, baseDir, files) => {
    const report = fixtureReport();
    const results = files.map((file, i) => ({ ...report.results[0], resourceId: `${report.results[0]?.resourceId ?? ''}-${i}`, source: { file, line: i + 1, column: 1 } }) as (typeof report.results)[number]);
    const doc = JSON.parse(formatReport({ results, summary: summarize(results) }, 'sarif', { ...OPTIONS, baseDir })) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[] };
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const locations = doc.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation) ?? [];
    expect(locations).toHaveLength(files.length);
    for (const l of locations) {
      expect(l?.uri.split('/')).not.toContain('..');
      if (l?.uriBaseId !== undefined) expect(l.uri).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\//i);
      else expect(l?.uri).toMatch(/^file:\/\//);
    }
    expect(locations.filter((l) => l?.uriBaseId === '%SRCROOT%')).toHaveLength(2);
  });

  it('the schema is not vacuous: an unknown level is rejected', () => {
    const doc = JSON.parse(formatReport(fixtureReport(), 'sarif', OPTIONS)) as { runs: { results: { level: string }[] }[] };
    const first = doc.runs[0]?.results[0];
    if (first) first.level = 'fatal';
    expect(validate(doc)).toBe(false);
  });
});
