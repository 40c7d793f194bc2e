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
  const s = new Summarizer();
  for (const r of results) s.add(r);
  return s.summary();
}

/** summarize, one result at a time (results handed on as they are made, not held). */
export class Summarizer {
  private total = 0;
  private readonly byCompliance: Record<Compliance, number> = {
    Compliant: 0,
    NonCompliant: 0,
    NotApplicable: 0,
    Unknown: 0,
    Exempt: 0,
  };
  /** Distinct resource ids, lower case; none kept when the caller counts them (a result spool does). */
  private readonly resources: Set<string> | undefined;
  private readonly policies = new Set<string>();

  /**
   * `countResources: false`: the distinct resources are counted elsewhere and given to summary() (a large
   * estate's ids are not all held: src/cli/result-spool.ts).
   */
  constructor(options: { countResources?: boolean } = {}) {
    this.resources = options.countResources === false ? undefined : new Set();
  }

  add(r: CheckResult): void {
    this.total += 1;
    this.byCompliance[r.compliance] += 1;
    this.resources?.add(r.resourceId.toLowerCase());
    this.policies.add(r.policyDefinitionId.toLowerCase());
  }

  /** `resources`: the count of distinct resource ids, case-insensitively, when this summarizer does not count them. */
  summary(resources?: number): CheckSummary {
    const count = this.resources?.size ?? resources;
    if (count === undefined) throw new Error('internal: Summarizer.summary() needs the resource count it was told not to keep');
    return { total: this.total, byCompliance: { ...this.byCompliance }, resources: count, policies: this.policies.size };
  }
}
