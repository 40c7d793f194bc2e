import { describe, expect, it } from 'vitest';
import { evaluateString, standardFunctions, withFunctions } from '../../src/arm/expr/index.js';
import { POLICY_FUNCTIONS, type PolicyEvalContext } from '../../src/policy/functions.js';

// ipRangeContains(range, targetRange): "Returns whether a given IP address range contains another IP
// address range. Ranges may be a single IP address, a CIDR range or a start-end range; IPv4 and IPv6 may
// not be mixed." (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#policy-functions)
const functions = withFunctions(standardFunctions, POLICY_FUNCTIONS);
// ipRangeContains reads nothing of the resource being evaluated: an empty policy scope serves.
const ctx = { functions, policy: {} } as unknown as PolicyEvalContext;
const ev = (range: string, target: string) => evaluateString(`[ipRangeContains('${range}', '${target}')]`, ctx);

describe('ipRangeContains', () => {
  it.each([
    ['10.0.0.0/16', '10.0.1.0/24', true],
    ['10.0.0.0/16', '10.1.0.0/24', false],
    ['10.0.0.0/16', '10.0.255.255', true],
    ['10.0.0.0-10.0.0.255', '10.0.0.0/24', true],
    ['10.0.0.0-10.0.0.254', '10.0.0.0/24', false],
    ['10.0.0.1', '10.0.0.1', true],
    ['fd00::/8', 'fd12:3456::/32', true],
    ['fd00::/8', 'fe80::1', false],
  ])('%s contains %s: %s', (range, target, expected) => {
    expect(ev(range, target)).toBe(expected);
  });
  it.each([
    ['10.0.0.0/16', 'fd00::1', /mixing IPv4 and IPv6/],
    ['10.0.0.0-fd00::1', '10.0.0.1', /mixes IPv4 and IPv6/],
    ['', '10.0.0.1', /empty range/],
    ['10.0.0.0/33', '10.0.0.1', /prefix/],
  ])('%s with %s fails the evaluation', (range, target, message) => {
    expect(() => ev(range, target)).toThrow(message);
  });
});
