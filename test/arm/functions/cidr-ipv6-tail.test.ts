import { describe, expect, it } from 'vitest';
import { evaluateString, standardFunctions } from '../../../src/arm/expr/index.js';

// RFC 4291 section 2.2: an IPv6 address with an embedded IPv4 tail writes the tail after a colon
// (::ffff:1.2.3.4). A tail glued to a hex group (::ab1.2.3.4) is not an address; ARM's parser (.NET
// IPAddress) refuses it, so parseCidr does too.
const ev = (s: string) => evaluateString(s, { functions: standardFunctions });

describe('parseCidr and IPv6 addresses with an IPv4 tail', () => {
  it('accepts the tail after a colon', () => {
    expect(ev("[parseCidr('::ffff:10.0.0.0/120').network]")).toBe('::ffff:a00:0');
  });
  it('refuses a tail glued to a hex group', () => {
    expect(() => ev("[parseCidr('::ab1.2.3.4/64')]")).toThrow(/'::ab1\.2\.3\.4' is not a valid IPv6 address/);
  });
});
