import { expect } from 'vitest';
import type { AzureResource } from '../../src/core/resource.js';
import type { CheckResult } from '../../src/core/verdict.js';
import { evaluateDetailed, PolicyPass, type PolicyAssignment, type PolicyPassOptions } from '../../src/policy/evaluate.js';
import type { Estate } from '../../src/policy/related.js';
import { fresh } from './fresh.js';

export type Order = 'forward' | 'reverse' | 'shuffled';

/** The indexes 0..n-1 in an order (shuffled: a fixed permutation, so that a failure repeats). */
export function indexOrder(n: number, order: Order): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  if (order === 'reverse') out.reverse();
  if (order === 'shuffled') {
    let seed = 12345;
    for (let i = n - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const j = seed % (i + 1);
      const t = out[i] as number;
      out[i] = out[j] as number;
      out[j] = t;
    }
  }
  return out;
}

export interface PassRun {
  /** Results of each resource, by index. */
  perResource: CheckResult[][];
  kept: number;
  pass: PolicyPass;
}

/**
 * see-all / finish / evaluate-each, as the two-pass driver does it: the kept object itself back to
 * evaluate(), a fresh copy of every other resource (it was dropped after see).
 */
export function runPass(resources: readonly AzureResource[], assignments: readonly PolicyAssignment[], order: Order, options: PolicyPassOptions = {}): PassRun {
  const pass = new PolicyPass(assignments, options);
  const keptAt = resources.map((r) => pass.see(r));
  pass.finish();
  const perResource: CheckResult[][] = resources.map(() => []);
  for (const i of indexOrder(resources.length, order)) {
    const r = resources[i] as AzureResource;
    const out = perResource[i] as CheckResult[];
    pass.evaluate(keptAt[i] ? r : fresh(r), i, (x) => out.push(x));
  }
  return { perResource, kept: keptAt.filter(Boolean).length, pass };
}

/** Two-pass results equal evaluateDetailed's on the whole array: per resource, field for field, and in all. */
export function expectPassEquivalent(resources: readonly AzureResource[], assignments: readonly PolicyAssignment[], now?: string, options: PolicyPassOptions = {}): PassRun[] {
  const whole = evaluateDetailed(resources, assignments, { ...(now === undefined ? {} : { now }), ...(options.project === undefined ? {} : { project: options.project }) });
  const runs: PassRun[] = [];
  for (const order of ['forward', 'reverse', 'shuffled'] as const) {
    const run = runPass(resources, assignments, order, { ...options, ...(now === undefined ? {} : { now }) });
    // Per resource: evaluateDetailed gives each resource's results together, in input order.
    let at = 0;
    run.perResource.forEach((got, i) => {
      const want = whole.results.slice(at, at + got.length);
      expect(got, `${order}: resource ${i} ${resources[i]?.id ?? ''}`).toStrictEqual(want);
      at += got.length;
    });
    expect(at, `${order}: every result of evaluateDetailed`).toBe(whole.results.length);
    expect(run.pass.diagnostics).toStrictEqual(whole.diagnostics);
    expect(run.pass.projections).toStrictEqual(whole.projections);
    runs.push(run);
  }
  return runs;
}

/** An estate view that fails the test when a lookup asks for, or hands back, a type that was not declared. */
export function guardedEstate(reads: ReadonlySet<string> | 'all', asked: Set<string> = new Set()): (e: Estate) => Estate {
  const check = (type: string, what: string): void => {
    const t = type.toLowerCase();
    asked.add(t);
    if (reads !== 'all' && !reads.has(t)) throw new Error(`${what}: type ${t} is not in policyReads`);
  };
  return (e) => ({
    ...e,
    byId: (id) => {
      const r = e.byId(id);
      if (r) check(r.type, `byId(${id})`);
      return r;
    },
    inGroup: (t, g) => {
      check(t, 'inGroup');
      return e.inGroup(t, g);
    },
    inSubscription: (t, s) => {
      check(t, 'inSubscription');
      return e.inSubscription(t, s);
    },
    descendantsOfType: (id, t) => {
      check(t, 'descendantsOfType');
      return e.descendantsOfType(id, t);
    },
  });
}
