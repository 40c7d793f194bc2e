import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeSeconds, parseIsoDuration } from '../../src/validate/duration.js';

describe('parseIsoDuration', () => {
  it.each([
    ['P90D', 90 * 86400],
    ['P1Y', 365 * 86400],
    ['P1M', 30 * 86400],
    ['P2W', 14 * 86400],
    ['PT30M', 1800],
    ['PT1H30M', 5400],
    ['P1DT12H', 36 * 3600],
    ['PT0S', 0],
  ])('%s is %d seconds', (text, seconds) => {
    expect(parseIsoDuration(text)?.totalSeconds).toBe(seconds);
  });
  it.each(['P', 'PT', 'P1DT', '90D', 'p90d', 'P1.5D', 'P-1D', 'PT1D', 'P1H', '', ' P1D'])('refuses %j', (t) => {
    expect(parseIsoDuration(t)).toBeUndefined();
  });
  it('reads back what it is given, component by component', () => {
    const n = fc.nat(1000);
    fc.assert(
      fc.property(n, n, n, n, n, (y, d, h, m, s) => {
        const text = `P${y}Y${d}DT${h}H${m}M${s}S`;
        const p = parseIsoDuration(text);
        return p !== undefined && p.totalSeconds === (((y * 365 + d) * 24 + h) * 60 + m) * 60 + s;
      }),
    );
  });
});

describe('describeSeconds', () => {
  it.each([
    [0, '0 seconds'],
    [60, '1 minute'],
    [5400, '1 hour 30 minutes'],
    [3 * 86400 + 60, '3 days 1 minute'],
  ])('%d -> %s', (s, text) => expect(describeSeconds(s)).toBe(text));
});
