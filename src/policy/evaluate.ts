/**
 * Evaluation: compiled assignments (a definition with its parameter values, alone or inside a set) over
 * an estate of resources, giving one CheckResult per (definition, resource) pair the definition applies to.
 *
 * Order of a pair's evaluation, as Azure does it:
 *   mode (All / Indexed / resource-provider modes) → applicability (policy-applicability doc) → `if` →
 *   the effect: audit/deny/append/modify/manual decide on `if` alone; auditIfNotExists /
 *   deployIfNotExists look for related resources and test their existenceCondition.
 * https://learn.microsoft.com/azure/governance/policy/concepts/policy-applicability
 * https://learn.microsoft.com/azure/governance/policy/concepts/effect-basics
 */
import type { ObjectValue, Value } from '../arm/types.js';
import { fromJson } from '../arm/functions/values.js';
import { missingDefinitionsError } from './missing-definitions.js';
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import type { AzureResource } from '../core/resource.js';
import { memoryKept, type KeptResources } from '../core/kept.js';
import { memoryStore } from '../core/store/memory.js';
import type { IdTable, Store } from '../core/store/types.js';
import { isUnknown, Unknown } from '../core/unknown.js';
import type { CheckResult, Compliance } from '../core/verdict.js';
import { admits, undecided, type Gate } from './assignment-gate.js';
import { compileCondition, explain, withCompileContext, type CompiledCondition, type Ev } from './compile.js';
import { definitionKey, type LoadedPolicies, type ParameterDef, type PolicyDefinition, type PolicyReference, type PolicySet } from './definitions.js';
import { evalOperand, operand, policyFunctions, type Operand } from './expr.js';
import type { PolicyEvalContext, PolicyScope } from './functions.js';
import { describe, policyEquals } from './operators.js';
import { ASSIGNMENT_TYPE, exempt, EXEMPTION_TYPE, ExemptionIndex, ExemptionInputs, exemptionFor, expiredNote, readsForExemptions, type InputExemption, type JudgedUnder } from './input-exemptions.js';
import { StateProjector, type Projection } from './project.js';
import { PassEntries } from './pass-estate.js';
import { ProjectionLog } from './recorded.js';
import { isGroupType, policyTypeOf } from './aliases.js';
import { buildEstate, parentInEstate, resourceGroupId, shortName, subscriptionId, type Estate } from './related.js';
import { pushAll } from '../core/array.js';

export const EFFECTS = ['audit', 'deny', 'disabled', 'append', 'modify', 'auditIfNotExists', 'deployIfNotExists', 'manual', 'denyAction', 'mutate'] as const;
export type Effect = (typeof EFFECTS)[number];
const effectByLower = new Map<string, Effect>(EFFECTS.map((e) => [e.toLowerCase(), e]));

/**
 * Resource-provider modes and the resource types whose data plane they evaluate (policy-applicability
 * doc, "Resource provider modes"; Kubernetes: AKS and Arc-enabled clusters). Offline, only the resource
 * exists: its keys, secrets, pods… do not, so these are reported Unknown.
 */
export const DATA_PLANE_MODES: Record<string, { types: string[]; what: string }> = {
  'microsoft.kubernetes.data': {
    types: ['microsoft.containerservice/managedclusters', 'microsoft.kubernetes/connectedclusters'],
    what: 'Kubernetes objects inside the cluster (pods, services…), evaluated by the Azure Policy add-on (Gatekeeper)',
  },
  'microsoft.keyvault.data': { types: ['microsoft.keyvault/vaults'], what: 'keys, secrets and certificates inside the vault' },
  'microsoft.managedhsm.data': { types: ['microsoft.keyvault/managedhsms'], what: 'keys inside the managed HSM' },
  'microsoft.network.data': { types: ['microsoft.network/virtualnetworks'], what: 'Azure Virtual Network Manager network groups' },
  'microsoft.datafactory.data': { types: ['microsoft.datafactory/factories'], what: 'outbound traffic of the data factory' },
  'microsoft.machinelearningservices.v2.data': { types: ['microsoft.machinelearningservices/workspaces'], what: 'model deployments inside the workspace' },
};

/**
 * The resource-provider modes exemptions work with: "Azure Policy exemptions also work with the following
 * Resource Manager modes: Microsoft.Kubernetes.Data, Microsoft.KeyVault.Data and Microsoft.Network.Data"
 * (https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure). Results of the others
 * are never exempted.
 */
const EXEMPTABLE_DATA_MODES = new Set(['microsoft.kubernetes.data', 'microsoft.keyvault.data', 'microsoft.network.data']);

/** Related resource types whose state Azure computes after deployment: never in a template or plan. */
export const LIVE_TYPES: Record<string, string> = {
  'microsoft.security/assessments':
    'Microsoft Defender for Cloud writes this assessment after it scans the deployed resource; its status is live data',
  'microsoft.guestconfiguration/guestconfigurationassignments':
    'Guest Configuration reports the in-guest (operating system) settings of a running machine; its complianceStatus is live data',
};

export interface PolicyAssignment {
  definition: PolicyDefinition;
  set?: PolicySet;
  reference?: PolicyReference;
  /** Parameter values after defaults, the set's values and --policy-params. */
  parameters: Map<string, Value>;
  effect: Effect | undefined;
  /** Why the effect is unusable, when it is. */
  effectProblem?: string;
  condition?: CompiledCondition;
  problems: string[];
  details?: ExistenceDetails;
  /** A manual effect's then.details.defaultState (effect-manual: "Unknown if not specified"). */
  manualState?: 'Compliant' | 'NonCompliant' | 'Unknown';
  groups: string[];
  modeKind: 'all' | 'indexed' | 'data';
  policyObject: ObjectValue;
  /** `/providers/Microsoft.Authorization/policyDefinitions/<guid>`, as results name the definition. */
  resultId: string;
  /** From a real policy assignment (--assignment, assignment.ts): which resources it evaluates; absent: all. */
  gate?: Gate;
  /**
   * The real assignment's scope, notScopes and resource selectors alone, one function shared by every
   * definition it assigns: false means `gate` is false too, so PolicyPass skips them all at once.
   */
  inScope?: Gate;
  /** With inScope, when the assignment is at a subscription or resource group: its scopeKey (assignment-gate.ts). */
  scopePrefix?: string;
}

interface ExistenceDetails {
  type: string;
  name?: Operand;
  resourceGroupName?: Operand;
  subscriptionScope: boolean;
  existenceCondition?: CompiledCondition;
}

export interface CompileOptions {
  /** --policy-params: values for the top-level set's (or a standalone definition's) parameters. */
  policyParams?: Record<string, unknown>;
  /**
   * Where `policyParams` come from (the --policy-params file as the user named it), and where each key
   * stands in it: an error about a value the user gave names the user's file and line, not the set's.
   */
  policyParamsSource?: { file: string; locate?: (key: string) => SourceLocation | undefined };
  /** An assignment's effect override (assignment.ts): the effect in force instead of the rule's. */
  effect?: string;
}

function parameterError(message: string, fix: string, file: string): Diagnostic {
  return { severity: 'error', code: 'IL5-POLICY-PARAM', message, fix, path: file };
}

/**
 * An error about a value the user gave in `policyParams`: at its key in the user's file when the source is
 * known (the file alone when the key cannot be placed), else at `fallback` (the policy file) as before.
 */
function userValueError(message: string, fix: string, key: string, options: CompileOptions, fallback: string): Diagnostic {
  const src = options.policyParamsSource;
  if (!src) return parameterError(message, fix, fallback);
  const location = src.locate?.(key);
  return { severity: 'error', code: 'IL5-POLICY-PARAM', message, fix, path: src.file, ...(location ? { location } : {}) };
}

/** `(n of the set's definition references use it and are left out until …)`, or nothing when none does. */
function leftOut(uses: number, until: string): string {
  return uses > 0 ? ` (${uses} of the set's definition references use${uses === 1 ? 's' : ''} it and ${uses === 1 ? 'is' : 'are'} left out until ${until})` : '';
}

/**
 * allowedValues: for an Array parameter each member must be allowed (the built-in sets give
 * `["Developer","Premium"]` against a list of single SKU names); otherwise the value itself. Strings
 * match in their case: "Allowed value comparisons are case-sensitive when assigning a policy, meaning
 * that the selected parameter values in the assignment must match the casing of values in the
 * allowedValues array in the definition" (Microsoft Learn, "Azure Policy definition structure
 * parameters", parameter properties, read 2026-12-08): Azure refuses `"audit"` where `"Audit"` is allowed.
 */
function allowed(def: ParameterDef, v: unknown): boolean {
  if (!def.allowedValues) return true;
  const same = (a: unknown, x: unknown): boolean => (typeof a === 'string' && typeof x === 'string' ? a === x : policyEquals(fromJson(a), fromJson(x)) === true);
  const one = (x: unknown): boolean => def.allowedValues?.some((a) => same(a, x)) ?? true;
  if (Array.isArray(v) && def.type?.toLowerCase() === 'array' && !one(v)) return v.every(one);
  return one(v);
}

/** The fix for a value outside allowedValues; it names the allowed spelling when only the case differs. */
function useOneOf(def: ParameterDef, v: unknown): string {
  const choices = `use one of ${JSON.stringify(def.allowedValues)}`;
  const values = Array.isArray(v) ? v : [v];
  for (const x of values) {
    if (typeof x !== 'string') continue;
    const spelled = def.allowedValues?.find((a) => typeof a === 'string' && a !== x && a.toLowerCase() === x.toLowerCase());
    if (spelled !== undefined) return `${choices}: allowed values match in case, as Azure compares them ("${String(spelled)}", not "${x}")`;
  }
  return choices;
}

/**
 * The keys of an object by their lower-cased form (the first of each), made once: looking names up
 * case-insensitively by scanning the keys each time was quadratic in a set of 200,000 parameters (issue 13).
 */
const keyIndex = new WeakMap<object, Map<string, string>>();
function keyOf(obj: Record<string, unknown>, name: string): string | undefined {
  let index = keyIndex.get(obj);
  if (!index) {
    index = new Map();
    for (const k of Object.keys(obj)) if (!index.has(k.toLowerCase())) index.set(k.toLowerCase(), k);
    keyIndex.set(obj, index);
  }
  return index.get(name.toLowerCase());
}

function userParam(params: Record<string, unknown> | undefined, name: string): unknown {
  if (!params) return undefined;
  const k = keyOf(params, name);
  return k === undefined ? undefined : params[k];
}

/** The key of `name` as the user wrote it (any case), for pointing at it in the user's file. */
function userKey(params: Record<string, unknown> | undefined, name: string): string {
  return (params ? keyOf(params, name) : undefined) ?? name;
}

function compileContext(parameters: Map<string, Value>, policyObject: ObjectValue): PolicyEvalContext {
  const resource: AzureResource = { id: '', type: '', name: '' };
  const scope: PolicyScope = {
    resource,
    root: resource as unknown as Value,
    fnResource: resource,
    fnRoot: resource as unknown as Value,
    bindings: [],
    current: [],
    parameters,
    policy: policyObject,
    resourceGroupOf: () => undefined,
    now: undefined,
  };
  return { functions: policyFunctions(), policy: scope };
}

/**
 * Resolves parameters and compiles every definition of every set given (and every definition not in a
 * set, alone). Errors (a set naming a definition that was not given, a parameter value outside its
 * allowed values, a required parameter without a value) are diagnostics; a definition whose rule cannot
 * be compiled becomes an assignment with `problems`, reported Unknown per resource.
 */
export function compilePolicies(loaded: LoadedPolicies, options: CompileOptions = {}): { assignments: PolicyAssignment[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const defs = new Map(loaded.definitions.map((d) => [d.name.toLowerCase(), d]));
  const inSet = new Set<string>();
  const assignments: PolicyAssignment[] = [];

  for (const set of loaded.sets) {
    const setParams = new Map<string, Value>();
    // A set parameter without a usable value — none given and no default, or a value outside its
    // allowedValues — is one error; the definition references that use it are counted into that error
    // (they are left out), not reported one by one as expressions of the set that fail.
    const unresolved = new Map<string, number>();
    // The error of each parameter whose value was refused, made once its references are counted.
    const refused = new Map<string, (uses: number) => Diagnostic>();
    const missing: string[] = [];
    for (const [name, def] of Object.entries(set.parameters)) {
      const given = userParam(options.policyParams, name);
      const v = given !== undefined ? given : def.defaultValue;
      if (v === undefined) {
        unresolved.set(name.toLowerCase(), 0);
        continue;
      }
      if (!allowed(def, v)) {
        unresolved.set(name.toLowerCase(), 0);
        const choices = useOneOf(def, v);
        refused.set(name.toLowerCase(), (uses) =>
          given !== undefined
            ? // The user's value: the error points into the user's file, at the key.
              userValueError(`'${JSON.stringify(v)}' is not an allowed value of '${name}' in '${set.displayName}'${leftOut(uses, 'it has an allowed one')}`, choices, userKey(options.policyParams, name), options, set.file)
            : // "(default)": the user never wrote this value; the set's author did.
              parameterError(`'${JSON.stringify(v)}' (default) is not an allowed value of '${name}' in '${set.displayName}'${leftOut(uses, 'it has an allowed one')}`, `${choices} in --policy-params: {"${name}": …}`, set.file),
        );
        continue;
      }
      setParams.set(name.toLowerCase(), fromJson(v));
    }
    const setCtx = compileContext(setParams, {});
    for (const ref of set.policyDefinitions) {
      const key = definitionKey(ref.policyDefinitionId);
      const def = defs.get(key);
      if (!def) {
        missing.push(key);
        continue;
      }
      inSet.add(key);
      const params = new Map<string, Value>();
      for (const [name, pdef] of Object.entries(def.parameters)) {
        const refKey = keyOf(ref.parameters, name);
        let v: Value | undefined;
        if (refKey !== undefined) {
          const rv = ref.parameters[refKey];
          const raw = rv !== null && typeof rv === 'object' && !Array.isArray(rv) && 'value' in rv ? (rv as { value: unknown }).value : rv;
          try {
            v = evalOperand(operand(raw), setCtx);
          } catch (e) {
            const uses = [...unresolved.keys()].find((p) => typeof raw === 'string' && raw.toLowerCase().includes(`parameters('${p}')`));
            if (uses !== undefined) unresolved.set(uses, (unresolved.get(uses) ?? 0) + 1);
            else diagnostics.push(parameterError(`${set.file}: parameter '${name}' of ${key}: ${(e as Error).message}`, 'fix the expression in the set', set.file));
            continue;
          }
        } else if (pdef.defaultValue !== undefined) v = fromJson(pdef.defaultValue);
        if (v === undefined) {
          diagnostics.push(parameterError(`definition ${key} needs a value for '${name}' and set '${set.displayName}' gives none`, 'add the parameter to the set reference', set.file));
          continue;
        }
        params.set(name.toLowerCase(), v);
      }
      assignments.push(compileAssignment(def, params, set, ref, options.effect));
    }
    for (const [p, uses] of unresolved) {
      const report = refused.get(p);
      if (report) {
        diagnostics.push(report(uses));
        continue;
      }
      const name = keyOf(set.parameters, p) ?? p;
      diagnostics.push(parameterError(`policy set '${set.displayName}' needs a value for its parameter '${name}'${leftOut(uses, 'it has one')}`, `give it in --policy-params: {"${name}": …}`, set.file));
    }
    if (missing.length > 0) diagnostics.push(missingDefinitionsError(set, missing));
  }
  for (const def of loaded.definitions) {
    if (inSet.has(def.name.toLowerCase())) continue;
    const params = new Map<string, Value>();
    let ok = true;
    for (const [name, pdef] of Object.entries(def.parameters)) {
      const given = userParam(options.policyParams, name);
      const v = given !== undefined ? given : pdef.defaultValue;
      if (v === undefined) {
        diagnostics.push(parameterError(`definition '${def.displayName}' (${def.name}) needs a value for its parameter '${name}'`, `give it in --policy-params: {"${name}": …}`, def.file));
        ok = false;
        continue;
      }
      if (!allowed(pdef, v)) {
        const message = `'${JSON.stringify(v)}'${given !== undefined ? '' : ' (default)'} is not an allowed value of '${name}' in '${def.displayName}'`;
        const fix = useOneOf(pdef, v);
        diagnostics.push(given !== undefined ? userValueError(message, fix, userKey(options.policyParams, name), options, def.file) : parameterError(message, `${fix} in --policy-params: {"${name}": …}`, def.file));
        ok = false;
        continue;
      }
      params.set(name.toLowerCase(), fromJson(v));
    }
    if (ok) assignments.push(compileAssignment(def, params, undefined, undefined, options.effect));
  }
  return { assignments, diagnostics };
}

function prop(o: Record<string, unknown> | undefined, name: string): unknown {
  if (!o) return undefined;
  if (name in o) return o[name];
  const k = Object.keys(o).find((x) => x.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : o[k];
}

function compileAssignment(def: PolicyDefinition, parameters: Map<string, Value>, set?: PolicySet, ref?: PolicyReference, effectOverride?: string): PolicyAssignment {
  const policyObject: ObjectValue = {
    assignmentId: new Unknown('the policy assignment id exists only once the policy is assigned in Azure'),
    definitionId: def.id,
    setDefinitionId: set?.id ?? '',
    definitionReferenceId: ref?.policyDefinitionReferenceId ?? '',
  };
  const ctx = compileContext(parameters, policyObject);
  const problems: string[] = [];
  const modeLower = def.mode.toLowerCase();
  const modeKind = modeLower === 'all' ? 'all' : modeLower === 'indexed' ? 'indexed' : 'data';
  // Effect: a literal or an expression over the parameters.
  let effect: Effect | undefined;
  let effectProblem: string | undefined;
  try {
    const ev = effectOverride ?? evalOperand(operand(def.policyRule.then.effect ?? prop(def.policyRule.then, 'effect')), ctx);
    effect = typeof ev === 'string' ? effectByLower.get(ev.toLowerCase()) : undefined;
    if (!effect) effectProblem = `the effect ${describe(ev)} is not one of ${EFFECTS.join(', ')}`;
  } catch (e) {
    effectProblem = `the effect cannot be evaluated: ${(e as Error).message}`;
  }
  const a: PolicyAssignment = {
    definition: def,
    ...(set ? { set } : {}),
    ...(ref ? { reference: ref } : {}),
    parameters,
    effect,
    ...(effectProblem ? { effectProblem } : {}),
    problems,
    groups: ref?.groupNames ?? [],
    modeKind,
    policyObject,
    resultId: `/providers/Microsoft.Authorization/policyDefinitions/${def.name}`,
  };
  if (modeKind === 'data' || effect === 'disabled') return a;
  if (effect === 'manual') manualDefaultState(def, ctx, a, problems);
  withCompileContext(ctx, () => {
    const c = compileCondition(def.policyRule.if, 'policyRule.if');
    for (const p of c.problems) problems.push(`${p.path}: ${p.message}`);
    if (c.condition) a.condition = c.condition;
    if (effect === 'auditIfNotExists' || effect === 'deployIfNotExists') {
      const details = prop(def.policyRule.then, 'details');
      const d = details !== null && typeof details === 'object' && !Array.isArray(details) ? (details as Record<string, unknown>) : undefined;
      const type = prop(d, 'type');
      if (typeof type !== 'string') {
        problems.push('then.details.type: an IfNotExists effect needs the type of the related resource');
        return;
      }
      const ed: ExistenceDetails = { type, subscriptionScope: String(prop(d, 'existenceScope') ?? '').toLowerCase() === 'subscription' };
      const name = prop(d, 'name');
      const rg = prop(d, 'resourceGroupName');
      try {
        if (name !== undefined) ed.name = operand(name);
        if (rg !== undefined) ed.resourceGroupName = operand(rg);
      } catch (e) {
        problems.push(`then.details: ${(e as Error).message}`);
      }
      const ec = prop(d, 'existenceCondition');
      if (ec !== undefined) {
        const c2 = compileCondition(ec, 'policyRule.then.details.existenceCondition');
        for (const p of c2.problems) problems.push(`${p.path}: ${p.message}`);
        if (c2.condition) ed.existenceCondition = c2.condition;
      }
      a.details = ed;
    }
  });
  return a;
}

/**
 * "The Azure Policy compliance engine evaluates all applicable resources to the default state specified in
 * the definition (`Unknown` if not specified)" (Microsoft Learn, "Azure Policy definitions manual effect",
 * https://learn.microsoft.com/azure/governance/policy/concepts/effect-manual, read 2026-12-08); the
 * definition schema's defaultState is one of Compliant, NonCompliant, Unknown, or an expression
 * (https://schema.management.azure.com/schemas/2020-10-01/policyDefinition.json, manualDetails). Before,
 * every manual verdict was Unknown whatever the definition's defaultState.
 */
function manualDefaultState(def: PolicyDefinition, ctx: PolicyEvalContext, a: PolicyAssignment, problems: string[]): void {
  const details = prop(def.policyRule.then, 'details');
  const raw = details !== null && typeof details === 'object' && !Array.isArray(details) ? prop(details as Record<string, unknown>, 'defaultState') : undefined;
  if (raw === undefined) return;
  let v: Value;
  try {
    v = evalOperand(operand(raw), ctx);
  } catch (e) {
    problems.push(`then.details.defaultState cannot be evaluated: ${(e as Error).message}`);
    return;
  }
  if (isUnknown(v)) return;
  const state = typeof v === 'string' ? MANUAL_STATES.find((x) => x.toLowerCase() === v.toLowerCase()) : undefined;
  if (state) a.manualState = state;
  else problems.push(`then.details.defaultState ${describe(v)} is not one of ${MANUAL_STATES.join(', ')}`);
}

const MANUAL_STATES = ['Compliant', 'NonCompliant', 'Unknown'] as const;

export interface EvaluateOptions {
  /**
   * utcNow() (ISO 8601); Unknown in policies that read it when not given. Also the date policy exemptions
   * of the input expire against (one without it exempts only without an expiry).
   */
  now?: string;
  /** Apply the projections of project.ts (default true). */
  project?: boolean;
  /** Hand each result on as it is made, in the same order, instead of returning it (results then comes back empty). */
  onResult?: (result: CheckResult) => void;
}

export interface Evaluation {
  results: CheckResult[];
  projections: Projection[];
  /** Warnings about policy exemptions of the input (expired, assignment missing…): input-exemptions.ts. */
  diagnostics: Diagnostic[];
}

/** Azure Policy does not evaluate Microsoft.Resources types except subscriptions and resource groups (policy-applicability doc, note). */
function evaluated(type: string): boolean {
  const t = type.toLowerCase();
  if (!t.startsWith('microsoft.resources/')) return true;
  return t === 'microsoft.resources/subscriptions' || isGroupType(t);
}

/**
 * Indexed mode leaves out resource groups and subscriptions, though they take tags and a location: "all:
 * evaluate resource groups, subscriptions, and all resource types; indexed: only evaluate resource types
 * that support tags and location … The exception is resource groups and subscriptions. Policy definitions
 * that enforce location or tags on a resource group or subscription should set mode to all" (Microsoft
 * Learn, "Azure Policy definition structure basics", Resource Manager modes, read 2026-12-08); the built-in
 * "Allowed locations" (Indexed, e56962a6) "Excludes resource groups" by its mode alone.
 */
function container(type: string): boolean {
  return type.toLowerCase() === 'microsoft.resources/subscriptions' || isGroupType(type);
}

/**
 * Indexed mode "only evaluates resource types that support tags and location". Azure knows this from
 * each provider's registration; offline, the resource itself tells: a tracked resource declares a
 * location (ARM requires one), a proxy resource (subnet, diagnostic setting, child config) has none.
 * https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-basics#resource-manager-modes
 */
export function supportsTagsAndLocation(r: AzureResource): boolean {
  return (typeof r.location === 'string' && r.location !== '') || isUnknown(r.location);
}

/** Evaluates assignments over resources: one result per applicable pair, in input order, then assignment order. */
export function evaluatePolicies(resources: readonly AzureResource[], assignments: readonly PolicyAssignment[], options: EvaluateOptions = {}): CheckResult[] {
  return evaluateDetailed(resources, assignments, options).results;
}

/** evaluatePolicies, with the projections of state that were applied (for reports and docs). */
export function evaluateDetailed(resources: readonly AzureResource[], assignments: readonly PolicyAssignment[], options: EvaluateOptions = {}): Evaluation {
  const pass = new PolicyPass(assignments, { keepAll: true, ...(options.now !== undefined ? { now: options.now } : {}), ...(options.project !== undefined ? { project: options.project } : {}) });
  for (const r of resources) pass.see(r);
  pass.finish();
  const results: CheckResult[] = [];
  const emit = options.onResult ?? ((res: CheckResult): void => void results.push(res));
  resources.forEach((r, i) => pass.evaluate(r, i, emit));
  return { results, projections: pass.projections, diagnostics: pass.diagnostics };
}

export interface PolicyPassOptions {
    /** Where the pass's records and indexes are (default memoryStore()). */
  store?: Store;
  /** The lower-case ids of a check's indexes (shared with its other passes and the kept resources); default: one of `store`. */
  ids?: IdTable;
  /** The resources the pass keeps, as records (default memoryKept()). */
  kept?: KeptResources;
  /** As EvaluateOptions.now. */
  now?: string;
  /** Apply the projections of project.ts (default true). */
  project?: boolean;
  /** Keep every resource: the estate is the whole input (evaluateDetailed, whose input is all in memory anyway). */
  keepAll?: boolean;
  /**
   * The estate the lookups see, in place of the one built (tests: a guard that every lookup asks for a
   * type policyReads declared).
   */
  viewEstate?: (estate: Estate) => Estate;
}

const GROUP_TYPE = 'microsoft.resources/resourcegroups';

/**
 * The lower-case types whose full objects an evaluation of these assignments can be handed from the
 * estate, or 'all': the related type of every auditIfNotExists / deployIfNotExists (an expression, which
 * the engine does not evaluate, gives 'all'), resource groups (resourceGroup() reads the group's location,
 * tags and managedBy), and the policy exemptions and assignments of the input (readInputExemptions).
 */
export function policyReads(assignments: readonly PolicyAssignment[]): ReadonlySet<string> | 'all' {
  const out = new Set<string>([GROUP_TYPE, EXEMPTION_TYPE, ASSIGNMENT_TYPE]);
  for (const a of assignments) {
    if (!a.details) continue;
    if (a.details.type.trim().startsWith('[')) return 'all';
    out.add(a.details.type.toLowerCase());
  }
  return out;
}

/**
 * evaluateDetailed in two passes over the input (docs/policy-engine.md, "Two passes"): `see` each resource in input order
 * (true: it is kept, hand this same object back to evaluate() and do not change it), `finish`, then
 * `evaluate` resources by index in any order. Kept: resources of the types policyReads gives and those whose
 * id is a resource group's (what resourceGroup() looks up by id) — but of a policy assignment no lookup can
 * return, only what readInputExemptions reads (assignmentStandIn). Of every other resource that has a
 * parent, a stub (id, type, scope) stays so that descendant lookups walk through it as through the resource.
 */
export class PolicyPass {
  /** Input-exemption warnings (readInputExemptions' diagnostics), after finish(). */
  readonly diagnostics: Diagnostic[] = [];
  /** Projections applied, after finish() (new objects each time: they wait in the store). */
  get projections(): Projection[] {
    return this.projectionLog.all();
  }
  /** What the lookups can return (policyReads). */
  readonly reads: ReadonlySet<string> | 'all';
  /** Pass 1's retention: resources kept whole, and stubs (id, type, scope) of the others that have a parent. */
  readonly retained = { kept: 0, stubs: 0 };
  private readonly now: string | undefined;
  private readonly projector: StateProjector | undefined;
  private readonly store: Store;
  private readonly ids: IdTable;
  private readonly keptResources: KeptResources;
  private readonly viewEstate: ((estate: Estate) => Estate) | undefined;
  private readonly keepAll: boolean;
  /** Policy assignments are kept whole only when a lookup can return them; else readInputExemptions gets a stand-in. */
  private readonly assignmentsWhole: boolean;
  /** Pass 1: what readInputExemptions reads of the input's policy exemptions and assignments, as numbers. */
  private readonly exemptionInputs: ExemptionInputs;
  /** Kept resources and stubs in input order (as numbers), then the resources the projections add: the estate's entries. */
  private readonly entries: PassEntries;
  private seen = 0;
  private finished = false;
  private estate: Estate | undefined;
  private added = new WeakSet<AzureResource>();
  private possible: ReadonlyMap<AzureResource, string> = new Map();
  /** Which facts came from a projection, so that a reason relying on one says so. */
  private readonly projectionLog: ProjectionLog;
  private exemptions = new ExemptionIndex([]);
  private expired = new ExemptionIndex([]);
  private readonly under = new Map<PolicyAssignment, JudgedUnder>();
  /** Assignments by the types they can apply to; the rest are tried on every resource. */
  private readonly byType = new Map<string, PolicyAssignment[]>();
  private readonly anyType: PolicyAssignment[] = [];
  private readonly order: Map<PolicyAssignment, number>;
  /** Each data-plane assignment's mode, looked up once rather than lower-cased again for every resource. */
  private readonly dataModes: DataMode[] = [];
  /**
   * Those of a type, made once per type: the DoD IL5 set has 13 Kubernetes data-plane definitions, so 1,000
   * assignments of it had every resource test 13,000 modes (100,000 resources: 28 s, 2026-12-07).
   */
  private readonly dataModesByType = new Map<string, DataMode[]>();
  /** The assignments to try on a type, in assignment order; built once per type spelling. */
  private readonly perType = new Map<string, Candidates>();
  private readonly typeInfo = new Map<string, { lower: string; evaluated: boolean; container: boolean }>();
  private readonly scope: PolicyScope;
  private readonly ev: Ev;

  constructor(assignments: readonly PolicyAssignment[], options: PolicyPassOptions = {}) {
    this.now = options.now;
    this.store = options.store ?? memoryStore();
    this.ids = options.ids ?? this.store.ids();
    this.keptResources = options.kept ?? memoryKept();
    this.exemptionInputs = new ExemptionInputs({ store: this.store, kept: this.keptResources });
    this.projectionLog = new ProjectionLog(this.store);
    // What the projections add and the projections themselves go to the store as finish() makes them:
    // records of the kept resources (what may or may not exist stays an object: a PossibleMember would not
    // read back as itself), and the projection log.
    const projector =
      options.project === false
        ? undefined
        : new StateProjector({
            store: this.store,
            ids: this.ids,
            onAdded: (a, why) => this.entries.addAdded(a, why === undefined ? this.keptResources.keep(a) : undefined),
            onProjection: (p) => this.projectionLog.add(p),
          });
    this.projector = projector;
    this.entries = new PassEntries(this.store, this.ids, this.keptResources, projector ? (r, index) => projector.project(r, index) : (r) => r);
    this.viewEstate = options.viewEstate;
    this.keepAll = options.keepAll === true;
    this.reads = policyReads(assignments);
    this.assignmentsWhole = this.keepAll || this.reads === 'all' || assignments.some((a) => a.details?.type.toLowerCase() === ASSIGNMENT_TYPE);
    const dataPlane: PolicyAssignment[] = [];
    for (const a of assignments) {
      if (a.effect === 'disabled') continue;
      if (a.modeKind === 'data') {
        dataPlane.push(a);
        continue;
      }
      const types = a.condition ? a.condition.types : typesNamed(a.definition.policyRule.if);
      if (!types) this.anyType.push(a);
      else
        for (const t of types) {
          const list = this.byType.get(t);
          if (list) list.push(a);
          else this.byType.set(t, [a]);
        }
    }
    this.order = new Map(assignments.map((a, i) => [a, i]));
    for (const a of dataPlane) {
      const mode = a.definition.mode.toLowerCase();
      const m = DATA_PLANE_MODES[mode];
      if (m) this.dataModes.push({ a, m, exemptable: EXEMPTABLE_DATA_MODES.has(mode) });
    }
    this.scope = {
      resource: { id: '', type: '', name: '' },
      root: null,
      fnResource: { id: '', type: '', name: '' },
      fnRoot: null,
      bindings: [],
      current: [],
      parameters: new Map(),
      policy: {},
      resourceGroupOf: (r: AzureResource): AzureResource | undefined => {
        const rg = resourceGroupId(r.id);
        return rg ? this.estate?.byId(rg) : undefined;
      },
      now: options.now,
    };
    this.ev = { ctx: { functions: policyFunctions(), policy: this.scope }, leaf: undefined, found: undefined, foundCollection: false };
  }

  /** Pass 1, every input resource in input order. true: hand this same object back to evaluate() in pass 2 and do not mutate it. */
  see(resource: AzureResource): boolean {
    if (this.finished) throw new Error('PolicyPass.see after finish');
    const index = this.seen++;
    this.projector?.see(resource);
    const { reads } = this;
    const type = resource.type.toLowerCase();
    if (readsForExemptions(type)) this.exemptionInputs.see(resource);
    const standIn = type === ASSIGNMENT_TYPE && !this.assignmentsWhole;
    const keep = !standIn && (this.keepAll || reads === 'all' || reads.has(type) || resourceGroupId(resource.id) === resource.id.toLowerCase());
    if (keep) {
      // Its record (KeptResources.keep gives the object kept last the same record: the other pass and runPasses share it).
      this.entries.setRecord(this.entries.addKept(resource, index, type), this.keptResources.keep(resource));
      this.retained.kept++;
      return true;
    }
    const parent = parentInEstate(resource, type);
    if (parent) {
      // Its id and scope lower-cased (the walks compare ids so; a lookup never returns a stub: its type is not read).
      this.entries.addStub(resource, index, parent);
      this.retained.stubs++;
    }
    return false;
  }

  /** After pass 1 (before any evaluate). */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const { projector } = this;
    if (projector) projector.finish();
    const estate = buildEstate(this.entries, this.store, this.ids);
    this.estate = this.viewEstate ? this.viewEstate(estate) : estate;
    this.added = this.entries.addedSeen;
    if (projector) this.possible = projector.possible;
    // readInputExemptions reads the input as given (not projected): its exemptions and assignments, as numbers (ExemptionInputs).
    const declared = this.exemptionInputs.read(this.now);
    pushAll(this.diagnostics, declared.diagnostics);
    this.exemptions = declared.exemptions;
    this.expired = declared.expired;
  }

  private judgedUnder(a: PolicyAssignment): JudgedUnder {
    let u = this.under.get(a);
    if (!u) {
      u = {
        definition: definitionKey(a.definition.name),
        ...(a.set ? { setNames: [definitionKey(a.set.id), a.set.name.toLowerCase()] } : {}),
        ...(a.reference?.policyDefinitionReferenceId !== undefined ? { referenceId: a.reference.policyDefinitionReferenceId } : {}),
      };
      this.under.set(a, u);
    }
    return u;
  }

  // A pair with no compliance state (denyAction) has nothing to exempt.
  private withExemption(a: PolicyAssignment, res: CheckResult): CheckResult {
    const { exemptions, expired } = this;
    if ((!exemptions.size && !expired.size) || res.compliance === 'NotApplicable') return res;
    const e: InputExemption | undefined = exemptionFor(exemptions, res.resourceId, this.judgedUnder(a));
    if (e) return exempt(res, e);
    const old = expired.size ? exemptionFor(expired, res.resourceId, this.judgedUnder(a)) : undefined;
    return old ? expiredNote(res, old) : res;
  }

  private candidatesFor(type: string): Candidates {
    let c = this.perType.get(type);
    if (!c) {
      // A resource group is typed as policy rules name it (Microsoft.Resources/subscriptions/resourceGroups).
      const typed = this.byType.get(policyTypeOf(type).toLowerCase()) ?? [];
      c = candidates([...typed, ...this.anyType].sort((x, y) => (this.order.get(x) ?? 0) - (this.order.get(y) ?? 0)));
      this.perType.set(type, c);
    }
    return c;
  }

  /** The data-plane assignments whose mode evaluates this type, in order. */
  private dataModesFor(typeLower: string): DataMode[] {
    let d = this.dataModesByType.get(typeLower);
    if (!d) {
      d = this.dataModes.filter(({ m }) => m.types.includes(typeLower));
      this.dataModesByType.set(typeLower, d);
    }
    return d;
  }

  /** Pass 2: exactly what evaluateDetailed emits for the resource at `index` (projected state applied), in its order. */
  evaluate(resource: AzureResource, index: number, emit: (r: CheckResult) => void): void {
    const { estate } = this;
    if (!this.finished || !estate) throw new Error('PolicyPass.evaluate before finish');
    // A kept resource comes back as the object kept (or its stand-in, or a fresh read of it): projected as the estate gives it.
    const r = this.projector ? this.projector.project(resource, index) : resource;
    let info = this.typeInfo.get(r.type);
    if (!info) {
      info = { lower: r.type.toLowerCase(), evaluated: evaluated(r.type), container: container(r.type) };
      this.typeInfo.set(r.type, info);
    }
    if (!info.evaluated) return;
    const typeLower = info.lower;
    const c = this.candidatesFor(r.type);
    const { list, starts, ends } = c;
    if (this.dataModes.length) for (const { a, m, exemptable } of this.dataModesFor(typeLower)) {
      const admitted = admits(a, r);
      if (admitted !== false) {
        const res = result(a, r, 'Unknown', `mode ${a.definition.mode} evaluates ${m.what}; those exist only in the running service, not in a template or resource list`);
        emit(exemptable ? this.withExemption(a, res) : res);
      }
    }
    // The runs whose assignment's scope may hold the resource (all of them, without real assignments).
    const runs = c.byScope.size ? runsFor(c, r.id) : undefined;
    for (let n = 0, count = runs ? runs.length : starts.length; n < count; n++) {
      const k = runs ? (runs[n] as number) : n;
      for (let i = starts[k] as number, end = ends[k] as number; i < end; i++) {
        const a = list[i] as PolicyAssignment;
        // A real assignment whose scope leaves the resource out: none of its definitions is evaluated on it.
        if (a.inScope !== undefined && a.inScope(r) === false) break;
        if (a.modeKind === 'indexed' && (info.container || !supportsTagsAndLocation(r))) continue;
        // A real assignment's scope, notScopes, resource selectors and overrides (assignment-gate.ts).
        const admitted = admits(a, r);
        if (admitted === false) continue;
        const res = evaluateOne(a, r, this.scope, this.ev, estate, this.added, this.possible);
        if (res) {
          if (admitted !== true) undecided(res, admitted);
          const what = /privateEndpointConnections/i.test(res.reason) ? this.projectionLog.whatOn(r.id) : undefined;
          if (what !== undefined) res.reason += ` (projected state: ${what})`;
          emit(this.withExemption(a, res));
        }
      }
    }
  }
}

interface DataMode {
  a: PolicyAssignment;
  m: { types: string[]; what: string };
  exemptable: boolean;
}

/**
 * A type's assignments in order, cut into runs: the definitions of one real assignment are consecutive
 * (assignment.ts adds them together) and share its `inScope`, so a run is skipped at its first member.
 * The runs of an assignment at a subscription or resource group are indexed by that scope, so a resource
 * visits only those its id falls under (and the runs without such a scope): 300 assignments of the DoD IL5
 * set give a storage account some 6,000 candidates, and each resource is in the scope of few of them
 * (100,000 resources: 36 s with every candidate asked, 2026-12-07).
 */
interface Candidates {
  list: PolicyAssignment[];
  /** Run k is list[starts[k]] to list[ends[k] - 1]. */
  starts: Int32Array;
  ends: Int32Array;
  /** Runs by their assignment's scope (scopeKey: lower case, no trailing slash). */
  byScope: Map<string, number[]>;
  /** The lengths of those scopes: a resource's id is cut only where one could match. */
  scopeLengths: Set<number>;
  /** The runs every resource visits: without an assignment, or at a management group or no scope. */
  always: number[];
}

function candidates(list: PolicyAssignment[]): Candidates {
  const starts: number[] = [];
  const ends: number[] = [];
  const byScope = new Map<string, number[]>();
  const scopeLengths = new Set<number>();
  const always: number[] = [];
  for (let i = 0; i < list.length; ) {
    const a = list[i] as PolicyAssignment;
    let end = i + 1;
    while (end < list.length && list[end]?.inScope === a.inScope) end++;
    const k = starts.length;
    starts.push(i);
    ends.push(end);
    const key = a.inScope !== undefined ? a.scopePrefix : undefined;
    if (key === undefined) always.push(k);
    else {
      const runs = byScope.get(key);
      if (runs) runs.push(k);
      else byScope.set(key, [k]);
      scopeLengths.add(key.length);
    }
    i = end;
  }
  return { list, starts: Int32Array.from(starts), ends: Int32Array.from(ends), byScope, scopeLengths, always };
}

/**
 * The runs to visit for a resource, in order: `always`, and those indexed under the id itself or under
 * the id cut at one of its slashes (underScope's rule: the scope, or the scope then `/`).
 */
function runsFor(c: Candidates, id: string): readonly number[] {
  const lower = id.toLowerCase();
  let found: number[] | undefined;
  const look = (key: string): void => {
    const runs = c.byScope.get(key);
    if (runs) found = found ? found.concat(runs) : runs;
  };
  if (c.scopeLengths.has(lower.length)) look(lower);
  for (let i = lower.indexOf('/'); i >= 0 && i < lower.length; i = lower.indexOf('/', i + 1)) {
    if (c.scopeLengths.has(i)) look(lower.slice(0, i));
  }
  if (found === undefined) return c.always;
  return c.always.concat(found).sort((x, y) => x - y);
}

// Built by assignment rather than spreads: one object per verdict, nothing temporary (100,000-resource estates).
/**
 * For a rule that did not compile: the resource types its `if` names literally (`field type equals/in`),
 * so that its Unknown verdicts land on those resources only, not on the whole estate.
 */
function typesNamed(cond: unknown): Set<string> | undefined {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const f = prop(o, 'field');
      if (typeof f === 'string' && f.toLowerCase() === 'type') {
        for (const k of ['equals', 'in']) {
          const t = prop(o, k);
          for (const x of Array.isArray(t) ? t : [t]) if (typeof x === 'string' && !x.startsWith('[')) out.add(x.toLowerCase());
        }
      }
      Object.values(o).forEach(visit);
    }
  };
  visit(cond);
  return out.size ? out : undefined;
}

function result(a: PolicyAssignment, r: AzureResource, compliance: Compliance, reason: string): CheckResult {
  const out: CheckResult = { policyDefinitionId: a.resultId, resourceId: r.id, resourceType: r.type, compliance, effect: a.effect ?? 'unknown', reason };
  if (a.set) out.policySetDefinitionId = a.set.id;
  if (a.reference?.policyDefinitionReferenceId) out.policyDefinitionReferenceId = a.reference.policyDefinitionReferenceId;
  out.displayName = a.definition.displayName;
  if (r.source) out.source = r.source;
  if (a.groups.length) out.groups = a.groups;
  return out;
}

function resetScope(scope: PolicyScope, a: PolicyAssignment, r: AzureResource): void {
  scope.resource = r;
  scope.root = r as unknown as Value;
  scope.fnResource = r;
  scope.fnRoot = r as unknown as Value;
  scope.bindings.length = 0;
  scope.current.length = 0;
  scope.parameters = a.parameters;
  scope.policy = a.policyObject;
}

function evaluateOne(
  a: PolicyAssignment,
  r: AzureResource,
  scope: PolicyScope,
  ev: Ev,
  estate: Estate,
  added: WeakSet<AzureResource>,
  possible: ReadonlyMap<AzureResource, string>,
): CheckResult | undefined {
  const cond = a.condition;
  if (!cond || a.problems.length || !a.effect) {
    const why = a.effectProblem ?? (a.problems.length ? a.problems.join('; ') : 'the rule cannot be compiled');
    return result(a, r, 'Unknown', `il5ml cannot evaluate this definition: ${why}`);
  }
  resetScope(scope, a, r);
  ev.leaf = undefined;
  const ifNotExists = a.effect === 'auditIfNotExists' || a.effect === 'deployIfNotExists';
  // A resource reaches here only when its type is in cond.types; when only type conditions decide
  // applicability, that already makes it applicable.
  // "When any conditions … include a location condition: Won't be applicable to subscriptions" (Microsoft
  // Learn, "What is applicability in Azure Policy?", special cases of the effects other than *IfNotExists,
  // https://learn.microsoft.com/azure/governance/policy/concepts/policy-applicability, read 2026-12-08).
  if (!ifNotExists && cond.readsLocation && r.type.toLowerCase() === 'microsoft.resources/subscriptions') return undefined;
  if (!ifNotExists && !cond.applicableByType) {
    const applicable = cond.applicable(ev, false);
    if (applicable === false) return undefined;
    ev.leaf = undefined;
  }
  const outcome = cond.eval(ev);
  if (isUnknown(outcome)) return result(a, r, 'Unknown', `if: ${explain(ev, outcome)}`);
  if (!ifNotExists) {
    if (!outcome) return result(a, r, 'Compliant', `if not matched: ${explain(ev, outcome)}`);
    const why = explain(ev, outcome);
    switch (a.effect) {
      case 'manual':
        if (a.manualState !== undefined && a.manualState !== 'Unknown') return result(a, r, a.manualState, `manual policy: the definition's defaultState, ${a.manualState}, until a person attests otherwise (if matched: ${why})`);
        return result(a, r, 'Unknown', `manual policy: compliance is attested by a person, not computed (if matched: ${why})`);
      case 'denyAction':
        return result(a, r, 'NotApplicable', `denyAction blocks delete requests only; it gives no compliance state to a resource (if matched: ${why})`);
      case 'modify':
        return result(a, r, 'NonCompliant', `if matched: ${why}; modify would change: ${describeOperations(a, ev)}`);
      case 'append':
        return result(a, r, 'NonCompliant', `if matched: ${why}; append would add: ${describeAppend(a, ev)}`);
      default:
        return result(a, r, 'NonCompliant', `if matched: ${why}`);
    }
  }
  if (!outcome) return undefined;
  return existence(a, r, scope, ev, estate, explain(ev, outcome), added, possible);
}

function describeOperations(a: PolicyAssignment, ev: Ev): string {
  const d = prop(a.definition.policyRule.then, 'details') as Record<string, unknown> | undefined;
  const ops = prop(d, 'operations');
  if (!Array.isArray(ops)) return 'no operations given';
  return ops
    .map((o) => {
      const op = o as Record<string, unknown>;
      let v: Value | undefined;
      try {
        v = prop(op, 'value') === undefined ? undefined : evalOperand(operand(prop(op, 'value')), ev.ctx);
      } catch {
        v = undefined;
      }
      return `${String(prop(op, 'operation'))} ${String(prop(op, 'field'))}${v === undefined ? '' : ` = ${describe(v)}`}`;
    })
    .join(', ');
}

function describeAppend(a: PolicyAssignment, ev: Ev): string {
  const d = prop(a.definition.policyRule.then, 'details');
  const items = Array.isArray(d) ? d : [];
  return (
    items
      .map((x) => {
        const o = x as Record<string, unknown>;
        let v: Value | undefined;
        try {
          v = evalOperand(operand(prop(o, 'value')), ev.ctx);
        } catch {
          v = undefined;
        }
        return `${String(prop(o, 'field'))} = ${describe(v)}`;
      })
      .join(', ') || 'nothing'
  );
}

function evalText(o: Operand | undefined, ev: Ev): string | Unknown | undefined {
  if (!o) return undefined;
  try {
    const v = evalOperand(o, ev.ctx);
    if (isUnknown(v)) return v;
    return typeof v === 'string' ? v : new Unknown(`expected a name, got ${describe(v)}`);
  } catch (e) {
    return new Unknown(`the expression ${o.kind === 'expr' ? o.text : ''} fails: ${(e as Error).message}`);
  }
}

/** auditIfNotExists / deployIfNotExists: find the related resources, test existenceCondition on each. */
function existence(
  a: PolicyAssignment,
  r: AzureResource,
  scope: PolicyScope,
  ev: Ev,
  estate: Estate,
  ifWhy: string,
  added: WeakSet<AzureResource>,
  possible: ReadonlyMap<AzureResource, string>,
): CheckResult {
  const projectedNote = (c: AzureResource): string => (added.has(c) ? ' (projected: Azure creates it after deployment, docs/policy-engine.md#projected-state)' : '');
  const d = a.details;
  if (!d) return result(a, r, 'Unknown', 'the IfNotExists details are missing');
  const typeLower = d.type.toLowerCase();
  const rLower = r.type.toLowerCase();
  const name = evalText(d.name, ev);
  if (isUnknown(name)) return result(a, r, 'Unknown', `if matched (${ifWhy}); the related ${d.type} name cannot be known offline: ${name.reason}`);
  const rgName = evalText(d.resourceGroupName, ev);
  if (isUnknown(rgName)) return result(a, r, 'Unknown', `if matched (${ifWhy}); the related resource group cannot be known offline: ${rgName.reason}`);

  let candidates: AzureResource[];
  let where: string;
  const under = estate.descendantsOfType(r.id, typeLower);
  if (typeLower.startsWith(`${rLower}/`) || under.length) {
    candidates = under;
    where = `under ${r.id}`;
  } else if (d.subscriptionScope || rLower === 'microsoft.resources/subscriptions') {
    const sub = subscriptionId(r.id);
    candidates = estate.inSubscription(typeLower, sub);
    where = `in subscription ${sub.split('/')[2] ?? sub}`;
  } else if (rgName !== undefined) {
    const sub = subscriptionId(r.id);
    candidates = estate.inGroup(typeLower, `${sub}/resourcegroups/${rgName.toLowerCase()}`);
    where = `in resource group ${rgName}`;
  } else if (isExtensionType(typeLower)) {
    candidates = [];
    where = `attached to ${r.id}`;
  } else {
    const rg = rLower === 'microsoft.resources/resourcegroups' ? r.id.toLowerCase() : resourceGroupId(r.id);
    candidates = estate.inGroup(typeLower, rg);
    where = `in resource group ${rg.split('/')[4] ?? rg}`;
  }
  if (name !== undefined) candidates = candidates.filter((c) => shortName(c).toLowerCase() === name.toLowerCase() || c.name.toLowerCase() === name.toLowerCase());
  const named = name !== undefined ? ` named '${name}'` : '';

  if (!candidates.length) {
    const live = LIVE_TYPES[typeLower];
    if (live) return result(a, r, 'Unknown', `if matched (${ifWhy}); needs live data: ${live}`);
    return result(a, r, 'NonCompliant', `if matched (${ifWhy}); no ${d.type}${named} ${where} in the input`);
  }
  const ec = d.existenceCondition;
  // A related resource that may not exist (projected from a value known only after deployment) can make
  // the verdict Unknown, never Compliant.
  const maybe = (c: AzureResource): string | undefined => (possible.size ? possible.get(c) : undefined);
  const first = candidates.find((c) => maybe(c) === undefined);
  if (!ec) {
    if (first) return result(a, r, 'Compliant', `related ${d.type} '${first.name}' exists ${where}${projectedNote(first)}`);
    const c0 = candidates[0];
    return result(a, r, 'Unknown', `if matched (${ifWhy}); a related ${d.type} ${where} may exist: ${c0 ? (maybe(c0) ?? '') : ''}`);
  }
  let pending: { c: AzureResource; why: string } | undefined;
  let lastFalse: { c: AzureResource; why: string } | undefined;
  for (const c of candidates) {
    // Field conditions read the related resource; field() still reads the evaluated one (effect docs).
    scope.resource = c;
    scope.root = c as unknown as Value;
    scope.bindings.length = 0;
    scope.current.length = 0;
    ev.leaf = undefined;
    const out = ec.eval(ev);
    const may = maybe(c);
    if (may !== undefined) {
      // It decides nothing when it would fail the condition anyway; otherwise the verdict hangs on it.
      if (out !== false) pending ??= { c, why: `may exist: ${may}` };
      continue;
    }
    if (out === true) {
      restore(scope, r);
      return result(a, r, 'Compliant', `related ${d.type} '${c.name}'${projectedNote(c)} ${where} satisfies the existence condition: ${explain(ev, out)}`);
    }
    if (isUnknown(out)) pending ??= { c, why: explain(ev, out) };
    else lastFalse = { c, why: explain(ev, out) };
  }
  restore(scope, r);
  const live = LIVE_TYPES[typeLower];
  if (pending) return result(a, r, 'Unknown', `related ${d.type} '${pending.c.name}': ${pending.why}`);
  if (live) return result(a, r, 'Unknown', `if matched (${ifWhy}); needs live data: ${live}`);
  return result(a, r, 'NonCompliant', `no related ${d.type}${named} ${where} satisfies the existence condition; '${lastFalse?.c.name ?? ''}': ${lastFalse?.why ?? ''}`);
}

function restore(scope: PolicyScope, r: AzureResource): void {
  scope.resource = r;
  scope.root = r as unknown as Value;
}

/**
 * Extension resource types (attached to another resource by `scope`, their id under
 * `<target>/providers/…`) that policies look up: a related one must be attached to the evaluated resource.
 * From Microsoft Learn, "Resource types that extend capabilities of other resources"
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/extension-resource-types).
 */
const EXTENSION_TYPES = new Set([
  'microsoft.authorization/locks',
  'microsoft.authorization/policyassignments',
  'microsoft.authorization/roleassignments',
  'microsoft.guestconfiguration/configurationprofileassignments',
  'microsoft.guestconfiguration/guestconfigurationassignments',
  'microsoft.insights/datacollectionruleassociations',
  'microsoft.insights/diagnosticsettings',
  'microsoft.insights/guestdiagnosticsettingsassociation',
  'microsoft.kubernetesconfiguration/sourcecontrolconfigurations',
  'microsoft.maintenance/configurationassignments',
  'microsoft.recoveryservices/backupprotecteditems',
  'microsoft.resources/links',
  'microsoft.resources/tags',
  'microsoft.security/advancedthreatprotectionsettings',
  'microsoft.security/assessments',
  'microsoft.security/jitpolicies',
  'microsoft.security/servervulnerabilityassessments',
]);

export function isExtensionType(typeLower: string): boolean {
  return EXTENSION_TYPES.has(typeLower);
}
