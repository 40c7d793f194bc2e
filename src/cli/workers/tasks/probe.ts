/**
 * Tasks that exercise the worker pool itself (its order, flow control and failures): the pool's tests and
 * `npm run bench pool` drive them. They compute nothing of il5ml's; they are in the allowlist (tasks.ts)
 * because a worker runs nothing else.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CheckResult } from '../../../core/verdict.js';
import { UserInputError, type Diagnostic } from '../../../core/diagnostic.js';
import type { Emit, TaskFn } from '../protocol.js';

export interface SequenceArgs {
  /** Items are `${label}:${i}` for i from 0 to count - 1. */
  label: string;
  count: number;
  /** [index, milliseconds]: wait that long before emitting item `index`. */
  pauses?: readonly (readonly [number, number])[];
  /** Int32Array(buffer)[0] counts the items emitted so far (a test watches the flow control with it). */
  counter?: SharedArrayBuffer;
}

const sequence: TaskFn<SequenceArgs, string> = async (args, emit) => {
  const pauses = new Map(args.pauses ?? []);
  const counter = args.counter ? new Int32Array(args.counter) : undefined;
  for (let i = 0; i < args.count; i++) {
    const ms = pauses.get(i);
    if (ms !== undefined) await sleep(ms);
    const wait = emit(`${args.label}:${i}`);
    if (counter) Atomics.add(counter, 0, 1);
    if (wait) await wait;
  }
};

/** A CheckResult as the evaluators make them (bench: the cost of moving results between threads). */
export function sampleResult(i: number): CheckResult {
  return {
    policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${String(i % 97).padStart(8, '0')}-0000-0000-0000-000000000000`,
    displayName: 'Azure Key Vault should have purge protection enabled',
    policySetDefinitionId: '/providers/Microsoft.Authorization/policySetDefinitions/f9a961fa-3241-4b20-adc4-bbf8ad9d7197',
    resourceId: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-${i % 50}/providers/Microsoft.KeyVault/vaults/kv${i}`,
    resourceType: 'Microsoft.KeyVault/vaults',
    compliance: i % 4 === 0 ? 'NonCompliant' : 'Compliant',
    effect: 'audit',
    reason: `field 'properties.enablePurgeProtection' is ${i % 4 === 0 ? 'false' : 'true'}`,
    groups: ['DoD_IL5_R4_SC-28(1)', 'DoD_IL5_R4_CM-6'],
    source: { file: 'estate.json', line: i + 2, column: 3 },
    ...(i % 4 === 0 ? { remediation: 'Set properties.enablePurgeProtection to true.' } : {}),
  };
}

const results: TaskFn<{ from: number; count: number }, CheckResult> = async (args, emit) => {
  for (let i = args.from; i < args.from + args.count; i++) {
    const wait = emit(sampleResult(i));
    if (wait) await wait;
  }
};

export interface FailArgs {
  /** Items emitted first (`fail:${i}`). */
  after: number;
  how: 'user' | 'error' | 'range' | 'exit' | 'uncaught';
  diagnostics?: Diagnostic[];
}

const fail: TaskFn<FailArgs, string> = async (args, emit: Emit<string>) => {
  for (let i = 0; i < args.after; i++) await emit(`fail:${i}`);
  switch (args.how) {
    case 'user':
      throw new UserInputError(args.diagnostics ?? []);
    case 'range':
      throw new RangeError('Maximum call stack size exceeded');
    case 'exit':
      process.exit(7);
      break;
    case 'uncaught':
      // Thrown outside the task's promise: the worker thread itself dies.
      setTimeout(() => {
        throw new Error('probe: uncaught in the worker');
      }, 0);
      await sleep(60_000);
      break;
    default:
      throw new Error('probe: the task failed');
  }
};

/**
 * Loads the engines a check's worker would (the baseline, the policy engine, the estate driver) and emits
 * nothing: `npm run bench pool` times a worker's start-up with them. Fixed imports, not paths from data.
 */
const engines: TaskFn<Record<string, never>, never> = async () => {
  await Promise.all([import('../../../baseline/index.js'), import('../../../policy/index.js'), import('../../../policy/estate.js')]);
};

export const tasks = { sequence, results, fail, engines };
