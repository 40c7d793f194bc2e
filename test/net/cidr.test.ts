import { describe, expect, it } from 'vitest';
import { aggregateStrings, CidrSyntaxError, firstUsableAzureAddress, formatCidr, parseCidr } from '../../src/net/cidr.js';

// Expected values: RFC 4632 (CIDR arithmetic), RFC 5952 section 4 (IPv6 text form).
describe('parseCidr / formatCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.1/24', '10.0.0.0/24'], // host bits cleared: the notation denotes the /24
    ['52.127.5.156', '52.127.5.156/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:489a:3103:2::7a4/126', '2001:489a:3103:2::7a4/126'],
    ['2001:0DB8:0000:0000:0001:0000:0000:0001/128', '2001:db8::1:0:0:1/128'], // first longest zero run
    ['2001:db8:0:0:1:0:0:0/128', '2001:db8:0:0:1::/128'], // longest run wins over the earlier one
    ['2001:db8:0:1:1:1:1:1/128', '2001:db8:0:1:1:1:1:1/128'], // a single zero group is not compressed
    ['::/0', '::/0'],
    ['::ffff:10.0.0.1/128', '::ffff:a00:1/128'],
  ])('%s -> %s', (input, expected) => {
    expect(formatCidr(parseCidr(input))).toBe(expected);
  });

  it.each(['10.0.0/8', '10.0.0.256/32', '10.0.0.0/33', '1::2::3/64', '2001:db8::g/64', '10.0.0.0/-1', '1:2:3:4:5:6:7:8:9/64'])(
    'rejects %s',
    (input) => {
      expect(() => parseCidr(input)).toThrow(CidrSyntaxError);
    },
  );
});

describe('aggregateStrings', () => {
  it.each([
    [['10.0.0.0/25', '10.0.0.128/25'], ['10.0.0.0/24']],
    [['10.0.0.0/24', '10.0.0.5/32'], ['10.0.0.0/24']],
    [['10.0.1.0/24', '10.0.2.0/24'], ['10.0.1.0/24', '10.0.2.0/24']], // adjacent but not one aligned block
    [['10.0.1.0/24', '10.0.2.0/24', '10.0.0.0/24', '10.0.3.0/24'], ['10.0.0.0/22']],
    [['2001:db8::/33', '2001:db8:8000::/33', '10.0.0.0/8'], ['10.0.0.0/8', '2001:db8::/32']],
    [['0.0.0.0/1', '128.0.0.0/1'], ['0.0.0.0/0']],
    [['::/1', '8000::/1', '10.0.0.0/8'], ['10.0.0.0/8', '::/0']],
    [[], []],
  ])('%j -> %j', (input, expected) => {
    expect(aggregateStrings(input)).toEqual(expected);
  });
});

describe('firstUsableAzureAddress', () => {
  // Azure reserves the first four addresses of every subnet (virtual network FAQ).
  it.each([
    ['172.16.3.0/26', '172.16.3.4'],
    ['10.1.2.64/26', '10.1.2.68'],
  ])('%s -> %s', (subnet, ip) => {
    expect(firstUsableAzureAddress(subnet)).toBe(ip);
  });
});
