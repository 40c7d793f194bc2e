import { ALL_DNS_ZONES, MONITOR_DNS_ZONES, workloadDnsZones, type PrivateDnsZoneFact } from '../catalog/dns-zones.js';
import type { Source } from '../core/fact.js';
import type { Spec } from '../spec/schema.js';
import { INSTANCE_UNIQUE_TAG, resourceNames, UNIQUE_NAME_TAGS } from '../spec/names.js';
import { isSpoke, localLogAnalytics, vnetDnsServers } from '../spec/topology.js';
import { monitorNames } from '../emit/monitoring.js';
import { firewallNextHop } from './egress-rules.js';
import { maxOf } from '../core/array.js';

/**
 * What DNS must answer for the private endpoints of a plan (`il5ml dns`): the private zones, the A
 * records each endpoint registers in them, the conditional forwarders an on-premises DNS needs, and a
 * hosts-file fallback for the jump box. Values known only after deployment (workspace GUID, private
 * IPs, uniqueString names) are placeholders in angle brackets, each explained in `placeholders`.
 */

const READ = '2026-11-25';
const CUSTOM_DNS: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-custom-dns#azure-us-government',
  read: READ,
  note: 'Workspace FQDNs, Private Link FQDNs and zones to forward, Azure US Government (ms.date 03/26/2026)',
};
const PE_DNS: Source = {
  url: 'https://learn.microsoft.com/azure/private-link/private-endpoint-dns#government',
  read: READ,
  note: 'Private endpoint DNS zone values and on-premises forwarding to 168.63.129.16',
};
/**
 * The records of the Azure Monitor private link scope's endpoint (monitoring.privateLinkScope). The page names
 * them relative to the zones (the public cloud's zone names in its text; the Government zones are those of
 * src/catalog/dns-zones.ts, PE_DNS's Government table), and says the blob entry exists "starting June 2021 on
 * Azure sovereign clouds" too.
 */
const MONITOR_PRIVATE_LINK: Source = {
  url: 'https://learn.microsoft.com/azure/azure-monitor/fundamentals/private-link-configure#review-endpoints-dns-settings',
  read: '2026-12-08',
  note:
    'Configure private link for Azure Monitor (ms.date 01/27/2026), "Review endpoint\'s DNS settings": the monitor zone maps ' +
    '"in.ai: Application Insights ingestion endpoint (both a global and a regional entry)", api, live, profiler, snapshot and ' +
    'diagservices-query; the oms, ods and agentsvc zones "an entry for each workspace linked to the AMPLS"; the blob zone the ' +
    '"global agents\' solution packs storage account", "only one entry"',
};

/** Azure's recursive resolver, reachable only from inside a virtual network (what private zones answer through). */
export const AZURE_DNS_IP = '168.63.129.16';

export interface DnsZoneRow {
  zone: string;
  /** The public zone it overrides, which on-premises DNS forwards. */
  publicZone: string;
  /** 'created' by this plan, or 'hub' (dns.mode central: the hub's zone, by resource ID). */
  mode: 'created' | 'hub';
  resourceId?: string;
  usedBy: string;
}

export interface DnsRecordRow {
  zone: string;
  /** Record name relative to the zone. */
  name: string;
  /** The name clients resolve (public FQDN, which CNAMEs into the privatelink zone). */
  fqdn: string;
  type: 'A';
  value: string;
  privateEndpoint: string;
}

export interface ForwarderRow {
  zone: string;
  /**
   * Where on-premises DNS sends queries for the zone: the IP address(es), comma-separated, as a conditional
   * forwarder's master servers take them, or a placeholder explained in `placeholders`.
   */
  forwardTo: string;
  /** What answers at forwardTo, and which spec key gave it. */
  resolver: string;
  /** Where that in-VNet resolver sends them. */
  thenTo: string;
  why: string;
}

export interface DnsPlan {
  zones: DnsZoneRow[];
  records: DnsRecordRow[];
  forwarders: ForwarderRow[];
  /** Lines for C:\Windows\System32\drivers\etc\hosts on the jump box, when DNS cannot be changed. */
  hosts: string[];
  placeholders: Record<string, string>;
  sources: Source[];
}

const WS_GUID = '<workspace-guid>';
const UNIQUE = '<unique13>';
const ipOf = (endpoint: string, n = 0): string => `<ip:${endpoint}${n ? `#${n}` : ''}>`;

function uniqueName(spec: Spec, key: keyof typeof UNIQUE_NAME_TAGS, unique: string): string {
  return `${spec.prefix}${UNIQUE_NAME_TAGS[key]}${unique}`;
}

/**
 * The notebooks FQDN carries the workspace name truncated so that `ml-<name>-<region>-<guid>` stays
 * within 63 characters (a DNS label's limit; custom DNS page, "may be truncated").
 */
export function notebookLabel(workspace: string, region: string): string {
  const room = 63 - ('ml-'.length + 1 + region.length + 1 + 36);
  return `ml-${workspace.slice(0, Math.max(0, room))}-${region}-${WS_GUID}`;
}

function zone(key: PrivateDnsZoneFact['key']): PrivateDnsZoneFact {
  const z = ALL_DNS_ZONES.find((f) => f.key === key);
  if (!z) throw new Error(`internal: no DNS zone ${key} in src/catalog/dns-zones.ts`);
  return z;
}

/**
 * The command that lists what a deployed endpoint registered: the record sets of its private DNS zone group (every
 * endpoint of the plan has one, src/emit/dns.ts). Not the endpoint's customDnsConfigs, which Azure leaves empty
 * once a zone group holds the records (MicrosoftDocs/cloud-adoption-framework#1020: "when DNS config is created, the
 * following property is emptied"). `az network private-endpoint dns-zone-group list --endpoint-name -g`
 * (https://learn.microsoft.com/cli/azure/network/private-endpoint/dns-zone-group, read 2026-12-08); recordSets:
 * fqdn, ipAddresses (Microsoft.Network PrivateDnsZonePropertiesFormat.recordSets, ../shared/azure-types 2025-01-01).
 */
function recordsLookup(endpoint: string, rg: string): string {
  return `az network private-endpoint dns-zone-group list --endpoint-name ${endpoint} -g ${rg} --query "[].privateDnsZoneConfigs[].recordSets[].[fqdn, ipAddresses[0]]" -o tsv`;
}

/**
 * Forwarding an Azure Monitor zone hands every on-premises Azure Monitor client to this scope: "create only a single
 * AMPLS object per DNS", and "Private Only will block traffic to resources not in the AMPLS across all networks that
 * share the same DNS" (https://learn.microsoft.com/azure/azure-monitor/fundamentals/private-link-design, "Avoid DNS
 * overrides by using a single AMPLS" and "Open access mode", read 2026-12-08); the scope here is PrivateOnly
 * (src/emit/monitoring.ts).
 */
const MONITOR_FORWARD_WHY =
  'Azure Monitor private link scope. Shared DNS: once forwarded, every on-premises Azure Monitor client resolves to this PrivateOnly scope and reaches no Azure Monitor resource outside it (one scope per DNS)';

const LAW_ID = '<log-analytics-workspace-id>';
const AI_REGIONAL = '<ai-regional>';
const SOLUTION_PACKS = '<ampls-solution-packs>';

/** Global records of privatelink.monitor.azure.us (MONITOR_PRIVATE_LINK), in the page's order after in.ai. */
const MONITOR_GLOBAL_RECORDS = ['api', 'live', 'profiler', 'snapshot', 'diagservices-query'] as const;

type Rec = (z: PrivateDnsZoneFact, name: string, fqdn: string, value: string, pe: string) => DnsRecordRow;

/**
 * What the Azure Monitor private link scope's endpoint registers (MONITOR_PRIVATE_LINK): the global Azure Monitor
 * entries, one entry per scoped Log Analytics workspace in each of the oms, ods and agentsvc zones (only the plan's
 * own: a hub workspace, monitoring.logAnalyticsWorkspaceId, is not in this scope, src/emit/monitoring.ts), and the
 * solution packs storage account in the blob zone. None without monitoring.privateLinkScope.
 */
function monitorRecords(spec: Spec, rec: Rec): DnsRecordRow[] {
  if (!spec.monitoring.privateLinkScope) return [];
  const pe = monitorNames(spec).privateEndpoint;
  let i = 0;
  const ip = (): string => ipOf(pe, ++i);
  const at = (z: PrivateDnsZoneFact, name: string): DnsRecordRow => rec(z, name, `${name}.${z.publicZone}`, ip(), pe);
  const monitor = zone('monitor');
  return [
    // The global in.ai entry as the zone names it (global.in.ai.privatelink.monitor.<cloud suffix>); the regional
    // one's label depends on the Application Insights region's ingestion stamp, so it is a placeholder.
    at(monitor, 'global.in.ai'),
    at(monitor, `${AI_REGIONAL}.in.ai`),
    ...MONITOR_GLOBAL_RECORDS.map((name) => at(monitor, name)),
    ...(localLogAnalytics(spec) ? (['omsOpinsights', 'odsOpinsights', 'agentSvc'] as const).map((k) => at(zone(k), LAW_ID)) : []),
    at(zone('blob'), SOLUTION_PACKS),
  ];
}

function monitorPlaceholders(spec: Spec, rg: string): Record<string, string> {
  const lookup = recordsLookup(monitorNames(spec).privateEndpoint, rg);
  return {
    ...(localLogAnalytics(spec)
      ? { [LAW_ID]: `The Log Analytics workspace ID (a GUID, its customerId), known after deployment: az monitor log-analytics workspace list --query "[?name=='${resourceNames(spec).logAnalytics}'].customerId"` }
      : {}),
    [AI_REGIONAL]: `The regional Application Insights ingestion label the scope's endpoint registers beside global.in.ai (the page gives "both a global and a regional entry" but not the regional name): ${lookup}`,
    [SOLUTION_PACKS]: `The record of the Azure Monitor agents' solution packs storage account, one for every workspace (the page does not name the account): ${lookup}`,
  };
}

const HUB_DNS = '<hub-dns-ip>';
const VNET_DNS = '<vnet-dns-ip>';

/**
 * Where on-premises DNS forwards the zones: the DNS servers this VNet itself uses (dhcpOptions, the same
 * choice src/emit/network.ts makes: network.dnsServers, else the plan's Azure Firewall DNS proxy, else in a
 * spoke the hub firewall's), since whatever resolves the private endpoints for the VNet resolves them for
 * on-premises too. Without one the VNet uses Azure-provided DNS, 168.63.129.16, which on-premises cannot query:
 * private-endpoint-dns (PE_DNS, "On-premises workloads using a DNS forwarder", read 2026-12-08): the forwarder is
 * "a Virtual Machine running on the Virtual Network linked to the Private DNS Zone ... This is required as the
 * query must be originated from the Virtual Network to Azure DNS", and "Azure Firewall DNS proxy can be used as
 * DNS forwarder". Then the target is a placeholder that says which spec key fills it.
 */
function forwardTarget(spec: Spec): { forwardTo: string; resolver: string; placeholder: Record<string, string> } {
  const servers = vnetDnsServers(spec, () => firewallNextHop(spec));
  if (spec.network.dnsServers !== undefined && spec.network.dnsServers.length > 0 && servers !== undefined) {
    return {
      forwardTo: servers.join(', '),
      resolver: `network.dnsServers${spec.dns.mode === 'central' ? ' (the hub\'s DNS)' : ''}`,
      placeholder: {},
    };
  }
  if (servers !== undefined && spec.firewall.mode === 'azureFirewall') {
    return { forwardTo: servers.join(', '), resolver: 'Azure Firewall DNS proxy (firewall.dnsProxy)', placeholder: {} };
  }
  if (servers !== undefined && isSpoke(spec)) {
    return { forwardTo: servers.join(', '), resolver: 'hub firewall DNS proxy (firewall.privateIp)', placeholder: {} };
  }
  if (spec.dns.mode === 'central') {
    return {
      forwardTo: HUB_DNS,
      resolver: 'the hub\'s DNS (set network.dnsServers)',
      placeholder: {
        [HUB_DNS]: "The IP address of the hub's DNS (DNS Private Resolver inbound endpoint, firewall DNS proxy or forwarder VM): set network.dnsServers to it, which also points this VNet at it, and il5ml dns fills it in",
      },
    };
  }
  return {
    forwardTo: VNET_DNS,
    resolver: 'a DNS resolver in this VNet (set network.dnsServers)',
    placeholder: {
      [VNET_DNS]: `The IP address of a DNS Private Resolver inbound endpoint or DNS forwarder VM in this VNet (Azure-provided DNS, ${AZURE_DNS_IP}, answers only from inside Azure): set network.dnsServers to it, or use Azure Firewall with firewall.dnsProxy, and il5ml dns fills it in`,
    },
  };
}

/**
 * `unique`: uniqueString(resourceGroup().id) of the real deployment (the CLI computes it from
 * --subscription-id and --resource-group); without it, names carry the <unique13> placeholder.
 */
export function dnsPlan(spec: Spec, opts: { unique?: string; resourceGroup?: string } = {}): DnsPlan {
  const U = opts.unique ?? UNIQUE;
  const rg = opts.resourceGroup ?? `${spec.prefix}-rg`;
  const n = resourceNames(spec);
  const region = spec.region;
  const queueTable = spec.storage.queueAndTablePrivateEndpoints;
  const zoneFacts = [...workloadDnsZones(queueTable), ...(spec.monitoring.privateLinkScope ? MONITOR_DNS_ZONES : [])];
  const usedBy: Record<string, string> = {
    amlWorkspace: `workspace ${n.workspace}`,
    amlNotebooks: `workspace ${n.workspace} (notebooks)`,
    keyVault: 'key vault',
    blob: spec.monitoring.privateLinkScope ? "storage (blob); Azure Monitor agents' solution packs" : 'storage (blob)',
    file: 'storage (file)',
    dfs: 'storage (dfs)',
    queue: 'storage (queue, batch endpoints)',
    table: 'storage (table, batch endpoints)',
    registry: 'container registry',
  };
  const zones: DnsZoneRow[] = zoneFacts.map((z) => {
    const hubId = spec.dns.zoneIds[z.zone];
    return {
      zone: z.zone,
      publicZone: z.publicZone,
      // dns.mode central: the hub's zone where dns.zoneIds names one, else created here (src/emit/dns.ts).
      mode: spec.dns.mode === 'central' && hubId !== undefined ? 'hub' : 'created',
      ...(spec.dns.mode === 'central' && hubId !== undefined ? { resourceId: hubId } : {}),
      usedBy: usedBy[z.key] ?? 'Azure Monitor private link scope',
    };
  });

  const kv = uniqueName(spec, 'keyVault', U);
  const st = uniqueName(spec, 'storage', U);
  const cr = uniqueName(spec, 'registry', U);
  const api = zone('amlWorkspace');
  const nb = zone('amlNotebooks');
  const rec = (z: PrivateDnsZoneFact, name: string, fqdn: string, value: string, pe: string): DnsRecordRow => ({
    zone: z.zone,
    name,
    fqdn,
    type: 'A',
    value,
    privateEndpoint: pe,
  });
  const wsIp = ipOf(n.peWorkspace, 1);
  const nbIp = ipOf(n.peWorkspace, 2);
  // Managed online endpoints: the workspace endpoint's third address (how-to-custom-dns, "Find the IP addresses",
  // the Azure US Government example: *.usgovvirginia.inference.ml.azure.us 10.1.0.7 beside the API's 10.1.0.5 and
  // the notebooks' 10.1.0.6; its hosts file example gives the endpoint name that address too; read 2026-12-08).
  const inferenceIp = ipOf(n.peWorkspace, 3);
  const label = notebookLabel(n.workspace, region);
  const records: DnsRecordRow[] = [
    rec(api, `${WS_GUID}.workspace.${region}`, `${WS_GUID}.workspace.${region}.${api.publicZone}`, wsIp, n.peWorkspace),
    rec(api, `${WS_GUID}.workspace.${region}.cert`, `${WS_GUID}.workspace.${region}.cert.${api.publicZone}`, wsIp, n.peWorkspace),
    rec(api, `*.${WS_GUID}.inference.${region}`, `<endpoint>.${region}.inference.ml.azure.us`, inferenceIp, n.peWorkspace),
    rec(nb, `${label}.${region}`, `${label}.${region}.${nb.publicZone}`, nbIp, n.peWorkspace),
    rec(zone('keyVault'), kv, `${kv}.${zone('keyVault').publicZone}`, ipOf(n.peKeyVault), n.peKeyVault),
    rec(zone('blob'), st, `${st}.${zone('blob').publicZone}`, ipOf(n.peStorageBlob), n.peStorageBlob),
    rec(zone('file'), st, `${st}.${zone('file').publicZone}`, ipOf(n.peStorageFile), n.peStorageFile),
    rec(zone('dfs'), st, `${st}.${zone('dfs').publicZone}`, ipOf(n.peStorageDfs), n.peStorageDfs),
    ...(queueTable
      ? [
          rec(zone('queue'), st, `${st}.${zone('queue').publicZone}`, ipOf(n.peStorageQueue), n.peStorageQueue),
          rec(zone('table'), st, `${st}.${zone('table').publicZone}`, ipOf(n.peStorageTable), n.peStorageTable),
        ]
      : []),
    rec(zone('registry'), cr, `${cr}.${zone('registry').publicZone}`, ipOf(n.peRegistry, 1), n.peRegistry),
    rec(zone('registry'), `${cr}.${region}.data`, `${cr}.${region}.data.${zone('registry').publicZone}`, ipOf(n.peRegistry, 2), n.peRegistry),
    ...monitorRecords(spec, rec),
  ];

  const target = forwardTarget(spec);
  const forwardZones: { zone: string; why: string }[] = [
    { zone: 'api.ml.azure.us', why: 'workspace API and certificate endpoints' },
    { zone: 'notebooks.usgovcloudapi.net', why: 'integrated notebooks' },
    { zone: 'instances.ml.azure.us', why: 'compute instances (answered with the workspace endpoint IP)' },
    { zone: 'aznbcontent.net', why: 'notebook content' },
    { zone: 'inference.ml.azure.us', why: 'managed online endpoints' },
    ...zoneFacts.filter((z) => !['amlWorkspace', 'amlNotebooks'].includes(z.key)).map((z) => ({ zone: z.publicZone, why: usedBy[z.key] ?? MONITOR_FORWARD_WHY })),
  ];
  const forwarders: ForwarderRow[] = forwardZones.map((f) => ({ zone: f.zone, forwardTo: target.forwardTo, resolver: target.resolver, thenTo: AZURE_DNS_IP, why: f.why }));

  const hostRecords = [
    // A hosts file takes no wildcard: the inference record's line names one endpoint (<endpoint>), as the page's does.
    ...records.filter((r) => !r.fqdn.includes('*')),
    {
      zone: '',
      name: '',
      fqdn: `${spec.compute.instance.name ?? `${spec.prefix}${INSTANCE_UNIQUE_TAG}${U}`}.${region}.instances.ml.azure.us`,
      type: 'A' as const,
      value: wsIp,
      privateEndpoint: n.peWorkspace,
    },
  ];
  const width = maxOf(hostRecords.map((r) => r.value.length));
  const hosts = hostRecords.map((r) => `${r.value.padEnd(width)}  ${r.fqdn}`);

  return {
    zones,
    records,
    forwarders,
    hosts,
    placeholders: {
      [WS_GUID]: `The workspace ID (a GUID), known after deployment: az ml workspace show -n ${n.workspace} -g ${rg} --query workspace_id`,
      ...(opts.unique === undefined
        ? { [UNIQUE]: 'uniqueString(resourceGroup().id), 13 characters, fixed for the resource group: give --subscription-id and --resource-group to get the real names' }
        : {}),
      '<ip:NAME>': `Private IP of private endpoint NAME for the record (#1, #2, ... tell apart the IPs of an endpoint with several), once deployed: ${recordsLookup('NAME', rg)}`,
      '<endpoint>': 'A managed online endpoint name',
      ...(spec.monitoring.privateLinkScope ? monitorPlaceholders(spec, rg) : {}),
      ...target.placeholder,
    },
    sources: [CUSTOM_DNS, PE_DNS, ...(spec.monitoring.privateLinkScope ? [MONITOR_PRIVATE_LINK] : [])],
  };
}
