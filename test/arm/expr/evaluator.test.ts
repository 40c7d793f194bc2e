import { describe, expect, it } from 'vitest';
import {
  ExpressionError,
  evaluate,
  evaluateString,
  parseExpression,
  standardFunctions,
  withFunctions,
} from '../../../src/arm/expr/index.js';
import type { EvalContext, FunctionDef, Value } from '../../../src/arm/types.js';
import { Unknown, isUnknown } from '../../../src/core/unknown.js';

const later = new Unknown("reference('kv') is known only after deployment");
let calls = 0;
const extra: FunctionDef[] = [
  { name: 'later', minArgs: 0, maxArgs: 0, call: () => later },
  {
    name: 'boom',
    minArgs: 0,
    maxArgs: 0,
    call: () => {
      throw new Error('boom() must never be evaluated');
    },
  },
  {
    name: 'counted',
    minArgs: 0,
    maxArgs: 0,
    call: () => {
      calls++;
      return 'x';
    },
  },
];
const ctx: EvalContext = { functions: withFunctions(standardFunctions, extra) };
const ev = (s: string): Value => evaluateString(s, ctx);

describe('evaluateString', () => {
  it.each<[string, Value]>([
    ['plain text', 'plain text'],
    ['[[literal]', '[literal]'],
    ["[[concat('a')]", "[concat('a')]"],
    ["[concat('a', 'b')]", 'ab'],
    ["[CONCAT('a', 'b')]", 'ab'],
    ["[ toUpper( 'x' ) ]", 'X'],
    ["[json('{\"A\":{\"b\":[1,2]}}').a.B[1]]", 2],
    ["[json('{\"a\":{\"b\":1}}')['a']['b']]", 1],
    ['[createArray(1, 2, 3)[-0]]', 1],
    ['[true]', true],
    ['[null]', null],
  ])('%s', (s, want) => expect(ev(s)).toEqual(want));
});

describe('property access: exact name first, then any casing', () => {
  // The template and its results are from https://github.com/Azure/PSRule.Rules.Azure/issues/794.
  const lookup = "json('{\"True\":{\"value\":\"True\"},\"true\":{\"value\":\"true\"},\"false\":{\"value\":\"false\"}}')";
  it.each<[string, Value]>([
    [`[${lookup}[string(empty(''))].value]`, 'True'],
    [`[${lookup}[tolower(string(empty('')))].value]`, 'true'],
    [`[${lookup}[string(not(empty('')))].value]`, 'false'],
    [`[${lookup}.FALSE.VALUE]`, 'false'],
  ])('%s -> %j', (s, want) => expect(ev(s)).toEqual(want));
});

describe('Unknown values', () => {
  it('propagate through eager functions, naming the function and the first reason', () => {
    const v = ev("[toUpper(concat('a', later()))]");
    expect(isUnknown(v)).toBe(true);
    expect((v as Unknown).reason).toBe(`toUpper(): concat(): ${later.reason}`);
  });
  it.each<[string, Value]>([
    ["[if(true, 'a', later())]", 'a'],
    ["[if(false, later(), 'b')]", 'b'],
    ["[coalesce('x', later())]", 'x'],
    ["[coalesce(null(), 'x', later())]", 'x'],
    ['[and(false, later())]', false],
    ['[or(true, later())]', true],
    ['[and(later(), false)]', false],
    ['[or(later(), true)]', true],
    ['[length(createArray(later(), 1))]', 2],
    ["[createObject('a', later(), 'b', 2).b]", 2],
    ["[contains(createArray('a', later()), 'a')]", true],
    ["[equals(createArray(1, later()), createArray(2, later()))]", false],
    ["[tryGet(createObject('a', later(), 'b', 1), 'b')]", 1],
    ["[first(createArray('k', later()))]", 'k'],
  ])('%s is known: %j', (s, want) => expect(ev(s)).toEqual(want));
  it.each([
    '[empty(later())]',
    '[if(later(), 1, 2)]',
    "[coalesce(null(), later(), 'x')]",
    '[and(true, later())]',
    '[or(false, later())]',
    "[contains(createArray('a', later()), 'b')]",
    '[equals(createArray(1, later()), createArray(1, 2))]',
    "[string(createObject('a', later()))]",
    "[format('{0}', createArray(later()))]",
    '[later().properties.vaultUri]',
    "[later()['x']]",
    "[createArray(1)[later()]]",
    "[max(createArray(1, later()))]",
    "[filter(createArray(1, 2), lambda('x', equals(lambdaVariables('x'), later())))]",
    "[union(createArray(later()), createArray(1))]",
  ])('%s is Unknown', (s) => {
    const v = ev(s);
    expect(isUnknown(v)).toBe(true);
    expect((v as Unknown).reason).toContain(later.reason);
  });
});

describe('lazy functions never evaluate untaken branches', () => {
  it.each<[string, Value]>([
    ["[if(true, 'a', boom())]", 'a'],
    ["[if(false, boom(), 'b')]", 'b'],
    ["[if(true, 'a', div(1, 0))]", 'a'],
    ["[if(true, 'a', createArray()[5])]", 'a'],
    ['[and(false, boom())]', false],
    ['[or(true, boom())]', true],
    ["[coalesce('x', boom())]", 'x'],
  ])('%s', (s, want) => expect(ev(s)).toEqual(want));
  it('evaluates each argument of a lazy function at most once', () => {
    calls = 0;
    expect(ev("[coalesce(counted(), 'y')]")).toBe('x');
    expect(calls).toBe(1);
  });
});

describe('errors name the function and the offset', () => {
  it.each<[string, number, string | undefined, RegExp]>([
    ["[concat('a', toLower(1))]", 12, 'toLower', /first argument must be a string, but it is Integer/],
    ["[substring('abc', 1, 5)]", 0, 'substring', /must refer to a location within the string\. The index parameter: '1', the length parameter: '5', the length of the string parameter: '3'/],
    ['[div(1, 0)]', 0, 'div', /divisor must not be 0/],
    ["[notAFunction('x')]", 0, 'notAFunction', /unknown function 'notAFunction'/],
    ["[concat('a', if(true))]", 12, 'if', /if\(\) takes 3 argument\(s\) but was given 1/],
    ["[createObject('a', 1).b]", 20, undefined, /property 'b' does not exist.*available properties are 'a'; for a property that may be absent, read it with tryGet\(<value>, 'b'\)/],
    // The way out the message names is one ARM has: tryGet(), not Bicep's '?' (template-functions-object#tryget,
    // read 2026-12-08: "In Bicep, use the safe-dereference operator"), which ARM's parser refuses.
    ["[createObject('a', null()).a.b]", 27, undefined, /cannot read property 'b' of Null at offset 27; for a value that may be absent, read it with tryGet\(<value>, 'b'\), which gives null instead \(ARM has no '\?' operator/],
    ['[createArray(1, 2)[2]]', 17, undefined, /index 2 is outside the array of length 2/],
    ["[lambdaVariables('x')]", 0, 'lambdaVariables', /no lambda parameter 'x'/],
    ["[map(createArray(1), lambda('x', 'y', 'z', 1))]", 0, 'map', /lambda must take 1 or 2 parameter/],
  ])('%s', (s, offset, fn, message) => {
    try {
      ev(s);
      expect.unreachable('should throw');
    } catch (e) {
      expect(e).toBeInstanceOf(ExpressionError);
      const err = e as ExpressionError;
      expect(err.offset).toBe(offset);
      expect(err.functionName).toBe(fn);
      expect(err.message).toMatch(message);
      expect(err.expression).toBe(s.slice(1, -1));
    }
  });
});

describe('withFunctions', () => {
  it('adds functions case-insensitively and later ones replace earlier ones', () => {
    const reg = withFunctions(standardFunctions, [{ name: 'Concat', minArgs: 0, maxArgs: 0, call: () => 'mine' }]);
    expect(evaluate(parseExpression('CONCAT()'), { functions: reg })).toBe('mine');
    expect(evaluate(parseExpression("concat('a')"), ctx)).toBe('a');
  });
  it('keeps lambda scopes nested', () => {
    expect(
      ev(
        "[map(createArray(1, 2), lambda('x', map(createArray(10), lambda('y', add(lambdaVariables('x'), lambdaVariables('y'))))))]",
      ),
    ).toEqual([[11], [12]]);
  });
  it('binds lambda names innermost first, in another casing too, and lists every name in scope', () => {
    expect(ev("[map(createArray(1), lambda('x', map(createArray(2), lambda('x', lambdaVariables('x')))))]")).toEqual([[2]]);
    expect(ev("[map(createArray(1), lambda('x', map(createArray(2), lambda('y', lambdaVariables('X')))))]")).toEqual([[1]]);
    // A name bound twice by one lambda reads its last value (here the index).
    expect(ev("[map(createArray(5), lambda('x', 'x', lambdaVariables('x')))]")).toEqual([0]);
    expect(() => ev("[map(createArray(1), lambda('a', map(createArray(2), lambda('b', lambdaVariables('c')))))]")).toThrow(/in scope: 'a', 'b'/);
  });
  it('refuses a lambda that would leave the function it is given to as a value', () => {
    // A lambda is only ever an argument of filter(), groupBy(), map(), mapValues(), reduce(), sort() or
    // toObject() (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-lambda,
    // Limitations, read 2026-12-08): a lambda as another lambda's body would be a value, and is refused.
    expect(() =>
      ev("[filter(createArray(1, 2, 3), first(map(createArray(2), lambda('x', lambda('y', equals(lambdaVariables('x'), lambdaVariables('y')))))))]"),
    ).toThrow(/lambda\(\) at offset 67 is not allowed as an argument of lambda\(\)/);
  });
  it('gives reduce() two or three values, as its lambda declares', () => {
    expect(ev("[reduce(createArray(1, 2, 3), 10, lambda('acc', 'x', add(lambdaVariables('acc'), lambdaVariables('x'))))]")).toBe(16);
    expect(ev("[reduce(createArray(1, 2, 3), 0, lambda('acc', 'x', 'i', add(lambdaVariables('acc'), lambdaVariables('i'))))]")).toBe(3);
  });
  it('evaluates calls nested in calls of the same number of arguments (argument arrays are reused)', () => {
    expect(ev("[concat(concat('a', 'b'), concat(concat('c', 'd'), 'e'))]")).toBe('abcde');
    expect(ev("[createArray(createArray(1, 2), createArray(3, createArray(4, 5)))]")).toEqual([[1, 2], [3, [4, 5]]]);
    expect(ev("[union(createArray(1, 2), createArray(2, 3), createArray(createArray(1)))]")).toEqual([1, 2, 3, [1]]);
    // An argument that fails leaves no array behind in use: the next calls still get their own values.
    expect(() => ev("[concat('a', uniqueString('a', 1))]")).toThrow(/second argument must be a string/);
    expect(ev("[concat(format('{0}-{1}', 'x', 'y'), replace('abc', 'b', format('{0}{1}', 'y', 'z')))]")).toBe('x-yayzc');
  });
});
