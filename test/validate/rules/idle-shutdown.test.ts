import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/idle-shutdown.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Azure ML compute instance idle shutdown: between 15 minutes and three days (how-to-create-compute-instance).
const yaml = (d: string) => `compute:\n  instance:\n    idleShutdownAfter: ${d}\n`;
const range = (what: string) => `idle shutdown after ${what} is outside Azure Machine Learning's range of 15 minutes to 3 days`;
const cases: RuleCase[] = [
  { name: 'PT60M (the default)', yaml: yaml('PT60M'), expected: [] },
  { name: 'PT15M, the minimum', yaml: yaml('PT15M'), expected: [] },
  { name: 'P3D, the maximum', yaml: yaml('P3D'), expected: [] },
  { name: 'PT72H equals P3D', yaml: yaml('PT72H'), expected: [] },
  { name: 'PT14M', yaml: yaml('PT14M'), expected: [{ severity: 'error', line: 3, column: 24, message: range('14 minutes'), fix: 'set compute.instance.idleShutdownAfter between PT15M and P3D, e.g. PT60M' }] },
  { name: 'P3DT1M', yaml: yaml('P3DT1M'), expected: [{ severity: 'error', line: 3, column: 24, message: range('3 days 1 minute') }] },
  { name: 'a bare number of minutes', yaml: yaml('"60"'), expected: [{ severity: 'error', line: 3, column: 24, message: '"60" is not an ISO 8601 duration' }] },
  { name: 'an hour written 1h', yaml: yaml('1h'), expected: [{ severity: 'error', line: 3, column: 24, message: '"1h" is not an ISO 8601 duration', fix: 'write e.g. PT60M for an hour, PT15M to P3D allowed' }] },
];

describe('rule idle-shutdown', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
