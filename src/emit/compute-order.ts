import { COMPUTE_PREREQUISITES } from '../catalog/aml-deployment.js';
import { nameSegments, resourceIdExpr } from './arm.js';
import type { ArmResourceDecl, EmitFragment } from './types.js';

const COMPUTE = 'microsoft.machinelearningservices/workspaces/computes';
const PREREQUISITE_TYPES: ReadonlySet<string> = new Set(COMPUTE_PREREQUISITES.types.map((t) => t.toLowerCase()));

function declaredIdExpr(r: ArmResourceDecl): string {
  return resourceIdExpr(r.type, ...nameSegments(r.name));
}

/**
 * Issue 9, section 3: every compute resource of the plan waits for every private endpoint, DNS zone group,
 * private DNS zone VNet link, route table, Azure Firewall and firewall rule collection group the plan declares
 * (COMPUTE_PREREQUISITES), whichever step declared them. None of those depends on compute, so no cycle can form.
 * Runs over the fragments after every emitter, since the network, DNS and firewall steps are assembled apart.
 */
export function withComputePrerequisites(fragments: readonly EmitFragment[]): EmitFragment[] {
  const prerequisites = fragments
    .flatMap((f) => f.resources)
    .filter((r) => r.scope === undefined && PREREQUISITE_TYPES.has(r.type.toLowerCase()))
    .map(declaredIdExpr);
  if (prerequisites.length === 0) return [...fragments];
  return fragments.map((f) => ({
    ...f,
    resources: f.resources.map((r) =>
      r.type.toLowerCase() === COMPUTE ? { ...r, dependsOn: [...new Set([...(r.dependsOn ?? []), ...prerequisites])].sort() } : r,
    ),
  }));
}
