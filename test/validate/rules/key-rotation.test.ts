import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/key-rotation.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Key Vault: expiryTime at least 28 days (KeyRotationPolicy.ExpiresIn, Azure SDK reference); rotation
// at least 7 days after creation and 7 days before expiry (how-to-configure-key-rotation).
const yaml = (rotate: string, expires: string, notify: string) =>
  `keyVault:\n  key:\n    rotation:\n      rotateAfter: ${rotate}\n      expiresAfter: ${expires}\n      notifyBefore: ${notify}\n`;

const cases: RuleCase[] = [
  { name: 'P90D / P1Y / P30D (the default)', yaml: yaml('P90D', 'P1Y', 'P30D'), expected: [] },
  { name: 'the tightest valid policy: P7D / P28D / P1D', yaml: yaml('P7D', 'P28D', 'P1D'), expected: [] },
  { name: 'rotation exactly 7 days before expiry', yaml: yaml('P21D', 'P28D', 'P7D'), expected: [] },
  {
    name: 'not a duration',
    yaml: yaml('90 days', 'P1Y', 'P30D'),
    expected: [{ severity: 'error', line: 4, column: 20, message: '"90 days" is not an ISO 8601 duration', fix: 'write P<n>Y, P<n>M, P<n>D, e.g. P90D for 90 days or P1Y for a year' }],
  },
  {
    name: 'expiry shorter than 28 days',
    yaml: yaml('P7D', 'P27D', 'P1D'),
    expected: [{ severity: 'error', line: 5, column: 21, message: "expiresAfter P27D (27 days) is shorter than Key Vault's minimum of 28 days", fix: 'set expiresAfter to P28D or more, e.g. P1Y' }],
  },
  {
    name: 'rotation sooner than 7 days',
    yaml: yaml('P6D', 'P1Y', 'P30D'),
    expected: [{ severity: 'error', line: 4, column: 20, message: "rotateAfter P6D is shorter than Key Vault's minimum of 7 days after creation" }],
  },
  {
    name: 'rotation after expiry',
    yaml: yaml('P2Y', 'P1Y', 'P30D'),
    expected: [{ severity: 'error', line: 4, column: 20, message: 'rotateAfter P2Y is not at least 7 days before expiresAfter P1Y: the key would expire before (or too soon after) its rotation' }],
  },
  {
    name: 'notification not before expiry',
    yaml: yaml('P90D', 'P1Y', 'P1Y'),
    expected: [{ severity: 'error', line: 6, column: 21, message: 'notifyBefore P1Y is not shorter than expiresAfter P1Y: the notification would come before the key exists', fix: 'make notifyBefore shorter than expiresAfter, e.g. P30D' }],
  },
  {
    name: 'zero notification',
    yaml: yaml('P90D', 'P1Y', 'P0D'),
    expected: [{ severity: 'error', line: 6, column: 21, message: 'notifyBefore P0D is zero: the notification would come at expiry' }],
  },
  {
    name: 'every duration invalid: all reported, no comparisons',
    yaml: yaml('P', 'PT', '1Y'),
    expected: [
      { severity: 'error', line: 4, column: 20, message: '"P" is not an ISO 8601 duration' },
      { severity: 'error', line: 5, column: 21, message: '"PT" is not an ISO 8601 duration' },
      { severity: 'error', line: 6, column: 21, message: '"1Y" is not an ISO 8601 duration' },
    ],
  },
];

describe('rule key-rotation', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
