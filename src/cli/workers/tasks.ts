/**
 * The task modules a worker thread may run, by name: the only code a task message can reach (a message
 * names one of these, never an import path). Each is loaded on its first task, in the worker only.
 */
import type { TaskModule } from './protocol.js';

export const TASK_MODULES = {
  /** The baseline over a resource file, for a slice of the rules (tasks/baseline-rules.ts). */
  'baseline-rules': (): Promise<TaskModule> => import('./tasks/baseline-rules.js'),
  /** A check's evaluation over a range of its resources (tasks/check.ts). */
  check: (): Promise<TaskModule> => import('./tasks/check.js'),
  /** Tasks that exercise the pool itself: sequences, delays, failures (tasks/probe.ts; tests and benches). */
  probe: (): Promise<TaskModule> => import('./tasks/probe.js'),
} as const;

export type TaskModuleName = keyof typeof TASK_MODULES;
