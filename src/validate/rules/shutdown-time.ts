import type { Diagnostic } from '../../core/diagnostic.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'shutdown-time';

/**
 * Microsoft.DevTestLab/schedules dailyRecurrence.time is "HHmm" (24-hour, e.g. "1900"), and the time
 * zone a Windows time zone id ("Eastern Standard Time"). The runbook sets it in the portal.
 */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'jumpBox.autoShutdown.time is HHmm (0000-2359) and timeZone is not empty.',
  source: 'https://learn.microsoft.com/azure/templates/microsoft.devtestlab/schedules',
  check(loaded): Diagnostic[] {
    const jb = loaded.spec.jumpBox;
    if (!jb.enabled || !jb.autoShutdown.enabled) return [];
    const out: Diagnostic[] = [];
    const time = jb.autoShutdown.time;
    if (!/^([01]\d|2[0-3])[0-5]\d$/.test(time)) {
      const hhmm = /^(\d{1,2}):(\d{2})$/.exec(time);
      const fix = hhmm ? `write "${(hhmm[1] ?? '').padStart(2, '0')}${hhmm[2] ?? ''}" (HHmm, quoted)` : 'write a 24-hour time as four digits in quotes, e.g. "1900"';
      out.push(finding(loaded, ID, 'error', ['jumpBox', 'autoShutdown', 'time'], `"${time}" is not a time of day in HHmm form (0000-2359)`, fix));
    }
    if (jb.autoShutdown.timeZone.trim() === '') {
      out.push(finding(loaded, ID, 'error', ['jumpBox', 'autoShutdown', 'timeZone'], 'the auto-shutdown time zone is empty', 'write a Windows time zone id, e.g. "Eastern Standard Time"'));
    }
    return out;
  },
};
