import type { SourceLocation } from './diagnostic.js';

/**
 * One result model for every checker (Microsoft's definitions, the built-in baseline) and every
 * formatter (table, json, sarif, junit, md). Verdicts have five states (../shared/STYLE.md, point 4).
 */
export type Compliance = 'Compliant' | 'NonCompliant' | 'NotApplicable' | 'Unknown' | 'Exempt';

export interface CheckResult {
  /** The Azure Policy definition ID (`/providers/Microsoft.Authorization/policyDefinitions/<guid>`), or the baseline rule's own id. */
  policyDefinitionId: string;
  policySetDefinitionId?: string;
  policyDefinitionReferenceId?: string;
  /** Display name of the definition or rule. */
  displayName?: string;
  resourceId: string;
  resourceType: string;
  compliance: Compliance;
  /** The effect in force: audit, deny, auditIfNotExists, … (as the definition spells it, lower-camel). */
  effect: string;
  /** Which condition decided, with the field and the value found; for Unknown, why. */
  reason: string;
  /** Template file:line:column of the resource, when there is one. */
  source?: SourceLocation;
  /** Control groups (e.g. NIST SP 800-53 ids) from the policy set or the rule's metadata. */
  groups?: string[];
  /** How to fix, in the user's terms (baseline rules). */
  remediation?: string;
  severity?: 'high' | 'medium' | 'low';
  /** Baseline rule id (e.g. `IL5.KeyVault.PurgeProtection`) when the result came from a built-in rule. */
  ruleId?: string;
  /** For Exempt: the justification from the exemption, its category (Azure's exemptionCategory) and expiry. */
  exemption?: { justification: string; category?: 'Waiver' | 'Mitigated'; expiresOn?: string };
}

export interface CheckSummary {
  total: number;
  byCompliance: Record<Compliance, number>;
  resources: number;
  policies: number;
}

export interface CheckReport {
  results: CheckResult[];
  summary: CheckSummary;
}

export function summarize(results: readonly CheckResult[]): CheckSummary {
  const byCompliance: Record<Compliance, number> = {
    Compliant: 0,
    NonCompliant: 0,
    NotApplicable: 0,
    Unknown: 0,
    Exempt: 0,
  };
  const resources = new Set<string>();
  const policies = new Set<string>();
  for (const r of results) {
    byCompliance[r.compliance] += 1;
    resources.add(r.resourceId.toLowerCase());
    policies.add(r.policyDefinitionId.toLowerCase());
  }
  return { total: results.length, byCompliance, resources: resources.size, policies: policies.size };
}
