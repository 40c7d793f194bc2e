import type { Diagnostic } from '../../core/diagnostic.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'log-retention';
const PATH = ['monitoring', 'retentionDays'] as const;
/** Log Analytics workspace retentionInDays on the PerGB2018 tier: 30 to 730 days. */
export const MIN_DAYS = 30;
export const MAX_DAYS = 730;

export const rule: SpecRule = {
  id: ID,
  synopsis: 'monitoring.retentionDays is between 30 and 730.',
  source: 'https://learn.microsoft.com/azure/azure-monitor/logs/data-retention-configure',
  check(loaded): Diagnostic[] {
    const days = loaded.spec.monitoring.retentionDays;
    if (days >= MIN_DAYS && days <= MAX_DAYS) return [];
    return [
      finding(loaded, ID, 'error', PATH, `Log Analytics retention of ${days} days is outside the workspace's range of ${MIN_DAYS} to ${MAX_DAYS} days`, `set monitoring.retentionDays from ${MIN_DAYS} to ${MAX_DAYS} (365 keeps a year of audit logs)`),
    ];
  },
};
