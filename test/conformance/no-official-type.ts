import type { TypeFinding } from '../../src/azuretypes/index.js';

/**
 * Resource types the plan emits that ../shared/azure-types has no definition of: each such resource is listed
 * as "no official type available" (never passed silently), and every other resource is still validated.
 * Ask for the type; when it arrives, the check below that it is absent fails: remove it from this list.
 */
export const NO_OFFICIAL_TYPE = [
  'Microsoft.Authorization/policyExemptions',
  // monitoring.privateLinkScope (src/emit/monitoring.ts, which carries their apiVersion and its source).
  'Microsoft.Insights/privateLinkScopes',
  'Microsoft.Insights/privateLinkScopes/scopedResources',
];

/** Findings that only say a NO_OFFICIAL_TYPE resource has no type, logged by name, and the rest. */
export function withoutNoOfficialType(findings: readonly TypeFinding[], label: string): TypeFinding[] {
  const missing = findings.filter((f) => f.code === 'unknown-type' && NO_OFFICIAL_TYPE.includes(f.resourceType));
  for (const f of missing) console.log(`azure-types: ${label}: no official type available: ${f.resourceType}@${f.apiVersion} ${f.name}`);
  return findings.filter((f) => !missing.includes(f));
}

