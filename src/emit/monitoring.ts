import { apiVersionFact, type ApiVersionFact } from '../catalog/api-versions.js';
import { MONITOR_DNS_ZONES, WORKLOAD_DNS_ZONES, type PrivateDnsZoneFact } from '../catalog/dns-zones.js';
import { localLogAnalytics } from '../spec/topology.js';
import { RUNBOOK_DEVIATIONS } from '../catalog/runbook-deviations.js';
import type { Source } from '../core/fact.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { childName, resource, resourceIdExpr } from './arm.js';
import { privateEndpointFor, privateEndpointResource, type PrivateEndpointSpec } from './private-endpoints.js';
import type { ArmResourceDecl, EmitFragment, Emitter, PlanNote } from './types.js';

/**
 * The optional Azure Monitor private link scope (AMPLS, spec monitoring.privateLinkScope; issue 3, section 2):
 * the scope in PrivateOnly mode for ingestion and query, the Log Analytics workspace and Application Insights as
 * its scoped resources, and a private endpoint (group id azuremonitor) in Training whose zone group spans the
 * Government monitor zones and the blob zone. With it, Log Analytics and Application Insights close their public
 * ingestion and query (src/emit/keyvault.ts, src/emit/workspace.ts), and the egress rules drop AzureMonitor
 * (src/net/egress-rules.ts).
 */

/**
 * The scope types' apiVersions come from the catalog (src/catalog/api-versions.ts): GA 2021-09-01, in
 * ../shared/azure-types and validated there like every other type. An AMPLS is a tracked resource (tags); the
 * scoped resource is a proxy resource (no location, no tags).
 */
const READ = '2026-11-25';
export const PRIVATE_LINK_SCOPE_API: ApiVersionFact = apiVersionFact('Microsoft.Insights/privateLinkScopes');
export const SCOPED_RESOURCE_API: ApiVersionFact = apiVersionFact('Microsoft.Insights/privateLinkScopes/scopedResources');
export const MONITOR_API_VERSIONS: readonly ApiVersionFact[] = [PRIVATE_LINK_SCOPE_API, SCOPED_RESOURCE_API];

/**
 * Access modes of the scope. PrivateOnly: clients on this VNet reach only the scoped resources through the
 * endpoint, never other Azure Monitor resources (no exfiltration path); Open would let them send to any
 * workspace (https://learn.microsoft.com/azure/azure-monitor/logs/private-link-security#private-link-access-modes-private-only-vs-open,
 * read 2026-11-25; the built-in policy "Azure Monitor Private Link Scope should block access to non private link
 * resources", Azure/azure-policy Monitoring/AzureMonitorPrivateLinkScopes_AccessModeSettings_Audit.json, audits
 * these two settings).
 */
export const AMPLS_ACCESS_MODES = { ingestionAccessMode: 'PrivateOnly', queryAccessMode: 'PrivateOnly' } as const;

export const AMPLS_ZONES_SOURCE: Source = {
  url: 'https://learn.microsoft.com/azure/private-link/private-endpoint-dns#government',
  read: READ,
  note:
    'Government table, Azure Monitor (Microsoft.Insights/privateLinkScopes), azuremonitor: the four monitor zones and ' +
    'privatelink.blob.core.usgovcloudapi.net; the blob zone "configures connectivity to the global agents\' solution packs storage ' +
    'account" (https://learn.microsoft.com/azure/azure-monitor/logs/private-link-configure, review the DNS settings). The table also ' +
    'lists privatelink.adx.monitor.azure.us (the Azure Data Explorer proxy to Log Analytics), which the catalog does not carry yet.',
};

/** The zones the AMPLS endpoint registers in: the four of MONITOR_DNS_ZONES, then the blob zone (AMPLS_ZONES_SOURCE). */
export function monitorPrivateEndpointZones(): PrivateDnsZoneFact[] {
  const blob = WORKLOAD_DNS_ZONES.find((z) => z.key === 'blob');
  if (!blob) throw new Error('internal: no blob zone in src/catalog/dns-zones.ts');
  return [...MONITOR_DNS_ZONES, blob];
}

export interface MonitorNames {
  scope: string;
  privateEndpoint: string;
}

export function monitorNames(spec: Spec): MonitorNames {
  return { scope: `${spec.prefix}-ampls`, privateEndpoint: `${spec.prefix}-pe-ampls` };
}

export function privateLinkScopeOn(spec: Spec): boolean {
  return spec.monitoring.privateLinkScope;
}

/** What the scope links: the plan's Log Analytics workspace and Application Insights, in that order. */
function scopedTargets(spec: Spec): { name: string; id: string }[] {
  const n = resourceNames(spec);
  // A hub's workspace (monitoring.logAnalyticsWorkspaceId) belongs to the hub's own scope, not this one.
  return [
    ...(localLogAnalytics(spec) ? [{ name: n.logAnalytics, id: resourceIdExpr('Microsoft.OperationalInsights/workspaces', n.logAnalytics) }] : []),
    { name: n.appInsights, id: resourceIdExpr('Microsoft.Insights/components', n.appInsights) },
  ];
}

function scopedResourceIdExpr(spec: Spec, target: string): string {
  return resourceIdExpr(SCOPED_RESOURCE_API.type, monitorNames(spec).scope, target);
}

/**
 * The AMPLS private endpoint, or undefined when the spec has no scope. It waits for the scoped resources, so
 * that the workspace's own records (<workspace id>.oms/.ods.opinsights.azure.us) are in the zones from the start.
 */
export function monitorPrivateEndpoint(spec: Spec): PrivateEndpointSpec | undefined {
  if (!privateLinkScopeOn(spec)) return undefined;
  const m = monitorNames(spec);
  return {
    step: 'DNS',
    name: m.privateEndpoint,
    targetType: PRIVATE_LINK_SCOPE_API.type,
    targetName: m.scope,
    groupId: 'azuremonitor',
    zones: monitorPrivateEndpointZones(),
    waitFor: scopedTargets(spec).map((t) => scopedResourceIdExpr(spec, t.name)),
  };
}

/**
 * Public network access of Log Analytics and Application Insights (the same two property names in
 * OperationalInsights/workspaces 2025-02-01 and Insights/components 2020-02-02, ../shared/azure-types). With the
 * scope both are Disabled: only the scope's endpoint reaches them. Without it, nothing is set and Azure's default
 * (Enabled) stands, since closing them with no scope would cut compute and the jump box off from Azure Monitor.
 */
export function monitorAccessProperties(spec: Spec): { publicNetworkAccessForIngestion?: 'Disabled'; publicNetworkAccessForQuery?: 'Disabled' } {
  return privateLinkScopeOn(spec) ? { publicNetworkAccessForIngestion: 'Disabled', publicNetworkAccessForQuery: 'Disabled' } : {};
}

/** The scope, its scoped resources and its private endpoint (the endpoint's zone group comes from the DNS step). */
export const monitoringEmitter: Emitter = (spec: Spec): EmitFragment => {
  if (!privateLinkScopeOn(spec)) return { step: 'DNS', resources: [], notes: [], deviations: [] };
  const m = monitorNames(spec);
  const n = resourceNames(spec);
  const scopeId = resourceIdExpr(PRIVATE_LINK_SCOPE_API.type, m.scope);
  const resources: ArmResourceDecl[] = [
    // An AMPLS is a global resource: location 'global' (template reference above), not the deployment region.
    resource(spec, {
      type: PRIVATE_LINK_SCOPE_API.type,
      name: m.scope,
      location: 'global',
      properties: { accessModeSettings: { ...AMPLS_ACCESS_MODES } },
    }),
    ...scopedTargets(spec).map((t) =>
      resource(spec, {
        type: SCOPED_RESOURCE_API.type,
        name: childName(m.scope, t.name),
        location: 'none',
        properties: { linkedResourceId: t.id },
        dependsOn: [scopeId, t.id],
      }),
    ),
    privateEndpointResource(spec, privateEndpointFor(spec, m.privateEndpoint)),
  ];
  const zones = monitorPrivateEndpointZones()
    .map((z) => z.zone)
    .join(', ');
  return {
    step: 'DNS',
    resources,
    notes: [
      {
        step: 'DNS',
        what: `Azure Monitor private link scope ${m.scope} (ingestion and query PrivateOnly) over ${n.logAnalytics} and ${n.appInsights}; private endpoint ${m.privateEndpoint} (azuremonitor) in PrivateEndpoints, registered in ${zones}`,
        why:
          `monitoring.privateLinkScope is true: telemetry from ${spec.jumpBox.enabled ? 'compute and the jump box' : 'compute'} reaches Azure Monitor through the VNet, and PrivateOnly keeps clients here from sending to or reading any Azure Monitor resource outside the scope. The blob zone is where agents fetch their solution packs.`,
      },
      ...centralDnsNote(spec),
    ],
    deviations: [RUNBOOK_DEVIATIONS.monitorPrivateLinkScope],
  };
};

/**
 * One AMPLS per DNS: an endpoint of a second scope registered in the same zones re-points the global Azure
 * Monitor names at itself and cuts off the networks of the first ("Use a single AMPLS to avoid DNS overrides";
 * hub-and-spoke networks use one scope on the hub; a VNet connects to one AMPLS only:
 * https://learn.microsoft.com/azure/azure-monitor/logs/private-link-design, read 2026-11-25).
 */
function centralDnsNote(spec: Spec): PlanNote[] {
  if (spec.dns.mode !== 'central') return [];
  return [
    {
      step: 'DNS',
      what: `The Azure Monitor endpoint registers in the hub's monitor zones (dns.mode central): the hub's Azure Monitor names then resolve to ${monitorNames(spec).privateEndpoint}`,
      why: 'Azure Monitor private link allows one scope per DNS: if the hub already runs a private link scope, leave monitoring.privateLinkScope off and add this workspace and Application Insights to the hub\'s scope instead.',
    },
  ];
}
