import type { AzureResource } from '../core/resource.js';
import { Unknown } from '../core/unknown.js';
import { read, readArray, type Cond } from './cond.js';
import type { KeyedTable, ResourceIndex } from './types.js';
import { pushAll } from '../core/array.js';

interface EndpointTargets {
  /** Target id -> one entry per connection the input's private endpoints will have approved. */
  approved: KeyedTable<1>;
  /**
   * Endpoints whose target is known only after deployment: they may connect to any resource. (Only a
   * template has such values: an estate read from Azure has none, so this does not grow with one.)
   */
  unknown: string[];
}

function endpointTargets(all: ResourceIndex): EndpointTargets {
  const unknown: string[] = [];
  const approved = all.table<1>('private-endpoint-approved', (put) => {
    for (const pe of all.ofType('Microsoft.Network/privateEndpoints')) {
      const conns = readArray(pe, 'properties.privateLinkServiceConnections');
      if ('unknown' in conns) {
        unknown.push(`the connections of private endpoint ${pe.name} are unknown`);
        continue;
      }
      for (const c of conns.items) {
        const id = read(c, 'properties.privateLinkServiceId');
        if (id.kind === 'unknown') unknown.push(`private endpoint ${pe.name} targets a resource known only after deployment (${id.reason})`);
        else if (id.kind === 'value' && typeof id.value === 'string') put(id.value, 1);
      }
    }
  });
  return { approved, unknown };
}

/**
 * Approved private endpoint connections of a resource: those Azure returns on the resource itself
 * (properties.privateEndpointConnections[*], as `az resource show` gives them), those declared as child
 * resources (<type>/privateEndpointConnections, the same collection: REST "Private Endpoint Connections -
 * List", https://learn.microsoft.com/rest/api/storagerp/private-endpoint-connections/list), and those a
 * private endpoint in the same input will create. Projection: a private endpoint whose `privateLinkServiceConnections` names the resource is
 * approved automatically when its creator may approve on the target, which a single deployment of both
 * implies; one in `manualPrivateLinkServiceConnections` waits as Pending.
 * Source: https://learn.microsoft.com/azure/private-link/private-endpoint-overview#access-to-a-private-link-resource-using-approval-workflow (read 2026-11-25).
 */
export function approvedConnections(resource: AzureResource, all: ResourceIndex, childType?: string): Cond {
  const unknowns: string[] = [];
  let approved = 0;
  const own = readArray(resource, 'properties.privateEndpointConnections');
  if ('unknown' in own) unknowns.push(own.unknown);
  else {
    for (const c of own.items) {
      const s = read(c, 'properties.privateLinkServiceConnectionState.status');
      if (s.kind === 'unknown') unknowns.push(`a private endpoint connection's status is unknown (${s.reason})`);
      else if (s.kind === 'value' && typeof s.value === 'string' && s.value.toLowerCase() === 'approved') approved++;
    }
  }
  {
    // The child resources and the inline list are one collection (Azure returns a declared child inline
    // too), so a rule reading either counts both; the first approved one decides, duplicates do not matter.
    for (const c of all.childrenOf(resource.id, childType ?? `${resource.type}/privateEndpointConnections`)) {
      const s = read(c, 'properties.privateLinkServiceConnectionState.status');
      if (s.kind === 'unknown') unknowns.push(`the status of ${c.name} is unknown (${s.reason})`);
      else if (s.kind === 'value' && typeof s.value === 'string' && s.value.toLowerCase() === 'approved') approved++;
    }
  }
  const targets = all.memo('private-endpoint-targets', () => endpointTargets(all));
  approved += targets.approved.get(resource.id).length;
  pushAll(unknowns, targets.unknown);
  if (approved > 0) return { v: true, why: `${approved} approved private endpoint connection${approved === 1 ? '' : 's'}` };
  const first = unknowns[0];
  if (first !== undefined) return { v: new Unknown(first), why: first };
  return { v: false, why: 'no approved private endpoint connection (none in the resource, and no private endpoint in the input targets it)' };
}
