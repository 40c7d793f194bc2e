import { workloadDnsZones, type PrivateDnsZoneFact } from '../catalog/dns-zones.js';
import { RUNBOOK_DEVIATIONS } from '../catalog/runbook-deviations.js';
import { PRIVATE_DNS_LINKS } from '../catalog/network-layout.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { childName, resource, resourceIdExpr } from './arm.js';
import { monitoringEmitter, monitorPrivateEndpointZones, privateLinkScopeOn } from './monitoring.js';
import { privateEndpoints } from './private-endpoints.js';
import type { ArmResourceDecl, EmitFragment, Emitter, PlanNote } from './types.js';

/** Whether the plan creates this zone: always with dns.mode private; with central, when dns.zoneIds lacks it. */
export function createsZone(spec: Spec, zone: PrivateDnsZoneFact): boolean {
  return spec.dns.mode === 'private' || spec.dns.zoneIds[zone.zone] === undefined;
}

/** A zone's ID: the zone created here, or the hub's (dns.mode central, dns.zoneIds). */
function zoneIdFor(spec: Spec, zone: PrivateDnsZoneFact): string {
  const hubId = spec.dns.mode === 'central' ? spec.dns.zoneIds[zone.zone] : undefined;
  return hubId ?? resourceIdExpr('Microsoft.Network/privateDnsZones', zone.zone);
}

/**
 * The zones this plan's endpoints register in: the seven workload zones (nine with the storage's queue and table
 * endpoints, storage.queueAndTablePrivateEndpoints), plus, with monitoring.privateLinkScope,
 * the Azure Monitor zones (the blob zone its endpoint also uses is a workload zone already).
 */
export function planDnsZones(spec: Spec): PrivateDnsZoneFact[] {
  const workload = workloadDnsZones(spec.storage.queueAndTablePrivateEndpoints);
  const extra = privateLinkScopeOn(spec) ? monitorPrivateEndpointZones().filter((z) => !workload.includes(z)) : [];
  return [...workload, ...extra];
}

/** Zone group config names: the zone name with dots as dashes, as the portal names them. */
function configName(zone: string): string {
  return zone.replace(/\./g, '-');
}

/**
 * DNS: the Azure Government private DNS zones of every private endpoint, each linked to the VNet, and a
 * zone group on every endpoint so that its A records are kept in the zone. With dns.mode central the hub
 * owns the zones and their links; the plan only points zone groups at them. With monitoring.privateLinkScope
 * the step opens with the Azure Monitor private link scope and its endpoint (src/emit/monitoring.ts), whose
 * zone group is made here like every other one.
 */
export const dnsEmitter: Emitter = (spec: Spec): EmitFragment => {
  const n = resourceNames(spec);
  const vnetId = resourceIdExpr('Microsoft.Network/virtualNetworks', n.vnet);
  const monitoring = monitoringEmitter(spec);
  const resources: ArmResourceDecl[] = [...monitoring.resources];
  const zones = planDnsZones(spec);

  // Zones the hub lacks (an MLZ hub has vault, blob and file, not the Azure ML or registry zones) are created
  // here, linked to this VNet and, in a spoke, to the hub's VNet too, so that the hub's DNS proxy, which the
  // spoke resolves through, answers them (PRIVATE_DNS_LINKS: links may cross subscriptions).
  const created = zones.filter((z) => createsZone(spec, z));
  const hubVnetId = spec.network.hub?.virtualNetworkId;
  for (const z of created) {
    const zoneId = resourceIdExpr('Microsoft.Network/privateDnsZones', z.zone);
    resources.push(
      resource(spec, { type: 'Microsoft.Network/privateDnsZones', name: z.zone, location: 'global' }),
      resource(spec, {
        type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
        name: childName(z.zone, `${n.vnet}-link`),
        location: 'global',
        // Resolution only: nothing in this VNet registers its own records.
        properties: { registrationEnabled: false, virtualNetwork: { id: vnetId } },
        dependsOn: [zoneId, vnetId],
      }),
    );
    if (hubVnetId !== undefined) {
      resources.push(
        resource(spec, {
          type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
          name: childName(z.zone, 'hub-link'),
          location: 'global',
          properties: { registrationEnabled: false, virtualNetwork: { id: hubVnetId } },
          dependsOn: [zoneId],
        }),
      );
    }
  }

  for (const pe of privateEndpoints(spec)) {
    const peId = resourceIdExpr('Microsoft.Network/privateEndpoints', pe.name);
    const configs = pe.zones.map((z) => ({ name: configName(z.zone), properties: { privateDnsZoneId: zoneIdFor(spec, z) } }));
    resources.push(
      resource(spec, {
        type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
        name: childName(pe.name, 'default'),
        location: 'none',
        properties: { privateDnsZoneConfigs: configs },
        dependsOn: [peId, ...pe.zones.filter((z) => createsZone(spec, z)).map((z) => resourceIdExpr('Microsoft.Network/privateDnsZones', z.zone))],
      }),
    );
  }

  const hubZones = zones.filter((z) => !createsZone(spec, z));
  const zoneNotes: PlanNote[] = [];
  if (created.length > 0) {
    zoneNotes.push({
      step: 'DNS',
      what: `Private DNS zones ${created.map((z) => z.zone).join(', ')}, each linked to ${n.vnet}${hubVnetId !== undefined ? ' and to the hub VNet' : ''}`,
      why:
        spec.dns.mode === 'private'
          ? `Azure Government names: the workspace, vault, storage${privateLinkScopeOn(spec) ? ', registry and Azure Monitor' : ' and registry'} resolve to their private endpoints inside the VNet.`
          : `dns.zoneIds does not name them, so the plan creates them; ${hubVnetId !== undefined ? 'the hub link lets the hub\'s DNS, which this spoke resolves through, answer them' : 'link them to the VNet your DNS forwards from'} (${PRIVATE_DNS_LINKS.url}).`,
    });
  }
  if (hubZones.length > 0) {
    zoneNotes.push({
      step: 'DNS',
      what: `Hub zones used as they are (dns.mode central): ${hubZones.map((z) => z.zone).join(', ')}`,
      why: 'The hub owns them and links them to its resolver; creating them here too would split resolution.',
    });
  }
  zoneNotes.push({
    step: 'DNS',
    what: `A zone group on every private endpoint (the workspace endpoint in both Azure ML zones${privateLinkScopeOn(spec) ? ', the Azure Monitor endpoint in the four monitor zones and the blob zone' : ''})`,
    why: 'Azure keeps each endpoint\'s A records in its zone as endpoints change.',
  });
  return {
    step: 'DNS',
    resources,
    notes: [...monitoring.notes, ...zoneNotes],
    deviations: [RUNBOOK_DEVIATIONS.registryZone, ...monitoring.deviations],
  };
};
