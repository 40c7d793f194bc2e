/**
 * Template expansion: a template plus parameters -> the concrete resources Azure would deploy, offline.
 * Walks resource declarations (copy loops, conditions, child resources, extension resources, nested and
 * linked deployments), evaluates every property, and keeps what exists only after deployment Unknown.
 * Semantics follow https://learn.microsoft.com/azure/azure-resource-manager/templates/ (syntax,
 * copy-resources, copy-properties, conditional-resource-deployment, child-resource-name-type,
 * scope-extension-resources, linked-templates, deploy-to-resource-group).
 */
import type { Diagnostic, SourceLocation } from '../../core/diagnostic.js';
import type { AzureResource } from '../../core/resource.js';
import { Unknown, isUnknown } from '../../core/unknown.js';
import { isObj, setKey } from './values.js';
import type { CopyFrame, TemplateEvalContext } from '../functions-deployment/index.js';
import { WorkBudgetExceeded, spend, type FunctionRegistry, type ObjectValue, type Value, type WorkBudget } from '../types.js';
import { resolveContext } from './context.js';
import { Frame, TemplateError, plain, secureParameters, templateWithoutSecrets, withheld, type EngineServices, type FrameInit } from './frame.js';
import { MAX_RESOURCES, allowsSymbolicNames, checkTemplateShape, describe, languageVersionOf, sizeError } from './limits.js';
import { type DeploymentScope, IdError, extensionId, levelFromSchema, lowerScopeId, parseScopeId, resourceIdAt, scopeId } from './ids.js';
import { parseJsonc, type ParsedJson } from './jsonc.js';
import { withInlineChildIds } from './child-ids.js';
import { materialize, openObject } from './open.js';
import { checkDependencies, nameIndex, outputTypeProblem, providerPart, type DepNode, type DepScope, type NodeIndex } from './validate-deps.js';
import type { DeploymentContext, ExpandInput, ExpansionResult, LinkedTemplateLoader, OutputValue, SkippedDeclaration } from './types.js';
import { pushAll, replaceAll } from '../../core/array.js';
import { lowerName } from '../functions/values.js';

const DEPLOYMENTS = 'microsoft.resources/deployments';
/** Keys of a declaration that describe it rather than being part of the deployed resource. */
const DECLARATION_KEYS = new Set(['type', 'name', 'apiversion', 'condition', 'copy', 'resources', 'dependson', 'comments', 'scope', 'existing', 'import']);

/** Keys of a declaration evaluateInstance leaves out of the resource (DECLARATION_KEYS, any casing, and where a deployment goes), by key as written. */
const leftOut = new Map<string, boolean>();
function notDeployedKey(k: string): boolean {
  let out = leftOut.get(k);
  if (out === undefined) {
    out = DECLARATION_KEYS.has(k.toLowerCase()) || k === 'subscriptionId' || k === 'resourceGroup';
    if (leftOut.size >= 10_000) leftOut.clear();
    leftOut.set(k, out);
  }
  return out;
}

/**
 * One instance of a resource declaration (one copy of a copy loop), as enumerated; the dependency check
 * (validate-deps.ts) reads it as its DepNode directly, not through an object made for it.
 */
class Instance implements DepNode {
  state: 'pending' | 'evaluating' | 'done' = 'pending';
  resource: AzureResource | undefined = undefined;
  child: TemplateFrame | undefined = undefined;
  /** Why a nested deployment was not expanded (remote templateLink…). */
  notExpanded: string | undefined = undefined;
  /** What reference() returns for it (its properties, or in full), each built once. */
  propertiesView: ObjectValue | undefined = undefined;
  fullView: ObjectValue | undefined = undefined;

  constructor(
    readonly frame: TemplateFrame,
    readonly raw: ObjectValue,
    /** JSON path label of the declaration. */
    readonly label: string,
    /** Path of the declaration inside its file (no file prefix): nested templates live under it. */
    readonly path: string,
    readonly symbolic: string | undefined,
    /** The context its expressions are evaluated in (its copy loops'), made once for its name and kept for its properties. */
    readonly ctx: TemplateEvalContext,
    readonly type: string,
    readonly name: string,
    readonly id: string,
    /** `id` in lower case: Engine.byId's key, and the dependency check's. */
    readonly lowerId: string,
    readonly scope: string | undefined,
    readonly existing: boolean,
    readonly conditionUnknown: Unknown | undefined,
    /** For Microsoft.Resources/deployments: where the nested template deploys. */
    readonly placement: DeploymentScope | undefined,
  ) {
    this.isDeployment = isDeploymentType(type);
  }

  /** A Microsoft.Resources/deployments instance (asked at every reference(): kept, not lowered each time). */
  readonly isDeployment: boolean;

  get copy(): CopyFrame | undefined {
    return this.ctx.copy;
  }
  get loop(): string | undefined {
    return loopOf(this.raw);
  }
  get maybeAbsent(): boolean {
    return this.conditionUnknown !== undefined;
  }
  /** The evaluated dependsOn (resolveDependsOn: strings only). */
  get dependsOn(): readonly string[] {
    return this.resource?.dependsOn ?? NO_DEPENDENCIES;
  }
  // Positions are found only for an error that names them.
  get location(): SourceLocation {
    return this.frame.locate(this.raw);
  }
  get dependsOnLocation(): SourceLocation {
    return this.frame.locate(this.raw, 'dependsOn');
  }
}

const NO_DEPENDENCIES: readonly string[] = Object.freeze([]);
const NO_OUTPUTS: Readonly<Record<string, OutputValue>> = Object.freeze({});

/**
 * `s.toLowerCase() === lower`, lowering `s` only when the lengths allow. `byLength`: `lower` holds no U+0307,
 * so a different length rules a match out: lowering keeps the length of every character but 'İ' (U+0130,
 * lowered to 'i' and U+0307).
 */
function lowersTo(s: string, lower: string, byLength: boolean): boolean {
  if (byLength && s.length !== lower.length) return false;
  return s.toLowerCase() === lower;
}

/** `${type}/${name}`.toLowerCase() === lower, the text made only when the lengths allow (see lowersTo). */
function typeNameLowersTo(type: string, name: string, lower: string, byLength: boolean): boolean {
  if (byLength && type.length + 1 + name.length !== lower.length) return false;
  return `${type}/${name}`.toLowerCase() === lower;
}

/** How reference()'s reasons name the call (stateOf). */
function callText(target: string, copy: number | undefined): string {
  return copy === undefined ? `reference('${target}')` : `references('${target}')[${copy}]`;
}

/**
 * `type` is Microsoft.Resources/deployments in any casing: the usual spelling compared as it is, another
 * lowered only when the length matches (no string made per resource).
 */
function isDeploymentType(type: string): boolean {
  return type === 'Microsoft.Resources/deployments' || lowersTo(type, DEPLOYMENTS, true);
}

/**
 * The work one expansion may do (see WorkBudget). mlz.json with every feature on (407 resources, 66 nested
 * deployment declarations) spends about 1,360,000 since values cost their size as a tree (373,695 before;
 * measured 2026-12-06), so real templates stay far inside it, while copy loops multiplied through nested
 * deployments, doubling variables or lambdas over ranges inside ranges end in seconds with one error. ARM
 * itself limits a template to 4 MB after expansion, variables and parameters resolved
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits).
 */
export const MAX_WORK = 10_000_000;
/** What one resource instance costs of MAX_WORK: at most 40,000 instances in one expansion. */
const INSTANCE_COST = 250;
/** What reading one linked template costs, besides its length. */
const LINK_COST = 2_000;

class Engine implements EngineServices {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  readonly skipped: SkippedDeclaration[] = [];
  readonly byId = new Map<string, Instance>();
  /**
   * byId's instances by their ID as written: an ID asked for as the engine made it (resourceId() writes it
   * the same way) is found without a lower-case copy. Only the first instance of each lower-case ID, so that
   * a hit is byId's answer.
   */
  readonly byExactId = new Map<string, Instance>();
  /** Declarations whose condition is false, by ID: reference() to them explains why there is nothing. */
  readonly skippedIds = new Map<string, string>();
  /**
   * Declarations (by lower-case label) some of whose copies may or may not exist, and why: an unknown copy
   * count, an unknown name… references() of such a collection is Unknown rather than a shorter array.
   */
  readonly unsettled = new Map<string, string>();
  /** See EngineServices (frame.ts): views handed out, and expressions that may have let one out. */
  viewsHandedOut = 0;
  viewsEscaped = 0;
  reports = 0;
  lazyEvaluations = 0;
  readonly now: Date;
  readonly budget: WorkBudget = { left: MAX_WORK, total: MAX_WORK };
  /** Templates whose shape (checkTemplateShape) has been checked. */
  readonly shapeChecked = new Set<ObjectValue>();
  depth = 0;

  constructor(
    readonly context: DeploymentContext,
    readonly loadLinked: LinkedTemplateLoader | undefined,
  ) {
    this.now = context.utcNow;
  }

  report(d: Diagnostic): void {
    this.reports++;
    const key = `${d.severity}|${d.code}|${d.message}|${d.location ? `${d.location.file}:${d.location.line}:${d.location.column}` : ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(d);
  }
}

interface TemplateFrameInit extends FrameInit {
  engine: Engine;
  deploymentName: string;
  location: string;
  /** The nested deployment that created this template; undefined at the top. */
  deploymentInstance: Instance | undefined;
  /** For `expressionEvaluationOptions.scope: outer`: the template whose parameters, variables and scope apply. */
  outer: TemplateFrame | undefined;
  /** Where this template's resources are placed (differs from `scope` for outer-scope nested templates). */
  placement: DeploymentScope;
  templateLink: ObjectValue | undefined;
}

class TemplateFrame extends Frame implements DepScope {
  readonly eng: Engine;
  readonly deploymentName: string;
  readonly location: string;
  readonly deploymentInstance: Instance | undefined;
  readonly outer: TemplateFrame | undefined;
  readonly placement: DeploymentScope;
  readonly instances: Instance[] = [];
  /** Set once its template has run (read before that, by a circular reference(), it is empty). */
  outputs: Readonly<Record<string, OutputValue>> = NO_OUTPUTS;
  /**
   * While declarations are being enumerated, a name or condition may read reference() of a deployment
   * declared further down; such a declaration is retried once everything else is registered.
   */
  private deferring = false;
  private missed = false;
  /** This template's declarations that deploy nothing, for dependsOn (validate-deps.ts). */
  private readonly notDeployedHere: { names: string[]; id: string | undefined }[] = [];
  /** DepScope: some declaration could not be enumerated (its count, name or condition unknown). */
  incomplete = false;
  private readonly inputValues: Map<string, { name: string; value: Value }>;
  private readonly templateLink: ObjectValue | undefined;

  constructor(init: TemplateFrameInit) {
    super(init);
    this.eng = init.engine;
    this.deploymentName = init.deploymentName;
    this.location = init.location;
    this.deploymentInstance = init.deploymentInstance;
    this.outer = init.outer;
    this.placement = init.placement;
    this.inputValues = init.inputs;
    this.templateLink = init.templateLink;
  }

  get deploymentId(): string | undefined {
    return this.deploymentInstance?.id;
  }

  // ---- TemplateHost --------------------------------------------------------------------------

  /** An outer-scope template's expressions are the parent's: its user-defined functions too. */
  protected override ctxFunctions(): FunctionRegistry {
    return this.outer ? this.outer.functions : this.functions;
  }

  deployment(): ObjectValue {
    if (this.outer) return this.outer.deployment();
    this.eng.viewsHandedOut++;
    // Everything it shows is fixed when the frame is made, and the view is read-only: one serves every call.
    this.deploymentView ??= this.makeDeploymentView();
    return this.deploymentView;
  }

  private deploymentView: ObjectValue | undefined;

  private makeDeploymentView(): ObjectValue {
    if (allowsSymbolicNames(languageVersionOf(this.template))) return this.makeDeploymentView2();
    const parameters: ObjectValue = {};
    const secure = secureParameters(this.template);
    // forEach: no [key, value] array and iterator result per entry.
    this.inputValues.forEach((p, lower) => setKey(parameters, p.name, { value: secure.has(lower) ? withheld(p.name) : p.value }));
    const properties: ObjectValue = { template: templateWithoutSecrets(this.template), parameters, mode: 'Incremental' };
    if (this.templateLink) properties.templateLink = this.templateLink;
    const d: ObjectValue = { name: this.deploymentName, properties };
    if (this.scope.level !== 'resourceGroup') d.location = this.location;
    // Azure's object has keys this one lacks (templateHash, provisioningState: template-functions-deployment#deployment,
    // read 2026-12-08), so how many keys any part of it has is known only then.
    return openObject(d, 'deployment()', (p) => `${p} is known only once the deployment runs`, (p) => `the keys of ${p} are known only once the deployment runs`);
  }

  /**
   * deployment() in a languageVersion 2.0 template: "a limited subset of properties", name, location,
   * properties.template.contentVersion and properties.templateLink (id, uri), without the template, its
   * parameters or the mode (template-functions-deployment#deployment, read 2026-12-08). Location as for
   * the other templates: a resource group deployment has none.
   */
  private makeDeploymentView2(): ObjectValue {
    const template: ObjectValue = {};
    for (const k in this.template) if (lowerName(k) === 'contentversion') template.contentVersion = this.template[k] ?? null;
    const properties: ObjectValue = { template };
    if (this.templateLink) properties.templateLink = this.templateLink;
    const d: ObjectValue = { name: this.deploymentName, properties };
    if (this.scope.level !== 'resourceGroup') d.location = this.location;
    return openObject(d, 'deployment()', (p) => `${p} is known only once the deployment runs, if Azure returns it at all: in a languageVersion 2.0 template deployment() returns only name, location, properties.template.contentVersion and properties.templateLink`, (p) => `the keys of ${p} are known only once the deployment runs`);
  }

  environment(): ObjectValue {
    return this.eng.context.environment;
  }

  resourceGroup(): ObjectValue {
    if (this.outer) return this.outer.resourceGroup();
    const s = this.scope;
    if (s.level !== 'resourceGroup') {
      throw new TemplateError(`resourceGroup() is not available in a ${s.level} deployment; give the resource group name explicitly`);
    }
    const id = scopeId(s);
    const declared = this.eng.byId.get(lowerScopeId(s));
    if (declared && declared.state === 'pending') evaluateInstance(declared);
    const rg: ObjectValue = {
      id,
      name: s.resourceGroup ?? '',
      type: 'Microsoft.Resources/resourceGroups',
      location: this.location,
      properties: { provisioningState: 'Succeeded' },
    };
    const tags = declared?.resource?.tags;
    rg.tags = tags !== undefined ? (tags as Value) : new Unknown(`the tags of resource group ${s.resourceGroup ?? ''} are read from Azure`);
    return rg;
  }

  subscription(): ObjectValue {
    if (this.outer) return this.outer.subscription();
    const s = this.scope;
    if (s.subscriptionId === undefined) throw new TemplateError(`subscription() is not available in a ${s.level} deployment`);
    return {
      id: `/subscriptions/${s.subscriptionId}`,
      subscriptionId: s.subscriptionId,
      tenantId: s.tenantId,
      displayName: new Unknown(`the display name of subscription ${s.subscriptionId} is read from Azure`),
    };
  }

  tenant(): ObjectValue {
    const t = this.scope.tenantId;
    return {
      id: `/tenants/${t}`,
      tenantId: t,
      countryCode: new Unknown(`the country code of tenant ${t} is read from Azure`),
      displayName: new Unknown(`the display name of tenant ${t} is read from Azure`),
    };
  }

  managementGroup(): ObjectValue {
    if (this.outer) return this.outer.managementGroup();
    const s = this.scope;
    if (s.level !== 'managementGroup' || s.managementGroup === undefined) {
      throw new TemplateError(`managementGroup() is available only in a management group deployment, not a ${s.level} one`);
    }
    // The shape of the reference's example output (template-functions-scope#managementgroup, read 2026-12-07):
    // `type` is "/providers/Microsoft.Management/managementGroups" there, and `properties.tenantId` is the
    // deployment's tenant; the display name and details (parent, updatedBy, updatedTime, version) are Azure's.
    return {
      id: scopeId(s),
      name: s.managementGroup,
      properties: {
        details: new Unknown(`the parent of management group ${s.managementGroup} is read from Azure`),
        displayName: new Unknown(`the display name of management group ${s.managementGroup} is read from Azure`),
        tenantId: s.tenantId,
      },
      type: '/providers/Microsoft.Management/managementGroups',
    };
  }

  /**
   * reference() and list*() read a resource's runtime state, which ARM has not when it resolves parameters and
   * variables: "You can't use the reference function or any of the list functions in the parameters section"
   * (https://learn.microsoft.com/azure/azure-resource-manager/templates/parameters, read 2026-12-07) and "You
   * can't use the reference function in the variables section of the template"
   * (https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#variables; the list
   * functions' "Valid uses" are "the properties of a resource definition", template-functions-resource#list);
   * ARM's error is "The template function '…' is not expected at this location".
   */
  refuseRuntimeRead(fn: string, ctx: TemplateEvalContext): void {
    if (ctx.outsideParameterDefault === undefined && ctx.functionParameters === undefined) {
      throw new TemplateError(`The template function '${fn}' is not expected at this location (a parameter's defaultValue; parameters are resolved before deployment, when no resource's runtime state exists: read it in a resource's properties or an output). Please see https://aka.ms/arm-template-expressions for usage details`);
    }
    // This frame and the one whose scope an inner-scope nested template reads (no array made: reference() is hot).
    const inVariable = this.evaluatingVariable() ?? this.outer?.evaluatingVariable();
    if (inVariable !== undefined) throw new TemplateError(`The template function '${fn}' is not expected at this location (variable '${inVariable}'; variables are resolved before deployment, when no resource's runtime state exists: read it in a resource's properties or an output). Please see https://aka.ms/arm-template-expressions for usage details`);
  }

  reference(target: string, _apiVersion: string | undefined, full: boolean): Value {
    const inst = this.resolve(target);
    if (inst === undefined && this.deferring) this.missed = true;
    if (inst === undefined) {
      const why = this.eng.skippedIds.get(target.toLowerCase());
      if (why !== undefined) return new Unknown(`reference('${target}'): not deployed (${why})`);
      return new Unknown(`reference('${target}'): not declared in this deployment; its state exists only in Azure`);
    }
    return this.stateOf(inst, target, undefined, full);
  }

  /**
   * What reference() returns for a resource this expansion declares. Reasons name the call,
   * `reference('target')`, or `references('target')[copy]` when `copy` is given: written only for a reason.
   */
  private stateOf(inst: Instance, target: string, copy: number | undefined, full: boolean): Value {
    if (inst.existing) return new Unknown(`${callText(target, copy)}: an existing resource; its properties are read from Azure at deployment`);
    if (inst.state === 'evaluating') throw new TemplateError(`circular reference: ${inst.id} refers to itself through reference()`);
    evaluateInstance(inst);
    const r = inst.resource;
    if (r === undefined) return new Unknown(`${callText(target, copy)}: ${inst.id} could not be evaluated`);
    if (inst.isDeployment && inst.notExpanded !== undefined) return new Unknown(`${callText(target, copy)}: ${inst.notExpanded}`);
    this.eng.viewsHandedOut++;
    const cached = full ? inst.fullView : inst.propertiesView;
    if (cached) return cached;
    const why = (p: string): string => `${p} of ${inst.id} is not declared in the template; it exists only after deployment`;
    let props: ObjectValue;
    if (inst.isDeployment) {
      const outputs: ObjectValue = {};
      const declared = inst.child?.outputs ?? NO_OUTPUTS;
      for (const k in declared) {
        const o = declared[k] as OutputValue;
        setKey(outputs, k, { type: o.type, value: o.value });
      }
      props = { outputs };
    } else {
      props = isObj(r.properties as Value) ? withInlineChildIds(inst.type, inst.id, r.properties as ObjectValue) : {};
    }
    // Azure adds properties the template does not declare (provisioningState, principalId…), at any depth:
    // the keys of a resource's objects are known only after deployment. A nested deployment's outputs are
    // the ones its template declares.
    const partial = (p: string): string | undefined =>
      inst.isDeployment && (p === 'properties.outputs' || p.startsWith('properties.outputs.'))
        ? undefined
        : `the keys of ${p === '' ? inst.id : `${p} of ${inst.id}`} are known only after deployment: Azure adds properties the template does not declare`;
    const view = full ? openObject({ ...envelope(r), properties: props }, '', why, partial) : openObject(props, 'properties', why, partial);
    if (full) inst.fullView = view;
    else inst.propertiesView = view;
    return view;
  }

  /**
   * references('collection'): reference() of each deployed copy of a languageVersion 2.0 resource loop, in
   * copy index order; copies whose condition is false are left out, and none gives []
   * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource#references).
   */
  references(symbolicName: string, full: boolean): Value {
    const call = `references('${symbolicName}')`;
    const frames = [this as TemplateFrame, ...(this.outer ? [this.outer] : [])];
    for (const f of frames) {
      const inVariable = f.evaluatingVariable();
      // "You can't use the reference function in the variables section" (templates/best-practices#variables).
      if (inVariable !== undefined) throw new TemplateError(`The template function 'references' is not expected at this location (variable '${inVariable}'; the reference functions read deployed resources, which variables cannot). Please see https://aka.ms/arm-template-expressions for usage details`);
    }
    const lower = symbolicName.toLowerCase();
    for (const f of frames) {
      const rs = f.template.resources;
      if (!isObj(rs)) continue;
      const sym = Object.keys(rs).find((k) => k.toLowerCase() === lower);
      if (sym === undefined) continue;
      const decl = rs[sym];
      if (!isObj(decl) || !isObj(decl.copy)) throw new TemplateError(`${call}: '${sym}' is a single resource, not a resource collection (it has no copy loop); use reference('${sym}')`);
      const unsettled = this.eng.unsettled.get(f.label(`resources.${sym}`).toLowerCase());
      if (unsettled !== undefined) return new Unknown(`${call}: ${unsettled}`);
      const copies = f.instances.filter((i) => i.symbolic?.toLowerCase() === lower).sort((a, b) => (a.copy?.index ?? 0) - (b.copy?.index ?? 0));
      const out: Value[] = [];
      for (const inst of copies) {
        if (inst.conditionUnknown) return new Unknown(`${call}: whether ${inst.id} is deployed is unknown before deployment (${inst.conditionUnknown.reason})`);
        out.push(this.stateOf(inst, symbolicName, inst.copy?.index ?? 0, full));
      }
      return out;
    }
    if (!frames.some((f) => isObj(f.template.resources))) {
      throw new TemplateError(`${call}: this template declares its resources as an array; references() reads a resource collection by symbolic name, which needs "languageVersion": "2.0" and "resources" as an object`);
    }
    throw new TemplateError(`${call}: no resource collection has the symbolic name '${symbolicName}' in this template; references() reads only resources declared in the current template`);
  }

  resourceInfo(symbolicName: string): Value {
    const lower = symbolicName.toLowerCase();
    const frames = [this as TemplateFrame, ...(this.outer ? [this.outer] : [])];
    for (const f of frames) {
      const found = f.instances.filter((i) => i.symbolic?.toLowerCase() === lower);
      if (found.length > 1) throw new TemplateError(`resourceInfo('${symbolicName}'): '${symbolicName}' is a loop of ${found.length} resources; name one copy as '${symbolicName}[<index>]'`);
      const inst = found[0] ?? (lower.endsWith(']') ? f.copyOf(lower) : undefined);
      if (inst) {
        const info: ObjectValue = { id: inst.id, name: inst.name, type: inst.type };
        if (typeof inst.raw.apiVersion === 'string') info.apiVersion = inst.raw.apiVersion;
        return info;
      }
    }
    const label = this.label(`resources.${symbolicName}`);
    const skipped = this.eng.skipped.find((x) => x.declaration.toLowerCase() === label.toLowerCase());
    if (skipped) throw new TemplateError(`resourceInfo('${symbolicName}'): the resource is not deployed (${skipped.reason})`);
    throw new TemplateError(`resourceInfo('${symbolicName}'): no resource has the symbolic name '${symbolicName}' in this template`);
  }

  /** A resource ID, a languageVersion 2.0 symbolic name, or a resource name declared in this template. */
  private resolve(target: string): Instance | undefined {
    // An ID as the engine wrote it (byExactId holds only IDs, which start with '/'): found before startsWith()
    // flattens the string resourceId() built.
    const exact = this.eng.byExactId.get(target);
    if (exact !== undefined) return exact;
    if (target.startsWith('/')) return this.eng.byId.get(target.toLowerCase());
    const lower = target.toLowerCase();
    return this.resolveHere(lower) ?? this.outer?.resolveHere(lower);
  }

  /**
   * The one instance of this template whose symbolic name is `lower`, else the one whose name or type/name
   * is (in any casing); undefined when none or several are. A loop without arrays or lower-case copies:
   * reference() by name is asked hundreds of times an expansion.
   */
  private resolveHere(lower: string): Instance | undefined {
    let bySymbol: Instance | undefined;
    let symbols = 0;
    let byName: Instance | undefined;
    let names = 0;
    const byLength = !lower.includes('\u0307');
    for (let k = 0; k < this.instances.length; k++) {
      const i = this.instances[k] as Instance;
      if (i.symbolic !== undefined && lowersTo(i.symbolic, lower, byLength)) {
        symbols++;
        bySymbol = i;
      }
      if (lowersTo(i.name, lower, byLength) || typeNameLowersTo(i.type, i.name, lower, byLength)) {
        names++;
        byName = i;
      }
    }
    if (symbols === 1) return bySymbol;
    if (names === 1) return byName;
    // `<symbolic>[<index>]`: one copy of a languageVersion 2.0 resource loop, as Bicep writes
    // reference(format('storageAccounts[{0}]', i)) (Azure/bicep Loops_LF/main.symbolicnames.json).
    if (symbols === 0 && names === 0 && lower.endsWith(']')) return this.copyOf(lower);
    return undefined;
  }

  /** The copy `<symbolic>[<index>]` (lower case) of a resource loop of this template, if it is deployed. */
  private copyOf(lower: string): Instance | undefined {
    const at = this.nameIndex().get(lower);
    return typeof at === 'number' ? (this.instances[at] as Instance) : undefined;
  }

  // ---- expansion -----------------------------------------------------------------------------

  run(): void {
    // A template deployed several times (a nested deployment in a copy loop) is the same object each time,
    // with the same findings, which report() would drop as repeats: checked once.
    if (!this.eng.shapeChecked.has(this.template)) {
      this.eng.shapeChecked.add(this.template);
      for (const d of checkTemplateShape(this.template, (c, k) => this.locate(c, k))) this.eng.report(d);
    }
    // An outer-scope template reads its parent's parameters; its own declarations are not used.
    if (!this.outer) this.checkParameters();
    const rs = this.template.resources;
    // The declarations by index: an array's items, or (languageVersion 2.0) an object's members in order.
    // An array at every languageVersion; an object keyed by symbolic name only from languageVersion 2.0.
    let symbols: string[] | undefined;
    let count = 0;
    if (Array.isArray(rs)) count = rs.length;
    else if (isObj(rs) && allowsSymbolicNames(languageVersionOf(this.template))) {
      symbols = Object.keys(rs);
      count = symbols.length;
    } else if (isObj(rs)) {
      const lv = languageVersionOf(this.template);
      this.error(
        'IL5-ARM-TEMPLATE',
        `'resources' is an object, which ARM reads only with "languageVersion": "2.0" (declarations keyed by symbolic name); this template ${lv === undefined ? 'has no languageVersion' : `has languageVersion ${describe(lv)}`}, so 'resources' must be an array`,
        this.locate(this.template, 'resources'),
        'make "resources" an array of resource declarations ([{"type": …, "apiVersion": …, "name": …}, …]), or add "languageVersion": "2.0" to the template to keep them keyed by symbolic name',
      );
    } else if (rs !== undefined) {
      const symbolic = allowsSymbolicNames(languageVersionOf(this.template));
      this.error(
        'IL5-ARM-TEMPLATE',
        `'resources' must be an array of resource declarations${symbolic ? ' or (languageVersion 2.0) an object keyed by symbolic name' : ''}, but it is ${describe(rs)}`,
        this.locate(this.template, 'resources'),
        symbolic ? 'write "resources": {"name": {"type": …, "apiVersion": …, "name": …}, …}' : 'write "resources": [{"type": …, "apiVersion": …, "name": …}, …]',
      );
    }
    // What each declaration enumerated after the first one deferred, as runs of this.instances:
    // (declaration index, from, to) in threes, by which the instances are put back in the order of their
    // declarations after a retry. Before the first deferral they are in that order already: one run, under
    // declaration 0 (nothing is made per declaration when nothing defers, as in most templates).
    const runs: number[] = [];
    let retry: number[] | undefined;
    for (let i = 0; i < count; i++) {
      const mark = this.instances.length;
      if (this.enumerateDeclaration(rs, symbols, i, true)) {
        if (retry === undefined) {
          retry = [];
          if (mark > 0) runs.push(0, 0, mark);
        }
        retry.push(i);
      } else if (retry !== undefined && this.instances.length > mark) runs.push(i, mark, this.instances.length);
    }
    // Retry declarations that read a deployment declared later, while each round makes progress; then
    // enumerate the rest for good (their reference() is Unknown, with why).
    let pending = retry ?? [];
    let tried = count;
    while (pending.length > 0) {
      const final = pending.length === tried;
      tried = pending.length;
      const again: number[] = [];
      for (let k = 0; k < pending.length; k++) {
        const i = pending[k] as number;
        const mark = this.instances.length;
        if (this.enumerateDeclaration(rs, symbols, i, !final)) again.push(i);
        if (this.instances.length > mark) runs.push(i, mark, this.instances.length);
      }
      pending = again;
    }
    let deployed = 0;
    for (let i = 0; i < this.instances.length; i++) if (!(this.instances[i] as Instance).existing) deployed++;
    if (deployed > MAX_RESOURCES) {
      this.eng.report({
        severity: 'error',
        code: 'IL5-ARM-LIMIT',
        message: `the ${this.deploymentInstance ? `template of nested deployment ${this.deploymentInstance.label}` : 'template'} declares ${deployed} resources (copies included); ARM allows at most ${MAX_RESOURCES} in one deployment`,
        location: this.locate(this.template, 'resources'),
        fix: 'split the resources over nested deployments (https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits)',
      });
    }
    // Without a retry every declaration was enumerated in order already.
    if (retry !== undefined) replaceAll(this.instances, inDeclarationOrder(this.instances, runs));
    this.names = undefined;
    for (let i = 0; i < this.instances.length; i++) evaluateInstance(this.instances[i] as Instance);
    this.outputs = this.evalOutputs();
    const problems = checkDependencies(this);
    for (let i = 0; i < problems.length; i++) this.eng.report(problems[i] as Diagnostic);
  }

  /**
   * The instances a dependsOn entry that is not a resource ID may name (nameIndex: symbolic name, copy loop
   * name, name or type/name, lower case), by their positions in `instances`; indexed once per set of
   * instances. The dependency check uses the same index.
   */
  nameIndex(): NodeIndex {
    let index = this.names;
    if (index === undefined || index.size !== this.instances.length) {
      index = { size: this.instances.length, byName: nameIndex(this.instances) };
      this.names = index;
    }
    return index.byName;
  }

  private names: { size: number; byName: NodeIndex } | undefined;

  // ---- DepScope: this template as the dependency check (validate-deps.ts) sees it ------------

  get nodes(): readonly DepNode[] {
    return this.instances;
  }

  notDeployed(target: string): boolean {
    const lower = target.toLowerCase();
    const tail = providerPart(target).toLowerCase();
    return this.notDeployedHere.some((s) => s.id === tail || s.names.includes(lower));
  }

  knownLowerId(id: string): string | undefined {
    return this.eng.byExactId.get(id)?.lowerId;
  }

  /** Asked only for an ID nothing in this template matches: the index is built on the first such ID. */
  declaredElsewhere(id: string): boolean {
    if (this.tails === undefined) {
      this.tails = new Set();
      for (const k of this.eng.byId.keys()) this.tails.add(providerPart(k).toLowerCase());
      for (const k of this.eng.skippedIds.keys()) this.tails.add(providerPart(k).toLowerCase());
    }
    return this.tails.has(providerPart(id).toLowerCase());
  }

  private tails: Set<string> | undefined;

  private evalOutputs(): Record<string, OutputValue> {
    const out: Record<string, OutputValue> = {};
    const os = this.template.outputs;
    if (!isObj(os)) return out;
    for (const name in os) {
      const o = os[name];
      if (!isObj(o)) continue;
      const type = typeof o.type === 'string' ? o.type : 'object';
      const declared = typeof o.type === 'string' ? o.type : undefined;
      if ('condition' in o) {
        const c = this.evalValue(o.condition ?? null, this.ctx(), o, 'condition');
        if (c === false) continue;
      }
      let value: Value;
      const mark = this.eng.viewsEscaped;
      if (isObj(o.copy)) value = this.evalLoop(o.copy, o, 'copy', this.ctx(), 'output');
      else value = this.evalValue(o.value ?? null, this.ctx(), o, 'value');
      const v = plain(this.eng, mark, value);
      const wrong = declared !== undefined ? outputTypeProblem(name, declared, v) : undefined;
      if (wrong !== undefined) this.error('IL5-ARM-OUTPUT', wrong, this.locate(o, isObj(o.copy) ? 'copy' : 'value'), `make the value of type ${declared ?? ''}, or declare the output's type as what the value is`);
      setKey(out, name, { type, value: v });
    }
    return out;
  }

  /**
   * A declaration (or one copy) not deployed, and why. `symbolic`: its symbolic name when it is a
   * languageVersion 2.0 declaration of this template; `facts.settled`: it is known not to be deployed (a
   * false condition, a count of 0).
   */
  private skip(raw: Value, label: string, symbolic: string | undefined, type: string, reason: string, container: object, key: string | number, facts: SkipFacts = NO_FACTS): void {
    if (facts.settled !== true) this.eng.unsettled.set(label.toLowerCase(), reason);
    this.noteNotDeployed(raw, label, symbolic, type, facts);
    this.pushSkipped(label, type, facts.name, facts.copyIndex, reason, this.locate(container, key));
    if (facts.id !== undefined) this.eng.skippedIds.set(facts.id.toLowerCase(), reason);
    // Everything declared under a declaration that is not deployed is not deployed either.
    if (isObj(raw)) this.skipDescendants(raw, label, `${label} is not deployed: ${reason}`);
  }

  /** One SkippedDeclaration, its keys set in the order they are printed (no objects spread into it). */
  private pushSkipped(declaration: string, type: string, name: string | undefined, copyIndex: number | undefined, reason: string, source: SourceLocation): void {
    const s: Partial<SkippedDeclaration> = { declaration, type };
    if (name !== undefined) s.name = name;
    if (copyIndex !== undefined) s.copyIndex = copyIndex;
    s.reason = reason;
    s.source = source;
    if (this.deploymentId !== undefined) s.deployment = this.deploymentId;
    this.eng.skipped.push(s as SkippedDeclaration);
  }

  /** What a dependsOn may call a declaration that deploys nothing; unless that is known, absence proves nothing. */
  private noteNotDeployed(raw: Value, label: string, symbolic: string | undefined, type: string, facts: SkipFacts): void {
    const names: string[] = [];
    if (isObj(raw) && isObj(raw.copy) && typeof raw.copy.name === 'string') names.push(raw.copy.name.toLowerCase());
    // The symbolic name as the label ends with it (`resources.<name>`, a name without '.', '[' or ']'); only
    // a symbolic declaration's label can (the others end with ']'): no match attempted for the others.
    const sym = symbolic !== undefined ? /resources\.([^.[\]]+)$/.exec(label)?.[1] : undefined;
    if (sym !== undefined) {
      names.push(sym.toLowerCase());
      // One copy of a symbolic resource loop, as Bicep names it in dependsOn: `<symbolic>[<index>]`.
      if (facts.copyIndex !== undefined) names.push(`${sym.toLowerCase()}[${facts.copyIndex}]`);
    }
    if (facts.name !== undefined) names.push(facts.name.toLowerCase(), `${type}/${facts.name}`.toLowerCase());
    // A skipped copy loop (count 0) or a resource whose name is unknown: its instances' names are not known.
    if (facts.settled !== true || facts.name === undefined || (isObj(raw) && raw.resources !== undefined)) this.incomplete = true;
    this.notDeployedHere.push({ names, id: facts.id !== undefined ? providerPart(facts.id).toLowerCase() : undefined });
  }

  private skipDescendants(raw: ObjectValue, label: string, reason: string): void {
    const children = raw.resources;
    if (Array.isArray(children)) {
      for (let i = 0; i < children.length; i++) {
        const c = children[i];
        if (!isObj(c)) continue;
        const childLabel = `${label}.resources[${i}]`;
        this.pushSkipped(childLabel, typeof c.type === 'string' ? c.type : '', undefined, undefined, reason, this.locate(children, i));
        this.skipDescendants(c, childLabel, reason);
      }
    }
    const props = raw.properties;
    if (typeof raw.type === 'string' && isDeploymentType(raw.type) && isObj(props) && isObj(props.template)) {
      const rs = props.template.resources;
      const base = `${label}.properties.template`;
      if (Array.isArray(rs)) for (let i = 0; i < rs.length; i++) this.skipNested(rs[i] ?? null, rs, i, `${base}.${declarationSub(i)}`, reason);
      else if (isObj(rs)) for (const sym in rs) this.skipNested(rs[sym] ?? null, rs, sym, `${base}.resources.${sym}`, reason);
    }
  }

  /** A declaration of a nested template not deployed with its deployment (skipDescendants). */
  private skipNested(c: Value, container: object, key: string | number, label: string, reason: string): void {
    if (!isObj(c)) return;
    this.pushSkipped(label, typeof c.type === 'string' ? c.type : '', undefined, undefined, reason, this.locate(container, key));
    this.skipDescendants(c, label, reason);
  }

  /** Declaration `i` of the template's `resources` (see run()); true when it was deferred. */
  private enumerateDeclaration(rs: Value | undefined, symbols: string[] | undefined, i: number, mayDefer: boolean): boolean {
    if (symbols === undefined) {
      const items = rs as Value[];
      return this.enumerate(items[i] ?? null, items, i, declarationSub(i), undefined, undefined, mayDefer);
    }
    const members = rs as ObjectValue;
    const sym = symbols[i] as string;
    return this.enumerate(members[sym] ?? null, members, sym, `resources.${sym}`, undefined, sym, mayDefer);
  }

  /** One declaration -> its instances (one per copy iteration whose condition holds), children included. */
  private enumerate(raw: Value, container: object, key: string | number, sub: string, parent: Instance | undefined, symbolic?: string, mayDefer = false): boolean {
    if (mayDefer && isObj(raw) && mentionsReference(raw) && this.readsLaterDeclaration(raw, parent)) return true;
    this.enumerateNow(raw, container, key, sub, parent, symbolic);
    return false;
  }

  /**
   * A dry run of what decides whether and as what a declaration exists (count, condition, name): true when
   * it reads reference() of something not yet registered. Its diagnostics are reported again,
   * identically, by the real run (and deduplicated).
   */
  private readsLaterDeclaration(raw: ObjectValue, parent: Instance | undefined): boolean {
    this.deferring = true;
    this.missed = false;
    try {
      const copy = isObj(raw.copy) ? raw.copy : undefined;
      const n = copy ? this.count(copy, raw, 'copy', this.ctx(parent?.copy)) : 1;
      if (isUnknown(n) || n <= 0) return this.missed;
      const probe = this.ctx(copy ? { name: typeof copy.name === 'string' ? copy.name : '', index: 0, kind: 'resource', parent: parent?.copy } : parent?.copy);
      if ('condition' in raw) this.evalValue(raw.condition ?? null, probe, raw, 'condition');
      this.evalValue(raw.name ?? null, probe, raw, 'name');
      return this.missed;
    } finally {
      this.deferring = false;
    }
  }

  private enumerateNow(raw: Value, container: object, key: string | number, sub: string, parent: Instance | undefined, symbolic?: string): void {
    const path = this.path ? `${this.path}.${sub}` : sub;
    // label(sub), made from the path rather than built again beside it.
    const label = this.labelPrefix === '' ? path : `${this.labelPrefix}${path}`;
    if (!isObj(raw)) {
      this.error('IL5-ARM-RESOURCE', `resource declaration ${label} must be an object, but it is ${describe(raw)}`, this.locate(container, key), 'write the resource as {"type": …, "apiVersion": …, "name": …}');
      return;
    }
    const rawType = typeof raw.type === 'string' ? raw.type : '';
    if (rawType === '') {
      this.error('IL5-ARM-RESOURCE', `resource declaration ${label} has no 'type'`, this.locate(container, key), `add "type": "Namespace/resourceType"`);
      this.skip(raw, label, symbolic, '', `its declaration has no 'type'`, container, key);
      return;
    }
    const copy = isObj(raw.copy) ? raw.copy : undefined;
    const base = parent?.copy;
    let count = 1;
    if (copy) {
      const n = this.count(copy, raw, 'copy', this.ctx(base));
      if (isUnknown(n)) {
        this.warn('IL5-ARM-COPY-UNKNOWN', `the number of copies of ${label} is unknown before deployment: ${n.reason}`, this.locate(raw, 'copy'), 'pass the count as a parameter if it can be known; otherwise these instances can be checked only after deployment');
        this.skip(raw, label, symbolic, rawType, `its copy count is unknown before deployment: ${n.reason}`, container, key);
        return;
      }
      if (n <= 0) {
        this.skip(raw, label, symbolic, rawType, n === 0 ? 'its copy count is 0' : 'its copy count is invalid (reported as an error)', container, key, { settled: n === 0 });
        return;
      }
      count = n;
    }
    const loopName = copy && typeof copy.name === 'string' ? copy.name : '';
    if (copy) this.checkCopyMode(copy, label);
    for (let i = 0; i < count; i++) {
      const cf: CopyFrame | undefined = copy ? { name: loopName, index: i, kind: 'resource', parent: base } : base;
      const ctx = this.ctx(cf);
      const copyIndex = copy ? i : undefined;
      let conditionUnknown: Unknown | undefined;
      if ('condition' in raw) {
        const c = this.evalValue(raw.condition ?? null, ctx, raw, 'condition');
        if (isUnknown(c)) conditionUnknown = c;
        else if (c !== true) {
          if (c !== false) {
            this.error('IL5-ARM-CONDITION', `the condition of ${label} must be a boolean, but it is ${JSON.stringify(c)}`, this.locate(raw, 'condition'), 'make the condition a boolean expression');
          }
          const name = this.evalValue(raw.name ?? null, ctx, raw, 'name');
          const idGuess = typeof name === 'string' && !parent ? this.tryId(rawType, name, raw, ctx) : undefined;
          this.skip(raw, label, symbolic, rawType, `its condition is false: ${typeof raw.condition === 'string' ? raw.condition : JSON.stringify(raw.condition)}`, container, key, {
            copyIndex,
            settled: c === false,
            name: typeof name === 'string' ? name : undefined,
            id: idGuess,
          });
          continue;
        }
      }
      const typeV = this.evalValue(raw.type ?? null, ctx, raw, 'type');
      const nameV = this.evalValue(raw.name ?? null, ctx, raw, 'name');
      let type = typeof typeV === 'string' ? typeV : rawType;
      let name: string;
      if (typeof nameV === 'string') name = nameV;
      else {
        const why = isUnknown(nameV) ? nameV.reason : `it is ${JSON.stringify(nameV)}`;
        if (!isUnknown(nameV)) this.error('IL5-ARM-RESOURCE', `the name of ${label} must be a string; ${why}`, this.locate(raw, 'name'), 'make the name a string expression');
        this.skip(raw, label, symbolic, type, `its name is unknown before deployment: ${why}`, container, key, { copyIndex });
        continue;
      }
      if (parent) {
        // Child resources nested in `resources` take their parent's type and name as prefixes
        // (https://learn.microsoft.com/azure/azure-resource-manager/templates/child-resource-name-type).
        if (!type.includes('/')) type = `${parent.type}/${type}`;
        const segs = type.split('/').length - 1;
        if (name.split('/').length < segs) name = `${parent.name}/${name}`;
      }
      let scope: string | undefined;
      let placement: DeploymentScope | undefined;
      let id: string;
      try {
        if (!parent && (isDeploymentType(type) || 'resourceGroup' in raw || 'subscriptionId' in raw)) {
          // Nested deployments, and languageVersion 2.0 resources (`existing` ones), may name another
          // subscription or resource group.
          placement = this.deploymentPlacement(raw, ctx);
          id = resourceIdAt(placement, type, name);
        } else if ('scope' in raw && !parent) {
          const sv = this.evalValue(raw.scope ?? null, ctx, raw, 'scope');
          if (typeof sv !== 'string') throw notString(`the scope of ${label} must be a resource ID`, 'scope', sv);
          scope = this.resolveScope(sv);
          id = extensionId(scope, type, name);
        } else if (parent?.scope !== undefined) {
          id = extensionId(parent.scope, type, name);
        } else if (/\/providers\//i.test(type)) {
          // The older way to declare an extension resource: type `Ns/parentType/providers/extType`, name
          // `parent/ExtNs/extName` (https://learn.microsoft.com/azure/azure-resource-manager/templates/scope-extension-resources).
          const ext = splitNestedExtension(type, name);
          if (!ext) throw new IdError(`type '${type}' with name '${name}' is not a nested extension resource: the name needs the parent's name(s), the extension's namespace and its name`);
          scope = resourceIdAt(this.placement, ext.targetType, ext.targetNames);
          type = ext.type;
          name = ext.name;
          id = extensionId(scope, type, name);
        } else {
          id = resourceIdAt(this.placement, type, name);
        }
      } catch (e) {
        if (!(e instanceof IdError)) throw e;
        if (e.unknown !== undefined) {
          // Where it deploys is known only at deployment (a reference(), or a parameter without a value,
          // reported as such): not an error in the template, so skipped like a name known only then.
          this.skip(raw, label, symbolic, type, `its ${e.key ?? 'scope'} is unknown before deployment: ${e.unknown}`, container, key, { copyIndex, name });
          continue;
        }
        this.error(
          'IL5-ARM-RESOURCE',
          `${label}: ${e.message}`,
          this.locate(raw, e.key ?? 'name'),
          e.key === 'scope' ? 'make the scope a resource ID (or, as Bicep writes it, a path below the deployment\'s scope)' : e.key !== undefined ? `make the ${e.key} a string naming one` : 'give one name segment per type segment, and a scope that is a resource ID',
        );
        this.skip(raw, label, symbolic, type, `its resource ID cannot be formed: ${e.message}`, container, key, { copyIndex, name });
        continue;
      }
      const lower = id.toLowerCase();
      const inst = new Instance(this, raw, label, path, symbolic, ctx, type, name, id, lower, scope, raw.existing === true, conditionUnknown, placement);
      // A resource costs far more than one step (its ID, its declaration walked, its output): copies
      // multiplied through nested deployments end by the budget long before memory does.
      spend(this.eng.budget, INSTANCE_COST);
      this.instances.push(inst);
      if (!this.eng.byId.has(lower)) {
        this.eng.byId.set(lower, inst);
        if (id.charCodeAt(0) === 47) this.eng.byExactId.set(id, inst);
      }
      const children = raw.resources;
      if (Array.isArray(children)) children.forEach((c, j) => this.enumerateNow(c, children, j, `${sub}.resources[${j}]`, inst));
    }
  }

  /** `mode` is serial or parallel; `batchSize` (serial only) a positive integer (copy-resources#serial-or-parallel). */
  private checkCopyMode(copy: ObjectValue, label: string): void {
    const mode = 'mode' in copy ? this.evalValue(copy.mode ?? null, this.ctx(), copy, 'mode') : 'parallel';
    if (typeof mode !== 'string' || !['serial', 'parallel'].includes(mode.toLowerCase())) {
      if (!isUnknown(mode)) this.error('IL5-ARM-COPY', `copy mode of ${label} must be 'serial' or 'parallel', not ${JSON.stringify(mode)}`, this.locate(copy, 'mode'), "use \"serial\" or \"parallel\"");
    }
    if ('batchSize' in copy) {
      const b = this.evalValue(copy.batchSize ?? null, this.ctx(), copy, 'batchSize');
      if (!isUnknown(b) && (typeof b !== 'number' || !Number.isInteger(b) || b < 1)) {
        this.error('IL5-ARM-COPY', `copy batchSize of ${label} must be a positive integer, not ${JSON.stringify(b)}`, this.locate(copy, 'batchSize'), 'use a batchSize of 1 or more');
      }
    }
  }

  private tryId(type: string, name: string, raw: ObjectValue, ctx: TemplateEvalContext): string | undefined {
    try {
      if (isDeploymentType(type)) return resourceIdAt(this.deploymentPlacement(raw, ctx), type, name);
      if ('scope' in raw) return undefined;
      return resourceIdAt(this.placement, type, name);
    } catch {
      return undefined;
    }
  }

  /** An extension resource's `scope`: a full ID, or (as Bicep emits) a path relative to the deployment's scope. */
  private resolveScope(s: string): string {
    if (s.startsWith('/')) return s.replace(/\/+$/, '');
    if (/^Microsoft\.Management\/managementGroups\//i.test(s)) return `/providers/${s}`;
    return `${scopeId(this.placement)}/providers/${s}`;
  }

  /** Where a nested deployment deploys: its subscriptionId/resourceGroup, or its `scope`. */
  deploymentPlacement(raw: ObjectValue, ctx: TemplateEvalContext): DeploymentScope {
    const here = this.placement;
    const scopeV = this.placementPart(raw, ctx, 'scope');
    if (scopeV !== undefined) {
      const full = scopeV.startsWith('/') ? scopeV : /^Microsoft\.Management\//i.test(scopeV) ? `/providers/${scopeV}` : `${scopeId(here)}/${scopeV}`;
      const p = parseScopeId(full, here.tenantId);
      if (!p) throw new IdError(`the scope '${scopeV}' of a nested deployment is not a tenant, management group, subscription or resource group`, 'scope');
      return p;
    }
    const sub = this.placementPart(raw, ctx, 'subscriptionId');
    const rg = this.placementPart(raw, ctx, 'resourceGroup');
    if (rg !== undefined) {
      const s = sub ?? here.subscriptionId;
      if (s === undefined) throw new IdError(`a nested deployment to resource group '${rg}' from a ${here.level} deployment needs a subscriptionId`, 'resourceGroup');
      return { level: 'resourceGroup', tenantId: here.tenantId, subscriptionId: s, resourceGroup: rg };
    }
    if (sub !== undefined) {
      if (here.level === 'resourceGroup' && sub.toLowerCase() === (here.subscriptionId ?? '').toLowerCase()) return here;
      return { level: 'subscription', tenantId: here.tenantId, subscriptionId: sub };
    }
    return here;
  }

  /** A nested deployment's `scope`, `subscriptionId` or `resourceGroup`, evaluated; a method, not a closure per deployment. */
  private placementPart(raw: ObjectValue, ctx: TemplateEvalContext, k: string): string | undefined {
    if (!(k in raw)) return undefined;
    const v = this.evalValue(raw[k] ?? null, ctx, raw, k);
    if (typeof v === 'string') return v;
    throw notString(`the ${k} of a nested deployment must be a string`, k, v);
  }
}

/** The IdError for a placement value that is not a string: known only at deployment, or of the wrong type. */
function notString(what: string, key: string, v: Value): IdError {
  return isUnknown(v) ? new IdError(`${what}, but it is unknown (${v.reason})`, key, v.reason) : new IdError(`${what}, but it is ${JSON.stringify(v)}`, key);
}

/** What skip() knows of a declaration not deployed (each absent when not known). */
interface SkipFacts {
  name?: string | undefined;
  copyIndex?: number | undefined;
  id?: string | undefined;
  settled?: boolean;
}
const NO_FACTS: SkipFacts = Object.freeze({});

/** `resources[i]` for the first declarations, made once (every template's declarations are enumerated at every expansion). */
const SUBS: string[] = [];
function declarationSub(i: number): string {
  if (i >= 256) return `resources[${i}]`;
  return (SUBS[i] ??= `resources[${i}]`);
}

/**
 * `instances` in the order of their declarations: `runs` holds (declaration index, from, to) in threes, each
 * a run of instances one declaration enumerated (with its children), in the order the runs were made.
 */
function inDeclarationOrder(instances: readonly Instance[], runs: readonly number[]): Instance[] {
  const byDecl: Instance[][] = [];
  for (let r = 0; r < runs.length; r += 3) {
    const list = (byDecl[runs[r] as number] ??= []);
    for (let i = runs[r + 1] as number; i < (runs[r + 2] as number); i++) list.push(instances[i] as Instance);
  }
  return byDecl.flat();
}

/** The name of a resource declaration's copy loop, if it has one. */
function loopOf(raw: ObjectValue): string | undefined {
  return isObj(raw.copy) && typeof raw.copy.name === 'string' ? raw.copy.name : undefined;
}

/** `Ns/a/providers/ext` + `a1/ExtNs/e1` -> target Ns/a a1, extension ExtNs/ext e1. */
function splitNestedExtension(type: string, name: string): { targetType: string; targetNames: string[]; type: string; name: string } | undefined {
  const m = /^(.*?)\/providers\/(.+)$/i.exec(type);
  if (!m) return undefined;
  const targetType = m[1] ?? '';
  const extKinds = (m[2] ?? '').split('/');
  const targetCount = targetType.split('/').length - 1;
  const names = name.split('/');
  if (targetCount < 1 || names.length !== targetCount + 1 + extKinds.length) return undefined;
  const extNs = names[targetCount] ?? '';
  return { targetType, targetNames: names.slice(0, targetCount), type: `${extNs}/${extKinds.join('/')}`, name: names.slice(targetCount + 1).join('/') };
}

/**
 * Whether a declaration's count, condition or name calls reference(): only then can it depend on a
 * declaration further down (ARM allows reference() neither in variables nor in parameter defaults).
 */
function mentionsReference(raw: ObjectValue): boolean {
  return callsReference(raw.name) || callsReference(raw.condition) || (isObj(raw.copy) && callsReference(raw.copy.count));
}

const REFERENCE_CALL = /references?\s*\(/i;

function callsReference(t: Value | undefined): boolean {
  return typeof t === 'string' && REFERENCE_CALL.test(t);
}

function envelope(r: AzureResource): ObjectValue {
  const e: ObjectValue = {};
  for (const k of ['id', 'name', 'type', 'apiVersion', 'location', 'kind', 'sku', 'plan', 'identity', 'tags', 'zones', 'managedBy', 'properties']) {
    const v = r[k];
    if (v !== undefined) e[k] = v as Value;
  }
  return e;
}

/** Evaluates one instance's declared properties (memoized; reference() may ask for it early). */
function evaluateInstance(inst: Instance): void {
  if (inst.state !== 'pending') return;
  inst.state = 'evaluating';
  const f = inst.frame;
  const raw = inst.raw;
  const ctx = inst.ctx;
  const r: AzureResource = { id: inst.id, type: inst.type, name: inst.name };
  if ('apiVersion' in raw) {
    const v = f.evalValue(raw.apiVersion ?? null, ctx, raw, 'apiVersion');
    if (typeof v === 'string') r.apiVersion = v;
  }
  const isDeployment = inst.isDeployment;
  const mark = f.eng.viewsEscaped;
  for (const k in raw) {
    if (notDeployedKey(k)) continue;
    if (isDeployment && k === 'properties') continue;
    setKey<unknown>(r, k, f.evalValue(raw[k] ?? null, ctx, raw, k));
  }
  // Views reach a resource only through reference()/deployment() during its own evaluation: parameters,
  // variables and outputs are stored as plain data, and so are a nested deployment's properties.
  const views = f.eng.viewsEscaped !== mark;
  if (views) {
    for (const k of Object.keys(r)) if (k !== 'id' && k !== 'type' && k !== 'name') r[k] = materialize(r[k] as Value);
  }
  if (isDeployment) {
    if ('subscriptionId' in raw) r.subscriptionId = inst.placement?.subscriptionId;
    if ('resourceGroup' in raw) r.resourceGroup = inst.placement?.resourceGroup;
    r.properties = expandNested(inst, ctx);
  }
  if (inst.scope !== undefined) r.scope = inst.scope;
  if (Array.isArray(raw.dependsOn)) r.dependsOn = resolveDependsOn(f, raw.dependsOn, ctx);
  if (inst.conditionUnknown) r.condition = inst.conditionUnknown;
  if (inst.notExpanded !== undefined) r.notExpanded = inst.notExpanded;
  r.source = f.locate(inst.raw);
  r.declaration = inst.label;
  if (f.deploymentId !== undefined) r.deployment = f.deploymentId;
  inst.resource = r;
  inst.state = 'done';
}

function resolveDependsOn(f: TemplateFrame, deps: Value[], ctx: TemplateEvalContext): string[] {
  const out: string[] = [];
  for (let i = 0; i < deps.length; i++) {
    const v = f.evalValue(deps[i] ?? null, ctx, deps, i);
    if (typeof v !== 'string') continue;
    if (v.startsWith('/')) {
      out.push(v);
      continue;
    }
    // A symbolic name (languageVersion 2.0), a copy loop's name (all its instances), or a resource name.
    const matches = f.nameIndex().get(v.toLowerCase());
    if (matches === undefined) out.push(v);
    else if (typeof matches === 'number') out.push((f.instances[matches] as Instance).id);
    else for (let m = 0; m < matches.length; m++) out.push((f.instances[matches[m] as number] as Instance).id);
  }
  return unique(out);
}

/** `[...new Set(a)]`: a short list (nearly all) by `indexOf`, without a set, and itself when nothing repeats. */
function unique(a: string[]): string[] {
  if (a.length > 16) return [...new Set(a)];
  for (let i = 1; i < a.length; i++) {
    if (a.indexOf(a[i] as string) === i) continue;
    const out: string[] = [];
    for (let k = 0; k < a.length; k++) if (!out.includes(a[k] as string)) out.push(a[k] as string);
    return out;
  }
  return a;
}

/** A nested deployment: its template (inline or linked) expanded as a child frame; returns its evaluated properties. */
function expandNested(inst: Instance, ctx: TemplateEvalContext): Value {
  const f = inst.frame;
  const raw = inst.raw;
  const props = raw.properties;
  if (!isObj(props)) {
    f.error('IL5-ARM-DEPLOYMENT', `nested deployment ${inst.label} has no 'properties'`, f.locate(raw), `add "properties": {"mode": "Incremental", "template": {…}}`);
    inst.notExpanded = 'its declaration has no properties';
    return null;
  }
  const out: ObjectValue = {};
  for (const k in props) {
    if (k === 'template' || k === 'parameters') continue;
    const mark = f.eng.viewsEscaped;
    setKey(out, k, plain(f.eng, mark, f.evalValue(props[k] ?? null, ctx, props, k)));
  }
  const opts = isObj(out.expressionEvaluationOptions) ? out.expressionEvaluationOptions : {};
  // ARM's default for an inline template is `outer`; a linked template always has its own scope
  // (https://learn.microsoft.com/azure/azure-resource-manager/templates/linked-templates#expression-evaluation-scope-in-nested-templates).
  const inner = !isObj(props.template) || (typeof opts.scope === 'string' && opts.scope.toLowerCase() === 'inner');

  const inputs: FrameInit['inputs'] = new Map();
  const params = props.parameters;
  if (isObj(params)) {
    const evaluated: ObjectValue = {};
    for (const name in params) {
      const pv = params[name] ?? null;
      let value: Value;
      const mark = f.eng.viewsEscaped;
      // Bicep also emits a whole entry as one expression ("[createObject('value', …)]") or as a
      // property loop named 'value'; evaluating the entry first covers both.
      const entry = isObj(pv) && 'reference' in pv ? pv : f.evalValue(pv, ctx, params, name);
      if (isObj(entry) && 'reference' in entry) value = new Unknown(`parameter ${name} is a Key Vault secret reference; its value is read at deployment`);
      else if (isObj(entry) && 'value' in entry) value = entry.value ?? null;
      else if (isUnknown(entry)) value = entry;
      else {
        f.error('IL5-ARM-DEPLOYMENT', `parameter '${name}' of nested deployment ${inst.label} must be {"value": …} or {"reference": …}`, f.locate(params, name), `write "${name}": {"value": …}`);
        value = new Unknown(`parameter ${name} is malformed`);
      }
      value = plain(f.eng, mark, value);
      setKey(evaluated, name, { value });
      inputs.set(lowerName(name), new NestedInput(name, value, f, params));
    }
    out.parameters = evaluated;
    if (!inner && Object.keys(params).length > 0) {
      f.warn('IL5-ARM-OUTER-PARAMS', `nested deployment ${inst.label} passes parameters but evaluates in the outer scope, where they are ignored`, f.locate(props, 'parameters'), `set "expressionEvaluationOptions": {"scope": "inner"}`);
    }
  }
  if ('parametersLink' in props) {
    inst.notExpanded = `its parameters come from parametersLink, which is not read offline`;
    f.warn('IL5-ARM-LINK-REMOTE', `nested deployment ${inst.label} takes its parameters from a parametersLink; il5ml does not fetch it, so the deployment is not expanded`, f.locate(props, 'parametersLink'), 'pass the parameters inline in "parameters"');
    return out;
  }

  let doc: ParsedJson = f.doc;
  let template: Value = props.template ?? null;
  let path = `${inst.path}.properties.template`;
  let labelPrefix = f.labelPrefix;
  let link: ObjectValue | undefined;
  if (!isObj(template)) {
    const tl = out.templateLink;
    if (!isObj(tl)) {
      f.error('IL5-ARM-DEPLOYMENT', `nested deployment ${inst.label} has neither 'template' nor 'templateLink'`, f.locate(props), 'add an inline "template" or a "templateLink" with "relativePath"');
      inst.notExpanded = 'it has no template';
      return out;
    }
    link = tl;
    if ('relativePath' in tl && typeof tl.relativePath !== 'string') {
      inst.notExpanded = 'its templateLink.relativePath is not a string';
      f.error('IL5-ARM-LINK', `nested deployment ${inst.label}: templateLink.relativePath must be a string, but it is ${JSON.stringify(tl.relativePath)}`, f.locate(props, 'templateLink'), 'give the path of the linked template as a string');
      return out;
    }
    const rel = typeof tl.relativePath === 'string' ? tl.relativePath : undefined;
    const got = rel !== undefined ? f.eng.loadLinked?.(rel, f.doc.file) : undefined;
    const loaded = got !== undefined && 'text' in got ? got : undefined;
    if (rel === undefined || loaded === undefined) {
      const what = rel !== undefined ? `the linked template '${rel}' could not be read${got !== undefined && 'error' in got ? `: ${got.error}` : ''}` : `its template is at ${typeof tl.uri === 'string' ? tl.uri : typeof tl.id === 'string' ? tl.id : 'a remote location'}, which il5ml does not fetch`;
      inst.notExpanded = `not expanded: ${what}`;
      f.report(rel !== undefined ? 'error' : 'warning', 'IL5-ARM-LINK', `nested deployment ${inst.label} is not expanded: ${what}`, f.locate(props, 'templateLink'), rel !== undefined ? `check that ${rel} exists next to ${f.doc.file}` : 'use a templateLink.relativePath to a local file, or inline the template');
      return out;
    }
    // A template that links itself, directly or through others, would expand forever.
    for (let a: TemplateFrame | undefined = f; a; a = a.deploymentInstance?.frame) {
      if (a.doc.file === loaded.file) {
        inst.notExpanded = `not expanded: ${loaded.file} links itself through ${rel}`;
        f.error('IL5-ARM-LINK', `nested deployment ${inst.label} links ${rel}, which is already being expanded above it (a cycle of linked templates)`, f.locate(props, 'templateLink'), 'break the cycle of templateLink.relativePath references');
        return out;
      }
    }
    // Reading and parsing a file costs far more than a step; a graph of templates each linking the next
    // twice (2^40 expansions) ends by the budget.
    spend(f.eng.budget, LINK_COST + Math.ceil(loaded.text.length / 16));
    doc = parseJsonc(loaded.text, loaded.file);
    for (const d of doc.diagnostics) f.eng.report(d);
    template = doc.value ?? null;
    path = '';
    labelPrefix = `${loaded.file}#`;
    if (!isObj(template)) {
      inst.notExpanded = `the linked template ${loaded.file} is not a JSON object`;
      f.error('IL5-ARM-LINK', inst.notExpanded, { file: loaded.file, line: 1, column: 1 }, 'the linked file must hold a template object');
      return out;
    }
  }

  // The deployment's printed parameters withhold what the template it deploys declares secure.
  if (inner && isObj(out.parameters)) {
    const secure = secureParameters(template);
    // for-in: no array of entries (a nested deployment passes dozens of parameters); only existing keys are set.
    const ps = out.parameters;
    if (secure.size > 0) for (const name in ps) if (secure.has(name.toLowerCase())) setKey(ps, name, { value: withheld(name) });
  }
  const placement = inst.placement ?? f.placement;
  // resourceGroup()/subscription() resolve to the nested template's target with `inner` (and for linked
  // templates), to the parent's with `outer`
  // (https://learn.microsoft.com/azure/azure-resource-manager/templates/scope-functions#function-resolution-in-scopes).
  const scope = inner ? placement : f.scope;
  const child = new TemplateFrame({
    engine: f.eng,
    doc,
    template,
    path,
    labelPrefix,
    scope,
    placement,
    inputs: inner ? inputs : new Map(),
    inputsFrom: `by nested deployment ${inst.label}`,
    deploymentName: inst.name,
    location: childLocation(f, placement, raw, ctx),
    deploymentInstance: inst,
    outer: inner ? undefined : f,
    templateLink: link,
  });
  inst.child = child;
  try {
    f.nested(`nested deployment ${inst.label}`, () => child.run());
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    inst.notExpanded = `not expanded: ${e.message}`;
    f.error('IL5-ARM-DEPLOYMENT', e.message, f.locate(raw), 'nest fewer deployments');
  }
  return out;
}

/** A parameter value a nested deployment passes; where it was given is found only for an error about it. */
class NestedInput {
  constructor(
    readonly name: string,
    readonly value: Value,
    private readonly frame: TemplateFrame,
    private readonly params: ObjectValue,
  ) {}
  get where(): SourceLocation {
    return this.frame.locate(this.params, this.name);
  }
}

/** resourceGroup().location: the declared resource group's location when this deployment declares it, else --location. */
function childLocation(f: TemplateFrame, placement: DeploymentScope, raw: ObjectValue, ctx: TemplateEvalContext): string {
  if (placement.level === 'resourceGroup') {
    const rg = f.eng.byId.get(lowerScopeId(placement));
    if (rg && rg.state !== 'evaluating') {
      evaluateInstance(rg);
      const loc = rg.resource?.location;
      if (typeof loc === 'string') return loc;
    }
    return f.eng.context.location;
  }
  const loc = 'location' in raw ? f.evalValue(raw.location ?? null, ctx, raw, 'location') : undefined;
  return typeof loc === 'string' ? loc : f.location;
}

/** Parameter file: `{"$schema": …, "parameters": {"x": {"value": …}}}` (or the bare parameters object). */
function parameterInputs(text: string, file: string, diags: Diagnostic[]): FrameInit['inputs'] {
  const inputs: FrameInit['inputs'] = new Map();
  const doc = parseJsonc(text, file);
  pushAll(diags, doc.diagnostics);
  const root = doc.value;
  if (!isObj(root)) {
    if (!doc.diagnostics.some((d) => d.severity === 'error')) {
      diags.push({ severity: 'error', code: 'IL5-ARM-PARAMFILE', message: `${file} must be a JSON object with "parameters"`, location: { file, line: 1, column: 1 } });
    }
    return inputs;
  }
  const ps = isObj(root.parameters) ? root.parameters : '$schema' in root || 'contentVersion' in root ? {} : root;
  for (const [name, pv] of Object.entries(ps)) {
    const where = doc.locate(ps, name);
    if (isObj(pv) && 'value' in pv) inputs.set(name.toLowerCase(), { name, value: pv.value ?? null, where });
    else if (isObj(pv) && 'reference' in pv) {
      const ref = isObj(pv.reference) ? pv.reference : {};
      const secret = typeof ref.secretName === 'string' ? ref.secretName : '?';
      inputs.set(name.toLowerCase(), { name, value: new Unknown(`parameter ${name} is Key Vault secret '${secret}', read at deployment`), where });
    } else {
      diags.push({
        severity: 'error',
        code: 'IL5-ARM-PARAMFILE',
        message: `parameter '${name}' in ${file} must be {"value": …} or {"reference": {"keyVault": …, "secretName": …}}`,
        location: where,
        fix: `write "${name}": {"value": …}`,
      });
    }
  }
  return inputs;
}

/**
 * Expands a template (and its nested and linked deployments) into the resources Azure would deploy.
 * Pure: the caller reads files; linked templates come through `loadLinked`.
 */
export function expandTemplate(input: ExpandInput): ExpansionResult {
  const context = resolveContext(input.file, input.context);
  const engine = new Engine(context, input.loadLinked);
  const result: ExpansionResult = { resources: [], existing: [], skipped: engine.skipped, outputs: {}, diagnostics: engine.diagnostics };
  const tooBig = sizeError(input.text, input.file, 'template') ?? (input.parametersText !== undefined ? sizeError(input.parametersText, input.parametersFile ?? 'parameters.json', 'parameter file') : undefined);
  if (tooBig) {
    engine.report(tooBig);
    return result;
  }
  const doc = parseJsonc(input.text, input.file);
  for (const d of doc.diagnostics) engine.report(d);
  const template = doc.value;
  if (!isObj(template)) {
    if (!doc.diagnostics.some((d) => d.severity === 'error')) {
      engine.report({ severity: 'error', code: 'IL5-ARM-TEMPLATE', message: `${input.file} is not a template: it must be a JSON object`, location: { file: input.file, line: 1, column: 1 } });
    }
    return result;
  }
  const paramDiags: Diagnostic[] = [];
  const inputs: FrameInit['inputs'] = input.parametersText !== undefined ? parameterInputs(input.parametersText, input.parametersFile ?? 'parameters.json', paramDiags) : new Map();
  for (const [name, value] of Object.entries(input.parameterValues ?? {})) inputs.set(name.toLowerCase(), { name, value });
  for (const d of paramDiags) engine.report(d);

  const level = levelFromSchema(template.$schema);
  if (level === undefined) {
    engine.report({
      severity: 'warning',
      code: 'IL5-ARM-SCHEMA',
      message: `$schema ${JSON.stringify(template.$schema ?? null)} is not a known deployment template schema; expanding as a resource group deployment`,
      location: doc.locate(template, '$schema'),
      fix: 'use https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json# (or the subscription, managementGroup or tenant schema)',
    });
  }
  const scope: DeploymentScope = {
    level: level ?? 'resourceGroup',
    tenantId: context.tenantId,
    ...(level === 'managementGroup' ? { managementGroup: context.managementGroup } : {}),
    ...(level === 'subscription' || level === 'resourceGroup' || level === undefined ? { subscriptionId: context.subscriptionId } : {}),
    ...(level === 'resourceGroup' || level === undefined ? { resourceGroup: context.resourceGroup } : {}),
  };
  const root = new TemplateFrame({
    engine,
    doc,
    template,
    path: '',
    labelPrefix: '',
    scope,
    placement: scope,
    inputs,
    inputsFrom: input.parametersFile ? `in ${input.parametersFile}` : 'in the parameters',
    deploymentName: context.deploymentName,
    location: context.location,
    deploymentInstance: undefined,
    outer: undefined,
    templateLink: undefined,
  });
  try {
    root.run();
  } catch (e) {
    if (!(e instanceof WorkBudgetExceeded)) throw e;
    engine.report({
      severity: 'error',
      code: 'IL5-ARM-WORK',
      message: `expansion stopped: ${e.message} (copy loops multiplied through nested deployments, values doubling, or loops inside loops)`,
      location: { file: input.file, line: 1, column: 1 },
      fix: 'ARM would refuse or time out on this template too; reduce the copy counts or the nesting',
    });
    return result;
  }
  collect(root, result);
  result.outputs = root.outputs;
  return result;
}

function collect(f: TemplateFrame, result: ExpansionResult): void {
  for (let i = 0; i < f.instances.length; i++) {
    const inst = f.instances[i] as Instance;
    if (!inst.resource) continue;
    if (inst.existing) result.existing.push(inst.resource);
    else result.resources.push(inst.resource);
    if (inst.child) collect(inst.child, result);
  }
}
