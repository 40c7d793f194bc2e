import type { Diagnostic } from '../../core/diagnostic.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'jumpbox-isolation';

/**
 * IL5 in Azure Government: a VM runs on Azure Dedicated Host or an isolated VM size (the issue, after
 * the Azure Government IL5 isolation guidance). Both are checked as far as offline data allows:
 * - dedicatedHost: the host SKU reads <family>-Type<n>, and a host runs only VMs of its family
 *   (a Dsv5-Type1 host runs Standard_D*s_v5 sizes): https://learn.microsoft.com/azure/virtual-machines/dedicated-hosts
 * - isolatedSize: the size is one Microsoft lists as isolated (one customer per server):
 *   https://learn.microsoft.com/azure/virtual-machines/isolation
 * Both are warnings: the lists change faster than il5ml, and Azure refuses a mismatch at deployment.
 */
export const ISOLATED_SIZES = [
  'Standard_E80ids_v4',
  'Standard_E80is_v4',
  'Standard_E104i_v5',
  'Standard_E104id_v5',
  'Standard_E104ids_v5',
  'Standard_E104is_v5',
  'Standard_E192ids_v6',
  'Standard_E192is_v6',
  'Standard_F72s_v2',
  'Standard_M128ms',
  'Standard_M192ims_v2',
  'Standard_M192is_v2',
] as const;

/** Whether a VM size is one of the listed isolated sizes (case-insensitive, as Azure compares sizes). */
export function isIsolatedSize(size: string): boolean {
  return (ISOLATED_SIZES as readonly string[]).some((s) => s.toLowerCase() === size.toLowerCase());
}

/** Standard_D4s_v5 -> "Dsv5"; Standard_E8ds_v5 -> "Edsv5"; undefined when the name has another shape. */
export function vmFamily(size: string): string | undefined {
  const m = /^Standard_([A-Z]+)(\d+)([a-z]*)(?:_v(\d+))?$/.exec(size);
  if (!m) return undefined;
  return `${m[1] ?? ''}${m[3] ?? ''}${m[4] ? `v${m[4]}` : ''}`;
}

export const rule: SpecRule = {
  id: ID,
  synopsis: 'The jump box runs on a dedicated host of its size family, or on a listed isolated size.',
  source: 'https://learn.microsoft.com/azure/azure-government/documentation-government-impact-level-5',
  check(loaded): Diagnostic[] {
    const jb = loaded.spec.jumpBox;
    if (!jb.enabled) return [];
    if (jb.isolation === 'isolatedSize') {
      return isIsolatedSize(jb.vmSize)
        ? []
        : [finding(loaded, ID, 'warning', ['jumpBox', 'vmSize'], `${jb.vmSize} is not a known isolated VM size; with isolation isolatedSize the jump box must not share its server`, `use an isolated size (e.g. ${ISOLATED_SIZES.join(', ')}), or isolation dedicatedHost`)];
    }
    const sku = /^([A-Za-z0-9]+)-Type(\d+)$/.exec(jb.dedicatedHostSku);
    if (!sku) {
      return [finding(loaded, ID, 'error', ['jumpBox', 'dedicatedHostSku'], `dedicated host SKU "${jb.dedicatedHostSku}" does not read <family>-Type<n>`, 'write a host SKU such as Dsv5-Type1 (az vm host list-skus is not offline; see the dedicated host pricing page)')];
    }
    const family = vmFamily(jb.vmSize);
    if (family !== undefined && family.toLowerCase() !== (sku[1] ?? '').toLowerCase()) {
      return [finding(loaded, ID, 'warning', ['jumpBox', 'dedicatedHostSku'], `a ${jb.dedicatedHostSku} host runs ${sku[1] ?? ''} VMs, but the jump box size ${jb.vmSize} is of family ${family}`, `use a ${family}-Type<n> host, or a ${sku[1] ?? ''} VM size`)];
    }
    return [];
  },
};
