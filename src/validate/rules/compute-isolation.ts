import type { Diagnostic } from '../../core/diagnostic.js';
import { ISOLATED_SIZE_EXAMPLES, ISOLATED_VM_SIZES_SOURCE, isIsolatedSize } from '../../catalog/vm-isolation.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'compute-isolation';

/**
 * compute.isolation isolatedSize: the cluster and the instance, which process the IL5 data, use an isolated VM size
 * (one customer per physical server: src/catalog/vm-isolation.ts), as the IL5 guidance asks for VMs in Government
 * regions. A size Microsoft does not list as isolated contradicts the spec's own isolatedSize: an error, so that
 * the plan never claims an isolation it does not deploy. The way out is in the spec: an isolated size, or
 * compute.isolation shared, which plan.md records as an open risk. A size isolated after il5ml's catalog was read
 * is refused until the catalog lists it.
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
          finding(
            loaded,
            ID,
            'error',
            ['compute', key, 'vmSize'],
            `${size} is not an isolated VM size (${ISOLATED_VM_SIZES_SOURCE.url}, read ${ISOLATED_VM_SIZES_SOURCE.read}): with compute.isolation isolatedSize the ${key} would share its server with other customers`,
            `set compute.${key}.vmSize to an isolated size, e.g. ${ISOLATED_SIZE_EXAMPLES.join(' or ')}, or compute.isolation: shared to accept the risk (plan.md records it)`,
          ),
        );
      }
    }
    return out;
  },
};
