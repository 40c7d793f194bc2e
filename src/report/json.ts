import type { CheckReport, CheckResult, CheckSummary } from '../core/verdict.js';
import { sortCanonical } from './common.js';

/**
 * The stable JSON contract of `il5ml check --format json`, documented in docs/check-json.md:
 * `{"results":[…],"summary":{…}}`, keys in a fixed order, optional fields only when set, results in
 * canonical order (resource, definition, set, reference), two-space indent, a final newline.
 */
export function formatJson(report: CheckReport): string {
  const out = {
    results: sortCanonical(report.results).map(jsonResult),
    summary: jsonSummary(report.summary),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** One result with its keys in contract order; absent optional fields are left out, never null. */
export function jsonResult(r: CheckResult): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  o.policyDefinitionId = r.policyDefinitionId;
  if (r.policySetDefinitionId !== undefined) o.policySetDefinitionId = r.policySetDefinitionId;
  if (r.policyDefinitionReferenceId !== undefined) o.policyDefinitionReferenceId = r.policyDefinitionReferenceId;
  if (r.displayName !== undefined) o.displayName = r.displayName;
  o.resourceId = r.resourceId;
  o.resourceType = r.resourceType;
  o.compliance = r.compliance;
  o.effect = r.effect;
  o.reason = r.reason;
  if (r.source !== undefined) o.source = { file: r.source.file, line: r.source.line, column: r.source.column };
  if (r.groups !== undefined) o.groups = [...r.groups];
  if (r.remediation !== undefined) o.remediation = r.remediation;
  if (r.severity !== undefined) o.severity = r.severity;
  if (r.ruleId !== undefined) o.ruleId = r.ruleId;
  if (r.exemption !== undefined) {
    o.exemption = {
      justification: r.exemption.justification,
      ...(r.exemption.expiresOn !== undefined ? { expiresOn: r.exemption.expiresOn } : {}),
    };
  }
  return o;
}

export function jsonSummary(s: CheckSummary): Record<string, unknown> {
  return {
    total: s.total,
    byCompliance: {
      Compliant: s.byCompliance.Compliant,
      NonCompliant: s.byCompliance.NonCompliant,
      NotApplicable: s.byCompliance.NotApplicable,
      Unknown: s.byCompliance.Unknown,
      Exempt: s.byCompliance.Exempt,
    },
    resources: s.resources,
    policies: s.policies,
  };
}
