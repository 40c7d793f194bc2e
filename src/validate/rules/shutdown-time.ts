import type { Diagnostic } from '../../core/diagnostic.js';
import { TIME_ZONE_ALIASES, WINDOWS_TIME_ZONES, WINDOWS_TIME_ZONES_SOURCE, WINDOWS_TIME_ZONE_IDS } from '../../catalog/time-zones.js';
import { suggest } from '../../spec/suggest.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'shutdown-time';

/**
 * jumpBox.autoShutdown is the plan's one daily stop: the jump box's Microsoft.DevTestLab/schedules
 * (dailyRecurrence.time "HHmm", timeZoneId) and the compute instance's computeStartStop schedule (hours and
 * minutes, timeZone), the latter with or without a jump box. Both take a Windows time zone ID ("Eastern Standard
 * Time"), not an abbreviation or an IANA name: src/catalog/time-zones.ts, with the sources.
 */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'jumpBox.autoShutdown.time is HHmm (0000-2359) and timeZone is a Windows time zone ID.',
  source: 'https://learn.microsoft.com/azure/templates/microsoft.devtestlab/schedules',
  check(loaded): Diagnostic[] {
    const auto = loaded.spec.jumpBox.autoShutdown;
    if (!auto.enabled) return [];
    const out: Diagnostic[] = [];
    const time = auto.time;
    if (!/^([01]\d|2[0-3])[0-5]\d$/.test(time)) {
      const hhmm = /^(\d{1,2}):(\d{2})$/.exec(time);
      const fix = hhmm ? `write "${(hhmm[1] ?? '').padStart(2, '0')}${hhmm[2] ?? ''}" (HHmm, quoted)` : 'write a 24-hour time as four digits in quotes, e.g. "1900"';
      out.push(finding(loaded, ID, 'error', ['jumpBox', 'autoShutdown', 'time'], `"${time}" is not a time of day in HHmm form (0000-2359)`, fix));
    }
    const zone = auto.timeZone;
    const path = ['jumpBox', 'autoShutdown', 'timeZone'];
    if (zone.trim() === '') {
      out.push(finding(loaded, ID, 'error', path, 'the auto-shutdown time zone is empty', 'write a Windows time zone ID, e.g. "Eastern Standard Time"'));
    } else if (!WINDOWS_TIME_ZONE_IDS.includes(zone)) {
      const near = closestTimeZones(zone);
      const named = near.map((id) => `"${id}" ${displayName(id)}`).join(' or ');
      out.push(
        finding(
          loaded,
          ID,
          'error',
          path,
          near.length === 1 && near[0]?.toLowerCase() === zone.trim().toLowerCase()
            ? `"${zone}" is not written as the Windows time zone ID "${near[0]}"`
            : `"${zone}" is not a Windows time zone ID: the jump box's shutdown schedule (timeZoneId) and the compute instance's daily stop (timeZone) take nothing else`,
          near.length > 0 ? `write ${named}` : `write a Windows time zone ID, e.g. "Eastern Standard Time" (the list: ${WINDOWS_TIME_ZONES_SOURCE.url})`,
        ),
      );
    }
    return out;
  },
};

function displayName(id: string): string {
  return WINDOWS_TIME_ZONES.find(([z]) => z === id)?.[1] ?? '';
}

/**
 * The Windows IDs closest to what was written: the same ID in other case or with spaces around it, the ID an
 * abbreviation or IANA name stands for (EST, America/New_York), else the nearest by edit distance; none when
 * nothing is close.
 */
export function closestTimeZones(written: string): string[] {
  const t = written.trim().toLowerCase();
  const same = WINDOWS_TIME_ZONE_IDS.find((id) => id.toLowerCase() === t);
  if (same) return [same];
  const alias = TIME_ZONE_ALIASES[t];
  if (alias) return [alias];
  return suggest(written, WINDOWS_TIME_ZONE_IDS);
}
