/**
 * Evaluation on every core (issue 12): tasks run on `jobs` worker threads at once (worker.ts), each
 * streaming its items back in batches, and the caller receives the items **in task order** — every item
 * of task 0, then of task 1, … — exactly the sequence one thread running the tasks in turn would give,
 * whatever the threads' speeds.
 *
 * Memory is bounded: a worker has at most `credit` batches sent and not yet taken by the caller
 * (protocol.ts); a worker ahead of the caller waits. A worker takes the next task once its task is done,
 * so that tasks a few times more numerous than workers, each small enough to fit its worker's credit, keep
 * every core busy (a task that does not fit waits for the tasks before it to be taken).
 *
 * Failures come in task order too, as one thread would meet them: the items of the tasks before the first
 * failing one, and of that task up to its failure, are handed on, then the iteration throws — the same
 * UserInputError (its diagnostics) when the task threw one, else an Error naming the task and the
 * worker's message (a crash, `process.exit` in a worker, a thread out of memory). Tasks after a failed one
 * are not started, or are stopped; every worker is terminated when the iteration ends in any way (done,
 * thrown, or the caller's `break`), so no thread outlives it.
 *
 * Signals: workers are threads of this process; SIGINT/SIGTERM are handled by the main thread's handlers
 * (spool.ts removes the temporary folders, then the process ends as the signal says), which end them too.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { UserInputError, type Diagnostic } from '../../core/diagnostic.js';
import type { FromWorker, ToWorker, WireError, WorkerSetup } from './protocol.js';
import type { TaskModuleName } from './tasks.js';

export interface PoolTask {
  /** A module of the allowlist (tasks.ts). */
  module: TaskModuleName;
  /** A task function the module exports (its `tasks` record). */
  fn: string;
  /** Plain data (structured clone). */
  args: unknown;
}

export interface PoolOptions {
  /** Worker threads at most (never more than there are tasks). */
  jobs: number;
  /** Items a message carries at most (default 256). */
  batchSize?: number;
  /** Batches a worker may have in flight (default 8). */
  credit?: number;
  /** The worker entry (default: worker.js beside this module, workerEntry()). */
  workerUrl?: URL;
  resourceLimits?: ResourceLimits;
  /**
   * false: items are handed on as their batches arrive, from whichever task (each task's own items still in
   * their order), so that no worker waits for the tasks before its own to be taken. For a caller whose
   * output does not depend on the order (a check: every report sorts its results). Failures: the first
   * failed task's error, after the items that arrived before it.
   */
  ordered?: boolean;
}

export const DEFAULT_BATCH_SIZE = 256;
export const DEFAULT_CREDIT = 8;

/**
 * worker.js beside this module's file: dist/cli/workers/worker.js for tsc's output (the library),
 * dist/cli/bundle/worker.js for the CLI's bundle (pool.ts is in one of its files, worker.js an entry point).
 */
export function workerEntry(): URL {
  return new URL('./worker.js', import.meta.url);
}

/** An error of a worker thread, revived in the caller's thread. */
export function reviveError(error: WireError, what: string): Error {
  if (error.kind === 'user') return new UserInputError(error.diagnostics as Diagnostic[]);
  const message = `${what} failed in a worker thread: ${error.message}`;
  // RangeError kept (main.ts reads an exhausted call stack as the input's fault); others as Error, or TypeError.
  const e = error.name === 'RangeError' ? new RangeError(message) : error.name === 'TypeError' ? new TypeError(message) : new Error(message);
  if (error.stack !== undefined) e.stack = `${e.name}: ${message}\n  (in the worker) ${error.stack}`;
  return e;
}

interface Slot {
  worker: Worker;
  /** The task it runs. */
  task: number | undefined;
  /** Terminated by the pool, or gone: its exit is no failure. */
  gone: boolean;
}

interface TaskState<T> {
  batches: { items: T[]; slot: Slot }[];
  done: boolean;
  failure?: Error;
}

/** The items of every task, in task order (see above). */
export async function* runOrdered<T>(tasks: readonly PoolTask[], options: PoolOptions): AsyncGenerator<T, void, undefined> {
  if (!Number.isInteger(options.jobs) || options.jobs < 1) throw new Error(`internal: the pool needs a whole number of jobs from 1, not ${options.jobs}`);
  const setup: WorkerSetup = { credit: options.credit ?? DEFAULT_CREDIT, batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE };
  if (!(setup.credit >= 1 && setup.batchSize >= 1)) throw new Error('internal: the pool needs credit and batchSize of 1 or more');
  const state: TaskState<T>[] = tasks.map(() => ({ batches: [], done: false }));
  const ordered = options.ordered !== false;
  /** Unordered: every batch in arrival order. */
  const arrivals: { items: T[]; slot: Slot }[] = [];
  const what = (k: number): string => `task ${k} (${tasks[k]?.module}.${tasks[k]?.fn})`;
  const slots: Slot[] = [];
  let next = 0;
  /** The first failed task: nothing after it starts. */
  let failedAt = Infinity;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const stop = (slot: Slot): void => {
    if (slot.gone) return;
    slot.gone = true;
    slot.task = undefined;
    void slot.worker.terminate();
  };

  const fail = (k: number, error: Error): void => {
    const s = state[k];
    if (s && s.failure === undefined && !s.done) s.failure = error;
    failedAt = Math.min(failedAt, k);
    for (const slot of slots) if (slot.task !== undefined && slot.task > failedAt) stop(slot);
    notify();
  };

  const assign = (slot: Slot): void => {
    slot.task = undefined;
    if (slot.gone) return;
    if (next >= tasks.length || next > failedAt) {
      stop(slot);
      return;
    }
    const k = next++;
    const t = tasks[k];
    if (t === undefined) return;
    slot.task = k;
    const m: ToWorker = { type: 'task', task: k, module: t.module, fn: t.fn, args: t.args };
    try {
      slot.worker.postMessage(m);
    } catch (e) {
      fail(k, new Error(`${what(k)}: its arguments cannot be sent to a worker thread: ${(e as Error).message}`));
    }
  };

  const spawn = (): Slot => {
    const worker = new Worker(options.workerUrl ?? workerEntry(), { workerData: setup, ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}) });
    const slot: Slot = { worker, task: undefined, gone: false };
    worker.on('message', (m: FromWorker) => {
      const s = state[m.task];
      if (s === undefined || slot.gone) return;
      if (m.type === 'items') (ordered ? s.batches : arrivals).push({ items: m.items as T[], slot });
      else if (m.type === 'done') {
        s.done = true;
        assign(slot);
      } else {
        fail(m.task, reviveError(m.error, what(m.task)));
        assign(slot);
      }
      notify();
    });
    const lost = (why: string): void => {
      if (slot.gone) return;
      const k = slot.task ?? next;
      slot.gone = true;
      slot.task = undefined;
      fail(Math.min(k, tasks.length - 1), new Error(`${what(k)} failed: its worker thread ${why}`));
    };
    worker.on('error', (e: Error) => lost(`stopped with an error: ${e.message}`));
    worker.on('messageerror', (e: Error) => lost(`sent a message that could not be read: ${e.message}`));
    worker.on('exit', (code) => lost(`exited with code ${code}`));
    return slot;
  };

  try {
    for (let i = 0; i < Math.min(options.jobs, tasks.length); i++) {
      const slot = spawn();
      slots.push(slot);
      assign(slot);
    }
    while (!ordered) {
      const b = arrivals.shift();
      if (b !== undefined) {
        for (const item of b.items) yield item;
        if (!b.slot.gone) b.slot.worker.postMessage({ type: 'ack' } satisfies ToWorker);
        continue;
      }
      const failed = state[failedAt];
      if (failed?.failure !== undefined) throw failed.failure;
      if (state.every((t) => t.done)) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    for (let h = 0; ordered && h < tasks.length; ) {
      const s = state[h];
      if (s === undefined) break;
      const b = s.batches.shift();
      if (b !== undefined) {
        for (const item of b.items) yield item;
        // Every item of the batch was taken: its worker may send another.
        if (!b.slot.gone) b.slot.worker.postMessage({ type: 'ack' } satisfies ToWorker);
        continue;
      }
      if (s.failure !== undefined) throw s.failure;
      if (s.done) {
        h++;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    await Promise.all(
      slots.map((slot) => {
        slot.gone = true;
        return slot.worker.terminate();
      }),
    );
  }
}

/**
 * [0, total) cut into `pieces` consecutive [start, end) ranges whose sizes differ by one at most (fewer when
 * total is smaller; none for 0): index ranges of pass 2 as tasks, several per worker so that no worker idles.
 */
export function indexRanges(total: number, pieces: number): [number, number][] {
  const n = Math.max(0, Math.min(Math.floor(total), Math.floor(pieces)));
  const out: [number, number][] = [];
  for (let k = 0; k < n; k++) out.push([Math.floor((k * total) / n), Math.floor(((k + 1) * total) / n)]);
  return out;
}

/** runOrdered's items in an array (tests, small results). */
export async function collectOrdered<T>(tasks: readonly PoolTask[], options: PoolOptions): Promise<T[]> {
  const out: T[] = [];
  for await (const item of runOrdered<T>(tasks, options)) out.push(item);
  return out;
}
