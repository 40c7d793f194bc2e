/**
 * Values computed by Azure's own expression evaluator (Azure.Deployments.Expression, which the Bicep
 * CLI uses to evaluate .bicepparam files), published as a Bicep test baseline:
 *   input  https://github.com/Azure/bicep/blob/main/src/Bicep.Core.Samples/Files/baselines_bicepparam/Expressions/parameters.bicepparam
 *   output https://github.com/Azure/bicep/blob/main/src/Bicep.Core.Samples/Files/baselines_bicepparam/Expressions/parameters.json
 * Each Bicep expression is written here as the ARM expression Bicep compiles it to.
 */
import { describe, expect, it } from 'vitest';
import { evaluateString, standardFunctions } from '../../../src/arm/expr/index.js';
import type { Value } from '../../../src/arm/types.js';

const CASES: [bicep: string, arm: string, expected: Value][] = [
  ["array([])", '[array(createArray())]', []],
  ["base64ToString(base64('abc'))", "[base64ToString(base64('abc'))]", 'abc'],
  ["base64ToJson(base64('{\"hi\": \"there\"}')).hi", "[base64ToJson(base64('{\"hi\": \"there\"}')).hi]", 'there'],
  ['bool(true)', '[bool(true())]', true],
  ["concat(['abc'], ['def'])", "[concat(createArray('abc'), createArray('def'))]", ['abc', 'def']],
  ["contains('foo/bar', '/')", "[contains('foo/bar', '/')]", true],
  ["dataUriToString(dataUri('abc'))", "[dataUriToString(dataUri('abc'))]", 'abc'],
  ["dateTimeAdd(dateTimeFromEpoch(1680224438), 'P1D')", "[dateTimeAdd(dateTimeFromEpoch(1680224438), 'P1D')]", '2023-04-01T01:00:38Z'],
  ['dateTimeToEpoch(dateTimeFromEpoch(1680224438))', '[dateTimeToEpoch(dateTimeFromEpoch(1680224438))]', 1680224438],
  ['empty([])', '[empty(createArray())]', true],
  ["endsWith('foo', 'o')", "[endsWith('foo', 'o')]", true],
  ['filter([1, 2], i => i < 2)', "[filter(createArray(1, 2), lambda('i', less(lambdaVariables('i'), 2)))]", [1]],
  ['first([124, 25])', '[first(createArray(124, 25))]', 124],
  ["flatten([['abc'], ['def']])", "[flatten(createArray(createArray('abc'), createArray('def')))]", ['abc', 'def']],
  ["format('->{0}<-', 123)", "[format('->{0}<-', 123)]", '->123<-'],
  ["guid('asdf')", "[guid('asdf')]", '228d27cc-6fdb-5934-b7ac-1efccebade04'],
  ["indexOf('abc', 'b')", "[indexOf('abc', 'b')]", 1],
  ['int(123)', '[int(123)]', 123],
  ['intersection([1, 2, 3], [2, 3, 4])', '[intersection(createArray(1, 2, 3), createArray(2, 3, 4))]', [2, 3]],
  ["items({ foo: 'abc', bar: 123 })", "[items(createObject('foo', 'abc', 'bar', 123))]", [{ key: 'bar', value: 123 }, { key: 'foo', value: 'abc' }]],
  ["join(['abc', 'def', 'ghi'], '/')", "[join(createArray('abc', 'def', 'ghi'), '/')]", 'abc/def/ghi'],
  ['last([1, 2])', '[last(createArray(1, 2))]', 2],
  ["lastIndexOf('abcba', 'b')", "[lastIndexOf('abcba', 'b')]", 3],
  ['length([0, 1, 2])', '[length(createArray(0, 1, 2))]', 3],
  ["map(range(0, 3), i => 'Hi ${i}!')", "[map(range(0, 3), lambda('i', format('Hi {0}!', lambdaVariables('i'))))]", ['Hi 0!', 'Hi 1!', 'Hi 2!']],
  ['max(1, 2, 3)', '[max(1, 2, 3)]', 3],
  ['min(1, 2, 3)', '[min(1, 2, 3)]', 1],
  ['padLeft(13, 5)', '[padLeft(13, 5)]', '   13'],
  ['range(0, 3)', '[range(0, 3)]', [0, 1, 2]],
  ["reduce(['a', 'b', 'c'], '', (a, b) => '${a}-${b}')", "[reduce(createArray('a', 'b', 'c'), '', lambda('a', 'b', format('{0}-{1}', lambdaVariables('a'), lambdaVariables('b'))))]", '-a-b-c'],
  ["replace('abc', 'b', '/')", "[replace('abc', 'b', '/')]", 'a/c'],
  ['skip([1, 2, 3], 1)', '[skip(createArray(1, 2, 3), 1)]', [2, 3]],
  ["sort(['c', 'd', 'a'], (a, b) => a < b)", "[sort(createArray('c', 'd', 'a'), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]", ['a', 'c', 'd']],
  ["split('a/b/c', '/')", "[split('a/b/c', '/')]", ['a', 'b', 'c']],
  ["startsWith('abc', 'a')", "[startsWith('abc', 'a')]", true],
  ["string('asdf')", "[string('asdf')]", 'asdf'],
  ["substring('asdfasf', 3)", "[substring('asdfasf', 3)]", 'fasf'],
  ['take([1, 2, 3], 2)', '[take(createArray(1, 2, 3), 2)]', [1, 2]],
  ["toLower('AiKInIniIN')", "[toLower('AiKInIniIN')]", 'aikininiin'],
  ["toObject(['a', 'b', 'c'], x => x, x => 'Hi ${x}!')", "[toObject(createArray('a', 'b', 'c'), lambda('x', lambdaVariables('x')), lambda('x', format('Hi {0}!', lambdaVariables('x'))))]", { a: 'Hi a!', b: 'Hi b!', c: 'Hi c!' }],
  ["toUpper('AiKInIniIN')", "[toUpper('AiKInIniIN')]", 'AIKININIIN'],
  ["trim('  adf asdf  ')", "[trim('  adf asdf  ')]", 'adf asdf'],
  ["union({ abc: 'def' }, { def: 'ghi' })", "[union(createObject('abc', 'def'), createObject('def', 'ghi'))]", { abc: 'def', def: 'ghi' }],
  ["uniqueString('asd', 'asdf', 'asdf')", "[uniqueString('asd', 'asdf', 'asdf')]", 'iizpqit7ih3cc'],
  ["uri('https://github.com', 'Azure/bicep')", "[uri('https://github.com', 'Azure/bicep')]", 'https://github.com/Azure/bicep'],
  ["uriComponent('UB*8h 0+=_)9h9n')", "[uriComponent('UB*8h 0+=_)9h9n')]", 'UB%2A8h%200%2B%3D_%299h9n'],
  ["uriComponentToString('%20%25%20')", "[uriComponentToString('%20%25%20')]", ' % '],
];

describe("Azure's evaluator, via the Bicep Expressions baseline", () => {
  it.each(CASES)('%s', (_bicep, arm, expected) => {
    expect(evaluateString(arm, { functions: standardFunctions })).toEqual(expected);
  });
});
