import { WORKLOAD_DNS_ZONES, type PrivateDnsZoneFact } from '../catalog/dns-zones.js';
import { RUNBOOK_DEVIATIONS } from '../catalog/runbook-deviations.js';
import { UserInputError, type Diagnostic } from '../core/diagnostic.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { childName, resource, resourceIdExpr } from './arm.js';
import { monitoringEmitter, monitorPrivateEndpointZones, privateLinkScopeOn } from './monitoring.js';
import { privateEndpoints } from './private-endpoints.js';
import type { ArmResourceDecl, EmitFragment, Emitter, PlanNote } from './types.js';

/** A zone's ID: the zone created here (dns.mode private) or the hub's (dns.mode central, dns.zoneIds). */
function zoneIdFor(spec: Spec, zone: PrivateDnsZoneFact): string | undefined {
  if (spec.dns.mode === 'private') return resourceIdExpr('Microsoft.Network/privateDnsZones', zone.zone);
  return spec.dns.zoneIds[zone.zone];
}

/**
 * The zones this plan's endpoints register in: the six workload zones, plus, with monitoring.privateLinkScope,
 * the Azure Monitor zones (the blob zone its endpoint also uses is a workload zone already).
 */
export function planDnsZones(spec: Spec): PrivateDnsZoneFact[] {
  const extra = privateLinkScopeOn(spec) ? monitorPrivateEndpointZones().filter((z) => !WORKLOAD_DNS_ZONES.includes(z)) : [];
  return [...WORKLOAD_DNS_ZONES, ...extra];
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

  if (spec.dns.mode === 'central') {
    const missing: Diagnostic[] = zones.filter((z) => !spec.dns.zoneIds[z.zone]).map((z) => ({
      severity: 'error',
      code: 'IL5-PLAN-DNS-ZONE-ID',
      message: `dns.mode is central but dns.zoneIds has no entry for ${z.zone}`,
      fix: `add "${z.zone}: /subscriptions/<hub>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/${z.zone}" under dns.zoneIds`,
      path: 'dns.zoneIds',
    }));
    if (missing.length > 0) throw new UserInputError(missing);
  } else {
    for (const z of zones) {
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
        dependsOn: [peId, ...(spec.dns.mode === 'private' ? pe.zones.map((z) => resourceIdExpr('Microsoft.Network/privateDnsZones', z.zone)) : [])],
      }),
    );
  }

  const zoneList = zones.map((z) => z.zone).join(', ');
  const zoneNotes: PlanNote[] =
    spec.dns.mode === 'private'
      ? [
          {
            step: 'DNS',
            what: `Private DNS zones ${zoneList}, each linked to ${n.vnet}`,
            why: `Azure Government names: the workspace, vault, storage${privateLinkScopeOn(spec) ? ', registry and Azure Monitor' : ' and registry'} resolve to their private endpoints inside the VNet.`,
          },
          {
            step: 'DNS',
            what: `A zone group on every private endpoint (the workspace endpoint in both Azure ML zones${privateLinkScopeOn(spec) ? ', the Azure Monitor endpoint in the four monitor zones and the blob zone' : ''})`,
            why: 'Azure keeps each endpoint\'s A records in its zone as endpoints change.',
          },
        ]
      : [
          {
            step: 'DNS',
            what: `No private DNS zones here (dns.mode central); zone groups point at the hub's zones ${zoneList}`,
            why: 'The hub owns the zones and links them to its resolver; creating them here would split resolution.',
          },
        ];
  return {
    step: 'DNS',
    resources,
    notes: [...monitoring.notes, ...zoneNotes],
    deviations: [RUNBOOK_DEVIATIONS.registryZone, ...monitoring.deviations],
  };
};
