/**
 * Real policy assignments (`--assignment FILE`): what `az policy assignment show` / `list` prints, the
 * REST API's `{"id", "name", "properties": {…}}` (alone, in an array or in `{"value": […]}`), or
 * `Microsoft.Authorization/policyAssignments` resources of a resource list (`il5ml expand` of a template
 * that declares them, as `il5ml plan`'s does). Each is validated as Azure validates an assignment and
 * compiled into the engine's assignments, with a gate (assignment-gate.ts) saying which resources it
 * evaluates and which effect is in force.
 *
 * Structure and limits: Microsoft Learn, "Azure Policy assignment structure"
 * (https://learn.microsoft.com/azure/governance/policy/concepts/assignment-structure, read 2026-12-06):
 * up to 10 resource selectors, each kind once per selector, resourceLocation and resourceWithoutLocation
 * not together, `in` or `notIn` (not both) of up to 50 values, resourceWithoutLocation only
 * `subscriptionLevelResources`; up to 10 overrides of kind policyEffect or policyVersion (definitionVersion), policyEffect
 * selectors of kind policyDefinitionReferenceId or resourceLocation, up to 50 reference ids; "the effect
 * chosen in the override is validated against the policy rule and parameter allowed value list".
 * Azure's wording for a reference id the set lacks (for non-compliance messages, the same check): "The
 * following policy definition reference IDs used in non-compliance messages do not exist in the assigned
 * policy set definition" (InvalidCreatePolicyAssignmentRequest, quoted in
 * https://github.com/Azure/enterprise-azure-policy-as-code/issues/753).
 */
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import type { AzureResource } from '../core/resource.js';
import { isUnknown, Unknown } from '../core/unknown.js';
import { allMatch, inAssignment, isManagementGroup, scopeKey, SUBSCRIPTION_LEVEL, type Admission, type Gate, type ResourceSelector, type ScopeRules, type Selector, type SelectorKind } from './assignment-gate.js';
import { definitionKey, type LoadedPolicies, type PolicyDefinition, type PolicySet } from './definitions.js';
import { compilePolicies, EFFECTS, type PolicyAssignment } from './evaluate.js';
import { isRecord, member, parseLocated, pathText, type LocatedReader, type Path } from './json-located.js';
import { policyParamProblems } from './validate.js';

export const ASSIGNMENT_STRUCTURE_URL = 'https://learn.microsoft.com/azure/governance/policy/concepts/assignment-structure';

/** Limits of the assignment-structure doc. */
const MAX_RESOURCE_SELECTORS = 10;
const MAX_OVERRIDES = 10;
const MAX_SELECTOR_VALUES = 50;
/**
 * il5ml's own work budget, not Azure's: definitions compiled for all assignments together. Compiling the
 * DoD IL5 set (186 definitions) takes about 0.2 s on a laptop, so this bounds a run at a few hundred
 * compiled sets; identical (set, parameters, effect) compilations are shared and counted once.
 */
export const MAX_COMPILED_DEFINITIONS = 20_000;

export interface EffectOverride {
  value: string;
  /** policyDefinitionReferenceId and resourceLocation selectors; all must match. */
  selectors: Selector[];
  index: number;
}

/** One policy assignment as read from a file, validated. */
export interface AssignmentDoc extends ScopeRules {
  id: string;
  displayName?: string;
  policyDefinitionId: string;
  /** Parameter values, `{"name": {"value": …}}` unwrapped. */
  parameters: Record<string, unknown>;
  overrides: EffectOverride[];
  file: string;
  location: SourceLocation;
}

const ASSIGNMENT_TYPE = 'microsoft.authorization/policyassignments';
const SELECTOR_KINDS: Record<string, SelectorKind> = {
  resourcelocation: 'resourceLocation',
  resourcetype: 'resourceType',
  resourcewithoutlocation: 'resourceWithoutLocation',
  policydefinitionreferenceid: 'policyDefinitionReferenceId',
};

/**
 * Reads every policy assignment of one file. Errors carry file:line:column and the JSON path; a file
 * without any assignment is an error.
 */
export function parseAssignments(file: string, text: string): { assignments: AssignmentDoc[]; diagnostics: Diagnostic[] } {
  const parsed = parseLocated(file, text, 'IL5-ASSIGNMENT', 'give the output of `az policy assignment show --name NAME --scope SCOPE`');
  if ('diagnostics' in parsed) return { assignments: [], diagnostics: parsed.diagnostics };
  const { doc, reader: rd } = parsed;
  // Where the assignments stand: the document, an array, `{"value": […]}` or a template's `resources`.
  let items: { item: unknown; path: Path }[];
  if (Array.isArray(doc)) items = doc.map((item, i) => ({ item, path: [i] }));
  else if (isRecord(doc) && Array.isArray(member(doc, 'value')?.[1])) {
    const [k, v] = member(doc, 'value') as [string, unknown[]];
    items = v.map((item, i) => ({ item, path: [k, i] }));
  } else if (isRecord(doc) && Array.isArray(member(doc, 'resources')?.[1]) && member(doc, 'policyDefinitionId') === undefined) {
    const [k, v] = member(doc, 'resources') as [string, unknown[]];
    items = v.map((item, i) => ({ item, path: [k, i] }));
  } else items = [{ item: doc, path: [] }];
  const assignments: AssignmentDoc[] = [];
  for (const { item, path } of items) {
    if (!isRecord(item)) continue;
    const type = member(item, 'type')?.[1];
    // Resource lists hold other resources beside the assignments; `az` output has the type too.
    if (typeof type === 'string' && type.toLowerCase() !== ASSIGNMENT_TYPE) continue;
    if (type === undefined && member(item, 'policyDefinitionId') === undefined && !isRecord(member(item, 'properties')?.[1])) continue;
    const a = readAssignment(rd, item, path);
    if (a) assignments.push(a);
  }
  if (!assignments.length && !rd.diagnostics.some((d) => d.severity === 'error')) {
    rd.error([], `${file} holds no policy assignment`, 'give the output of `az policy assignment show --name NAME --scope SCOPE` (or `list`), or Microsoft.Authorization/policyAssignments resources');
  }
  return { assignments, diagnostics: rd.diagnostics };
}

function readAssignment(rd: LocatedReader, item: Record<string, unknown>, path: Path): AssignmentDoc | undefined {
  const before = rd.diagnostics.length;
  // `az` flattens the properties to the top level; the REST API and templates nest them.
  const propsM = member(item, 'properties');
  const props = propsM && isRecord(propsM[1]) ? propsM[1] : item;
  const ppath: Path = propsM && isRecord(propsM[1]) ? [...path, propsM[0]] : path;
  const get = (name: string): [string, unknown] | undefined => member(props, name) ?? (props === item ? undefined : member(item, name));
  const where = (name: string): Path => {
    const m = member(props, name);
    return m ? [...ppath, m[0]] : [...path, member(item, name)?.[0] ?? name];
  };

  const id = member(item, 'id')?.[1];
  const name = member(item, 'name')?.[1];
  const label = typeof name === 'string' ? name : typeof id === 'string' ? id : pathText(path) || rd.file;
  for (const k of ['policyDefinitionId', 'scope', 'notScopes', 'resourceSelectors', 'overrides', 'parameters']) {
    const m = get(k);
    if (m && JSON.stringify(m[1]).match(/"\[(?!\[)[^"]*\]"/) !== null) {
      rd.error(where(k), `assignment '${label}': ${k} holds a template expression, which only a deployment evaluates`, 'give the expanded resources (il5ml expand TEMPLATE > resources.json) or the assignment as `az policy assignment show` prints it');
    }
  }
  if (rd.diagnostics.length > before) return undefined;

  // Missing, or there and not an id: at the key when it is there, and the assignment's other problems
  // reported with it (all at once), not only the first.
  const defM = get('policyDefinitionId');
  const defId = typeof defM?.[1] === 'string' && defM[1] !== '' ? defM[1] : undefined;
  const defFix = 'an assignment names the definition or set it assigns: "policyDefinitionId": "/providers/Microsoft.Authorization/policySetDefinitions/<guid>"';
  if (defM === undefined || defM[1] === null) rd.error(path, `assignment '${label}' has no policyDefinitionId`, defFix);
  else if (defId === undefined) rd.error(where('policyDefinitionId'), `assignment '${label}': policyDefinitionId must be the id of a definition or set, not ${JSON.stringify(defM[1])}`, defFix);
  const scope = readScope(get('scope')?.[1], typeof id === 'string' ? id : undefined);
  if (isUnknown(scope)) rd.error(where('scope'), `assignment '${label}': its scope ${scope.reason}`, 'give the assignment as Azure returns it, with its id or scope');

  const notScopes: string[] = [];
  const ns = get('notScopes');
  if (ns && ns[1] !== null) {
    if (!Array.isArray(ns[1])) rd.error(where('notScopes'), `assignment '${label}': notScopes must be an array of scope ids`, 'e.g. "notScopes": ["/subscriptions/<id>/resourceGroups/<name>"]');
    else
      ns[1].forEach((s, i) => {
        const later = deferred(s);
        if (later !== undefined) rd.error([...where('notScopes'), i], `assignment '${label}': notScopes[${i}] is known only after deployment (${later})`, 'give the assignment as Azure returns it once deployed (az policy assignment show)');
        else if (typeof s !== 'string' || !s.startsWith('/')) rd.error([...where('notScopes'), i], `assignment '${label}': notScopes[${i}] ${JSON.stringify(s)} is not a scope id`, 'a scope id starts with /subscriptions/, /providers/Microsoft.Management/managementGroups/ or is a resource id');
        else notScopes.push(s.replace(/\/+$/, ''));
      });
  }

  const parameters: Record<string, unknown> = {};
  const pm = get('parameters');
  if (pm && pm[1] !== null) {
    if (!isRecord(pm[1])) rd.error(where('parameters'), `assignment '${label}': parameters must be an object of {"name": {"value": …}}`, 'write "parameters": {"effect": {"value": "Audit"}}');
    else
      for (const [k, v] of Object.entries(pm[1])) {
        if (!isRecord(v) || !Object.prototype.hasOwnProperty.call(v, 'value')) {
          rd.error([...where('parameters'), k], `assignment '${label}': parameter '${k}' must be {"value": …}`, `write "${k}": {"value": …}`);
          continue;
        }
        parameters[k] = v.value;
      }
  }

  const resourceSelectors = readResourceSelectors(rd, label, get('resourceSelectors')?.[1], where('resourceSelectors'));
  const overrides = readOverrides(rd, label, get('overrides')?.[1], where('overrides'));
  if (defId === undefined || rd.diagnostics.slice(before).some((d) => d.severity === 'error')) return undefined;
  const displayName = get('displayName')?.[1];
  return {
    id: typeof id === 'string' ? id : label,
    name: label,
    ...(typeof displayName === 'string' ? { displayName } : {}),
    scope: scope as string | undefined,
    notScopes,
    resourceSelectors,
    policyDefinitionId: defId,
    parameters,
    overrides,
    file: rd.file,
    location: rd.at(path),
  };
}

/** Why a value of an expanded template (`{"$unknown": why}`, src/core/unknown.ts) is known only after deployment. */
function deferred(v: unknown): string | undefined {
  if (isUnknown(v)) return v.reason;
  const why = isRecord(v) ? v.$unknown : undefined;
  return typeof why === 'string' ? why : undefined;
}

/** The assignment's scope: `scope` as az prints it, else the id up to `/providers/Microsoft.Authorization/policyAssignments/`. */
function readScope(scope: unknown, id: string | undefined): string | undefined | Unknown {
  // `scope` as az prints it, or a template resource's `scope` (an extension resource's target).
  if (typeof scope === 'string' && scope !== '') return scope.replace(/\/+$/, '');
  const later = deferred(scope);
  if (later !== undefined) return new Unknown(`is known only after deployment (${later})`);
  if (id === undefined) return undefined;
  const at = id.toLowerCase().lastIndexOf('/providers/microsoft.authorization/policyassignments/');
  if (at < 0) return new Unknown(`cannot be read from its id ${JSON.stringify(id)}`);
  return at === 0 ? '/' : id.slice(0, at);
}

function readValues(rd: LocatedReader, label: string, what: string, s: Record<string, unknown>, spath: Path): { in?: string[]; notIn?: string[] } | undefined {
  const inM = member(s, 'in');
  const notInM = member(s, 'notIn');
  if (inM && notInM) {
    rd.error(spath, `assignment '${label}': ${what} has both 'in' and 'notIn'`, `keep one: 'in' "can't be used with notIn" (${ASSIGNMENT_STRUCTURE_URL}#resource-selectors)`);
    return undefined;
  }
  const m = inM ?? notInM;
  if (!m) {
    rd.error(spath, `assignment '${label}': ${what} has neither 'in' nor 'notIn'`, 'list the values it selects in "in", or those it leaves out in "notIn"');
    return undefined;
  }
  const [k, v] = m;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    rd.error([...spath, k], `assignment '${label}': ${what}.${k} must be an array of strings`, `e.g. "${k}": ["usgovvirginia"]`);
    return undefined;
  }
  if (v.length > MAX_SELECTOR_VALUES) {
    rd.error([...spath, k], `assignment '${label}': ${what}.${k} has ${v.length} values; Azure allows up to ${MAX_SELECTOR_VALUES}`, 'split the values over several selectors or overrides');
    return undefined;
  }
  const values = (v as string[]).map((x) => x.toLowerCase());
  return k.toLowerCase() === 'in' ? { in: values } : { notIn: values };
}

function readSelectors(rd: LocatedReader, label: string, what: string, raw: unknown, spath: Path, allowed: readonly SelectorKind[]): Selector[] | undefined {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    rd.error(spath, `assignment '${label}': ${what}.selectors must be an array`, 'e.g. "selectors": [{"kind": "resourceLocation", "in": ["usgovvirginia"]}]');
    return undefined;
  }
  const out: Selector[] = [];
  const seen = new Set<SelectorKind>();
  let ok = true;
  raw.forEach((s, i) => {
    const p = [...spath, i];
    const w = `${what}.selectors[${i}]`;
    if (!isRecord(s)) {
      rd.error(p, `assignment '${label}': ${w} must be an object with kind and in or notIn`, 'e.g. {"kind": "resourceType", "in": ["Microsoft.Storage/storageAccounts"]}');
      ok = false;
      return;
    }
    const kindRaw = member(s, 'kind')?.[1];
    const kind = typeof kindRaw === 'string' ? SELECTOR_KINDS[kindRaw.toLowerCase()] : undefined;
    if (!kind || !allowed.includes(kind)) {
      rd.error([...p, member(s, 'kind')?.[0] ?? 'kind'], `assignment '${label}': ${w}.kind ${JSON.stringify(kindRaw)} is not a selector kind here; Azure accepts ${allowed.join(', ')}`, `use one of ${allowed.join(', ')} (${ASSIGNMENT_STRUCTURE_URL})`);
      ok = false;
      return;
    }
    if (seen.has(kind)) {
      rd.error(p, `assignment '${label}': ${what} uses the selector kind ${kind} twice`, '"each kind can only be used once in a single resource selector": merge the values');
      ok = false;
      return;
    }
    seen.add(kind);
    const values = readValues(rd, label, w, s, p);
    if (!values) {
      ok = false;
      return;
    }
    if (kind === 'resourceWithoutLocation') {
      const bad = [...(values.in ?? []), ...(values.notIn ?? [])].filter((v) => v !== SUBSCRIPTION_LEVEL);
      if (bad.length) {
        rd.error(p, `assignment '${label}': ${w} (resourceWithoutLocation) lists ${bad.map((b) => JSON.stringify(b)).join(', ')}; it "currently only supports subscriptionLevelResources"`, 'write ["subscriptionLevelResources"]');
        ok = false;
        return;
      }
    }
    out.push({ kind, ...values });
  });
  if (seen.has('resourceLocation') && seen.has('resourceWithoutLocation')) {
    rd.error(spath, `assignment '${label}': ${what} has both resourceLocation and resourceWithoutLocation`, "resourceLocation \"can't be used in the same resource selector as resourceWithoutLocation\": put them in two resource selectors");
    ok = false;
  }
  return ok ? out : undefined;
}

function readResourceSelectors(rd: LocatedReader, label: string, raw: unknown, p: Path): ResourceSelector[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    rd.error(p, `assignment '${label}': resourceSelectors must be an array`, `see ${ASSIGNMENT_STRUCTURE_URL}#resource-selectors`);
    return [];
  }
  if (raw.length > MAX_RESOURCE_SELECTORS) rd.error(p, `assignment '${label}' has ${raw.length} resource selectors; Azure allows up to ${MAX_RESOURCE_SELECTORS}`, 'merge selectors');
  const out: ResourceSelector[] = [];
  raw.forEach((g, i) => {
    const gp = [...p, i];
    if (!isRecord(g)) {
      rd.error(gp, `assignment '${label}': resourceSelectors[${i}] must be an object with name and selectors`, `see ${ASSIGNMENT_STRUCTURE_URL}#resource-selectors`);
      return;
    }
    const name = member(g, 'name')?.[1];
    if (typeof name !== 'string' || name === '') rd.error(gp, `assignment '${label}': resourceSelectors[${i}] has no name`, 'give it a name, e.g. "name": "SDPRegions"');
    const sm = member(g, 'selectors');
    const sel = readSelectors(rd, label, `resourceSelectors[${i}]`, sm?.[1], [...gp, sm?.[0] ?? 'selectors'], ['resourceLocation', 'resourceType', 'resourceWithoutLocation']);
    if (sel && typeof name === 'string') out.push({ name, selectors: sel });
  });
  return out;
}

function readOverrides(rd: LocatedReader, label: string, raw: unknown, p: Path): EffectOverride[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    rd.error(p, `assignment '${label}': overrides must be an array`, `see ${ASSIGNMENT_STRUCTURE_URL}#overrides`);
    return [];
  }
  if (raw.length > MAX_OVERRIDES) rd.error(p, `assignment '${label}' has ${raw.length} overrides; Azure allows up to ${MAX_OVERRIDES}`, 'merge overrides: one takes up to 50 reference ids');
  const out: EffectOverride[] = [];
  raw.forEach((o, i) => {
    const op = [...p, i];
    if (!isRecord(o)) {
      rd.error(op, `assignment '${label}': overrides[${i}] must be an object with kind, value and selectors`, `see ${ASSIGNMENT_STRUCTURE_URL}#overrides`);
      return;
    }
    const kindM = member(o, 'kind');
    const kind = typeof kindM?.[1] === 'string' ? kindM[1].toLowerCase() : undefined;
    const valueM = member(o, 'value');
    const sm = member(o, 'selectors');
    // A version override: `policyVersion` (the assignment-structure page) or `definitionVersion`, the name the
    // policy API's OverrideKind gives it ("Known values supported by the service: policyEffect …
    // definitionVersion: It will override the definition version property value of the policy assignment",
    // https://learn.microsoft.com/javascript/api/@azure/arm-policy/overridekind, read 2026-12-08), which an
    // assignment Azure returns carries. The kind is compared ignoring case: the API types it a string
    // (`type OverrideKind = string`), and no page says Azure refuses another case.
    if (kind === 'policyversion' || kind === 'definitionversion') {
      // il5ml evaluates the definitions given to --policy, at whatever version they are.
      readSelectors(rd, label, `overrides[${i}]`, sm?.[1], [...op, sm?.[0] ?? 'selectors'], ['resourceLocation']);
      rd.warn(op, `assignment '${label}': overrides[${i}] (${String(kindM?.[1])}) is not applied: il5ml evaluates the definitions given to --policy at the version they are`, 'give --policy the definition version the override selects');
      return;
    }
    if (kind !== 'policyeffect') {
      rd.error([...op, kindM?.[0] ?? 'kind'], `assignment '${label}': overrides[${i}].kind ${JSON.stringify(kindM?.[1])} is not an override kind; Azure accepts policyEffect, policyVersion (definitionVersion in the API)`, `use policyEffect (${ASSIGNMENT_STRUCTURE_URL}#overrides)`);
      return;
    }
    const value = valueM?.[1];
    const effect = typeof value === 'string' ? EFFECTS.find((e) => e.toLowerCase() === value.toLowerCase()) : undefined;
    if (!effect) {
      rd.error([...op, valueM?.[0] ?? 'value'], `assignment '${label}': overrides[${i}].value ${JSON.stringify(value)} is not an effect; Azure accepts ${EFFECTS.join(', ')}`, 'give the effect the selected definitions take, e.g. "value": "Disabled"');
      return;
    }
    const sel = readSelectors(rd, label, `overrides[${i}]`, sm?.[1], [...op, sm?.[0] ?? 'selectors'], ['policyDefinitionReferenceId', 'resourceLocation']);
    if (sel) out.push({ value: effect, selectors: sel, index: i });
  });
  return out;
}

/** What an assignment assigns, among the policies given. */
/**
 * What the assignments assign, of the policies given: their sets, and the definitions those reference or
 * that are assigned themselves (what is validated and reported; the rest under --policy is a library).
 */
export function assignedPolicies(loaded: LoadedPolicies, docs: readonly AssignmentDoc[]): LoadedPolicies {
  const sets = new Set<PolicySet>();
  const keys = new Set<string>();
  for (const a of docs) {
    const t = target(loaded, a.policyDefinitionId);
    if (t.set) {
      sets.add(t.set);
      for (const r of t.set.policyDefinitions) keys.add(definitionKey(r.policyDefinitionId));
    } else if (t.definition) keys.add(t.definition.name.toLowerCase());
  }
  return { sets: [...sets], definitions: loaded.definitions.filter((d) => keys.has(d.name.toLowerCase())) };
}

function target(loaded: LoadedPolicies, defId: string): { set?: PolicySet; definition?: PolicyDefinition } {
  const key = definitionKey(defId);
  const isSet = /\/policysetdefinitions\//i.test(defId);
  const set = loaded.sets.find((s) => s.name.toLowerCase() === key || definitionKey(s.id) === key);
  const definition = loaded.definitions.find((d) => d.name.toLowerCase() === key);
  return isSet ? (set ? { set } : {}) : definition ? { definition } : set ? { set } : {};
}

/** The effect a definition's rule takes: the parameter it reads, when it reads one. */
function effectParameter(def: PolicyDefinition): string | undefined {
  const e = member(def.policyRule.then, 'effect')?.[1];
  const m = typeof e === 'string' ? /^\[\s*parameters\(\s*'([^']*)'\s*\)\s*\]$/i.exec(e) : null;
  return m?.[1];
}

/**
 * Whether a definition can take the effect: within its effect parameter's allowed values when it has
 * them; an IfNotExists, modify or append effect also needs the details the rule gives for it.
 */
export function effectRefusal(def: PolicyDefinition, effect: string): string | undefined {
  const lower = effect.toLowerCase();
  const pname = effectParameter(def);
  const pdef = pname !== undefined ? Object.entries(def.parameters).find(([k]) => k.toLowerCase() === pname.toLowerCase())?.[1] : undefined;
  if (pdef?.allowedValues && !pdef.allowedValues.some((v) => typeof v === 'string' && v.toLowerCase() === lower)) {
    return `'${effect}' is not an allowed value of its effect parameter '${pname ?? ''}' (${pdef.allowedValues.map((v) => JSON.stringify(v)).join(', ')})`;
  }
  const details = member(def.policyRule.then, 'details')?.[1];
  if ((lower === 'auditifnotexists' || lower === 'deployifnotexists') && !(isRecord(details) && typeof member(details, 'type')?.[1] === 'string')) {
    return `its rule has no then.details.type, which ${effect} needs`;
  }
  if (lower === 'modify' && !(isRecord(details) && Array.isArray(member(details, 'operations')?.[1]))) return 'its rule has no then.details.operations, which modify needs';
  if (lower === 'append' && !Array.isArray(details)) return 'its rule has no then.details array, which append needs';
  return undefined;
}

function overrideRefIds(o: EffectOverride): Selector | undefined {
  return o.selectors.find((s) => s.kind === 'policyDefinitionReferenceId');
}

/** Whether an override's reference-id selector (if any) selects a reference. */
function selectsReference(o: EffectOverride, referenceId: string | undefined): boolean {
  const s = overrideRefIds(o);
  if (!s) return true;
  const id = (referenceId ?? '').toLowerCase();
  return s.in ? s.in.includes(id) : !(s.notIn ?? []).includes(id);
}

/**
 * The override in force for a (reference, resource) pair: its index, -1 for none; or, when an override's
 * location selector cannot be decided offline, that override's index with why.
 */
function overrideFor(overrides: readonly EffectOverride[], referenceId: string | undefined, r: AzureResource): number | { at: EffectOverride; why: Unknown } {
  for (const o of overrides) {
    if (!selectsReference(o, referenceId)) continue;
    const m = allMatch(o.selectors.filter((s) => s.kind !== 'policyDefinitionReferenceId'), r);
    if (m === true) return o.index;
    if (m !== false) return { at: o, why: m };
  }
  return -1;
}

function compileError(a: AssignmentDoc, message: string, fix: string): Diagnostic {
  return { severity: 'error', code: 'IL5-ASSIGNMENT', message: `assignment '${a.name}': ${message}`, fix, location: a.location };
}

/**
 * Compiles the assignments over the policies given: what each assigns (a set or a definition among
 * them), with its parameters, and a gate per compiled definition (scope, notScopes, resource selectors,
 * and which override's effect is in force). Every problem of every assignment at once.
 */
export function compileAssignments(loaded: LoadedPolicies, docs: readonly AssignmentDoc[], budget = MAX_COMPILED_DEFINITIONS): { assignments: PolicyAssignment[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out: PolicyAssignment[] = [];
  const defsByKey = new Map(loaded.definitions.map((d) => [d.name.toLowerCase(), d]));
  const memo = new Map<string, ReturnType<typeof compilePolicies>>();
  let spent = 0;
  let overBudget = false;
  /** compilePolicies, shared between identical compilations, within the work budget (undefined past it). */
  const compileOnce = (sub: LoadedPolicies, params: Record<string, unknown>, a: AssignmentDoc, effect?: string): ReturnType<typeof compilePolicies> | undefined => {
    const key = JSON.stringify([sub.sets.map((x) => [x.name, x.policyDefinitions.map((r) => r.policyDefinitionReferenceId ?? r.policyDefinitionId)]), sub.definitions.map((d) => d.name), params, effect ?? null]);
    const hit = memo.get(key);
    if (hit) return hit;
    const size = sub.sets.length ? sub.sets.reduce((n, x) => n + x.policyDefinitions.length, 0) : sub.definitions.length;
    if (spent + size > budget) {
      if (!overBudget) diagnostics.push(compileError(a, `the assignments given need more than ${budget} definitions compiled (distinct sets, parameter values and effect overrides), more than il5ml compiles in one run`, 'give fewer assignments per run, e.g. one --assignment file per scope'));
      overBudget = true;
      return undefined;
    }
    spent += size;
    const r = compilePolicies(sub, { policyParams: params, ...(effect !== undefined ? { effect } : {}) });
    memo.set(key, r);
    return r;
  };
  for (const a of docs) {
    const t = target(loaded, a.policyDefinitionId);
    if (!t.set && !t.definition) {
      diagnostics.push(compileError(a, `it assigns ${a.policyDefinitionId}, which is not among the policies given to --policy`, 'give --policy the definition or set file it assigns (docs/policy-inputs.md)'));
      continue;
    }
    const subset: LoadedPolicies = t.set
      ? { sets: [t.set], definitions: t.set.policyDefinitions.map((r) => defsByKey.get(definitionKey(r.policyDefinitionId))).filter((d): d is PolicyDefinition => d !== undefined) }
      : { sets: [], definitions: t.definition ? [t.definition] : [] };
    const before = diagnostics.length;
    // Parameters are checked as Azure checks them on assignment: declared names, declared types.
    for (const d of policyParamProblems(subset, a.parameters, `assignment '${a.name}'`)) diagnostics.push({ ...d, location: a.location });
    // Overrides: reference ids the set has; effects the selected definitions can take.
    const refs = t.set ? t.set.policyDefinitions : [];
    for (const o of a.overrides) {
      const s = overrideRefIds(o);
      if (s && !t.set) {
        diagnostics.push(compileError(a, `overrides[${o.index}] selects policyDefinitionReferenceId, but it assigns a single definition, not a set`, 'remove the selector: the override applies to the definition'));
        continue;
      }
      if (s) {
        const known = new Set(refs.map((r) => (r.policyDefinitionReferenceId ?? '').toLowerCase()));
        const missing = [...(s.in ?? []), ...(s.notIn ?? [])].filter((id) => !known.has(id));
        if (missing.length) {
          diagnostics.push(
            compileError(a, `the following policy definition reference IDs used in overrides[${o.index}] do not exist in the assigned policy set definition: '${missing.join("', '")}'`, `use policyDefinitionReferenceId values of set '${t.set?.displayName ?? ''}'`),
          );
          continue;
        }
      }
      const selected = t.set ? refs.filter((r) => selectsReference(o, r.policyDefinitionReferenceId)).map((r) => defsByKey.get(definitionKey(r.policyDefinitionId))) : [t.definition];
      for (const def of selected) {
        if (!def) continue;
        const why = effectRefusal(def, o.value);
        if (why) diagnostics.push(compileError(a, `overrides[${o.index}] gives the effect '${o.value}' to definition '${def.displayName}' (${def.name}), but ${why}`, 'narrow the override with a policyDefinitionReferenceId selector, or choose an effect the definition allows'));
      }
    }
    if (diagnostics.length > before) continue;
    const base = compileOnce(subset, a.parameters, a);
    if (!base) break;
    for (const d of base.diagnostics) diagnostics.push({ ...d, message: `assignment '${a.name}': ${d.message}`, location: a.location });
    if (base.diagnostics.some((d) => d.severity === 'error')) continue;
    const rules: ScopeRules = a;
    // Whether the resource is in the assignment (scope, notScopes, selectors) is one answer for every
    // definition it assigns, and they are evaluated one after another on each resource: asked once per
    // resource, not per definition (300 assignments of the DoD IL5 set on 100,000 resources: 69 s before).
    let lastResource: AzureResource | undefined;
    let lastId = '';
    let lastIn: Admission = false;
    const inThis = (r: AzureResource): Admission => {
      // The id too: an object is one resource, but nothing here needs to rely on that.
      if (r !== lastResource || r.id !== lastId) {
        lastIn = inAssignment(rules, r);
        lastResource = r;
        lastId = r.id;
      }
      return lastIn;
    };
    // Where PolicyPass looks the assignment up by a resource's id; a management group holds any resource given.
    const prefix = rules.scope !== undefined && !isManagementGroup(rules.scope) ? scopeKey(rules.scope) : undefined;
    // A copy per assignment: compiled definitions may be shared, gates are not.
    const gateFor = (overrideIndex: number) => (compiled: PolicyAssignment) => {
      // Without overrides the gate is whether the resource is in the assignment: one function for every
      // definition it assigns, not a closure each (1,000 assignments of the DoD IL5 set make 186,000 copies).
      if (a.overrides.length === 0) {
        out.push(gatedCopy(compiled, inThis, prefix, inThis));
        return;
      }
      const pa: PolicyAssignment = gatedCopy(compiled, inThis, prefix, undefined);
      const refId = pa.reference?.policyDefinitionReferenceId;
      pa.gate = (r: AzureResource): Admission => {
        const inIt = inThis(r);
        if (inIt === false) return false;
        const o = a.overrides.length ? overrideFor(a.overrides, refId, r) : -1;
        if (typeof o !== 'number') {
          // One Unknown verdict for the pair, not one per variant: from the undecided override's variant,
          // or from the assignment's own effect when that override would turn the definition off.
          const reporter = o.at.value === 'disabled' ? -1 : o.at.index;
          return overrideIndex === reporter ? new Unknown(`assignment '${a.name}': whether override ${o.at.index} (effect ${o.at.value}) applies cannot be decided offline: ${o.why.reason}`) : false;
        }
        if (o !== overrideIndex) return false;
        return inIt;
      };
      out.push(pa);
    };
    base.assignments.forEach(gateFor(-1));
    // One compiled variant per override, for the definitions it selects, with its effect in force.
    for (const o of a.overrides) {
      const sub: LoadedPolicies = t.set ? { sets: [{ ...t.set, policyDefinitions: t.set.policyDefinitions.filter((r) => selectsReference(o, r.policyDefinitionReferenceId)) }], definitions: subset.definitions } : subset;
      const variant = compileOnce(sub, a.parameters, a, o.value);
      if (!variant) break;
      variant.assignments.forEach(gateFor(o.index));
    }
    if (overBudget) break;
  }
  return { assignments: out, diagnostics };
}

/**
 * A compiled definition as one real assignment evaluates it: every field listed, in one order, so that every
 * copy has one shape. A spread (`{ ...compiled, gate }`) of compiled definitions of many shapes made V8
 * build hidden classes per copy: 1,000 assignments of the DoD IL5 set (186,000 copies) held 112 MB, some
 * 440 bytes of each copy in hidden classes.
 */
function gatedCopy(c: PolicyAssignment, inScope: Gate, scopePrefix: string | undefined, gate: Gate | undefined): PolicyAssignment {
  return {
    definition: c.definition,
    set: c.set,
    reference: c.reference,
    parameters: c.parameters,
    effect: c.effect,
    effectProblem: c.effectProblem,
    condition: c.condition,
    problems: c.problems,
    details: c.details,
    groups: c.groups,
    modeKind: c.modeKind,
    policyObject: c.policyObject,
    resultId: c.resultId,
    gate,
    inScope,
    scopePrefix,
  };
}

/**
 * Assignments whose scope holds none of the resources given: likely a subscription or resource group the
 * input does not carry. Resources are shown one at a time (`see`), so that a streamed estate is not held.
 */
export class EmptyScopeWatch {
  private readonly watched: { doc: AssignmentDoc; rules: ScopeRules; held: boolean }[];
  /**
   * The assignments still without a resource, by scope (lower case, no trailing slash): a resource can fall
   * only in the scopes its id starts with, so each is looked up by its id's prefixes, not checked against
   * every assignment (1,000 assignments and 100,000 resources took minutes that way).
   */
  private readonly byScope = new Map<string, { doc: AssignmentDoc; rules: ScopeRules; held: boolean }[]>();
  /** Management-group scopes: whether they hold a resource is inAssignment's to say (it admits any). */
  private others: { doc: AssignmentDoc; rules: ScopeRules; held: boolean }[];
  private count = 0;
  constructor(docs: readonly AssignmentDoc[]) {
    this.watched = docs.filter((a) => a.scope !== undefined).map((doc) => ({ doc, rules: { ...doc, notScopes: [], resourceSelectors: [] }, held: false }));
    this.others = [];
    for (const w of this.watched) {
      const scope = w.doc.scope ?? '';
      if (isManagementGroup(scope)) this.others.push(w);
      else {
        const key = scopeKey(scope);
        const list = this.byScope.get(key);
        if (list) list.push(w);
        else this.byScope.set(key, [w]);
      }
    }
  }
  see(r: AzureResource): void {
    this.count++;
    if (this.others.length) this.others = this.others.filter((w) => !(w.held = inAssignment(w.rules, r) !== false));
    if (this.byScope.size === 0) return;
    const id = r.id.toLowerCase();
    // Every prefix of the id that ends before a '/', and the id itself: the scopes underScope admits it to.
    for (let k = id.indexOf('/'); ; k = id.indexOf('/', k + 1)) {
      const prefix = k < 0 ? id : id.slice(0, k);
      const list = this.byScope.get(prefix);
      if (list) {
        const left = list.filter((w) => !(w.held = inAssignment(w.rules, r) !== false));
        if (left.length) this.byScope.set(prefix, left);
        else this.byScope.delete(prefix);
      }
      if (k < 0) break;
    }
  }
  warnings(): Diagnostic[] {
    return this.watched.filter((w) => !w.held).map(({ doc: a }) => ({
      severity: 'warning' as const,
      code: 'IL5-ASSIGNMENT-SCOPE',
      message: `assignment '${a.name}' is assigned at ${a.scope ?? ''}, which holds none of the ${this.count} resources given: it gives no verdict`,
      fix: 'for a template, give the subscription and resource group it deploys to (--subscription-id, --resource-group); otherwise check the assignment is the one for these resources',
      location: a.location,
    }));
  }
}

/** EmptyScopeWatch over a list. */
export function emptyScopeWarnings(docs: readonly AssignmentDoc[], resources: readonly AzureResource[]): Diagnostic[] {
  const watch = new EmptyScopeWatch(docs);
  for (const r of resources) watch.see(r);
  return watch.warnings();
}
