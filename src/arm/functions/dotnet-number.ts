/**
 * A number formatted with a .NET numeric format string under the invariant culture, as format() does
 * ("uses the composite format syntax of String.Format", template-functions-string#format; ARM formats with
 * CultureInfo.InvariantCulture). Read 2026-12-08:
 * - Standard numeric format strings (C, D, E, F, G, N, P, R, X, each with an optional precision):
 *   https://learn.microsoft.com/dotnet/standard/base-types/standard-numeric-format-strings
 * - Custom numeric format strings (0 # . , % ‰ E+0 'literal' \ and ; sections):
 *   https://learn.microsoft.com/dotnet/standard/base-types/custom-numeric-format-strings
 * - The invariant culture's NumberFormatInfo: CurrencySymbol "¤", CurrencyPositivePattern 0 ("¤n"),
 *   CurrencyNegativePattern 0 ("(¤n)"), NumberNegativePattern 1 ("-n"), PercentPositivePattern 0 ("n %"),
 *   PercentNegativePattern 0 ("-n %"), two decimal digits for C, F, N and P, groups of three
 *   (learn.microsoft.com/dotnet/api/system.globalization.numberformatinfo.currencysymbol,
 *   .currencynegativepattern, .percentnegativepattern).
 * The algorithm is the one of .NET's Number.Formatting.cs (github.com/dotnet/runtime,
 * src/libraries/System.Private.CoreLib/src/System/Number.Formatting.cs): a number is a buffer of decimal
 * digits and the position of its decimal point, rounded, then laid out by the format.
 *
 * ARM's integers are 64-bit (data-types#integers: large values beyond Int32 go in a parameter file), so an
 * integral value is formatted as Int64 is: "R" is refused (FormatInt64 has no round-trip format), "X" of a
 * negative value is its 64-bit two's complement, and rounding to fewer digits rounds half away from zero.
 * Other values are Double: digits exactly rounded, a tie to the even digit ("On .NET Core 2.1 and later, the
 * runtime selects the result with an even least significant digit", standard-numeric-format-strings;
 * Number.Dragon4.cs "round towards the even digit"), G and R the shortest digits that read back as the
 * same value, and a custom format first rounds to 15 significant digits then half up (the runtime's
 * DoublePrecisionCustomFormat).
 */
import { FunctionError } from './values.js';

/** A decimal number: value = 0.digits × 10^scale, digits without leading zeros ('' for zero). */
interface NumberBuffer {
  digits: string;
  scale: number;
  negative: boolean;
  /** Double (digits already exactly rounded) rather than Int64. */
  float: boolean;
}

const INT64_LIMIT = 2 ** 63;

function bad(spec: string, why: string): never {
  throw new FunctionError(`format(): the format string '${spec}' ${why}`);
}

export function formatNumber(v: number, spec: string): string {
  const integral = Number.isInteger(v) && Math.abs(v) < INT64_LIMIT;
  const m = /^([A-Za-z])(\d*)$/.exec(spec);
  if (m === null) return customFormat(integral ? intBuffer(v) : floatBuffer(v, 'significant', 15), spec);
  const fmt = m[1] as string;
  const digitsText = m[2] as string;
  // .NET 7 and later accept a precision up to 999,999,999 ("In .NET 7 and later versions, the maximum
  // precision value is 999,999,999", standard-numeric-format-strings); this tool stops where the result
  // would exceed its string limit.
  const precision = digitsText === '' ? -1 : Number(digitsText);
  if (precision > 999_999_999) bad(spec, 'has a precision above 999,999,999');
  if (precision > 100_000) bad(spec, `asks for ${precision} digits; this tool formats at most 100000`);
  const upper = fmt.toUpperCase();
  if (integral) return formatInt64(v, fmt, upper, precision, spec);
  return formatDouble(v, fmt, upper, precision, spec);
}

function formatInt64(v: number, fmt: string, upper: string, precision: number, spec: string): string {
  if (upper === 'G' ? precision < 1 : upper === 'D') {
    const s = String(Math.abs(v)).padStart(precision, '0');
    return v < 0 ? `-${s}` : s;
  }
  if (upper === 'X') {
    const hex = BigInt.asUintN(64, BigInt(v)).toString(16).padStart(precision, '0');
    return fmt === 'X' ? hex.toUpperCase() : hex;
  }
  if (upper === 'R') bad(spec, `cannot format the integer ${v}: 'R' (round-trip) is for Double values only, and ARM integers are Int64; use 'D' or 'G'`);
  return standard(intBuffer(v), fmt, upper, precision, spec);
}

function formatDouble(v: number, fmt: string, upper: string, precision: number, spec: string): string {
  if (upper === 'D' || upper === 'X') bad(spec, `needs an integer, but the value is ${v}`);
  let n: NumberBuffer;
  let maxDigits = precision;
  switch (upper) {
    case 'C':
    case 'F':
    case 'N':
      n = floatBuffer(v, 'fixed', precision < 0 ? 2 : precision);
      break;
    case 'P':
      n = floatBuffer(v, 'fixed', (precision < 0 ? 2 : precision) + 2);
      break;
    case 'E':
      n = floatBuffer(v, 'significant', (precision < 0 ? 6 : precision) + 1);
      break;
    case 'G':
    case 'R':
      if (upper === 'G' && precision > 0) n = floatBuffer(v, 'significant', precision);
      else {
        // The shortest round-trip digits, laid out with at least 17 places before switching to
        // scientific notation (FormatDouble: nMaxDigits = Max(DigitsCount, DoublePrecision)).
        n = floatBuffer(v, 'shortest', 0);
        maxDigits = Math.max(n.digits.length, 17);
      }
      break;
    default:
      return bad(spec, `is not supported: .NET has no standard numeric format '${spec.charAt(0)}' (C, D, E, F, G, N, P, R or X, each with an optional precision; anything else with a digit placeholder 0 or # is a custom format)`);
  }
  // 'R' is 'G' once its digits are chosen (NumberToString: format - ('R' - 'G')).
  const f = upper === 'R' ? (fmt === 'R' ? 'G' : 'g') : fmt;
  return standard(n, f, f.toUpperCase(), maxDigits, spec);
}

/** NumberToString: a standard format of a number buffer. */
function standard(n: NumberBuffer, fmt: string, upper: string, maxDigits: number, spec: string): string {
  switch (upper) {
    case 'C': {
      const d = maxDigits < 0 ? 2 : maxDigits;
      roundNumber(n, n.scale + d);
      const body = fixedText(n, d, true);
      return n.negative ? `(¤${body})` : `¤${body}`;
    }
    case 'F': {
      const d = maxDigits < 0 ? 2 : maxDigits;
      roundNumber(n, n.scale + d);
      return (n.negative ? '-' : '') + fixedText(n, d, false);
    }
    case 'N': {
      const d = maxDigits < 0 ? 2 : maxDigits;
      roundNumber(n, n.scale + d);
      return (n.negative ? '-' : '') + fixedText(n, d, true);
    }
    case 'E': {
      const d = (maxDigits < 0 ? 6 : maxDigits) + 1;
      roundNumber(n, d);
      return (n.negative ? '-' : '') + scientificText(n, d, fmt === 'E' ? 'E' : 'e');
    }
    case 'G': {
      const d = maxDigits < 1 ? n.digits.length : maxDigits;
      roundNumber(n, d);
      return (n.negative ? '-' : '') + generalText(n, d, fmt === 'G' ? 'E' : 'e');
    }
    case 'P': {
      const d = maxDigits < 0 ? 2 : maxDigits;
      n.scale += 2;
      roundNumber(n, n.scale + d);
      const body = fixedText(n, d, true);
      return n.negative ? `-${body} %` : `${body} %`;
    }
    default:
      return bad(spec, `is not supported: .NET has no standard numeric format '${spec.charAt(0)}' (C, D, E, F, G, N, P, R or X, each with an optional precision; anything else with a digit placeholder 0 or # is a custom format)`);
  }
}

function intBuffer(v: number): NumberBuffer {
  const digits = v === 0 ? '' : String(Math.abs(v));
  return { digits, scale: digits.length, negative: v < 0, float: false };
}

/** |v| as an exact fraction num / den of big integers. */
function exact(v: number): { num: bigint; den: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(v));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  let mantissa = bits & 0xfffffffffffffn;
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mantissa |= 1n << 52n;
    exp = biased - 1075;
  }
  return exp >= 0 ? { num: mantissa << BigInt(exp), den: 1n } : { num: mantissa, den: 1n << BigInt(-exp) };
}

/** num / den rounded to an integer, a tie to the even one. */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) return q + 1n;
  return q;
}

const pow10 = (k: number): bigint => 10n ** BigInt(k);

/**
 * The digits of a Double: exactly rounded to `count` places after the decimal point ('fixed'), or to
 * `count` significant digits ('significant'), or the shortest that read back as `v` ('shortest').
 */
function floatBuffer(v: number, mode: 'fixed' | 'significant' | 'shortest', count: number): NumberBuffer {
  const negative = v < 0 || Object.is(v, -0);
  if (v === 0) return { digits: '', scale: 0, negative, float: true };
  if (mode === 'shortest') {
    const [mant = '', e = '0'] = Math.abs(v).toExponential().split('e');
    const digits = mant.replace('.', '').replace(/0+$/, '');
    return { digits, scale: Number(e) + 1, negative, float: true };
  }
  const { num, den } = exact(v);
  let q: bigint;
  let scale: number;
  if (mode === 'fixed') {
    q = roundHalfEven(num * pow10(count), den);
    const s = q.toString();
    scale = s.length - count;
  } else {
    // k: the exponent of the first significant digit (value in [10^k, 10^(k+1))), estimated and corrected.
    let k = Number(Math.abs(v).toExponential().split('e')[1]);
    for (;;) {
      const shift = count - 1 - k;
      q = shift >= 0 ? roundHalfEven(num * pow10(shift), den) : roundHalfEven(num, den * pow10(-shift));
      const len = q.toString().length;
      if (q !== 0n && len < count) k--;
      else if (len > count) {
        // Rounding carried into a new digit (9.99 to two digits is 10): one digit fewer at the next exponent.
        if (q === pow10(count)) {
          q = pow10(count - 1);
          k++;
          break;
        }
        k++;
      } else break;
    }
    scale = k + 1;
  }
  let digits = q === 0n ? '' : q.toString();
  if (mode === 'fixed') {
    // Leading zeros are not digits: 0.05 to two places is "5" at scale -1.
    const trimmed = digits.replace(/^0+/, '');
    scale -= digits.length - trimmed.length;
    digits = trimmed;
  }
  digits = digits.replace(/0+$/, '');
  if (digits === '') scale = 0;
  return { digits, scale, negative, float: true };
}

/**
 * RoundNumber: keeps the digits before `pos`; an Int64 (whose digits are all there) rounds half away from
 * zero on the digit at `pos`, a Double's digits are already exactly rounded. Trailing zeros are dropped; a
 * zero Int64 loses its sign (a Double keeps it: -0.001 to two places is "-0.00").
 */
function roundNumber(n: NumberBuffer, pos: number, halfUp = !n.float): void {
  let d = n.digits;
  let i = Math.max(0, Math.min(pos, d.length));
  if (i === pos && halfUp && i < d.length && d.charCodeAt(i) >= 53) {
    while (i > 0 && d.charAt(i - 1) === '9') i--;
    if (i > 0) d = d.slice(0, i - 1) + String.fromCharCode(d.charCodeAt(i - 1) + 1);
    else {
      n.scale++;
      d = '1';
      i = 1;
    }
  } else {
    while (i > 0 && d.charAt(i - 1) === '0') i--;
    d = d.slice(0, i);
  }
  if (i === 0 || d === '') {
    if (!n.float) n.negative = false;
    n.scale = 0;
    d = '';
  }
  n.digits = d;
}

/** FormatFixed: the integer part (grouped by three when `group`), then `decimals` places. */
function fixedText(n: NumberBuffer, decimals: number, group: boolean): string {
  const d = n.digits;
  let out = '';
  let used = 0;
  if (n.scale > 0) {
    used = Math.min(n.scale, d.length);
    const int = d.slice(0, used) + '0'.repeat(n.scale - used);
    out = group ? int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : int;
  } else out = '0';
  if (decimals > 0) {
    let frac = '';
    let pos = n.scale;
    if (pos < 0) {
      const zeros = Math.min(-pos, decimals);
      frac = '0'.repeat(zeros);
      pos += zeros;
    }
    frac += d.slice(used, used + decimals - frac.length);
    out += `.${frac.padEnd(decimals, '0')}`;
  }
  return out;
}

function exponentText(e: number, char: string, minDigits: number, plus: boolean): string {
  return `${char}${e < 0 ? '-' : plus ? '+' : ''}${String(Math.abs(e)).padStart(minDigits, '0')}`;
}

/** FormatScientific: d.ddd…E+ddd with `count` digits, the exponent of at least three digits. */
function scientificText(n: NumberBuffer, count: number, e: 'E' | 'e'): string {
  const d = n.digits.padEnd(count, '0');
  const body = count === 1 ? d.charAt(0) : `${d.charAt(0)}.${d.slice(1, count)}`;
  return body + exponentText(n.digits === '' ? 0 : n.scale - 1, e, 3, true);
}

/** FormatGeneral: fixed-point unless the exponent is at least `maxDigits` or below -4 (then d.ddE+dd). */
function generalText(n: NumberBuffer, maxDigits: number, e: 'E' | 'e'): string {
  let pos = n.scale;
  const scientific = pos > maxDigits || pos < -3;
  if (scientific) pos = 1;
  const d = n.digits;
  let out = pos > 0 ? d.slice(0, pos).padEnd(pos, '0') : '0';
  const rest = pos > 0 ? d.slice(pos) : d;
  if (rest !== '' || pos < 0) out += `.${'0'.repeat(pos < 0 ? -pos : 0)}${rest}`;
  if (scientific) out += exponentText(n.scale - 1, e, 2, true);
  return out;
}

/** FindSection: where section 1 (negative) or 2 (zero) of a custom format starts; 0 when it has none. */
function findSection(format: string, section: number): number {
  if (section === 0) return 0;
  let src = 0;
  for (;;) {
    if (src >= format.length) return 0;
    const ch = format.charAt(src++);
    if (ch === "'" || ch === '"') {
      while (src < format.length && format.charAt(src++) !== ch);
    } else if (ch === '\\') {
      if (src < format.length) src++;
    } else if (ch === ';') {
      if (--section !== 0) continue;
      if (src < format.length && format.charAt(src) !== ';') return src;
      return 0;
    }
  }
}

/** NumberToStringFormat: a custom numeric format string, ported from .NET's implementation. */
function customFormat(n: NumberBuffer, format: string): string {
  let section = findSection(format, n.digits === '' ? 2 : n.negative ? 1 : 0);
  let digitCount = 0;
  let decimalPos = -1;
  let firstDigit = 0x7fffffff;
  let lastDigit = 0;
  let scientific = false;
  let thousandPos = -1;
  let thousandCount = 0;
  let thousandSeps = false;
  let scaleAdjust = 0;
  for (;;) {
    digitCount = 0;
    decimalPos = -1;
    firstDigit = 0x7fffffff;
    lastDigit = 0;
    scientific = false;
    thousandPos = -1;
    thousandSeps = false;
    scaleAdjust = 0;
    let src = section;
    while (src < format.length) {
      const ch = format.charAt(src++);
      if (ch === ';') break;
      switch (ch) {
        case '#':
          digitCount++;
          break;
        case '0':
          if (firstDigit === 0x7fffffff) firstDigit = digitCount;
          digitCount++;
          lastDigit = digitCount;
          break;
        case '.':
          if (decimalPos < 0) decimalPos = digitCount;
          break;
        case ',':
          if (digitCount > 0 && decimalPos < 0) {
            if (thousandPos >= 0) {
              if (thousandPos === digitCount) {
                thousandCount++;
                break;
              }
              thousandSeps = true;
            }
            thousandPos = digitCount;
            thousandCount = 1;
          }
          break;
        case '%':
          scaleAdjust += 2;
          break;
        case '\u2030':
          scaleAdjust += 3;
          break;
        case "'":
        case '"':
          while (src < format.length && format.charAt(src++) !== ch);
          break;
        case '\\':
          if (src < format.length) src++;
          break;
        case 'E':
        case 'e':
          if (format.charAt(src) === '0' || ((format.charAt(src) === '+' || format.charAt(src) === '-') && format.charAt(src + 1) === '0')) {
            while (++src < format.length && format.charAt(src) === '0');
            scientific = true;
          }
          break;
      }
    }
    if (decimalPos < 0) decimalPos = digitCount;
    if (thousandPos >= 0) {
      if (thousandPos === decimalPos) scaleAdjust -= thousandCount * 3;
      else thousandSeps = true;
    }
    if (n.digits !== '') {
      n.scale += scaleAdjust;
      const pos = scientific ? digitCount : n.scale + digitCount - decimalPos;
      roundNumber(n, pos, true);
      if (n.digits === '') {
        const zero = findSection(format, 2);
        if (zero !== section) {
          section = zero;
          continue;
        }
      }
    } else {
      if (!n.float) n.negative = false;
      n.scale = 0;
    }
    break;
  }

  firstDigit = firstDigit < decimalPos ? decimalPos - firstDigit : 0;
  lastDigit = lastDigit > decimalPos ? decimalPos - lastDigit : 0;
  let digPos: number;
  let adjust: number;
  if (scientific) {
    digPos = decimalPos;
    adjust = 0;
  } else {
    digPos = n.scale > decimalPos ? n.scale : decimalPos;
    adjust = n.scale - decimalPos;
  }
  // Where group separators go: after each group of three digits, counted from the decimal point.
  const sepPositions: number[] = [];
  if (thousandSeps) {
    const totalDigits = digPos + (adjust < 0 ? adjust : 0);
    const numDigits = firstDigit > totalDigits ? firstDigit : totalDigits;
    for (let g = 3; numDigits > g; g += 3) sepPositions.push(g);
  }
  let sepIndex = sepPositions.length - 1;
  const dig = n.digits;
  let cur = 0;
  const digitAt = (): string => (cur < dig.length ? dig.charAt(cur++) : '');
  let out = '';
  if (n.negative && section === 0 && n.scale !== 0) out += '-';
  let decimalWritten = false;
  const separator = (): void => {
    if (thousandSeps && digPos > 1 && sepIndex >= 0 && digPos === (sepPositions[sepIndex] as number) + 1) {
      out += ',';
      sepIndex--;
    }
  };
  let src = section;
  while (src < format.length) {
    let ch = format.charAt(src++);
    if (ch === ';') break;
    if (adjust > 0 && (ch === '#' || ch === '0' || ch === '.')) {
      while (adjust > 0) {
        out += digitAt() || '0';
        separator();
        digPos--;
        adjust--;
      }
    }
    switch (ch) {
      case '#':
      case '0': {
        if (adjust < 0) {
          adjust++;
          ch = digPos <= firstDigit ? '0' : '';
        } else {
          ch = digitAt() || (digPos > lastDigit ? '0' : '');
        }
        if (ch !== '') {
          out += ch;
          separator();
        }
        digPos--;
        break;
      }
      case '.':
        if (digPos !== 0 || decimalWritten) break;
        if (lastDigit < 0 || (decimalPos < digitCount && cur < dig.length)) {
          out += '.';
          decimalWritten = true;
        }
        break;
      case '\u2030':
        out += '\u2030';
        break;
      case '%':
        out += '%';
        break;
      case ',':
        break;
      case "'":
      case '"':
        while (src < format.length && format.charAt(src) !== ch) out += format.charAt(src++);
        if (src < format.length) src++;
        break;
      case '\\':
        if (src < format.length) out += format.charAt(src++);
        break;
      case 'E':
      case 'e': {
        let plus = false;
        let i = 0;
        if (scientific) {
          if (format.charAt(src) === '0') i++;
          else if (format.charAt(src) === '+' && format.charAt(src + 1) === '0') plus = true;
          else if (!(format.charAt(src) === '-' && format.charAt(src + 1) === '0')) {
            out += ch;
            break;
          }
          while (++src < format.length && format.charAt(src) === '0') i++;
          if (i > 10) i = 10;
          const exp = dig === '' ? 0 : n.scale - decimalPos;
          out += exponentText(exp, ch, i, plus);
          scientific = false;
        } else {
          out += ch;
          if (src < format.length) {
            if (format.charAt(src) === '+' || format.charAt(src) === '-') out += format.charAt(src++);
            while (src < format.length && format.charAt(src) === '0') out += format.charAt(src++);
          }
        }
        break;
      }
      default:
        out += ch;
    }
  }
  if (n.negative && section === 0 && n.scale === 0 && out.length > 0) out = `-${out}`;
  return out;
}
