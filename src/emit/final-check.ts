import { RUNBOOK_DEVIATIONS } from '../catalog/runbook-deviations.js';
import type { Spec } from '../spec/schema.js';
import type { EmitFragment, Emitter } from './types.js';

/**
 * Step G: the runbook's final check against the IL5 policies. It creates nothing; it records which
 * policy definitions the plan is built to satisfy and the one the runbook names that is out of date.
 */
export const finalCheckEmitter: Emitter = (spec: Spec): EmitFragment => ({
  step: 'G',
  resources: [],
  notes: [
    {
      step: 'G',
      what: 'Built to pass the DoD Impact Level 5 initiative for Azure Government (version 19.15.0): private link and customer-managed keys for the workspace, Key Vault soft delete, purge protection, firewall and resource logs, storage and registry private link and customer-managed keys, encryption at host',
      why: spec.posture.publicNetworkAccess
        ? 'posture.publicNetworkAccess is true: public network access is ON, which the IL5 initiative flags; it needs an exemption.'
        : 'Public network access is disabled on workspace, storage, key vault and registry, as the initiative expects.',
    },
  ],
  deviations: [RUNBOOK_DEVIATIONS.workspacePrivateLinkPolicy],
});
