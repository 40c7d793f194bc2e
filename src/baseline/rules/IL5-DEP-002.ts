import { COMPUTE_PREREQUISITES } from '../../catalog/aml-deployment.js';
import { notApplicable, readArray, typeIs } from '../cond.js';
import { dependsOnClosure, fromTemplate } from '../deploy-order.js';
import { examples, ids } from '../examples.js';
import type { BaselineRule } from '../types.js';

const COMPUTE = 'Microsoft.MachineLearningServices/workspaces/computes';
const PE = 'Microsoft.Network/privateEndpoints';
const ZONE_GROUP = 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups';

/**
 * The private endpoints of the input that connect to `target` (privateLinkServiceConnections, manual ones
 * too), in input order: one walk over them per input (memoized), not one per compute (issue 12).
 */
function endpointsOf(target: string, all: Parameters<BaselineRule['evaluate']>[1]): string[] {
  // The endpoints' ids, by the lower-case id of each target they connect to (once per endpoint).
  const byTarget = all.table<string>('IL5-DEP-002:endpoints-by-target', (put) => {
    for (const pe of all.ofType(PE)) {
      const targets = new Set<string>();
      for (const path of ['properties.privateLinkServiceConnections', 'properties.manualPrivateLinkServiceConnections']) {
        const conns = readArray(pe, path);
        if (!('items' in conns)) continue;
        for (const c of conns.items) targets.add(String((c as { properties?: { privateLinkServiceId?: unknown } })?.properties?.privateLinkServiceId ?? '').toLowerCase());
      }
      for (const t of targets) put(t, pe.id);
    }
  });
  return byTarget.get(target);
}

export const rule: BaselineRule = {
  id: 'IL5-DEP-002',
  name: 'IL5.MachineLearning.ComputeWaitsForWorkspaceEndpoint',
  synopsis: "In a template, an Azure ML compute waits (dependsOn, directly or not) for its workspace's private endpoints and their private DNS zone groups.",
  rationale:
    'Compute in a VNet-isolated workspace provisions through the workspace private endpoint and resolves the workspace through its private DNS zone. Created before them, the compute instance or cluster fails to provision, or its nodes never report to the workspace; the deployment fails where no network rule is wrong.',
  severity: 'medium',
  runbookStep: 'E',
  controls: ['CM-2', 'SC-7'],
  resourceTypes: [COMPUTE],
  reads: [PE, ZONE_GROUP],
  readsDependsOn: true,
  effect: 'audit',
  remediation: {
    property: 'dependsOn',
    text: "Add the workspace's private endpoint and its privateDnsZoneGroups (and the route table and firewall the subnet uses) to the compute's dependsOn (il5ml plan does this).",
  },
  links: COMPUTE_PREREQUISITES.sources.map((s) => s.url),
  example: [
    { ...examples.compute(), dependsOn: [ids.workspace, `${examples.privateEndpoint('pe-mlw', ids.workspace, 'amlworkspace').id}`, examples.zoneGroup('pe-mlw', 'privatelink.api.ml.azure.us').id] },
    examples.privateEndpoint('pe-mlw', ids.workspace, 'amlworkspace'),
    examples.zoneGroup('pe-mlw', 'privatelink.api.ml.azure.us'),
  ],
  evaluate(r, all) {
    if (!typeIs(r, COMPUTE)) return notApplicable(r, 'an Azure ML compute');
    if (!fromTemplate(r)) return { compliance: 'NotApplicable', reason: `${r.name} did not come from a template: deployment order applies to templates only` };
    const workspace = r.id.replace(/\/computes\/[^/]+$/i, '');
    const endpoints = endpointsOf(workspace, all);
    if (endpoints.length === 0) return { compliance: 'NotApplicable', reason: `the input declares no private endpoint of workspace ${workspace.split('/').pop() ?? workspace}` };
    const needed = [...endpoints, ...endpoints.flatMap((pe) => all.childrenOf(pe, ZONE_GROUP).map((z) => z.id))];
    const waits = dependsOnClosure(r, all);
    const missing = needed.filter((id) => !waits.has(id.toLowerCase()));
    if (missing.length > 0) {
      return { compliance: 'NonCompliant', reason: `${r.name} does not wait for ${missing.map((id) => id.split('/providers/').pop() ?? id).join(', ')}` };
    }
    return { compliance: 'Compliant', reason: `${r.name} waits for the workspace's ${endpoints.length} private endpoint(s) and their zone groups` };
  },
};
