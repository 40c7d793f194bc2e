import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Value } from '../../src/arm/types.js';
import { isUnknown, Unknown } from '../../src/core/unknown.js';
import { applyOperator, operatorOf, OPERATORS, type Operator } from '../../src/policy/operators.js';

// Sources of the expected values:
const COND = 'https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#conditions';
const ARRAYS = 'https://learn.microsoft.com/azure/governance/policy/how-to/author-policies-for-arrays#array-conditions';
// Cases marked CHOICE follow il5ml's documented rule where the page is silent (docs/policy-engine.md).
const CHOICE = 'docs/policy-engine.md#operators';

type Row = [Operator, Value | undefined, Value, boolean, string];

const rows: Row[] = [
  // equals / notEquals: string comparisons are InvariantCultureIgnoreCase
  ['equals', 'Enabled', 'enabled', true, COND],
  ['equals', 'Enabled', 'Disabled', false, COND],
  ['notEquals', 'Enabled', 'ENABLED', false, COND],
  ['notEquals', 'Enabled', 'Disabled', true, COND],
  ['equals', true, 'true', true, CHOICE],
  ['equals', false, 'true', false, CHOICE],
  ['equals', 90, '90', true, CHOICE],
  ['equals', '1.2', 1.2, true, CHOICE],
  ['equals', undefined, 'x', false, CHOICE],
  ['notEquals', undefined, 'x', true, CHOICE],
  ['equals', ['a', 'B'], ['A', 'b'], true, CHOICE],
  ['equals', { Key: 'V' }, { key: 'v' }, true, CHOICE],
  // like / notLike: `*` wildcard, case-insensitive
  ['like', 'Microsoft.Network/virtualNetworks', 'microsoft.network/*', true, COND],
  ['like', 'Standard_LRS', '*_GRS', false, COND],
  ['like', 'abc', 'abc', true, COND],
  ['notLike', '2008-R2', '2008*', false, COND],
  ['notLike', '2022-datacenter', '2008*', true, COND],
  ['like', undefined, '*', false, CHOICE],
  ['notLike', undefined, '*', true, CHOICE],
  // match: # digit, ? letter, . any character, others literal; case-sensitive
  ['match', 'ab12', '??##', true, COND],
  ['match', 'AB-1', '??.#', true, COND],
  ['match', 'ab1', '??##', false, COND],
  ['match', 'Ab12', 'ab##', false, COND],
  ['matchInsensitively', 'Ab12', 'ab##', true, COND],
  ['notMatch', 'Ab12', 'ab##', true, COND],
  ['notMatchInsensitively', 'Ab12', 'ab##', false, COND],
  // contains: substring on strings, membership on arrays
  ['contains', 'SystemAssigned, UserAssigned', 'systemassigned', true, COND],
  ['notContains', 'UserAssigned', 'SystemAssigned', true, COND],
  ['contains', ['a', 'b'], 'B', true, CHOICE],
  ['contains', undefined, 'a', false, CHOICE],
  // in / notIn: the target is an array
  ['in', 'usgovvirginia', ['usgovarizona', 'USGovVirginia'], true, ARRAYS],
  ['in', 'eastus', ['usgovarizona', 'usgovvirginia'], false, ARRAYS],
  ['notIn', 'eastus', ['usgovarizona', 'usgovvirginia'], true, ARRAYS],
  ['in', undefined, ['a'], false, CHOICE],
  ['notIn', undefined, ['a'], true, CHOICE],
  // containsKey: object keys, case-insensitive
  ['containsKey', { Environment: 'prod' }, 'environment', true, COND],
  ['notContainsKey', { Environment: 'prod' }, 'owner', true, COND],
  ['containsKey', 'text', 'x', false, CHOICE],
  // less / greater: integers, dates, strings
  ['less', 1, 2, true, COND],
  ['lessOrEquals', 2, 2, true, COND],
  ['greater', 3, 2, true, COND],
  ['greaterOrEquals', 1, 2, false, COND],
  ['less', '2019-04-01', '2021-06-01', true, COND],
  ['greater', '2026-11-25T10:00:00Z', '2026-11-25T09:00:00Z', true, COND],
  // Two strings compare as text, InvariantCultureIgnoreCase, even when they look like numbers: the
  // diagnostic-settings definitions pad retention days with padLeft(…, 3, '0') for this reason.
  ['greaterOrEquals', '1000', '365', false, COND],
  ['less', '1000', '365', true, COND],
  ['greaterOrEquals', '090', '365', false, COND],
  ['greaterOrEquals', '365', '365', true, COND],
  ['greater', '1.3', '1.2', true, COND],
  ['lessOrEquals', 'tls1_2', 'TLS1_2', true, COND],
  ['greaterOrEquals', 1000, 365, true, COND],
  ['less', 'TLS1_0', 'TLS1_2', true, COND],
  ['less', undefined, 5, false, CHOICE],
  // exists: "true"/"false" as strings or booleans; a null property does not exist
  ['exists', 'x', 'true', true, COND],
  ['exists', undefined, 'true', false, COND],
  ['exists', undefined, 'false', true, COND],
  ['exists', null, true, false, CHOICE],
  ['exists', false, 'true', true, CHOICE],
];

describe('operators (table)', () => {
  it.each(rows)('%s: %j vs %j → %s (%s)', (op, actual, target, expected) => {
    expect(applyOperator(op, actual, target)).toBe(expected);
  });

  it('covers every condition of the policy language', () => {
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(OPERATORS));
  });

  it('operator keys are case-insensitive, as the real files write them (notequals, Like)', () => {
    expect(operatorOf('notequals')).toBe('notEquals');
    expect(operatorOf('Like')).toBe('like');
    expect(operatorOf('Equals')).toBe('equals');
    expect(operatorOf('nope')).toBeUndefined();
  });

  it('an Unknown value gives Unknown, never a silent true or false', () => {
    const u = new Unknown('known after deployment');
    for (const op of OPERATORS) expect(isUnknown(applyOperator(op, u, op === 'in' || op === 'notIn' ? ['a'] : 'a'))).toBe(true);
  });

  it('comparing an object with a number is Unknown: Azure fails the evaluation on a type mismatch', () => {
    expect(isUnknown(applyOperator('less', { a: 1 }, 3))).toBe(true);
  });

  it('a number against a string, even a numeric one, is Unknown for less…: "if the property type doesn\'t match the condition type, an error is thrown" (COND)', () => {
    for (const op of ['less', 'lessOrEquals', 'greater', 'greaterOrEquals'] as const) {
      expect(isUnknown(applyOperator(op, '90', 90))).toBe(true);
      expect(isUnknown(applyOperator(op, 90, '90'))).toBe(true);
    }
  });

  it('in needs an array target', () => {
    expect(isUnknown(applyOperator('in', 'a', 'a'))).toBe(true);
  });

  it('exists with a value that is no boolean ("yes", 1) is Unknown, not false: "exists": "bool" (COND)', () => {
    for (const v of ['yes', 1, 0, '', null, ['true']] as Value[]) {
      expect(isUnknown(applyOperator('exists', 'x', v)), JSON.stringify(v)).toBe(true);
      expect(isUnknown(applyOperator('exists', undefined, v)), JSON.stringify(v)).toBe(true);
    }
    expect(applyOperator('exists', 'x', ' TRUE ')).toBe(true);
  });
});

describe('operators (properties)', () => {
  it('notX is the negation of X for every value', () => {
    const pairs: [Operator, Operator][] = [
      ['equals', 'notEquals'],
      ['like', 'notLike'],
      ['match', 'notMatch'],
      ['matchInsensitively', 'notMatchInsensitively'],
      ['contains', 'notContains'],
      ['containsKey', 'notContainsKey'],
    ];
    const val = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(undefined));
    fc.assert(
      fc.property(val, fc.string({ maxLength: 4 }), (a, b) => {
        for (const [p, n] of pairs) expect(applyOperator(n, a, b)).toBe(!applyOperator(p, a, b));
      }),
    );
  });

  it('equals ignores case for every string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), (s) => applyOperator('equals', s.toUpperCase(), s.toLowerCase()) === (s.toUpperCase().toLowerCase() === s.toLowerCase())));
  });

  it('like with a single * matches any string that has the prefix', () => {
    fc.assert(fc.property(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), (p, rest) => applyOperator('like', p + rest, `${p.replace(/\*/g, '')}*`) === (p + rest).toLowerCase().startsWith(p.replace(/\*/g, '').toLowerCase())));
  });
});
