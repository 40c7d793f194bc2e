import type { AzureResource } from '../../core/resource.js';
import { notApplicable, read, readArray, typeIs } from '../cond.js';
import { examples, ids } from '../examples.js';
import type { BaselineRule, KeyedTable, ResourceIndex } from '../types.js';

/** The sub-resources integrated notebooks reach on the workspace storage (Government hosts: <storage>.blob/.file/.dfs). */
const NOTEBOOK_GROUPS = ['blob', 'file', 'dfs'] as const;
const GOV_HOSTS = 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall?tabs=gov#microsoft-hosts';

function text(v: unknown): string {
  return typeof v === 'string' ? v.toLowerCase() : '';
}

type Groups = { groups: Set<string> } | { unknown: string };

/** One connection of a private endpoint to a target: the groups it asks for, or why they are unknown. */
interface Connection {
  groups: string[];
  unknown?: { at: number; reason: string };
}

/**
 * Every private endpoint of the input walked once (memoized per input: a rule that scanned them for each
 * storage account was quadratic, issue 12). Per target, the groups each connection gets, or the first thing
 * in the walk that makes them unknown: a connection list or a target unknown before deployment (which might
 * be any account) or this target's group ids unknown, whichever the walk meets first.
 */
interface EndpointWalk {
  firstUnknown?: { at: number; reason: string };
  byTarget: KeyedTable<Connection>;
}

function walkEndpoints(all: ResourceIndex): EndpointWalk {
  let firstUnknown: EndpointWalk['firstUnknown'];
  let at = 0;
  const global = (reason: string): void => {
    firstUnknown ??= { at, reason };
  };
  const byTarget = all.table<Connection>('IL5-ST-012:endpoint-connections', (put) => {
    for (const pe of all.ofType('Microsoft.Network/privateEndpoints')) {
      for (const key of ['properties.privateLinkServiceConnections', 'properties.manualPrivateLinkServiceConnections']) {
        at++;
        const conns = readArray(pe, key);
        if ('unknown' in conns) {
          global(conns.unknown);
          continue;
        }
        for (const c of conns.items) {
          at++;
          const id = read(c, 'properties.privateLinkServiceId');
          if (id.kind === 'unknown') global(`private endpoint ${pe.name} targets a resource known only after deployment (${id.reason})`);
          if (id.kind !== 'value') continue;
          const g = readArray(c, 'properties.groupIds');
          put(typeof id.value === 'string' ? id.value : '', 'unknown' in g ? { groups: [], unknown: { at, reason: g.unknown } } : { groups: g.items.map(text) });
        }
      }
    }
  });
  return { ...(firstUnknown !== undefined ? { firstUnknown } : {}), byTarget };
}

/** Group ids of the input's private endpoints that connect to `target` (lower-cased), or an unknown reason. */
function endpointGroups(target: AzureResource, all: ResourceIndex): Groups {
  const walk = all.memo('IL5-ST-012:endpoint-groups', () => walkEndpoints(all));
  const connections = walk.byTarget.get(target.id);
  // The first connection whose groups are unknown is the first the walk met (connections come in walk order).
  const unknown = connections.find((c) => c.unknown !== undefined)?.unknown;
  const first = [walk.firstUnknown, unknown].filter((u) => u !== undefined).sort((x, y) => x.at - y.at)[0];
  if (first !== undefined) return { unknown: first.reason };
  const groups = new Set<string>();
  for (const c of connections) for (const g of c.groups) groups.add(g);
  return { groups };
}

/** Whether a workspace in the input names this account as its storage (the first such workspace's name). */
function workspaceStorage(r: AzureResource, all: ResourceIndex): string | undefined {
  const byStorage = all.table<string>('IL5-ST-012:workspace-storage', (put) => {
    for (const w of all.ofType('Microsoft.MachineLearningServices/workspaces')) {
      const s = read(w, 'properties.storageAccount');
      if (s.kind !== 'value') continue;
      put(typeof s.value === 'string' ? s.value : '', w.name);
    }
  });
  return byStorage.get(r.id)[0];
}

export const rule: BaselineRule = {
  id: 'IL5-ST-012',
  name: 'IL5.Storage.NotebookEndpointsPrivate',
  synopsis: 'An Azure ML workspace storage account with public network access disabled has private endpoints for blob, file and dfs.',
  rationale:
    'Integrated notebooks reach the workspace storage on its blob, file and dfs endpoints (the Azure Government host list). With public access off, an endpoint without a private endpoint is unreachable: a firewall rule to it leads nowhere and notebooks fail on that path.',
  severity: 'medium',
  runbookStep: 'F',
  controls: ['SC-7', 'CP-10'],
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  reads: ['Microsoft.Network/privateEndpoints', 'Microsoft.MachineLearningServices/workspaces'],
  effect: 'audit',
  remediation: {
    property: 'Microsoft.Network/privateEndpoints: properties.privateLinkServiceConnections[*].properties.groupIds',
    text: 'Add a private endpoint for each missing sub-resource (blob, file, dfs) of the workspace storage, with its privatelink zone (il5ml plans create all three).',
  },
  links: [GOV_HOSTS, 'https://learn.microsoft.com/azure/storage/common/storage-private-endpoints'],
  example: [
    examples.storage(),
    {
      id: ids.workspace,
      type: 'Microsoft.MachineLearningServices/workspaces',
      name: 'mlw-il5ml',
      apiVersion: '2024-10-01',
      location: 'usgovvirginia',
      properties: { storageAccount: ids.storage },
    },
    ...NOTEBOOK_GROUPS.map((g) => ({
      id: ids.storage.replace(/\/providers\/.*$/, `/providers/Microsoft.Network/privateEndpoints/pe-st-${g}`),
      type: 'Microsoft.Network/privateEndpoints',
      name: `pe-st-${g}`,
      apiVersion: '2023-11-01',
      location: 'usgovvirginia',
      properties: { privateLinkServiceConnections: [{ name: `pe-st-${g}`, properties: { privateLinkServiceId: ids.storage, groupIds: [g] } }] },
    })),
  ],
  evaluate(r, all) {
    if (!typeIs(r, 'Microsoft.Storage/storageAccounts')) return notApplicable(r, 'a storage account');
    const ws = workspaceStorage(r, all);
    if (ws === undefined) return { compliance: 'NotApplicable', reason: 'no Azure ML workspace in the input uses this storage account' };
    const pna = read(r, 'properties.publicNetworkAccess');
    if (pna.kind === 'unknown') return { compliance: 'Unknown', reason: `properties.publicNetworkAccess is unknown until deployment (${pna.reason})` };
    if (pna.kind !== 'value' || text(pna.value) !== 'disabled') return { compliance: 'NotApplicable', reason: 'public network access is not disabled: the public endpoints answer' };
    const found = endpointGroups(r, all);
    if ('unknown' in found) return { compliance: 'Unknown', reason: found.unknown };
    const missing = NOTEBOOK_GROUPS.filter((g) => !found.groups.has(g));
    if (missing.length > 0) {
      return { compliance: 'NonCompliant', reason: `storage of workspace ${ws}, public access disabled, has no private endpoint for ${missing.join(', ')}` };
    }
    return { compliance: 'Compliant', reason: `storage of workspace ${ws} has private endpoints for ${NOTEBOOK_GROUPS.join(', ')}` };
  },
};
