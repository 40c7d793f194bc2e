import type { Diagnostic } from '../../core/diagnostic.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'cluster-nodes';

/**
 * AmlCompute scale settings: 0 <= minNodeCount <= maxNodeCount, and maxNodeCount >= 1 (a cluster that
 * can never start a node runs nothing). The runbook recommends min 0 so the idle cluster costs nothing.
 */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'compute.cluster: 0 <= minNodes <= maxNodes and maxNodes >= 1.',
  source: 'https://learn.microsoft.com/azure/machine-learning/how-to-create-attach-compute-cluster',
  check(loaded): Diagnostic[] {
    const { minNodes, maxNodes } = loaded.spec.compute.cluster;
    const out: Diagnostic[] = [];
    if (minNodes < 0) {
      out.push(finding(loaded, ID, 'error', ['compute', 'cluster', 'minNodes'], `minNodes is ${minNodes}; a node count cannot be negative`, 'set compute.cluster.minNodes to 0, so that the idle cluster costs nothing'));
    }
    if (maxNodes < 1) {
      out.push(finding(loaded, ID, 'error', ['compute', 'cluster', 'maxNodes'], `maxNodes is ${maxNodes}; the cluster could never start a node`, 'set compute.cluster.maxNodes to 1 or more'));
    }
    if (minNodes > maxNodes && maxNodes >= 1) {
      out.push(finding(loaded, ID, 'error', ['compute', 'cluster', 'minNodes'], `minNodes (${minNodes}) is greater than maxNodes (${maxNodes})`, `lower compute.cluster.minNodes to at most ${maxNodes} (0 is the runbook's advice), or raise maxNodes`));
    }
    return out;
  },
};
