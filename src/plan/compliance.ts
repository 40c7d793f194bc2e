import { expandTemplate, DEFAULT_SUBSCRIPTION_ID, DEFAULT_TENANT_ID, type DeploymentContext } from '../arm/template/index.js';
import { baselineRules, runBaseline } from '../baseline/index.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { summarize, type CheckResult, type CheckSummary } from '../core/verdict.js';
import { resolveExemptions, type ResolvedExemption } from '../emit/policy.js';
import type { ArmResourceDecl } from '../emit/types.js';
import type { Spec } from '../spec/schema.js';
import type { AzureResource } from '../core/resource.js';
import { resourceMatches } from '../policy/resource-pattern.js';

/**
 * The plan checked with the built-in baseline before its files are written (issue 6, "wired into plan"):
 * the template is expanded by the template engine into the resources Azure would create, and every baseline
 * rule judges them, with remediation in spec keys (fromPlan) and the spec's exemptions. Pure: the date that
 * decides whether an exemption has expired comes from the caller (the CLI reads the clock).
 */

/**
 * Where the check pretends to deploy. Subscription and tenant are the template engine's placeholders
 * (docs/expand.md); the resource group is the one plan.md and deploy.sh suggest (`<prefix>-rg`), the
 * location is the spec's region, and the deployment is named after azuredeploy.json as `az deployment group
 * create` would name it. Globally unique names (uniqueString of the resource group ID) therefore differ
 * from the ones a real deployment gets; a rule never depends on them.
 */
export function planContext(spec: Spec): Partial<DeploymentContext> {
  return {
    subscriptionId: DEFAULT_SUBSCRIPTION_ID,
    tenantId: DEFAULT_TENANT_ID,
    resourceGroup: `${spec.prefix}-rg`,
    location: spec.region,
    deploymentName: 'azuredeploy',
  };
}

/** Something about a spec exemption the user should hear about; the CLI adds the spec position. */
export interface ExemptionFinding {
  index: number;
  field: 'rule' | 'resource' | 'expiresOn';
  message: string;
  fix: string;
}

export interface PlanCompliance {
  /** One result per (rule, resource) the rule applies to, exemptions applied. */
  results: CheckResult[];
  summary: CheckSummary;
  /** Rules in the baseline, and how many of them judged at least one resource of the plan. */
  rules: { total: number; applied: number };
  /** Resources the template expands to. */
  resources: number;
  /** The date exemptions were judged on; absent when the spec has none. */
  today?: string;
  exemptions: ResolvedExemption[];
  /** Indexes of the spec exemptions that had expired on `today`. */
  expired: number[];
  findings: ExemptionFinding[];
  /** What the template engine said while expanding (a defect of the plan or the engine when an error). */
  expansion: Diagnostic[];
}

export interface ComplianceInput {
  spec: Spec;
  templateText: string;
  parametersText: string;
  /** Declared resources, which exemption `resource` patterns are matched against. */
  declared: readonly ArmResourceDecl[];
  /** YYYY-MM-DD; required when the spec has exemptions. */
  today?: string;
}

export function checkPlanCompliance({ spec, templateText, parametersText, declared, today }: ComplianceInput): PlanCompliance {
  const specExemptions = spec.policy.exemptions;
  if (specExemptions.length > 0 && today === undefined) {
    throw new Error('internal: checking a plan with exemptions needs today (YYYY-MM-DD) to judge their expiry');
  }
  const x = expandTemplate({
    text: templateText,
    file: 'azuredeploy.json',
    parametersText,
    parametersFile: 'azuredeploy.parameters.json',
    context: planContext(spec),
  });
  const results = runBaseline(x.resources, {
    fromPlan: true,
    ...(specExemptions.length > 0
      ? {
          exemptions: specExemptions.map((e) => ({ rule: e.rule, justification: e.justification, expiresOn: e.expiresOn, ...(e.resource !== undefined ? { resource: e.resource } : {}) })),
          today,
        }
      : {}),
  });
  const exemptions = resolveExemptions(spec, declared, today);
  const expired: number[] = [];
  const findings: ExemptionFinding[] = [];
  for (const r of exemptions) {
    const e = r.exemption;
    if (today !== undefined && e.expiresOn <= today) {
      expired.push(r.index);
      findings.push({
        index: r.index,
        field: 'expiresOn',
        message: `exemption ${r.index + 1} (${e.rule}) expired on ${e.expiresOn}: it no longer exempts anything`,
        fix: 'fix what it waived, or renew it with a later expiresOn and a fresh justification',
      });
    }
    if (r.noAzureExemption === 'unknown-rule') {
      findings.push({
        index: r.index,
        field: 'rule',
        message: `exemption ${r.index + 1} names '${e.rule}', which is no baseline rule and no definition of the DoD Impact Level 5 initiative: it waives nothing`,
        fix: 'write a rule id from `il5ml rules` (e.g. IL5-KV-003) or the GUID of a definition in the initiative',
      });
    }
    if (e.resource !== undefined && r.targets.length === 0 && r.noAzureExemption !== 'unknown-rule') {
      findings.push({
        index: r.index,
        field: 'resource',
        message: `exemption ${r.index + 1} (${e.rule}) resource '${e.resource}' names no resource of this plan that the rule judges: it exempts nothing`,
        fix: "write the name as plan.md's Resources table shows it, with * for the generated part (e.g. il5mlkv*)",
      });
    }
  }
  findings.push(...needlessExemptions(x.resources, exemptions, expired));
  const applied = new Set(results.map((r) => r.ruleId));
  return {
    results,
    summary: summarize(results),
    rules: { total: baselineRules.length, applied: applied.size },
    resources: x.resources.length,
    ...(specExemptions.length > 0 && today !== undefined ? { today } : {}),
    exemptions,
    expired,
    findings,
    expansion: x.diagnostics,
  };
}

/**
 * The unexpired exemptions whose every result in this plan would be Compliant without them: Exempt all the
 * same (as Azure reports a resource an exemption covers), so they hide a later regression until they
 * expire. Judged by the baseline over the plan without any exemption (the spec's, and the Azure policy
 * exemptions the template declares for them).
 */
function needlessExemptions(resources: readonly AzureResource[], exemptions: readonly ResolvedExemption[], expired: readonly number[]): ExemptionFinding[] {
  const live = exemptions.filter((r) => r.rules.length > 0 && !expired.includes(r.index));
  if (live.length === 0) return [];
  const plain = runBaseline(
    resources.filter((r) => typeof r.type !== 'string' || r.type.toLowerCase() !== 'microsoft.authorization/policyexemptions'),
    { fromPlan: true },
  );
  const out: ExemptionFinding[] = [];
  for (const r of live) {
    const e = r.exemption;
    const ids = new Set(r.rules.map((rule) => rule.id));
    const covered = plain.filter(
      (p) => p.ruleId !== undefined && ids.has(p.ruleId) && p.compliance !== 'NotApplicable' && (e.resource === undefined || resourceMatches(e.resource, p.resourceId)),
    );
    if (covered.length === 0 || covered.some((p) => p.compliance !== 'Compliant')) continue;
    out.push({
      index: r.index,
      field: e.resource !== undefined ? 'resource' : 'rule',
      message: `exemption ${r.index + 1} (${e.rule}${e.resource !== undefined ? ` on ${e.resource}` : ''}) covers ${covered.length} result${covered.length === 1 ? '' : 's'} of this plan, and ${covered.length === 1 ? 'it meets' : 'each meets'} the rule without it: it waives nothing the plan needs (what it covers is reported Exempt, not Compliant)`,
      fix: 'remove it (an exemption of what meets its rule hides a later regression until it expires), or narrow it to the resource it is for',
    });
  }
  return out;
}

/** NonCompliant results after exemptions: what makes `il5ml plan` exit 1. */
export function nonCompliant(c: PlanCompliance): CheckResult[] {
  return c.results.filter((r) => r.compliance === 'NonCompliant');
}

/** The last segment of a resource ID: how a summary names the resource. */
export function resourceName(id: string): string {
  return id.split('/').pop() ?? id;
}
