import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/verdict.js';
import type { CheckResult } from '../../src/core/verdict.js';
import { REPORT_FORMATS, formatReport } from '../../src/report/index.js';
import { controlId, md } from '../../src/report/markdown.js';
import { catalogControlId } from '../../src/report/controls.js';
import { attr, text, xmlSafe } from '../../src/report/junit.js';
import { artifactLocation, artifactUri, sarifLevel } from '../../src/report/sarif.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { CONTEXT, KV_PURGE, OPTIONS, RESULTS, fixtureReport } from './fixture.js';

describe('golden files', () => {
  it.each([
    ['table', 'report/table.txt', {}],
    ['table', 'report/table-all.txt', { all: true }],
    ['json', 'report/report.json', {}],
    ['sarif', 'report/report.sarif', {}],
    ['junit', 'report/report.junit.xml', {}],
    ['md', 'report/report.md', {}],
    ['md', 'report/report-all.md', { all: true }],
    ['md', 'report/report-context.md', { context: CONTEXT }],
    ['html', 'report/report.html', { context: CONTEXT }],
    ['oscal', 'report/report.oscal.json', { context: CONTEXT }],
  ] as const)('%s → test/golden/%s', (format, file, extra) => {
    expectGolden(file, formatReport(fixtureReport(), format, { ...OPTIONS, ...extra }));
  });
});

describe('determinism', () => {
  it.each(REPORT_FORMATS)('%s: the order of results in the report does not change a byte', (format) => {
    const a = formatReport(fixtureReport(), format, OPTIONS);
    fc.assert(
      fc.property(fc.shuffledSubarray(RESULTS, { minLength: RESULTS.length, maxLength: RESULTS.length }), (shuffled) => {
        expect(formatReport(fixtureReport(shuffled), format, OPTIONS)).toBe(a);
      }),
      { numRuns: 25 },
    );
  });

  it.each(REPORT_FORMATS)('%s: an empty report is well-formed', (format) => {
    const out = formatReport(fixtureReport([]), format, OPTIONS);
    expect(out.endsWith('\n')).toBe(true);
    if (format === 'json' || format === 'sarif') expect(() => JSON.parse(out) as unknown).not.toThrow();
    if (format === 'junit') expect(out).toContain('<testsuites name="il5ml 0.1.0 check" tests="0" failures="0" errors="0" skipped="0" time="0">');
  });
});

describe('json', () => {
  const doc = JSON.parse(formatReport(fixtureReport(), 'json', OPTIONS)) as { results: Record<string, unknown>[]; summary: Record<string, unknown> };

  it('is exactly {results, summary}, keys in contract order, optional fields only when set', () => {
    expect(Object.keys(doc)).toEqual(['results', 'summary']);
    for (const r of doc.results) {
      const keys = Object.keys(r);
      const order = ['policyDefinitionId', 'policySetDefinitionId', 'policyDefinitionReferenceId', 'displayName', 'resourceId', 'resourceType', 'compliance', 'effect', 'reason', 'source', 'groups', 'remediation', 'severity', 'ruleId', 'exemption'];
      expect(keys).toEqual(order.filter((k) => keys.includes(k)));
      for (const k of ['policyDefinitionId', 'resourceId', 'resourceType', 'compliance', 'effect', 'reason']) expect(keys).toContain(k);
      expect(Object.values(r)).not.toContain(null);
    }
    expect(doc.summary).toEqual({
      total: 6,
      byCompliance: { Compliant: 1, NonCompliant: 2, NotApplicable: 1, Unknown: 1, Exempt: 1 },
      resources: 4,
      policies: 5,
    });
  });

  it('docs/check-json.md documents exactly these keys, in this order', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'check-json.md'), 'utf8');
    const section = doc.slice(doc.indexOf('### `results[]`'), doc.indexOf('### `summary`'));
    const documented = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    const full = JSON.parse(formatReport(fixtureReport([{ ...(RESULTS[0] as CheckResult), displayName: 'd', remediation: 'r', severity: 'low', ruleId: 'x', exemption: { justification: 'j' } }]), 'json', OPTIONS)) as { results: Record<string, unknown>[] };
    expect(documented).toEqual(Object.keys(full.results[0] ?? {}));
  });

  it('round-trips every field of every result', () => {
    const byKey = (r: { resourceId: unknown; policyDefinitionId: unknown; compliance: unknown }): string =>
      `${String(r.resourceId)}|${String(r.policyDefinitionId)}|${String(r.compliance)}`;
    const back = [...doc.results].sort((a, b) => (byKey(a as never) < byKey(b as never) ? -1 : 1));
    const orig = [...RESULTS].sort((a, b) => (byKey(a) < byKey(b) ? -1 : 1));
    expect(back).toEqual(JSON.parse(JSON.stringify(orig)));
  });
});

/**
 * The parts of the OASIS SARIF 2.1.0 schema (Schemata/sarif-schema-2.1.0.json in oasis-tcs/sarif-spec,
 * read 2026-11-25) for the objects il5ml writes: their required properties, and the allowed ones (each of
 * these objects has additionalProperties: false), plus GitHub's required fields for code scanning.
 */
const SARIF_OBJECTS: Record<string, { required: string[]; allowed: string[] }> = {
  sarifLog: { required: ['version', 'runs'], allowed: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'] },
  run: { required: ['tool'], allowed: ['tool', 'invocations', 'conversion', 'language', 'versionControlProvenance', 'originalUriBaseIds', 'artifacts', 'logicalLocations', 'graphs', 'results', 'automationDetails', 'runAggregates', 'baselineGuid', 'redactionTokens', 'defaultEncoding', 'defaultSourceLanguage', 'newlineSequences', 'columnKind', 'externalPropertyFileReferences', 'threadFlowLocations', 'taxonomies', 'addresses', 'translations', 'policies', 'webRequests', 'webResponses', 'specialLocations', 'properties'] },
  tool: { required: ['driver'], allowed: ['driver', 'extensions', 'properties'] },
  toolComponent: { required: ['name'], allowed: ['guid', 'name', 'organization', 'product', 'productSuite', 'shortDescription', 'fullDescription', 'fullName', 'version', 'semanticVersion', 'dottedQuadFileVersion', 'releaseDateUtc', 'downloadUri', 'informationUri', 'globalMessageStrings', 'notifications', 'rules', 'taxa', 'locations', 'language', 'contents', 'isComprehensive', 'localizedDataSemanticVersion', 'minimumRequiredLocalizedDataSemanticVersion', 'associatedComponent', 'translationMetadata', 'supportedTaxonomies', 'properties'] },
  reportingDescriptor: { required: ['id', 'shortDescription', 'fullDescription', 'help'], allowed: ['id', 'deprecatedIds', 'guid', 'deprecatedGuids', 'name', 'deprecatedNames', 'shortDescription', 'fullDescription', 'messageStrings', 'defaultConfiguration', 'helpUri', 'help', 'relationships', 'properties'] },
  multiformatMessageString: { required: ['text'], allowed: ['text', 'markdown', 'properties'] },
  reportingConfiguration: { required: [], allowed: ['enabled', 'level', 'rank', 'parameters', 'properties'] },
  result: { required: ['message', 'ruleId', 'locations'], allowed: ['ruleId', 'ruleIndex', 'rule', 'kind', 'level', 'message', 'analysisTarget', 'locations', 'guid', 'correlationGuid', 'occurrenceCount', 'partialFingerprints', 'fingerprints', 'stacks', 'codeFlows', 'graphs', 'graphTraversals', 'relatedLocations', 'suppressions', 'baselineState', 'rank', 'attachments', 'hostedViewerUri', 'workItemUris', 'provenance', 'fixes', 'taxa', 'webRequest', 'webResponse', 'properties'] },
  message: { required: ['text'], allowed: ['text', 'markdown', 'id', 'arguments', 'properties'] },
  location: { required: [], allowed: ['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships', 'properties'] },
  physicalLocation: { required: ['artifactLocation'], allowed: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'] },
  artifactLocation: { required: ['uri'], allowed: ['uri', 'uriBaseId', 'index', 'description', 'properties'] },
  region: { required: ['startLine'], allowed: ['startLine', 'startColumn', 'endLine', 'endColumn', 'charOffset', 'charLength', 'byteOffset', 'byteLength', 'snippet', 'message', 'sourceLanguage', 'properties'] },
  logicalLocation: { required: [], allowed: ['name', 'index', 'fullyQualifiedName', 'decoratedName', 'parentIndex', 'kind', 'properties'] },
};

function conform(kind: string, o: unknown, where: string, problems: string[]): void {
  const spec = SARIF_OBJECTS[kind];
  if (!spec) throw new Error(kind);
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    problems.push(`${where}: not an object`);
    return;
  }
  const rec = o as Record<string, unknown>;
  for (const k of spec.required) if (rec[k] === undefined || rec[k] === '') problems.push(`${where}: ${kind} lacks ${k}`);
  for (const k of Object.keys(rec)) if (!spec.allowed.includes(k)) problems.push(`${where}: ${kind} does not allow ${k}`);
}

describe('sarif', () => {
  const log = JSON.parse(formatReport(fixtureReport(), 'sarif', OPTIONS)) as {
    version: string;
    runs: { tool: { driver: { rules: Record<string, unknown>[] } & Record<string, unknown> }; results: Record<string, unknown>[] }[];
  };

  it('has every property SARIF 2.1.0 and GitHub code scanning require, and none the schema forbids', () => {
    const problems: string[] = [];
    conform('sarifLog', log, '$', problems);
    expect(log.version).toBe('2.1.0');
    log.runs.forEach((run, i) => {
      conform('run', run, `runs[${i}]`, problems);
      conform('tool', run.tool, `runs[${i}].tool`, problems);
      conform('toolComponent', run.tool.driver, `runs[${i}].tool.driver`, problems);
      run.tool.driver.rules.forEach((rule, j) => {
        const w = `rules[${j}]`;
        conform('reportingDescriptor', rule, w, problems);
        for (const k of ['shortDescription', 'fullDescription', 'help']) conform('multiformatMessageString', rule[k], `${w}.${k}`, problems);
        if (rule.defaultConfiguration) conform('reportingConfiguration', rule.defaultConfiguration, `${w}.defaultConfiguration`, problems);
        expect(String(rule.name).length).toBeLessThanOrEqual(255);
      });
      run.results.forEach((res, j) => {
        const w = `results[${j}]`;
        conform('result', res, w, problems);
        conform('message', res.message, `${w}.message`, problems);
        expect(['none', 'note', 'warning', 'error']).toContain(res.level);
        const rule = run.tool.driver.rules[res.ruleIndex as number];
        expect(rule?.id, `${w}.ruleIndex points at its rule`).toBe(res.ruleId);
        for (const [k, loc] of (res.locations as Record<string, unknown>[]).entries()) {
          conform('location', loc, `${w}.locations[${k}]`, problems);
          if (loc.physicalLocation) {
            const pl = loc.physicalLocation as Record<string, unknown>;
            conform('physicalLocation', pl, `${w}.physicalLocation`, problems);
            conform('artifactLocation', pl.artifactLocation, `${w}.artifactLocation`, problems);
            conform('region', pl.region, `${w}.region`, problems);
            const region = pl.region as { startLine: number; startColumn: number };
            expect(region.startLine).toBeGreaterThanOrEqual(1);
            expect(region.startColumn).toBeGreaterThanOrEqual(1);
          }
          for (const ll of loc.logicalLocations as unknown[]) conform('logicalLocation', ll, `${w}.logicalLocations`, problems);
        }
      });
    });
    expect(problems).toEqual([]);
  });

  it('results only for NonCompliant and Unknown; rules for every definition checked', () => {
    const run = log.runs[0];
    // Canonical order: by resource id (Compute < KeyVault), then definition.
    // Short rule ids: a baseline rule's own, a definition's GUID.
    expect(run?.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['IL5-VM-002', 'warning'],
      [KV_PURGE.split('/').pop(), 'error'],
      ['cf820ca0-f99e-4f3e-84fb-66e913812d21', 'note'],
    ]);
    expect(run?.tool.driver.rules).toHaveLength(5);
  });

  it('a rule has at most 20 tags (GitHub rejects the whole file past that), every control still named', () => {
    // A definition filed under 30 controls, as one in two sets (DoD IL5 and NIST SP 800-53 Rev. 5) can be.
    const groups = Array.from({ length: 30 }, (_, i) => `DoD_IL5_R4_SI-${i + 1}`);
    const wide = { ...(RESULTS.find((r) => r.policyDefinitionId === KV_PURGE) ?? RESULTS[0]!), groups };
    const sarif = JSON.parse(formatReport(fixtureReport([wide]), 'sarif', OPTIONS)) as { runs: { tool: { driver: { rules: { help: { text: string }; properties: { tags: string[]; controls?: string[] } }[] } } }[] };
    const rule = sarif.runs[0]?.tool.driver.rules[0];
    expect(rule?.properties.tags).toHaveLength(20);
    expect(rule?.properties.tags.slice(0, 2)).toEqual(['security', 'il5']);
    expect(rule?.properties.controls).toHaveLength(30);
    for (let i = 1; i <= 30; i++) expect(rule?.help.text).toContain(`SI-${i}`);
    // Below the limit nothing changes: no controls property beside the tags.
    for (const r of log.runs[0]?.tool.driver.rules ?? []) expect((r.properties as Record<string, unknown>).controls).toBeUndefined();
  });

  it('a run holds at most 25,000 results (GitHub rejects the whole file past that): the NonCompliant first, the rest counted', () => {
    const unknown = RESULTS.find((r) => r.compliance === 'Unknown') ?? RESULTS[0]!;
    const failing = RESULTS.find((r) => r.compliance === 'NonCompliant' && r.effect === 'deny') ?? RESULTS[0]!;
    const many: CheckResult[] = [
      ...Array.from({ length: 25_000 }, (_, i) => ({ ...unknown, resourceId: `${unknown.resourceId}-${String(i).padStart(5, '0')}` })),
      ...Array.from({ length: 10 }, (_, i) => ({ ...failing, resourceId: `${failing.resourceId}-${i}` })),
    ];
    const run = (JSON.parse(formatReport(fixtureReport(many), 'sarif', OPTIONS)) as { runs: { results: { ruleId: string; level: string }[]; properties: { resultsLeftOut?: { count: number; of: number }; summary: { byCompliance: Record<string, number> } } }[] }).runs[0];
    expect(run?.results).toHaveLength(25_000);
    expect(run?.results.filter((r) => r.level === 'error')).toHaveLength(10);
    expect(run?.properties.resultsLeftOut).toMatchObject({ count: 10, of: 25_010 });
    expect(run?.properties.summary.byCompliance.Unknown).toBe(25_000);
    // At the limit, nothing is left out and nothing is said.
    const at = (JSON.parse(formatReport(fixtureReport(many.slice(10)), 'sarif', OPTIONS)) as { runs: { results: unknown[]; properties: Record<string, unknown> }[] }).runs[0];
    expect(at?.results).toHaveLength(25_000);
    expect(at?.properties.resultsLeftOut).toBeUndefined();
  }, 60_000);

  it.each([
    ['NonCompliant', 'deny', 'error'],
    ['NonCompliant', 'Deny', 'error'],
    ['NonCompliant', 'denyAction', 'error'],
    ['NonCompliant', 'audit', 'warning'],
    ['NonCompliant', 'auditIfNotExists', 'warning'],
    ['NonCompliant', 'deployIfNotExists', 'warning'],
    ['NonCompliant', 'modify', 'warning'],
    ['Unknown', 'deny', 'note'],
  ] as const)('%s with effect %s is level %s', (compliance, effect, level) => {
    expect(sarifLevel({ compliance, effect })).toBe(level);
  });

  // SARIF 2.1.0 §3.4.4: a relative reference carries uriBaseId, an absolute URI none; §3.10.2: a `file`
  // URI has no `..` (resolved to the absolute path); §3.10.4 / RFC 3986: segments percent-encoded as UTF-8.
  const S = { uriBaseId: '%SRCROOT%' };
  it.each([
    // Inside the working folder: relative to %SRCROOT%.
    ['out/azuredeploy.json', undefined, { uri: 'out/azuredeploy.json', ...S }],
    ['./out/azuredeploy.json', undefined, { uri: 'out/azuredeploy.json', ...S }],
    ['out/azuredeploy.json', '/repo', { uri: 'out/azuredeploy.json', ...S }],
    ['/repo/out/azuredeploy.json', '/repo', { uri: 'out/azuredeploy.json', ...S }],
    ['/repo/out/azuredeploy.json', '/repo/', { uri: 'out/azuredeploy.json', ...S }],
    ['out/../main.json', '/repo', { uri: 'main.json', ...S }],
    ['/repo/x/../out//./t.json', '/repo', { uri: 'out/t.json', ...S }],
    ['/repo/dir with space/é ü.json', '/repo', { uri: 'dir%20with%20space/%C3%A9%20%C3%BC.json', ...S }],
    ['a:b #1?.json', '/repo', { uri: 'a%3Ab%20%231%3F.json', ...S }],
    ['..hidden/t.json', '/repo', { uri: '..hidden/t.json', ...S }],
    // Outside it: an absolute file URI, `..` resolved, no uriBaseId.
    ['../in/bad.json', '/work/h2/sub', { uri: 'file:///work/h2/in/bad.json' }],
    ['../../../shared/templates/missionlz/tier3-solution.json', '/work/tmp/s18/h2', { uri: 'file:///work/shared/templates/missionlz/tier3-solution.json' }],
    ['../../../../../../x.json', '/a/b', { uri: 'file:///x.json' }],
    ['/elsewhere/a b.json', '/repo', { uri: 'file:///elsewhere/a%20b.json' }],
    ['/repository/t.json', '/repo', { uri: 'file:///repository/t.json' }],
    ['/repo', '/repo', { uri: 'file:///repo' }],
    ['/tmp/s18 out/é/%#?.json', '/repo', { uri: 'file:///tmp/s18%20out/%C3%A9/%25%23%3F.json' }],
    ['/tmp/\ud800lone.json', '/repo', { uri: 'file:///tmp/%EF%BF%BDlone.json' }],
    ['//double/slash.json', '/repo', { uri: 'file:///double/slash.json' }],
    // Windows paths: drive letters (compared without case), backslashes, UNC shares.
    ['C:\\work\\my repo\\out\\t#1.json', 'C:\\work\\my repo', { uri: 'out/t%231.json', ...S }],
    ['c:\\work\\x.json', 'C:\\work', { uri: 'x.json', ...S }],
    ['out\\t.json', 'C:\\work', { uri: 'out/t.json', ...S }],
    ['..\\other\\t.json', 'C:\\work\\repo', { uri: 'file:///C:/work/other/t.json' }],
    ['D:\\x\\y.json', 'C:\\work', { uri: 'file:///D:/x/y.json' }],
    ['\\\\server\\share\\t.json', 'C:\\work', { uri: 'file://server/share/t.json' }],
    ['\\\\server\\share\\repo\\t.json', '\\\\server\\share\\repo', { uri: 't.json', ...S }],
  ])('artifact location of %s (base %s) is %j', (file, base, location) => {
    expect(artifactLocation(file, base)).toEqual(location);
    expect(artifactUri(file, base)).toBe(location.uri);
  });
});

describe('junit escaping', () => {
  it.each([
    ['a & b', 'a &amp; b', 'a &amp; b'],
    ['<x>', '&lt;x&gt;', '&lt;x&gt;'],
    ['say "hi" \'there\'', 'say "hi" \'there\'', 'say &quot;hi&quot; &apos;there&apos;'],
    ['line1\nline2\r\tend', 'line1\nline2&#13;\tend', 'line1&#10;line2&#13;&#9;end'],
    ['bell\u0007 nul\u0000 ffff\uffff', 'bell\ufffd nul\ufffd ffff\ufffd', 'bell\ufffd nul\ufffd ffff\ufffd'],
    ['lone \ud800 surrogate, pair \ud83d\ude00', 'lone \ufffd surrogate, pair \ud83d\ude00', 'lone \ufffd surrogate, pair \ud83d\ude00'],
    [']]> cdata end', ']]&gt; cdata end', ']]&gt; cdata end'],
  ])('%j → text %j, attribute %j', (input, t, a) => {
    expect(text(input)).toBe(t);
    expect(attr(input)).toBe(a);
  });

  it('any string survives escaping: unescaping gives back its XML-safe form', () => {
    const unescape = (s: string): string =>
      s.replace(/&(#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) =>
        e.startsWith('#') ? String.fromCharCode(Number(e.slice(1))) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e] ?? '',
      );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const a = attr(s);
        expect(a).not.toMatch(/[<"]|&(?!(#\d+|amp|lt|gt|quot|apos);)/);
        expect(unescape(a)).toBe(xmlSafe(s));
        expect(unescape(text(s))).toBe(xmlSafe(s));
      }),
    );
  });

  it('the whole document is well-formed: balanced tags, quoted attributes, only known entities', () => {
    const xml = formatReport(fixtureReport(), 'junit', OPTIONS);
    const stack: string[] = [];
    const body = xml.replace(/^<\?xml[^>]*\?>\n/, '');
    const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g;
    let last = 0;
    for (let m = tag.exec(body); m; m = tag.exec(body)) {
      const between = body.slice(last, m.index);
      expect(between, 'text between tags').not.toMatch(/[<>]|&(?!(#\d+|amp|lt|gt|quot|apos);)/);
      last = tag.lastIndex;
      const [, close, name = '', , selfClose] = m;
      if (close) expect(stack.pop(), `</${name}>`).toBe(name);
      else if (!selfClose) stack.push(name);
    }
    expect(body.slice(last).trim()).toBe('');
    expect(stack).toEqual([]);
  });

  it('NonCompliant → failure, NotApplicable / Exempt / Unknown → skipped, Compliant → a bare testcase', () => {
    const xml = formatReport(fixtureReport(), 'junit', OPTIONS);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml.match(/<skipped /g)).toHaveLength(3);
    expect(xml).toContain('<skipped message="Unknown: ');
    expect(xml).toContain('<testsuites name="il5ml 0.1.0 check" tests="6" failures="2" errors="0" skipped="3" time="0">');
  });
});

describe('markdown', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['<script>', '&lt;script&gt;'],
    ['il5mlkv<uniqueString> & co', 'il5mlkv&lt;uniqueString&gt; &amp; co'],
    ['*bold* _it_ `code` [link]', '\\*bold\\* \\_it\\_ \\`code\\` \\[link\\]'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines\r\nthree', 'two<br>lines<br>three'],
  ])('cell text %j → %j', (input, out) => {
    expect(md(input)).toBe(out);
  });

  it('every table row has exactly as many cells as its header, whatever the text holds', () => {
    const doc = formatReport(fixtureReport(), 'md', { ...OPTIONS, all: true });
    const cellsOf = (l: string): number => l.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 2;
    let header = 0;
    let checked = 0;
    for (const l of doc.split('\n')) {
      if (!l.startsWith('| ')) {
        header = 0;
        continue;
      }
      if (header === 0) header = cellsOf(l);
      else {
        expect(cellsOf(l), l).toBe(header);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('a | in a name shown as code (input and parameters files, set id, custom definition name) stays in its cell', () => {
    // GFM splits a row at every unescaped |, code spans included (https://github.github.com/gfm/#tables-extension-,
    // read 2026-12-08): `\|` in the span is a | in the cell.
    const context = {
      ...CONTEXT,
      inputs: [{ file: 'in|put `x`.json', sha256: CONTEXT.inputs[0]?.sha256 ?? '' }],
      parameters: { ...(CONTEXT.parameters ?? { values: {} }), file: { file: 'p|q.json', sha256: CONTEXT.parameters?.file.sha256 ?? '' } },
      initiative: { ...(CONTEXT.initiative ?? { name: '', displayName: '', version: '', definitions: [] }), id: '/providers/Microsoft.Authorization/policySetDefinitions/set|1' },
    };
    const custom = { ...(RESULTS.find((r) => r.compliance === 'NonCompliant' && !r.ruleId) ?? RESULTS[0]!), policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/my|def' };
    const doc = formatReport(fixtureReport([...RESULTS, custom]), 'md', { ...OPTIONS, context });
    // Cells as GFM reads them: a | after a backslash is in the cell.
    const cells = (l: string): string[] => l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
    const row = (head: string): string[] => cells(doc.split('\n').find((l) => l.startsWith(`| ${head} |`)) ?? '');
    expect(row('Input')).toEqual(['Input', `\`in\\|put 'x'.json\` (SHA-256 \`${CONTEXT.inputs[0]?.sha256}\`)`]);
    expect(row('Parameters')).toHaveLength(2);
    expect(row('Parameters')[1]).toMatch(/^`p\\\|q\.json` \(SHA-256 /);
    expect(row('Initiative')).toHaveLength(2);
    expect(row('Initiative')[1]).toContain('`/providers/Microsoft.Authorization/policySetDefinitions/set\\|1`');
    const customRow = doc.split('\n').find((l) => l.includes('my\\|def'));
    expect(customRow).toBeDefined();
    expect(cells(customRow ?? '')).toHaveLength(6);
  });

  it.each([
    ['DoD_IL5_R4_AC-2', 'AC-2'],
    ['DoD_IL5_R4_AC-2(1)', 'AC-2(1)'],
    ['NIST_SP_800-53_R5_SC-7', 'SC-7'],
    ['SC-7', 'SC-7'],
    ['Custom group', 'Custom group'],
  ])('control id of group %s is %s', (g, id) => {
    expect(controlId(g)).toBe(id);
  });

  it('rolls results up by control in control order, with NIST titles; the set\'s and a rule\'s SC-7 merged', () => {
    const doc = formatReport(fixtureReport(), 'md', OPTIONS);
    const table = doc.slice(doc.indexOf('## Controls'), doc.indexOf('## NonCompliant'));
    const rows = table.split('\n').filter((l) => /^\| [A-Z]{2}-/.test(l));
    expect(rows).toEqual([
      '| AC-2 | Account Management | 0 | 0 | 1 | 0 | 0 |',
      '| AC-4 | Information Flow Enforcement | 0 | 0 | 0 | 1 | 1 |',
      '| AU-12 | Audit Generation | 0 | 1 | 0 | 0 | 0 |',
      '| CP-9 | Information System Backup | 1 | 0 | 0 | 0 | 0 |',
      '| SC-7 | Boundary Protection | 1 | 0 | 0 | 1 | 1 |',
      '| SC-12 | Cryptographic Key Establishment and Management | 1 | 0 | 0 | 0 | 0 |',
    ]);
  });

  it('NonCompliant, Unknown and Exempt tables, with remediation, justification and expiry; Compliant only with all', () => {
    const doc = formatReport(fixtureReport(), 'md', OPTIONS);
    expect(doc).toContain('## NonCompliant (2)');
    expect(doc).toContain('## Unknown: cannot be decided before deployment (1)');
    expect(doc).toContain('## Exempt (1)');
    expect(doc).toMatch(/set enablePurgeProtection: true on the vault \|$/m);
    expect(doc).toContain('expires 2027-01-31');
    expect(doc).not.toContain('## Compliant evidence');
    expect(formatReport(fixtureReport(), 'md', { ...OPTIONS, all: true })).toContain('## Compliant evidence (1)');
  });
});

describe('table', () => {
  const out = formatReport(fixtureReport(), 'table', OPTIONS);

  it('aligns columns: every header column starts where its cells start', () => {
    const lines = out.split('\n').filter((l) => l && !/^\d+ verdicts/.test(l));
    const header = lines[0] ?? '';
    const starts = ['EFFECT', 'POLICY', 'RESOURCE', 'SOURCE', 'REASON'].map((h) => header.search(new RegExp(`\\b${h}\\b`)));
    expect(starts.every((s) => s > 0)).toBe(true);
    for (const l of lines.slice(1)) {
      for (const s of starts) expect(l.slice(s - 2, s), l).toBe('  ');
    }
    expect(out).not.toMatch(/ +\n/);
  });

  it('NonCompliant first, Compliant and NotApplicable only counted, a summary line last', () => {
    const verdicts = out.split('\n').slice(1).map((l) => l.split(' ')[0]).filter((v) => v);
    expect(verdicts.slice(0, -1)).toEqual(['NonCompliant', 'NonCompliant', 'Unknown', 'Exempt']);
    expect(out.trimEnd().split('\n').pop()).toBe(
      '6 verdicts over 4 resources and 5 policies: NonCompliant 2, Unknown 1, Exempt 1, NotApplicable 1, Compliant 1 (Compliant and NotApplicable counted, not listed)',
    );
  });

  it('no colour unless asked; with colour the text is the same once the escapes are removed', () => {
    expect(out).not.toContain('\u001b[');
    const colored = formatReport(fixtureReport(), 'table', { ...OPTIONS, color: true });
    expect(colored).toContain('\u001b[31mNonCompliant');
    // eslint-disable-next-line no-control-regex
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(out);
  });

  it('control characters in a reason cannot break a row', () => {
    expect(out.split('\n').filter((l) => l.includes('jump|box'))).toHaveLength(1);
    expect(out).not.toContain('\u0007');
  });
});

describe('summary counts agree across formats', () => {
  const many: CheckResult[] = Array.from({ length: 40 }, (_, i) => ({
    policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/p${i % 7}`,
    resourceId: `/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/s${i % 5}`,
    resourceType: 'Microsoft.Storage/storageAccounts',
    compliance: (['Compliant', 'NonCompliant', 'NotApplicable', 'Unknown', 'Exempt'] as const)[i % 5] ?? 'Compliant',
    effect: i % 2 ? 'audit' : 'deny',
    reason: `r${i}`,
  }));
  const report = { results: many, summary: summarize(many) };

  it('json, sarif, junit and table report the same numbers', () => {
    const json = JSON.parse(formatReport(report, 'json', OPTIONS)) as { summary: { byCompliance: Record<string, number> } };
    const sarif = JSON.parse(formatReport(report, 'sarif', OPTIONS)) as { runs: { results: unknown[] }[] };
    const junit = formatReport(report, 'junit', OPTIONS);
    const b = json.summary.byCompliance;
    expect(sarif.runs[0]?.results).toHaveLength((b.NonCompliant ?? 0) + (b.Unknown ?? 0));
    expect(junit).toContain(`tests="40" failures="${b.NonCompliant}" errors="0" skipped="${(b.NotApplicable ?? 0) + (b.Unknown ?? 0) + (b.Exempt ?? 0)}"`);
    expect(formatReport(report, 'table', OPTIONS)).toContain(`NonCompliant ${b.NonCompliant}, Unknown ${b.Unknown}`);
  });
});

describe('oscal: property values are OSCAL strings', () => {
  // NIST's OSCAL 1.1.3 JSON schema, definitions.StringDatatype ("A non-empty string with leading and trailing
  // whitespace disallowed"), copied here because unit tests do not read ../shared; the conformance suite
  // validates whole documents against the schema itself (test/conformance/check-formats.test.ts).
  const STRING_DATATYPE = /^\S(.*\S)?$/u;
  it('a justification from a YAML block scalar (ending in a line break) and a multi-line template parameter make one-line values', () => {
    const exempt = RESULTS.find((r) => r.compliance === 'Exempt');
    if (!exempt?.exemption) throw new Error('fixture has no exemption');
    const results = RESULTS.map((r) => (r === exempt ? { ...r, exemption: { justification: 'Pilot enclave,\n  ticket CHG-1234.\n', expiresOn: '2027-01-31' } } : r));
    const context = { ...CONTEXT, parameters: CONTEXT.parameters ? { ...CONTEXT.parameters, values: { ...CONTEXT.parameters.values, note: ' line one\r\nline two\t' } } : undefined };
    const doc = JSON.parse(formatReport(fixtureReport(results), 'oscal', { ...OPTIONS, context })) as Record<string, unknown>;
    const values: { name: string; value: string }[] = [];
    const walk = (o: unknown): void => {
      if (Array.isArray(o)) o.forEach(walk);
      else if (o && typeof o === 'object') {
        const rec = o as Record<string, unknown>;
        if (Array.isArray(rec.props)) for (const p of rec.props as { name: string; value: string }[]) values.push(p);
        Object.values(rec).forEach(walk);
      }
    };
    walk(doc);
    expect(values.length).toBeGreaterThan(10);
    for (const p of values) expect(p.value, p.name).toMatch(STRING_DATATYPE);
    expect(values).toContainEqual(expect.objectContaining({ name: 'exemption-justification', value: 'Pilot enclave, ticket CHG-1234.' }));
    expect(values).toContainEqual(expect.objectContaining({ name: 'template-parameter', value: 'note= line one line two' }));
  });
});

describe('oscal: a control whose only verdicts are exempt', () => {
  it('stays satisfied, as documented, but its target says the verdicts were set aside by an exemption, not met', () => {
    const doc = JSON.parse(formatReport(fixtureReport(), 'oscal', { ...OPTIONS, context: CONTEXT })) as {
      'assessment-results': { results: { findings: { title: string; target: { status: { state: string }; remarks?: string } }[] }[] };
    };
    const findings = doc['assessment-results'].results[0]?.findings ?? [];
    const ac2 = findings.find((f) => f.title.startsWith('AC-2'));
    expect(ac2?.target.status.state).toBe('satisfied');
    expect(ac2?.target.remarks).toBe('1 verdict is Exempt: set aside by an exemption (justification and expiry in the related observations), not met.');
    // No exemption under a control, no such remark.
    for (const f of findings.filter((x) => x !== ac2)) expect(f.target.remarks ?? '').not.toContain('Exempt');
  });
});

describe('oscal: controls named only from the NIST SP 800-53 rev. 4 catalog', () => {
  it.each([
    ['SC-7(3)', 'sc-7.3'],
    ['AC-2', 'ac-2'],
    ['PM-16', 'pm-16'],
    ['AC-2(13)', 'ac-2.13'],
    ['AC-2(14)', undefined],
    ['SI-23', undefined],
    ['SR-3', undefined],
    ['NS-2', undefined],
    ['Network Security', undefined],
    ['CIS_Azure_2.0.0_8.5', undefined],
  ])('%s → %s', (label, id) => {
    expect(catalogControlId(label)).toBe(id);
  });
});

describe('oscal: a set without a version (a custom initiative)', () => {
  it('is named without a gap where the version would be', () => {
    const context = { ...CONTEXT, initiative: { ...(CONTEXT.initiative ?? { name: '', id: '', displayName: '', definitions: [] }), version: '' } };
    const doc = JSON.parse(formatReport(fixtureReport(), 'oscal', { ...OPTIONS, context })) as { 'assessment-results': { metadata: { remarks: string } } };
    expect(doc['assessment-results'].metadata.remarks).toContain(`against Test IL5 <initiative> (${CONTEXT.initiative?.id})`);
  });
});
