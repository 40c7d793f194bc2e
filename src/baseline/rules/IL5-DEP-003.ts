import { IMAGE_BUILD_IDENTITY } from '../../catalog/aml-deployment.js';
import { notApplicable, read, typeIs } from '../cond.js';
import { examples, ids } from '../examples.js';
import type { BaselineRule } from '../types.js';

const COMPUTE = 'Microsoft.MachineLearningServices/workspaces/computes';
const WORKSPACE = 'Microsoft.MachineLearningServices/workspaces';
const REGISTRY = 'Microsoft.ContainerRegistry/registries';

export const rule: BaselineRule = {
  id: 'IL5-DEP-003',
  name: 'IL5.MachineLearning.ImageBuildClusterIdentity',
  synopsis: "A workspace whose container registry keeps its admin user off builds images (imageBuildCompute) on a cluster that has a managed identity.",
  rationale:
    'A registry behind a VNet makes Azure ML build environment images on a compute cluster. With the admin user off (as IL5 wants), the cluster pulls and pushes with its own managed identity, which needs AcrPull and AcrPush on the registry; without an identity every environment build fails.',
  severity: 'medium',
  runbookStep: 'C',
  controls: ['IA-2', 'AC-6'],
  resourceTypes: [WORKSPACE],
  reads: [REGISTRY, COMPUTE],
  effect: 'audit',
  remediation: {
    property: 'properties.imageBuildCompute',
    text: 'Give the image-build cluster a managed identity (identity.type UserAssigned or SystemAssigned) and grant it AcrPull and AcrPush on the registry (il5ml plan does this).',
  },
  links: [IMAGE_BUILD_IDENTITY.source.url],
  example: [
    { ...examples.workspace(), properties: { ...(examples.workspace().properties as Record<string, unknown>), imageBuildCompute: 'cpu-cluster' } },
    { ...examples.compute(), identity: { type: 'UserAssigned', userAssignedIdentities: { [`${ids.workspace.replace(/\/providers\/.*$/, '')}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-imagebuild`]: {} } } },
    examples.registry(),
  ],
  evaluate(r, all) {
    if (!typeIs(r, WORKSPACE)) return notApplicable(r, 'an Azure ML workspace');
    const build = read(r, 'properties.imageBuildCompute');
    if (build.kind === 'unknown') return { compliance: 'Unknown', reason: `properties.imageBuildCompute is unknown until deployment (${build.reason})` };
    if (build.kind !== 'value' || String(build.value) === '') return { compliance: 'NotApplicable', reason: `${r.name} builds no images on a cluster (no imageBuildCompute)` };
    const registryRef = read(r, 'properties.containerRegistry');
    const registry = registryRef.kind === 'value' ? all.byId(String(registryRef.value)) : undefined;
    if (!registry || !typeIs(registry, REGISTRY)) return { compliance: 'NotApplicable', reason: `the container registry of ${r.name} is not in the input` };
    const admin = read(registry, 'properties.adminUserEnabled');
    if (admin.kind === 'unknown') return { compliance: 'Unknown', reason: `properties.adminUserEnabled of ${registry.name} is unknown until deployment (${admin.reason})` };
    if (admin.kind === 'value' && String(admin.value).toLowerCase() === 'true') {
      return { compliance: 'NotApplicable', reason: `${registry.name} has its admin user on (IL5-ACR-004 judges that)` };
    }
    const cluster = all.byId(`${r.id}/computes/${String(build.value)}`);
    if (!cluster || !typeIs(cluster, COMPUTE)) {
      return { compliance: 'NonCompliant', reason: `${r.name} builds images on ${String(build.value)}, which the input does not declare` };
    }
    const type = read(cluster, 'identity.type');
    if (type.kind === 'unknown') return { compliance: 'Unknown', reason: `identity.type of ${cluster.name} is unknown until deployment (${type.reason})` };
    if (type.kind !== 'value' || String(type.value).toLowerCase() === 'none') {
      return { compliance: 'NonCompliant', reason: `${r.name} builds images on ${cluster.name}, which has no managed identity while the admin user of ${registry.name} is off` };
    }
    return { compliance: 'Compliant', reason: `${r.name} builds images on ${cluster.name} with managed identity ${String(type.value)}` };
  },
};
