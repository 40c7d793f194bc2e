import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contains, formatIpv4, overlaps, parseCidr, parseIpv4 } from '../../src/validate/cidr.js';

const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
const cidrText = fc.tuple(octets, fc.integer({ min: 0, max: 32 })).map(([o, p]) => `${o.join('.')}/${p}`);

describe('parseIpv4 / formatIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['255.255.255.255', 4294967295],
    ['172.16.0.1', 2886729729],
  ])('%s = %d', (text, n) => {
    expect(parseIpv4(text)).toBe(n);
    expect(formatIpv4(n)).toBe(text);
  });
  it.each(['256.0.0.0', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', ' 1.2.3.4', '1..3.4', 'a.b.c.d'])('refuses %s', (t) => {
    expect(parseIpv4(t)).toBeUndefined();
  });
  it('round-trips every address', () => {
    fc.assert(fc.property(octets, (o) => formatIpv4(parseIpv4(o.join('.')) ?? -1) === o.join('.')));
  });
});

describe('parseCidr', () => {
  it.each([
    ['172.16.0.1/24', '172.16.0.0/24', true],
    ['172.16.0.0/24', '172.16.0.0/24', false],
    ['10.1.2.3/8', '10.0.0.0/8', true],
    ['1.2.3.4/32', '1.2.3.4/32', false],
    ['1.2.3.4/0', '0.0.0.0/0', true],
  ])('%s normalizes to %s', (text, normalized, hostBits) => {
    expect(parseCidr(text)?.normalized).toBe(normalized);
    expect(parseCidr(text)?.hostBitsSet).toBe(hostBits);
  });
  it.each(['1.2.3.4', '1.2.3.4/33', '1.2.3.4/', '1.2.3.4/08', '1.2.3.4/-1'])('refuses %s', (t) => {
    expect(parseCidr(t)).toBeUndefined();
  });
  it('normalizing is idempotent and keeps the address inside the block', () => {
    fc.assert(
      fc.property(cidrText, (t) => {
        const c = parseCidr(t);
        if (!c) return false;
        const n = parseCidr(c.normalized);
        return n !== undefined && !n.hostBitsSet && n.normalized === c.normalized && c.address >= c.network && c.address <= c.last;
      }),
    );
  });
  it('overlap is symmetric, and containment implies overlap', () => {
    fc.assert(
      fc.property(cidrText, cidrText, (a, b) => {
        const x = parseCidr(a);
        const y = parseCidr(b);
        if (!x || !y) return false;
        return overlaps(x, y) === overlaps(y, x) && (!contains(x, y) || overlaps(x, y));
      }),
    );
  });
  it('two blocks either nest or are disjoint (CIDR blocks never partly overlap)', () => {
    fc.assert(
      fc.property(cidrText, cidrText, (a, b) => {
        const x = parseCidr(a);
        const y = parseCidr(b);
        if (!x || !y) return false;
        return !overlaps(x, y) || contains(x, y) || contains(y, x);
      }),
    );
  });
});
