import type { Diagnostic } from '../../core/diagnostic.js';
import { DEDICATED_HOST_SERIES_SOURCE, ISOLATED_SIZE_EXAMPLES, ISOLATED_VM_SIZES_SOURCE, hostRuns, isIsolatedSize } from '../../catalog/vm-isolation.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'jumpbox-isolation';

/**
 * IL5 in Azure Government: a VM runs on Azure Dedicated Host or an isolated VM size (the Azure Government IL5
 * isolation guidance). Both are checked against src/catalog/vm-isolation.ts, and a contradiction in the spec is
 * an error, fixed in the spec rather than found at deployment:
 * - dedicatedHost: the host SKU reads <family>-Type<n>, and a host runs only VMs of its series ("You can only
 *   deploy VMs of the VM series that the Dedicated Host SKU specifies"): Azure refuses the jump box on a host of
 *   another series.
 * - isolatedSize: the size is one Microsoft lists as isolated (one customer per server); another size shares its
 *   server with other customers, which is what isolatedSize says the jump box does not do. A size isolated after
 *   il5ml's catalog was read is refused until the catalog lists it; isolation dedicatedHost stays open meanwhile.
 */

/** Standard_D4s_v5 -> "Dsv5"; Standard_E8ds_v5 -> "Edsv5"; undefined when the name has another shape. */
export function vmFamily(size: string): string | undefined {
  const m = /^Standard_([A-Z]+)(\d+)([a-z]*)(?:_v(\d+))?$/.exec(size);
  if (!m) return undefined;
  return `${m[1] ?? ''}${m[3] ?? ''}${m[4] ? `v${m[4]}` : ''}`;
}

/** "a" or "an" before a name read letter by letter (an Esv5 host, a Dsv5 host). */
function article(word: string): string {
  return /^[AEFHILMNORSX]/.test(word) ? 'an' : 'a';
}

export const rule: SpecRule = {
  id: ID,
  synopsis: 'The jump box runs on a dedicated host of its size series, or on a listed isolated size.',
  source: 'https://learn.microsoft.com/azure/azure-government/documentation-government-impact-level-5',
  check(loaded): Diagnostic[] {
    const jb = loaded.spec.jumpBox;
    if (!jb.enabled) return [];
    if (jb.isolation === 'isolatedSize') {
      return isIsolatedSize(jb.vmSize)
        ? []
        : [
            finding(
              loaded,
              ID,
              'error',
              ['jumpBox', 'vmSize'],
              `${jb.vmSize} is not an isolated VM size (${ISOLATED_VM_SIZES_SOURCE.url}, read ${ISOLATED_VM_SIZES_SOURCE.read}): with jumpBox.isolation isolatedSize the jump box would share its server with other customers`,
              `use an isolated size, e.g. ${ISOLATED_SIZE_EXAMPLES.join(' or ')}, or jumpBox.isolation: dedicatedHost`,
            ),
          ];
    }
    const sku = /^([A-Za-z0-9]+)-Type(\d+)$/.exec(jb.dedicatedHostSku);
    if (!sku) {
      return [finding(loaded, ID, 'error', ['jumpBox', 'dedicatedHostSku'], `dedicated host SKU "${jb.dedicatedHostSku}" does not read <family>-Type<n>`, 'write a host SKU such as Dsv5-Type1 (az vm host list-skus is not offline; see the dedicated host pricing page)')];
    }
    const hostFamily = sku[1] ?? '';
    const family = vmFamily(jb.vmSize);
    const runs = hostRuns(hostFamily);
    if (family !== undefined && !runs.some((f) => f.toLowerCase() === family.toLowerCase())) {
      return [
        finding(
          loaded,
          ID,
          'error',
          ['jumpBox', 'dedicatedHostSku'],
          `${article(jb.dedicatedHostSku)} ${jb.dedicatedHostSku} host runs only ${runs.join(', ')} VMs, but the jump box size ${jb.vmSize} is of family ${family}: Azure does not place it on that host (${DEDICATED_HOST_SERIES_SOURCE.url})`,
          `set jumpBox.dedicatedHostSku to ${article(family)} ${family}-Type<n> host (e.g. ${family}-Type1, where the region offers it), or jumpBox.vmSize to ${article(runs[0] ?? family)} ${runs.join(' or ')} size`,
        ),
      ];
    }
    return [];
  },
};
