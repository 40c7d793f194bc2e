/**
 * The messages between the worker pool (pool.ts, main thread) and its worker threads (worker.ts), and the
 * task contract (issue 12, "every core"). Plain data only: everything crosses by structured clone.
 *
 * Flow control is by credit: a worker starts with `credit` batches it may send; each batch it sends costs
 * one, and the pool gives one back (`ack`) once the caller has taken every item of that batch. A worker out
 * of credit holds its next batch and its task waits (the promise `emit` returns) — so at most
 * jobs × credit × batchSize items are ever in flight, however slow the caller.
 */

/**
 * Hands one item to the caller. Returns a promise when the worker is out of credit: the task must await it
 * before emitting more. From a synchronous callback (an evaluator's `emit`), keep the promise and await it
 * after the call: `let w; pass.evaluate(r, i, (x) => { w = emit(x) ?? w; }); if (w) await w;`.
 */
export type Emit<T> = (item: T) => Promise<void> | undefined;

/**
 * A task function: runs in a worker thread on plain-data `args` (no functions, no class instances: state such
 * as compiled policies is rebuilt in the worker from the same files) and emits its items in order.
 * A thrown UserInputError reaches the caller as the same UserInputError (its diagnostics).
 *
 * A worker runs its tasks one at a time and lives for the whole iteration, so a task module may keep state
 * between the tasks one worker runs — e.g. a check's pass 1 over all inputs, made on the worker's first task
 * and reused for each index range of pass 2 — keyed by the args it was built from.
 */
export type TaskFn<A = never, T = unknown> = (args: A, emit: Emit<T>) => Promise<void>;

/** A task module (src/cli/workers/tasks/*.ts) exports its task functions by name. */
export interface TaskModule {
  readonly tasks: Readonly<Record<string, TaskFn<never, unknown>>>;
}

export interface WorkerSetup {
  /** Batches a worker may have sent and not had acknowledged. */
  credit: number;
  /** Items a batch holds at most. */
  batchSize: number;
}

/** Main thread → worker. */
export type ToWorker = { type: 'task'; task: number; module: string; fn: string; args: unknown } | { type: 'ack' };

/** An error as it crosses the thread boundary: a user's error keeps its diagnostics. */
export type WireError = { kind: 'user'; diagnostics: unknown[] } | { kind: 'error'; name: string; message: string; stack?: string };

/** Worker → main thread. */
export type FromWorker = { type: 'items'; task: number; items: unknown[] } | { type: 'done'; task: number } | { type: 'error'; task: number; error: WireError };
