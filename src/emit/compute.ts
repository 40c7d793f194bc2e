import { RUNBOOK_DEVIATIONS } from '../catalog/runbook-deviations.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { childName, displayName, resource } from './arm.js';
import { subnetIdExpr } from './network.js';
import { workspaceIdExpr } from './workspace.js';
import type { EmitFragment, Emitter } from './types.js';

/** The template output carrying the compute instance's deployed name. */
export const COMPUTE_INSTANCE_OUTPUT = 'computeInstanceName';

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
  const resources = [
    resource(spec, {
      type: 'Microsoft.MachineLearningServices/workspaces/computes',
      name: childName(n.workspace, n.cluster),
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
      dependsOn: [wsId],
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
        step: 'E',
        what: `Compute instance ${displayName(n.instance)} (${i.vmSize}) in Training, no public IP, no SSH; ${dailyStop ? `stops daily at ${spec.jumpBox.autoShutdown.time} (${spec.jumpBox.autoShutdown.timeZone}) and ` : ''}stops after ${i.idleShutdownAfter} idle (set by deploy.sh)`,
        why: 'The runbook warns that a running instance keeps charging; it is assigned to whoever runs the deployment.',
      },
      {
        step: 'E',
        what: 'No inbound NSG rules for ports 29876-29877 (BatchNodeManagement) or 44224 (AzureMachineLearning)',
        why: 'Only compute with public IPs needed them, and Batch retired classic node communication on 2026-03-31. The VirtualNetwork and AzureLoadBalancer traffic the runbook asks to allow for no-public-IP compute is allowed by the NSG default rules.',
      },
    ],
    deviations: [RUNBOOK_DEVIATIONS.computeInTemplate, RUNBOOK_DEVIATIONS.computeNoPublicIp, RUNBOOK_DEVIATIONS.computeInboundRules],
  };
};
