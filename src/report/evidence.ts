import type { CheckReport, CheckResult, Compliance } from '../core/verdict.js';
import { cmpNatural, lastSegment, metaOf, sortForReading } from './common.js';
import { type Control, controlId, controlOf } from './controls.js';
import type { ReportOptions, SetDefinition } from './options.js';
import { type Severity, severityOf } from './severity.js';

/**
 * What the assessor's formats (md, html, oscal) share: results per control, counts reconciled with the
 * initiative, and the short ids and severities every format shows the same way.
 */

export const UNGROUPED = 'Ungrouped';

/** The id a person reads: a baseline rule's (`IL5-KV-001`) or a definition's GUID. */
export function shortId(r: CheckResult): string {
  return r.ruleId ?? lastSegment(r.policyDefinitionId);
}

/**
 * `…/vaults/kv1` → `kv1`, `…/subnets/a` → `vnet/a`: a resource's name as ARM writes it; for an extension
 * resource (`…/vaults/kv1/providers/Microsoft.Insights/diagnosticSettings/d`) its own name, `d`.
 */
export function resourceName(id: string): string {
  const m = /.*\/providers\/[^/]+\/[^/]+\/(.+)$/i.exec(id);
  if (!m?.[1]) return lastSegment(id);
  return m[1].split('/').filter((_, i) => i % 2 === 0).join('/');
}

export function severityOfResult(r: CheckResult, options: ReportOptions): Severity {
  return severityOf(r, metaOf(r, options).groups);
}

export function emptyCounts(): Record<Compliance, number> {
  return { NonCompliant: 0, Unknown: 0, Exempt: 0, NotApplicable: 0, Compliant: 0 };
}

export interface ControlRollup {
  /** `AC-3`, or a group name of another form, or UNGROUPED */
  label: string;
  control?: Control;
  /** The group names merged under it (`DoD_IL5_R4_AC-3`, `AC-3`). */
  groups: string[];
  counts: Record<Compliance, number>;
  /** In reading order (sortForReading). */
  results: CheckResult[];
}

/**
 * One entry per control, in control order (AC-2, AC-2(1), AC-10, SC-7…): a set's `DoD_IL5_R4_AC-3` and a
 * rule's NIST `AC-3` are the same control, and a result filed under both appears once in it. A result
 * under several controls appears under each: an assessor reads by control.
 */
export function rollupByControl(results: readonly CheckResult[], options: ReportOptions): ControlRollup[] {
  const rollup = new ControlRollupBuilder(options, true);
  for (const r of sortForReading(results, options)) rollup.see(r);
  return rollup.rollup();
}

/**
 * rollupByControl shown its results one at a time: with `keepResults` false (a report written from disk,
 * markdown's roll-up, which reads only the counts) nothing grows with the results, and the order they come
 * in does not matter; with it, each control's `results` are in the order seen.
 */
export class ControlRollupBuilder {
  private readonly byControl = new Map<string, { groups: Set<string>; counts: Record<Compliance, number>; results: CheckResult[] }>();
  constructor(
    private readonly options: ReportOptions,
    private readonly keepResults: boolean,
  ) {}
  see(r: CheckResult): void {
    const groups = metaOf(r, this.options).groups;
    const controls = new Map<string, string[]>();
    for (const g of groups.length ? groups : [UNGROUPED]) {
      const c = g === UNGROUPED ? UNGROUPED : controlId(g);
      controls.set(c, [...(controls.get(c) ?? []), g]);
    }
    for (const [c, names] of controls) {
      const entry = this.byControl.get(c) ?? { groups: new Set<string>(), counts: emptyCounts(), results: [] };
      for (const n of names) entry.groups.add(n);
      entry.counts[r.compliance] += 1;
      if (this.keepResults) entry.results.push(r);
      this.byControl.set(c, entry);
    }
  }
  rollup(): ControlRollup[] {
    const labels = [...this.byControl.keys()].sort((a, b) => (a === UNGROUPED ? 1 : b === UNGROUPED ? -1 : cmpNatural(a, b)));
    return labels.map((label) => {
      const e = this.byControl.get(label) ?? { groups: new Set<string>(), counts: emptyCounts(), results: [] };
      const control = label === UNGROUPED ? undefined : controlOf(label);
      return { label, ...(control ? { control } : {}), groups: [...e.groups].sort(cmpNatural), counts: e.counts, results: e.results };
    });
  }
}

export interface Reconciliation {
  /** Definitions in the initiative. */
  total: number;
  /** Offline-decidable definitions with at least one applicable verdict. */
  evaluated: SetDefinition[];
  /** Offline-decidable definitions no resource of the input falls under. */
  notApplicable: SetDefinition[];
  /** Definitions that need live data (or are disabled), with why. */
  notEvaluable: SetDefinition[];
}

/**
 * The initiative's definitions split three ways, so that evaluated + not applicable + not evaluable offline
 * equals the number of definitions in the initiative (186 in DoD IL5 19.15.0).
 */
export function reconcile(report: CheckReport, definitions: readonly SetDefinition[]): Reconciliation {
  const applicable = new Set<string>();
  for (const r of report.results) seeApplicable(applicable, r);
  return reconcileWith(applicable, definitions);
}

/** Adds a result's definition (lower case) to the definitions with an applicable verdict, if it is one. */
export function seeApplicable(applicable: Set<string>, r: CheckResult): void {
  if (r.compliance !== 'NotApplicable') applicable.add(r.policyDefinitionId.toLowerCase());
}

/** reconcile, given the definitions with an applicable verdict (lower case; `seeApplicable`). */
export function reconcileWith(applicable: ReadonlySet<string>, definitions: readonly SetDefinition[]): Reconciliation {
  const out: Reconciliation = { total: definitions.length, evaluated: [], notApplicable: [], notEvaluable: [] };
  for (const d of definitions) {
    if (d.category !== 'offline') out.notEvaluable.push(d);
    else if (applicable.has(d.policyDefinitionId.toLowerCase())) out.evaluated.push(d);
    else out.notApplicable.push(d);
  }
  return out;
}

/**
 * A baseline rule mirrors one Microsoft definition (its result carries that definition's id); when both
 * ran over the same resource they say the same thing. Keeps the baseline rule's result (it has the
 * remediation, the severity and the rule's docs) and drops the definition's, for each (resource,
 * definition) pair judged by both. Returns the kept results and, by kept result, the dropped definition's
 * short id.
 */
export function mergeMirrors(results: readonly CheckResult[]): { results: CheckResult[]; mirrored: Map<CheckResult, string> } {
  const key = (r: CheckResult): string => `${r.resourceId.toLowerCase()}|${r.policyDefinitionId.toLowerCase()}`;
  const baseline = new Map<string, CheckResult>();
  for (const r of results) if (r.ruleId && r.ruleId !== r.policyDefinitionId) baseline.set(key(r), r);
  const mirrored = new Map<CheckResult, string>();
  const kept: CheckResult[] = [];
  for (const r of results) {
    const b = !r.ruleId ? baseline.get(key(r)) : undefined;
    // Only when they agree: a disagreement is worth two results (and a bug report).
    if (b && b.compliance === r.compliance) {
      mirrored.set(b, lastSegment(r.policyDefinitionId));
      continue;
    }
    kept.push(r);
  }
  return { results: kept, mirrored };
}

