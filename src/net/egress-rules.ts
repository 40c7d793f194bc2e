import { UserInputError, type Diagnostic } from '../core/diagnostic.js';
import {
  EGRESS_CATALOG,
  INBOUND_ROUTE_TAG,
  INBOUND_ROUTES_SOURCE,
  MAX_ROUTES_PER_TABLE,
  REGION_TAG_NAMES,
  ROUTE_LIMIT_SOURCE,
  VIRTUAL_TAGS,
  type EgressCondition,
  type EgressEntry,
  type EgressFrom,
  type EgressProtocol,
} from '../catalog/egress.js';
import { pairedRegion } from '../catalog/regions.js';
import type { Spec } from '../spec/schema.js';
import { aggregate, firstUsableAzureAddress, formatCidr, parseCidr } from './cidr.js';
import { aggregatedTag, findTag, type ServiceTagsFile } from './service-tags.js';

/** A subnet that sends the traffic: its name as the runbook spells it and its CIDR. */
export interface RuleSource {
  subnet: string;
  cidr: string;
}

/** One row of the change request (`il5ml egress`). */
export interface EgressRule {
  /** Catalog id (src/catalog/egress.ts); rule names derive from it. */
  id: string;
  source: RuleSource[];
  destination: string;
  destinationType: 'ServiceTag' | 'Fqdn' | 'FqdnTag' | 'Cidr';
  protocol: EgressProtocol;
  ports: string[];
  required: boolean;
  why: string;
  /** URL of the fact's source. */
  reference: string;
  /** Not printed: the tag Azure Firewall uses when it differs from `destination`. */
  firewallDestination: string;
  enforcedBy: 'firewall' | 'nsg';
  coveredBy?: string;
  /** Who sends it: compute (Training, Scoring) or the jump box (its own subnet and rule collections). */
  from: EgressFrom;
}

export function regionTagName(region: string): string {
  const name = REGION_TAG_NAMES[region];
  if (!name) {
    throw new UserInputError([
      {
        severity: 'error',
        code: 'IL5-EGRESS-REGION',
        message: `region "${region}" has no Azure Government service tag spelling in the egress catalog`,
        fix: `use one of ${Object.keys(REGION_TAG_NAMES).join(', ')}`,
        path: 'region',
      },
    ]);
  }
  return name;
}

function fill(text: string, region: string): string {
  return text.replace(/\{region\}/g, region).replace(/\{Region\}/g, regionTagName(region));
}

function applies(when: EgressCondition, spec: Spec): boolean {
  switch (when) {
    case 'always':
      return true;
    case 'hbiWorkspace':
      return spec.workspace.highBusinessImpact;
    case 'noMonitorPrivateLink':
      return !spec.monitoring.privateLinkScope;
    case 'storageThroughFirewall':
      // The storage private endpoints sit in the compute's own VNet: no firewall in between.
      return false;
    case 'jumpBox':
      return spec.jumpBox.enabled;
    default:
      return spec.firewall.packageSources.mode === 'public' && spec.firewall.packageSources[when];
  }
}

/** The rules for a private package mirror (firewall.packageSources.mode mirror): HTTPS to each mirror host. */
export const PACKAGE_MIRROR_SOURCE = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall#python-hosts',
  read: '2026-12-06',
  note: 'If the index is overwritten by user settings, allow that index instead of pypi.org',
} as const;

function mirrorRules(spec: Spec): EgressRule[] {
  const p = spec.firewall.packageSources;
  if (p.mode !== 'mirror') return [];
  return p.mirror.map((host, i) => ({
    id: `package-mirror-${i + 1}`,
    source: ruleSources(spec),
    destination: host,
    destinationType: 'Fqdn',
    protocol: 'TCP',
    ports: ['443'],
    required: true,
    why: 'Private package mirror in place of the public package sources (firewall.packageSources.mirror) (step D).',
    reference: PACKAGE_MIRROR_SOURCE.url,
    firewallDestination: host,
    enforcedBy: 'firewall',
    from: 'compute',
  }));
}

/** The subnets whose outbound traffic the rules allow: compute (Training) and inference (Scoring), or the jump box. */
export function ruleSources(spec: Spec, from: EgressFrom = 'compute'): RuleSource[] {
  if (from === 'jumpBox') return [{ subnet: 'JumpBox', cidr: spec.network.subnets.jumpBox }];
  return [
    { subnet: 'Training', cidr: spec.network.subnets.training },
    { subnet: 'Scoring', cidr: spec.network.subnets.scoring },
  ];
}

function toRule(e: EgressEntry, spec: Spec): EgressRule {
  const destination = fill(e.destination, spec.region);
  return {
    id: e.id,
    source: ruleSources(spec, e.from ?? 'compute'),
    destination,
    destinationType: e.destinationType,
    protocol: e.protocol,
    ports: [...e.ports],
    required: e.required,
    why: e.why,
    reference: e.source.url,
    firewallDestination: e.firewallDestination ? fill(e.firewallDestination, spec.region) : destination,
    enforcedBy: e.enforcedBy,
    ...(e.coveredBy ? { coveredBy: e.coveredBy } : {}),
    from: e.from ?? 'compute',
  };
}

/** The change request for a spec: every catalog entry whose condition the spec meets, in catalog order. */
export function egressRules(spec: Spec): EgressRule[] {
  const catalog = EGRESS_CATALOG.filter((e) => applies(e.when, spec)).map((e) => toRule(e, spec));
  // Mirror hosts go where the package sources stand, before the jump box's rules.
  const firstJumpBox = catalog.findIndex((r) => r.from === 'jumpBox');
  const at = firstJumpBox < 0 ? catalog.length : firstJumpBox;
  return [...catalog.slice(0, at), ...mirrorRules(spec), ...catalog.slice(at)];
}

/** The service tags the rules name, as published (virtual tags such as VirtualNetwork excluded). */
export function ruleTags(rules: readonly EgressRule[]): string[] {
  const tags = new Set<string>();
  for (const r of rules) {
    if (r.destinationType !== 'ServiceTag') continue;
    for (const t of [r.destination, r.firewallDestination]) if (!VIRTUAL_TAGS.includes(t)) tags.add(t);
  }
  return [...tags].sort();
}

function missingTag(tagName: string, file: ServiceTagsFile): Diagnostic {
  return {
    severity: 'error',
    code: 'IL5-EGRESS-TAG',
    message: `service tag ${tagName} is not in ${file.file} (changeNumber ${file.changeNumber})`,
    fix: 'give the Azure Government service tags file (ServiceTags_AzureGovernment_<date>.json), a recent release',
    location: { file: file.file, line: 1, column: 1 },
  };
}

/** Aggregated IPv4 and IPv6 prefixes of every tag the rules use, keyed by tag name (sorted). */
export function rulePrefixes(rules: readonly EgressRule[], file: ServiceTagsFile): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const diags: Diagnostic[] = [];
  for (const name of ruleTags(rules)) {
    const t = findTag(file, name);
    if (!t) diags.push(missingTag(name, file));
    else out[name] = aggregatedTag(t).map(formatCidr);
  }
  if (diags.length) throw new UserInputError(diags);
  return out;
}

export interface RouteRow {
  name: string;
  addressPrefix: string;
  nextHopType: 'VirtualAppliance' | 'Internet';
  nextHopIpAddress?: string;
  why: string;
  reference: string;
}

/** The firewall's private IP the default route points at, or a diagnostic when it cannot be known. */
export function firewallNextHop(spec: Spec): string {
  if (spec.firewall.mode === 'existing') {
    if (!spec.firewall.privateIp) {
      throw new UserInputError([
        {
          severity: 'error',
          code: 'IL5-EGRESS-FWIP',
          message: 'firewall.mode is existing but firewall.privateIp is not set',
          fix: 'set firewall.privateIp to the private IP of the hub firewall or appliance',
          path: 'firewall.privateIp',
        },
      ]);
    }
    return spec.firewall.privateIp;
  }
  // Azure Firewall takes the first address Azure hands out in AzureFirewallSubnet (x.x.x.4): computed
  // here so the route table does not depend on the firewall, which depends on the VNet (a cycle).
  return firstUsableAzureAddress(spec.network.subnets.firewall);
}

/**
 * The route table of Training and Scoring in its IP-address form: the default route to the firewall.
 * Only with `publicIpCompute` (compute **with** a public IP, which il5ml never plans: those routes send
 * traffic around the firewall) AzureMachineLearning's prefixes of the region and its pair with next hop
 * Internet (route tables of IPv4 subnets take the IPv4 prefixes); they need the service tags file.
 * Refuses when the table would pass Azure's 400-route limit, naming the service-tag route that replaces
 * the prefixes.
 */
export function routeTable(spec: Spec, file?: ServiceTagsFile, opts: { publicIpCompute?: boolean } = {}): RouteRow[] {
  const rows: RouteRow[] = [
    {
      name: 'default-to-firewall',
      addressPrefix: '0.0.0.0/0',
      nextHopType: 'VirtualAppliance',
      nextHopIpAddress: firewallNextHop(spec),
      why: 'All other outbound traffic goes through the firewall (step D).',
      reference: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall',
    },
  ];
  if (!opts.publicIpCompute || !file) return rows;
  const regions = [spec.region, pairedRegion(spec.region)].filter((r): r is string => Boolean(r));
  const diags: Diagnostic[] = [];
  for (const region of regions) {
    const name = `${INBOUND_ROUTE_TAG}.${regionTagName(region)}`;
    const tag = findTag(file, name);
    if (!tag) {
      diags.push(missingTag(name, file));
      continue;
    }
    const v4 = aggregatedTag(tag).filter((c) => c.family === 4);
    v4.forEach((c, i) => {
      rows.push({
        name: `${name}-${String(i + 1).padStart(3, '0')}`.replace(/\./g, '-'),
        addressPrefix: formatCidr(c),
        nextHopType: 'Internet',
        why: `Inbound from Azure Machine Learning (${region === spec.region ? 'primary' : 'paired'} region) to compute with a public IP; not needed without one.`,
        reference: INBOUND_ROUTES_SOURCE.url,
      });
    });
  }
  if (diags.length) throw new UserInputError(diags);
  if (rows.length > MAX_ROUTES_PER_TABLE) {
    throw new UserInputError([
      {
        severity: 'error',
        code: 'IL5-EGRESS-ROUTES',
        message: `the route table would hold ${rows.length} routes; Azure allows at most ${MAX_ROUTES_PER_TABLE} per route table (${ROUTE_LIMIT_SOURCE.url})`,
        fix: `use a service-tag route instead of the prefixes: az network route-table route create --name ${INBOUND_ROUTE_TAG} --address-prefix ${INBOUND_ROUTE_TAG} --next-hop-type Internet (service tags in user-defined routes are GA)`,
        location: { file: file.file, line: 1, column: 1 },
      },
    ]);
  }
  return rows;
}

/** Total prefixes of a tag before and after aggregation: the figures the issue asks to report. */
export function prefixCounts(file: ServiceTagsFile, names: readonly string[]): { tag: string; before: number; after: number }[] {
  return names.map((n) => {
    const t = findTag(file, n);
    const before = t ? t.addressPrefixes.length : 0;
    const after = t ? aggregate(t.addressPrefixes.map(parseCidr)).length : 0;
    return { tag: n, before, after };
  });
}
