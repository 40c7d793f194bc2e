/**
 * Coverage: for the definitions given, which ones il5ml can evaluate offline from a template or a
 * resource list, and which need data that exists only in running Azure.
 */
import { DATA_PLANE_MODES, LIVE_TYPES, type PolicyAssignment } from './evaluate.js';

export type CoverageCategory =
  /** Decided from the resources given. */
  | 'offline'
  /** Effect `disabled` with the parameters given: Azure does not evaluate it either. */
  | 'disabled'
  /** A resource-provider mode (Microsoft.Kubernetes.Data…): objects inside the service. */
  | 'data-plane'
  /** Guest Configuration: settings inside a machine's operating system. */
  | 'guest-configuration'
  /** Microsoft Defender for Cloud assessments, written after Defender scans the resource. */
  | 'defender-assessment'
  /** `manual`: attested by a person. */
  | 'manual'
  /** The rule could not be compiled (reported Unknown with the reason). */
  | 'not-evaluable';

export interface CoverageEntry {
  policyDefinitionId: string;
  displayName: string;
  effect: string;
  mode: string;
  category: CoverageCategory;
  offline: boolean;
  reason: string;
}

export interface CoverageReport {
  entries: CoverageEntry[];
  counts: Record<CoverageCategory, number>;
  offline: number;
  live: number;
  total: number;
}

function mentions(v: unknown, needle: string): boolean {
  return JSON.stringify(v ?? null).toLowerCase().includes(needle);
}

export function classify(a: PolicyAssignment): { category: CoverageCategory; reason: string } {
  const mode = a.definition.mode.toLowerCase();
  if (a.effect === 'disabled') return { category: 'disabled', reason: 'effect is disabled with these parameters: not evaluated' };
  if (a.modeKind === 'data') {
    const m = DATA_PLANE_MODES[mode];
    return { category: 'data-plane', reason: `mode ${a.definition.mode} evaluates ${m?.what ?? 'objects inside the service'}` };
  }
  if (!a.condition || a.problems.length || !a.effect) {
    return { category: 'not-evaluable', reason: a.effectProblem ?? a.problems.join('; ') };
  }
  if (a.effect === 'manual') return { category: 'manual', reason: 'compliance is attested by a person' };
  const t = a.details?.type.toLowerCase();
  if (t === 'microsoft.guestconfiguration/guestconfigurationassignments' || mentions(a.definition.policyRule.if, 'microsoft.guestconfiguration/')) {
    return { category: 'guest-configuration', reason: LIVE_TYPES['microsoft.guestconfiguration/guestconfigurationassignments'] ?? '' };
  }
  if (t === 'microsoft.security/assessments') return { category: 'defender-assessment', reason: LIVE_TYPES['microsoft.security/assessments'] ?? '' };
  return { category: 'offline', reason: a.details ? `existence of ${a.details.type} is read from the input` : 'decided from the resource properties' };
}

export function coverage(assignments: readonly PolicyAssignment[]): CoverageReport {
  const counts: Record<CoverageCategory, number> = {
    offline: 0,
    disabled: 0,
    'data-plane': 0,
    'guest-configuration': 0,
    'defender-assessment': 0,
    manual: 0,
    'not-evaluable': 0,
  };
  const seen = new Set<string>();
  const entries: CoverageEntry[] = [];
  for (const a of assignments) {
    const key = `${a.definition.name.toLowerCase()}|${a.set?.id ?? ''}|${a.reference?.policyDefinitionReferenceId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const c = classify(a);
    counts[c.category] += 1;
    entries.push({
      policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${a.definition.name}`,
      displayName: a.definition.displayName,
      effect: a.effect ?? 'unknown',
      mode: a.definition.mode,
      category: c.category,
      offline: c.category === 'offline',
      reason: c.reason,
    });
  }
  entries.sort((x, y) => (x.category < y.category ? -1 : x.category > y.category ? 1 : x.displayName < y.displayName ? -1 : x.displayName > y.displayName ? 1 : 0));
  const offline = counts.offline;
  const total = entries.length;
  return { entries, counts, offline, live: total - offline - counts.disabled - counts['not-evaluable'], total };
}

/** Text form for the terminal: counts, then each definition with its category. */
export function formatCoverage(c: CoverageReport): string {
  const lines = [
    `Coverage of ${c.total} policy definitions: ${c.offline} evaluable offline, ${c.live} need live data from Azure, ${c.counts.disabled} disabled, ${c.counts['not-evaluable']} not evaluable.`,
    ...Object.entries(c.counts).map(([k, n]) => `  ${k.padEnd(20)} ${n}`),
    '',
  ];
  for (const e of c.entries) lines.push(`${e.category.padEnd(20)} ${e.effect.padEnd(18)} ${e.policyDefinitionId.split('/').pop() ?? ''}  ${e.displayName}`);
  return `${lines.join('\n')}\n`;
}
