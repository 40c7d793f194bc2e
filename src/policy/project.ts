/**
 * Projected state: a template says what will be created; some policies read what Azure adds afterwards.
 * Each projection below adds to a copy of the input what Azure is documented to add, and notes it; the
 * input objects are never changed. docs/policy-engine.md lists them with their sources.
 */
import type { AzureResource } from '../core/resource.js';
import { memoryStore } from '../core/store/memory.js';
import { setAt } from '../core/store/columns.js';
import type { IdTable, IntColumn, MultiIndex, Store, StringLog } from '../core/store/types.js';
import { isUnknown, Unknown } from '../core/unknown.js';
import { Identities, JsonLog, SmallTable } from './recorded.js';
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

type Status = 'Approved' | 'Pending';

const LINK_LISTS = ['privateLinkServiceConnections', 'manualPrivateLinkServiceConnections'] as const;

/**
 * What the projections read of a private endpoint's two connection lists (automatic, manual): per list,
 * Unknown, or each entry's privateLinkServiceId lower-cased (the entry itself when it is Unknown; null when
 * it is neither a string nor Unknown), or null when absent. JSON-able: it waits in a JsonLog.
 */
function endpointLists(pe: AzureResource): [unknown, unknown] {
  const props = obj(pe.properties);
  const list = (key: string): unknown => {
    const conns = get(props, key);
    if (isUnknown(conns)) return conns;
    if (!Array.isArray(conns)) return null;
    return conns.map((c) => {
      if (isUnknown(c)) return c;
      const target = get(obj(get(obj(c), 'properties')), 'privateLinkServiceId');
      return typeof target === 'string' ? target.toLowerCase() : isUnknown(target) ? target : null;
    });
  };
  return [list(LINK_LISTS[0]), list(LINK_LISTS[1])];
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

const PE_TYPE = 'microsoft.network/privateendpoints';
const PROTECTED_ITEM_TYPE = 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems';

/** A patch is one int in a MultiIndex by resource index: (argument << 2) | kind (step 3's possible members are a column). */
const CHILD = 0;
const APPROVED = 1;
const PENDING = 2;

/** What pass 1 records, as numbers where it grows with the estate (src/policy/recorded.ts); finish() drops it. */
interface Recorded {
  identities: Identities;
  /** Values kept as JSON (inline connections, endpoints' lists). */
  json: JsonLog;
  /** The resources whose properties have `privateEndpointConnections` keys (indexes, ascending), and those keys with their values (json). */
  inlineAt: IntColumn;
  inline: IntColumn;
  /** Private endpoints: index, and their lists (json, endpointLists). */
  endpointAt: IntColumn;
  endpointLists: IntColumn;
  /** Declared child connections (few: a template declares them, an export lists them inline). */
  children: ConnectionChild[];
  /** Protected items: their id and properties (json), all that the projection reads of them. */
  protectedItems: IntColumn;
  /** Virtual networks: index, and region (lower case, no spaces) in `regions`. */
  vnetAt: IntColumn;
  vnetRegion: IntColumn;
  regions: SmallTable;
  /** (subscription, region) of every Network Watcher: as many as the estate has regions. */
  watchers: Set<string>;
}

export interface StateProjectorOptions {
  /**
   * Each resource the projections add, handed on as finish() makes it (`why`: it may or may not exist, the
   * reason), instead of gathered in `added`; and each projection, instead of gathered in `projections`: a
   * check's pass keeps them in its store as they come (issue 10: an estate's private endpoints each make
   * some).
   */
  onAdded?: (a: AzureResource, why: string | undefined) => void;
  onProjection?: (p: Projection) => void;
  /** Where the record of every resource goes (default memoryStore()). */
  store?: Store;
  /** The lower-case ids of the check (shared with its other indexes); default: one of `store`. */
  ids?: IdTable;
}

/**
 * projectState in two passes over the input, for an estate that is never all in memory (docs/policy-engine.md, "Two passes"):
 * `see` every resource in input order (it records only what the projections read: the identity of each
 * resource, the `privateEndpointConnections` of those that have them, private endpoints, declared child
 * connections, protected items, virtual networks and watchers), `finish`, then `project` any resource by
 * its index, in any order: what projectState gives at that index (the same object when nothing is added).
 * The patches are found in `finish` on stand-ins made of what was recorded, and replayed in `project` on
 * the resource itself; both run the same step functions above, which read nothing else of a resource.
 * What grows with the estate is kept in the store as numbers (Identities, JsonLog); the patches too, and
 * finish()'s working sets (the last index of each id looked up, by id code; how many endpoints still name
 * each target); the patched stand-ins it holds are only those of targets a later endpoint names, and step 3
 * reads each resource's state by replaying its patches, as project() does.
 */
export class StateProjector {
  /** Resources Azure creates on its own (projectState's `added`), after finish(). */
  readonly added: AzureResource[] = [];
  readonly possible = new Map<AzureResource, string>();
  readonly projections: Projection[] = [];
  private readonly store: Store;
  private rec: Recorded | undefined;
  /** Pass 2: the patches of each index (kind and argument, see CHILD…), the endpoints' ids they name, the children they add. */
  private patches: MultiIndex | undefined;
  private readonly patchIds: StringLog;
  private readonly patchChildren: ConnectionChild[] = [];
  private possibleWhy = '';
  /** Step 3: 1 at the indexes given a possible member (after their other patches). */
  private possibleAt: IntColumn | undefined;
  private readonly handOn: Pick<StateProjectorOptions, 'onAdded' | 'onProjection'>;
  private finished = false;

  constructor(options: StateProjectorOptions = {}) {
    this.handOn = { ...(options.onAdded ? { onAdded: options.onAdded } : {}), ...(options.onProjection ? { onProjection: options.onProjection } : {}) };
    const store = options.store ?? memoryStore();
    this.store = store;
    this.patchIds = store.strings();
    this.rec = {
      identities: new Identities(store, options.ids ?? store.ids()),
      json: new JsonLog(store),
      inlineAt: store.ints(),
      inline: store.ints(),
      endpointAt: store.ints(),
      endpointLists: store.ints(),
      children: [],
      protectedItems: store.ints(),
      vnetAt: store.ints(),
      vnetRegion: store.ints(),
      regions: new SmallTable(),
      watchers: new Set(),
    };
  }

  private recorded(): Recorded {
    if (this.finished || !this.rec) throw new Error('StateProjector.see after finish');
    return this.rec;
  }

  see(r: AzureResource): void {
    const rec = this.recorded();
    const index = rec.identities.add(r);
    const conns = connectionKeys(r.properties);
    if (conns) {
      rec.inlineAt.push(index);
      rec.inline.push(rec.json.add(conns));
    }
    if (isType(r.type, PE_TYPE)) {
      rec.endpointAt.push(index);
      rec.endpointLists.push(rec.json.add(endpointLists(r)));
    } else if (isConnectionType(r.type)) rec.children.push({ index, id: r.id, name: r.name, type: r.type, properties: r.properties });
    else if (isType(r.type, PROTECTED_ITEM_TYPE)) rec.protectedItems.push(rec.json.add({ id: r.id, properties: r.properties }));
    else if (typeof r.location === 'string') {
      if (isType(r.type, 'microsoft.network/networkwatchers')) rec.watchers.add(`${subscriptionId(r.id)}|${r.location.toLowerCase().replace(/\s+/g, '')}`);
      else if (isType(r.type, 'microsoft.network/virtualnetworks')) {
        rec.vnetAt.push(index);
        rec.vnetRegion.push(rec.regions.code(r.location.toLowerCase().replace(/\s+/g, '')));
      }
    }
  }


  /** The inline connections of resource `index`, as recorded (binary search over the ascending indexes). */
  private inlineOf(rec: Recorded, index: number): Record<string, unknown> | undefined {
    let lo = 0;
    let hi = rec.inlineAt.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = rec.inlineAt.get(mid);
      if (at === index) return rec.json.get(rec.inline.get(mid)) as Record<string, unknown>;
      if (at < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Resource `index` as recorded: what the step functions read of it. */
  private standIn(rec: Recorded, index: number, conns = this.inlineOf(rec, index)): AzureResource {
    const { identities } = rec;
    const id = identities.id(index);
    const source = identities.source(index);
    return { id, type: identities.type(index), name: identities.name(index, id), ...(source ? { source } : {}), ...(conns ? { properties: conns } : {}) };
  }

  /** Private endpoint `k` of pass 1 (in input order): its index, id, name and lists, read back from the record. */
  private endpoint(rec: Recorded, k: number): { index: number; id: string; name: string; lists: [unknown, unknown] } {
    const index = rec.endpointAt.get(k);
    const id = rec.identities.id(index);
    return { index, id, name: rec.identities.name(index, id), lists: rec.json.get(rec.endpointLists.get(k)) as [unknown, unknown] };
  }

  finish(): void {
    if (this.finished) return;
    const rec = this.recorded();
    this.finished = true;
    const { added, possible } = this;
    const { onAdded, onProjection } = this.handOn;
    const add = (a: AzureResource, why?: string): void => {
      if (why !== undefined) possible.set(a, why);
      if (onAdded) onAdded(a, why);
      else added.push(a);
    };
    const projections = onProjection ? { push: onProjection } : this.projections;
    const { identities } = rec;
    const store = this.store;
    const patches = store.multi();
    // Stand-ins of the resources patched so far whose state a later step 1b or 2 reads, by index: each step
    // reads the state the previous left. A target leaves as soon as no later endpoint names it (`touches`),
    // so what is held is the targets "in flight", not every target of the estate (issue 10).
    const current = new Map<number, AzureResource>();
    const state = (i: number): AzureResource => current.get(i) ?? this.standIn(rec, i);

    // The lower-case ids the projections look up (the endpoints' targets, the parents of declared
    // connections) are codes of the check's id table; `lastAt[code]` is 0 for an id not looked up, -1 for
    // one looked up and not (yet) seen, else 1 + the last index of a resource with that id: projectState's
    // maps keep the last. Columns in the store, not a Set and Maps of strings (issue 10).
    const lastAt = store.ints();
    let wanted = false;
    const want = (lower: string): void => {
      const code = identities.lower.find(lower);
      if (code < 0) return;
      wanted = true;
      if (code >= lastAt.length || lastAt.get(code) === 0) setAt(lastAt, code, -1);
    };
    const lastIndex = (lower: string): number | undefined => {
      const code = identities.lower.find(lower);
      const v = code >= 0 && code < lastAt.length ? lastAt.get(code) : 0;
      return v > 0 ? v - 1 : undefined;
    };
    // Endpoints whose target is known only after deployment: they may connect to any resource of the input.
    const unknownTargets: string[] = [];
    let anyTarget = false;
    for (let e = 0; e < rec.endpointAt.length; e++) {
      const pe = this.endpoint(rec, e);
      for (const [k, key] of LINK_LISTS.entries()) {
        const conns = pe.lists[k];
        if (isUnknown(conns)) unknownTargets.push(`the ${key} of private endpoint ${pe.name} are known only after deployment (${conns.reason})`);
        if (!Array.isArray(conns)) continue;
        for (const target of conns) {
          if (typeof target === 'string') {
            anyTarget = true;
            want(target);
          } else if (isUnknown(target)) unknownTargets.push(`private endpoint ${pe.name} targets a resource known only after deployment (${target.reason})`);
        }
      }
    }
    const parentIds = new Map<ConnectionChild, string>();
    for (const child of rec.children) {
      const cut = child.id.toLowerCase().lastIndexOf(`/${PEC.toLowerCase()}/`);
      if (cut > 0) {
        const parent = child.id.toLowerCase().slice(0, cut);
        parentIds.set(child, parent);
        want(parent);
      }
    }
    if (wanted) {
      for (let i = 0; i < identities.count; i++) {
        const code = identities.code(i);
        if (code < lastAt.length && lastAt.get(code) !== 0) lastAt.set(code, i + 1);
      }
    }

    // 1. Inline connections are also child resources (read before the endpoints below add to them).
    let declaredChildren: Set<string> | undefined;
    for (let k = 0; k < rec.inlineAt.length; k++) {
      const conns0 = rec.json.get(rec.inline.get(k)) as Record<string, unknown>;
      const t = this.standIn(rec, rec.inlineAt.get(k), conns0);
      const conns = connectionsOf(conns0);
      if (conns === undefined || conns === null || isType(t.type, PE_TYPE)) continue;
      declaredChildren ??= new Set(rec.children.map((c) => c.id.toLowerCase()));
      const connType = `${t.type}/${PEC}`;
      if (isUnknown(conns)) {
        const why = `properties.${PEC} of ${t.name} is known only after deployment (${conns.reason})`;
        const child: AzureResource = { id: `${t.id}/${PEC}/(unknown)`, name: `${t.name}/(unknown)`, type: connType, properties: new Unknown(why) };
        add(child, why);
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
        add({ id, name: `${t.name}/${name}`, type: connType, properties: props === undefined ? {} : props, ...(t.source ? { source: t.source } : {}) });
        projections.push({ resourceId: t.id, what: `${PEC}[${k}] read as the child resource ${connType} '${name}'`, source: CONNECTION_CHILDREN_SOURCE });
      });
    }

    // 1b. Declared child connections are also in their parent's inline list, as Azure returns the parent.
    for (const child of rec.children) {
      const parentLower = parentIds.get(child);
      const pi = parentLower === undefined ? undefined : lastIndex(parentLower);
      if (pi === undefined || child.index === pi) continue;
      const parent = state(pi);
      const next = withChildEntry(parent, child);
      if (!next) continue;
      current.set(pi, next);
      patches.add(pi, (this.patchChildren.push(child) - 1) * 4 + CHILD);
      projections.push({ resourceId: parent.id, what: `${PEC} entry from the child resource ${child.name}`, source: CONNECTION_CHILDREN_SOURCE });
    }

    // 2. Private endpoints of the input connect to their targets. First how many times each target is named
    //    (`touches`, by index), so that its patched stand-in is dropped after the last.
    const touches = store.ints();
    const eachTarget = (fn: (pe: { id: string; name: string }, status: Status, idx: number) => void): void => {
      for (let e = 0; e < rec.endpointAt.length; e++) {
        const pe = this.endpoint(rec, e);
        for (const [k, status] of (['Approved', 'Pending'] as const).entries()) {
          const conns = pe.lists[k];
          if (!Array.isArray(conns)) continue;
          for (const target of conns) {
            // An entry that is itself Unknown names no target here.
            if (typeof target !== 'string') continue;
            const idx = lastIndex(target);
            if (idx !== undefined) fn(pe, status, idx);
          }
        }
      }
    };
    if (anyTarget) {
      eachTarget((_pe, _status, idx) => setAt(touches, idx, (idx < touches.length ? touches.get(idx) : 0) + 1));
      eachTarget((pe, status, idx) => {
        const t = state(idx);
        const left = touches.get(idx) - 1;
        touches.set(idx, left);
        const made = withEndpointEntry(t, pe.id, status);
        if (made) {
          current.set(idx, made.resource);
          patches.add(idx, this.patchIds.add(pe.id) * 4 + (status === 'Approved' ? APPROVED : PENDING));
          const { entry } = made;
          add({ id: entry.id, name: `${t.name}/${entry.name}`, type: entry.type, properties: entry.properties, ...(t.source ? { source: t.source } : {}) });
          projections.push({ resourceId: t.id, what: `privateEndpointConnections entry from ${pe.name}, status ${status}`, source: PRIVATE_ENDPOINT_SOURCE });
        }
        if (left === 0) current.delete(idx);
      });
    }
    current.clear();
    // Steps 1b and 2 are done: their patches are final, and step 3 reads each resource's state by replaying them.
    const patched = patches.freeze();
    this.patches = patched;

    // 3. An endpoint whose target is unknown may add one connection to any resource: a possible inline
    //    member and a possible child on each, so that a verdict that depends on it is Unknown, not a guess.
    if (unknownTargets.length) {
      const why = unknownTargets.join('; ');
      this.possibleWhy = why;
      const possibleAt = store.ints();
      this.possibleAt = possibleAt;
      for (let i = 0; i < identities.count; i++) {
        const t = this.replay(this.standIn(rec, i), i, false);
        if (isType(t.type, PE_TYPE) || isConnectionType(t.type)) continue;
        if (!withPossibleMember(t, why)) continue;
        setAt(possibleAt, i, 1);
        const child: AzureResource = { id: `${t.id}/${PEC}/(possible)`, name: `${t.name}/(possible)`, type: `${t.type}/${PEC}`, properties: new PossibleMember(why) };
        add(child, why);
      }
    }

    for (let k = 0; k < rec.protectedItems.length; k++) {
      const item = rec.json.get(rec.protectedItems.get(k)) as { id: string; properties: unknown };
      const props = obj(item.properties);
      const source = get(props, 'sourceResourceId');
      if (typeof source !== 'string') continue;
      const name = lastName(item.id);
      add({
        id: `${source}/providers/Microsoft.RecoveryServices/backupProtectedItems/${name}`,
        type: 'Microsoft.RecoveryServices/backupProtectedItems',
        name,
        scope: source,
        properties: { ...props },
      });
      projections.push({ resourceId: source, what: `backup protected item ${name} in ${item.id.split('/providers/')[0] ?? ''}`, source: BACKUP_SOURCE });
    }

    // Network Watcher per (subscription, region) of every virtual network.
    const { watchers } = rec;
    for (let k = 0; k < rec.vnetAt.length; k++) {
      const index = rec.vnetAt.get(k);
      const vnetId = identities.id(index);
      const sub = subscriptionId(vnetId);
      if (!sub || !resourceGroupId(vnetId)) continue;
      const region = rec.regions.text(rec.vnetRegion.get(k));
      const key = `${sub}|${region}`;
      if (watchers.has(key)) continue;
      watchers.add(key);
      const sub0 = vnetId.slice(0, sub.length);
      const id = `${sub0}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_${region}`;
      add({ id, name: `NetworkWatcher_${region}`, type: 'Microsoft.Network/networkWatchers', location: region, properties: { provisioningState: 'Succeeded' } });
      projections.push({ resourceId: id, what: `Network Watcher enabled automatically for ${identities.name(index, vnetId)} in ${region}`, source: NETWORK_WATCHER_SOURCE });
    }
    // Pass 2 needs only the patches.
    this.rec = undefined;
  }

  /** Resource `index` (the one seen at that place in pass 1, or an equal copy) with what Azure adds to it. */
  project(r: AzureResource, index: number): AzureResource {
    if (!this.finished || !this.patches) throw new Error('StateProjector.project before finish');
    return this.replay(r, index, true);
  }

  /** `r` with the patches of `index` (steps 1b and 2, in the order made), then step 3's possible member when `possible`. */
  private replay(r: AzureResource, index: number, possible: boolean): AzureResource {
    const { patches, possibleAt } = this;
    const last = possible && possibleAt !== undefined && index < possibleAt.length && possibleAt.get(index) === 1;
    if (!patches || (patches.count(index) === 0 && !last)) return r;
    let out = r;
    patches.forEach(index, (p) => {
      const arg = Math.floor(p / 4);
      switch (p % 4) {
        case CHILD: {
          const child = this.patchChildren[arg];
          if (child) out = withChildEntry(out, child) ?? out;
          break;
        }
        default:
          out = withEndpointEntry(out, this.patchIds.get(arg), p % 4 === APPROVED ? 'Approved' : 'Pending')?.resource ?? out;
      }
    });
    return last ? (withPossibleMember(out, this.possibleWhy) ?? out) : out;
  }
}
