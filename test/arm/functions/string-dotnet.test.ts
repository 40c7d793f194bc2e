/**
 * String functions where .NET and JavaScript differ: casing, trim(), base64 and padLeft().
 *
 * toUpper(), toLower() and the case-insensitive searches change case as .NET's invariant casing does:
 * code point by code point by the simple Unicode mapping, never changing the length
 * (dotnet/runtime src/native/libs/System.Globalization.Native/pal_casing.c, GlobalizationNative_ChangeCaseInvariant,
 * with U+0131 upper-casing and U+0130 lower-casing to themselves; "Straße".ToUpperInvariant() returns "STRAßE",
 * https://github.com/dotnet/runtime/issues/86794; read 2026-12-08). ARM's reference: indexOf and lastIndexOf
 * of strings and startsWith/endsWith are case-insensitive
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string, read 2026-12-08).
 */
import { describe, expect, it } from 'vitest';
import { evaluateString, standardFunctions } from '../../../src/arm/expr/index.js';
import type { EvalContext, Value } from '../../../src/arm/types.js';

const ctx: EvalContext = { functions: standardFunctions };
const ev = (s: string): Value => evaluateString(s, ctx);

describe('invariant casing', () => {
  it.each<[string, Value, string]>([
    ["[toUpper('straße')]", 'STRAßE', 'ß has no simple upper-case mapping (dotnet/runtime#86794: STRAßE)'],
    ["[toUpper('ﬁle')]", 'ﬁLE', 'the ligature ﬁ has no simple upper-case mapping'],
    ["[toUpper('ᾳ')]", 'ᾼ', 'UnicodeData: U+1FB3 upper-cases to U+1FBC (its full mapping is ΑΙ)'],
    ["[toUpper('ı')]", 'ı', 'pal_casing.c: U+0131 capitalizes to itself, as on Windows'],
    ["[toLower('İSTANBUL')]", 'İstanbul', 'pal_casing.c: U+0130 lower-cases to itself, as on Windows'],
    ["[toLower('ΟΔΟΣ')]", 'οδοσ', 'code point by code point: no final-sigma rule'],
    ["[toUpper('𐐨x')]", '𐐀X', 'a code point outside the BMP maps as one (U+10428 to U+10400)'],
    ["[toLower('Hub-VNet')]", 'hub-vnet', 'ASCII as before'],
    ["[indexOf('İabc', 'A')]", 1, 'the index is that of the original text (JavaScript lower-cases İ to two code units)'],
    ["[indexOf('straße-x', 'X')]", 7, 'the index is that of the original text (JavaScript upper-cases ß to SS)'],
    ["[lastIndexOf('ßaßa', 'A')]", 3, 'lastIndexOf likewise'],
    ["[startsWith('ßtrasse', 'ss')]", false, 'ß is not SS'],
    ["[endsWith('Straße', 'SSE')]", false, 'ß is not SS'],
    ["[endsWith('Straße', 'ßE')]", true, 'case-insensitive otherwise'],
  ])('%s -> %j (%s)', (expr, want) => expect(ev(expr)).toEqual(want));
});

describe('trim()', () => {
  // .NET String.Trim() removes what Char.IsWhiteSpace accepts: Zs, U+2028, U+2029, U+0009–U+000D and U+0085
  // (https://learn.microsoft.com/dotnet/api/system.char.iswhitespace, read 2026-12-08); U+FEFF is not among them.
  it.each<[string, string]>([
    ['\u0085 a\u00a0', 'a'],
    ['\ufeffa\ufeff', '\ufeffa\ufeff'],
    ['\u3000\u2028a b\u2029\t', 'a b'],
    ['  Test  ', 'Test'],
  ])('trim(%j) -> %j', (text, want) => expect(ev(`[trim('${text}')]`)).toBe(want));
});

describe('base64 and padLeft as .NET reads them', () => {
  // Convert.FromBase64String: "The length of s, ignoring white-space characters, is not zero or a multiple
  // of 4" is a FormatException; tab, line feed, carriage return and space are ignored anywhere
  // (https://learn.microsoft.com/dotnet/api/system.convert.frombase64string, read 2026-12-08).
  it.each<[string, Value]>([
    ["[base64ToString('YQ==')]", 'a'],
    ["[base64ToString('SGVs bG8=')]", 'Hello'],
    ["[base64ToString('')]", ''],
  ])('%s -> %j', (expr, want) => expect(ev(expr)).toEqual(want));

  it.each<[string, RegExp]>([
    ["[base64ToString('YQ')]", /base64ToString\(\): 'YQ' is not valid base64: .*its length a multiple of 4/],
    ["[base64ToJson('e30')]", /base64ToJson\(\): 'e30' is not valid base64/],
    ["[dataUriToString('data:;base64,SGVsbG8')]", /dataUriToString\(\): 'SGVsbG8' is not valid base64/],
    // String.PadLeft: ArgumentOutOfRangeException when "totalWidth is less than zero"
    // (https://learn.microsoft.com/dotnet/api/system.string.padleft, read 2026-12-08).
    ["[padLeft('abc', -1)]", /padLeft\(\): totalLength -1 must not be negative/],
  ])('%s is refused', (expr, error) => expect(() => ev(expr)).toThrow(error));
});
