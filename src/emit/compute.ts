import { IMAGE_BUILD_IDENTITY, INSTANCE_ON_BEHALF } from '../catalog/aml-deployment.js';
import { RUNBOOK_DEVIATIONS } from '../catalog/runbook-deviations.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { childName, displayName, expr, lit, referenceFragment, resource, resourceIdExpr, resourceIdFragment, roleDefinitionIdExpr } from './arm.js';
import { ROLES, type BuiltInRole } from './roles.js';
import { subnetIdExpr } from './network.js';
import { workspaceIdExpr } from './workspace.js';
import type { EmitFragment, Emitter } from './types.js';

/** The template output carrying the compute instance's deployed name. */
export const COMPUTE_INSTANCE_OUTPUT = 'computeInstanceName';

/** The image-build cluster's own identity (IMAGE_BUILD_IDENTITY): AcrPull and AcrPush on the registry, nothing else. */
export function imageBuildIdentityName(spec: Spec): string {
  return `${spec.prefix}-id-imagebuild`;
}

const UAI = 'Microsoft.ManagedIdentity/userAssignedIdentities';
const REGISTRY = 'Microsoft.ContainerRegistry/registries';

function registryRoleAssignmentName(spec: Spec, role: BuiltInRole): string {
  const n = resourceNames(spec);
  return `guid(${resourceIdFragment(REGISTRY, n.registry)}, ${resourceIdFragment(UAI, imageBuildIdentityName(spec))}, ${lit(role.guid)})`;
}

/** The identity and its two role assignments on the registry; the cluster waits for all three. */
function imageBuildIdentity(spec: Spec): { resources: ReturnType<typeof resource>[]; ids: string[] } {
  const n = resourceNames(spec);
  const name = imageBuildIdentityName(spec);
  const uaiId = resourceIdExpr(UAI, name);
  const registryId = resourceIdExpr(REGISTRY, n.registry);
  const roles = [ROLES.acrPull, ROLES.acrPush];
  const assignments = roles.map((role) =>
    resource(spec, {
      type: 'Microsoft.Authorization/roleAssignments',
      name: expr(registryRoleAssignmentName(spec, role)),
      location: 'none',
      scope: registryId,
      properties: {
        roleDefinitionId: roleDefinitionIdExpr(role.guid),
        principalId: expr(`${referenceFragment(UAI, [name])}.principalId`),
        principalType: 'ServicePrincipal',
        description: `${name}: ${role.why}`,
      },
      dependsOn: [registryId, uaiId],
    }),
  );
  const assignmentIds = roles.map((role) => expr(`extensionResourceId(${resourceIdFragment(REGISTRY, n.registry)}, 'Microsoft.Authorization/roleAssignments', ${registryRoleAssignmentName(spec, role)})`));
  return { resources: [resource(spec, { type: UAI, name }), ...assignments], ids: [uaiId, ...assignmentIds] };
}

/** "1900" -> { hour: 19, minute: 0 }; the spec's validation guarantees HHmm. */
export function parseHhmm(hhmm: string): { hour: number; minute: number } {
  const m = /^([01]\d|2[0-3])([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`internal: time ${hhmm} is not HHmm`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/**
 * Steps C and E: the compute cluster and the compute instance, created with the workspace (the runbook
 * clicks them in studio from the jump box) and without public IPs (step E), in the Training subnet.
 */
export const computeEmitter: Emitter = (spec: Spec): EmitFragment => {
  const n = resourceNames(spec);
  const c = spec.compute.cluster;
  const i = spec.compute.instance;
  const stop = parseHhmm(spec.jumpBox.autoShutdown.time);
  // spec.jumpBox.autoShutdown is the spec's one daily shutdown time; it applies to the instance too.
  const dailyStop = spec.jumpBox.autoShutdown.enabled;
  const wsId = workspaceIdExpr(spec);
  const build = imageBuildIdentity(spec);
  const buildIdentityId = resourceIdExpr(UAI, imageBuildIdentityName(spec));
  const resources = [
    ...build.resources,
    resource(spec, {
      type: 'Microsoft.MachineLearningServices/workspaces/computes',
      name: childName(n.workspace, n.cluster),
      // The workspace builds images here (imageBuildCompute); with the registry admin user off, the cluster
      // pulls and pushes with this identity (IMAGE_BUILD_IDENTITY).
      identity: { type: 'UserAssigned', userAssignedIdentities: { [buildIdentityId]: {} } },
      properties: {
        computeType: 'AmlCompute',
        description: 'Training jobs and image builds (imageBuildCompute); no public IP.',
        // Entra ID only: no SSH keys or passwords on the nodes.
        disableLocalAuth: true,
        properties: {
          osType: 'Linux',
          vmSize: c.vmSize,
          vmPriority: 'Dedicated',
          scaleSettings: { minNodeCount: c.minNodes, maxNodeCount: c.maxNodes, nodeIdleTimeBeforeScaleDown: c.idleBeforeScaleDown },
          subnet: { id: subnetIdExpr(spec, 'training') },
          enableNodePublicIp: false,
          remoteLoginPortPublicAccess: 'Disabled',
        },
      },
      dependsOn: [wsId, ...build.ids],
    }),
    resource(spec, {
      type: 'Microsoft.MachineLearningServices/workspaces/computes',
      name: childName(n.workspace, n.instance),
      properties: {
        computeType: 'ComputeInstance',
        description: 'Notebooks; no public IP, stopped daily and when idle.',
        disableLocalAuth: true,
        properties: {
          vmSize: i.vmSize,
          subnet: { id: subnetIdExpr(spec, 'training') },
          enableNodePublicIp: false,
          applicationSharingPolicy: 'Personal',
          ...(i.assignedUser ? { personalComputeInstanceSettings: { assignedUser: { objectId: i.assignedUser.objectId, tenantId: i.assignedUser.tenantId } } } : {}),
          sshSettings: { sshPublicAccess: 'Disabled' },
          // Idle shutdown (idleTimeBeforeShutdown) is not in any GA API version of the resource; deploy.sh
          // sets it after creation. A daily stop at the spec's shutdown time is the declared backstop.
          ...(dailyStop
            ? {
                schedules: {
                  computeStartStop: [
                    {
                      action: 'Stop',
                      status: 'Enabled',
                      triggerType: 'Recurrence',
                      recurrence: {
                        frequency: 'Day',
                        interval: 1,
                        timeZone: spec.jumpBox.autoShutdown.timeZone,
                        schedule: { hours: [stop.hour], minutes: [stop.minute] },
                      },
                    },
                  ],
                },
              }
            : {}),
        },
      },
      dependsOn: [wsId],
    }),
  ];
  return {
    step: 'E',
    resources,
    // The instance name may be derived at deployment (<prefix>-ci<uniqueString>); deploy.sh reads it here.
    outputs: { [COMPUTE_INSTANCE_OUTPUT]: { type: 'string', value: n.instance } },
    notes: [
      {
        step: 'E',
        what: `Compute cluster ${n.cluster} (${c.vmSize}, ${c.minNodes}-${c.maxNodes} nodes, scale down after ${c.idleBeforeScaleDown} idle) in Training, no public IP, no SSH`,
        why: 'Minimum 0 nodes costs nothing when idle (runbook step C); without public IPs the nodes are unreachable from the internet (step E).',
      },
      {
        step: 'C',
        what: `Managed identity ${imageBuildIdentityName(spec)} on ${n.cluster}, with ${IMAGE_BUILD_IDENTITY.roles.join(' and ')} on ${displayName(n.registry)}`,
        why: `The workspace builds environment images on ${n.cluster} because the registry is behind the VNet; with the registry admin user off, the cluster pulls and pushes as this identity (${IMAGE_BUILD_IDENTITY.source.url}). The cluster is created after both grants.`,
      },
      {
        step: 'E',
        what: `${n.cluster} and the compute instance wait for what the plan declares of: the private endpoints, their DNS zone groups, the zones' VNet links, the route table and the firewall with its rules`,
        why: 'Compute in a VNet-isolated workspace provisions through the workspace private endpoint, resolves the workspace, storage, vault and registry through the private DNS zones and sends its traffic to the firewall; created earlier, it fails to provision or never reports.',
      },
      {
        step: 'E',
        what: `Compute instance ${displayName(n.instance)} (${i.vmSize}) in Training, no public IP, no SSH; ${dailyStop ? `stops daily at ${spec.jumpBox.autoShutdown.time} (${spec.jumpBox.autoShutdown.timeZone}) and ` : ''}stops after ${i.idleShutdownAfter} idle (set by deploy.sh)`,
        why: i.assignedUser
          ? `Created on behalf of object ID ${i.assignedUser.objectId} (tenant ${i.assignedUser.tenantId}, compute.instance.assignedUser): only that user can use it. The runbook warns that a running instance keeps charging.`
          : `compute.instance.assignedUser is not set, so the identity that runs deploy.sh owns the instance and only it can use the instance; set the data scientist's object and tenant IDs to create it on their behalf (${INSTANCE_ON_BEHALF.source.url}). The runbook warns that a running instance keeps charging.`,
      },
      {
        step: 'E',
        what: 'No inbound NSG rules for ports 29876-29877 (BatchNodeManagement) or 44224 (AzureMachineLearning)',
        why: 'Only compute with public IPs needed them, and Batch retired classic node communication on 2026-03-31. The VirtualNetwork and AzureLoadBalancer traffic the runbook asks to allow for no-public-IP compute is allowed by the NSG default rules.',
      },
    ],
    deviations: [RUNBOOK_DEVIATIONS.imageBuildIdentity, RUNBOOK_DEVIATIONS.computeInTemplate, RUNBOOK_DEVIATIONS.computeNoPublicIp, RUNBOOK_DEVIATIONS.computeInboundRules],
  };
};
