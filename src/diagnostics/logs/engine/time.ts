/**
 * Timestamps read from bytes. Consecutive records of a log mostly share their date and time to
 * the second, so a reader keeps the bytes up to the seconds of the last timestamp it read and
 * parses only what differs. The layouts the registry's formats write are read here directly
 * (ISO 8601 with `-` or `/`, `T` or space, fractions with `.` or `,`, zones; the access-log
 * `dd/MMM/yyyy:HH:mm:ss ±zzzz`; syslog's `MMM dd HH:mm:ss`, whose year comes from `yearFor`);
 * learned layouts bring their own parser (see `layoutReader`).
 *
 * A timestamp without a zone is read as UTC: a line does not say which zone it was written in,
 * and reading every line the same way keeps their order and spacing right.
 */
import { daysFromCivil, parseTimestamp, parseTimestampValue } from '../timestamp.ts';

export interface TimeReader {
  /** Milliseconds since the epoch of the timestamp in `b[s, e)`, or NaN. */
  bytes(b: Uint8Array, s: number, e: number): number;
  /** The last timestamp read had no year: it was given one. */
  yearless: boolean;
  /** A JSON timestamp value (a string, or epoch seconds, milliseconds or microseconds). */
  value(v: unknown): number;
}

/** The year of a timestamp written without one, from its month (1-12) and day. */
export type YearFor = (month: number, day: number) => number;

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

function digits(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function monthOf(b: Uint8Array, at: number): number {
  const a = b[at]!;
  const c1 = b[at + 1]!;
  const c2 = b[at + 2]!;
  for (let m = 0; m < 12; m++) {
    if (MONTHS.charCodeAt(3 * m) === a && MONTHS.charCodeAt(3 * m + 1) === c1 && MONTHS.charCodeAt(3 * m + 2) === c2) return m + 1;
  }
  return -1;
}

/** Fraction (after `.` or `,` at `at`) in ms and a zone offset in ms, from `at` to `e`. */
function tail(b: Uint8Array, at: number, e: number): number {
  let ms = 0;
  let i = at;
  if (i < e && (b[i] === 46 || b[i] === 44)) {
    let scale = 100;
    for (i++; i < e; i++) {
      const c = b[i]! - 48;
      if (c < 0 || c > 9) break;
      ms += c * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  if (i < e) {
    let c = b[i]!;
    if (c === 32) c = b[++i]!;
    if ((c === 43 || c === 45) && i + 2 < e) {
      const oh = digits(b, i + 1, 2);
      const om = b[i + 3] === 58 ? digits(b, i + 4, 2) : digits(b, i + 3, 2);
      if (oh >= 0 && om >= 0) ms -= (c === 43 ? 1 : -1) * (oh * 60 + om) * 60000;
    }
  }
  return ms;
}

/** Whole seconds of an ISO-like `YYYY-MM-DD[T ]HH:mm:ss` (or `/` between the date's parts) at `s`, or NaN. */
function isoSeconds(b: Uint8Array, s: number, e: number): number {
  if (e - s < 19) return NaN;
  const y = digits(b, s, 4);
  const sep = b[s + 4];
  if (y < 0 || (sep !== 45 && sep !== 47) || b[s + 7] !== sep) return NaN;
  const mo = digits(b, s + 5, 2);
  const d = digits(b, s + 8, 2);
  const t = b[s + 10];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || (t !== 32 && t !== 84)) return NaN;
  const h = digits(b, s + 11, 2);
  const mi = digits(b, s + 14, 2);
  const se = digits(b, s + 17, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60 || b[s + 13] !== 58 || b[s + 16] !== 58) return NaN;
  return daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

/** `dd/MMM/yyyy:HH:mm:ss ±zzzz`, or NaN. */
function accessLog(b: Uint8Array, s: number, e: number): number {
  if (e - s < 20 || b[s + 2] !== 47 || b[s + 6] !== 47 || b[s + 11] !== 58 || b[s + 14] !== 58 || b[s + 17] !== 58) return NaN;
  const d = digits(b, s, 2);
  const mo = monthOf(b, s + 3);
  const y = digits(b, s + 7, 4);
  const h = digits(b, s + 12, 2);
  const mi = digits(b, s + 15, 2);
  const se = digits(b, s + 18, 2);
  if (d < 1 || d > 31 || mo < 1 || y < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) return NaN;
  return (daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se) * 1000 + tail(b, s + 20, e);
}

/** Syslog's `MMM dd HH:mm:ss` (day padded with a space or a zero), its year from `yearFor`. */
function syslog(b: Uint8Array, s: number, e: number, yearFor: YearFor | undefined): number {
  if (yearFor === undefined || e - s < 15 || b[s + 3] !== 32 || b[s + 6] !== 32 || b[s + 9] !== 58 || b[s + 12] !== 58) return NaN;
  const mo = monthOf(b, s);
  const d = b[s + 4] === 32 ? digits(b, s + 5, 1) : digits(b, s + 4, 2);
  const h = digits(b, s + 7, 2);
  const mi = digits(b, s + 10, 2);
  const se = digits(b, s + 13, 2);
  if (mo < 1 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) return NaN;
  const y = yearFor(mo, d);
  return (daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se) * 1000 + tail(b, s + 15, e);
}

/** The reader for the registry's formats: the layouts above, the second of the last one remembered. */
export class RegistryClock implements TimeReader {
  private prefix = new Uint8Array(19);
  private prefixLength = 0;
  private seconds = NaN;
  private readonly yearFor: YearFor | undefined;
  yearless = false;

  constructor(yearFor?: YearFor) {
    this.yearFor = yearFor;
  }

  bytes(b: Uint8Array, s: number, e: number): number {
    this.yearless = false;
    if (e - s >= 19 && this.prefixLength === 19) {
      let same = true;
      for (let i = 0; i < 19 && same; i++) same = b[s + i] === this.prefix[i];
      if (same) return this.seconds * 1000 + tail(b, s + 19, e);
    }
    const seconds = isoSeconds(b, s, e);
    if (seconds === seconds) {
      this.prefix.set(b.subarray(s, s + 19));
      this.prefixLength = 19;
      this.seconds = seconds;
      return seconds * 1000 + tail(b, s + 19, e);
    }
    const c = b[s]!;
    if (c >= 48 && c <= 57) {
      const access = accessLog(b, s, e);
      if (access === access) return access;
      return epochBytes(b, s, e);
    }
    const t = syslog(b, s, e, this.yearFor);
    this.yearless = t === t;
    return t;
  }

  value(v: unknown): number {
    if (typeof v === 'string' && !/^\d{9,19}$/.test(v)) {
      const t = parseTimestamp(v);
      if (t === t) return t;
      const bytes = new TextEncoder().encode(v);
      return this.bytes(bytes, 0, bytes.length);
    }
    return parseTimestampValue(v);
  }
}

/** A run of 9 to 19 digits read as epoch seconds, milliseconds or microseconds. */
function epochBytes(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n < 9 || n > 19) return NaN;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return parseTimestampValue(v);
}

/** A reader from a text parser (a learned layout's), with the last timestamp remembered. */
export function layoutReader(parse: (text: string) => number, latin1: (b: Uint8Array, s: number, e: number) => string): TimeReader {
  let last = '';
  let lastValue = NaN;
  return {
    yearless: false,
    bytes(b, s, e) {
      const text = latin1(b, s, e);
      if (text === last) return lastValue;
      last = text;
      return (lastValue = parse(text));
    },
    value(v) {
      return typeof v === 'string' ? parse(v) : parseTimestampValue(v);
    },
  };
}
