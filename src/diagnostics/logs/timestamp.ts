/**
 * Timestamps to milliseconds since the epoch, without `Date` parsing (which is slow and
 * implementation-defined). Read: `YYYY-MM-DD` or `YYYY/MM/DD`, a space or `T`, `HH:mm:ss`, an
 * optional fraction after `.` or `,`, and an optional zone (`Z`, `±HH:MM`, `±HHMM`, ` UTC`); or the
 * access-log layout of web servers, `dd/MMM/yyyy:HH:mm:ss ±zzzz`. A time without a year (syslog's
 * `MMM dd HH:mm:ss`) is not read: guessing its year would give a wrong date as often as a right one.
 * A timestamp without a zone is read as UTC: a log line does not say which zone it was written in,
 * and reading every such line the same way keeps their order and spacing right.
 * JSON logs may also give epoch seconds or milliseconds as a number.
 */

const D0 = 48;

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = s.charCodeAt(i) - D0;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days from 1970-01-01 to a civil date (proleptic Gregorian). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Milliseconds since the epoch, or NaN when the text is not a timestamp this reader knows. */
export function parseTimestamp(s: string): number {
  const seconds = parseSeconds(s);
  if (seconds !== seconds) return s.charCodeAt(2) === 47 ? parseAccessLog(s) : NaN;
  return seconds * 1000 + parseTail(s);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The access-log layout of nginx and Apache, `dd/MMM/yyyy:HH:mm:ss ±zzzz`, or NaN. */
function parseAccessLog(s: string): number {
  if (s.length < 20 || s.charCodeAt(6) !== 47 || s.charCodeAt(11) !== 58 || s.charCodeAt(14) !== 58 || s.charCodeAt(17) !== 58) return NaN;
  const d = digits(s, 0, 2);
  const mo = MONTHS.indexOf(s.slice(3, 6)) + 1;
  const y = digits(s, 7, 4);
  const h = digits(s, 12, 2);
  const mi = digits(s, 15, 2);
  const se = digits(s, 18, 2);
  if (d < 1 || d > 31 || mo < 1 || y < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) return NaN;
  let offset = 0;
  if (s.length >= 26 && s.charCodeAt(20) === 32) {
    const sign = s.charCodeAt(21);
    const oh = digits(s, 22, 2);
    const om = digits(s, 24, 2);
    if ((sign === 43 || sign === 45) && oh >= 0 && om >= 0) offset = (sign === 43 ? 1 : -1) * (oh * 60 + om) * 60000;
  }
  return (daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se) * 1000 - offset;
}

/** Whole seconds since the epoch of the first 19 characters (date and time), or NaN. */
function parseSeconds(s: string): number {
  if (s.length < 19) return NaN;
  const y = digits(s, 0, 4);
  const sep = s.charCodeAt(4);
  if (y < 0 || (sep !== 45 && sep !== 47) || s.charCodeAt(7) !== sep) return NaN;
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const t = s.charCodeAt(10);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || (t !== 32 && t !== 84)) return NaN;
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const se = digits(s, 17, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
  return daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

/** Milliseconds of the fraction after the 19th character, minus the zone offset. */
function parseTail(s: string): number {
  if (s.length === 19) return 0;
  let ms = 0;
  let i = 19;
  const f = s.charCodeAt(19);
  if (f === 46 || f === 44) {
    let scale = 100;
    for (i = 20; i < s.length; i++) {
      const c = s.charCodeAt(i) - D0;
      if (c < 0 || c > 9) break;
      ms += c * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  let offset = 0;
  if (i < s.length) {
    let c = s.charCodeAt(i);
    if (c === 32) c = s.charCodeAt(++i);
    if (c === 43 || c === 45) {
      const oh = digits(s, i + 1, 2);
      const om = s.charCodeAt(i + 3) === 58 ? digits(s, i + 4, 2) : digits(s, i + 3, 2);
      if (oh >= 0 && om >= 0) offset = (c === 43 ? 1 : -1) * (oh * 60 + om) * 60000;
    }
  }
  return ms - offset;
}

/**
 * parseTimestamp for a run of timestamps that mostly share their date and time to the second
 * (consecutive records of one log): the shared part is parsed once.
 */
export class TimestampReader {
  private prefix = '';
  private seconds = NaN;
  private last = '';
  private lastValue = NaN;

  read(s: string): number {
    if (s === this.last) return this.lastValue;
    this.last = s;
    return (this.lastValue = this.parse(s));
  }

  private parse(s: string): number {
    if (s.length >= 19 && this.prefix.length === 19 && s.startsWith(this.prefix)) return this.seconds * 1000 + parseTail(s);
    const seconds = parseSeconds(s);
    if (seconds !== seconds) return parseTimestamp(s);
    this.prefix = s.slice(0, 19);
    this.seconds = seconds;
    return seconds * 1000 + parseTail(s);
  }
}

/** A JSON timestamp field: a string as above, or epoch seconds, milliseconds or microseconds (a number, or a string of digits). */
export function parseTimestampValue(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (value > 1e14) return Math.floor(value / 1000); // microseconds
    if (value > 1e11) return Math.floor(value); // milliseconds
    if (value > 1e8) return Math.floor(value * 1000); // seconds
    return NaN;
  }
  if (typeof value !== 'string') return NaN;
  // journald and others write epoch numbers as strings (`__REALTIME_TIMESTAMP`, in microseconds).
  return isEpochString(value) ? parseTimestampValue(Number(value)) : parseTimestamp(value);
}

const EPOCH_DIGITS = /^\d{9,19}$/;

/** A string of 9 to 19 digits: an epoch number written as text. */
export function isEpochString(value: string): boolean {
  return EPOCH_DIGITS.test(value);
}

/** The last whole second `isoTime` formatted, and its text up to the seconds (`YYYY-MM-DDTHH:MM:SS`). */
let isoSecond = NaN;
let isoPrefix = '';
/** Years 0000-9999, where `toISOString` writes four digits. */
const ISO_MIN = -62167219200000;
const ISO_MAX = 253402300800000;

/**
 * ISO 8601 in UTC (as `Date.prototype.toISOString` writes it), or undefined for NaN. Consecutive
 * records mostly fall in the same second: its text is kept and only the milliseconds are added.
 */
export function isoTime(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined;
  if (ms < ISO_MIN || ms >= ISO_MAX) {
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  const whole = Math.trunc(ms) + 0; // `Date` truncates toward zero (and -0 is 0)
  const second = Math.floor(whole / 1000);
  if (second !== isoSecond) {
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 19);
    isoSecond = second;
  }
  const milli = whole - second * 1000;
  return `${isoPrefix}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
