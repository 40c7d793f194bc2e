import { expect, it } from 'vitest';
import type { AzureResource } from '../../src/core/resource.js';
import { indexResources } from '../../src/baseline/resource-index.js';
import type { BaselineRule, RuleOutcome } from '../../src/baseline/types.js';
import { guardedIndex } from './guard.js';

/**
 * One row of a rule's table: the resource judged, the other resources of the input, and the exact
 * verdict and reason expected, with where the expectation comes from (the definition's condition, a
 * Learn page, the runbook).
 */
export interface Row {
  name: string;
  resource: AzureResource;
  others?: AzureResource[];
  expect: RuleOutcome['compliance'];
  reason: string;
  source: string;
}

/**
 * `noUnknown` / `noNotApplicable`: why the rule can never give that verdict (it reads only what is always
 * known, such as the type; it applies to every resource).
 */
export function table(rule: BaselineRule, rows: Row[], opts: { noUnknown?: string; noNotApplicable?: string } = {}): void {
  const kinds = new Set(rows.map((r) => r.expect));
  const wanted = [
    'Compliant',
    'NonCompliant',
    ...(opts.noNotApplicable === undefined ? ['NotApplicable'] : []),
    ...(opts.noUnknown === undefined ? ['Unknown'] : []),
  ];
  it(`${rule.id} has rows for ${wanted.join(', ')}`, () => {
    expect([...kinds].filter((k) => wanted.includes(k)).sort()).toEqual(wanted.sort());
  });
  for (const row of rows) {
    it(`${rule.id}: ${row.name} -> ${row.expect}`, () => {
      // Guarded: a lookup of a type the rule does not declare in `reads` fails the row (the two-pass check keeps only those).
      const all = guardedIndex(rule, indexResources([row.resource, ...(row.others ?? [])]));
      expect(rule.evaluate(row.resource, all)).toEqual({ compliance: row.expect, reason: row.reason });
    });
  }
}

/** A copy of `r` with the dotted path set (objects created on the way); `undefined` deletes it. */
export function set(r: AzureResource, path: string, value: unknown): AzureResource {
  const copy = structuredCloneKeepingUnknowns(r) as AzureResource;
  const parts = path.split('.');
  let cur = copy as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1] ?? '';
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return copy;
}

/** Deep copy that keeps Unknown instances (structuredClone would turn them into plain objects). */
function structuredCloneKeepingUnknowns(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(structuredCloneKeepingUnknowns);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = structuredCloneKeepingUnknowns(x);
    return out;
  }
  return v;
}

/** A resource of another type, for not-applicable rows. */
export const otherType: AzureResource = {
  id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-il5ml/providers/Microsoft.Network/publicIPAddresses/pip-bastion',
  type: 'Microsoft.Network/publicIPAddresses',
  name: 'pip-bastion',
  location: 'usgovvirginia',
  properties: { publicIPAllocationMethod: 'Static' },
};
