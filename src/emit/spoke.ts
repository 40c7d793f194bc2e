import { MLZ_TIER3 } from '../catalog/network-layout.js';
import type { Source } from '../core/fact.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { virtualNetworkIdParts } from '../spec/topology.js';
import { childName, resource, resourceIdExpr } from './arm.js';
import type { ArmResourceDecl, PlanNote } from './types.js';
// A cycle (plan.ts -> network.ts -> spoke.ts); the constant is read only inside functions.
import { TEMPLATE_SCHEMA } from './plan.js';

/**
 * A spoke of an existing hub (network.hub, e.g. a Mission Landing Zone hub): the spoke-to-hub peering in this
 * VNet, and the hub-to-spoke peering as a nested deployment into the hub's subscription and resource group, as
 * Mission Landing Zone's tier 3 add-on does (../shared/templates/missionlz/tier3-solution.json,
 * "deploy-hub-peering" → "peer-hub-to-…"). A peering carries traffic only once both sides exist.
 */

/**
 * Microsoft.Resources/deployments is not in ../shared/azure-types (no resources/microsoft.resources folder), so
 * its apiVersion stays outside src/catalog/api-versions.ts, whose conformance test needs a definition there.
 * 2022-09-01 is GA, years old (so in both Government regions), and accepts subscriptionId and resourceGroup on
 * the nested deployment.
 */
export const DEPLOYMENTS_API: { apiVersion: string; source: Source } = {
  apiVersion: '2022-09-01',
  source: { url: 'https://learn.microsoft.com/azure/templates/microsoft.resources/2022-09-01/deployments', read: '2026-12-06' },
};

/** The hub-side peering's resource ID, for rules and notes. */
function hubParts(spec: Spec) {
  const hub = spec.network.hub;
  if (hub === undefined) return undefined;
  const parts = virtualNetworkIdParts(hub.virtualNetworkId);
  if (parts === undefined) throw new Error(`internal: network.hub.virtualNetworkId ${hub.virtualNetworkId} passed validation but is not a VNet ID`);
  return { id: hub.virtualNetworkId, ...parts };
}

export function hubPeeringResources(spec: Spec): ArmResourceDecl[] {
  const hub = hubParts(spec);
  if (hub === undefined) return [];
  const n = resourceNames(spec);
  const vnetId = resourceIdExpr('Microsoft.Network/virtualNetworks', n.vnet);
  const peering = resource(spec, {
    type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
    name: childName(n.vnet, n.peeringToHub),
    location: 'none',
    properties: {
      remoteVirtualNetwork: { id: hub.id },
      allowVirtualNetworkAccess: true,
      // Replies from the hub firewall to traffic it forwarded for the spoke.
      allowForwardedTraffic: true,
      allowGatewayTransit: false,
      // MLZ hubs have no gateway by default; a partner with one turns this on by hand.
      useRemoteGateways: false,
    },
    dependsOn: [vnetId],
  });
  const inner = {
    // The same schema host as the outer template (src/emit/plan.ts).
    $schema: TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: {
      hubVirtualNetworkName: { type: 'string' },
      spokeVirtualNetworkId: { type: 'string' },
      peeringName: { type: 'string' },
    },
    resources: [
      {
        type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
        apiVersion: peering.apiVersion,
        name: "[format('{0}/{1}', parameters('hubVirtualNetworkName'), parameters('peeringName'))]",
        properties: {
          remoteVirtualNetwork: { id: "[parameters('spokeVirtualNetworkId')]" },
          allowVirtualNetworkAccess: true,
          allowForwardedTraffic: true,
          allowGatewayTransit: false,
          useRemoteGateways: false,
        },
      },
    ],
  };
  const deployment: ArmResourceDecl = {
    type: 'Microsoft.Resources/deployments',
    apiVersion: DEPLOYMENTS_API.apiVersion,
    name: n.hubPeeringDeployment,
    subscriptionId: hub.subscriptionId,
    resourceGroup: hub.resourceGroup,
    properties: {
      mode: 'Incremental',
      expressionEvaluationOptions: { scope: 'inner' },
      parameters: {
        hubVirtualNetworkName: { value: hub.name },
        spokeVirtualNetworkId: { value: vnetId },
        peeringName: { value: n.peeringFromHub },
      },
      template: inner,
    },
    dependsOn: [vnetId],
  };
  return [peering, deployment];
}

/** What the spoke needs from the hub's owners, for plan.md. */
export function hubPeeringNotes(spec: Spec): PlanNote[] {
  const hub = hubParts(spec);
  if (hub === undefined) return [];
  const n = resourceNames(spec);
  return [
    {
      step: 'A',
      what: `Peering ${n.peeringToHub} from ${n.vnet} to the hub ${hub.name}, and ${n.peeringFromHub} on the hub through the nested deployment ${n.hubPeeringDeployment} in subscription ${hub.subscriptionId}, resource group ${hub.resourceGroup}`,
      why: `A peering carries traffic only when both sides exist; Mission Landing Zone's tier 3 creates the hub side the same way (${MLZ_TIER3.url}).`,
    },
    {
      step: 'A',
      what: `Rights the deploying identity needs in the hub: Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write and Microsoft.Network/virtualNetworks/peer/action on ${hub.name}, and Microsoft.Resources/deployments/write on resource group ${hub.resourceGroup} (Network Contributor on the hub VNet plus deployment rights on its group, e.g. a custom role); Microsoft.Network/virtualNetworks/join/action on the hub VNet for the private DNS zone links this plan adds`,
      why: 'Without them the hub side fails and the spoke is isolated; in MLZ these rights belong to the hub\'s owners, who may run that nested deployment themselves.',
    },
  ];
}
