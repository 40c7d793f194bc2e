import type { Diagnostic } from '../../core/diagnostic.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'key-size';
const PATH = ['keyVault', 'key', 'size'] as const;
/** Azure Storage encryption accepts RSA and RSA-HSM keys of these sizes (the runbook, step C). */
export const RSA_KEY_SIZES = [2048, 3072, 4096] as const;

export const rule: SpecRule = {
  id: ID,
  synopsis: 'keyVault.key.size is 2048, 3072 or 4096.',
  source: 'https://learn.microsoft.com/azure/storage/common/customer-managed-keys-overview#customer-managed-keys-for-azure-storage',
  check(loaded): Diagnostic[] {
    const size = loaded.spec.keyVault.key.size;
    if ((RSA_KEY_SIZES as readonly number[]).includes(size)) return [];
    return [
      finding(loaded, ID, 'error', PATH, `RSA key size ${size} is not accepted: customer-managed keys for storage, the workspace and disks are RSA 2048, 3072 or 4096`, 'set keyVault.key.size to 3072 (or 2048 or 4096)'),
    ];
  },
};
