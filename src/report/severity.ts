import type { CheckResult } from '../core/verdict.js';
import { controlId } from './controls.js';

export type Severity = 'high' | 'medium' | 'low';

export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3 };

/**
 * GitHub code scanning reads `security-severity` > 9.0 as critical, 7.0–8.9 high, 4.0–6.9 medium,
 * 0.1–3.9 low (https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning,
 * read 2026-11-25). One score per level, in the middle of GitHub's band.
 */
export const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.0', medium: '5.5', low: '3.0' };

/**
 * Controls whose failure exposes data or the network directly: boundary protection (SC-7), information flow
 * (AC-4), remote access (AC-17), transmission confidentiality (SC-8), key management and cryptography
 * (SC-12, SC-13), protection at rest (SC-28), identification and authentication (IA-2, IA-5).
 */
const HIGH_CONTROL_BASES = new Set(['SC-7', 'AC-4', 'AC-17', 'SC-8', 'SC-12', 'SC-13', 'SC-28', 'IA-2', 'IA-5']);

/**
 * The severity of a result (docs/check-json.md, "Severity"): a baseline rule's own; for a Microsoft
 * definition, which carries none, derived from its effect and the initiative's groups:
 * - `high` when the effect blocks a deployment (`deny`, `denyAction`: Microsoft made it a gate) or the
 *   definition is filed under a control in HIGH_CONTROL_BASES;
 * - `low` for `manual` and `disabled` (nothing Azure enforces);
 * - `medium` for every other effect (`audit`, `auditIfNotExists`, `deployIfNotExists`, `modify`, `append`).
 */
export function severityOf(r: Pick<CheckResult, 'severity' | 'effect'>, groups: readonly string[]): Severity {
  if (r.severity) return r.severity;
  const e = r.effect.toLowerCase();
  if (e === 'deny' || e === 'denyaction') return 'high';
  if (e === 'manual' || e === 'disabled') return 'low';
  for (const g of groups) if (HIGH_CONTROL_BASES.has(controlId(g).replace(/\(\d+\)$/, ''))) return 'high';
  return 'medium';
}
