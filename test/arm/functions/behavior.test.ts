/**
 * Rules the reference pages state in prose (no output table), each case naming the page and the rule,
 * plus the decisions this library makes where the reference is silent (marked "choice").
 */
import { describe, expect, it } from 'vitest';
import { evaluateString, seededGuids, standardFunctions } from '../../../src/arm/expr/index.js';
import type { EvalContext, Value } from '../../../src/arm/types.js';
import { isUnknown } from '../../../src/core/unknown.js';

const ctx: EvalContext = { functions: standardFunctions };
const ev = (s: string, c: EvalContext = ctx): Value => evaluateString(s, c);
const L = 'https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-';

describe('array and object functions', () => {
  it.each<[string, Value, string]>([
    ["[flatten(createArray(createArray('one', 'two'), createArray('three'), createArray('four', 'five')))]", ['one', 'two', 'three', 'four', 'five'], `${L}array#flatten: flattens an array of arrays`],
    ["[indexFromEnd(createArray('a', 'b', 'c'), 1)]", 'c', `${L}array#indexfromend: 1 is the last element`],
    ["[tryIndexFromEnd(createArray('a', 'b', 'c'), 4)]", null, `${L}array#tryindexfromend: null when out of range`],
    ["[indexOf(createArray('a', 'b', 'c', 'b'), 'b')]", 1, `${L}array#indexof`],
    ["[lastIndexOf(createArray('a', 'b', 'c', 'b'), 'b')]", 3, `${L}array#lastindexof`],
    ["[indexOf(createArray(createArray(1), createArray(2)), createArray(2))]", 1, `${L}array#indexof: deep equality`],
    ["[indexOf(createArray('a'), 'z')]", -1, `${L}array#indexof: -1 when absent`],
    ["[tryGet(createObject('a', createObject('b', 1)), 'a', 'b')]", 1, `${L}object#tryget`],
    ["[tryGet(createObject('a', 1), 'missing')]", null, `${L}object#tryget: null when absent`],
    ["[tryGet(createArray(1, 2), 5)]", null, `${L}array#tryget: null when out of range`],
    ["[objectKeys(createObject('b', 1, 'a', 2))]", ['a', 'b'], 'https://github.com/Azure/bicep/issues/14057: objectKeys({ b: 2, a: 1 }) returns [a, b]'],
    ["[shallowMerge(createArray(createObject('one', 'a'), createObject('two', 'b'), createObject('two', 'c')))]", { one: 'a', two: 'c' }, `${L}object#shallowmerge: later wins`],
    ["[shallowMerge(createArray(createObject('a', createObject('x', 1)), createObject('a', createObject('y', 2))))]", { a: { y: 2 } }, `${L}object#shallowmerge: nested objects are replaced, not merged`],
    ["[contains(createObject('One', 1), 'one')]", true, `${L}object#contains: keys compare case-insensitively`],
    ["[contains('OneTwo', 'one')]", false, `${L}string#contains: strings compare case-sensitively`],
    ["[union(createArray(1, 2), createArray(2, 3), createArray(3, 4))]", [1, 2, 3, 4], `${L}array#union: duplicates once, first position kept`],
    ["[intersection(createArray(1, 2, 3), createArray(2, 3), createArray(3))]", [3], `${L}array#intersection: more than two arrays`],
    ["[take(createArray(1, 2), -1)]", [], `${L}array#take: 0 or less gives an empty array`],
    ["[skip('abc', 10)]", '', `${L}array#skip: more than the length gives an empty string`],
    ["[first(createArray())]", null, 'choice: first of an empty array is null'],
    ["[empty(null())]", true, `${L}object#null`],
    ["[length(json('{\"a\":{\"b\":1},\"c\":2}'))]", 2, `${L}object#length: root-level properties`],
    ["[items(createObject('b', 1, 'C', 2, 'a', 3))]", [{ key: 'a', value: 3 }, { key: 'b', value: 1 }, { key: 'C', value: 2 }], `${L}object#items: sorted alphabetically, ignoring case`],
    ["[items(createObject('A', 2, 'a', 1))]", [{ key: 'A', value: 2 }, { key: 'a', value: 1 }], 'https://github.com/Azure/bicep/issues/14057: keys differing only in case keep their order (A, a)'],
    ["[items(createObject('a', 2, 'A', 1))]", [{ key: 'a', value: 2 }, { key: 'A', value: 1 }], 'https://github.com/Azure/bicep/issues/14057: keys differing only in case keep their order (a, A)'],
  ])('%s -> %j (%s)', (s, want) => expect(ev(s)).toEqual(want));
});

describe('lambda functions', () => {
  it.each<[string, Value, string]>([
    ["[mapValues(createObject('foo', 'foo', 'bar', 'bar'), lambda('val', toUpper(lambdaVariables('val'))))]", { foo: 'FOO', bar: 'BAR' }, `${L}lambda#mapvalues`],
    ["[groupBy(createArray('foo', 'bar', 'baz'), lambda('x', substring(lambdaVariables('x'), 0, 1)))]", { f: ['foo'], b: ['bar', 'baz'] }, `${L}lambda#groupby`],
    ["[groupBy(createArray('foo', 'bar', 'baz'), lambda('x', substring(lambdaVariables('x'), 0, 1)), lambda('x', toUpper(lambdaVariables('x'))))]", { f: ['FOO'], b: ['BAR', 'BAZ'] }, 'https://github.com/Azure/bicep/blob/main/src/Bicep.Core/Semantics/Namespaces/SystemNamespaceType.cs: groupBy optional valuePredicate maps each grouped element'],
    ["[groupBy(createArray(1, 2, 3, 4), lambda('n', if(equals(mod(lambdaVariables('n'), 2), 0), 'even', 'odd')), lambda('n', mul(lambdaVariables('n'), 10)))]", { odd: [10, 30], even: [20, 40] }, 'https://github.com/Azure/bicep/blob/main/src/Bicep.Core/Semantics/Namespaces/SystemNamespaceType.cs: groupBy valuePredicate, order of first occurrence kept'],
    ["[map(createArray('a', 'b'), lambda('x', 'i', concat(lambdaVariables('x'), string(lambdaVariables('i')))))]", ['a0', 'b1'], `${L}lambda#map: optional index parameter`],
    ["[filter(createArray('a', 'b', 'c'), lambda('x', 'i', not(equals(lambdaVariables('i'), 1))))]", ['a', 'c'], `${L}lambda#filter: optional index parameter`],
    ["[sort(createArray(2, 1, 2, 0), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]", [0, 1, 2, 2], `${L}lambda#sort`],
  ])('%s -> %j (%s)', (s, want) => expect(ev(s)).toEqual(want));

  it('groupBy keys named like Object.prototype members are keys like any other (choice: a Map, issue 13)', () => {
    const got = ev("[groupBy(createArray('constructor', 'toString', '__proto__', 'constructor'), lambda('x', lambdaVariables('x')))]") as Record<string, Value>;
    expect(Object.keys(got)).toEqual(['constructor', 'toString', '__proto__']);
    expect(Object.getOwnPropertyDescriptor(got, '__proto__')?.value).toEqual(['__proto__']);
    expect(got.constructor).toEqual(['constructor', 'constructor']);
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
  });

  it('a lambda outside a lambda-taking function is refused where it is written', () => {
    // "Lambda expression can only be specified directly as function arguments in these functions: filter(),
    // groupBy(), map(), mapValues(), reduce(), sort(), and toObject()" (${L}lambda, Limitations, read 2026-12-08).
    expect(() => ev("[length(lambda('x', 1))]")).toThrow(/lambda\(\) at offset 7 is not allowed as an argument of length\(\): a lambda can only be an argument of filter\(\)/);
  });
});

describe('string functions', () => {
  it.each<[string, Value, string]>([
    ["[concat('a', 1, true)]", 'a1True', 'choice: .NET ToString of int and bool in string concat'],
    ["[string(true)]", 'True', 'choice: .NET Boolean.ToString'],
    ["[string(null())]", '', 'choice: string(null) is empty'],
    ["[padLeft(123, 5, '0')]", '00123', `${L}string#padleft: valueToPad may be an int`],
    ["[padLeft('abcdef', 3)]", 'abcdef', `${L}string#padleft: longer strings are not cut`],
    ["[split('a,,b', ',')]", ['a', '', 'b'], 'choice: .NET String.Split keeps empty entries'],
    ["[substring('abc', 1)]", 'bc', `${L}string#substring: length omitted gives the remainder`],
    ["[uri('http://contoso.com/resources/nested/azuredeploy.json', 'azuredeploy.parameters.json')]", 'http://contoso.com/resources/nested/azuredeploy.parameters.json', `${L}string#uri: base without trailing slash loses its last segment`],
    ["[uri('http://contoso.com', 'nested/a.json')]", 'http://contoso.com/nested/a.json', `${L}string#uri: base with no path`],
    ["[uri('http://contoso.com/resources/', '/nested/a.json')]", 'http://contoso.com/nested/a.json', `${L}string#uri: a rooted relative path replaces the base path`],
    // "the baseUri and relativeUri parameters are resolved as specified in RFC 3986, section 5" (${L}string#uri,
    // read 2026-12-07); expected values from the reference's list and RFC 3986 section 5.4.1.
    ["[uri('http://contoso.org/firstpath/azuredeploy.json/', 'myscript.sh')]", 'http://contoso.org/firstpath/azuredeploy.json/myscript.sh', `${L}string#uri: example list`],
    ["[uri('http://contoso.org/a/b', '../c')]", 'http://contoso.org/c', 'https://www.rfc-editor.org/rfc/rfc3986#section-5.2.4: dot segments removed'],
    ["[uri('http://a/b/c/d;p?q', '../../../g')]", 'http://a/g', 'https://www.rfc-editor.org/rfc/rfc3986#section-5.4.2: abnormal example'],
    ["[uri('http://a/b/c/d;p?q', 'g;x=1/../y')]", 'http://a/b/c/y', 'https://www.rfc-editor.org/rfc/rfc3986#section-5.4.2'],
    ["[uri('http://a/b/c/d;p?q', './g')]", 'http://a/b/c/g', 'https://www.rfc-editor.org/rfc/rfc3986#section-5.4.1'],
    ["[uri('http://a/b/c/d;p?q', '?y')]", 'http://a/b/c/d;p?y', 'https://www.rfc-editor.org/rfc/rfc3986#section-5.4.1: a query alone keeps the base path'],
    ["[uri('http://a/b/c/d;p?q', '//g')]", 'http://g', 'https://www.rfc-editor.org/rfc/rfc3986#section-5.4.1: a network-path reference keeps the scheme'],
    ["[uriComponent('a b!*')]", 'a%20b%21%2A', 'choice: .NET Uri.EscapeDataString escapes !*\'()'],
    ["[base64ToString(base64('ü€'))]", 'ü€', `${L}string#base64: UTF-8`],
    ["[format('{0,5}|{1,-4}|{{x}}', 'ab', 'c')]", '   ab|c   |{x}', 'https://learn.microsoft.com/dotnet/standard/base-types/composite-formatting: alignment and brace escapes'],
    ["[format('{0:N2} {0:F1} {1:D4} {1:X} {1:x4} {2:P1}', float('1234.567'), 255, float('0.125'))]", '1,234.57 1234.6 0255 FF 00ff 12.5 %', 'https://learn.microsoft.com/dotnet/standard/base-types/standard-numeric-format-strings'],
    ["[format('{0:0.00} {0:#,##0}', float('1234.5'))]", '1234.50 1,235', 'https://learn.microsoft.com/dotnet/standard/base-types/custom-numeric-format-strings'],
    // "Fixed-point notation is used if the exponent … is greater than -5 and less than the precision specifier;
    // otherwise, scientific notation is used"; "The exponent contains a minimum of two digits" (read 2026-12-07).
    // G4 of 1234.5 (a Double exactly halfway) is 1234: the digits of a Double are exactly rounded, a tie to
    // the even digit (dotnet/runtime Number.Dragon4.cs: "if we are directly in the middle, round towards the
    // even digit (i.e. IEEE rouding rules)", read 2026-12-08).
    ["[format('{0:G3}|{0:G4}|{0:G6}|{1:g2}|{1:G3}|{2:G2}|{3:G2}', float('1234.5'), float('0.00001234'), 1234, float('99.9'))]", '1.23E+03|1234|1234.5|1.2e-05|1.23E-05|1.2E+03|1E+02', 'https://learn.microsoft.com/dotnet/standard/base-types/standard-numeric-format-strings#GFormatString'],
    ["[format('{0:G2}|{1:G10}|{2:G3}', float('0.0001234'), 1234, float('-1234.5'))]", '0.00012|1234|-1.23E+03', 'https://learn.microsoft.com/dotnet/standard/base-types/standard-numeric-format-strings#GFormatString: exponent -4 is fixed-point'],
    ["[format('{0} {1}', true, 'x')]", 'True x', 'choice: .NET Boolean.ToString'],
    ["[json('{''a'': 1, /* c */ b: [1,]}')]", { a: 1, b: [1] }, 'choice: Json.NET leniency (single quotes, comments, bare names, trailing commas)'],
    // 64-bit integers up to their limits, and long digit runs in strings, names and comments, are read as they are.
    ["[json('[9223372036854775807, -9223372036854775808]')]", [9223372036854775807, -9223372036854775808], 'bicep/data-types#integers: 64-bit'],
    ["[json('{\"id\": \"12345678901234567890\", \"n\": 1.5e+30}')]", { id: '12345678901234567890', n: 1.5e30 }, 'a string and a double, not integers'],
    ["[json('{k12345678901234567890: ''99999999999999999999'' /* 99999999999999999999 */}')]", { k12345678901234567890: '99999999999999999999' }, 'lenient JSON: a name, a single-quoted string and a comment'],
  ])('%s -> %j (%s)', (s, want) => expect(ev(s)).toEqual(want));
});

describe('numeric functions', () => {
  it.each<[string, Value, string]>([
    ['[div(-7, 2)]', -3, `${L}numeric#div: integer division truncates`],
    ['[mod(-7, 2)]', -1, `${L}numeric#mod: sign of the dividend`],
    ["[float('3.5')]", 3.5, `${L}numeric#float`],
    ['[int(-3)]', -3, `${L}numeric#int`],
    ["[int(' 42 ')]", 42, 'choice: surrounding spaces accepted, as Int64.Parse does'],
    ['[max(createArray(1, 9, 3))]', 9, `${L}numeric#max`],
  ])('%s -> %j (%s)', (s, want) => expect(ev(s)).toEqual(want));
});

describe('date functions and deterministic clocks', () => {
  const at = { ...ctx, now: new Date('2020-04-07T14:53:14Z') };
  it.each<[string, Value]>([
    ["[utcNow('u')]", '2020-04-07 14:53:14Z'],
    ["[utcNow('yyyy-MM-ddTHH:mm:ss')]", '2020-04-07T14:53:14'],
    ["[utcNow('o')]", '2020-04-07T14:53:14.0000000Z'],
    ["[dateTimeAdd(utcNow('u'), '-P9D')]", '2020-03-29 14:53:14Z'],
    ["[dateTimeAdd(utcNow('u'), 'PT1H', 'yyyy-MM-dd HH:mm')]", '2020-04-07 15:53'],
    ["[dateTimeAdd('2020-04-07T14:53:14Z', 'P1DT2H30M')]", '2020-04-08T17:23:14Z'],
  ])('%s at 2020-04-07T14:53:14Z -> %j', (s, want) => expect(ev(s, at)).toEqual(want));

  // Without a format, dateTimeAdd() writes its result in the base value's format: "If not provided, the
  // format of the base value is used" (${L}date#datetimeadd, parameter table).
  it.each<[string, Value]>([
    ["[dateTimeAdd('2020-04-07 14:53:14Z', 'PT1H')]", '2020-04-07 15:53:14Z'],
    ["[dateTimeAdd('20200407T145314Z', 'P1D')]", '20200408T145314Z'],
    ["[dateTimeAdd(utcNow(), 'P1D')]", '20200408T145314Z'],
    ["[dateTimeAdd('2020-04-07T14:53:14.250Z', 'PT0.5S')]", '2020-04-07T14:53:14.750Z'],
    ["[dateTimeAdd('2020-04-07T14:53', 'PT30M')]", '2020-04-07T15:23'],
    ["[dateTimeAdd('2020-04-07', 'P1D')]", '2020-04-08'],
    // Seven fraction digits, .NET's ticks ("one tick (100 nanoseconds)", learn.microsoft.com/dotnet/api/system.datetime.maxvalue,
    // read 2026-12-08; 'fffffff' in the reference's custom-date-and-time-format-strings), kept through the
    // addition, not cut to milliseconds.
    ["[dateTimeAdd('2020-01-01T00:00:00.1234567Z', 'PT1H')]", '2020-01-01T01:00:00.1234567Z'],
    ["[dateTimeAdd('2020-01-01T00:00:00.9999999Z', 'PT0.0000001S')]", '2020-01-01T00:00:01.0000000Z'],
    ["[dateTimeAdd('2020-01-01T00:00:00.1234567Z', '-PT0.0000008S')]", '2020-01-01T00:00:00.1234559Z'],
    ["[dateTimeAdd('2020-01-01T00:00:00Z', 'PT0.0000001S', 'o')]", '2020-01-01T00:00:00.0000001Z'],
    ["[dateTimeAdd('2020-01-01T00:00:00.1234567+01:00', 'PT0S')]", '2020-01-01T00:00:00.1234567+01:00'],
    // Years before 100 are those years (Date.UTC would read 50 as 1950), and the first and last dates .NET's
    // DateTime holds are dates like any other (https://learn.microsoft.com/dotnet/api/system.datetime.maxvalue).
    ["[dateTimeAdd('0050-06-01T00:00:00Z', 'P1D')]", '0050-06-02T00:00:00Z'],
    ["[dateTimeAdd('0001-01-01T00:00:00Z', 'PT1H')]", '0001-01-01T01:00:00Z'],
    ["[dateTimeAdd('9999-12-31T22:00:00Z', 'PT1H')]", '9999-12-31T23:00:00Z'],
    ["[dateTimeFromEpoch(253402300799)]", '9999-12-31T23:59:59Z'],
    ["[dateTimeFromEpoch(-62135596800)]", '0001-01-01T00:00:00Z'],
    ["[dateTimeToEpoch('0050-06-01T00:00:00Z')]", -60576249600],
    // Leap days that exist, and ISO 8601's 24:00:00 (the end of the day), are dates like any other.
    ["[dateTimeAdd('2020-02-29', 'P1D')]", '2020-03-01'],
    ["[dateTimeAdd('2000-02-29', 'P1D')]", '2000-03-01'],
    ["[dateTimeAdd('2020-01-01T24:00:00Z', 'PT1H')]", '2020-01-02T01:00:00Z'],
    ["[dateTimeAdd('2020-04-07T23:30:00+02:00', 'PT1H')]", '2020-04-08T00:30:00+02:00'],
    ["[dateTimeAdd('2020-04-07T14:53:14Z', 'P1D', 'o')]", '2020-04-08T14:53:14.0000000Z'],
  ])('%s keeps the base format -> %j (%s)', (s, want) => expect(ev(s, at)).toEqual(want));

  it('utcNow() and newGuid() are Unknown without a clock or generator in the context', () => {
    expect(isUnknown(ev('[utcNow()]'))).toBe(true);
    expect(isUnknown(ev('[newGuid()]'))).toBe(true);
    expect(isUnknown(ev("[dateTimeAdd(utcNow(), 'PT1H')]"))).toBe(true);
  });

  it('seededGuids gives the same sequence for the same seed and GUID-shaped values', () => {
    const a = { ...ctx, newGuid: seededGuids('run-1') };
    const b = { ...ctx, newGuid: seededGuids('run-1') };
    const first = ev('[newGuid()]', a);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ev('[newGuid()]', a)).not.toBe(first);
    expect(ev('[newGuid()]', b)).toBe(first);
  });
});

/** Every function rejects a wrong argument count and a wrong argument type with its own name in the error. */
describe('errors name the function', () => {
  it.each<[string, RegExp]>([
    ['[concat(createArray(1), 2)]', /concat\(\): the second argument must be an array/],
    ["[contains(1, 'a')]", /contains\(\): the first argument must be a string, array or object/],
    ['[empty(1)]', /empty\(\): the first argument/],
    ["[if('yes', 1, 2)]", /if\(\): the first argument must be a boolean/],
    ["[and(true, 'x')]", /and\(\): the second argument must be a boolean/],
    ['[not(1)]', /not\(\): the first argument must be a boolean/],
    ["[bool('maybe')]", /bool\(\): the string 'maybe'/],
    ["[greater(1, 'a')]", /greater\(\): both arguments must be integers or both strings/],
    ["[add(1, '2')]", /add\(\): the second argument must be an integer/],
    ["[int('4.5')]", /int\(\): the string '4.5' is not an integer/],
    // A date no calendar has is refused, not carried into the next month or day: "ISO 8601 format is
    // expected" (template-functions-date#datetimeadd, read 2026-12-08).
    ["[dateTimeAdd('2020-02-31T00:00:00Z', 'PT1H')]", /dateTimeAdd\(\): '2020-02-31T00:00:00Z' is not a date and time: day 31 is not between 1 and 29, the days of February 2020/],
    ["[dateTimeAdd('2021-02-29T00:00:00Z', 'PT1H')]", /day 29 is not between 1 and 28, the days of February 2021/],
    ["[dateTimeAdd('1900-02-29', 'P1D')]", /day 29 is not between 1 and 28, the days of February 1900/],
    ["[dateTimeToEpoch('2020-04-31T00:00:00Z')]", /dateTimeToEpoch\(\): '2020-04-31T00:00:00Z' is not a date and time: day 31 is not between 1 and 30, the days of April 2020/],
    ["[dateTimeAdd('2020-13-01T00:00:00Z', 'PT1H')]", /month 13 is not between 1 and 12/],
    ["[dateTimeAdd('2020-00-10T00:00:00Z', 'PT1H')]", /month 0 is not between 1 and 12/],
    ["[dateTimeAdd('2020-01-01T24:30:00Z', 'PT1H')]", /hour 24 is not between 0 and 23 \(24 only as 24:00:00/],
    ["[dateTimeAdd('2020-01-01T23:60:00Z', 'PT1H')]", /minute 60 is not between 0 and 59/],
    // Past .NET's DateTime (0001-01-01 to 9999-12-31, learn.microsoft.com/dotnet/api/system.datetime.maxvalue):
    // refused, not written as year 10000, year 1900 or "NaN".
    ["[dateTimeAdd('9999-12-31T23:00:00Z', 'PT2H')]", /dateTimeAdd\(\): '9999-12-31T23:00:00Z' plus PT2H is outside the dates ARM's date functions hold \(.NET's DateTime, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z\)/],
    ["[dateTimeAdd('0001-01-01T00:00:00Z', '-PT1H')]", /'0001-01-01T00:00:00Z' plus -PT1H is outside the dates/],
    ["[dateTimeAdd('2020-01-01T00:00:00Z', 'P99999999999Y')]", /plus P99999999999Y is outside the dates/],
    ["[dateTimeFromEpoch(253402300800)]", /dateTimeFromEpoch\(\): the epoch time 253402300800 is outside the dates/],
    ["[dateTimeFromEpoch(9000000000000000)]", /the epoch time 9000000000000000 is outside the dates/],
    ["[dateTimeToEpoch('0000-06-01T00:00:00Z')]", /dateTimeToEpoch\(\): '0000-06-01T00:00:00Z' is outside the dates/],
    // A Float is neither truncated nor rounded: Azure takes 'Integer, String' only (template-functions-numeric#int,
    // read 2026-12-08; https://github.com/Azure/azure-quickstart-templates/issues/2019 quotes Azure's message).
    ["[int(json('2.5'))]", /int\(\): the value 2\.5 is a Float, and int\(\) converts only an Integer or a String/],
    ["[int(json('-2.5'))]", /int\(\): the value -2\.5 is a Float/],
    ["[int(float('2.7'))]", /int\(\): the value 2\.7 is a Float/],
    // max() and min() take integers ("array of integers, or comma-separated list of integers", numeric#max, #min).
    ["[max(json('1.5'), 2)]", /max\(\): the first argument must be an integer, but it is Float/],
    ["[min(json('[1, 2.5]'))]", /min\(\): the second argument must be an integer, but it is Float/],
    ["[float('x')]", /float\(\): the first argument must be a number/],
    ['[range(0, 10001)]', /range\(\): count 10001 must be between 0 and 10000/],
    ["[createObject('a')]", /createObject\(\): arguments come in key, value pairs/],
    ["[flatten(createArray(1))]", /flatten\(\): element 0 is Integer/],
    ["[indexFromEnd(createArray(1), 2)]", /indexFromEnd\(\): index 2 from the end is outside/],
    ["[items(createArray())]", /items\(\): the first argument must be an object/],
    ["[json('{bad')]", /json\(\): invalid JSON/],
    // An integer beyond 64 bits, refused as the template reader refuses one rather than rounded to a double
    // ("In Bicep, integers are 64-bit integers", bicep/data-types#integers, read 2026-12-08).
    ["[json('12345678901234567890')]", /json\(\): the integer 12345678901234567890 does not fit in 64 bits/],
    ["[json('{\"a\": [1, -9223372036854775809]}')]", /json\(\): the integer -9223372036854775809 does not fit in 64 bits/],
    ["[json('{a: 99999999999999999999}')]", /json\(\): the integer 99999999999999999999 does not fit in 64 bits/],
    ["[base64ToJson(base64('[18446744073709551616]'))]", /base64ToJson\(\): the integer 18446744073709551616 does not fit in 64 bits/],
    ["[base64ToString('***')]", /base64ToString\(\): '\*\*\*' is not valid base64/],
    ["[format('{1}', 'a')]", /format\(\): '\{1\}' refers to argument 1/],
    ["[format('{0:Q}', 1)]", /format\(\): the format string 'Q' is not supported/],
    ["[replace('a', '', 'b')]", /replace\(\): the string to replace must not be empty/],
    // Azure's message as the reference's remarks quote it (template-functions-string#substring, read 2026-12-07).
    ["[substring('1234567890', 0, 11)]", /substring\(\): The index and length parameters must refer to a location within the string\. The index parameter: '0', the length parameter: '11', the length of the string parameter: '10'\./],
    ["[substring('abc', 1, -1)]", /substring\(\): The index and length parameters must refer to a location within the string\. The index parameter: '1', the length parameter: '-1'/],
    ["[padLeft('a', 3, 'xy')]", /padLeft\(\): the padding character must be one character/],
    ["[padLeft('a', 100000000)]", /padLeft\(\): totalLength 100000000 exceeds the 4194304-character limit of this tool/],
    ["[format('{0,100000000}', 'a')]", /format\(\): alignment 100000000 exceeds/],
    ["[dateTimeAdd('yesterday', 'P1D')]", /dateTimeAdd\(\): 'yesterday' is not an ISO 8601 date/],
    ["[dateTimeAdd('2020-01-01T00:00:00Z', '1 day')]", /dateTimeAdd\(\): '1 day' is not an ISO 8601 duration/],
    ["[parseCidr('10.0.0.0')]", /parseCidr\(\): '10.0.0.0' is not in CIDR notation/],
    ["[parseCidr('10.0.0.256/8')]", /parseCidr\(\): '10.0.0.256' is not a valid IPv4 address/],
    ["[cidrSubnet('10.0.0.0/24', 16, 0)]", /cidrSubnet\(\): the new prefix \/16 must be between \/24/],
    ["[cidrSubnet('10.0.0.0/24', 26, 4)]", /cidrSubnet\(\): subnet index 4 is outside 0..3/],
    ["[cidrHost('10.0.0.0/30', 2)]", /cidrHost\(\): host index 2 is outside the usable addresses/],
    ["[filter(createArray(1), lambda('x', 1))]", /filter\(\): the lambda must return a boolean/],
    ["[toObject(createArray(1), lambda('x', lambdaVariables('x')))]", /toObject\(\): the key lambda must return a string/],
    ["[uniqueString()]", /uniqueString\(\) takes at least 1 argument/],
    ["[toLower('a', 'b')]", /toLower\(\) takes 1 argument\(s\) but was given 2/],
  ])('%s', (s, message) => {
    expect(() => ev(s)).toThrow(message);
  });
});
