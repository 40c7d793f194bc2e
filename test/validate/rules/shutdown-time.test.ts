import { describe, expect, it } from 'vitest';
import { WINDOWS_TIME_ZONE_IDS } from '../../../src/catalog/time-zones.js';
import { closestTimeZones, rule } from '../../../src/validate/rules/shutdown-time.js';
import { loadSpec } from '../../../src/spec/load.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Microsoft.DevTestLab/schedules dailyRecurrence.time: "HHmm" (ARM template reference); timeZoneId and the
// compute instance schedule's timeZone: Windows time zone IDs (src/catalog/time-zones.ts).
const yaml = (t: string) => `jumpBox:\n  autoShutdown:\n    time: ${t}\n`;
const tz = (z: string) => `jumpBox:\n  autoShutdown:\n    timeZone: ${z}\n`;
const notAnId = (z: string) => `"${z}" is not a Windows time zone ID: the jump box's shutdown schedule (timeZoneId) and the compute instance's daily stop (timeZone) take nothing else`;
const msg = (t: string) => `"${t}" is not a time of day in HHmm form (0000-2359)`;
const cases: RuleCase[] = [
  { name: '"1900" (the default)', yaml: yaml('"1900"'), expected: [] },
  { name: '"0000"', yaml: yaml('"0000"'), expected: [] },
  { name: '"2359"', yaml: yaml('"2359"'), expected: [] },
  { name: '"2400"', yaml: yaml('"2400"'), expected: [{ severity: 'error', line: 3, column: 11, message: msg('2400'), fix: 'write a 24-hour time as four digits in quotes, e.g. "1900"' }] },
  { name: '"1960"', yaml: yaml('"1960"'), expected: [{ severity: 'error', line: 3, column: 11, message: msg('1960') }] },
  { name: '"19:00": the fix drops the colon', yaml: yaml('"19:00"'), expected: [{ severity: 'error', line: 3, column: 11, message: msg('19:00'), fix: 'write "1900" (HHmm, quoted)' }] },
  { name: '"7:30": the fix pads the hour', yaml: yaml('"7:30"'), expected: [{ severity: 'error', line: 3, column: 11, message: msg('7:30'), fix: 'write "0730" (HHmm, quoted)' }] },
  { name: 'not checked when auto-shutdown is off', yaml: 'jumpBox:\n  autoShutdown:\n    enabled: false\n    time: "99"\n', expected: [] },
  {
    name: 'an empty time zone',
    yaml: 'jumpBox:\n  autoShutdown:\n    timeZone: ""\n',
    expected: [{ severity: 'error', line: 3, column: 15, message: 'the auto-shutdown time zone is empty', fix: 'write a Windows time zone ID, e.g. "Eastern Standard Time"' }],
  },
  { name: 'Eastern Standard Time (the default)', yaml: tz('Eastern Standard Time'), expected: [] },
  { name: 'UTC', yaml: tz('UTC'), expected: [] },
  { name: 'US Mountain Standard Time (Arizona)', yaml: tz('US Mountain Standard Time'), expected: [] },
  { name: 'Turkey Standard Time, the ID (not the display form Türkiye)', yaml: tz('Turkey Standard Time'), expected: [] },
  {
    name: "EST (the tester's case): an error at the key, the fix names the Windows ID",
    yaml: tz('EST'),
    expected: [{ severity: 'error', line: 3, column: 15, message: notAnId('EST'), fix: 'write "Eastern Standard Time" (UTC-05:00) Eastern Time (US & Canada)' }],
  },
  {
    name: 'an IANA name: its Windows ID',
    yaml: tz('America/Los_Angeles'),
    expected: [{ severity: 'error', line: 3, column: 15, message: notAnId('America/Los_Angeles'), fix: 'write "Pacific Standard Time" (UTC-08:00) Pacific Time (US & Canada)' }],
  },
  {
    name: 'a typo: the nearest ID',
    yaml: tz('Centrl Standard Time'),
    expected: [{ severity: 'error', line: 3, column: 15, message: notAnId('Centrl Standard Time'), fix: 'write "Central Standard Time" (UTC-06:00) Central Time (US & Canada)' }],
  },
  {
    name: 'the right ID in other case: written as Windows writes it',
    yaml: tz('eastern standard time'),
    expected: [{ severity: 'error', line: 3, column: 15, message: '"eastern standard time" is not written as the Windows time zone ID "Eastern Standard Time"', fix: 'write "Eastern Standard Time" (UTC-05:00) Eastern Time (US & Canada)' }],
  },
  {
    name: 'nothing close: the fix points at the list',
    yaml: tz('Mars'),
    expected: [{ severity: 'error', line: 3, column: 15, message: notAnId('Mars'), fix: 'write a Windows time zone ID, e.g. "Eastern Standard Time" (the list: https://learn.microsoft.com/azure/azure-sql/managed-instance/timezones-overview#list-of-supported-time-zones)' }],
  },
  {
    name: 'checked without a jump box: the compute instance stops daily in that zone too',
    yaml: 'jumpBox:\n  enabled: false\n  autoShutdown:\n    timeZone: PST\n',
    expected: [{ severity: 'error', line: 4, column: 15, message: notAnId('PST') }],
  },
  { name: 'not checked when auto-shutdown is off (no schedule takes it)', yaml: 'jumpBox:\n  autoShutdown:\n    enabled: false\n    timeZone: EST\n', expected: [] },
];

describe('rule shutdown-time', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));

  it('every catalog ID is accepted, and is its own closest ID', () => {
    for (const id of WINDOWS_TIME_ZONE_IDS) {
      expect(rule.check(loadSpec(tz(`"${id}"`), 'spec.yaml')), id).toEqual([]);
      expect(closestTimeZones(id)).toEqual([id]);
    }
    expect(new Set(WINDOWS_TIME_ZONE_IDS).size).toBe(WINDOWS_TIME_ZONE_IDS.length);
  });
});
