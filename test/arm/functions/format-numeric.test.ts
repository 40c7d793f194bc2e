/**
 * format() of numbers: .NET numeric format strings under the invariant culture
 * (template-functions-string#format: "uses the composite format syntax of String.Format"). Each expected
 * result is one .NET documents, read 2026-12-08:
 * - STD: https://learn.microsoft.com/dotnet/standard/base-types/standard-numeric-format-strings (the
 *   examples table; en-US results with the invariant culture's "¤" for the currency symbol);
 * - CUSTOM: https://learn.microsoft.com/dotnet/standard/base-types/custom-numeric-format-strings (the
 *   examples table and the per-specifier examples, en-US or invariant);
 * - NFI: the invariant NumberFormatInfo (learn.microsoft.com/dotnet/api/system.globalization.numberformatinfo.*:
 *   CurrencySymbol "¤", CurrencyNegativePattern 0 "($n)", PercentNegativePattern 0 "-n %");
 * - RUNTIME: dotnet/runtime src/libraries/System.Private.CoreLib/src/System/Number.Formatting.cs
 *   (its comment table of standard formats; FormatInt64: no "R" for integers; Int64ToHexStr) and
 *   Number.Dragon4.cs ("if we are directly in the middle, round towards the even digit").
 * Numbers are written as float('…') where the value is not integral (a Double), as integers otherwise
 * (ARM integers are Int64: https://learn.microsoft.com/azure/azure-resource-manager/templates/data-types#integers).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateString, standardFunctions } from '../../../src/arm/expr/index.js';
import type { EvalContext, Value } from '../../../src/arm/types.js';

const ctx: EvalContext = { functions: standardFunctions };
const ev = (s: string): Value => evaluateString(s, ctx);
const fmt = (value: string, spec: string): Value => ev(`[format('{0:${spec.replace(/'/g, "''")}}', ${value})]`);

describe('format() with standard numeric format strings', () => {
  it.each<[string, string, string, string]>([
    ["float('123.456')", 'C', '¤123.46', 'STD C; NFI CurrencySymbol'],
    ["float('-123.456')", 'C3', '(¤123.456)', 'STD C3; NFI CurrencyNegativePattern 0'],
    ['12', 'C0', '¤12', 'NFI CurrencyPositivePattern 0'],
    ['-1234567', 'c', '(¤1,234,567.00)', 'NFI: two decimal digits, groups of three'],
    ['1234', 'D', '1234', 'STD D'],
    ['-1234', 'D6', '-001234', 'STD D6'],
    ["float('1052.0329112756')", 'E', '1.052033E+003', 'STD E'],
    ["float('-1052.0329112756')", 'e2', '-1.05e+003', 'STD e2'],
    ["float('12345.6789')", 'E10', '1.2345678900E+004', 'RUNTIME table'],
    ['1234567', 'E0', '1E+006', 'RUNTIME FormatScientific: no decimal point for E0'],
    ["float('1234.567')", 'F', '1234.57', 'STD F'],
    ['1234', 'F1', '1234.0', 'STD F1'],
    ["float('-1234.56')", 'F4', '-1234.5600', 'STD F4'],
    ["float('-123.456')", 'G', '-123.456', 'STD G'],
    ["float('123.4546')", 'G4', '123.5', 'STD G4'],
    ["float('-1.234567890e-25')", 'G', '-1.23456789E-25', 'STD G: shortest digits, scientific below 1E-04'],
    ['123456789', 'G7', '1.234568E+08', 'RUNTIME table (FormatGeneral writes two exponent digits and a sign)'],
    ["float('0.00001')", 'G', '1E-05', 'STD G: "-1.234567890e-25 -> -1.23456789E-25" shape, not JavaScript\'s 1e-5'],
    ["float('1234.567')", 'N', '1,234.57', 'STD N'],
    ['1234', 'N1', '1,234.0', 'STD N1'],
    ["float('-1234.56')", 'N3', '-1,234.560', 'STD N3'],
    ['1', 'P', '100.00 %', 'STD P'],
    ["float('-0.39678')", 'P1', '-39.7 %', 'STD P1; NFI PercentNegativePattern 0'],
    ["float('123456789.12345678')", 'R', '123456789.12345678', 'STD R'],
    ["float('-1234567890.12345678')", 'R', '-1234567890.1234567', 'STD R'],
    ['255', 'X', 'FF', 'STD X'],
    ['255', 'x4', '00ff', 'STD x4'],
    ['-1', 'X', 'FFFFFFFFFFFFFFFF', 'RUNTIME Int64ToHexStr: the 64-bit two\'s complement of an Int64'],
    ["float('2.5')", 'F0', '2', 'STD: "the runtime selects the result with an even least significant digit"'],
    ["float('0.125')", 'F2', '0.12', 'STD: a tie to the even digit'],
    ["float('0.375')", 'N2', '0.38', 'STD: a tie to the even digit'],
    ["float('1234.5')", 'G4', '1234', 'RUNTIME Dragon4: round towards the even digit'],
  ])('%s {0:%s} -> %s (%s)', (value, spec, want) => expect(fmt(value, spec)).toBe(want));
});

describe('format() with custom numeric format strings', () => {
  it.each<[string, string, string]>([
    ["float('1234.5678')", '00000', '01235'],
    ["float('0.45678')", '0.00', '0.46'],
    ["float('1234.5678')", '#####', '1235'],
    ["float('0.45678')", '#.##', '.46'],
    ['2147483647', '##,#', '2,147,483,647'],
    ['2147483647', '#,#,,', '2,147'],
    ["float('0.3697')", '%#0.00', '%36.97'],
    ["float('0.3697')", '##.0 %', '37.0 %'],
    ["float('0.03697')", '#0.00‰', '36.97‰'],
    ['987654', '#0.0e0', '98.8e4'],
    ["float('1503.92311')", '0.0##e+00', '1.504e+03'],
    ["float('1.8901385E-16')", '0.0e+00', '1.9e-16'],
    ['987654', '\\###00\\#', '#987654#'],
    ['68', "# 'degrees'", '68 degrees'],
    ['68', "#' degrees'", '68 degrees'],
    ["float('12.345')", '#0.0#;(#0.0#);-\\0-', '12.35'],
    ['0', '#0.0#;(#0.0#);-\\0-', '-0-'],
    ["float('-12.345')", '#0.0#;(#0.0#);-\\0-', '(12.35)'],
    ['0', '#0.0#;(#0.0#)', '0.0'],
    ["float('-12.345')", '#0.0#;(#0.0#)', '(12.35)'],
    ['68', '# °', '68 °'],
    ['123', '00000', '00123'],
    ["float('1.2')", '00.00', '01.20'],
    ["float('0.56')", '0.0', '0.6'],
    ['1234567890', '0,0', '1,234,567,890'],
    ["float('1234567890.123456')", '0,0.0', '1,234,567,890.1'],
    ["float('1234.567890')", '0,0.00', '1,234.57'],
    ["float('1.2')", '#.##', '1.2'],
    ['123456', '[##-##-##]', '[12-34-56]'],
    ['1234567890', '(###) ###-####', '(123) 456-7890'],
    ['1234567890', '#,##0,,', '1,235'],
    ['1234567890', '#,,,', '1'],
    ["float('0.086')", '#0.##%', '8.6%'],
    ["float('0.00354')", '#0.##‰', '3.54‰'],
    ['86000', '0.###E+0', '8.6E+4'],
    ['86000', '0.###E+000', '8.6E+004'],
    ['86000', '0.###E-000', '8.6E004'],
    ['123', '\\#\\#\\# ##0 dollars and \\0\\0 cents \\#\\#\\#', '### 123 dollars and 00 cents ###'],
    // "formatting 34.5 with "00" would result in the value 35": rounding away from zero (CUSTOM "0").
    ["float('34.5')", '00', '35'],
    ["float('34.5')", '##', '35'],
  ])('%s {0:%s} -> %s (CUSTOM)', (value, spec, want) => expect(fmt(value, spec)).toBe(want));

  it('keeps alignment, text around items and escaped braces with a custom format', () => {
    expect(ev("[format('[{0,8:0.0%}] {{{1:#,##0}}}', float('0.256'), 1234567)]")).toBe('[   25.6%] {1,234,567}');
  });
});

describe('format() refuses what .NET refuses', () => {
  it.each<[string, RegExp, string]>([
    ["[format('{0:R}', 12)]", /format\(\): the format string 'R' cannot format the integer 12: 'R' \(round-trip\) is for Double values only/, 'RUNTIME FormatInt64; STD R: "Supported by: Single, Double, and BigInteger"'],
    ["[format('{0:D}', float('1.5'))]", /format\(\): the format string 'D' needs an integer, but the value is 1.5/, 'STD D: "Supported by: Integral types only"'],
    ["[format('{0:X}', float('1.5'))]", /format\(\): the format string 'X' needs an integer/, 'STD X: "Supported by: Integral types only"'],
    ["[format('{0:Z}', 1)]", /format\(\): the format string 'Z' is not supported: \.NET has no standard numeric format 'Z'/, 'STD: "Any other single character … Throws a FormatException"'],
    ["[format('{0:Z2}', float('1.5'))]", /format\(\): the format string 'Z2' is not supported/, 'STD: an unknown specifier with a precision'],
  ])('%s', (expr, error) => expect(() => ev(expr)).toThrow(error));

  it('formats strings and booleans as they are, whatever the format string (they are not IFormattable)', () => {
    expect(ev("[format('{0:N2}|{1:C}', 'abc', true)]")).toBe('abc|True');
  });
});

describe('format() properties', () => {
  const double = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d));
  const call = (spec: string, v: number): string => {
    const r = evaluateString(`[format('{0:${spec}}', float('${String(v)}'))]`, ctx);
    if (typeof r !== 'string') throw new Error('format() returned no string');
    return r;
  };

  it('R of a Double reads back as the same Double (STD R: "A string that can round-trip to an identical number")', () => {
    fc.assert(fc.property(double, (d) => {
      expect(Number(call('R', d))).toBe(d);
    }), { numRuns: 2000 });
  });

  it('E16 of a Double (17 significant digits) reads back as the same Double (STD R: "For Double types, use G17")', () => {
    fc.assert(fc.property(double, (d) => {
      expect(Number(call('E16', d))).toBe(d);
    }), { numRuns: 2000 });
  });

  it('F<p> of a Double is within half a unit of its last place (STD F: rounded to p decimal places)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((d) => !Number.isInteger(d)), fc.integer({ min: 0, max: 8 }), (d, p) => {
        const text = call(`F${p}`, d);
        expect(text).toMatch(p === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${p}}$`));
        expect(Math.abs(Number(text) - d)).toBeLessThanOrEqual(0.5 * 10 ** -p * (1 + 1e-9) + Math.abs(d) * 1e-15);
      }),
      { numRuns: 2000 },
    );
  });

  it('an integer formats as Int64 does: D, N0 and X (STD D, N; RUNTIME Int64ToHexStr)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.integer({ min: 0, max: 25 }), (n, p) => {
        const r = evaluateString(`[format('{0:D${p}}|{0:N0}|{0:X}', ${n})]`, ctx) as string;
        const [d, n0, x] = r.split('|');
        expect(d).toBe((n < 0 ? '-' : '') + String(Math.abs(n)).padStart(p, '0'));
        expect(n0?.replace(/,/g, '')).toBe(String(n));
        expect(n0).toMatch(/^-?\d{1,3}(,\d{3})*$/);
        expect(x).toBe(BigInt.asUintN(64, BigInt(n)).toString(16).toUpperCase());
      }),
      { numRuns: 2000 },
    );
  });
});
