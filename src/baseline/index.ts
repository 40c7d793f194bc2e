import { UserInputError, type Diagnostic } from '../core/diagnostic.js';
import type { AzureResource } from '../core/resource.js';
import type { CheckResult } from '../core/verdict.js';
import { IL5_INITIATIVE, definitionGuid, il5ReferenceId } from '../catalog/il5-initiative.js';
import { ASSIGNMENT_TYPE, exempt, ExemptionIndex, ExemptionInputs, exemptionFor as declaredExemptionFor, expiredNote, INPUT_EXEMPTION_TYPES, readInputExemptions, SUBSCRIPTION_TYPE, type InputExemption } from '../policy/input-exemptions.js';
import { resourceMatches } from '../policy/resource-pattern.js';
import { suggest } from '../spec/suggest.js';
import { setAt } from '../core/store/columns.js';
import type { IdTable, IntColumn } from '../core/store/types.js';
import { IndexBuilder, indexResources, memoryParts, type IndexParts } from './resource-index.js';
import type { BaselineRule, ResourceIndex, RuleOutcome } from './types.js';
import { rule as r_IL5_ACR_001 } from './rules/IL5-ACR-001.js';
import { rule as r_IL5_ACR_002 } from './rules/IL5-ACR-002.js';
import { rule as r_IL5_ACR_003 } from './rules/IL5-ACR-003.js';
import { rule as r_IL5_ACR_004 } from './rules/IL5-ACR-004.js';
import { rule as r_IL5_AML_001 } from './rules/IL5-AML-001.js';
import { rule as r_IL5_DEP_001 } from './rules/IL5-DEP-001.js';
import { rule as r_IL5_DEP_002 } from './rules/IL5-DEP-002.js';
import { rule as r_IL5_DEP_003 } from './rules/IL5-DEP-003.js';
import { rule as r_IL5_DEP_004 } from './rules/IL5-DEP-004.js';
import { rule as r_IL5_DISK_001 } from './rules/IL5-DISK-001.js';
import { rule as r_IL5_DISK_002 } from './rules/IL5-DISK-002.js';
import { rule as r_IL5_DNS_001 } from './rules/IL5-DNS-001.js';
import { rule as r_IL5_DNS_002 } from './rules/IL5-DNS-002.js';
import { rule as r_IL5_KV_001 } from './rules/IL5-KV-001.js';
import { rule as r_IL5_KV_002 } from './rules/IL5-KV-002.js';
import { rule as r_IL5_KV_003 } from './rules/IL5-KV-003.js';
import { rule as r_IL5_KV_004 } from './rules/IL5-KV-004.js';
import { rule as r_IL5_LOG_001 } from './rules/IL5-LOG-001.js';
import { rule as r_IL5_LOG_002 } from './rules/IL5-LOG-002.js';
import { rule as r_IL5_LOG_003 } from './rules/IL5-LOG-003.js';
import { rule as r_IL5_MLW_001 } from './rules/IL5-MLW-001.js';
import { rule as r_IL5_MLW_002 } from './rules/IL5-MLW-002.js';
import { rule as r_IL5_MLW_003 } from './rules/IL5-MLW-003.js';
import { rule as r_IL5_NET_001 } from './rules/IL5-NET-001.js';
import { rule as r_IL5_NET_002 } from './rules/IL5-NET-002.js';
import { rule as r_IL5_NET_003 } from './rules/IL5-NET-003.js';
import { rule as r_IL5_NET_004 } from './rules/IL5-NET-004.js';
import { rule as r_IL5_NET_006 } from './rules/IL5-NET-006.js';
import { rule as r_IL5_SEC_001 } from './rules/IL5-SEC-001.js';
import { rule as r_IL5_ST_001 } from './rules/IL5-ST-001.js';
import { rule as r_IL5_ST_002 } from './rules/IL5-ST-002.js';
import { rule as r_IL5_ST_003 } from './rules/IL5-ST-003.js';
import { rule as r_IL5_ST_004 } from './rules/IL5-ST-004.js';
import { rule as r_IL5_ST_005 } from './rules/IL5-ST-005.js';
import { rule as r_IL5_ST_006 } from './rules/IL5-ST-006.js';
import { rule as r_IL5_ST_007 } from './rules/IL5-ST-007.js';
import { rule as r_IL5_ST_008 } from './rules/IL5-ST-008.js';
import { rule as r_IL5_ST_009 } from './rules/IL5-ST-009.js';
import { rule as r_IL5_ST_010 } from './rules/IL5-ST-010.js';
import { rule as r_IL5_ST_011 } from './rules/IL5-ST-011.js';
import { rule as r_IL5_ST_012 } from './rules/IL5-ST-012.js';
import { rule as r_IL5_VM_001 } from './rules/IL5-VM-001.js';
import { rule as r_IL5_VM_002 } from './rules/IL5-VM-002.js';
import { rule as r_IL5_VM_003 } from './rules/IL5-VM-003.js';
import { rule as r_IL5_VM_004 } from './rules/IL5-VM-004.js';

export type { BaselineRule, ResourceIndex, RuleOutcome } from './types.js';
export { indexResources } from './resource-index.js';

/**
 * Rule ids retired from the baseline, never reused, with what replaced them. An exemption naming one
 * gets a warning (it waives nothing any more), not the unknown-rule error.
 */
export const RETIRED_RULES: Readonly<Record<string, string>> = {
  'IL5-NET-005':
    'IL5-NET-005 (Docker bridge overlap) is retired: an overlap with 172.17.0.0/16 breaks routing from containers, not an IL5 control, so it is now an operational warning (IL5-OPS-DOCKER-BRIDGE), never NonCompliant',
};

/** The built-in IL5 baseline, in id order. One rule a file: src/baseline/rules/<id>.ts. */
export const baselineRules: readonly BaselineRule[] = [
  r_IL5_ACR_001,
  r_IL5_ACR_002,
  r_IL5_ACR_003,
  r_IL5_ACR_004,
  r_IL5_AML_001,
  r_IL5_DEP_001,
  r_IL5_DEP_002,
  r_IL5_DEP_003,
  r_IL5_DEP_004,
  r_IL5_DISK_001,
  r_IL5_DISK_002,
  r_IL5_DNS_001,
  r_IL5_DNS_002,
  r_IL5_KV_001,
  r_IL5_KV_002,
  r_IL5_KV_003,
  r_IL5_KV_004,
  r_IL5_LOG_001,
  r_IL5_LOG_002,
  r_IL5_LOG_003,
  r_IL5_MLW_001,
  r_IL5_MLW_002,
  r_IL5_MLW_003,
  r_IL5_NET_001,
  r_IL5_NET_002,
  r_IL5_NET_003,
  r_IL5_NET_004,
  r_IL5_NET_006,
  r_IL5_SEC_001,
  r_IL5_ST_001,
  r_IL5_ST_002,
  r_IL5_ST_003,
  r_IL5_ST_004,
  r_IL5_ST_005,
  r_IL5_ST_006,
  r_IL5_ST_007,
  r_IL5_ST_008,
  r_IL5_ST_009,
  r_IL5_ST_010,
  r_IL5_ST_011,
  r_IL5_ST_012,
  r_IL5_VM_001,
  r_IL5_VM_002,
  r_IL5_VM_003,
  r_IL5_VM_004,
];

/** An exemption as the spec carries it (spec key policy.exemptions). */
export interface BaselineExemption {
  /** Rule id (IL5-KV-001), rule name (IL5.KeyVault.PurgeProtection) or mirrored definition GUID. */
  rule: string;
  /** Resource name or id pattern, `*` matching any text; every resource when absent. */
  resource?: string;
  justification: string;
  /** YYYY-MM-DD; from that day on the exemption no longer exempts. */
  expiresOn?: string;
}

export interface BaselineOptions {
  /** Only these rules (ids, names or mirrored GUIDs); all rules when absent. */
  rules?: readonly string[];
  /** The input came from `il5ml plan`: remediation names the spec key to change. */
  fromPlan?: boolean;
  exemptions?: readonly BaselineExemption[];
  /** Today's date (YYYY-MM-DD) for exemption expiry; required with exemptions: core code reads no clock. */
  today?: string;
}

const guidOf = (rule: BaselineRule): string | undefined => rule.policyDefinitionId?.split('/').pop()?.toLowerCase();

function matchesRule(rule: BaselineRule, key: string): boolean {
  const k = key.toLowerCase();
  return rule.id.toLowerCase() === k || rule.name.toLowerCase() === k || guidOf(rule) === k || rule.policyDefinitionId?.toLowerCase() === k;
}

/** Selects rules by id, name or GUID; an unknown key is a user error naming the known ids. */
export function selectRules(keys: readonly string[] | undefined): BaselineRule[] {
  if (keys === undefined) return [...baselineRules];
  const diags: Diagnostic[] = [];
  const chosen = new Set<BaselineRule>();
  for (const key of keys) {
    const found = baselineRules.filter((r) => matchesRule(r, key));
    if (found.length === 0) {
      const near = suggest(key, [...baselineRules.map((r) => r.id), ...baselineRules.map((r) => r.name)]);
      diags.push({
        severity: 'error',
        code: 'IL5-BASELINE-RULE',
        message: `no baseline rule is called '${key}'${near.length > 0 ? `. Did you mean ${near.map((x) => `"${x}"`).join(' or ')}?` : ''}`,
        fix: `use a rule id, name or mirrored definition GUID from \`il5ml rules\` (ids: ${baselineRules.map((r) => r.id).join(', ')})`,
      });
    }
    for (const r of found) chosen.add(r);
  }
  if (diags.length > 0) throw new UserInputError(diags);
  return baselineRules.filter((r) => chosen.has(r));
}

/** The lower-cased types a rule applies to, or 'all' for '*'. */
function typesOf(rule: BaselineRule): Set<string> | 'all' {
  return rule.resourceTypes.includes('*') ? 'all' : new Set(rule.resourceTypes.map((t) => t.toLowerCase()));
}

function exemptionFor(
  rule: BaselineRule,
  resource: AzureResource,
  options: BaselineOptions,
): { active?: BaselineExemption; expired?: BaselineExemption } {
  const out: { active?: BaselineExemption; expired?: BaselineExemption } = {};
  for (const e of options.exemptions ?? []) {
    // `*` names every rule (docs/exemptions.md), as check's exemptions read it.
    if (e.rule !== '*' && !matchesRule(rule, e.rule)) continue;
    // The rule check applies too (src/policy/resource-pattern.ts): the full ID or the name ARM reads from it.
    if (e.resource !== undefined && !resourceMatches(e.resource, resource.id)) continue;
    const today = options.today ?? '';
    if (e.expiresOn !== undefined && e.expiresOn <= today) out.expired ??= e;
    else out.active ??= e;
  }
  return out;
}

/**
 * The policy exemption of the input (a `Microsoft.Authorization/policyExemptions` resource, as `il5ml plan`
 * emits them) that covers a mirror rule's result: one from an assignment of the DoD IL5 initiative that
 * lists the initiative's reference id of the mirrored definition (or lists none), or one from an
 * assignment of that definition alone. Rules of the project's own mirror nothing Azure can exempt.
 * Semantics: src/policy/input-exemptions.ts.
 */
function inputExemptionFor(rule: BaselineRule, resourceId: string, exemptions: ExemptionIndex): InputExemption | undefined {
  if (rule.policyDefinitionId === undefined || exemptions.size === 0) return undefined;
  const definition = definitionGuid(rule.policyDefinitionId);
  const referenceId = il5ReferenceId(definition);
  const inSet = referenceId !== undefined ? declaredExemptionFor(exemptions, resourceId, { setNames: [IL5_INITIATIVE.name.toLowerCase()], referenceId, definition }) : undefined;
  return inSet ?? declaredExemptionFor(exemptions, resourceId, { definition });
}

function withInputExemption(rule: BaselineRule, result: CheckResult, active: ExemptionIndex, expired: ExemptionIndex): CheckResult {
  if (result.compliance === 'NotApplicable' || result.compliance === 'Exempt') return result;
  const e = inputExemptionFor(rule, result.resourceId, active);
  if (e) return exempt(result, e);
  const old = inputExemptionFor(rule, result.resourceId, expired);
  return old ? expiredNote(result, old) : result;
}

/** A rule that throws is a defect in the rule, reported as an Unknown result naming it, never a crash. */
function safeEvaluate(rule: BaselineRule, resource: AzureResource, index: ResourceIndex): RuleOutcome {
  try {
    return rule.evaluate(resource, index);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { compliance: 'Unknown', reason: `rule ${rule.id} failed on this resource: ${message}` };
  }
}

function remediationText(rule: BaselineRule, fromPlan: boolean): string {
  const where = fromPlan && rule.remediation.specKey !== undefined ? `spec ${rule.remediation.specKey}` : rule.remediation.property;
  return `[${where}] ${rule.remediation.text}`;
}

/** What a result needs besides its rule and resource: built once per input (eachBaselineResult) or per pass (BaselinePass.finish). */
interface BaselineContext {
  index: ResourceIndex;
  /** The input's policy exemptions in force, and those expired (src/policy/input-exemptions.ts). */
  active: ExemptionIndex;
  expired: ExemptionIndex;
  options: BaselineOptions;
}

function checkOptions(options: BaselineOptions): void {
  if (options.exemptions !== undefined && options.exemptions.length > 0 && options.today === undefined) {
    throw new Error('internal: runBaseline needs options.today to judge exemption expiry');
  }
}

/** The index and the input's exemptions over `resources` (all of the input, or what a pass kept of it). */
function contextOver(resources: readonly AzureResource[], options: BaselineOptions): BaselineContext {
  const declared = readInputExemptions(resources, options.today !== undefined ? `${options.today}T00:00:00Z` : undefined);
  return { index: indexResources(resources), active: new ExemptionIndex(declared.exemptions, undefined, declared.ancestry), expired: new ExemptionIndex(declared.expired, undefined, declared.ancestry), options };
}

/** The lower-cased type of a resource ('' when it has none), as rules are matched to it. */
const lowerType = (r: AzureResource): string => (typeof r.type === 'string' ? r.type.toLowerCase() : '');

/** The one evaluation core: the result of `rule` on `resource`, spec and input exemptions applied. */
function resultFor(rule: BaselineRule, resource: AzureResource, ctx: BaselineContext): CheckResult {
  const outcome = safeEvaluate(rule, resource, ctx.index);
  const result: CheckResult = {
    policyDefinitionId: rule.policyDefinitionId ?? rule.id,
    displayName: rule.name,
    resourceId: resource.id,
    resourceType: resource.type,
    compliance: outcome.compliance,
    effect: rule.effect,
    reason: outcome.reason,
    groups: [...rule.controls],
    severity: rule.severity,
    ruleId: rule.id,
  };
  if (resource.source) result.source = resource.source;
  const failing = outcome.compliance === 'NonCompliant' || outcome.compliance === 'Unknown';
  if (failing) result.remediation = remediationText(rule, ctx.options.fromPlan === true);
  if (outcome.compliance !== 'NotApplicable' && ctx.options.exemptions !== undefined && ctx.options.exemptions.length > 0) {
    const { active, expired } = exemptionFor(rule, resource, ctx.options);
    if (active) {
      // Exempt whatever the verdict, as Azure reports a resource an exemption covers (and as check does).
      result.compliance = 'Exempt';
      result.exemption = active.expiresOn !== undefined ? { justification: active.justification, expiresOn: active.expiresOn } : { justification: active.justification };
      if (!failing) result.reason = `${outcome.reason} (meets the rule; exempt all the same, as Azure reports a resource an exemption covers)`;
    } else if (expired && failing) {
      result.reason = `${outcome.reason} (the exemption for this rule expired on ${expired.expiresOn ?? ''})`;
    }
  }
  return withInputExemption(rule, result, ctx.active, ctx.expired);
}

/**
 * Runs the baseline over resources (from the template engine or from Azure) and returns one result per
 * (rule, resource) pair the rule applies to, in rule order then input order. Exempt replaces any verdict
 * but NotApplicable when an unexpired exemption of the spec matches, as Azure reports a resource an
 * exemption covers (plan says when an exemption covers only results that meet their rule). A policy exemption declared in the input
 * makes a mirror rule's verdict Exempt whatever it was, as Azure reports an exempted resource; its expiry
 * is judged on `today` (from 00:00 UTC).
 */
export function runBaseline(resources: readonly AzureResource[], options: BaselineOptions = {}): CheckResult[] {
  const results: CheckResult[] = [];
  eachBaselineResult(resources, options, (r) => results.push(r));
  return results;
}

/** runBaseline's results handed to `emit` one by one, in the same order, none held (a large estate's report is spooled). */
export function eachBaselineResult(resources: readonly AzureResource[], options: BaselineOptions, emit: (result: CheckResult) => void): void {
  checkOptions(options);
  const rules = selectRules(options.rules);
  const ctx = contextOver(resources, options);
  const lowerTypes = resources.map(lowerType);
  for (const rule of rules) {
    const types = typesOf(rule);
    for (const [i, resource] of resources.entries()) {
      if (types !== 'all' && !types.has(lowerTypes[i] ?? '')) continue;
      emit(resultFor(rule, resource, ctx));
    }
  }
}

/**
 * The lower-cased types whose resources the baseline's lookups can return for these rules: what each rule
 * declares it reads (BaselineRule.reads), and the policy exemptions and assignments readInputExemptions reads.
 */
export function baselineReadTypes(rules: readonly BaselineRule[]): Set<string> {
  return new Set([...rules.flatMap((r) => r.reads.map((t) => t.toLowerCase())), ...INPUT_EXEMPTION_TYPES]);
}

/**
 * The baseline in two passes over an input it does not hold whole (issue 12, the two-pass check): pass 1
 * shows every resource to see(), which keeps only those of the types the selected rules look up
 * (baselineReadTypes) and, when a rule follows dependsOn, every resource's dependsOn list; finish() indexes
 * what was kept; pass 2 hands each resource to evaluate(), in any order, which emits what
 * eachBaselineResult gives for it (the same core, resultFor), in rule order.
 */
/**
 * The dependsOn list of the last resource of each id (an empty or absent list waits for nothing, like none),
 * as numbers (issue 10: a template-shaped estate gives most resources one): per id code the place and length
 * of its list in a column of the ids' codes. A list that is not all strings (an Unknown in a template), or a
 * dependsOn that is not a list, is kept as it is, lowered where a string.
 */
class DependsOnLists {
  private readonly ids: IdTable;
  /** Id code -> place + 1 of its list in `codes` (0: none; -1: in `odd`). */
  private readonly at: IntColumn;
  private readonly length: IntColumn;
  private readonly codes: IntColumn;
  private readonly odd = new Map<number, AzureResource['dependsOn']>();

  constructor(parts: IndexParts) {
    this.ids = parts.ids;
    this.at = parts.store.ints();
    this.length = parts.store.ints();
    this.codes = parts.store.ints();
  }

  /** The list of the resource with lower-case id `id`, which replaces the one of an earlier resource of that id. */
  set(id: string, d: unknown): void {
    const none = d === undefined || d === null || (Array.isArray(d) && d.length === 0);
    const code = none ? this.ids.find(id) : this.ids.intern(id);
    if (code < 0) return;
    this.odd.delete(code);
    if (none) {
      setAt(this.at, code, 0);
      return;
    }
    if (Array.isArray(d) && d.every((x: unknown) => typeof x === 'string')) {
      setAt(this.at, code, this.codes.length + 1);
      setAt(this.length, code, d.length);
      for (const x of d as string[]) this.codes.push(this.ids.intern(x.toLowerCase()));
      return;
    }
    setAt(this.at, code, -1);
    this.odd.set(code, Array.isArray(d) ? (d.map((x: unknown) => (typeof x === 'string' ? x.toLowerCase() : x)) as AzureResource['dependsOn']) : (d as AzureResource['dependsOn']));
  }

  get(id: string): AzureResource['dependsOn'] {
    const code = this.ids.find(id.toLowerCase());
    if (code < 0 || code >= this.at.length) return undefined;
    const at = this.at.get(code);
    if (at === 0) return undefined;
    if (at < 0) return this.odd.get(code);
    const out: string[] = [];
    for (let k = 0; k < this.length.get(code); k++) out.push(this.ids.text(this.codes.get(at - 1 + k)));
    return out;
  }
}

export class BaselinePass {
  private readonly options: BaselineOptions;
  private readonly keep: ReadonlySet<string>;
  /** Whether a selected rule looks policy assignments up (else only stand-ins are kept: assignmentStandIn). */
  private readonly assignmentsRead: boolean;
  private readonly parts: IndexParts;
  private readonly builder: IndexBuilder;
  /** While pass 1 runs: id code -> 1 when a resource with that id was kept (numbers in the store, issue 10). */
  private keptIds: IntColumn | undefined;
  /** What readInputExemptions reads of the input's policy exemptions and assignments, as numbers (ExemptionInputs). */
  private readonly exemptionInputs: ExemptionInputs;
  /**
   * The dependsOn of the last resource of each id, when a selected rule follows dependsOn (DependsOnLists:
   * id codes in the store); its ids lower-cased, as dependsOnClosure compares them.
   */
  private readonly dependsOn: DependsOnLists | undefined;
  /** The selected rules applying to a lower-case type some rule names, in rule order; everyType: those for any type ('*'). */
  private readonly byType = new Map<string, BaselineRule[]>();
  private readonly everyType: BaselineRule[];
  private context: BaselineContext | undefined;

  /** `parts`: the store, ids and kept resources of a check (shared with the other pass and the kept spool). */
  constructor(options: BaselineOptions = {}, parts: IndexParts = memoryParts()) {
    checkOptions(options);
    this.options = options;
    this.parts = parts;
    this.builder = new IndexBuilder(parts);
    this.keptIds = parts.store.ints();
    this.exemptionInputs = new ExemptionInputs(parts);
    const rules = selectRules(options.rules);
    const types = rules.map(typesOf);
    const applies = (t: string): BaselineRule[] => rules.filter((_, i) => types[i] === 'all' || types[i]?.has(t) === true);
    for (const t of types) if (t !== 'all') for (const x of t) this.byType.set(x, applies(x));
    this.everyType = applies('');
    this.keep = baselineReadTypes(rules);
    this.assignmentsRead = rules.some((r) => r.reads.some((t) => t.toLowerCase() === ASSIGNMENT_TYPE));
    this.dependsOn = rules.some((r) => r.readsDependsOn === true) ? new DependsOnLists(parts) : undefined;
  }

  /** Pass 1, every input resource in input order. true: hand this same object back to evaluate() in pass 2 and do not mutate it. */
  see(resource: AzureResource): boolean {
    const keptIds = this.keptIds;
    if (keptIds === undefined) throw new Error('internal: BaselinePass.see() after finish()');
    const id = typeof resource.id === 'string' ? resource.id.toLowerCase() : '';
    if (this.dependsOn !== undefined && id !== '') this.dependsOn.set(id, resource.dependsOn);
    // A resource of another type with the id of a kept one takes its place in byId (the last of an id wins): kept too.
    const type = lowerType(resource);
    // Of a subscription, the exemptions need its management groups only (ExemptionInputs keeps them).
    if (type === SUBSCRIPTION_TYPE) this.exemptionInputs.see(resource);
    if (!this.keep.has(type)) {
      const code = id !== '' ? this.parts.ids.find(id) : -1;
      if (code < 0 || code >= keptIds.length || keptIds.get(code) === 0) return false;
    }
    const { ids, kept } = this.parts;
    const flag = (): void => {
      if (id === '') return;
      const code = ids.intern(id);
      setAt(keptIds, code, 1);
    };
    // A policy assignment no rule reads is needed only by readInputExemptions: what it reads of it.
    if (type === ASSIGNMENT_TYPE && !this.assignmentsRead) {
      this.exemptionInputs.see(resource);
      flag();
      return false;
    }
    this.builder.add(resource, kept.keep(resource));
    // An exemption is the record just kept (KeptResources.keep gives the object kept last its record again).
    if (INPUT_EXEMPTION_TYPES.includes(type)) this.exemptionInputs.see(resource);
    flag();
    return true;
  }

  /** After pass 1 (before any evaluate). */
  finish(): void {
    if (this.context !== undefined) throw new Error('internal: BaselinePass.finish() called twice');
    this.keptIds = undefined;
    const deps = this.dependsOn;
    const index = this.builder.freeze(deps === undefined ? undefined : (id) => deps.get(id));
    const declared = this.exemptionInputs.read(this.options.today !== undefined ? `${this.options.today}T00:00:00Z` : undefined);
    this.context = { index, active: declared.exemptions, expired: declared.expired, options: this.options };
  }

  /**
   * Pass 2: the results of every selected rule that applies to the resource at `index`, in rule order,
   * field for field what eachBaselineResult gives for it. Any order of indexes (a worker does a range).
   */
  evaluate(resource: AzureResource, _index: number, emit: (r: CheckResult) => void): void {
    const ctx = this.context;
    if (ctx === undefined) throw new Error('internal: BaselinePass.evaluate() before finish()');
    for (const rule of this.byType.get(lowerType(resource)) ?? this.everyType) emit(resultFor(rule, resource, ctx));
  }
}
