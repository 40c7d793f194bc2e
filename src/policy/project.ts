/**
 * Projected state: a template says what will be created; some policies read what Azure adds afterwards.
 * Each projection below adds to a copy of the input what Azure is documented to add, and notes it; the
 * input objects are never changed. docs/policy-engine.md lists them with their sources.
 */
import type { AzureResource } from '../core/resource.js';
import { isUnknown } from '../core/unknown.js';
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

function lastName(id: string): string {
  const parts = id.split('/');
  return parts[parts.length - 1] ?? id;
}

/**
 * 1. A private endpoint connects to its target: the target gains a `privateEndpointConnections` entry
 *    (and the child resource `<target type>/privateEndpointConnections`). A connection made through
 *    `privateLinkServiceConnections` is approved automatically when the deployer may approve on the
 *    target — the case of one template deploying both; one made through
 *    `manualPrivateLinkServiceConnections` stays `Pending` until the owner approves it.
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
  projections: Projection[];
} {
  const projections: Projection[] = [];
  const out: AzureResource[] = resources.slice();
  // Ids of the endpoints' targets first, so that only those are looked up (an estate has few endpoints).
  const targets = new Set<string>();
  for (const pe of resources) {
    if (!isType(pe.type, 'microsoft.network/privateendpoints')) continue;
    const props = obj(pe.properties);
    for (const key of ['privateLinkServiceConnections', 'manualPrivateLinkServiceConnections']) {
      const conns = get(props, key);
      if (!Array.isArray(conns)) continue;
      for (const c of conns) {
        const target = get(obj(get(obj(c), 'properties')), 'privateLinkServiceId');
        if (typeof target === 'string') targets.add(target.toLowerCase());
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
  return { resources: out, added, projections };
}
