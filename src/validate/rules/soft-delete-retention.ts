import type { Diagnostic } from '../../core/diagnostic.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'soft-delete-retention';
const PATH = ['keyVault', 'softDeleteRetentionDays'] as const;
export const MIN_DAYS = 7;
export const MAX_DAYS = 90;

/** Key Vault keeps soft-deleted vaults and objects 7 to 90 days (softDeleteRetentionInDays). */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'keyVault.softDeleteRetentionDays is between 7 and 90.',
  source: 'https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview',
  check(loaded): Diagnostic[] {
    const days = loaded.spec.keyVault.softDeleteRetentionDays;
    if (days >= MIN_DAYS && days <= MAX_DAYS) return [];
    return [
      finding(loaded, ID, 'error', PATH, `soft-delete retention of ${days} days is outside Key Vault's range of ${MIN_DAYS} to ${MAX_DAYS} days`, `set keyVault.softDeleteRetentionDays to a value from ${MIN_DAYS} to ${MAX_DAYS} (90 keeps deleted keys recoverable longest)`),
    ];
  },
};
