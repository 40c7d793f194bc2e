/**
 * Custom date and time format strings of utcNow() and dateTimeAdd(), as .NET writes them under the invariant
 * culture (https://learn.microsoft.com/dotnet/standard/base-types/custom-date-and-time-format-strings; the
 * implementation, DateTimeFormat.FormatCustomized in dotnet/runtime
 * src/libraries/System.Private.CoreLib/src/System/Globalization/DateTimeFormat.cs; read 2026-12-08).
 */
import { describe, expect, it } from 'vitest';
import { evaluateString, standardFunctions } from '../../../src/arm/expr/index.js';
import type { EvalContext, Value } from '../../../src/arm/types.js';

const at: EvalContext = { functions: standardFunctions, now: new Date('2020-04-07T14:53:14Z') };
const ev = (s: string): Value => evaluateString(s, at);

describe('custom date and time format specifiers', () => {
  it.each<[string, string, string]>([
    ["[utcNow('%d')]", '7', '"%d" formats d as a custom specifier: the day without a leading zero (not the short date pattern "d")'],
    ["[utcNow('%M')]", '4', '"%M": the month number'],
    ["[utcNow('HH:mm:ss.FFF')]", '14:53:14', 'F with a zero fraction writes nothing, and the decimal point before it is removed'],
    ["[dateTimeAdd('2020-04-07T14:53:14Z', 'PT0.25S', 'HH:mm:ss.FFF')]", '14:53:14.25', 'F drops trailing zeros only'],
    ["[utcNow('HH:mm:ss.fff')]", '14:53:14.000', 'f writes its zeros'],
    ["[utcNow('yyyy g')]", '2020 A.D.', 'g is the era, "A.D." in the invariant culture'],
  ])('%s -> %j (%s)', (expr, want) => expect(ev(expr)).toBe(want));

  it.each<[string, RegExp]>([
    ["[utcNow('HH%')]", /utcNow\(\): the format string 'HH%' is not valid: '%' must be followed by one format specifier/],
    ["[utcNow('%%')]", /'%' must be followed by one format specifier/],
    ["[utcNow('ss.ffffffff')]", /'ffffffff': at most seven f give the fraction of a second/],
    ["[utcNow('HH\\')]", /'\\' at the end has no character to escape/],
  ])('%s is refused, as .NET refuses it (FormatException)', (expr, error) => expect(() => ev(expr)).toThrow(error));
});
