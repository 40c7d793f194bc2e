/**
 * The change request in the shapes a non-Azure firewall team imports (issue 14): one CSV row per
 * destination prefix, and one plain-text external dynamic list (EDL) per service tag. Azure Firewall takes
 * service tags and wildcard FQDNs by name; a third-party appliance (an NVA) knows neither, so it needs the
 * prefixes behind each tag, and URL/SNI filtering for FQDN rules. Pure: returns rows and texts.
 */
import type { EgressRule } from './egress-rules.js';
import type { Tabular } from './tabular.js';

/** Palo Alto's list format: one address or prefix a line, `#` comments allowed (PAN-OS admin guide). */
export const EDL_FORMAT_SOURCE = {
  url: 'https://docs.paloaltonetworks.com/pan-os/9-1/pan-os-admin/policy/use-an-external-dynamic-list-in-policy/formatting-guidelines-for-an-external-dynamic-list/ip-address-list.html',
  read: '2026-12-06',
} as const;

export const WILDCARD_NOTE = 'wildcard FQDN: a non-Azure firewall needs URL/SNI (TLS server name) filtering for it; an address list cannot express it';
export const WILDCARD_LIST_NOTE = 'a non-Azure firewall needs URL/SNI (TLS server name) filtering for these wildcard FQDNs; an address list cannot express them.';
export const FQDN_NOTE = 'FQDN: a non-Azure firewall needs URL/SNI (TLS server name) or FQDN-object filtering for it';
export const EXISTING_NVA_NOTE =
  'firewall.mode is existing: if that firewall is not Azure Firewall, it cannot use Azure service tags by name and needs the prefixes behind them; ' +
  'run again with --service-tags ServiceTags_AzureGovernment_<date>.json (Microsoft Download Center id 57063) and --format csv, or --format edl --out-dir DIR';

export const NSG_NOTE = 'NSG rule: the traffic stays inside the virtual network and is allowed by the subnet NSG; nothing to add on the firewall';

/** What a non-Azure firewall needs besides the row itself, or ''. */
export function nvaNote(r: EgressRule): string {
  // VirtualNetwork is a virtual tag no appliance knows; the row documents the NSG rule (enforcedBy nsg).
  if (r.enforcedBy === 'nsg') return NSG_NOTE;
  if (r.destinationType !== 'Fqdn') return '';
  return r.destination.includes('*') ? WILDCARD_NOTE : FQDN_NOTE;
}

function family(prefix: string): 'IPv4' | 'IPv6' {
  return prefix.includes(':') ? 'IPv6' : 'IPv4';
}

/**
 * One row per destination: a service-tag rule becomes one row per aggregated prefix of its tag (IPv4 and
 * IPv6 apart, the family in its own column) when `prefixes` is given; other rules stay one row. `ruleId`
 * is the catalog id of the rule (src/catalog/egress.ts), stable across service-tag releases and il5ml
 * versions, so a ticket or an import can be matched against the next one.
 */
export function prefixRowsTabular(rules: readonly EgressRule[], prefixes?: Readonly<Record<string, readonly string[]>>): Tabular {
  const headers = ['ruleId', 'source', 'destination', 'destinationType', 'family', 'serviceTag', 'protocol', 'ports', 'required', 'why', 'reference', 'note'];
  const rows: string[][] = [];
  for (const r of rules) {
    const base = (destination: string, type: string, fam: string, tag: string): string[] => [
      r.id,
      r.source.map((s) => `${s.subnet} ${s.cidr}`).join('; '),
      destination,
      type,
      fam,
      tag,
      r.protocol,
      r.ports.join(' '),
      r.required ? 'required' : 'optional',
      r.why,
      r.reference,
      nvaNote(r),
    ];
    const tagPrefixes = r.destinationType === 'ServiceTag' ? prefixes?.[r.destination] : undefined;
    if (tagPrefixes && tagPrefixes.length > 0) {
      const sorted = [...tagPrefixes.filter((p) => family(p) === 'IPv4'), ...tagPrefixes.filter((p) => family(p) === 'IPv6')];
      for (const p of sorted) rows.push(base(p, 'Cidr', family(p), r.destination));
    } else {
      rows.push(base(r.destination, r.destinationType, r.destinationType === 'Cidr' ? family(r.destination) : '', r.destinationType === 'ServiceTag' ? r.destination : ''));
    }
  }
  return { headers, rows };
}

export interface EdlHeader {
  /** The spec as the spec line names it (`il5ml.yaml`, `<built-in default>`). */
  spec: string;
  region: string;
  /** Where the subnets' default route points: the firewall's private IP. */
  nextHop: string;
  /** The service tags file and its release. */
  tagsFile: string;
  changeNumber: number;
}

/** A tag name as a file name: letters, digits, dot, hyphen, underscore (tags are `AzureMonitor.USGovVirginia`). */
export function edlFileName(tag: string): string {
  return `${tag.replace(/[^A-Za-z0-9._-]/g, '_')}.txt`;
}

/**
 * One EDL a service tag a rule names as its destination: `#` header lines (spec, region, next hop,
 * service-tag release and the tag's own changeNumber, the rules that use it), then one aggregated prefix a
 * line, IPv4 before IPv6. LF line ends: the lists are served from a web server to the appliance, which reads
 * plain text.
 *
 * A tag that only stands in for Azure Firewall (a rule's `firewallDestination`: BatchNodeManagement for
 * BatchNodeManagement.USGovVirginia, whose networkFeatures in the Government file lack FW) gets no list: a
 * non-Azure firewall takes the regional prefixes, as the CSV rows do, not every region's behind the global tag.
 */
export function edlFiles(header: EdlHeader, rules: readonly EgressRule[], prefixes: Readonly<Record<string, readonly string[]>>, tagChangeNumbers: Readonly<Record<string, number>> = {}): Map<string, string> {
  const out = new Map<string, string>();
  const named = new Set(rules.filter((r) => r.destinationType === 'ServiceTag').map((r) => r.destination));
  for (const tag of Object.keys(prefixes).filter((t) => named.has(t)).sort()) {
    const list = prefixes[tag] ?? [];
    const users = rules.filter((r) => r.destinationType === 'ServiceTag' && r.destination === tag);
    const lines = [
      `# il5ml external dynamic list: service tag ${tag}`,
      `# spec: ${header.spec}`,
      `# region: ${header.region}`,
      `# next hop (firewall private IP): ${header.nextHop}`,
      `# service tags release: ${header.tagsFile} (changeNumber ${header.changeNumber})${tagChangeNumbers[tag] !== undefined ? `; tag changeNumber ${tagChangeNumbers[tag]}` : ''}`,
      `# rules: ${users.map((r) => `${r.id} (${r.protocol} ${r.ports.join(' ')})`).join(', ')}`,
      `# prefixes: ${list.length} (aggregated; IPv4 ${list.filter((p) => family(p) === 'IPv4').length}, IPv6 ${list.filter((p) => family(p) === 'IPv6').length})`,
      ...list.filter((p) => family(p) === 'IPv4'),
      ...list.filter((p) => family(p) === 'IPv6'),
    ];
    out.set(edlFileName(tag), `${lines.join('\n')}\n`);
  }
  return out;
}
