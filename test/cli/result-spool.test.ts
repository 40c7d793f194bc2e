import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { expectMergeLevels, smallWindows, spooledIn } from './spool-windows.js';
import { spooledJsonParts } from '../../src/cli/report-out.js';
import { ResultSpool, withResultSpool, type ResultSpoolOptions } from '../../src/cli/result-spool.js';
import { inInputOrder } from '../../src/cli/verdicts.js';
import { summarize, Summarizer, type CheckResult, type Compliance } from '../../src/core/verdict.js';
import { sortCanonical } from '../../src/report/common.js';
import { formatJson, jsonResult } from '../../src/report/json.js';
import { formatJsonPieces, joinedPieces, jsonTextParts, sortedJsonParts } from '../../src/report/json-stream.js';
import { RESULTS } from '../report/fixture.js';

const parent = mkdtempSync(join(tmpdir(), 'il5ml-spool-test-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

// Few distinct keys, spelled in several cases, so that the order is decided at every level, ties included.
const key = (xs: string[]): fc.Arbitrary<string> => fc.constantFrom(...xs);
const text = fc.oneof(fc.string(), fc.constantFrom('a\nb', '"quoted"', '\\', 'é中😀', '\u2028', ''));
const result: fc.Arbitrary<CheckResult> = fc.record(
  {
    policyDefinitionId: key(['/p/1', '/P/1', '/p/2', 'IL5-KV-001']),
    policySetDefinitionId: key(['', '/s/a', '/S/A', '/s/b']),
    policyDefinitionReferenceId: key(['r1', 'R1', 'r2']),
    displayName: text,
    resourceId: key(['/subscriptions/x/a', '/subscriptions/X/A', '/subscriptions/x/b', '/subscriptions/x/a/c', 'é', 'É', '/x/中', '/x/😀', '/x/\uff21', '/x/"q"\\']),
    resourceType: text,
    compliance: fc.constantFrom<Compliance>('Compliant', 'NonCompliant', 'NotApplicable', 'Unknown', 'Exempt'),
    effect: text,
    reason: fc.oneof(key(['same', 'Same', 'other']), text),
    source: fc.record({ file: text, line: fc.nat(), column: fc.nat() }),
    groups: fc.array(text, { maxLength: 3 }),
    remediation: text,
    severity: fc.constantFrom<'high' | 'medium' | 'low'>('high', 'medium', 'low'),
    ruleId: key(['IL5-KV-001', 'il5-kv-001', 'IL5-ST-001']),
    exemption: fc.record({ justification: text, expiresOn: text }, { requiredKeys: ['justification'] }),
  },
  { requiredKeys: ['policyDefinitionId', 'resourceId', 'resourceType', 'compliance', 'effect', 'reason'] },
);

const small = smallWindows;

/** Results as a spool of the JSON report's texts gives them back: jsonResult's fields (JSON drops what is undefined). */
const asReported = (rs: readonly CheckResult[]): unknown[] => rs.map((r) => JSON.parse(JSON.stringify(jsonResult(r))) as unknown);

function spooled(results: readonly CheckResult[], run?: number | ResultSpoolOptions): ResultSpool {
  return spooledIn(parent, results, run === undefined ? {} : typeof run === 'number' ? { run } : run);
}

describe('ResultSpool', () => {
  it('gives back every result as added, and in exactly sortCanonical order', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 40 }), (results) => {
        const spool = spooled(results);
        try {
          expect(spool.count).toBe(results.length);
          // Deep equal to what was added (JSON drops nothing a result holds).
          expect(spool.all()).toEqual(results);
          expect([...spool.sorted()]).toEqual(sortCanonical(results));
        } finally {
          spool.close();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('orders resource ids kept a few at a time (sorted runs on disk, merged) exactly as sortCanonical', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), (results, run) => {
        const spool = spooled(results, run);
        try {
          expect([...spool.sorted()]).toEqual(sortCanonical(results));
          expect(spool.all()).toEqual(results);
        } finally {
          spool.close();
        }
      }),
      { numRuns: 300 },
    );
  });

  // Many results of the same few resources, some exactly alike but for what the order does not read.
  const repeated = fc
    .array(result, { minLength: 1, maxLength: 6 })
    .chain((pool) => fc.array(fc.tuple(fc.nat(pool.length - 1), fc.string({ maxLength: 3 })), { maxLength: 120 }).map((picks) => picks.map(([i, name]) => ({ ...(pool[i] as CheckResult), displayName: name }))));

  // One resource spelled in every case: equal case-insensitively, in different runs, at every level.
  const spellings = fc.array(
    fc.record({ id: fc.constantFrom('/s/a', '/S/a', '/s/A', '/S/A', '/s/b'), rule: fc.constantFrom('/p/1', '/p/2', '/P/1'), i: fc.nat(3) }).map(({ id, rule, i }) => ({ ...(RESULTS[i % RESULTS.length] as CheckResult), resourceId: id, policyDefinitionId: rule, ruleId: undefined })),
    { maxLength: 100 },
  );

  it('orders results in exactly sortCanonical order through many runs and levels of merges', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(result, { maxLength: 150 }), repeated, spellings), small, (results, options) => {
        const spool = spooled(results, options);
        try {
          expect([...spool.sorted()]).toEqual(sortCanonical(results));
          expect(spool.count).toBe(results.length);
          expect(spool.all()).toEqual(results);
          results.forEach((r, i) => expect(spool.read(i)).toEqual(r));
          expectMergeLevels(spool, results.length, options);
        } finally {
          spool.close();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('breaks full ties by the order given (worker threads: the resource index), not by the order of the adds', () => {
    // Results in input order, each with its resource's index; added interleaved as two threads' arrive.
    const inOrder = fc.array(fc.tuple(result, fc.integer({ min: 0, max: 3 })), { maxLength: 120 }).map((xs) => {
      let index = 0;
      return xs.map(([r, step]) => ({ r, index: (index += step === 0 ? 0 : 1) }));
    });
    fc.assert(
      fc.property(fc.oneof(inOrder, repeated.map((rs) => rs.map((r, i) => ({ r, index: i >> 1 })))), fc.integer({ min: 0, max: 200 }), small, (items, cut, options) => {
        // A resource's results are one thread's: the cut falls between resources.
        let split = Math.min(cut, items.length);
        while (split > 0 && split < items.length && items[split]?.index === items[split - 1]?.index) split++;
        const [a, b] = [items.slice(0, split), items.slice(split)];
        const arrival: { r: CheckResult; index: number }[] = [];
        for (let i = 0; i < Math.max(a.length, b.length); i++) {
          const x = b[i];
          const y = a[i];
          if (x) arrival.push(x);
          if (y) arrival.push(y);
        }
        const spool = new ResultSpool(parent, options);
        try {
          for (const { r, index } of arrival) spool.add(r, index);
          const expected = sortCanonical(items.map((x) => x.r));
          expect([...spool.sorted()]).toEqual(expected);
          // The same order in memory: inInputOrder, then the stable sort.
          const held = arrival.map((x) => x.r);
          inInputOrder(held, arrival.map((x) => x.index));
          expect(sortCanonical(held)).toEqual(expected);
        } finally {
          spool.close();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the order and the count when results come after a merge', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 80 }), fc.array(result, { maxLength: 80 }), small, (first, then, options) => {
        const spool = spooled(first, options);
        try {
          expect([...spool.sorted()]).toEqual(sortCanonical(first));
          expect(spool.distinctResources()).toBe(summarize(first).resources);
          for (const r of then) spool.add(r);
          const all = [...first, ...then];
          expect(spool.distinctResources()).toBe(summarize(all).resources);
          expect([...spool.sorted()]).toEqual(sortCanonical(all));
          expect(spool.all()).toEqual(all);
        } finally {
          spool.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('writes the JSON report byte for byte as from results in memory, across batches of the file', () => {
    const one = RESULTS[0];
    if (!one) throw new Error('fixture is empty');
    // ~6,000 results: several 1 MiB write batches, ids out of order and in mixed case.
    const results = Array.from({ length: 6_000 }, (_, i) => ({ ...one, resourceId: `${i % 2 ? one.resourceId.toUpperCase() : one.resourceId}/x${(i * 7919) % 6_000}`, reason: `r${i % 3}` }));
    for (const r of RESULTS) results.push(r);
    const report = { results, summary: summarize(results) };
    const whole = [...formatJsonPieces(report)].join('');
    // Ids all in memory; in runs of 1,000 (six runs merged); windows of 97 results merged 4 at a time (62 runs: two levels).
    for (const run of [undefined, 1_000, { records: 97, fanIn: 4 }]) {
      const spool = spooled(results, run);
      try {
        expect([...joinedPieces(sortedJsonParts(spool.sorted(), report.summary))].join('')).toBe(whole);
        expect(spool.levels).toBe(typeof run === 'object' ? 2 : 0);
      } finally {
        spool.close();
      }
    }
  });

  it('stores the JSON report\'s text of each result (jsonReport): the report is the stored texts in order, each with its compliance', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 40 }), small, (results, windows) => {
        const spool = spooled(results, { ...windows, jsonReport: true });
        try {
          const summary = summarize(results);
          const stored = [...spool.sortedTexts()];
          expect([...joinedPieces(jsonTextParts(stored.map((s) => s.text), summary))].join('')).toBe(formatJson({ results, summary }));
          expect(stored.map((s) => s.compliance)).toEqual(sortCanonical(results).map((r) => r.compliance));
          // Read back, a result is the report's: jsonResult's fields.
          expect(spool.all()).toEqual(asReported(results));
          expect([...spool.sorted()]).toEqual(asReported(sortCanonical(results)));
        } finally {
          spool.close();
        }
      }),
      { numRuns: 150 },
    );
    // In the table's reading order, compliance comes from the first part of the order.
    fc.assert(
      fc.property(fc.array(result, { maxLength: 40 }), small, (results, windows) => {
        const spool = spooled(results, { ...windows, reading: { toolVersion: 'test' } });
        try {
          expect([...spool.sortedTexts()].map((s) => s.compliance)).toEqual([...spool.sorted()].map((r) => r.compliance));
        } finally {
          spool.close();
        }
      }),
      { numRuns: 100 },
    );
  });

  it('spooledJsonParts writes the JSON report from a spool of either kind, and shows the NonCompliant results to the counter', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 40 }), small, fc.boolean(), (results, windows, jsonReport) => {
        const spool = spooled(results, { ...windows, jsonReport });
        try {
          const summary = summarize(results);
          const seen: CheckResult[] = [];
          expect([...joinedPieces(spooledJsonParts(spool, summary, (r) => seen.push(r)))].join('')).toBe(formatJson({ results, summary }));
          const failing = sortCanonical(results).filter((r) => r.compliance === 'NonCompliant');
          expect(seen).toEqual(jsonReport ? asReported(failing) : failing);
        } finally {
          spool.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reads every result back in the order added across the buffer it reads the file through, a result larger than the buffer too', () => {
    const one = RESULTS[0];
    if (!one) throw new Error('fixture is empty');
    // ~3,000 results of ~1 KB around one of 1.5 MB (the buffer is 1 MiB), stored both ways.
    const results: CheckResult[] = Array.from({ length: 3_000 }, (_, i) => ({ ...one, resourceId: `${one.resourceId}/x${i}`, reason: `r${i} ${'é'.repeat(i % 500)}` }));
    results.splice(1_500, 0, { ...one, reason: `long\n${'x'.repeat(1_500_000)}` });
    for (const jsonReport of [false, true]) {
      const spool = spooled(results, { jsonReport });
      try {
        expect(spool.all()).toEqual(jsonReport ? asReported(results) : results);
        expect([...spool.entries()].map((e) => e.order)).toEqual(results.map((_, i) => i));
      } finally {
        spool.close();
      }
    }
  });

  it('reads the sorted results back through blocks of the file, or one at a time where blocks do not pay', () => {
    const shapes = fc.record({ size: fc.integer({ min: 1, max: 2048 }), count: fc.integer({ min: 1, max: 4 }), trial: fc.integer({ min: 0, max: 16 }) });
    fc.assert(
      fc.property(fc.oneof(fc.array(result, { maxLength: 150 }), repeated, spellings), small, shapes, (results, windows, blocks) => {
        const spool = spooled(results, { ...windows, blocks });
        try {
          expect([...spool.sorted()]).toEqual(sortCanonical(results));
          // Each result came from a block (loaded then or before) or was read alone.
          expect(spool.sortReads.blocks + spool.sortReads.alone).toBeLessThanOrEqual(results.length);
        } finally {
          spool.close();
        }
      }),
      { numRuns: 300 },
    );
    const one = RESULTS[0];
    if (!one) throw new Error('fixture is empty');
    // Four results a resource, the resources added in the order they sort: a 16 KiB block holds dozens.
    const inOrder = Array.from({ length: 2_000 }, (_, i) => ({ ...one, resourceId: `/subscriptions/x/r${String(Math.floor(i / 4)).padStart(4, '0')}`, policyDefinitionId: `/p/${i % 4}`, reason: `r${i}` }));
    // The same resources listed in another order, with blocks of about one result and one kept: each
    // block serves one result, so after the trial every result is read alone.
    const shuffled = Array.from({ length: 500 }, (_, k) => (k * 7919) % 500).flatMap((r) => inOrder.slice(r * 4, r * 4 + 4));
    for (const [results, blocks] of [
      [inOrder, undefined],
      [shuffled, { size: 512, count: 1, trial: 8 }],
    ] as const) {
      const spool = spooled(results, blocks ? { blocks } : {});
      try {
        expect([...spool.sorted()]).toEqual(sortCanonical(results));
        const { blocks: loaded, alone } = spool.sortReads;
        if (blocks === undefined) expect(loaded + alone).toBeLessThan(results.length / 10);
        else {
          expect(loaded).toBeLessThanOrEqual(blocks.trial + 1);
          expect(alone).toBeGreaterThan(results.length / 2);
        }
      } finally {
        spool.close();
      }
    }
  });

  it('leaves no file behind', async () => {
    let dir = '';
    await expect(
      withResultSpool(async (spool) => {
        spool?.add(RESULTS[0] as CheckResult);
        dir = readdirSync(parent).find((d) => d.startsWith('il5ml-results-')) ?? '';
        throw new Error('boom');
      }, { parent }),
    ).rejects.toThrow('boom');
    expect(dir).not.toBe('');
    expect(existsSync(join(parent, dir))).toBe(false);
  });

  it.skipIf(process.getuid?.() === 0)('without a writable temporary folder, the results stay in memory (no spool, no error)', async () => {
    const ro = mkdtempSync(join(parent, 'ro-'));
    chmodSync(ro, 0o500);
    try {
      expect(await withResultSpool(async (spool) => spool, { parent: ro })).toBeUndefined();
    } finally {
      chmodSync(ro, 0o700);
    }
  });

  it('without a temporary folder at all, the results stay in memory', async () => {
    expect(await withResultSpool(async (spool) => spool, { parent: join(parent, 'missing', 'deeper') })).toBeUndefined();
    expect(await withResultSpool(async (spool) => spool, { parent, enabled: false })).toBeUndefined();
  });
});

describe('the result spool on a signal', () => {
  it('is removed when the process is ended by SIGTERM, and the process still ends by that signal (npm run build)', async () => {
    const { spawnSync } = await import('node:child_process');
    const dir = mkdtempSync(join(parent, 'signal-'));
    const module = new URL('../../dist/cli/result-spool.js', import.meta.url).href;
    const script = `const { ResultSpool } = await import(${JSON.stringify(module)}); new ResultSpool(${JSON.stringify(dir)}); process.kill(process.pid, 'SIGTERM'); await new Promise((r) => setTimeout(r, 5000));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.signal).toBe('SIGTERM');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('the summary of spooled results', () => {
  it('counts distinct resources as summarize() does, the ids kept a few at a time', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 60 }), fc.oneof(fc.integer({ min: 1, max: 4 }), small), (results, run) => {
        const spool = spooled(results, run);
        const s = new Summarizer({ countResources: false });
        for (const r of results) s.add(r);
        try {
          expect(s.summary(spool.distinctResources())).toEqual(summarize(results));
        } finally {
          spool.close();
        }
      }),
      { numRuns: 200 },
    );
    expect(() => new Summarizer({ countResources: false }).summary()).toThrow(/resource count/);
  });
});
