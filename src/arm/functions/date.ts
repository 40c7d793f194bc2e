/**
 * Date functions. https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-date
 *
 * utcNow() reads the deployment time from the context (EvalContext.now), never the machine clock;
 * without it the value is Unknown. Formatting follows .NET's standard and custom date and time format
 * strings under the invariant culture
 * (https://learn.microsoft.com/dotnet/standard/base-types/standard-date-and-time-format-strings).
 */
import { Unknown } from '../../core/unknown.js';
import type { Value } from '../types.js';
import { eager, type StdFunction } from './define.js';
import { FunctionError, int, onlyInParameterDefault, str } from './values.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Standard format letters expanded to the invariant culture's custom patterns. */
const STANDARD: Record<string, string> = {
  d: 'MM/dd/yyyy',
  D: 'dddd, dd MMMM yyyy',
  f: 'dddd, dd MMMM yyyy HH:mm',
  F: 'dddd, dd MMMM yyyy HH:mm:ss',
  g: 'MM/dd/yyyy HH:mm',
  G: 'MM/dd/yyyy HH:mm:ss',
  m: 'MMMM dd',
  M: 'MMMM dd',
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'HH:mm',
  T: 'HH:mm:ss',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: 'dddd, dd MMMM yyyy HH:mm:ss',
  y: 'yyyy MMMM',
  Y: 'yyyy MMMM',
};

/** The format dateTimeFromEpoch() writes: ISO 8601 in UTC, as the reference's example shows. */
const ISO = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'";

export function formatDate(fn: string, d: Date, format: string): string {
  const pattern = format.length === 1 ? STANDARD[format] : format;
  if (pattern === undefined) throw new FunctionError(`${fn}(): '${format}' is not a standard date and time format string`);
  return formatCustom(fn, d, pattern, format);
}

/**
 * A custom date and time format, as .NET's DateTimeFormat.FormatCustomized writes it under the invariant
 * culture (dotnet/runtime src/libraries/System.Private.CoreLib/src/System/Globalization/DateTimeFormat.cs,
 * read 2026-12-08): `%c` formats c as a custom specifier on its own ("%d" is the day without a leading
 * zero; '%' at the end or "%%" is refused), F… with a zero fraction writes nothing and removes the '.'
 * before it, more than seven f or F are refused, g is the era ("A.D.").
 */
function formatCustom(fn: string, d: Date, pattern: string, format: string): string {
  const invalid = (why: string): never => {
    throw new FunctionError(`${fn}(): the format string '${format}' is not valid: ${why}`);
  };
  let out = '';
  let i = 0;
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === "'" || c === '"') {
      const end = pattern.indexOf(c, i + 1);
      if (end < 0) throw new FunctionError(`${fn}(): unclosed quote in the format string '${format}'`);
      out += pattern.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= pattern.length) invalid("'\\' at the end has no character to escape");
      out += pattern.charAt(i + 1);
      i += 2;
      continue;
    }
    if (c === '%') {
      const next = pattern.charAt(i + 1);
      if (next === '' || next === '%') invalid("'%' must be followed by one format specifier");
      out += formatCustom(fn, d, next, format);
      i += 2;
      continue;
    }
    let n = 1;
    while (pattern.charAt(i + n) === c) n++;
    i += n;
    switch (c) {
      case 'y': {
        const y = d.getUTCFullYear();
        out += n === 1 ? String(y % 100) : n === 2 ? pad(y % 100, 2) : pad(y, n);
        break;
      }
      case 'M': {
        const m = d.getUTCMonth();
        out += n === 1 ? String(m + 1) : n === 2 ? pad(m + 1, 2) : n === 3 ? (MONTHS[m] ?? '').slice(0, 3) : (MONTHS[m] ?? '');
        break;
      }
      case 'd': {
        const day = d.getUTCDate();
        const wd = DAYS[d.getUTCDay()] ?? '';
        out += n === 1 ? String(day) : n === 2 ? pad(day, 2) : n === 3 ? wd.slice(0, 3) : wd;
        break;
      }
      case 'H':
        out += n === 1 ? String(d.getUTCHours()) : pad(d.getUTCHours(), 2);
        break;
      case 'h': {
        const h = d.getUTCHours() % 12 || 12;
        out += n === 1 ? String(h) : pad(h, 2);
        break;
      }
      case 'm':
        out += n === 1 ? String(d.getUTCMinutes()) : pad(d.getUTCMinutes(), 2);
        break;
      case 's':
        out += n === 1 ? String(d.getUTCSeconds()) : pad(d.getUTCSeconds(), 2);
        break;
      case 'f':
      case 'F': {
        if (n > 7) invalid(`'${c.repeat(n)}': at most seven ${c} give the fraction of a second`);
        const frac = (pad(d.getUTCMilliseconds(), 3) + pad(subTicks.get(d) ?? 0, 4)).slice(0, n);
        if (c === 'f') out += frac;
        else {
          const significant = frac.replace(/0+$/, '');
          // No fraction to write: the decimal point before it goes too.
          if (significant === '' && out.endsWith('.')) out = out.slice(0, -1);
          out += significant;
        }
        break;
      }
      case 'g':
        out += 'A.D.';
        break;
      case 't': {
        const ampm = d.getUTCHours() < 12 ? 'AM' : 'PM';
        out += n === 1 ? ampm.charAt(0) : ampm;
        break;
      }
      case 'K':
        out += 'Z';
        break;
      case 'z':
        out += n === 1 ? '+0' : n === 2 ? '+00' : '+00:00';
        break;
      default:
        out += c.repeat(n);
    }
  }
  return out;
}

/** The ISO 8601 forms ARM accepts: `2020-04-07T14:53:14Z`, `2020-04-07 14:53:14Z`, `20200407T145314Z`, dates, offsets. */
const ISO_DATE = /^(\d{4})(-?)(\d{2})-?(\d{2})(?:([T ])(\d{2})(:?)(\d{2})(?::?(\d{2})(?:\.(\d+))?)?)?(\s*)(Z|[+-]\d{2}:?\d{2})?$/i;

/** Minutes east of UTC of a zone written as `+hh:mm`, `-hhmm` or `Z`. */
function offsetMinutes(zone: string | undefined): number {
  const z = zone ? /([+-])(\d{2}):?(\d{2})/.exec(zone) : null;
  return z ? (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) : 0;
}

/**
 * The field of an ISO 8601 date and time that no calendar has (month 13, 31 April, 29 February 2021, 25
 * o'clock, minute 60), which Date.UTC would carry into the next month, day or hour: the reference expects
 * "ISO 8601 format" (template-functions-date#datetimeadd, read 2026-12-08). 24:00:00 (the end of a day)
 * and second 60 (a leap second) are ISO 8601's own, and carried.
 */
function impossibleField(y: number, mo: number, d: number, h: number, mi: number, sec: number, frac: string): string | undefined {
  if (mo < 1 || mo > 12) return `month ${mo} is not between 1 and 12`;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  if (d < 1 || d > days) return `day ${d} is not between 1 and ${days}, the days of ${MONTHS[mo - 1] ?? ''} ${y}`;
  if (h > 24 || (h === 24 && (mi > 0 || sec > 0 || /[1-9]/.test(frac)))) return `hour ${h} is not between 0 and 23 (24 only as 24:00:00, the end of the day)`;
  if (mi > 59) return `minute ${mi} is not between 0 and 59`;
  if (sec > 60) return `second ${sec} is not between 0 and 60`;
  return undefined;
}

export function parseDate(fn: string, s: string): Date {
  const m = ISO_DATE.exec(s.trim());
  if (!m) throw new FunctionError(`${fn}(): '${s}' is not an ISO 8601 date and time (for example 2020-04-07T14:53:14Z)`);
  const [, y, , mo, d, , h = '0', , mi = '0', sec = '0', frac = '', , zone] = m;
  const impossible = impossibleField(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec), frac);
  if (impossible !== undefined) throw new FunctionError(`${fn}(): '${s}' is not a date and time: ${impossible}; ISO 8601 is expected (template-functions-date#datetimeadd)`);
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0 to 99 as 1900 to 1999.
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(sec), Number(frac.padEnd(3, '0').slice(0, 3)));
  const at = withTicks(new Date(date.getTime() - offsetMinutes(zone) * 60000), Number(frac.padEnd(7, '0').slice(3, 7)));
  return inDateRange(fn, at, `'${s}'`);
}

/**
 * The 100-nanosecond ticks past the millisecond of a date read or computed here (0 to 9999): .NET's DateTime
 * counts ticks, "one tick (100 nanoseconds)" (learn.microsoft.com/dotnet/api/system.datetime.maxvalue, read
 * 2026-12-08), and writes seven fraction digits ("fffffff"; the 'o' format), where a Date keeps milliseconds.
 * Without them '…14.1234567Z' plus PT1H was written '…14.1230000Z'.
 */
const subTicks = new WeakMap<Date, number>();

function withTicks(d: Date, ticks: number): Date {
  if (ticks !== 0) subTicks.set(d, ticks);
  return d;
}

/** `d` plus `ms` milliseconds, fractions of a millisecond kept as ticks (duration 'PT0.0000001S' is one tick). */
function addMs(d: Date, ms: number): Date {
  const whole = Math.floor(ms);
  const ticks = (subTicks.get(d) ?? 0) + Math.round((ms - whole) * 10000);
  const carry = Math.floor(ticks / 10000);
  return withTicks(new Date(d.getTime() + whole + carry), ticks - carry * 10000);
}

/**
 * The dates ARM's date functions hold: they take .NET's format strings (template-functions-date, read
 * 2026-12-08), on .NET's DateTime, from DateTime.MinValue, 0001-01-01T00:00:00, to DateTime.MaxValue,
 * "23:59:59.9999999, December 31, 9999" (https://learn.microsoft.com/dotnet/api/system.datetime.maxvalue,
 * read 2026-12-08); a date outside them (or no date: NaN) is refused, not written as year 10000 or "NaN".
 */
const MIN_TIME = -62135596800000;
const MAX_TIME = 253402300799999;

function inDateRange(fn: string, d: Date, what: string): Date {
  const t = d.getTime();
  if (!(t >= MIN_TIME && t <= MAX_TIME)) {
    throw new FunctionError(`${fn}(): ${what} is outside the dates ARM's date functions hold (.NET's DateTime, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z)`);
  }
  return d;
}

/**
 * ISO 8601 duration in milliseconds. The reference says dateTimeAdd ignores leap years: P1Y is
 * P365D and P1M is P30D.
 */
export function parseDuration(fn: string, s: string): number {
  const m = /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(s.trim());
  if (!m || s.trim().endsWith('T') || /^-?P$/.test(s.trim())) {
    throw new FunctionError(`${fn}(): '${s}' is not an ISO 8601 duration (for example P3Y, -P9D, PT1H)`);
  }
  const n = (x: string | undefined): number => (x === undefined ? 0 : Number(x));
  const day = 86400000;
  const total =
    n(m[2]) * 365 * day + n(m[3]) * 30 * day + n(m[4]) * 7 * day + n(m[5]) * day + n(m[6]) * 3600000 + n(m[7]) * 60000 + n(m[8]) * 1000;
  return m[1] ? -total : total;
}

/**
 * Writes `d` in the shape of the ISO 8601 text `base` was written in (separators, seconds, fraction
 * digits, zone), as dateTimeAdd() does without a format: "If not provided, the format of the base value
 * is used" (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-date#datetimeadd).
 * A base with an offset gives the result at that same offset.
 */
export function formatLikeBase(fn: string, d: Date, base: string): string {
  const m = ISO_DATE.exec(base.trim());
  if (!m) throw new FunctionError(`${fn}(): '${base}' is not an ISO 8601 date and time (for example 2020-04-07T14:53:14Z)`);
  const [, , dash = '', , , sep, h, colon = '', , sec, frac, space = '', zone] = m;
  let pattern = `yyyy'${dash}'MM'${dash}'dd`;
  if (h !== undefined) {
    pattern += `'${sep ?? 'T'}'HH'${colon}'mm`;
    if (sec !== undefined) pattern += `'${colon}'ss`;
    if (frac !== undefined) pattern += `'.'${'f'.repeat(Math.min(frac.length, 7))}`;
  }
  return formatDate(fn, addMs(d, offsetMinutes(zone) * 60000), pattern) + space + (zone ?? '');
}

export const dateFunctions: StdFunction[] = [
  eager('utcNow', ['date', 'string'], 0, 1, (args, ctx): Value => {
    onlyInParameterDefault('utcNow', ctx);
    const format = args.length > 0 ? str('utcNow', args, 0) : "yyyyMMdd'T'HHmmss'Z'";
    if (!ctx.now) return new Unknown('utcNow() is the deployment time, known only when the deployment runs');
    return formatDate('utcNow', ctx.now, format);
  }),
  eager('dateTimeAdd', ['date'], 2, 3, (args) => {
    const text = str('dateTimeAdd', args, 0);
    const duration = str('dateTimeAdd', args, 1);
    const d = inDateRange('dateTimeAdd', addMs(parseDate('dateTimeAdd', text), parseDuration('dateTimeAdd', duration)), `'${text}' plus ${duration}`);
    return args.length > 2 ? formatDate('dateTimeAdd', d, str('dateTimeAdd', args, 2)) : formatLikeBase('dateTimeAdd', d, text);
  }),
  eager('dateTimeFromEpoch', ['date'], 1, 1, (args) => {
    const epoch = int('dateTimeFromEpoch', args, 0);
    return formatDate('dateTimeFromEpoch', inDateRange('dateTimeFromEpoch', new Date(epoch * 1000), `the epoch time ${epoch}`), ISO);
  }),
  eager('dateTimeToEpoch', ['date'], 1, 1, (args) =>
    Math.floor(parseDate('dateTimeToEpoch', str('dateTimeToEpoch', args, 0)).getTime() / 1000),
  ),
];
