/**
 * The functions a policy rule adds to the ARM template functions: field(), current(), parameters(),
 * policy(), requestContext(), resourceGroup(), subscription(), ipRangeContains(), addDays(), utcNow().
 * Microsoft Learn, "Azure Policy definition structure policy rule", Policy functions:
 * https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#policy-functions
 *
 * Each reads the resource being evaluated from the context (PolicyEvalContext.policy), so one registry
 * serves every resource.
 */
import type { EvalContext, FunctionDef, ObjectValue, Value } from '../arm/types.js';
import { required } from '../core/diagnostic.js';
import type { AzureResource } from '../core/resource.js';
import { Unknown } from '../core/unknown.js';
import { cidrRange, parseCidr, type AddressRange } from '../net/cidr.js';
import { policyTypeOf, resolveField, segmentsKey, type Segment } from './aliases.js';
import { select, type Binding } from './select.js';

/** What the policy functions read: the resource, the counted members, the assignment. */
export interface PolicyScope {
  /** What field conditions read: the evaluated resource, or a related one inside existenceCondition. */
  resource: AzureResource;
  /** The resource as a Value (the same object). */
  root: Value;
  /** What the field() function reads: always the resource the `if` evaluated (effect-audit-if-not-exists doc). */
  fnResource: AzureResource;
  fnRoot: Value;
  bindings: Binding[];
  /** `current()` names, innermost last: a value count's `name`, or a field count's array alias. */
  current: { name: string; value: Value; prefix?: readonly Segment[] }[];
  parameters: ReadonlyMap<string, Value>;
  policy: ObjectValue;
  /** The resource group's own resource, when the input has it (for resourceGroup().tags, managedBy…). */
  resourceGroupOf: (resource: AzureResource) => AzureResource | undefined;
  /** utcNow(): the evaluation time; Unknown when none was given. */
  now: string | undefined;
}

/** The newest API version, for resources read without one (later than every dated version). */
export const LATEST_API_VERSION = '9999-12-31';

export interface PolicyEvalContext extends EvalContext {
  policy: PolicyScope;
}

function scopeOf(ctx: EvalContext): PolicyScope {
  const s = (ctx as Partial<PolicyEvalContext>).policy;
  if (!s) throw new Error('internal: a policy function was called outside a policy evaluation');
  return s;
}

function fn(name: string, minArgs: number, maxArgs: number, call: (args: readonly Value[], scope: PolicyScope) => Value): FunctionDef {
  return { name, minArgs, maxArgs, call: (args, ctx) => call(args as readonly Value[], scopeOf(ctx)) };
}

function text(fnName: string, v: Value | undefined): string {
  if (typeof v !== 'string') throw new Error(`${fnName}() expects a string argument`);
  return v;
}

/**
 * field(): the value as-is. A missing property is '' and a missing `[*]` collection is [] (Microsoft
 * Learn, "Author policies for array properties", field() results table).
 */
export function fieldValue(scope: PolicyScope, name: string): Value {
  const ref = resolveField(name, scope.fnResource.type, scope.fnResource.apiVersion);
  if (ref.kind === 'unknownAlias') return new Unknown(`the alias '${name}' is not in il5ml's alias table`);
  if (ref.kind === 'otherType') return ref.field.includes('[*]') ? [] : '';
  const sel = select(scope.fnRoot, ref.segments, scope.fnRoot === scope.root ? scope.bindings : []);
  if (sel.collection) return sel.values.map((v) => (v === undefined ? null : v));
  if (sel.value === undefined) return ref.special === 'provisioningState' ? 'Succeeded' : '';
  if (ref.special === 'fullName') return scope.fnResource.name;
  if (ref.special === 'name') return shortName(scope.fnResource.name);
  if (ref.special === 'type') return policyTypeOf(scope.fnResource.type);
  return sel.value;
}

function shortName(name: string): string {
  const parts = name.split('/');
  return parts[parts.length - 1] ?? name;
}

function lastSegment(id: string, what: string): string {
  const parts = id.split('/');
  const i = parts.findIndex((p) => p.toLowerCase() === what);
  return i >= 0 ? (parts[i + 1] ?? '') : '';
}

export const POLICY_FUNCTIONS: readonly FunctionDef[] = [
  fn('field', 1, 1, (args, scope) => fieldValue(scope, text('field', args[0]))),
  fn('current', 0, 1, (args, scope) => {
    if (scope.current.length === 0) throw new Error('current() is only valid inside a count expression');
    if (args.length === 0) return required(scope.current[scope.current.length - 1], 'the innermost count member').value;
    const name = text('current', args[0]);
    const lower = name.toLowerCase();
    for (let i = scope.current.length - 1; i >= 0; i--) {
      const c = required(scope.current[i], 'a count member');
      if (c.name === lower) return c.value;
    }
    // current('<alias of a property of the counted member>'): read it from the member.
    const ref = resolveField(name, scope.resource.type, scope.resource.apiVersion);
    if (ref.kind === 'path') {
      const sel = select(scope.root, ref.segments, scope.bindings);
      const key = segmentsKey(ref.segments);
      if (scope.current.some((c) => c.prefix && key.startsWith(segmentsKey(c.prefix)))) {
        if (sel.collection) {
          const first = sel.values[0];
          return first === undefined ? null : first;
        }
        return sel.value ?? null;
      }
    }
    throw new Error(`current('${name}') names no enclosing count`);
  }),
  fn('parameters', 1, 1, (args, scope) => {
    const name = text('parameters', args[0]);
    const v = scope.parameters.get(name.toLowerCase());
    if (v === undefined) throw new Error(`parameters('${name}'): the definition declares no such parameter`);
    return v;
  }),
  fn('policy', 0, 0, (_args, scope) => scope.policy),
  // "The latest API version is always used during compliance evaluation on existing resources": a
  // resource without an apiVersion (as `az graph query` returns them) is read at the latest, which any
  // version a definition compares with precedes; LATEST_API_VERSION stands for it.
  fn('requestContext', 0, 0, (_args, scope) => ({
    apiVersion: typeof scope.fnResource.apiVersion === 'string' ? scope.fnResource.apiVersion : LATEST_API_VERSION,
  })),
  fn('resourceGroup', 0, 0, (_args, scope) => {
    const id = scope.fnResource.id;
    const name = lastSegment(id, 'resourcegroups');
    const sub = lastSegment(id, 'subscriptions');
    const rg = scope.resourceGroupOf(scope.fnResource);
    const out: ObjectValue = {
      id: `/subscriptions/${sub}/resourceGroups/${name}`,
      name,
      type: 'Microsoft.Resources/resourceGroups',
      location: rg?.location ?? new Unknown(`the location of resource group '${name}' is not in the input`),
      properties: { provisioningState: 'Succeeded' },
    };
    if (rg) {
      if (rg.tags) out.tags = rg.tags as ObjectValue;
      // "The managedBy property is returned only for resource groups that contain resources that are managed
      // by another service" (ARM template functions, resourceGroup(), Return value:
      // https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-scope#resourcegroup,
      // read 2026-12-08). What a policy expression gives for the property such an object lacks (an error, as in
      // a template, or null) no page says; so an unmanaged group's managedBy is Unknown, saying why. The IL5
      // definition 0a370ff3 (SQL servers, customer-managed keys) reads it to leave out Synapse's groups.
      if (typeof rg.managedBy === 'string' && rg.managedBy !== '') out.managedBy = rg.managedBy;
      else {
        out.managedBy = new Unknown(
          `resource group '${name}' is not managed by another resource (the input declares it without managedBy), so resourceGroup() has no managedBy property ("returned only for resource groups that contain resources that are managed by another service": ARM template functions, resourceGroup()); what Azure Policy gives for a property the object lacks is not documented`,
        );
      }
    } else {
      out.tags = new Unknown(`the tags of resource group '${name}' are not in the input`);
      out.managedBy = new Unknown(`whether resource group '${name}' is managed by another resource is not in the input`);
    }
    return out;
  }),
  fn('subscription', 0, 0, (_args, scope) => {
    const sub = lastSegment(scope.fnResource.id, 'subscriptions');
    return {
      id: `/subscriptions/${sub}`,
      subscriptionId: sub,
      tenantId: new Unknown('the tenant id is not in the input'),
      displayName: new Unknown('the subscription display name is not in the input'),
    };
  }),
  fn('ipRangeContains', 2, 2, (args) => {
    const a = parseRange(text('ipRangeContains', args[0]));
    const b = parseRange(text('ipRangeContains', args[1]));
    if (a.family !== b.family) throw new Error('ipRangeContains(): mixing IPv4 and IPv6 fails the evaluation');
    return a.start <= b.start && b.end <= a.end;
  }),
  fn('addDays', 2, 2, (args) => {
    const d = Date.parse(text('addDays', args[0]));
    const n = args[1];
    if (Number.isNaN(d) || typeof n !== 'number') throw new Error('addDays(dateTime, numberOfDaysToAdd) needs an ISO 8601 date and an integer');
    return new Date(d + n * 86_400_000).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
  }),
  fn('utcNow', 0, 1, (_args, scope) => scope.now ?? new Unknown('utcNow() is the time Azure evaluates the policy; no evaluation time was given')),
];

/** A single IP, a CIDR range, or `start-end` (the three forms ipRangeContains() accepts). */
function parseRange(s: string): AddressRange {
  if (s.trim() === '') throw new Error('ipRangeContains(): an empty range fails the evaluation');
  const dash = s.indexOf('-');
  if (dash > 0) {
    const a = cidrRange(parseCidr(s.slice(0, dash).trim()));
    const b = cidrRange(parseCidr(s.slice(dash + 1).trim()));
    if (a.family !== b.family) throw new Error('ipRangeContains(): a range mixes IPv4 and IPv6');
    return { family: a.family, start: a.start, end: b.end };
  }
  // A single address reads as its /32 or /128 block.
  return cidrRange(parseCidr(s.trim()));
}

/** Function names whose value depends on the resource being evaluated: such expressions are evaluated per resource. */
export const DYNAMIC_FUNCTIONS = new Set(['field', 'current', 'requestcontext', 'resourcegroup', 'subscription', 'utcnow', 'policy']);

