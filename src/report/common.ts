import type { CheckResult, Compliance } from '../core/verdict.js';
import type { PolicyMeta, ReportOptions } from './options.js';

/**
 * Reading order of verdicts in every human format: what needs action first. The two a table leaves out
 * unless asked (shownInTable) are last, so a table stops reading at the first of them.
 */
export const COMPLIANCE_ORDER: readonly Compliance[] = ['NonCompliant', 'Unknown', 'Exempt', 'NotApplicable', 'Compliant'];

/** Code-unit order (never locale order: output must not depend on the machine's locale). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Case-insensitive first, then exact, so that the order is total and stable. */
export function cmpi(a: string, b: string): number {
  return cmp(a.toLowerCase(), b.toLowerCase()) || cmp(a, b);
}

/** Numbers inside strings compare as numbers: AC-2 < AC-2(1) < AC-10. */
export function cmpNatural(a: string, b: string): number {
  const split = (s: string): (string | number)[] => s.split(/(\d+)/).map((p, i) => (i % 2 ? Number(p) : p.toLowerCase()));
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    return cmp(String(p), String(q));
  }
  return cmp(a, b);
}

/** The id a result is reported under: the baseline rule id, else the policy definition id. */
export function ruleKey(r: CheckResult): string {
  return r.ruleId ?? r.policyDefinitionId;
}

/** Last segment of an id (`…/policyDefinitions/<guid>` → `<guid>`, `…/vaults/kv1` → `kv1`). */
export function lastSegment(id: string): string {
  const parts = id.split('/').filter((p) => p !== '');
  return parts[parts.length - 1] ?? id;
}

export interface ResolvedMeta {
  displayName: string;
  description?: string;
  groups: string[];
  severity?: 'high' | 'medium' | 'low';
  helpUri?: string;
  portalUri?: string;
  remediation?: string;
  synopsis?: string;
}

/** Policy metadata by lower-cased id, built once per metadata object (reports can hold millions of results). */
const lowerCache = new WeakMap<object, Map<string, PolicyMeta>>();

function lookupMeta(options: ReportOptions, keys: readonly string[]): PolicyMeta | undefined {
  const policies = options.policies;
  if (!policies) return undefined;
  for (const k of keys) {
    const exact = Object.hasOwn(policies, k) ? policies[k] : undefined;
    if (exact) return exact;
  }
  let lower = lowerCache.get(policies);
  if (!lower) {
    lower = new Map();
    // Sorted so that, of two ids differing only in case, the same one always wins.
    for (const k of Object.keys(policies).sort()) {
      const m = policies[k];
      if (m && !lower.has(k.toLowerCase())) lower.set(k.toLowerCase(), m);
    }
    lowerCache.set(policies, lower);
  }
  for (const k of keys) {
    const m = lower.get(k.toLowerCase());
    if (m) return m;
  }
  return undefined;
}

/** Items grouped by key, each group in input order (push, never copy: groups can be large). */
export function groupBy<T>(items: Iterable<T>, key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

/** metaOf per (options, result): the assessor's formats ask for it several times per result (sort, roll-up, row). */
const metaCache = new WeakMap<ReportOptions, WeakMap<CheckResult, ResolvedMeta>>();

/** What a result says about itself, completed from the options' metadata for its definition or rule. */
export function metaOf(r: CheckResult, options: ReportOptions): ResolvedMeta {
  let cache = metaCache.get(options);
  if (!cache) {
    cache = new WeakMap();
    metaCache.set(options, cache);
  }
  const hit = cache.get(r);
  if (hit) return hit;
  const resolved = resolveMeta(r, options);
  cache.set(r, resolved);
  return resolved;
}

function resolveMeta(r: CheckResult, options: ReportOptions): ResolvedMeta {
  const m = lookupMeta(options, r.ruleId ? [r.ruleId, r.policyDefinitionId] : [r.policyDefinitionId]) ?? {};
  const groups = [...new Set(r.groups ?? m.groups ?? [])].sort(cmpNatural);
  const severity = r.severity ?? m.severity;
  const remediation = r.remediation ?? m.remediation;
  return {
    displayName: r.displayName ?? m.displayName ?? lastSegment(ruleKey(r)),
    ...(m.description !== undefined ? { description: m.description } : {}),
    groups,
    ...(severity !== undefined ? { severity } : {}),
    ...(m.helpUri !== undefined ? { helpUri: m.helpUri } : {}),
    ...(m.portalUri !== undefined ? { portalUri: m.portalUri } : {}),
    ...(m.synopsis !== undefined ? { synopsis: m.synopsis } : {}),
    ...(remediation !== undefined ? { remediation } : {}),
  };
}

/** Verdict order, then definition, resource and set: one total order for every human format. */
export function sortForReading(results: readonly CheckResult[], options: ReportOptions): CheckResult[] {
  const rank = (c: Compliance): number => COMPLIANCE_ORDER.indexOf(c);
  const names = new Map<CheckResult, string>(results.map((r) => [r, metaOf(r, options).displayName]));
  const name = (r: CheckResult): string => names.get(r) ?? '';
  return [...results].sort(
    (a, b) =>
      rank(a.compliance) - rank(b.compliance) ||
      cmpi(name(a), name(b)) ||
      cmpi(ruleKey(a), ruleKey(b)) ||
      cmpi(a.resourceId, b.resourceId) ||
      cmpi(a.policySetDefinitionId ?? '', b.policySetDefinitionId ?? '') ||
      cmpi(a.policyDefinitionReferenceId ?? '', b.policyDefinitionReferenceId ?? '') ||
      cmp(a.reason, b.reason),
  );
}

/** Canonical order for machine formats: resource, definition, set, reference (case-insensitive first). */
export function sortCanonical(results: readonly CheckResult[]): CheckResult[] {
  // Keys computed once per result, not per comparison: reports can hold millions of results.
  const keyed = results.map((r) => {
    const parts = [r.resourceId, ruleKey(r), r.policySetDefinitionId ?? '', r.policyDefinitionReferenceId ?? ''];
    return { r, lower: parts.map((p) => p.toLowerCase()), exact: parts };
  });
  keyed.sort((a, b) => {
    for (let i = 0; i < a.lower.length; i++) {
      const c = cmp(a.lower[i] ?? '', b.lower[i] ?? '') || cmp(a.exact[i] ?? '', b.exact[i] ?? '');
      if (c) return c;
    }
    return cmp(a.r.compliance, b.r.compliance) || cmp(a.r.reason, b.r.reason);
  });
  return keyed.map((k) => k.r);
}

export function formatSource(r: CheckResult): string {
  return r.source ? `${r.source.file}:${r.source.line}:${r.source.column}` : '';
}

/** `Compliant 3, NonCompliant 1, …` in verdict order, for summary lines. */
export function summaryLine(byCompliance: Record<Compliance, number>): string {
  return COMPLIANCE_ORDER.map((c) => `${c} ${byCompliance[c]}`).join(', ');
}
