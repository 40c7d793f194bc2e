/**
 * A worker thread of the pool (pool.ts): runs the tasks the pool sends it, one at a time, and streams each
 * task's items back in batches, within its credit (protocol.ts). An entry point of the CLI's bundle
 * (dist/cli/bundle/worker.js) and of tsc's output (dist/cli/workers/worker.js); pool.ts finds it beside
 * itself. A task names a module of the allowlist (tasks.ts) and a function it exports: nothing else runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, TaskModule, ToWorker, WireError, WorkerSetup } from './protocol.js';
import { TASK_MODULES } from './tasks.js';

const port = parentPort;
if (port === null) throw new Error('internal: the pool worker (src/cli/workers/worker.ts) runs in a worker thread only');
const setup = workerData as WorkerSetup;

let credit = setup.credit;
/** Full batches waiting for credit, oldest first. */
const held: unknown[][] = [];
/** Tasks waiting for `held` to empty. */
let waiters: (() => void)[] = [];

function post(m: FromWorker): void {
  port?.postMessage(m);
}

function send(task: number, items: unknown[]): void {
  if (credit > 0 && held.length === 0) {
    credit--;
    post({ type: 'items', task, items });
  } else {
    held.push(items);
  }
}

/** Sends what credit allows; wakes the task once nothing is held. */
function release(task: number): void {
  while (credit > 0 && held.length > 0) {
    const items = held.shift();
    if (items === undefined) break;
    credit--;
    post({ type: 'items', task, items });
  }
  if (held.length === 0) {
    const w = waiters;
    waiters = [];
    for (const wake of w) wake();
  }
}

function drained(): Promise<void> | undefined {
  return held.length === 0 ? undefined : new Promise((resolve) => waiters.push(resolve));
}

function wireError(e: unknown): WireError {
  // A UserInputError (core/diagnostic.ts) by shape: its diagnostics are plain data.
  if (e instanceof Error && e.name === 'UserInputError' && Array.isArray((e as { diagnostics?: unknown }).diagnostics)) {
    return { kind: 'user', diagnostics: (e as unknown as { diagnostics: unknown[] }).diagnostics };
  }
  if (e instanceof Error) return { kind: 'error', name: e.name, message: e.message, ...(e.stack !== undefined ? { stack: e.stack } : {}) };
  return { kind: 'error', name: 'Error', message: `a value that is not an Error was thrown: ${String(e)}` };
}

async function taskFunction(module: string, fn: string): Promise<(args: unknown, emit: (item: unknown) => Promise<void> | undefined) => Promise<void>> {
  const load = Object.hasOwn(TASK_MODULES, module) ? TASK_MODULES[module as keyof typeof TASK_MODULES] : undefined;
  if (load === undefined) throw new Error(`internal: no task module ${JSON.stringify(module)} (known: ${Object.keys(TASK_MODULES).join(', ')})`);
  const mod: TaskModule = await load();
  const f = Object.hasOwn(mod.tasks, fn) ? mod.tasks[fn] : undefined;
  if (typeof f !== 'function') throw new Error(`internal: task module ${module} has no task ${JSON.stringify(fn)} (known: ${Object.keys(mod.tasks).join(', ')})`);
  return f as (args: unknown, emit: (item: unknown) => Promise<void> | undefined) => Promise<void>;
}

async function run(m: Extract<ToWorker, { type: 'task' }>): Promise<void> {
  const { task } = m;
  let batch: unknown[] = [];
  try {
    const f = await taskFunction(m.module, m.fn);
    await f(m.args, (item) => {
      batch.push(item);
      if (batch.length < setup.batchSize) return undefined;
      const full = batch;
      batch = [];
      send(task, full);
      return drained();
    });
    if (batch.length > 0) send(task, batch);
    batch = [];
    await drained();
    post({ type: 'done', task });
  } catch (e) {
    // The items emitted before the failure go first, as one thread would have handed them on before
    // throwing (beyond the credit by these batches only: the task emits no more).
    if (batch.length > 0) held.push(batch);
    for (const items of held.splice(0)) {
      // Below zero until the caller takes them: credit stays what it was set to.
      credit--;
      post({ type: 'items', task, items });
    }
    release(task);
    let error = wireError(e);
    try {
      post({ type: 'error', task, error });
    } catch (cloneFailure) {
      // Diagnostics that cannot be cloned: the message still reaches the caller.
      error = { kind: 'error', name: 'Error', message: `${e instanceof Error ? e.message : String(e)} (and the error could not be sent: ${(cloneFailure as Error).message})` };
      post({ type: 'error', task, error });
    }
  }
}

let current = -1;
port.on('message', (m: ToWorker) => {
  if (m.type === 'ack') {
    credit++;
    release(current);
    return;
  }
  current = m.task;
  void run(m);
});
