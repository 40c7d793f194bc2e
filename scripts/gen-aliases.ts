/**
 * `npm run gen:aliases`: turns Azure Policy's published alias table (../shared/azure-policy/aliases.json,
 * a daily dump of `Get-AzPolicyAlias -ListAvailable`) into the project's own table,
 * src/policy/aliases.generated.ts. Only facts are kept: resource type, alias name, default path, and the
 * paths at API versions where they differ from the default.
 *
 * Which aliases: every alias that a definition in ../shared/azure-policy/definitions names (under every
 * type that declares it), plus every alias of the IL5 machine learning environment's resource types
 * (ENVIRONMENT_TYPES) except those that reach through two arrays (`a[*].b[*]`): the network types declare
 * hundreds of those for nested child collections (subnets inside a virtual network inside a peering…),
 * which would multiply the file size for paths no policy here reads. The output is sorted and stable.
 *
 * Per-API-version paths: an alias's value in the source is its default path (a string), or, as the
 * providers API gives it (`az provider list --expand resourceTypes/aliases`), `{"defaultPath": …,
 * "paths": [{"path": …, "apiVersions": […]}]}`. Only the kept aliases' paths that differ from their
 * default are written (ALIAS_VERSION_PATHS): most aliases list every API version at the default path,
 * and writing those would multiply the table for no difference in what is read. The dump in ../shared
 * keeps default paths only (its README), so from it that list is empty.
 *
 * Usage: tsx scripts/gen-aliases.ts [SHARED_DIR] [--out FILE]
 *   SHARED_DIR: default ../shared beside the checkout, or IL5ML_SHARED; FILE: default
 *   src/policy/aliases.generated.ts (the conformance suite regenerates into a temporary file and compares).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatorArgs } from './generator-args.js';

const { shared, out } = generatorArgs('src', 'policy', 'aliases.generated.ts');
const policyDir = join(shared, 'azure-policy');

/** The resource types of the runbook's environment and of Mission Landing Zone's hub (mlz.json). */
const ENVIRONMENT_TYPES = [
  'Microsoft.MachineLearningServices/workspaces',
  'Microsoft.MachineLearningServices/workspaces/computes',
  'Microsoft.KeyVault/vaults',
  'Microsoft.KeyVault/vaults/keys',
  'Microsoft.KeyVault/vaults/secrets',
  'Microsoft.Storage/storageAccounts',
  'Microsoft.ContainerRegistry/registries',
  'Microsoft.Insights/components',
  'Microsoft.Insights/diagnosticSettings',
  'Microsoft.OperationalInsights/workspaces',
  'Microsoft.ManagedIdentity/userAssignedIdentities',
  'Microsoft.Network/virtualNetworks',
  'Microsoft.Network/virtualNetworks/subnets',
  'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
  'Microsoft.Network/networkSecurityGroups',
  'Microsoft.Network/networkSecurityGroups/securityRules',
  'Microsoft.Network/privateEndpoints',
  'Microsoft.Network/privateDnsZones',
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
  'Microsoft.Network/azureFirewalls',
  'Microsoft.Network/firewallPolicies',
  'Microsoft.Network/routeTables',
  'Microsoft.Network/publicIPAddresses',
  'Microsoft.Network/bastionHosts',
  'Microsoft.Network/networkInterfaces',
  'Microsoft.Network/networkWatchers/flowLogs',
  'Microsoft.Compute/virtualMachines',
  'Microsoft.Compute/virtualMachines/extensions',
  'Microsoft.Compute/disks',
];

interface VersionedPath {
  path: string;
  apiVersions: string[];
}
type AliasValue = string | { defaultPath?: string; paths?: VersionedPath[] };
type AliasTable = Record<string, Record<string, AliasValue>>;

function defaultPathOf(v: AliasValue): string {
  return typeof v === 'string' ? v : (v.defaultPath ?? '');
}

/** The kept alias's paths at API versions, where they differ from its default path. */
function differingPaths(v: AliasValue): VersionedPath[] {
  if (typeof v === 'string' || !Array.isArray(v.paths)) return [];
  const def = v.defaultPath ?? '';
  return v.paths
    .filter((p) => typeof p.path === 'string' && p.path !== def && Array.isArray(p.apiVersions) && p.apiVersions.length > 0)
    .map((p) => ({ path: p.path, apiVersions: [...p.apiVersions].sort() }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const raw = readFileSync(join(policyDir, 'aliases.json'), 'utf8');
const table = JSON.parse(raw) as AliasTable;

// Types and aliases are matched case-insensitively, as Azure does; the same type may appear under two
// spellings in the dump (e.g. `microsoft.insights/diagnosticSettings`), so merge by lower-case key and
// keep the alias name as first spelled.
const byType = new Map<string, { type: string; aliases: Map<string, { name: string; path: string; versions: VersionedPath[] }> }>();
for (const type of Object.keys(table).sort()) {
  const key = type.toLowerCase();
  let entry = byType.get(key);
  if (!entry) {
    entry = { type, aliases: new Map() };
    byType.set(key, entry);
  }
  for (const [name, value] of Object.entries(table[type] ?? {})) {
    if (!entry.aliases.has(name.toLowerCase())) entry.aliases.set(name.toLowerCase(), { name, path: defaultPathOf(value), versions: differingPaths(value) });
  }
}

// Every string in the definitions that names an alias of some type.
const aliasOwners = new Map<string, string[]>();
for (const [key, entry] of byType) {
  for (const alias of entry.aliases.keys()) {
    const owners = aliasOwners.get(alias) ?? [];
    owners.push(key);
    aliasOwners.set(alias, owners);
  }
}
const used = new Set<string>();
const defDir = join(policyDir, 'definitions');
const visit = (v: unknown): void => {
  if (typeof v === 'string') {
    for (const m of v.matchAll(/Microsoft\.[A-Za-z0-9]+\/[^'"[\]\s,()]+(?:\[\*\][^'"\s,()]*)*/gi)) {
      const a = m[0].toLowerCase();
      if (aliasOwners.has(a)) used.add(a);
    }
  } else if (Array.isArray(v)) v.forEach(visit);
  else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
};
for (const f of readdirSync(defDir).filter((n) => n.endsWith('.json')).sort()) {
  visit(JSON.parse(readFileSync(join(defDir, f), 'utf8')));
}

const keep = new Map<string, Map<string, string>>(); // lower type -> alias name -> path
const add = (typeKey: string, aliasKey: string): void => {
  const entry = byType.get(typeKey);
  const a = entry?.aliases.get(aliasKey);
  if (!entry || !a) return;
  let m = keep.get(typeKey);
  if (!m) {
    m = new Map();
    keep.set(typeKey, m);
  }
  m.set(a.name, a.path);
};
for (const alias of used) for (const typeKey of aliasOwners.get(alias) ?? []) add(typeKey, alias);
for (const t of ENVIRONMENT_TYPES) {
  const entry = byType.get(t.toLowerCase());
  if (!entry) throw new Error(`environment type ${t} is not in aliases.json`);
  for (const [aliasKey, a] of entry.aliases) {
    if ((a.path.match(/\[\*\]/g) ?? []).length >= 2) continue;
    add(t.toLowerCase(), aliasKey);
  }
}

// Compact form: one string per alias. When the alias is `<type>/<x>` and its path `properties.<x>` (the
// common case) only `<x>` is written; otherwise `<alias name>=<path>`.
const lines: string[] = [];
const versionLines: string[] = [];
let count = 0;
for (const typeKey of [...keep.keys()].sort()) {
  const entry = byType.get(typeKey);
  const aliases = keep.get(typeKey);
  if (!entry || !aliases) continue;
  const items: string[] = [];
  for (const name of [...aliases.keys()].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0))) {
    const path = aliases.get(name) ?? '';
    const versions = entry.aliases.get(name.toLowerCase())?.versions ?? [];
    if (versions.length) versionLines.push(`  [${JSON.stringify(entry.type)}, ${JSON.stringify(name)}, ${JSON.stringify(versions.map((v) => [v.path, v.apiVersions]))}],`);
    const prefix = `${entry.type}/`;
    const short = name.toLowerCase().startsWith(prefix.toLowerCase()) ? name.slice(prefix.length) : undefined;
    items.push(short !== undefined && path === `properties.${short}` && !short.includes('=') ? short : `${name}=${path}`);
    count += 1;
  }
  lines.push(`  [${JSON.stringify(entry.type)}, ${JSON.stringify(items)}],`);
}

const commit = /commit ([0-9a-f]{7,40})/.exec(readFileSync(join(policyDir, 'README.md'), 'utf8').split('## aliases.json')[1] ?? '')?.[1] ?? 'unknown';
const text = `// GENERATED by scripts/gen-aliases.ts (\`npm run gen:aliases\`) — do not edit by hand.
// Source: Azure Policy's alias table, \`Get-AzPolicyAlias -ListAvailable\` as dumped daily by the public
// repository maciejporebski/azure-policy-aliases (commit ${commit}), default path of each alias only; read 2026-11-25.
// ${keep.size} resource types, ${count} aliases: every alias the definitions in ../shared/azure-policy use,
// and the aliases of the IL5 environment's resource types (see the script for the selection).
// Each entry: [resource type, aliases]; an alias is either \`x\` (alias \`<type>/x\`, path \`properties.x\`)
// or \`<alias>=<path>\`. ALIAS_VERSION_PATHS: [type, alias, [[path, apiVersions]]] where a path at some API
// versions differs from the default (${versionLines.length} aliases; the source's dump keeps default paths only).
export const ALIAS_SOURCE = {
  url: 'https://github.com/maciejporebski/azure-policy-aliases',
  commit: ${JSON.stringify(commit)},
  read: '2026-11-25',
} as const;

export const ALIAS_TABLE: readonly (readonly [string, readonly string[]])[] = [
${lines.join('\n')}
];

export const ALIAS_VERSION_PATHS: readonly (readonly [string, string, readonly (readonly [string, readonly string[]])[]])[] = ${versionLines.length ? `[\n${versionLines.join('\n')}\n]` : '[]'};
`;
writeFileSync(out, text, 'utf8');
console.log(`wrote ${out}: ${keep.size} types, ${count} aliases, ${text.length} bytes`);
