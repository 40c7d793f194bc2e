import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineRules, runBaseline } from '../../../src/baseline/index.js';
import { equivalenceCorpus } from '../../../src/baseline/corpus.js';
import { UserInputError, type Diagnostic } from '../../../src/core/diagnostic.js';
import { collectOrdered, indexRanges, runOrdered, type PoolOptions, type PoolTask } from '../../../src/cli/workers/pool.js';
import { REPO_ROOT } from '../../helpers/cli.js';

/**
 * The worker pool (issue 12, every core). vitest cannot start a worker thread on a .ts file, so the workers
 * run tsc's build (dist/cli/workers/worker.js, `npm run build`, which `npm test` does first); the pool
 * itself is the sources' (its errors are the sources' UserInputError). bundle.test.ts-like checks of the
 * bundle's copy are in resolve.test.ts.
 */
const WORKER = pathToFileURL(join(REPO_ROOT, 'dist', 'cli', 'workers', 'worker.js'));
const opts = (o: Omit<PoolOptions, 'workerUrl'>): PoolOptions => ({ ...o, workerUrl: WORKER });
const seq = (label: string, count: number, extra: Record<string, unknown> = {}): PoolTask => ({ module: 'probe', fn: 'sequence', args: { label, count, ...extra } });
const expected = (tasks: readonly { label: string; count: number }[]): string[] => tasks.flatMap((t) => Array.from({ length: t.count }, (_, i) => `${t.label}:${i}`));

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

/** Items taken until the iteration throws, and what it threw. */
async function untilFailure(tasks: readonly PoolTask[], o: PoolOptions): Promise<{ items: string[]; error: Error }> {
  const items: string[] = [];
  try {
    for await (const x of runOrdered<string>(tasks, o)) items.push(x);
  } catch (e) {
    return { items, error: e as Error };
  }
  throw new Error('expected the iteration to throw');
}

describe('order', () => {
  it('gives every item in task order, as one thread would, whatever the sizes, delays, jobs, batches and credit', async () => {
    const task = fc.record({
      count: fc.integer({ min: 0, max: 60 }),
      pauses: fc.array(fc.tuple(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 15 })), { maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(task, { minLength: 0, maxLength: 9 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 3 }),
        async (ts, jobs, batchSize, credit) => {
          const labelled = ts.map((t, i) => ({ ...t, label: `t${i}` }));
          const got = await collectOrdered<string>(
            labelled.map((t) => seq(t.label, t.count, { pauses: t.pauses })),
            opts({ jobs, batchSize, credit }),
          );
          expect(got).toEqual(expected(labelled));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('splits the baseline over rule slices on 2 threads with exactly runBaseline’s results, in its order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-pool-'));
    dirs.push(dir);
    const resources = equivalenceCorpus().flatMap((c) => [c.subject, ...c.related]);
    writeFileSync(join(dir, 'estate.json'), JSON.stringify(resources));
    const ids = baselineRules.map((r) => r.id);
    // Six consecutive slices of the rule list, of uneven sizes.
    const cuts = [0, 1, 4, 9, 15, 22, ids.length];
    const slices = cuts.slice(1).map((end, k) => ids.slice(cuts[k], end));
    expect(slices.flat()).toEqual(ids);
    const tasks: PoolTask[] = slices.map((rules) => ({ module: 'baseline-rules', fn: 'run', args: { file: 'estate.json', cwd: dir, rules } }));
    const got = await collectOrdered(tasks, opts({ jobs: 2, batchSize: 64, credit: 4 }));
    // The resources as the file holds them (the corpus's unknown-value markers do not survive JSON).
    const want = runBaseline(JSON.parse(JSON.stringify(resources)) as typeof resources);
    expect(want.length).toBeGreaterThan(1000);
    expect(new Set(want.map((r) => r.compliance)).size).toBeGreaterThan(2);
    expect(got).toEqual(want);
  });

  it('runs no worker for no task', async () => {
    expect(await collectOrdered([], opts({ jobs: 4 }))).toEqual([]);
  });
});

describe('indexRanges', () => {
  it('cuts [0, total) into consecutive, non-empty ranges of sizes within one of each other', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 200 }), (total, pieces) => {
        const r = indexRanges(total, pieces);
        expect(r.length).toBe(Math.min(total, pieces));
        expect(r.map(([a]) => a)).toEqual(r.length === 0 ? [] : [0, ...r.slice(0, -1).map(([, b]) => b)]);
        if (r.length > 0) expect(r[r.length - 1]?.[1]).toBe(total);
        const sizes = r.map(([a, b]) => b - a);
        expect(sizes.every((n) => n >= 1)).toBe(true);
        if (sizes.length > 0) expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
    expect(indexRanges(10, 4)).toEqual([[0, 2], [2, 5], [5, 7], [7, 10]]);
  });
});

describe('flow control', () => {
  it('a worker stops after its credit while the caller is slow, and resumes as the caller takes items', async () => {
    const counter = new SharedArrayBuffer(4);
    const emitted = new Int32Array(counter);
    const [batchSize, credit, count] = [10, 2, 5_000];
    const it = runOrdered<string>([seq('s', count, { counter })], opts({ jobs: 1, batchSize, credit }));
    const first = await it.next();
    expect(first.value).toBe('s:0');
    // `credit` batches sent, one more filled and held: then the task waits (no ack: the caller has not
    // taken the whole first batch). Polled, not timed: the machine may be slow.
    const stall = (credit + 1) * batchSize;
    for (let waited = 0; Atomics.load(emitted, 0) < stall && waited < 20_000; waited += 20) await sleep(20);
    expect(Atomics.load(emitted, 0)).toBe(stall);
    await sleep(300);
    expect(Atomics.load(emitted, 0)).toBe(stall);
    const rest: string[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value);
    expect(['s:0', ...rest]).toEqual(expected([{ label: 's', count }]));
    expect(Atomics.load(emitted, 0)).toBe(count);
  });

  it('a worker ahead of the caller on a later task waits too (memory stays bounded)', async () => {
    const counter = new SharedArrayBuffer(4);
    const [batchSize, credit] = [5, 1];
    const it = runOrdered<string>([seq('a', 3, { pauses: [[0, 300]] }), seq('b', 1_000, { counter })], opts({ jobs: 2, batchSize, credit }));
    const first = await it.next();
    expect(first.value).toBe('a:0');
    expect(Atomics.load(new Int32Array(counter), 0)).toBeLessThanOrEqual((credit + 1) * batchSize);
    await it.return(undefined);
  });

  it('the caller’s break ends every worker', async () => {
    const counter = new SharedArrayBuffer(4);
    const emitted = new Int32Array(counter);
    for await (const x of runOrdered<string>([seq('a', 1_000_000, { counter })], opts({ jobs: 1, batchSize: 1, credit: 1_000_000 }))) {
      if (x === 'a:2') break;
    }
    const after = Atomics.load(emitted, 0);
    await sleep(200);
    expect(Atomics.load(emitted, 0)).toBe(after);
  });
});

describe('failures', () => {
  const diagnostics: Diagnostic[] = [
    { severity: 'error', code: 'IL5-INPUT-JSON', message: 'estate.json: unexpected end', location: { file: 'estate.json', line: 3, column: 7 }, fix: 'close the array' },
    { severity: 'error', code: 'IL5-X', message: 'second', path: 'a.b' },
  ];

  it('a UserInputError of a worker reaches the caller as the same UserInputError, after the items of the tasks before it', async () => {
    const { items, error } = await untilFailure(
      [seq('a', 40, { pauses: [[20, 100]] }), { module: 'probe', fn: 'fail', args: { after: 3, how: 'user', diagnostics } }, seq('c', 5)],
      opts({ jobs: 3, batchSize: 4 }),
    );
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).diagnostics).toEqual(diagnostics);
    expect(error.message).toBe(new UserInputError(diagnostics).message);
    expect(items).toEqual([...expected([{ label: 'a', count: 40 }]), 'fail:0', 'fail:1', 'fail:2']);
  });

  it('the first failure in task order is the one reported, as one thread would meet it', async () => {
    const { error } = await untilFailure(
      [seq('a', 5, { pauses: [[0, 150]] }), { module: 'probe', fn: 'fail', args: { after: 0, how: 'user', diagnostics: diagnostics.slice(0, 1) } }, { module: 'probe', fn: 'fail', args: { after: 0, how: 'error' } }],
      opts({ jobs: 3 }),
    );
    expect((error as UserInputError).diagnostics).toEqual(diagnostics.slice(0, 1));
  });

  it('a thrown Error rejects with a message naming the task, and stops the workers of later tasks', async () => {
    const counter = new SharedArrayBuffer(4);
    const emitted = new Int32Array(counter);
    const { error } = await untilFailure(
      [{ module: 'probe', fn: 'fail', args: { after: 0, how: 'error' } }, seq('slow', 1_000_000, { counter, pauses: Array.from({ length: 1000 }, (_, i) => [i, 5]) })],
      opts({ jobs: 2, batchSize: 1, credit: 1_000_000 }),
    );
    expect(error).not.toBeInstanceOf(UserInputError);
    expect(error.message).toBe('task 0 (probe.fail) failed in a worker thread: probe: the task failed');
    const after = Atomics.load(emitted, 0);
    await sleep(200);
    expect(Atomics.load(emitted, 0)).toBe(after);
  });

  it('keeps a RangeError a RangeError (an exhausted call stack is the input’s fault, exit 2)', async () => {
    const { error } = await untilFailure([{ module: 'probe', fn: 'fail', args: { after: 0, how: 'range' } }], opts({ jobs: 1 }));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toMatch(/call stack/);
  });

  it('a worker calling process.exit rejects, naming the task and the exit code', async () => {
    const { items, error } = await untilFailure([seq('a', 2), { module: 'probe', fn: 'fail', args: { after: 1, how: 'exit' } }, seq('c', 2)], opts({ jobs: 2, batchSize: 1 }));
    expect(error.message).toBe('task 1 (probe.fail) failed: its worker thread exited with code 7');
    expect(items.slice(0, 2)).toEqual(['a:0', 'a:1']);
  });

  it('a worker thread dying of an uncaught exception rejects', async () => {
    const { error } = await untilFailure([{ module: 'probe', fn: 'fail', args: { after: 0, how: 'uncaught' } }], opts({ jobs: 1 }));
    expect(error.message).toBe('task 0 (probe.fail) failed: its worker thread stopped with an error: probe: uncaught in the worker');
  });

  it('a worker out of memory (resourceLimits) rejects, not hangs', async () => {
    const { error } = await untilFailure([seq('big', 200_000)], opts({ jobs: 1, batchSize: 200_000, credit: 1, resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 } }));
    expect(error.message).toMatch(/^task 0 \(probe.sequence\) failed: its worker thread stopped with an error: .*memory/i);
  });

  it('refuses a module or function outside the allowlist', async () => {
    const bad = await rejection(collectOrdered([{ module: '../../../../tmp/evil' as 'probe', fn: 'run', args: {} }], opts({ jobs: 1 })));
    expect(bad.message).toMatch(/no task module "..\/..\/..\/..\/tmp\/evil" \(known: baseline-rules, check, probe\)/);
    const fn = await rejection(collectOrdered([{ module: 'probe', fn: 'constructor', args: {} }], opts({ jobs: 1 })));
    expect(fn.message).toMatch(/task module probe has no task "constructor"/);
  });

  it('a real task’s input error comes back with its diagnostics (a missing file)', async () => {
    const err = await rejection(collectOrdered([{ module: 'baseline-rules', fn: 'run', args: { file: 'nope.json', cwd: tmpdir() } }], opts({ jobs: 1 })));
    expect(err).toBeInstanceOf(UserInputError);
    expect((err as UserInputError).diagnostics[0]?.code).toBe('IL5-INPUT-FILE');
    expect(existsSync(join(tmpdir(), 'nope.json'))).toBe(false);
  });
});

describe('unordered (ordered: false: a check, whose reports sort)', () => {
  it('hands on every item of every task, each task in its own order, and a later task is not held behind a slow earlier one', async () => {
    // Task 0 pauses long after its first item; task 1 emits far past its credit meanwhile.
    const tasks = [seq('a', 5, { pauses: [[1, 1500]] }), seq('b', 600)];
    const got: string[] = [];
    for await (const item of runOrdered<string>(tasks, opts({ jobs: 2, batchSize: 4, credit: 2, ordered: false }))) got.push(item);
    expect([...got].sort()).toEqual([...expected([{ label: 'a', count: 5 }, { label: 'b', count: 600 }])].sort());
    for (const label of ['a', 'b']) expect(got.filter((x) => x.startsWith(`${label}:`))).toEqual(got.filter((x) => x.startsWith(`${label}:`)).sort((x, y) => Number(x.split(':')[1]) - Number(y.split(':')[1])));
    // Ordered, b's 600 items could only come after all of a's; unordered, b finished while a slept.
    expect(got.indexOf('b:599')).toBeLessThan(got.indexOf('a:4'));
  });

  it('a failing task still ends the iteration with its error', async () => {
    const fail: PoolTask = { module: 'probe', fn: 'fail', args: { after: 3, how: 'user', diagnostics: [{ severity: 'error', code: 'IL5-TEST', message: 'no' }] } };
    const error = await rejection(collectOrdered([seq('a', 50), fail], opts({ jobs: 2, ordered: false })));
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).diagnostics[0]?.code).toBe('IL5-TEST');
  });
});
