import type { Diagnostic } from '../../core/diagnostic.js';
import { overlaps, parseCidr } from '../cidr.js';
import { ADDRESS_SPACE_PATH } from '../subnets.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'docker-bridge';
const DOCKER_BRIDGE = '172.17.0.0/16';

/**
 * The runbook (step A, "Important"): do not use 172.17.0.0/16 if you deploy to Azure Kubernetes
 * Service, whose Docker bridge uses it by default; the same range is docker0 on any host that runs
 * Docker. A warning, not an error: the VNet deploys, only later routing breaks.
 */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'Warns when the address space overlaps 172.17.0.0/16, the default Docker bridge.',
  source: 'https://learn.microsoft.com/azure/machine-learning/tutorial-create-secure-workspace-vnet',
  check(loaded): Diagnostic[] {
    const space = parseCidr(loaded.spec.network.addressSpace);
    const bridge = parseCidr(DOCKER_BRIDGE);
    if (!space || space.hostBitsSet || !bridge || !overlaps(space, bridge)) return [];
    return [
      finding(loaded, ID, 'warning', ADDRESS_SPACE_PATH, `the address space ${space.normalized} overlaps ${DOCKER_BRIDGE}, the default Docker bridge (docker0, and the AKS Docker bridge the runbook warns about)`, 'use a range outside 172.17.0.0/16, e.g. 172.16.0.0/16 as the runbook does'),
    ];
  },
};
