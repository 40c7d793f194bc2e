/**
 * Values Azure's template engine returned, as asserted by Bicep's integration tests (which evaluate the
 * compiled template with the Azure.Deployments engine) or reported from real deployments. Each Bicep
 * expression is written as the ARM expression Bicep compiles it to (string interpolation -> format()).
 */
import { describe, expect, it } from 'vitest';
import { evaluateString, standardFunctions } from '../../../src/arm/expr/index.js';
import type { Value } from '../../../src/arm/types.js';

const ev = (s: string): Value => evaluateString(s, { functions: standardFunctions });
const EVALUATION_TESTS = 'https://github.com/Azure/bicep/blob/main/src/Bicep.Core.IntegrationTests/EvaluationTests.cs';
const ISSUE_14057 = 'https://github.com/Azure/bicep/issues/14057';

describe('format() of objects and arrays: compact JSON in single quotes', () => {
  it.each<[string, string, string]>([
    // Bicep: '>${bool}<>${int}<>${str}<>${obj}<>${arr}<' with obj {a: 'b', '!c': 2} and arr [true, 2893, 'abc'].
    [
      "[format('>{0}<>{1}<>{2}<>{3}<>{4}<', false, 12948, 'hello!', createObject('a', 'b', '!c', 2), createArray(true, 2893, 'abc'))]",
      ">False<>12948<>hello!<>{'a':'b','!c':2}<>[true,2893,'abc']<",
      `${EVALUATION_TESTS} String_expressions_are_evaluated_successfully`,
    ],
    ["[format('{0}', createObject())]", '{}', 'the same rendering, empty object'],
    ["[format('{0}', createArray())]", '[]', 'the same rendering, empty array'],
    ["[format('{0}', createArray(null(), false, createObject('k', createArray(1))))]", "[null,false,{'k':[1]}]", 'the same rendering, nested'],
    // Keys keep the object's order in format(); only items()/objectKeys() sort.
    ["[format('{0}', createObject('b', 1, 'a', 2))]", "{'b':1,'a':2}", `${EVALUATION_TESTS}: '!c' stays after 'a'`],
    // Escapes inside the quotes: Newtonsoft.Json with QuoteChar ' (no baseline shows one; see format.ts).
    ["[format('{0}', createArray('it''s', 'say \"hi\"', 'a\\b'))]", "['it\\'s','say \"hi\"','a\\\\b']", "choice: ' and \\ escaped, \" left as is"],
    ["[format('{0}', createObject('line', json('\"1\\n2\\t3\\u0001\"')))]", "{'line':'1\\n2\\t3\\u0001'}", 'choice: control characters as JSON escapes'],
    ["[format('{0}', createObject('it''s', 1))]", "{'it\\'s':1}", 'choice: keys are quoted and escaped like values'],
    // A format item's alignment pads the JSON text like any other text.
    ["[format('[{0,8}]', createArray(1, 2))]", '[   [1,2]]', 'https://learn.microsoft.com/dotnet/standard/base-types/composite-formatting: alignment'],
  ])('%s -> %s (%s)', (s, want) => expect(ev(s)).toBe(want));

  it('differs from string(), which writes JSON with double quotes', () => {
    expect(ev("[string(createObject('a', 'b'))]")).toBe('{"a":"b"}');
    expect(ev("[format('{0}', createObject('a', 'b'))]")).toBe("{'a':'b'}");
  });

  it('an Unknown anywhere inside the object makes the result Unknown, never a guessed text', () => {
    const v = evaluateString("[format('{0}', createObject('a', utcNow()))]", { functions: standardFunctions });
    expect(v).toMatchObject({ reason: expect.stringContaining('utcNow') });
  });
});

describe('items() and objectKeys(): keys alphabetically, ignoring case; case-only ties keep the object order', () => {
  // Bicep's Items_function_evaluation_works: a parameter object in this order, items() keys as asserted.
  const input = "createObject('ghiKey', 'ghiValue', 'defKey', 'defValue', 'abcKey', 'abcValue', '123Key', '123Value', 'GHIKey', 'GHIValue', 'DEFKey', 'DEFValue', 'ABCKey', 'ABCValue', '456Key', '456Value')";
  const keys = ['123Key', '456Key', 'abcKey', 'ABCKey', 'defKey', 'DEFKey', 'ghiKey', 'GHIKey'];

  it.each<[string, Value, string]>([
    [`[map(items(${input}), lambda('i', lambdaVariables('i').key))]`, keys, `${EVALUATION_TESTS} Items_function_evaluation_works (keys)`],
    [`[map(items(${input}), lambda('i', lambdaVariables('i').value))]`, keys.map((k) => k.replace('Key', 'Value')), `${EVALUATION_TESTS} Items_function_evaluation_works (values)`],
    [`[objectKeys(${input})]`, keys, 'objectKeys shares the order (Bicep: both "consistently ordered alphabetically")'],
    ["[objectKeys(createObject('a', 123, 'b', 456))]", ['a', 'b'], `${EVALUATION_TESTS} New_functions_are_evaluated_correctly (objectKeysTest)`],
    ["[objectKeys(createObject('a', 1, 'b', 2))]", ['a', 'b'], `${ISSUE_14057} example3`],
    ['[objectKeys(createObject())]', [], `${ISSUE_14057} example3a`],
    ["[objectKeys(createObject('b', 2, 'a', 1))]", ['a', 'b'], `${ISSUE_14057} example3b: sorted, not in object order`],
    ["[objectKeys(createObject('A', 2, 'a', 1))]", ['A', 'a'], `${ISSUE_14057} example3c: a case-only tie keeps the object order`],
    ["[objectKeys(createObject('a', 2, 'A', 1))]", ['a', 'A'], `${ISSUE_14057} example3d: a case-only tie keeps the object order`],
    ["[items(createObject('A', 2, 'a', 1))]", [{ key: 'A', value: 2 }, { key: 'a', value: 1 }], `${ISSUE_14057} example3c, as items()`],
    ["[items(createObject('Zeta', 1, 'alpha', 2, 'Beta', 3))]", [{ key: 'alpha', value: 2 }, { key: 'Beta', value: 3 }, { key: 'Zeta', value: 1 }], 'ignoring case: Beta between alpha and Zeta'],
  ])('%s -> %j (%s)', (s, want) => expect(ev(s)).toEqual(want));

  it('union() and shallowMerge() keep the first position of each key, unsorted', () => {
    expect(Object.keys(ev("[union(createObject('b', 1), createObject('a', 2, 'b', 3))]") as object)).toEqual(['b', 'a']);
    // EvaluationTests.cs New_functions_are_evaluated_correctly (shallowMergeTest) asserts {a, b} from [{a}, {b}].
    expect(Object.keys(ev("[shallowMerge(createArray(createObject('b', 1), createObject('a', 2)))]") as object)).toEqual(['b', 'a']);
  });
});
