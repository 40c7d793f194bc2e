/**
 * Projected state: a template says what will be created; some policies read what Azure adds afterwards.
 * Each projection below adds to a copy of the input what Azure is documented to add, and notes it; the
 * input objects are never changed. docs/policy-engine.md lists them with their sources.
 */
import { replaceLast } from '../core/array.js';
import type { SourceLocation } from '../core/diagnostic.js';
import type { AzureResource } from '../core/resource.js';
import { isUnknown, Unknown } from '../core/unknown.js';
import { resourceGroupId, subscriptionId } from './related.js';

export interface Projection {
  /** Resource id the projection added to, or created. */
  resourceId: string;
  what: string;
  source: string;
}

export const PRIVATE_ENDPOINT_SOURCE =
  'https://learn.microsoft.com/azure/private-link/private-endpoint-overview#access-to-a-private-link-resource-using-approval-workflow';
export const NETWORK_WATCHER_SOURCE = 'https://learn.microsoft.com/azure/network-watcher/network-watcher-create';
/**
 * A resource's `properties.privateEndpointConnections` and its `<type>/privateEndpointConnections` child
 * resources are one collection read two ways: the REST API lists "all the private endpoint connections
 * associated with the storage account" under the child path, and the account returns the same "list of
 * private endpoint connection associated with the specified storage account" inline.
 */
export const CONNECTION_CHILDREN_SOURCE = 'https://learn.microsoft.com/rest/api/storagerp/private-endpoint-connections/list';
export const BACKUP_SOURCE =
  'https://learn.microsoft.com/azure/templates/microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems';

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v) ? (v as Record<string, unknown>) : undefined;
}

function get(o: Record<string, unknown> | undefined, name: string): unknown {
  if (!o) return undefined;
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

/** Case-insensitive type test that skips lower-casing when the lengths already differ (hot path). */
function isType(type: string, lower: string): boolean {
  return type.length === lower.length && type.toLowerCase() === lower;
}

function sameId(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

/**
 * A private endpoint connection that may or may not exist: one a private endpoint whose target is known only
 * after deployment may create on any resource. A `count` counts it as "perhaps one more", an existence
 * check as "perhaps there"; neither decides a verdict on it alone.
 */
export class PossibleMember extends Unknown {}

const PEC = 'privateEndpointConnections';

/** `properties.privateEndpointConnections`, spelled as Azure returns it or in another case (ARM ignores case). */
function connectionsOf(props: Record<string, unknown> | undefined): unknown {
  if (!props) return undefined;
  const exact = props[PEC];
  if (exact !== undefined) return exact;
  for (const k of Object.keys(props)) if (k.length === PEC.length && k.toLowerCase() === 'privateendpointconnections') return props[k];
  return undefined;
}

const CHILD_SUFFIX = '/privateendpointconnections';
/** `<type>/privateEndpointConnections`, tested without a regular expression or a copy of every type (hot path). */
function isConnectionType(type: string): boolean {
  return type.length > CHILD_SUFFIX.length && type.charCodeAt(type.length - CHILD_SUFFIX.length) === 47 && type.slice(-CHILD_SUFFIX.length).toLowerCase() === CHILD_SUFFIX;
}

function lastName(id: string): string {
  const parts = id.split('/');
  return parts[parts.length - 1] ?? id;
}

/**
 * 1. A resource's inline `properties.privateEndpointConnections` entries (as `az resource show` and
 *    `az graph query` return them) are also its `<type>/privateEndpointConnections` child resources, which
 *    auditIfNotExists definitions look for, and the other way round: a declared child is in its parent's
 *    inline list, which `count` definitions read. An inline array known only after deployment gives a
 *    possible child (Unknown), not none.
 *    A private endpoint connects to its target: the target gains a `privateEndpointConnections` entry
 *    (and the child resource `<target type>/privateEndpointConnections`). A connection made through
 *    `privateLinkServiceConnections` is approved automatically when the deployer may approve on the
 *    target — the case of one template deploying both; one made through
 *    `manualPrivateLinkServiceConnections` stays `Pending` until the owner approves it. An endpoint whose
 *    target is known only after deployment may connect to any resource: each gets a possible connection.
 * 2. Creating a virtual network enables Network Watcher in its region: Azure creates
 *    `NetworkWatcher_<region>` in the resource group `NetworkWatcherRG` when the subscription has none.
 * 3. A Recovery Services vault's protected item (`…/protectionContainers/protectedItems`, whose
 *    `sourceResourceId` names the machine) is also the extension resource
 *    `Microsoft.RecoveryServices/backupProtectedItems` on that machine, which the backup policy reads.
 */
export function projectState(resources: readonly AzureResource[]): {
  /** The input's resources, with what Azure adds to them (same order). */
  resources: AzureResource[];
  /** Resources Azure creates on its own: related resources for existence checks, not verdict subjects. */
  added: AzureResource[];
  /** Added resources that may not exist (why, by resource): existence checks treat them as Unknown. */
  possible: Map<AzureResource, string>;
  projections: Projection[];
} {
  const p = new StateProjector();
  for (const r of resources) p.see(r);
  p.finish();
  return { resources: resources.map((r, i) => p.project(r, i)), added: p.added, possible: p.possible, projections: p.projections };
}

/** What is added to one input resource, in order (replayed on the resource itself in pass 2). */
type Patch =
  | { kind: 'child'; child: ConnectionChild }
  | { kind: 'endpoint'; endpointId: string; status: Status }
  | { kind: 'possible'; why: string };

type Status = 'Approved' | 'Pending';

/** What the projections read of a private endpoint: its id, name and the targets of its two connection lists. */
interface Endpoint {
  id: string;
  name: string;
  /** Per list (automatic, manual): Unknown, or each entry's privateLinkServiceId (the entry itself when it is Unknown), or absent. */
  lists: [unknown, unknown];
}

const LINK_LISTS = ['privateLinkServiceConnections', 'manualPrivateLinkServiceConnections'] as const;

function endpointOf(pe: AzureResource): Endpoint {
  const props = obj(pe.properties);
  const list = (key: string): unknown => {
    const conns = get(props, key);
    if (isUnknown(conns)) return conns;
    if (!Array.isArray(conns)) return undefined;
    return conns.map((c) => (isUnknown(c) ? c : get(obj(get(obj(c), 'properties')), 'privateLinkServiceId')));
  };
  return { id: pe.id, name: pe.name, lists: [list(LINK_LISTS[0]), list(LINK_LISTS[1])] };
}

/** A declared `<type>/privateEndpointConnections` resource: all that step 1b reads of it. */
interface ConnectionChild {
  index: number;
  id: string;
  name: string;
  type: string;
  properties: unknown;
}

/**
 * The `privateEndpointConnections` keys of a resource's properties (any case, in order), with their values:
 * all the projections read of a resource's own properties. Undefined when its properties have none.
 */
function connectionKeys(properties: unknown): Record<string, unknown> | undefined {
  const props = obj(properties);
  if (!props) return undefined;
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(props)) {
    if (k.length === PEC.length && k.toLowerCase() === 'privateendpointconnections') (out ??= {})[k] = props[k];
  }
  return out;
}

/** 1b. A declared child connection in its parent's inline list; undefined when it is there already or the list is unknown. */
function withChildEntry(parent: AzureResource, child: ConnectionChild): AzureResource | undefined {
  const pProps = { ...(obj(parent.properties) ?? {}) };
  const existing = connectionsOf(pProps);
  if (isUnknown(existing)) return undefined;
  const list = Array.isArray(existing) ? existing : [];
  const name = lastName(child.id).toLowerCase();
  const listed = list.some((e) => {
    const o = obj(e);
    const n = get(o, 'name');
    const id = get(o, 'id');
    return (typeof n === 'string' && lastName(n).toLowerCase() === name) || sameId(id, child.id);
  });
  if (listed) return undefined;
  const key = Object.keys(pProps).find((k) => k.toLowerCase() === 'privateendpointconnections') ?? PEC;
  pProps[key] = [...list, { id: child.id, name: lastName(child.id), type: child.type, properties: child.properties ?? {} }];
  return { ...parent, properties: pProps };
}

/** 2. The connection a private endpoint makes on its target; undefined when the target lists it already. */
function withEndpointEntry(t: AzureResource, endpointId: string, status: Status): { resource: AzureResource; entry: { id: string; name: string; type: string; properties: Record<string, unknown> } } | undefined {
  const tProps = { ...(obj(t.properties) ?? {}) };
  const existing = get(tProps, 'privateEndpointConnections');
  // Already there (an export of a deployed target beside the template of its endpoint): not twice.
  if (Array.isArray(existing) && existing.some((e) => sameId(get(obj(get(obj(get(obj(e), 'properties')), 'privateEndpoint')), 'id'), endpointId))) return undefined;
  const type = `${t.type}/privateEndpointConnections`;
  // Azure names the connection after the endpoint with a generated suffix; no policy here reads it.
  const name = lastName(endpointId);
  const properties = {
    privateEndpoint: { id: endpointId },
    privateLinkServiceConnectionState: {
      status,
      description: status === 'Approved' ? 'Auto-Approved' : 'Awaiting approval by the owner of the target',
      actionsRequired: 'None',
    },
    provisioningState: 'Succeeded',
  };
  const entry = { id: `${t.id}/privateEndpointConnections/${name}`, name, type, properties };
  tProps.privateEndpointConnections = Array.isArray(existing) ? [...existing, entry] : [entry];
  return { resource: { ...t, properties: tProps }, entry };
}

/** 3. A possible connection from an endpoint whose target is unknown; undefined when the list itself is unknown. */
function withPossibleMember(t: AzureResource, why: string): AzureResource | undefined {
  const tProps = { ...(obj(t.properties) ?? {}) };
  const existing = connectionsOf(tProps);
  if (isUnknown(existing)) return undefined;
  const key = Object.keys(tProps).find((k) => k.toLowerCase() === 'privateendpointconnections') ?? PEC;
  tProps[key] = [...(Array.isArray(existing) ? existing : []), new PossibleMember(why)];
  return { ...t, properties: tProps };
}

function applyPatch(r: AzureResource, p: Patch): AzureResource {
  switch (p.kind) {
    case 'child':
      return withChildEntry(r, p.child) ?? r;
    case 'endpoint':
      return withEndpointEntry(r, p.endpointId, p.status)?.resource ?? r;
    case 'possible':
      return withPossibleMember(r, p.why) ?? r;
  }
}

const PE_TYPE = 'microsoft.network/privateendpoints';
const PROTECTED_ITEM_TYPE = 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems';

/**
 * projectState in two passes over the input, for an estate that is never all in memory (docs/policy-engine.md, "Two passes"):
 * `see` every resource in input order (it records only what the projections read: the identity of each
 * resource, the `privateEndpointConnections` of those that have them, private endpoints, declared child
 * connections, protected items, virtual networks and watchers), `finish`, then `project` any resource by
 * its index, in any order: what projectState gives at that index (the same object when nothing is added).
 * The patches are found in `finish` on stand-ins made of what was recorded, and replayed in `project` on
 * the resource itself; both run the same step functions above, which read nothing else of a resource.
 */
export class StateProjector {
  /** Resources Azure creates on its own (projectState's `added`), after finish(). */
  readonly added: AzureResource[] = [];
  readonly possible = new Map<AzureResource, string>();
  readonly projections: Projection[] = [];
  // The identity of every resource: what step 2 (a target seen before its endpoint) and step 3 read.
  private readonly ids: string[] = [];
  /** A name that ends the id is kept as its length (no second string): `…/vaults/kv1` and `kv1`. */
  private readonly names: (string | number)[] = [];
  private readonly types: string[] = [];
  private readonly typeSpellings = new Map<string, string>();
  private readonly sources = new Map<number, SourceLocation>();
  private readonly inline = new Map<number, Record<string, unknown>>();
  private readonly endpoints: Endpoint[] = [];
  private readonly children: ConnectionChild[] = [];
  private readonly protectedItems: AzureResource[] = [];
  private readonly watchers = new Set<string>();
  private readonly vnets: { id: string; name: string; location: string }[] = [];
  private readonly patches = new Map<number, Patch[]>();
  private finished = false;

  see(r: AzureResource): void {
    if (this.finished) throw new Error('StateProjector.see after finish');
    const index = this.ids.length;
    let type = this.typeSpellings.get(r.type);
    if (type === undefined) {
      type = r.type;
      this.typeSpellings.set(type, type);
    }
    this.ids.push(r.id);
    const { id, name } = r;
    const at = typeof name === 'string' ? id.length - name.length : 0;
    this.names.push(at > 0 && id.charCodeAt(at - 1) === 47 && id.endsWith(name) ? name.length : name);
    this.types.push(type);
    if (r.source) this.sources.set(index, r.source);
    const conns = connectionKeys(r.properties);
    if (conns) this.inline.set(index, conns);
    if (isType(r.type, PE_TYPE)) this.endpoints.push(endpointOf(r));
    else if (isConnectionType(r.type)) this.children.push({ index, id: r.id, name: r.name, type: r.type, properties: r.properties });
    else if (isType(r.type, PROTECTED_ITEM_TYPE)) this.protectedItems.push(r);
    else if (typeof r.location === 'string') {
      if (isType(r.type, 'microsoft.network/networkwatchers')) this.watchers.add(`${subscriptionId(r.id)}|${r.location.toLowerCase().replace(/\s+/g, '')}`);
      else if (isType(r.type, 'microsoft.network/virtualnetworks')) this.vnets.push({ id: r.id, name: r.name, location: r.location });
    }
  }

  /** The resource see() just recorded reads from `stand` now (PolicyPass.replace): keep that instead. */
  replace(r: AzureResource, stand: AzureResource): void {
    replaceLast(this.protectedItems, r, stand);
  }

  /** Resource `index` as recorded: what the step functions read of it. */
  private standIn(index: number): AzureResource {
    const source = this.sources.get(index);
    const conns = this.inline.get(index);
    const id = this.ids[index] ?? '';
    const name = this.names[index] ?? '';
    return { id, type: this.types[index] ?? '', name: typeof name === 'number' ? id.slice(id.length - name) : name, ...(source ? { source } : {}), ...(conns ? { properties: conns } : {}) };
  }

  private patch(index: number, p: Patch): void {
    const list = this.patches.get(index);
    if (list) list.push(p);
    else this.patches.set(index, [p]);
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const { added, possible, projections } = this;
    // Stand-ins of the resources patched so far, by index: each step reads the state the previous left.
    const current = new Map<number, AzureResource>();
    const state = (i: number): AzureResource => current.get(i) ?? this.standIn(i);

    // Ids of the endpoints' targets first, so that only those are looked up (an estate has few endpoints).
    const targets = new Set<string>();
    // Endpoints whose target is known only after deployment: they may connect to any resource of the input.
    const unknownTargets: string[] = [];
    for (const pe of this.endpoints) {
      for (const [k, key] of LINK_LISTS.entries()) {
        const conns = pe.lists[k];
        if (isUnknown(conns)) unknownTargets.push(`the ${key} of private endpoint ${pe.name} are known only after deployment (${conns.reason})`);
        if (!Array.isArray(conns)) continue;
        for (const target of conns) {
          if (typeof target === 'string') targets.add(target.toLowerCase());
          else if (isUnknown(target)) unknownTargets.push(`private endpoint ${pe.name} targets a resource known only after deployment (${target.reason})`);
        }
      }
    }
    // The last index of each id looked up (targets, parents of declared connections): projectState's maps keep the last.
    const parentIds = new Map<ConnectionChild, string>();
    for (const child of this.children) {
      const cut = child.id.toLowerCase().lastIndexOf(`/${PEC.toLowerCase()}/`);
      if (cut > 0) parentIds.set(child, child.id.toLowerCase().slice(0, cut));
    }
    const wanted = new Set([...targets, ...parentIds.values()]);
    const lastIndex = new Map<string, number>();
    if (wanted.size) {
      this.ids.forEach((id, i) => {
        const lower = id.toLowerCase();
        if (wanted.has(lower)) lastIndex.set(lower, i);
      });
    }

    // 1. Inline connections are also child resources (read before the endpoints below add to them).
    let declaredChildren: Set<string> | undefined;
    for (const [i, conns0] of this.inline) {
      const t = this.standIn(i);
      const conns = connectionsOf(conns0);
      if (conns === undefined || conns === null || isType(t.type, PE_TYPE)) continue;
      declaredChildren ??= new Set(this.children.map((c) => c.id.toLowerCase()));
      const connType = `${t.type}/${PEC}`;
      if (isUnknown(conns)) {
        const why = `properties.${PEC} of ${t.name} is known only after deployment (${conns.reason})`;
        const child: AzureResource = { id: `${t.id}/${PEC}/(unknown)`, name: `${t.name}/(unknown)`, type: connType, properties: new Unknown(why) };
        added.push(child);
        possible.set(child, why);
        projections.push({ resourceId: t.id, what: `${PEC} unknown: any number of connections`, source: CONNECTION_CHILDREN_SOURCE });
        continue;
      }
      if (!Array.isArray(conns)) continue;
      conns.forEach((c, k) => {
        const entry = obj(c);
        const ownId = get(entry, 'id');
        const ownName = get(entry, 'name');
        const name = typeof ownName === 'string' && ownName !== '' ? lastName(ownName) : typeof ownId === 'string' ? lastName(ownId) : `connection${k}`;
        const id = typeof ownId === 'string' && ownId.toLowerCase().startsWith(`${t.id.toLowerCase()}/`) ? ownId : `${t.id}/${PEC}/${name}`;
        if (declaredChildren?.has(id.toLowerCase())) return;
        // An entry known only after deployment exists, with unknown content.
        const props = isUnknown(c) ? c : get(entry, 'properties');
        added.push({ id, name: `${t.name}/${name}`, type: connType, properties: props === undefined ? {} : props, ...(t.source ? { source: t.source } : {}) });
        projections.push({ resourceId: t.id, what: `${PEC}[${k}] read as the child resource ${connType} '${name}'`, source: CONNECTION_CHILDREN_SOURCE });
      });
    }

    // 1b. Declared child connections are also in their parent's inline list, as Azure returns the parent.
    for (const child of this.children) {
      const parentLower = parentIds.get(child);
      const pi = parentLower === undefined ? undefined : lastIndex.get(parentLower);
      if (pi === undefined || child.index === pi) continue;
      const parent = state(pi);
      const next = withChildEntry(parent, child);
      if (!next) continue;
      current.set(pi, next);
      this.patch(pi, { kind: 'child', child });
      projections.push({ resourceId: parent.id, what: `${PEC} entry from the child resource ${child.name}`, source: CONNECTION_CHILDREN_SOURCE });
    }

    // 2. Private endpoints of the input connect to their targets.
    for (const pe of targets.size ? this.endpoints : []) {
      for (const [k, status] of (['Approved', 'Pending'] as const).entries()) {
        const conns = pe.lists[k];
        if (!Array.isArray(conns)) continue;
        for (const target of conns) {
          // An entry that is itself Unknown names no target here.
          if (typeof target !== 'string') continue;
          const idx = lastIndex.get(target.toLowerCase());
          if (idx === undefined) continue;
          const t = state(idx);
          const made = withEndpointEntry(t, pe.id, status);
          if (!made) continue;
          current.set(idx, made.resource);
          this.patch(idx, { kind: 'endpoint', endpointId: pe.id, status });
          const { entry } = made;
          added.push({ id: entry.id, name: `${t.name}/${entry.name}`, type: entry.type, properties: entry.properties, ...(t.source ? { source: t.source } : {}) });
          projections.push({ resourceId: t.id, what: `privateEndpointConnections entry from ${pe.name}, status ${status}`, source: PRIVATE_ENDPOINT_SOURCE });
        }
      }
    }

    // 3. An endpoint whose target is unknown may add one connection to any resource: a possible inline
    //    member and a possible child on each, so that a verdict that depends on it is Unknown, not a guess.
    if (unknownTargets.length) {
      const why = unknownTargets.join('; ');
      for (let i = 0; i < this.ids.length; i++) {
        const t = state(i);
        if (isType(t.type, PE_TYPE) || isConnectionType(t.type)) continue;
        const next = withPossibleMember(t, why);
        if (!next) continue;
        current.set(i, next);
        this.patch(i, { kind: 'possible', why });
        const child: AzureResource = { id: `${t.id}/${PEC}/(possible)`, name: `${t.name}/(possible)`, type: `${t.type}/${PEC}`, properties: new PossibleMember(why) };
        added.push(child);
        possible.set(child, why);
      }
    }

    for (const item of this.protectedItems) {
      const props = obj(item.properties);
      const source = get(props, 'sourceResourceId');
      if (typeof source !== 'string') continue;
      const name = lastName(item.id);
      added.push({
        id: `${source}/providers/Microsoft.RecoveryServices/backupProtectedItems/${name}`,
        type: 'Microsoft.RecoveryServices/backupProtectedItems',
        name,
        scope: source,
        properties: { ...props },
      });
      projections.push({ resourceId: source, what: `backup protected item ${name} in ${item.id.split('/providers/')[0] ?? ''}`, source: BACKUP_SOURCE });
    }

    // Network Watcher per (subscription, region) of every virtual network.
    const { watchers } = this;
    for (const vnet of this.vnets) {
      const sub = subscriptionId(vnet.id);
      if (!sub || !resourceGroupId(vnet.id)) continue;
      const region = vnet.location.toLowerCase().replace(/\s+/g, '');
      const key = `${sub}|${region}`;
      if (watchers.has(key)) continue;
      watchers.add(key);
      const sub0 = vnet.id.slice(0, sub.length);
      const id = `${sub0}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_${region}`;
      added.push({ id, name: `NetworkWatcher_${region}`, type: 'Microsoft.Network/networkWatchers', location: region, properties: { provisioningState: 'Succeeded' } });
      projections.push({ resourceId: id, what: `Network Watcher enabled automatically for ${vnet.name} in ${region}`, source: NETWORK_WATCHER_SOURCE });
    }
    // Pass 2 needs only the patches.
    this.ids.length = 0;
    this.names.length = 0;
    this.types.length = 0;
    this.sources.clear();
    this.inline.clear();
    this.endpoints.length = 0;
    this.children.length = 0;
    this.protectedItems.length = 0;
    this.vnets.length = 0;
    this.typeSpellings.clear();
  }

  /** Resource `index` (the one seen at that place in pass 1, or an equal copy) with what Azure adds to it. */
  project(r: AzureResource, index: number): AzureResource {
    if (!this.finished) throw new Error('StateProjector.project before finish');
    const list = this.patches.get(index);
    if (!list) return r;
    let out = r;
    for (const p of list) out = applyPatch(out, p);
    return out;
  }
}
