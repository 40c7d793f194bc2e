/**
 * Deployment, scope and resource functions of ARM templates:
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-deployment
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-scope
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource
 * Each reads the template being expanded through the TemplateHost carried by its EvalContext.
 */
import { Unknown } from '../../core/unknown.js';
import { FunctionError, lowerName } from '../functions/values.js';
import type { EvalContext, FunctionDef, FunctionRegistry, Value } from '../types.js';
import { IdError, extensionId, providerTail, scopeId, subscriptionResourceIdOf } from '../template/ids.js';
import { type TemplateEvalContext, type TemplateHost, isTemplateContext } from './host.js';

export type { CopyFrame, TemplateEvalContext, TemplateHost } from './host.js';
export { azureUsGovernment, ENVIRONMENT_SOURCE } from './environment.js';

function host(name: string, ctx: EvalContext): TemplateEvalContext {
  if (!isTemplateContext(ctx)) throw new FunctionError(`${name}() is only available inside an ARM template`);
  return ctx;
}

function strArg(fn: string, args: readonly Value[], i: number, what: string): string {
  const v = args[i];
  if (typeof v !== 'string') throw new FunctionError(`${fn}(): the ${what} (argument ${i + 1}) must be a string`);
  return v;
}

/** A deployment function; each of these reads its arguments only while it runs (FunctionDef.borrowsArgs). */
function def(name: string, minArgs: number, maxArgs: number, call: (args: readonly Value[], ctx: TemplateEvalContext) => Value): FunctionDef {
  // host()'s check inline: parameters() and variables() alone are most of a template's calls.
  return { name, minArgs, maxArgs, borrowsArgs: true, call: (args, ctx) => call(args as readonly Value[], (ctx as Partial<TemplateEvalContext>).host !== undefined ? (ctx as TemplateEvalContext) : host(name, ctx)) };
}

/** `d` with its readName (FunctionDef): the same call as d.call([name], ctx), for a string literal argument. */
function readsName(d: FunctionDef, read: (name: string, ctx: EvalContext, lower?: string) => Value): FunctionDef {
  d.readName = read;
  return d;
}

/** The template a context evaluates in (host(), with its check in place). */
function hostOf(name: string, ctx: EvalContext): TemplateHost {
  const h = (ctx as Partial<TemplateEvalContext>).host;
  return h !== undefined ? h : host(name, ctx).host;
}

/** What an ID function throws for `e`: an IdError as the function's error, anything else as it is. */
function idFailure(fn: string, e: unknown): unknown {
  return e instanceof IdError ? new FunctionError(`${fn}(): ${e.message}`) : e;
}

/**
 * `Namespace.Provider/type…`, as /^[^/]+\.[^/]+\/[^/]/ says it (a dot inside the first segment, with
 * something on each side, and a second segment), by indexOf: resourceId() asks it of its arguments at every call.
 */
function isResourceType(a: string): boolean {
  const slash = a.indexOf('/');
  if (slash <= 0 || slash + 1 >= a.length || a.charCodeAt(slash + 1) === 47) return false;
  const dot = a.indexOf('.', 1);
  return dot >= 1 && dot <= slash - 2;
}

/** Index of the first argument holding a resource type (`Namespace/type…`): what comes before are scope parts. */
function typeIndex(fn: string, args: readonly Value[]): number {
  // Indexed, without a callback: the resource ID functions are called hundreds of times an expansion.
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (typeof a === 'string' && isResourceType(a)) return i;
  }
  throw new FunctionError(`${fn}(): no argument is a resource type such as 'Microsoft.Network/virtualNetworks'`);
}

function names(fn: string, args: readonly Value[], from: number): string[] {
  for (let i = from; i < args.length; i++) strArg(fn, args, i, 'resource name');
  // Each is a string (checked above): one array of their number, where pushes onto an empty one made room for 16.
  return args.slice(from) as string[];
}

/** resourceId([subscriptionId], [resourceGroupName], resourceType, resourceName1, [resourceName2]…). */
function resourceIdFn(args: readonly Value[], ctx: TemplateEvalContext): Value {
  const fn = 'resourceId';
  const ti = typeIndex(fn, args);
  if (ti > 2) throw new FunctionError(`${fn}(): at most two arguments (subscriptionId, resourceGroupName) may precede the resource type`);
  const type = strArg(fn, args, ti, 'resource type');
  const ns = names(fn, args, ti + 1);
  const s = ctx.host.scope;
  // try/catch in place, not a closure per call (the ID functions are called hundreds of times an expansion).
  try {
    const tail = providerTail(type, ns);
    if (ti === 2) return `/subscriptions/${strArg(fn, args, 0, 'subscription ID')}/resourceGroups/${strArg(fn, args, 1, 'resource group name')}/providers/${tail}`;
    if (ti === 1) {
      if (s.subscriptionId === undefined) throw new FunctionError(`${fn}(): a resource group name was given, but this ${s.level} deployment has no subscription; give the subscription ID too`);
      return `/subscriptions/${s.subscriptionId}/resourceGroups/${strArg(fn, args, 0, 'resource group name')}/providers/${tail}`;
    }
    // Per the documented return value: subscription-level deployments give subscription-level IDs,
    // management group and tenant deployments give tenant-level IDs.
    if (s.level === 'subscription' && s.subscriptionId !== undefined) return subscriptionResourceIdOf(s.subscriptionId, type, ns);
    if (s.level === 'resourceGroup' || s.level === 'subscription') return `${scopeId(s)}/providers/${tail}`;
    return `/providers/${tail}`;
  } catch (e) {
    throw idFailure(fn, e);
  }
}

function subscriptionResourceIdFn(args: readonly Value[], ctx: TemplateEvalContext): Value {
  const fn = 'subscriptionResourceId';
  const ti = typeIndex(fn, args);
  if (ti > 1) throw new FunctionError(`${fn}(): at most one argument (subscriptionId) may precede the resource type`);
  const sub = ti === 1 ? strArg(fn, args, 0, 'subscription ID') : ctx.host.scope.subscriptionId;
  if (sub === undefined) throw new FunctionError(`${fn}(): this ${ctx.host.scope.level} deployment has no subscription; give the subscription ID as the first argument`);
  const type = strArg(fn, args, ti, 'resource type');
  try {
    return subscriptionResourceIdOf(sub, type, names(fn, args, ti + 1));
  } catch (e) {
    throw idFailure(fn, e);
  }
}

function tenantResourceIdFn(args: readonly Value[]): Value {
  const fn = 'tenantResourceId';
  const type = strArg(fn, args, 0, 'resource type');
  try {
    return `/providers/${providerTail(type, names(fn, args, 1))}`;
  } catch (e) {
    throw idFailure(fn, e);
  }
}

function extensionResourceIdFn(args: readonly Value[]): Value {
  const fn = 'extensionResourceId';
  const base = strArg(fn, args, 0, 'resource ID the extension is applied to');
  const type = strArg(fn, args, 1, 'resource type');
  try {
    return extensionId(base, type, names(fn, args, 2));
  } catch (e) {
    throw idFailure(fn, e);
  }
}

function managementGroupResourceIdFn(args: readonly Value[], ctx: TemplateEvalContext): Value {
  const fn = 'managementGroupResourceId';
  const ti = typeIndex(fn, args);
  if (ti > 1) throw new FunctionError(`${fn}(): at most one argument (managementGroupId) may precede the resource type`);
  const mg = ti === 1 ? strArg(fn, args, 0, 'management group ID') : ctx.host.scope.managementGroup;
  if (mg === undefined) throw new FunctionError(`${fn}(): this ${ctx.host.scope.level} deployment has no management group; give its ID as the first argument`);
  const type = strArg(fn, args, ti, 'resource type');
  try {
    return `/providers/Microsoft.Management/managementGroups/${mg}/providers/${providerTail(type, names(fn, args, ti + 1))}`;
  } catch (e) {
    throw idFailure(fn, e);
  }
}

function copyIndexFn(args: readonly Value[], ctx: TemplateEvalContext): Value {
  let loop: string | undefined;
  let offset = 0;
  // Indexed: an iterator per call (485 calls an expansion of mlz.json, mostly without arguments) is an object each.
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Value;
    if (typeof a === 'string' && loop === undefined) loop = a;
    else if (typeof a === 'number' && Number.isInteger(a)) offset = a;
    else throw new FunctionError(`copyIndex(): arguments are an optional loop name (string) and an optional offset (integer)`);
  }
  let f = ctx.copy;
  if (f === undefined) throw new FunctionError(`copyIndex() is used outside a copy loop; it is valid only inside a resource, property, variable or output with 'copy'`);
  if (loop === undefined) {
    // Without a name ARM means the resource's own loop. A property iteration is read only by its name: "when
    // using copyIndex inside a property iteration, you must provide the name of the iteration"
    // (https://learn.microsoft.com/azure/azure-resource-manager/templates/copy-properties, read 2026-12-07).
    let r: typeof f | undefined = f;
    while (r && r.kind !== 'resource') r = r.parent;
    if (r === undefined && f.kind === 'property') {
      throw new FunctionError(`copyIndex() without a loop name is inside the property iteration '${f.name}' of a resource that has no copy loop; name the iteration: copyIndex('${f.name}')`);
    }
    return (r ?? f).index + offset;
  }
  // lowerName: cached lower-case strings, not two new ones per loop frame and call.
  const want = lowerName(loop);
  while (f && lowerName(f.name) !== want) f = f.parent;
  if (!f) throw new FunctionError(`copyIndex('${loop}'): no enclosing copy loop is named '${loop}'`);
  return f.index + offset;
}

function referenceFn(args: readonly Value[], ctx: TemplateEvalContext): Value {
  const target = strArg('reference', args, 0, 'resource name, ID or symbolic name');
  const apiVersion = typeof args[1] === 'string' ? args[1] : undefined;
  const third = args[2];
  const full = typeof third === 'string' && third.toLowerCase() === 'full';
  ctx.host.refuseRuntimeRead('reference', ctx);
  return ctx.host.reference(target, apiVersion, full);
}

/** Azure's wording for a function used where ARM does not evaluate it (as the ARM engine reports it). */
function notExpectedHere(fn: string, why: string): FunctionError {
  return new FunctionError(`The template function '${fn}' is not expected at this location (${why}). Please see https://aka.ms/arm-template-expressions for usage details`);
}

/**
 * references(symbolicName, ['Full' | 'Properties']): the runtime states of a resource collection
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource#references).
 * Not within copy loops ("can't be used within resource copy loops or Bicep for loop"; Bicep refuses it
 * in variable, output and property loops too, BCP144 in Azure/bicep DirectResourceCollectionTests.cs),
 * nor in user-defined functions ("Functions can't use the reference function",
 * user-defined-functions#limitations); variables are refused by the host (best-practices#variables).
 */
function referencesFn(args: readonly Value[], ctx: TemplateEvalContext): Value {
  const name = strArg('references', args, 0, 'symbolic name of a resource collection');
  let full = false;
  if (args.length > 1) {
    const option = args[1];
    if (typeof option !== 'string' || !['full', 'properties'].includes(option.toLowerCase())) {
      throw new FunctionError(`references(): the second argument must be 'Full' or 'Properties', not ${JSON.stringify(option)}`);
    }
    full = option.toLowerCase() === 'full';
  }
  if (ctx.functionParameters) throw notExpectedHere('references', 'user-defined functions cannot use the reference functions');
  if (ctx.copy !== undefined) {
    throw notExpectedHere('references', `it is inside the copy loop '${ctx.copy.name}'; references() cannot be used within copy loops, so use it in a resource's properties or an output outside any loop`);
  }
  return ctx.host.references(name, full);
}

export const deploymentFunctionList: readonly FunctionDef[] = [
  def('deployment', 0, 0, (_a, c) => c.host.deployment()),
  def('environment', 0, 0, (_a, c) => c.host.environment()),
  def('resourceGroup', 0, 0, (_a, c) => c.host.resourceGroup()),
  def('subscription', 0, 0, (_a, c) => c.host.subscription()),
  def('tenant', 0, 0, (_a, c) => c.host.tenant()),
  def('managementGroup', 0, 1, (_a, c) => c.host.managementGroup()),
  readsName(def('parameters', 1, 1, (a, c) => c.host.parameter(strArg('parameters', a, 0, 'parameter name'), c)), (name, c, lower) => hostOf('parameters', c).parameter(name, c as TemplateEvalContext, lower)),
  readsName(def('variables', 1, 1, (a, c) => c.host.variable(strArg('variables', a, 0, 'variable name'), c)), (name, c, lower) => hostOf('variables', c).variable(name, c as TemplateEvalContext, lower)),
  def('resourceId', 2, Infinity, resourceIdFn),
  def('subscriptionResourceId', 2, Infinity, subscriptionResourceIdFn),
  def('tenantResourceId', 2, Infinity, (a) => tenantResourceIdFn(a)),
  def('extensionResourceId', 3, Infinity, (a) => extensionResourceIdFn(a)),
  def('managementGroupResourceId', 2, Infinity, managementGroupResourceIdFn),
  def('copyIndex', 0, 2, copyIndexFn),
  def('reference', 1, 3, referenceFn),
  def('references', 1, 2, referencesFn),
  // Emitted by Bicep for `sym.id`, `sym.name`, `sym.type`, `sym.apiVersion` in languageVersion 2.0 templates.
  def('resourceInfo', 1, 1, (a, c) => c.host.resourceInfo(strArg('resourceInfo', a, 0, 'symbolic name'))),
  def('pickZones', 3, 5, (a) => new Unknown(`pickZones(): which availability zones ${String(a[0])}/${String(a[1])} offers in ${String(a[2])} is read from Azure at deployment`)),
  def('providers', 1, 2, (a) => new Unknown(`providers(): the registration and API versions of ${String(a[0])} are read from Azure at deployment`)),
];

/**
 * list*() functions (listKeys, listSecrets, listAccountSas…) return keys and secrets that exist only in
 * Azure, so each is Unknown. ARM resolves any function whose name starts with `list` against the
 * resource provider (template-functions-resource#list), so the registry answers every such name.
 */
class RegistryWithList extends Map<string, FunctionDef> {
  override get(name: string): FunctionDef | undefined {
    const f = super.get(name);
    if (f !== undefined || !name.startsWith('list')) return f;
    const def: FunctionDef = {
      name,
      minArgs: 1,
      maxArgs: 3,
      handlesUnknown: true,
      call: (args, ctx) => {
        if (isTemplateContext(ctx)) ctx.host.refuseRuntimeRead(name, ctx);
        const target = (args as readonly Value[])[0];
        const what = typeof target === 'string' ? ` of ${target}` : '';
        return new Unknown(`${name}()${what} returns keys or runtime data read from Azure at deployment`);
      },
    };
    return def;
  }
}

/** `base` plus the deployment functions, with every list*() name answered. */
export function templateFunctions(base: FunctionRegistry, extra: Iterable<FunctionDef> = []): FunctionRegistry {
  const m = new RegistryWithList(base);
  for (const f of deploymentFunctionList) m.set(f.name.toLowerCase(), f);
  for (const f of extra) m.set(f.name.toLowerCase(), f);
  return m;
}
