/**
 * Child resources declared inline in their parent's properties (a virtual network's `subnets`…) get an ID
 * from Azure that is fully determined by the parent's ID and their name: `<parent ID>/<collection>/<name>`,
 * the collection being the child resource type (Microsoft.Network/virtualNetworks/subnets…). The format is
 * documented for subnets as "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/
 * virtualNetworks/test-vnet/subnets/subnet1" (Azure SDK for .NET, CognitiveServicesVirtualNetworkRule.Id,
 * https://learn.microsoft.com/dotnet/api/azure.resourcemanager.cognitiveservices.models.cognitiveservicesvirtualnetworkrule.id,
 * read 2026-11-25). So reference() can answer `subnets[0].id` instead of Unknown; every other runtime
 * property of such an item stays Unknown.
 */
import type { ObjectValue, Value } from '../types.js';
import { isObj } from './values.js';

/** Parent type (lower case) -> property arrays whose items are child resources of that name. */
const INLINE_CHILDREN: ReadonlyMap<string, readonly string[]> = new Map([
  ['microsoft.network/virtualnetworks', ['subnets', 'virtualNetworkPeerings']],
  ['microsoft.network/networksecuritygroups', ['securityRules']],
  ['microsoft.network/routetables', ['routes']],
  ['microsoft.network/networkinterfaces', ['ipConfigurations']],
]);

/** A copy of `properties` where each declared inline child without an `id` gets its derived one. */
export function withInlineChildIds(type: string, id: string, properties: ObjectValue): ObjectValue {
  const collections = INLINE_CHILDREN.get(type.toLowerCase());
  if (!collections) return properties;
  let out: ObjectValue | undefined;
  for (const c of collections) {
    const items = properties[c];
    if (!Array.isArray(items)) continue;
    const withIds: Value[] = items.map((item) =>
      isObj(item) && typeof item.name === 'string' && !('id' in item) ? { id: `${id}/${c}/${item.name}`, ...item } : item,
    );
    out ??= { ...properties };
    out[c] = withIds;
  }
  return out ?? properties;
}
