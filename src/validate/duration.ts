/**
 * ISO 8601 durations as Key Vault rotation policies (P90D, P1Y) and Azure ML idle times (PT30M) take
 * them: PnYnMnWnDTnHnMnS with whole numbers. Comparisons need one unit, so a year counts 365 days and a
 * month 30, as Key Vault does when it turns a policy into dates only approximately anyway; rules that
 * compare durations use margins of days, where the approximation does not matter.
 */
export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  /** Total length in seconds (year = 365 days, month = 30 days). */
  totalSeconds: number;
}

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export const SECONDS_PER_DAY = 86_400;

export function parseIsoDuration(text: string): IsoDuration | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  // "P" and "P1DT" carry no component after the designator: invalid in ISO 8601.
  if (text === 'P' || text.endsWith('T')) return undefined;
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  const d: Omit<IsoDuration, 'totalSeconds'> = {
    years: n(1),
    months: n(2),
    weeks: n(3),
    days: n(4),
    hours: n(5),
    minutes: n(6),
    seconds: n(7),
  };
  const totalSeconds =
    ((d.years * 365 + d.months * 30 + d.weeks * 7 + d.days) * 24 + d.hours) * 3600 + d.minutes * 60 + d.seconds;
  return { ...d, totalSeconds };
}

/** A short human reading of a number of seconds: "90 days", "30 minutes", "1 hour 30 minutes". */
export function describeSeconds(total: number): string {
  const parts: string[] = [];
  const units: [number, string][] = [
    [SECONDS_PER_DAY, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  let rest = total;
  for (const [size, name] of units) {
    const q = Math.floor(rest / size);
    if (q > 0) parts.push(`${q} ${name}${q === 1 ? '' : 's'}`);
    rest -= q * size;
  }
  return parts.length ? parts.join(' ') : '0 seconds';
}
