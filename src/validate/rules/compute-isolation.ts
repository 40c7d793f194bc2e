import type { Diagnostic } from '../../core/diagnostic.js';
import { finding, type SpecRule } from '../rule.js';
import { ISOLATED_SIZES, isIsolatedSize } from './jumpbox-isolation.js';

const ID = 'compute-isolation';

/**
 * compute.isolation isolatedSize: the cluster and the instance, which process the IL5 data, use an isolated VM size
 * (one customer per physical server: https://learn.microsoft.com/azure/virtual-machines/isolation), as the IL5
 * guidance asks for VMs in Government regions. A warning, as for the jump box: the list changes faster than
 * il5ml. The default (shared) is a risk decision recorded in plan.md.
 */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'With compute.isolation isolatedSize, compute.cluster.vmSize and compute.instance.vmSize are listed isolated sizes.',
  source: 'https://learn.microsoft.com/azure/azure-government/documentation-government-impact-level-5#compute',
  check(loaded): Diagnostic[] {
    const c = loaded.spec.compute;
    if (c.isolation !== 'isolatedSize') return [];
    const out: Diagnostic[] = [];
    for (const key of ['cluster', 'instance'] as const) {
      const size = c[key].vmSize;
      if (!isIsolatedSize(size)) {
        out.push(
          finding(loaded, ID, 'warning', ['compute', key, 'vmSize'], `${size} is not a known isolated VM size; with compute.isolation isolatedSize the ${key} must not share its server`, `use an isolated size (e.g. ${ISOLATED_SIZES.join(', ')})`),
        );
      }
    }
    return out;
  },
};
