import type { Diagnostic } from '../../core/diagnostic.js';
import type { SpecPath } from '../../spec/load.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'vm-size';
/** Azure VM size names: Standard_ then the series and size, e.g. Standard_DS3_v2, Standard_D4s_v5, Standard_NC24ads_A100_v4. */
const VM_SIZE = /^Standard_[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*$/;

export const rule: SpecRule = {
  id: ID,
  synopsis: 'Every VM size (cluster, instance, jump box) is non-empty and of the form Standard_<size>.',
  source: 'https://learn.microsoft.com/azure/virtual-machines/vm-naming-conventions',
  check(loaded): Diagnostic[] {
    const spec = loaded.spec;
    const sizes: [string, SpecPath][] = [
      [spec.compute.cluster.vmSize, ['compute', 'cluster', 'vmSize']],
      [spec.compute.instance.vmSize, ['compute', 'instance', 'vmSize']],
    ];
    if (spec.jumpBox.enabled) sizes.push([spec.jumpBox.vmSize, ['jumpBox', 'vmSize']]);
    const out: Diagnostic[] = [];
    for (const [size, path] of sizes) {
      if (size.trim() === '') {
        out.push(finding(loaded, ID, 'error', path, 'the VM size is empty', 'write a size available in the region, e.g. Standard_DS3_v2 (az vm list-skus --location usgovvirginia)'));
      } else if (!VM_SIZE.test(size)) {
        const fixed = /^standard_/i.test(size) ? `Standard_${size.slice('standard_'.length)}` : `Standard_${size}`;
        out.push(finding(loaded, ID, 'error', path, `"${size}" is not a VM size name (they read Standard_<series><size>, e.g. Standard_DS3_v2)`, `write the full size name, e.g. "${fixed.replace(/\s+/g, '')}"`));
      }
    }
    return out;
  },
};
