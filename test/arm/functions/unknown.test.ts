/**
 * Unknown propagates through every function of the standard library: given only Unknown arguments,
 * each returns an Unknown whose reason names the function and carries the argument's reason, except
 * the constructors that keep Unknown elements in a known structure.
 */
import { describe, expect, it } from 'vitest';
import { evaluateString, standardFunctionList, standardFunctions, withFunctions } from '../../../src/arm/expr/index.js';
import { Unknown, isUnknown } from '../../../src/core/unknown.js';

const later = new Unknown("reference('vault') is known only after deployment");
const ctx = { functions: withFunctions(standardFunctions, [{ name: 'later', minArgs: 0, maxArgs: 0, call: () => later }]) };

/** Functions whose result is known although an argument is not. */
const STRUCTURAL = new Set(['createarray', 'createobject']);
const NOT_APPLICABLE = new Set(['lambda', 'lambdavariables', 'true', 'false', 'null', 'newguid', 'utcnow']);

const cases = standardFunctionList
  .filter((f) => !NOT_APPLICABLE.has(f.name.toLowerCase()) && !STRUCTURAL.has(f.name.toLowerCase()))
  .map((f) => ({ name: f.name, args: Math.max(1, f.minArgs) }));

describe('every function propagates Unknown arguments', () => {
  it.each(cases)('$name($args × unknown) is Unknown naming $name', ({ name, args }) => {
    const v = evaluateString(`[${name}(${Array.from({ length: args }, () => 'later()').join(', ')})]`, ctx);
    expect(isUnknown(v)).toBe(true);
    expect((v as Unknown).reason).toContain(`${name}()`);
    expect((v as Unknown).reason).toContain(later.reason);
  });

  it('constructors keep Unknown elements in place', () => {
    const a = evaluateString('[createArray(later(), 1)]', ctx) as unknown[];
    expect(isUnknown(a[0])).toBe(true);
    expect(a[1]).toBe(1);
    const o = evaluateString("[createObject('k', later())]", ctx) as Record<string, unknown>;
    expect(isUnknown(o.k)).toBe(true);
    // array(x) returns x itself when x is an array, so array(unknown) cannot be known
    expect(isUnknown(evaluateString('[length(array(later()))]', ctx))).toBe(true);
  });

  // An Unknown element of the array flatten() flattens may be an array once deployed: the result is Unknown,
  // not the "every element must be an array" error
  // (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-array#flatten:
  // "arrayToFlatten: The array of subarrays to flatten", read 2026-12-07).
  it('flatten() of an array with an Unknown element is Unknown; a known non-array element is still an error', () => {
    const v = evaluateString('[flatten(createArray(createArray(1), later()))]', ctx);
    expect(isUnknown(v)).toBe(true);
    expect((v as Unknown).reason).toBe(`flatten(): ${later.reason}`);
    expect(() => evaluateString('[flatten(createArray(createArray(1), 2, later()))]', ctx)).toThrow(/flatten\(\): element 1 is Integer; every element must be an array/);
  });

  it('covers every function of the library', () => {
    const names = new Set([...cases.map((c) => c.name.toLowerCase()), ...STRUCTURAL, ...NOT_APPLICABLE]);
    for (const f of standardFunctionList) expect(names.has(f.name.toLowerCase())).toBe(true);
  });
});
