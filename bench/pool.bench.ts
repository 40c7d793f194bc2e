/**
 * The worker pool (issue 12, every core; src/cli/workers/): what a worker costs to start, and what moving
 * results between threads costs, so that the check's driver can choose the estate size below which one
 * thread is better. Ratios to baselines measured in the same run:
 * - start-up: a worker of the CLI's bundle (dist/cli/bundle/worker.js) until its first task's answer, bare
 *   and with the engines a check needs loaded, against a Worker running empty code (`eval: ''`);
 * - streaming: CheckResult-shaped objects (the probe task's, ~500 bytes of JSON each) made in worker threads
 *   and taken by the main thread in task order, against the same objects made and taken in one thread; taken
 *   by counting, and by the check's result spool (src/cli/result-spool.ts, what a JSON report's check does
 *   with each result).
 * Needs `npm run build`. IL5ML_BENCH_POOL_ITEMS=<n> sets the results streamed (200,000).
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ResultSpool } from '../src/cli/result-spool.js';
import { sampleResult } from '../src/cli/workers/tasks/probe.js';
import type { CheckResult } from '../src/core/verdict.js';
import type { BenchResult } from './run.js';

type PoolModule = typeof import('../src/cli/workers/pool.js');

const here = dirname(fileURLToPath(import.meta.url));
const BUNDLE = resolve(here, '..', 'dist', 'cli', 'bundle');
const ITEMS = Number(process.env.IL5ML_BENCH_POOL_ITEMS ?? 200_000);
const RUNS = 5;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function timed(f: () => Promise<void>): Promise<number> {
  const a = performance.now();
  await f();
  return performance.now() - a;
}

function emptyWorker(): Promise<void> {
  return new Promise((resolve, reject) => {
    const w = new Worker('', { eval: true });
    w.on('error', reject);
    w.on('exit', () => resolve());
  });
}

type Consumer = { take: (r: CheckResult) => void; end: () => void };
const counting = (): Consumer => {
  let n = 0;
  return { take: (r) => void (n += r.compliance.length), end: () => void n };
};
const spooling = (): Consumer => {
  const spool = new ResultSpool();
  return { take: (r) => spool.add(r), end: () => spool.close() };
};

export async function run(): Promise<BenchResult> {
  if (!existsSync(join(BUNDLE, 'worker.js'))) return { name: 'pool (worker threads)', lines: ['skipped: run `npm run build` first (the workers run the built bundle)'] };
  const pool = (await import(pathToFileURL(join(BUNDLE, 'pool.js')).href)) as PoolModule;
  const lines: string[] = [`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; medians of ${RUNS} runs`];

  // Start-up.
  const bare: number[] = [];
  const first: number[] = [];
  const engines: number[] = [];
  const two: number[] = [];
  const tsc: number[] = [];
  const tscWorker = pathToFileURL(resolve(here, '..', 'dist', 'cli', 'workers', 'worker.js'));
  for (let i = 0; i < RUNS; i++) {
    bare.push(await timed(emptyWorker));
    first.push(await timed(async () => void (await pool.collectOrdered([{ module: 'probe', fn: 'sequence', args: { label: 'x', count: 1 } }], { jobs: 1 }))));
    engines.push(await timed(async () => void (await pool.collectOrdered([{ module: 'probe', fn: 'engines', args: {} }], { jobs: 1 }))));
    tsc.push(await timed(async () => void (await pool.collectOrdered([{ module: 'probe', fn: 'sequence', args: { label: 'x', count: 1 } }], { jobs: 1, workerUrl: tscWorker }))));
    two.push(await timed(async () => void (await pool.collectOrdered([0, 1].map(() => ({ module: 'probe' as const, fn: 'engines', args: {} })), { jobs: 2 }))));
  }
  const b = median(bare);
  lines.push(`empty Worker (eval ''), spawn to exit: ${b.toFixed(1)} ms (baseline)`);
  lines.push(`bundle worker, spawn + first item + terminate: ${median(first).toFixed(1)} ms (${(median(first) / b).toFixed(1)}x)`);
  lines.push(`tsc's worker (dist/cli/workers/, no bundle), spawn + first item + terminate: ${median(tsc).toFixed(1)} ms (${(median(tsc) / b).toFixed(1)}x)`);
  lines.push(`bundle worker + engines loaded (baseline, policy, estate): ${median(engines).toFixed(1)} ms (${(median(engines) / b).toFixed(1)}x)`);
  lines.push(`two bundle workers + engines, at once: ${median(two).toFixed(1)} ms (${(median(two) / b).toFixed(1)}x)`);

  // Streaming.
  const oneThread = (make: () => Consumer) => async (): Promise<void> => {
    const c = make();
    for (let i = 0; i < ITEMS; i++) c.take(sampleResult(i));
    c.end();
  };
  const threaded = (make: () => Consumer, jobs: number, tasks: number, batchSize: number) => async (): Promise<void> => {
    const c = make();
    const per = Math.ceil(ITEMS / tasks);
    const list = Array.from({ length: tasks }, (_, k) => ({ module: 'probe' as const, fn: 'results', args: { from: k * per, count: Math.max(0, Math.min(per, ITEMS - k * per)) } }));
    for await (const r of pool.runOrdered<CheckResult>(list, { jobs, batchSize })) c.take(r);
    c.end();
  };
  // What crossing costs at least: a structured clone of the same results in batches of 256, in one thread.
  const all = Array.from({ length: ITEMS }, (_, i) => sampleResult(i));
  const clones: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    clones.push(
      await timed(async () => {
        for (let at = 0; at < ITEMS; at += 256) structuredClone(all.slice(at, at + 256));
      }),
    );
  }
  all.length = 0;
  const rate = (ms: number): string => `${Math.round(ITEMS / (ms / 1000)).toLocaleString('en-US')} items/s`;
  lines.push(`structuredClone of the ${ITEMS.toLocaleString('en-US')} results in batches of 256, one thread: ${median(clones).toFixed(0)} ms, ${rate(median(clones))}`);
  for (const [name, make] of [['counted', counting], ['spooled (ResultSpool.add)', spooling]] as const) {
    const t1: number[] = [];
    for (let i = 0; i < RUNS; i++) t1.push(await timed(oneThread(make)));
    const base = median(t1);
    lines.push(`${ITEMS.toLocaleString('en-US')} results made and ${name} in one thread: ${base.toFixed(0)} ms, ${rate(base)} (baseline)`);
    for (const [jobs, tasks, batch] of [[1, 1, 256], [2, 2, 256], [2, 16, 64], [2, 16, 256], [2, 16, 1024]] as const) {
      const t: number[] = [];
      for (let i = 0; i < RUNS; i++) t.push(await timed(threaded(make, jobs, tasks, batch)));
      const m = median(t);
      lines.push(`  ${jobs} worker(s), ${tasks} task(s), batches of ${batch}: ${m.toFixed(0)} ms, ${rate(m)} (${(m / base).toFixed(2)}x)`);
    }
  }
  return { name: 'pool (worker threads)', lines };
}
