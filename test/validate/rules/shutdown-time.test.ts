import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/shutdown-time.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Microsoft.DevTestLab/schedules dailyRecurrence.time: "HHmm" (ARM template reference).
const yaml = (t: string) => `jumpBox:\n  autoShutdown:\n    time: ${t}\n`;
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
    expected: [{ severity: 'error', line: 3, column: 15, message: 'the auto-shutdown time zone is empty', fix: 'write a Windows time zone id, e.g. "Eastern Standard Time"' }],
  },
];

describe('rule shutdown-time', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
