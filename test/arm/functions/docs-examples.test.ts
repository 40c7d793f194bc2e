/**
 * Microsoft's documentation examples for each function: the example's inputs (parameters and variables
 * from the reference page / Azure/azure-docs-json-samples) and the page's "output from the preceding
 * example" table as the expected value. The URL of the page is on every case.
 */
import { describe, expect, it } from 'vitest';
import type { Value } from '../../../src/arm/types.js';
import { run, type Sample } from './harness.js';

const LEARN = 'https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-';

interface Case {
  doc: string;
  sample?: Sample;
  expr: string;
  expected: Value;
}

const dogs = [
  { name: 'Evie', age: 5, interests: ['Ball', 'Frisbee'] },
  { name: 'Casper', age: 3, interests: ['Other dogs'] },
  { name: 'Indy', age: 2, interests: ['Butter'] },
  { name: 'Kira', age: 8, interests: ['Rubs'] },
];

const arrayCases: Case[] = [
  { doc: 'array#array', sample: { parameters: { intToConvert: 1 } }, expr: "[array(parameters('intToConvert'))]", expected: [1] },
  { doc: 'array#array', sample: { parameters: { stringToConvert: 'efgh' } }, expr: "[array(parameters('stringToConvert'))]", expected: ['efgh'] },
  { doc: 'array#array', sample: { parameters: { o: { a: 'b', c: 'd' } } }, expr: "[array(parameters('o'))]", expected: [{ a: 'b', c: 'd' }] },
  {
    doc: 'array#concat',
    sample: { parameters: { firstArray: ['1-1', '1-2', '1-3'], secondArray: ['2-1', '2-2', '2-3'] } },
    expr: "[concat(parameters('firstArray'), parameters('secondArray'))]",
    expected: ['1-1', '1-2', '1-3', '2-1', '2-2', '2-3'],
  },
  ...([
    ["[contains(parameters('stringToTest'), 'e')]", true],
    ["[contains(parameters('stringToTest'), 'z')]", false],
    ["[contains(parameters('objectToTest'), 'one')]", true],
    ["[contains(parameters('objectToTest'), 'a')]", false],
    ["[contains(parameters('arrayToTest'), 'three')]", true],
    ["[contains(parameters('arrayToTest'), 'four')]", false],
  ] as const).map(([expr, expected]): Case => ({
    doc: 'array#contains',
    sample: { parameters: { stringToTest: 'OneTwoThree', objectToTest: { one: 'a', two: 'b', three: 'c' }, arrayToTest: ['one', 'two', 'three'] } },
    expr,
    expected,
  })),
  { doc: 'array#createarray', expr: "[createArray('a', 'b', 'c')]", expected: ['a', 'b', 'c'] },
  { doc: 'array#createarray', expr: '[createArray(1, 2, 3)]', expected: [1, 2, 3] },
  { doc: 'array#createarray', sample: { parameters: { o: { one: 'a', two: 'b', three: 'c' } } }, expr: "[createArray(parameters('o'))]", expected: [{ one: 'a', two: 'b', three: 'c' }] },
  { doc: 'array#createarray', sample: { parameters: { a: ['one', 'two', 'three'] } }, expr: "[createArray(parameters('a'))]", expected: [['one', 'two', 'three']] },
  { doc: 'array#createarray', expr: '[createArray()]', expected: [] },
  { doc: 'array#empty', sample: { parameters: { testArray: [] } }, expr: "[empty(parameters('testArray'))]", expected: true },
  { doc: 'array#empty', sample: { parameters: { testObject: {} } }, expr: "[empty(parameters('testObject'))]", expected: true },
  { doc: 'array#empty', sample: { parameters: { testString: '' } }, expr: "[empty(parameters('testString'))]", expected: true },
  { doc: 'array#first', sample: { parameters: { arrayToTest: ['one', 'two', 'three'] } }, expr: "[first(parameters('arrayToTest'))]", expected: 'one' },
  { doc: 'array#first', expr: "[first('One Two Three')]", expected: 'O' },
  {
    doc: 'array#intersection',
    sample: { parameters: { firstObject: { one: 'a', two: 'b', three: 'c' }, secondObject: { one: 'a', two: 'z', three: 'c' } } },
    expr: "[intersection(parameters('firstObject'), parameters('secondObject'))]",
    expected: { one: 'a', three: 'c' },
  },
  {
    doc: 'array#intersection',
    sample: { parameters: { firstArray: ['one', 'two', 'three'], secondArray: ['two', 'three'] } },
    expr: "[intersection(parameters('firstArray'), parameters('secondArray'))]",
    expected: ['two', 'three'],
  },
  { doc: 'array#last', sample: { parameters: { arrayToTest: ['one', 'two', 'three'] } }, expr: "[last(parameters('arrayToTest'))]", expected: 'three' },
  { doc: 'array#last', expr: "[last('One Two Three')]", expected: 'e' },
  { doc: 'array#length', sample: { parameters: { a: ['one', 'two', 'three'] } }, expr: "[length(parameters('a'))]", expected: 3 },
  { doc: 'array#length', sample: { parameters: { s: 'One Two Three' } }, expr: "[length(parameters('s'))]", expected: 13 },
  {
    doc: 'array#length',
    sample: { parameters: { o: { propA: 'one', propB: 'two', propC: 'three', propD: { 'propD-1': 'sub', 'propD-2': 'sub' } } } },
    expr: "[length(parameters('o'))]",
    expected: 4,
  },
  { doc: 'array#max', sample: { parameters: { arrayToTest: [0, 3, 2, 5, 4] } }, expr: "[max(parameters('arrayToTest'))]", expected: 5 },
  { doc: 'array#max', expr: '[max(0,3,2,5,4)]', expected: 5 },
  { doc: 'array#min', sample: { parameters: { arrayToTest: [0, 3, 2, 5, 4] } }, expr: "[min(parameters('arrayToTest'))]", expected: 0 },
  { doc: 'array#min', expr: '[min(0,3,2,5,4)]', expected: 0 },
  { doc: 'array#range', sample: { parameters: { startingInt: 5, numberOfElements: 3 } }, expr: "[range(parameters('startingInt'),parameters('numberOfElements'))]", expected: [5, 6, 7] },
  { doc: 'array#skip', sample: { parameters: { testArray: ['one', 'two', 'three'], n: 2 } }, expr: "[skip(parameters('testArray'),parameters('n'))]", expected: ['three'] },
  { doc: 'array#skip', sample: { parameters: { testString: 'one two three', n: 4 } }, expr: "[skip(parameters('testString'),parameters('n'))]", expected: 'two three' },
  { doc: 'array#take', sample: { parameters: { testArray: ['one', 'two', 'three'], n: 2 } }, expr: "[take(parameters('testArray'),parameters('n'))]", expected: ['one', 'two'] },
  { doc: 'array#take', sample: { parameters: { testString: 'one two three', n: 2 } }, expr: "[take(parameters('testString'),parameters('n'))]", expected: 'on' },
  {
    doc: 'array#union',
    sample: { parameters: { firstObject: { one: 'a', two: 'b', three: 'c1' }, secondObject: { three: 'c2', four: 'd', five: 'e' } } },
    expr: "[union(parameters('firstObject'), parameters('secondObject'))]",
    expected: { one: 'a', two: 'b', three: 'c2', four: 'd', five: 'e' },
  },
  {
    doc: 'array#union',
    sample: { parameters: { firstArray: ['one', 'two', 'three'], secondArray: ['three', 'four'] } },
    expr: "[union(parameters('firstArray'), parameters('secondArray'))]",
    expected: ['one', 'two', 'three', 'four'],
  },
];

const objectCases: Case[] = [
  {
    doc: 'object#createobject',
    expr: "[createObject('intProp', 1, 'stringProp', 'abc', 'boolProp', true(), 'arrayProp', createArray('a', 'b', 'c'), 'objectProp', createObject('key1', 'value1'))]",
    expected: { intProp: 1, stringProp: 'abc', boolProp: true, arrayProp: ['a', 'b', 'c'], objectProp: { key1: 'value1' } },
  },
  {
    doc: 'object#items',
    sample: { variables: { entities: { item002: { enabled: false, displayName: 'Example item 2', number: 200 }, item001: { enabled: true, displayName: 'Example item 1', number: 300 } } } },
    expr: "[items(variables('entities'))]",
    expected: [
      { key: 'item001', value: { displayName: 'Example item 1', enabled: true, number: 300 } },
      { key: 'item002', value: { displayName: 'Example item 2', enabled: false, number: 200 } },
    ],
  },
  ...(
    [
      ["[empty(json(parameters('jsonEmptyObject')))]", true],
      ["[json(parameters('jsonObject'))]", { a: 'b' }],
      ["[json(parameters('jsonString'))]", 'test'],
      ["[json(parameters('jsonBoolean'))]", true],
      ["[json(parameters('jsonInt'))]", 3],
      ["[json(parameters('jsonArray'))]", [1, 2, 3]],
      ["[json(concat('{\"a\": \"', parameters('concatValue'), '\"}'))]", { a: 'demo value' }],
    ] as const
  ).map(([expr, expected]): Case => ({
    doc: 'object#json',
    sample: {
      parameters: {
        jsonEmptyObject: 'null',
        jsonObject: '{"a": "b"}',
        jsonString: '"test"',
        jsonBoolean: 'true',
        jsonInt: '3',
        // "[[" in a parameter value is the literal-bracket escape: the value is "[1,2,3 ]".
        jsonArray: '[[1,2,3 ]',
        concatValue: 'demo value',
      },
    },
    expr,
    expected: expected as Value,
  })),
  { doc: 'object#null', expr: '[empty(null())]', expected: true },
  {
    doc: 'object#union',
    sample: { variables: { firstObject: { property: { one: 'a', two: 'b', three: 'c1' }, nestedArray: [1, 2] }, secondObject: { property: { three: 'c2', four: 'd', five: 'e' }, nestedArray: [3, 4] } } },
    expr: "[union(variables('firstObject'), variables('secondObject'))]",
    expected: { property: { one: 'a', two: 'b', three: 'c2', four: 'd', five: 'e' }, nestedArray: [3, 4] },
  },
  {
    doc: 'object#union',
    sample: { variables: { firstArray: [['one', 'two'], ['three']], secondArray: [['three'], ['four', 'two']] } },
    expr: "[union(variables('firstArray'), variables('secondArray'))]",
    expected: [['one', 'two'], ['three'], ['four', 'two']],
  },
];

const coalesceSample: Sample = {
  parameters: { objectToTest: { null1: null, null2: null, string: 'default', int: 1, object: { first: 'default' }, array: [1] } },
};
const cmp: Sample = { parameters: { firstInt: 1, secondInt: 2, firstString: 'A', secondString: 'a' } };
const comparisonCases: Case[] = [
  { doc: 'comparison#coalesce', sample: coalesceSample, expr: "[coalesce(parameters('objectToTest').null1, parameters('objectToTest').null2, parameters('objectToTest').string)]", expected: 'default' },
  { doc: 'comparison#coalesce', sample: coalesceSample, expr: "[coalesce(parameters('objectToTest').null1, parameters('objectToTest').null2, parameters('objectToTest').int)]", expected: 1 },
  { doc: 'comparison#coalesce', sample: coalesceSample, expr: "[coalesce(parameters('objectToTest').null1, parameters('objectToTest').null2, parameters('objectToTest').object)]", expected: { first: 'default' } },
  { doc: 'comparison#coalesce', sample: coalesceSample, expr: "[coalesce(parameters('objectToTest').null1, parameters('objectToTest').null2, parameters('objectToTest').array)]", expected: [1] },
  { doc: 'comparison#coalesce', sample: coalesceSample, expr: "[empty(coalesce(parameters('objectToTest').null1, parameters('objectToTest').null2))]", expected: true },
  { doc: 'comparison#equals', expr: '[equals(1, 1)]', expected: true },
  { doc: 'comparison#equals', expr: "[equals('a', 'a')]", expected: true },
  { doc: 'comparison#equals', expr: "[equals(createArray('a', 'b'), createArray('a', 'b'))]", expected: true },
  { doc: 'comparison#equals', expr: "[equals(createObject('a', 'b'), createObject('a', 'b'))]", expected: true },
  { doc: 'comparison#equals', expr: '[not(equals(1, 2))]', expected: true },
  { doc: 'comparison#greater', sample: cmp, expr: "[greater(parameters('firstInt'), parameters('secondInt') )]", expected: false },
  { doc: 'comparison#greater', sample: cmp, expr: "[greater(parameters('firstString'), parameters('secondString'))]", expected: true },
  { doc: 'comparison#greaterorequals', sample: cmp, expr: "[greaterOrEquals(parameters('firstInt'), parameters('secondInt') )]", expected: false },
  { doc: 'comparison#greaterorequals', sample: cmp, expr: "[greaterOrEquals(parameters('firstString'), parameters('secondString'))]", expected: true },
  { doc: 'comparison#less', sample: cmp, expr: "[less(parameters('firstInt'), parameters('secondInt') )]", expected: true },
  { doc: 'comparison#less', sample: cmp, expr: "[less(parameters('firstString'), parameters('secondString'))]", expected: false },
  { doc: 'comparison#lessorequals', sample: cmp, expr: "[lessOrEquals(parameters('firstInt'), parameters('secondInt') )]", expected: true },
  { doc: 'comparison#lessorequals', sample: cmp, expr: "[lessOrEquals(parameters('firstString'), parameters('secondString'))]", expected: false },
];

const logicalCases: Case[] = [
  { doc: 'logical#and', expr: "[and(bool('true'), bool('false'))]", expected: false },
  { doc: 'logical#or', expr: "[or(bool('true'), bool('false'))]", expected: true },
  { doc: 'logical#not', expr: "[not(bool('true'))]", expected: false },
  { doc: 'logical#bool', expr: "[bool('true')]", expected: true },
  { doc: 'logical#bool', expr: "[bool('false')]", expected: false },
  { doc: 'logical#bool', expr: '[bool(1)]', expected: true },
  { doc: 'logical#bool', expr: '[bool(0)]', expected: false },
  { doc: 'logical#false', expr: '[false()]', expected: false },
  { doc: 'logical#true', expr: '[true()]', expected: true },
  { doc: 'logical#if', expr: "[if(equals('a', 'a'), 'yes', 'no')]", expected: 'yes' },
  { doc: 'logical#if', expr: "[if(equals('a', 'b'), 'yes', 'no')]", expected: 'no' },
  { doc: 'logical#if', expr: "[if(equals('a', 'a'), json('{\"test\": \"value1\"}'), json('null'))]", expected: { test: 'value1' } },
];

const numericCases: Case[] = [
  { doc: 'numeric#add', sample: { parameters: { first: 5, second: 3 } }, expr: "[add(parameters('first'), parameters('second'))]", expected: 8 },
  { doc: 'numeric#div', sample: { parameters: { first: 8, second: 3 } }, expr: "[div(parameters('first'), parameters('second'))]", expected: 2 },
  { doc: 'numeric#int', sample: { parameters: { stringToConvert: '4' } }, expr: "[int(parameters('stringToConvert'))]", expected: 4 },
  { doc: 'numeric#mod', sample: { parameters: { first: 7, second: 3 } }, expr: "[mod(parameters('first'), parameters('second'))]", expected: 1 },
  { doc: 'numeric#mul', sample: { parameters: { first: 5, second: 3 } }, expr: "[mul(mul(parameters('first'), parameters('second')), 3)]", expected: 45 },
  { doc: 'numeric#sub', sample: { parameters: { first: 7, second: 3 } }, expr: "[sub(parameters('first'), parameters('second'))]", expected: 4 },
  { doc: 'numeric#float', expr: "[float('3.0')]", expected: 3 },
];

const stringCases: Case[] = [
  { doc: 'string#base64', sample: { parameters: { stringData: 'one, two, three' } }, expr: "[base64(parameters('stringData'))]", expected: 'b25lLCB0d28sIHRocmVl' },
  { doc: 'string#base64tostring', expr: "[base64ToString(base64('one, two, three'))]", expected: 'one, two, three' },
  { doc: 'string#base64tojson', sample: { parameters: { jsonFormattedData: "{'one': 'a', 'two': 'b'}" } }, expr: "[base64ToJson(base64(parameters('jsonFormattedData')))]", expected: { one: 'a', two: 'b' } },
  { doc: 'string#datauri', expr: "[dataUri('Hello')]", expected: 'data:text/plain;charset=utf8;base64,SGVsbG8=' },
  { doc: 'string#datauritostring', expr: "[dataUriToString('data:;base64,SGVsbG8sIFdvcmxkIQ==')]", expected: 'Hello, World!' },
  { doc: 'string#endswith', expr: "[endsWith('abcdef', 'ef')]", expected: true },
  { doc: 'string#endswith', expr: "[endsWith('abcdef', 'F')]", expected: true },
  { doc: 'string#endswith', expr: "[endsWith('abcdef', 'e')]", expected: false },
  { doc: 'string#startswith', expr: "[startsWith('abcdef', 'ab')]", expected: true },
  { doc: 'string#startswith', expr: "[startsWith('abcdef', 'A')]", expected: true },
  { doc: 'string#startswith', expr: "[startsWith('abcdef', 'e')]", expected: false },
  {
    doc: 'string#format',
    sample: { parameters: { greeting: 'Hello', name: 'User', numberToFormat: 8175133 } },
    expr: "[format('{0}, {1}. Formatted number: {2:N0}', parameters('greeting'), parameters('name'), parameters('numberToFormat'))]",
    expected: 'Hello, User. Formatted number: 8,175,133',
  },
  { doc: 'string#indexof', expr: "[indexOf('test', 't')]", expected: 0 },
  { doc: 'string#lastindexof', expr: "[lastIndexOf('test', 't')]", expected: 3 },
  { doc: 'string#indexof', expr: "[indexOf('abcdef', 'CD')]", expected: 2 },
  { doc: 'string#lastindexof', expr: "[lastIndexOf('abcdef', 'AB')]", expected: 0 },
  { doc: 'string#indexof', expr: "[indexOf('abcdef', 'z')]", expected: -1 },
  { doc: 'string#join', sample: { variables: { arrayString: ['one', 'two', 'three'] } }, expr: "[join(variables('arrayString'), ',')]", expected: 'one,two,three' },
  { doc: 'string#join', sample: { variables: { arrayString: ['one', 'two', 'three'] } }, expr: "[join(variables('arrayString'), ';')]", expected: 'one;two;three' },
  { doc: 'string#padleft', sample: { parameters: { testString: '123' } }, expr: "[padLeft(parameters('testString'),10,'0')]", expected: '0000000123' },
  { doc: 'string#replace', sample: { parameters: { testString: '123-123-1234' } }, expr: "[replace(parameters('testString'),'-', '')]", expected: '1231231234' },
  { doc: 'string#replace', sample: { parameters: { testString: '123-123-1234' } }, expr: "[replace(parameters('testString'),'1234', 'xxxx')]", expected: '123-123-xxxx' },
  { doc: 'string#split', sample: { parameters: { firstString: 'one,two,three' } }, expr: "[split(parameters('firstString'),',')]", expected: ['one', 'two', 'three'] },
  {
    doc: 'string#split',
    sample: { parameters: { secondString: 'one;two,three' }, variables: { delimiters: [',', ';'] } },
    expr: "[split(parameters('secondString'),variables('delimiters'))]",
    expected: ['one', 'two', 'three'],
  },
  { doc: 'string#string', sample: { parameters: { testObject: { valueA: 10, valueB: 'Example Text' } } }, expr: "[string(parameters('testObject'))]", expected: '{"valueA":10,"valueB":"Example Text"}' },
  { doc: 'string#string', sample: { parameters: { testArray: ['a', 'b', 'c'] } }, expr: "[string(parameters('testArray'))]", expected: '["a","b","c"]' },
  { doc: 'string#string', sample: { parameters: { testInt: 5 } }, expr: "[string(parameters('testInt'))]", expected: '5' },
  { doc: 'string#substring', sample: { parameters: { testString: 'one two three' } }, expr: "[substring(parameters('testString'), 4, 3)]", expected: 'two' },
  { doc: 'string#tolower', expr: "[toLower('One Two Three')]", expected: 'one two three' },
  { doc: 'string#toupper', expr: "[toUpper('One Two Three')]", expected: 'ONE TWO THREE' },
  { doc: 'string#trim', sample: { parameters: { testString: '    one two three   ' } }, expr: "[trim(parameters('testString'))]", expected: 'one two three' },
  {
    doc: 'string#uri',
    sample: { variables: { uriFormat: "[uri('http://contoso.com/resources/', 'nested/azuredeploy.json')]" } },
    expr: "[variables('uriFormat')]",
    expected: 'http://contoso.com/resources/nested/azuredeploy.json',
  },
  {
    doc: 'string#uricomponent',
    expr: "[uriComponent('http://contoso.com/resources/nested/azuredeploy.json')]",
    expected: 'http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json',
  },
  {
    doc: 'string#uricomponenttostring',
    expr: "[uriComponentToString('http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json')]",
    expected: 'http://contoso.com/resources/nested/azuredeploy.json',
  },
];

const now = new Date('2019-03-05T17:53:18Z');
const dateCases: Case[] = [
  // utcNow's page shows "similar to" output for a deployment at 2019-03-05 17:53:18 UTC.
  { doc: 'date#utcnow', sample: { now }, expr: '[utcNow()]', expected: '20190305T175318Z' },
  { doc: 'date#utcnow', sample: { now }, expr: "[utcNow('d')]", expected: '03/05/2019' },
  { doc: 'date#utcnow', sample: { now }, expr: "[utcNow('M d')]", expected: '3 5' },
  // Remarks of dateTimeAdd: P1Y is P365D and P1M is P30D. The result is written in the base value's
  // format ("If not provided, the format of the base value is used", parameter table of the same page).
  { doc: 'date#datetimeadd', expr: "[dateTimeAdd('2023-01-01 00:00:00Z', 'P1Y')]", expected: '2024-01-01 00:00:00Z' },
  { doc: 'date#datetimeadd', expr: "[dateTimeAdd('2024-01-01 00:00:00Z', 'P1Y')]", expected: '2024-12-31 00:00:00Z' },
  { doc: 'date#datetimeadd', expr: "[dateTimeAdd('2023-02-01 00:00:00Z', 'P1M')]", expected: '2023-03-03 00:00:00Z' },
  { doc: 'date#datetimeadd', expr: "[dateTimeAdd('2024-02-01 00:00:00Z', 'P1M')]", expected: '2024-03-02 00:00:00Z' },
  { doc: 'date#datetimefromepoch', expr: '[dateTimeFromEpoch(1683040573)]', expected: '2023-05-02T15:16:13Z' },
  { doc: 'date#datetimetoepoch', expr: "[dateTimeToEpoch('2023-05-02T15:16:13Z')]", expected: 1683040573 },
];

const cidrCases: Case[] = [
  {
    doc: 'cidr#parsecidr',
    expr: "[parseCidr('10.144.0.0/20')]",
    expected: { network: '10.144.0.0', netmask: '255.255.240.0', broadcast: '10.144.15.255', firstUsable: '10.144.0.1', lastUsable: '10.144.15.254', cidr: 20 },
  },
  {
    doc: 'cidr#parsecidr',
    expr: "[parseCidr('fdad:3236:5555::/48')]",
    expected: { network: 'fdad:3236:5555::', netmask: 'ffff:ffff:ffff::', firstUsable: 'fdad:3236:5555::', lastUsable: 'fdad:3236:5555:ffff:ffff:ffff:ffff:ffff', cidr: 48 },
  },
  {
    doc: 'cidr#cidrsubnet',
    expr: "[map(range(0, 5), lambda('i', cidrSubnet('10.144.0.0/20', 24, lambdaVariables('i'))))]",
    expected: ['10.144.0.0/24', '10.144.1.0/24', '10.144.2.0/24', '10.144.3.0/24', '10.144.4.0/24'],
  },
  {
    doc: 'cidr#cidrsubnet',
    expr: "[map(range(0, 5), lambda('i', cidrSubnet('fdad:3236:5555::/48', 52, lambdaVariables('i'))))]",
    expected: ['fdad:3236:5555::/52', 'fdad:3236:5555:1000::/52', 'fdad:3236:5555:2000::/52', 'fdad:3236:5555:3000::/52', 'fdad:3236:5555:4000::/52'],
  },
  {
    doc: 'cidr#cidrhost',
    expr: "[map(range(0, 5), lambda('i', cidrHost('10.144.3.0/24', lambdaVariables('i'))))]",
    expected: ['10.144.3.1', '10.144.3.2', '10.144.3.3', '10.144.3.4', '10.144.3.5'],
  },
  {
    doc: 'cidr#cidrhost',
    expr: "[map(range(0, 5), lambda('i', cidrHost('fdad:3236:5555:3000::/52', lambdaVariables('i'))))]",
    expected: ['fdad:3236:5555:3000::1', 'fdad:3236:5555:3000::2', 'fdad:3236:5555:3000::3', 'fdad:3236:5555:3000::4', 'fdad:3236:5555:3000::5'],
  },
];

const withDogs: Sample = { variables: { dogs } };
const lambdaCases: Case[] = [
  { doc: 'lambda#filter', sample: withDogs, expr: "[filter(variables('dogs'), lambda('dog', greaterOrEquals(lambdaVariables('dog').age, 5)))]", expected: [dogs[0] ?? null, dogs[3] ?? null] },
  { doc: 'lambda#filter', expr: "[filter(range(0, 10), lambda('i', greater(lambdaVariables('i'), 5)))]", expected: [6, 7, 8, 9] },
  { doc: 'lambda#filter', expr: "[filter(range(0, 10), lambda('i', equals(0, mod(lambdaVariables('i'), 2))))]", expected: [0, 2, 4, 6, 8] },
  { doc: 'lambda#map', sample: withDogs, expr: "[map(variables('dogs'), lambda('dog', lambdaVariables('dog').name))]", expected: ['Evie', 'Casper', 'Indy', 'Kira'] },
  { doc: 'lambda#map', sample: withDogs, expr: "[map(variables('dogs'), lambda('dog', format('Hello {0}!', lambdaVariables('dog').name)))]", expected: ['Hello Evie!', 'Hello Casper!', 'Hello Indy!', 'Hello Kira!'] },
  {
    doc: 'lambda#map',
    sample: withDogs,
    expr: "[map(range(0, length(variables('dogs'))), lambda('i', createObject('i', lambdaVariables('i'), 'dog', variables('dogs')[lambdaVariables('i')].name, 'greeting', format('Ahoy, {0}!', variables('dogs')[lambdaVariables('i')].name))))]",
    expected: [
      { i: 0, dog: 'Evie', greeting: 'Ahoy, Evie!' },
      { i: 1, dog: 'Casper', greeting: 'Ahoy, Casper!' },
      { i: 2, dog: 'Indy', greeting: 'Ahoy, Indy!' },
      { i: 3, dog: 'Kira', greeting: 'Ahoy, Kira!' },
    ],
  },
  {
    doc: 'lambda#reduce',
    sample: { variables: { dogs, ages: "[map(variables('dogs'), lambda('dog', lambdaVariables('dog').age))]" } },
    expr: "[reduce(variables('ages'), 0, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))]",
    expected: 18,
  },
  {
    doc: 'lambda#reduce',
    sample: { variables: { dogs, ages: "[map(variables('dogs'), lambda('dog', lambdaVariables('dog').age))]" } },
    expr: "[reduce(variables('ages'), 1, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))]",
    expected: 19,
  },
  {
    doc: 'lambda#reduce',
    expr: "[reduce(createArray(createObject('foo', 123), createObject('bar', 456), createObject('baz', 789)), createObject(), lambda('cur', 'next', union(lambdaVariables('cur'), lambdaVariables('next'))))]",
    expected: { foo: 123, bar: 456, baz: 789 },
  },
  {
    doc: 'lambda#sort',
    sample: withDogs,
    expr: "[sort(variables('dogs'), lambda('a', 'b', less(lambdaVariables('a').age, lambdaVariables('b').age)))]",
    expected: [dogs[2] ?? null, dogs[1] ?? null, dogs[0] ?? null, dogs[3] ?? null],
  },
  {
    doc: 'lambda#toobject',
    sample: withDogs,
    expr: "[toObject(variables('dogs'), lambda('entry', lambdaVariables('entry').name))]",
    expected: Object.fromEntries(dogs.map((d) => [d.name, d])),
  },
  {
    doc: 'lambda#toobject',
    sample: withDogs,
    expr: "[toObject(variables('dogs'), lambda('entry', lambdaVariables('entry').name), lambda('entry', lambdaVariables('entry')))]",
    expected: Object.fromEntries(dogs.map((d) => [d.name, d])),
  },
];

const groups: [string, Case[]][] = [
  ['array', arrayCases],
  ['object', objectCases],
  ['comparison', comparisonCases],
  ['logical', logicalCases],
  ['numeric', numericCases],
  ['string', stringCases],
  ['date', dateCases],
  ['cidr', cidrCases],
  ['lambda', lambdaCases],
];

for (const [group, cases] of groups) {
  describe(`${group} functions: reference examples`, () => {
    it.each(cases.map((c) => ({ ...c, url: `${LEARN}${c.doc}` })))('$expr ($url)', ({ sample, expr, expected }) => {
      expect(run(sample ?? {}, expr)).toEqual(expected);
    });
  });
}
