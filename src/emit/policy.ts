import { apiVersionFact } from '../catalog/api-versions.js';
import { baselineRules, type BaselineRule } from '../baseline/index.js';
import { IL5_INITIATIVE, definitionGuid, il5ReferenceId } from '../catalog/il5-initiative.js';
import { required } from '../core/diagnostic.js';
import { resourceMatches } from '../policy/resource-pattern.js';
import type { Spec } from '../spec/schema.js';
import { displayName, LOCATION, nameSegments, resourceIdExpr } from './arm.js';
import type { ArmResourceDecl, EmitFragment, PlanNote } from './types.js';

/**
 * Step G, kept after deployment: the plan assigns the Azure Government DoD Impact Level 5 initiative at the
 * resource group (spec policy.assignIl5Initiative, on by default) so that Azure keeps reporting what the
 * built-in baseline checked before deployment, and turns each spec exemption that names a Microsoft
 * definition of the initiative into a policy exemption, so that Azure shows the same decisions the tool made.
 */

/** From the catalog (src/catalog/api-versions.ts), which has each type's definition and its source. */
export const POLICY_ASSIGNMENT_API = apiVersionFact('Microsoft.Authorization/policyAssignments');

/**
 * policyExemptions has no GA apiVersion; the catalog entry says which preview and why
 * (https://learn.microsoft.com/azure/templates/microsoft.authorization/policyexemptions lists the versions).
 */
export const POLICY_EXEMPTION_API = apiVersionFact('Microsoft.Authorization/policyExemptions');

/** Limits from the policyExemptions template reference (page above): name 1-64 characters, display name 1-128. */
const NAME_MAX = 64;
const DISPLAY_NAME_MAX = 128;

export function assignmentName(spec: Spec): string {
  return `${spec.prefix}-dod-il5`;
}

export function assignmentIdExpr(spec: Spec): string {
  return resourceIdExpr(POLICY_ASSIGNMENT_API.type, assignmentName(spec));
}

type SpecExemption = Spec['policy']['exemptions'][number];

/** What one spec exemption waives in the baseline, and what it becomes in Azure. */
export interface ResolvedExemption {
  /** Position in spec policy.exemptions (0-based). */
  index: number;
  exemption: SpecExemption;
  /** Baseline rules it names (by id, name, or the GUID of the definition a rule mirrors). */
  rules: BaselineRule[];
  /** The initiative's policyDefinitionReferenceIds it waives, sorted (none listed with everyDefinition). */
  referenceIds: string[];
  /** Rule `*`: every baseline rule, and every definition of the assignment (its Azure exemption lists none). */
  everyDefinition?: boolean;
  /** Declared resources its `resource` pattern names; empty when it has none (the resource group). */
  targets: ArmResourceDecl[];
  /** Why no Azure policy exemption is emitted for it, when none is; undefined when one is. */
  noAzureExemption?: 'unknown-rule' | 'expired' | 'baseline-only' | 'no-assignment' | 'no-resource';
}

function matchesRule(rule: BaselineRule, key: string): boolean {
  const k = key.toLowerCase();
  return (
    rule.id.toLowerCase() === k ||
    rule.name.toLowerCase() === k ||
    (rule.policyDefinitionId !== undefined && (rule.policyDefinitionId.toLowerCase() === k || definitionGuid(rule.policyDefinitionId) === k))
  );
}

/**
 * What a `resource` pattern is tried against, by the rule plan and check share (src/policy/resource-pattern.ts):
 * the name as plan.md shows it (`il5mlkv<uniqueString>` for a globally unique name, so `il5mlkv*` names the
 * vault; `parent/child` for a child, as ARM names it), and its ID from `/providers/` on (an ID pattern is
 * compared from its `/providers/` part, since subscription and resource group are only known at deployment).
 * Extension resources (role assignments, diagnostic settings) are not targets.
 */
function named(pattern: string, r: ArmResourceDecl): boolean {
  const segments = nameSegments(r.name).map(displayName);
  const [ns = '', ...types] = r.type.split('/');
  const path = types.flatMap((t, i) => [t, segments[i] ?? '']).join('/');
  const at = pattern.toLowerCase().indexOf('/providers/');
  return resourceMatches(at >= 0 ? pattern.slice(at) : pattern, `/providers/${ns}/${path}`, segments.join('/'));
}

/**
 * The declared resources a pattern names. When the exemption names baseline rules, only resources of the
 * types those rules judge: `il5mlkv*` for IL5-KV-003 names the vault, not its key (an exemption at the
 * vault covers what is below it anyway, exemption-structure: "a resource hierarchy or an individual resource").
 */
function targetsOf(pattern: string, resources: readonly ArmResourceDecl[], rules: readonly BaselineRule[]): ArmResourceDecl[] {
  const types = rules.length === 0 || rules.some((r) => r.resourceTypes.includes('*')) ? undefined : new Set(rules.flatMap((r) => r.resourceTypes.map((t) => t.toLowerCase())));
  return resources.filter(
    (r) =>
      r.scope === undefined &&
      !r.type.startsWith('Microsoft.Authorization/') &&
      (types === undefined || types.has(r.type.toLowerCase())) &&
      named(pattern, r),
  );
}

/**
 * Resolves every spec exemption against the baseline, the initiative and the declared resources. Pure; the
 * emitter and the plan's compliance check share it, so that what the summary says and what Azure gets agree.
 */
export function resolveExemptions(spec: Spec, resources: readonly ArmResourceDecl[], today?: string): ResolvedExemption[] {
  return spec.policy.exemptions.map((exemption, index) => {
    // `*`: every baseline rule, and in Azure every definition of the assignment (an exemption that lists no
    // policyDefinitionReferenceIds covers them all: exemption-structure, "Policy definition IDs").
    const every = exemption.rule === '*';
    const rules = every ? [...baselineRules] : baselineRules.filter((r) => matchesRule(r, exemption.rule));
    const refs = new Set<string>();
    for (const r of rules) {
      const ref = r.policyDefinitionId !== undefined ? il5ReferenceId(r.policyDefinitionId) : undefined;
      if (ref !== undefined) refs.add(ref);
    }
    const direct = il5ReferenceId(exemption.rule);
    if (direct !== undefined) refs.add(direct);
    const referenceIds = [...refs].sort();
    const targets = exemption.resource !== undefined ? targetsOf(exemption.resource, resources, rules) : [];
    const out: ResolvedExemption = { index, exemption, rules, referenceIds: every ? [] : referenceIds, targets, ...(every ? { everyDefinition: true } : {}) };
    if (rules.length === 0 && referenceIds.length === 0) out.noAzureExemption = 'unknown-rule';
    else if (today !== undefined && exemption.expiresOn <= today) out.noAzureExemption = 'expired';
    else if (referenceIds.length === 0 && !every) out.noAzureExemption = 'baseline-only';
    else if (!spec.policy.assignIl5Initiative) out.noAzureExemption = 'no-assignment';
    else if (exemption.resource !== undefined && targets.length === 0) out.noAzureExemption = 'no-resource';
    return out;
  });
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

/** A name Azure accepts (no <>*%&:\?.+/), unique in its scope: one exemption per spec entry and scope. */
export function exemptionName(spec: Spec, index: number, rule: string): string {
  return `${spec.prefix}-exemption-${index + 1}-${slug(rule)}`.slice(0, NAME_MAX).replace(/-+$/, '');
}

function assignmentResource(spec: Spec): ArmResourceDecl {
  return {
    type: POLICY_ASSIGNMENT_API.type,
    apiVersion: POLICY_ASSIGNMENT_API.apiVersion,
    name: assignmentName(spec),
    // The initiative holds Modify and DeployIfNotExists definitions (guest configuration prerequisites), and
    // Azure refuses such an assignment without a managed identity ("ResourceIdentityRequired",
    // https://github.com/Azure/azure-cli/issues/13150); an identity needs a location
    // (https://learn.microsoft.com/azure/governance/policy/how-to/remediate-resources).
    location: LOCATION,
    identity: { type: 'SystemAssigned' },
    properties: {
      displayName: `${IL5_INITIATIVE.displayName}: ${spec.prefix} (assigned by il5ml)`,
      description: `Keeps the environment il5ml planned (prefix ${spec.prefix}) compliant after deployment: the Azure Government ${IL5_INITIATIVE.displayName} initiative at its resource group. Exemptions come from the spec (policy.exemptions).`,
      policyDefinitionId: IL5_INITIATIVE.id,
      // Default: Deny and DeployIfNotExists definitions act, and audits are recorded. The initiative's
      // parameters stay at their defaults: the plan is built to pass them as they are, and the baseline's
      // mirrored rules take the same defaults (src/baseline/rules, `effect`).
      enforcementMode: 'Default',
      nonComplianceMessages: [
        {
          message: `This resource breaks the DoD Impact Level 5 initiative assigned by il5ml. Change the il5ml spec and run il5ml plan again, or add an exemption with a justification and an expiry under policy.exemptions.`,
        },
      ],
      metadata: { assignedBy: 'il5ml', initiativeVersion: IL5_INITIATIVE.version },
    },
  };
}

function exemptionResource(spec: Spec, x: ResolvedExemption, target: ArmResourceDecl | undefined): ArmResourceDecl {
  const e = x.exemption;
  const targetId = target ? resourceIdExpr(target.type, ...nameSegments(target.name)) : undefined;
  const where = target ? displayName(target.name) : 'resource group';
  const decl: ArmResourceDecl = {
    type: POLICY_EXEMPTION_API.type,
    apiVersion: POLICY_EXEMPTION_API.apiVersion,
    name: exemptionName(spec, x.index, e.rule),
    properties: {
      displayName: `il5ml exemption ${x.index + 1}: ${e.rule} on ${where}`.slice(0, DISPLAY_NAME_MAX),
      description: e.justification,
      policyAssignmentId: assignmentIdExpr(spec),
      // None listed (rule `*`): every definition of the assignment.
      ...(x.everyDefinition ? {} : { policyDefinitionReferenceIds: x.referenceIds }),
      exemptionCategory: e.category,
      // The spec's date is the first day the exemption no longer holds (src/baseline: expired when
      // expiresOn <= today); Azure takes an instant in UTC (exemption-structure, "Expiration").
      expiresOn: `${e.expiresOn}T00:00:00Z`,
      metadata: { il5mlRule: e.rule, baselineRules: x.everyDefinition ? ['*'] : x.rules.map((r) => r.id) },
    },
    dependsOn: [assignmentIdExpr(spec), ...(targetId ? [targetId] : [])].sort(),
  };
  // Without scope an extension resource in a resource-group deployment applies to the resource group.
  if (targetId) decl.scope = targetId;
  return decl;
}

function exemptionNote(x: ResolvedExemption): PlanNote {
  const e = x.exemption;
  const on = e.resource !== undefined ? ` on ${e.resource}` : '';
  const azure: Record<NonNullable<ResolvedExemption['noAzureExemption']> | 'made', string> = {
    made: `Azure policy exemption of ${x.everyDefinition ? `every definition of the ${IL5_INITIATIVE.displayName} assignment` : x.referenceIds.join(', ')} (${e.category}) until ${e.expiresOn}${x.targets.length > 0 ? `, on ${x.targets.map((t) => displayName(t.name)).join(', ')}` : ', on the resource group'}`,
    'unknown-rule': `no baseline rule or ${IL5_INITIATIVE.displayName} definition is called ${e.rule}: it waives nothing`,
    expired: `expired on ${e.expiresOn}: it waives nothing, and Azure gets no policy exemption for it`,
    'baseline-only': `baseline only: ${x.rules.map((r) => r.id).join(', ')} mirrors no definition of the initiative, so Azure has nothing to exempt`,
    'no-assignment': 'no Azure policy exemption: policy.assignIl5Initiative is false, so there is no assignment to exempt from',
    'no-resource': `no Azure policy exemption: ${e.resource ?? ''} names no resource of this plan`,
  };
  return {
    step: 'G',
    what: `Exemption ${x.index + 1}: ${e.rule}${on}`,
    why: `${e.justification} (${azure[x.noAzureExemption ?? 'made']}).`,
  };
}

/**
 * Definitions of the initiative the jump box is exempted from when spec.jumpBox.stateless: it holds no data
 * and is redeployed from the template, so the risk they address (losing a VM's disks) is mitigated by
 * design, not by a backup. GUIDs from ../shared/azure-policy/DOD_IL5_audit.json (version 19.15.0).
 */
export const STATELESS_JUMPBOX_DEFINITIONS: readonly { guid: string; displayName: string }[] = [
  { guid: '013e242c-8828-4970-87b3-ab247555486d', displayName: 'Azure Backup should be enabled for Virtual Machines' },
  { guid: '0015ea4d-51ff-4ce3-8d8c-f3f8f0179a56', displayName: 'Audit virtual machines without disaster recovery configured' },
];

const STATELESS_JUSTIFICATION =
  'il5ml jump box: stateless by design (spec jumpBox.stateless). It holds no data - work and data live in the Azure ML workspace and its storage - ' +
  'and it is rebuilt from the il5ml template; a backup or Site Recovery replica would protect nothing. ' +
  'No expiry, by design: it holds exactly as long as the spec says jumpBox.stateless: true, and the next plan drops it when that changes; ' +
  'an expiry date would only force a renewal with nothing new to review.';

/** The Mitigated exemption of a stateless jump box, scoped to the VM; none when the plan has no jump box. */
function statelessJumpBoxExemption(spec: Spec, resources: readonly ArmResourceDecl[]): ArmResourceDecl | undefined {
  if (!spec.jumpBox.enabled || !spec.jumpBox.stateless || !spec.policy.assignIl5Initiative) return undefined;
  const vm = resources.find((r) => r.type === 'Microsoft.Compute/virtualMachines');
  if (!vm) return undefined;
  const vmId = resourceIdExpr(vm.type, ...nameSegments(vm.name));
  const referenceIds = STATELESS_JUMPBOX_DEFINITIONS.map((d) => required(il5ReferenceId(d.guid), `reference id of ${d.guid}`)).sort();
  return {
    type: POLICY_EXEMPTION_API.type,
    apiVersion: POLICY_EXEMPTION_API.apiVersion,
    name: `${spec.prefix}-exemption-jumpbox-stateless`,
    scope: vmId,
    properties: {
      displayName: `il5ml: stateless jump box ${displayName(vm.name)} needs no backup or disaster recovery`,
      description: STATELESS_JUSTIFICATION,
      policyAssignmentId: assignmentIdExpr(spec),
      policyDefinitionReferenceIds: referenceIds,
      // Mitigated, not Waiver: the requirement's intent (no data lost with the VM) is met another way.
      // No expiry: it holds as long as the spec says the jump box is stateless.
      exemptionCategory: 'Mitigated',
      metadata: { il5mlRule: 'jumpBox.stateless' },
    },
    dependsOn: [assignmentIdExpr(spec), vmId].sort(),
  };
}

/**
 * The step G fragment: the initiative assignment and one policy exemption per spec exemption and target
 * that names a definition of the initiative and has not expired on `today` (Azure would ignore it; the
 * plan leaves it out). `resources` are the plan's other declarations, which a `resource` pattern is
 * matched against.
 */
export function emitPolicy(spec: Spec, resources: readonly ArmResourceDecl[], today?: string): EmitFragment {
  const resolved = resolveExemptions(spec, resources, today);
  const out: ArmResourceDecl[] = [];
  const notes: PlanNote[] = [];
  if (spec.policy.assignIl5Initiative) {
    out.push(assignmentResource(spec));
    notes.push({
      step: 'G',
      what: `Assignment ${assignmentName(spec)} of the ${IL5_INITIATIVE.displayName} initiative (${IL5_INITIATIVE.version}, ${IL5_INITIATIVE.name}) at the resource group, enforcement Default, parameters at their defaults, system-assigned identity`,
      why:
        'Keeps the environment compliant after deployment: Azure Policy keeps judging it by the definitions the baseline mirrors. ' +
        'The identity is there because the initiative holds Modify and DeployIfNotExists definitions; it is given no role, so remediation tasks need one granted first. Switch off with policy.assignIl5Initiative: false.',
    });
  } else {
    notes.push({ step: 'G', what: `No assignment of the ${IL5_INITIATIVE.displayName} initiative`, why: 'policy.assignIl5Initiative is false: Azure Policy will not watch this environment after deployment unless an assignment above the resource group does.' });
  }
  const stateless = statelessJumpBoxExemption(spec, resources);
  if (stateless) {
    out.push(stateless);
    notes.push({
      step: 'G',
      what: `Exemption ${stateless.name} (Mitigated, no expiry) of the jump box from "${STATELESS_JUMPBOX_DEFINITIONS.map((d) => d.displayName).join('" and "')}"`,
      why: `${STATELESS_JUSTIFICATION} Set jumpBox.stateless: false to be judged by these definitions.`,
    });
  }
  for (const x of resolved) {
    if (x.noAzureExemption === undefined) {
      if (x.targets.length === 0) out.push(exemptionResource(spec, x, undefined));
      for (const t of x.targets) out.push(exemptionResource(spec, x, t));
    }
    notes.push(exemptionNote(x));
  }
  return { step: 'G', resources: out, notes, deviations: [] };
}
