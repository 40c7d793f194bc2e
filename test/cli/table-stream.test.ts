import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { expectMergeLevels, smallWindows, spooledIn } from './spool-windows.js';
import { policyMeta } from '../../src/cli/check-output.js';
import { spooledPieces } from '../../src/cli/report-out.js';
import { ResultSpool, spoolFor, type ResultSpoolOptions } from '../../src/cli/result-spool.js';
import { summarize, type CheckResult, type CheckSummary, type Compliance } from '../../src/core/verdict.js';
import { sortCanonical, sortForReading } from '../../src/report/common.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import type { PolicyMeta, ReportContext, ReportOptions, SetDefinition } from '../../src/report/options.js';
import { formatTable } from '../../src/report/table.js';
import { runMain } from '../helpers/cli.js';
import { RESULTS } from '../report/fixture.js';

// The table written from a spool sorted in sortForReading's order (issues 10 and 12): the same bytes as
// formatTable of the results held in memory.
const parent = mkdtempSync(join(tmpdir(), 'il5ml-table-stream-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

// Few distinct keys, spelled in several cases, so that every part of the order decides somewhere, ties included.
const key = (xs: string[]): fc.Arbitrary<string> => fc.constantFrom(...xs);
const text = fc.oneof(fc.string(), fc.constantFrom('a\nb', '"quoted"', '\\', 'é中😀', '\u2028', '', 'Zeta', 'zeta', 'ZETA', 'x'.repeat(70)));
const result: fc.Arbitrary<CheckResult> = fc.record(
  {
    policyDefinitionId: key(['/p/1', '/P/1', '/p/2', 'IL5-KV-001', '/p/named', '/P/NAMED']),
    policySetDefinitionId: key(['', '/s/a', '/S/A', '/s/b']),
    policyDefinitionReferenceId: key(['r1', 'R1', 'r2']),
    displayName: key(['Zeta', 'zeta', 'alpha', 'Named', 'é', 'É', '', 'Long'.repeat(20)]),
    resourceId: key(['/subscriptions/x/a', '/subscriptions/X/A', '/subscriptions/x/b', '/subscriptions/x/a/c', 'é', 'É', '/x/中', '/x/😀', '/x/\uff21', '/x/"q"\\', `/x/${'long'.repeat(20)}`]),
    resourceType: text,
    compliance: fc.constantFrom<Compliance>('Compliant', 'NonCompliant', 'NotApplicable', 'Unknown', 'Exempt'),
    effect: text,
    reason: fc.oneof(key(['same', 'Same', 'other']), text),
    source: fc.record({ file: text, line: fc.nat(), column: fc.nat() }),
    ruleId: key(['IL5-KV-001', 'il5-kv-001', 'IL5-ST-001']),
    groups: fc.array(key(['DoD_IL5_R4_AC-3', 'AC-3', 'SC-7', 'DoD_IL5_R4_SC-7(3)', 'AC-10', 'Other group']), { maxLength: 3 }),
    remediation: text,
    severity: fc.constantFrom<'high' | 'medium' | 'low'>('high', 'medium', 'low'),
    exemption: fc.record({ justification: text, expiresOn: text }, { requiredKeys: ['justification'] }),
  },
  { requiredKeys: ['policyDefinitionId', 'resourceId', 'resourceType', 'compliance', 'effect', 'reason'] },
);

// Display names from the options' metadata too, found exactly or by another case of the id.
const policies: Record<string, PolicyMeta> = { '/p/named': { displayName: 'Named' }, '/P/1': { displayName: 'zeta' }, 'IL5-ST-001': { displayName: 'Alpha' } };
const optionsOf = (all: boolean, color: boolean): ReportOptions => ({ toolVersion: 't', policies, all, color });
// Markdown's context: an initiative whose definitions are reconciled with the results.
const definition = (id: string, category: 'offline' | 'live'): SetDefinition => ({ policyDefinitionId: id, displayName: `def ${id}`, category, reason: 'why' });
const context: ReportContext = {
  date: '2026-12-07T00:00:00Z',
  inputs: [{ file: 'estate.json', sha256: '0'.repeat(64) }],
  initiative: { name: 'n', id: '/s/a', displayName: 'IL5', version: '1', definitions: [definition('/p/1', 'offline'), definition('/P/2', 'offline'), definition('/p/3', 'offline'), definition('/p/4', 'live')] },
};

const small = smallWindows;
const spooled = (results: readonly CheckResult[], options: ResultSpoolOptions): ResultSpool => spooledIn(parent, results, options);

describe('ResultSpool in reading order', () => {
  it('gives exactly sortForReading order through many runs and levels of merges, and counts resources as summarize', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 150 }), small, fc.boolean(), (results, windows, all) => {
        const options = optionsOf(all, false);
        const spool = spooled(results, { ...windows, reading: { toolVersion: 'other object, same metadata', policies } });
        try {
          expect(spool.readingOrder).toBe(true);
          expect([...spool.sorted()]).toEqual(sortForReading(results, options));
          expect(spool.distinctResources()).toBe(summarize(results).resources);
          expect(spool.all()).toEqual(results);
          expectMergeLevels(spool, results.length, windows);
        } finally {
          spool.close();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the order when results come after a merge', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 60 }), fc.array(result, { maxLength: 60 }), small, (first, then, windows) => {
        const options = optionsOf(false, false);
        const spool = spooled(first, { ...windows, reading: options });
        try {
          expect([...spool.sorted()]).toEqual(sortForReading(first, options));
          for (const r of then) spool.add(r);
          expect([...spool.sorted()]).toEqual(sortForReading([...first, ...then], options));
        } finally {
          spool.close();
        }
      }),
      { numRuns: 100 },
    );
  });
});

/** Writes `format` from a spool of `results` and checks it against the in-memory formatter; returns the pieces. */
function expectAsHeld(format: 'table' | 'md', results: readonly CheckResult[], options: ReportOptions, windows: ResultSpoolOptions): string[] {
  const spool = spooled(results, { ...windows, reading: options });
  try {
    const report = { results: [...results], summary: summarize(results) };
    const seen: CheckResult[] = [];
    const pieces = [...spooledPieces(format, spool, report.summary, options, (r) => seen.push(r))];
    expect(pieces.join('')).toBe(format === 'table' ? formatTable(report, options) : formatMarkdown(report, options));
    // Every NonCompliant result is shown once (the failing count of check), and nothing else.
    expect(sortCanonical(seen)).toEqual(sortCanonical(results.filter((r) => r.compliance === 'NonCompliant')));
    return pieces;
  } finally {
    spool.close();
  }
}

/** 12,000 results of the fixture's, ids in mixed case and out of order: more than one piece (1 MiB) of text. */
const many = (): CheckResult[] =>
  Array.from({ length: 12_000 }, (_, i) => {
    const r = RESULTS[i % RESULTS.length] as CheckResult;
    return { ...r, resourceId: `${i % 2 ? r.resourceId.toUpperCase() : r.resourceId}-${(i * 7919) % 12_000}`, reason: `${r.reason} ${i % 5}` };
  });

describe('the table written from a spool', () => {
  it('is formatTable byte for byte: with and without --list all and colour, empty, all compliant, sources or none', () => {
    const variants = fc.oneof(
      fc.array(result, { maxLength: 80 }),
      // No source anywhere: no SOURCE column.
      fc.array(result, { maxLength: 40 }).map((rs) => rs.map(({ source: _source, ...r }) => r)),
      // All compliant: no rows unless --list all.
      fc.array(result, { maxLength: 40 }).map((rs) => rs.map((r) => ({ ...r, compliance: 'Compliant' as const }))),
    );
    fc.assert(
      fc.property(variants, small, fc.boolean(), fc.boolean(), (results, windows, all, color) => {
        expectAsHeld('table', results, optionsOf(all, color), windows);
      }),
      { numRuns: 300 },
    );
  });

  it('reads back only the results it lists (the others come last in reading order)', () => {
    // 12,000 results, about a third of them listed (NonCompliant, Unknown, Exempt).
    const results = many().map((r, i) => ({ ...r, compliance: (['Compliant', 'NonCompliant', 'NotApplicable'] as const)[i % 3] as CheckResult['compliance'] }));
    const listed = results.filter((r) => r.compliance === 'NonCompliant').length;
    for (const all of [false, true]) {
      const options = optionsOf(all, false);
      const spool = spooled(results, { reading: options, blocks: { size: 1, count: 1, trial: 0 } });
      try {
        const report = { results, summary: summarize(results) };
        const pieces = spooledPieces('table', spool, report.summary, options);
        // Blocks of one byte: every result is read alone, so `alone` counts the results read back: by the
        // pass for the layout (done when spooledPieces returns), then by the table's.
        expect(spool.sortReads.alone).toBe(all ? results.length : listed + 1);
        expect([...pieces].join('')).toBe(formatTable(report, options));
        expect(spool.sortReads.alone).toBe(all ? results.length : listed + 1);
      } finally {
        spool.close();
      }
    }
  });

  it.each([['table'], ['md']] as const)('%s is the in-memory text past one piece (1 MiB), over a level of merges (markdown: two passes with --list all)', (format) => {
    const options: ReportOptions = { toolVersion: 't', policies: policyMeta([]), all: true, ...(format === 'md' ? { context } : {}) };
    expect(expectAsHeld(format, many(), options, { records: 1000, fanIn: 4 }).length).toBeGreaterThan(1);
  });

  it('markdown is formatMarkdown byte for byte: with and without --list all, with an initiative or none, every verdict or few', () => {
    const variants = fc.oneof(
      fc.array(result, { maxLength: 80 }),
      // Few verdicts: sections with no rows, and passes that end before a section is reached.
      fc.tuple(fc.array(result, { maxLength: 30 }), fc.subarray<Compliance>(['Compliant', 'NonCompliant', 'NotApplicable', 'Unknown', 'Exempt'], { minLength: 1 })).map(([rs, cs]) =>
        rs.map((r, i) => ({ ...r, compliance: cs[i % cs.length] as Compliance })),
      ),
    );
    fc.assert(
      fc.property(variants, small, fc.boolean(), fc.boolean(), (results, windows, all, withContext) => {
        expectAsHeld('md', results, { ...optionsOf(all, false), ...(withContext ? { context } : {}), title: 'T' }, windows);
      }),
      { numRuns: 300 },
    );
  });

  it('is refused from a spool in canonical order (it would be in the wrong order)', () => {
    const spool = spooled(RESULTS, {});
    try {
      expect(() => spooledPieces('table', spool, summarize(RESULTS), optionsOf(false, false))).toThrow(/table from a spool not in reading order/);
    } finally {
      spool.close();
    }
  });
});

describe('spoolFor', () => {
  const reading = optionsOf(false, false);
  it.each([
    [['table'], { enabled: true, reading }],
    [['json'], { enabled: true, jsonReport: true }],
    [['json', 'json'], { enabled: true, jsonReport: true }],
    [['md'], { enabled: true, reading }],
    [['html'], { enabled: false }],
    [['md', 'table'], { enabled: false }],
    [['table', 'json'], { enabled: false }],
    [['sarif'], { enabled: false }],
  ])('%j → %j', (formats, expected) => {
    expect(spoolFor(formats, () => reading)).toEqual(expected);
  });
});

describe('il5ml check writes its default table and markdown from the spool', () => {
  const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers';
  const dir = mkdtempSync(join(parent, 'cli-'));
  // Key vaults and storage accounts, good and bad, ids in mixed case and out of order.
  const resources = Array.from({ length: 60 }, (_, i) =>
    i % 2
      ? { id: `${SUB}/Microsoft.KeyVault/vaults/${i % 3 ? 'KV' : 'kv'}${(i * 37) % 60}`, type: 'Microsoft.KeyVault/vaults', location: 'usgovvirginia', properties: { enablePurgeProtection: i % 4 === 1, enableSoftDelete: true } }
      : { id: `${SUB}/Microsoft.Storage/storageAccounts/st${(i * 37) % 60}`, type: 'Microsoft.Storage/storageAccounts', location: 'usgovvirginia', properties: { allowBlobPublicAccess: i % 3 === 0, minimumTlsVersion: 'TLS1_2' } },
  );
  writeFileSync(join(dir, 'estate.json'), `[\n${resources.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);

  it.each([[[]], [['--list', 'all']], [['--color']]])('%j: the table is the in-memory formatter’s of the JSON report’s results', async (flags) => {
    const json = await runMain(['check', 'estate.json', '--format', 'json'], { cwd: dir });
    const { results, summary } = JSON.parse(json.stdout) as { results: CheckResult[]; summary: CheckSummary };
    expect(results.length).toBeGreaterThan(100);
    const table = await runMain(['check', 'estate.json', ...flags], { cwd: dir });
    expect(table.code).toBe(json.code);
    expect(table.code).toBe(1);
    if (!flags.includes('--color')) expect(table.stderr).toBe(json.stderr);
    const options: ReportOptions = { toolVersion: 't', policies: policyMeta([]), all: flags.includes('all'), color: flags.includes('--color') };
    // The JSON report's results and summary hold everything the table reads.
    expect(table.stdout).toBe(formatTable({ results, summary }, options));
  });

  it.each([['table'], ['md']])('--format %s --out (from the spool) is what --out-dir writes (the results held, the in-memory formatter)', async (format) => {
    const env = { SOURCE_DATE_EPOCH: '1796601600' };
    for (const list of ['findings', 'all']) {
      const streamed = await runMain(['check', 'estate.json', '--format', format, '--list', list, '--out', `streamed.${format}`], { cwd: dir, env });
      const held = await runMain(['check', 'estate.json', '--format', format, '--list', list, '--out-dir', `held-${list}`], { cwd: dir, env });
      expect(streamed.code).toBe(1);
      expect(held.code).toBe(1);
      const ext = format === 'table' ? 'txt' : 'md';
      const text = readFileSync(join(dir, `streamed.${format}`), 'utf8');
      expect(text.length).toBeGreaterThan(1000);
      expect(text).toBe(readFileSync(join(dir, `held-${list}`, `estate.${ext}`), 'utf8'));
    }
  });
});
