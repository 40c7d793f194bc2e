/**
 * The reference projectState: the whole-array implementation of src/policy/project.ts as it was before the
 * two-pass StateProjector (base 36f8e2b), kept as a test oracle. Not product code: the projector must give
 * what this gives (test/policy/project-pass.test.ts).
 */
import type { AzureResource } from '../../src/core/resource.js';
import { isUnknown, Unknown } from '../../src/core/unknown.js';
import { PossibleMember, type Projection } from '../../src/policy/project.js';
import { resourceGroupId, subscriptionId } from '../../src/policy/related.js';

const PRIVATE_ENDPOINT_SOURCE =
  'https://learn.microsoft.com/azure/private-link/private-endpoint-overview#access-to-a-private-link-resource-using-approval-workflow';
const NETWORK_WATCHER_SOURCE = 'https://learn.microsoft.com/azure/network-watcher/network-watcher-create';
/**
 * A resource's `properties.privateEndpointConnections` and its `<type>/privateEndpointConnections` child
 * resources are one collection read two ways: the REST API lists "all the private endpoint connections
 * associated with the storage account" under the child path, and the account returns the same "list of
 * private endpoint connection associated with the specified storage account" inline.
 */
const CONNECTION_CHILDREN_SOURCE = 'https://learn.microsoft.com/rest/api/storagerp/private-endpoint-connections/list';
const BACKUP_SOURCE =
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
export function oracleProjectState(resources: readonly AzureResource[]): {
  /** The input's resources, with what Azure adds to them (same order). */
  resources: AzureResource[];
  /** Resources Azure creates on its own: related resources for existence checks, not verdict subjects. */
  added: AzureResource[];
  /** Added resources that may not exist (why, by resource): existence checks treat them as Unknown. */
  possible: Map<AzureResource, string>;
  projections: Projection[];
} {
  const projections: Projection[] = [];
  const out: AzureResource[] = resources.slice();
  // Ids of the endpoints' targets first, so that only those are looked up (an estate has few endpoints).
  const targets = new Set<string>();
  // Endpoints whose target is known only after deployment: they may connect to any resource of the input.
  const unknownTargets: string[] = [];
  for (const pe of resources) {
    if (!isType(pe.type, 'microsoft.network/privateendpoints')) continue;
    const props = obj(pe.properties);
    for (const key of ['privateLinkServiceConnections', 'manualPrivateLinkServiceConnections']) {
      const conns = get(props, key);
      if (isUnknown(conns)) unknownTargets.push(`the ${key} of private endpoint ${pe.name} are known only after deployment (${conns.reason})`);
      if (!Array.isArray(conns)) continue;
      for (const c of conns) {
        const target = isUnknown(c) ? c : get(obj(get(obj(c), 'properties')), 'privateLinkServiceId');
        if (typeof target === 'string') targets.add(target.toLowerCase());
        else if (isUnknown(target)) unknownTargets.push(`private endpoint ${pe.name} targets a resource known only after deployment (${target.reason})`);
      }
    }
  }
  const byId = new Map<string, number>();
  if (targets.size) {
    out.forEach((r, i) => {
      const id = r.id.toLowerCase();
      if (targets.has(id)) byId.set(id, i);
    });
  }
  const added: AzureResource[] = [];
  const possible = new Map<AzureResource, string>();

  // 1. Inline connections are also child resources (read before the endpoints below add to them).
  let declaredChildren: Set<string> | undefined;
  for (const t of resources) {
    const conns = connectionsOf(obj(t.properties));
    if (conns === undefined || conns === null || isType(t.type, 'microsoft.network/privateendpoints')) continue;
    declaredChildren ??= new Set(resources.filter((r) => isConnectionType(r.type)).map((r) => r.id.toLowerCase()));
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
    conns.forEach((c, i) => {
      const entry = obj(c);
      const ownId = get(entry, 'id');
      const ownName = get(entry, 'name');
      const name = typeof ownName === 'string' && ownName !== '' ? lastName(ownName) : typeof ownId === 'string' ? lastName(ownId) : `connection${i}`;
      const id = typeof ownId === 'string' && ownId.toLowerCase().startsWith(`${t.id.toLowerCase()}/`) ? ownId : `${t.id}/${PEC}/${name}`;
      if (declaredChildren?.has(id.toLowerCase())) return;
      // An entry known only after deployment exists, with unknown content.
      const props = isUnknown(c) ? c : get(entry, 'properties');
      added.push({ id, name: `${t.name}/${name}`, type: connType, properties: props === undefined ? {} : props, ...(t.source ? { source: t.source } : {}) });
      projections.push({ resourceId: t.id, what: `${PEC}[${i}] read as the child resource ${connType} '${name}'`, source: CONNECTION_CHILDREN_SOURCE });
    });
  }

  // 1b. Declared child connections are also in their parent's inline list, as Azure returns the parent.
  const byIdAll = new Map<string, number>();
  for (let i = 0; i < resources.length; i++) {
    const child = resources[i];
    if (!child || !isConnectionType(child.type)) continue;
    if (!byIdAll.size) out.forEach((r, j) => byIdAll.set(r.id.toLowerCase(), j));
    const cut = child.id.toLowerCase().lastIndexOf(`/${PEC.toLowerCase()}/`);
    const pi = cut > 0 ? byIdAll.get(child.id.toLowerCase().slice(0, cut)) : undefined;
    const parent = pi === undefined ? undefined : out[pi];
    if (pi === undefined || !parent || i === pi) continue;
    const pProps = { ...(obj(parent.properties) ?? {}) };
    const existing = connectionsOf(pProps);
    if (isUnknown(existing)) continue;
    const list = Array.isArray(existing) ? existing : [];
    const name = lastName(child.id).toLowerCase();
    const listed = list.some((e) => {
      const o = obj(e);
      const n = get(o, 'name');
      const id = get(o, 'id');
      return (typeof n === 'string' && lastName(n).toLowerCase() === name) || sameId(id, child.id);
    });
    if (listed) continue;
    const key = Object.keys(pProps).find((k) => k.toLowerCase() === 'privateendpointconnections') ?? PEC;
    pProps[key] = [...list, { id: child.id, name: lastName(child.id), type: child.type, properties: child.properties ?? {} }];
    out[pi] = { ...parent, properties: pProps };
    projections.push({ resourceId: parent.id, what: `${PEC} entry from the child resource ${child.name}`, source: CONNECTION_CHILDREN_SOURCE });
  }

  // 2. Private endpoints of the input connect to their targets.
  for (const pe of targets.size ? resources : []) {
    if (!isType(pe.type, 'microsoft.network/privateendpoints')) continue;
    const props = obj(pe.properties);
    for (const [key, status] of [
      ['privateLinkServiceConnections', 'Approved'],
      ['manualPrivateLinkServiceConnections', 'Pending'],
    ] as const) {
      const conns = get(props, key);
      if (!Array.isArray(conns)) continue;
      for (const c of conns) {
        const target = get(obj(get(obj(c), 'properties')), 'privateLinkServiceId');
        if (typeof target !== 'string') continue;
        const idx = byId.get(target.toLowerCase());
        if (idx === undefined) continue;
        const t = out[idx];
        if (!t) continue;
        const tProps = { ...(obj(t.properties) ?? {}) };
        const existing = get(tProps, 'privateEndpointConnections');
        // Already there (an export of a deployed target beside the template of its endpoint): not twice.
        if (Array.isArray(existing) && existing.some((e) => sameId(get(obj(get(obj(get(obj(e), 'properties')), 'privateEndpoint')), 'id'), pe.id))) continue;
        const connType = `${t.type}/privateEndpointConnections`;
        // Azure names the connection after the endpoint with a generated suffix; no policy here reads it.
        const connName = lastName(pe.id);
        const connId = `${t.id}/privateEndpointConnections/${connName}`;
        const entryProps = {
          privateEndpoint: { id: pe.id },
          privateLinkServiceConnectionState: {
            status,
            description: status === 'Approved' ? 'Auto-Approved' : 'Awaiting approval by the owner of the target',
            actionsRequired: 'None',
          },
          provisioningState: 'Succeeded',
        };
        const entry = { id: connId, name: connName, type: connType, properties: entryProps };
        tProps.privateEndpointConnections = Array.isArray(existing) ? [...existing, entry] : [entry];
        out[idx] = { ...t, properties: tProps };
        added.push({ id: connId, name: `${t.name}/${connName}`, type: connType, properties: entryProps, ...(t.source ? { source: t.source } : {}) });
        projections.push({
          resourceId: t.id,
          what: `privateEndpointConnections entry from ${pe.name}, status ${status}`,
          source: PRIVATE_ENDPOINT_SOURCE,
        });
      }
    }
  }

  // 3. An endpoint whose target is unknown may add one connection to any resource: a possible inline
  //    member and a possible child on each, so that a verdict that depends on it is Unknown, not a guess.
  if (unknownTargets.length) {
    const why = unknownTargets.join('; ');
    out.forEach((t, i) => {
      if (isType(t.type, 'microsoft.network/privateendpoints') || isConnectionType(t.type)) return;
      const tProps = { ...(obj(t.properties) ?? {}) };
      const existing = connectionsOf(tProps);
      if (isUnknown(existing)) return;
      const key = Object.keys(tProps).find((k) => k.toLowerCase() === 'privateendpointconnections') ?? PEC;
      tProps[key] = [...(Array.isArray(existing) ? existing : []), new PossibleMember(why)];
      out[i] = { ...t, properties: tProps };
      const child: AzureResource = { id: `${t.id}/${PEC}/(possible)`, name: `${t.name}/(possible)`, type: `${t.type}/${PEC}`, properties: new PossibleMember(why) };
      added.push(child);
      possible.set(child, why);
    });
  }

  for (const item of resources) {
    if (!isType(item.type, 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems')) continue;
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
  const watchers = new Set<string>();
  for (const r of resources) {
    if (isType(r.type, 'microsoft.network/networkwatchers') && typeof r.location === 'string') {
      watchers.add(`${subscriptionId(r.id)}|${r.location.toLowerCase().replace(/\s+/g, '')}`);
    }
  }
  for (const vnet of resources) {
    if (!isType(vnet.type, 'microsoft.network/virtualnetworks') || typeof vnet.location !== 'string') continue;
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
  return { resources: out, added, possible, projections };
}
