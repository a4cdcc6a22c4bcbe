/**
 * Reading a timestamp at a position of a line, part by part: a date (year first, day or month
 * first, month names, compact digits, no year), a separator, a time (`:`-separated, `.`-separated
 * or compact), a fraction, a 12-hour marker, a zone, a year after the time, or an epoch number.
 */
import type { Pad, TimePart } from './time-layout.ts';

export const MONTH_ABBR = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
export const MONTH_FULL = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAY_ABBR = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEKDAY_FULL = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Zone names whose offset (in minutes) is not in doubt. `CST`, `IST`, `BST` are left out: each names several zones. */
export const ZONE_NAMES: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, UT: 0, Z: 0, WET: 0, WEST: 60, CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180,
  MSK: 180, EST: -300, EDT: -240, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420, AKST: -540, AKDT: -480,
  HST: -600, JST: 540, KST: 540, HKT: 480, SGT: 480, AWST: 480, ACST: 570, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
};

/** Epoch numbers are read between 2000-01-01 and 2100-01-01: a bigger or smaller number is an id. */
const EPOCH_MIN = 946684800;
const EPOCH_MAX = 4102444800;

const D0 = 48;
export const isDigit = (c: number) => c >= 48 && c <= 57;
export const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

function digitRun(s: string, i: number, max = 20): number {
  let n = 0;
  while (n < max && i + n < s.length && isDigit(s.charCodeAt(i + n))) n++;
  return n;
}

function alphaRun(s: string, i: number, max = 12): number {
  let n = 0;
  while (n < max && i + n < s.length && isAlpha(s.charCodeAt(i + n))) n++;
  return n;
}

function num(s: string, i: number, n: number): number {
  let v = 0;
  for (let j = i; j < i + n; j++) v = v * 10 + s.charCodeAt(j) - D0;
  return v;
}

/** A month name at i: [month 1-12, length, full?], or undefined. */
function monthName(s: string, i: number): [number, number, boolean] | undefined {
  const n = alphaRun(s, i);
  if (n < 3) return undefined;
  const word = s.slice(i, i + n).toLowerCase();
  if (n === 3) {
    const m = MONTH_ABBR.indexOf(word);
    return m >= 0 ? [m + 1, 3, false] : undefined;
  }
  const m = MONTH_FULL.indexOf(word);
  return m >= 0 ? [m + 1, n, true] : undefined;
}

function weekdayName(s: string, i: number): [number, boolean] | undefined {
  const n = alphaRun(s, i);
  if (n < 3) return undefined;
  const word = s.slice(i, i + n).toLowerCase();
  if (n === 3) return WEEKDAY_ABBR.includes(word) ? [3, false] : undefined;
  return WEEKDAY_FULL.includes(word) ? [n, true] : undefined;
}

function padOf(s: string, i: number, n: number, spaced: boolean): Pad {
  if (spaced) return 'space';
  if (n === 1) return 'none';
  return s.charCodeAt(i) === D0 ? 'zero' : 'unknown';
}

/** A 1-2 digit number at i, optionally preceded by one padding space: [value, end, pad] or undefined. */
function flexNumber(s: string, i: number, allowSpace: boolean): [number, number, Pad] | undefined {
  let spaced = false;
  if (allowSpace && s.charCodeAt(i) === 32 && isDigit(s.charCodeAt(i + 1)) && !isDigit(s.charCodeAt(i + 2))) {
    spaced = true;
    i++;
  }
  const n = digitRun(s, i, 3);
  if (n < 1 || n > 2) return undefined;
  return [num(s, i, n), i + n, padOf(s, i, n, spaced)];
}

export interface Scan {
  parts: TimePart[];
  end: number;
}

/** After a token: the next character must not continue a word or a number. */
function boundary(s: string, i: number): boolean {
  if (i >= s.length) return true;
  const c = s.charCodeAt(i);
  return !isDigit(c) && !isAlpha(c) && c !== 95; // _
}

/**
 * The time of day at i, with its fraction, 12-hour marker and zone: parts and end, or undefined.
 * `compact` allows `HHmmss`; `dots` allows `HH.mm.ss`.
 */
function scanTime(s: string, i: number, opts: { compact?: boolean; dots?: boolean; requireSep?: boolean }): Scan | undefined {
  const parts: TimePart[] = [];
  let end: number;
  const n = digitRun(s, i, 7);
  if (opts.compact && n === 6) {
    const h = num(s, i, 2), m = num(s, i + 2, 2), sec = num(s, i + 4, 2);
    if (h > 23 || m > 59 || sec > 60) return undefined;
    parts.push({ k: 'hour', h12: false, fixed: true, pad: 'zero' }, { k: 'minute', fixed: true, pad: 'zero' }, { k: 'second', fixed: true, pad: 'zero' });
    end = i + 6;
  } else {
    if (n < 1 || n > 2) return undefined;
    const h = num(s, i, n);
    const sep = s[i + n];
    if (sep !== ':' && !(opts.dots && sep === '.')) return undefined;
    // Minutes and seconds take two digits, or one where a program writes them unpadded (`23:7:6`).
    const j = i + n + 1;
    const mn = digitRun(s, j, 3);
    if (mn < 1 || mn > 2 || s[j + mn] !== sep) return undefined;
    const k = j + mn + 1;
    const sn = digitRun(s, k, 3);
    if (sn < 1 || sn > 2) return undefined;
    const m = num(s, j, mn), sec = num(s, k, sn);
    if (h > 23 || m > 59 || sec > 60) return undefined;
    parts.push(
      { k: 'hour', h12: false, fixed: false, pad: padOf(s, i, n, false) }, { k: 'lit', text: sep },
      { k: 'minute', fixed: false, pad: padOf(s, j, mn, false) }, { k: 'lit', text: sep },
      { k: 'second', fixed: false, pad: padOf(s, k, sn, false) },
    );
    end = k + sn;
  }
  // Fraction: `.` or `,` and 1-9 digits; `:` and 1-3 digits (milliseconds written as a fourth
  // field, padded or not: Java's `H:m:s:S`).
  const f = s[end];
  if (f === '.' || f === ',' || f === ':') {
    const d = digitRun(s, end + 1, 10);
    const after = end + 1 + d;
    if (d >= 1 && d <= 9 && (f !== ':' || d <= 3) && (boundary(s, after) || s[after] === 'Z')) {
      parts.push({ k: 'fraction', sep: f, optional: false });
      end += 1 + d;
    }
  }
  // 12-hour clock.
  if (s.charCodeAt(end) === 32 && /^[AaPp][Mm]$/.test(s.slice(end + 1, end + 3)) && boundary(s, end + 3)) {
    const hour = parts[0] as Extract<TimePart, { k: 'hour' }>;
    if (num(s, i, digitRun(s, i, 2)) <= 12) {
      parts[0] = { ...hour, h12: true };
      parts.push({ k: 'lit', text: ' ' }, { k: 'ampm' });
      end += 3;
    }
  }
  // Zone.
  const z = scanZone(s, end);
  if (z) {
    parts.push(z.part);
    end = z.end;
  }
  if (!boundary(s, end) && s[end] !== '_') return undefined;
  return { parts, end };
}

function scanZone(s: string, i: number): { part: TimePart; end: number } | undefined {
  let j = i;
  let space = false;
  if (s.charCodeAt(j) === 32) {
    space = true;
    j++;
  }
  const c = s[j];
  if (c === 'Z' && !space && boundary(s, j + 1)) return { part: { k: 'zone', form: 'z', space: false }, end: j + 1 };
  if (c === '+' || c === '-') {
    const n = digitRun(s, j + 1, 5);
    if (n === 4 && boundary(s, j + 5)) return { part: { k: 'zone', form: 'offset', space }, end: j + 5 };
    if (n === 2 && s[j + 3] === ':' && digitRun(s, j + 4, 3) === 2 && boundary(s, j + 6)) {
      return { part: { k: 'zone', form: 'offset', space }, end: j + 6 };
    }
    if (n === 2 && boundary(s, j + 3) && s[j + 3] !== ':' && !space) return { part: { k: 'zone', form: 'offset', space }, end: j + 3 };
    return undefined;
  }
  const a = alphaRun(s, j, 6);
  if (a >= 2 && a <= 5 && boundary(s, j + a) && ZONE_NAMES[s.slice(j, j + a)] !== undefined) {
    return { part: { k: 'zone', form: 'name', space }, end: j + a };
  }
  return undefined;
}

/** A separator between a date and a time: `T`, one or two spaces, `-`, `:`, `_`. */
function dateTimeSep(s: string, i: number): string | undefined {
  const c = s[i];
  if (c === ' ') return s[i + 1] === ' ' && isDigit(s.charCodeAt(i + 2)) ? '  ' : ' ';
  if (c === 'T' || c === '-' || c === ':' || c === '_') return c;
  return undefined;
}

/** A date followed, where possible, by a time. `dateEnd` is where the date stops. */
function withTime(s: string, date: TimePart[], dateEnd: number, opts: { compactTime?: boolean; dots?: boolean; ctimeYear?: boolean; yearBeforeTime?: boolean }): Scan | undefined {
  const sep = dateTimeSep(s, dateEnd);
  if (sep !== undefined) {
    const t = scanTime(s, dateEnd + sep.length, { compact: opts.compactTime && (sep === ' ' || sep === 'T' || sep === '-'), dots: opts.dots || sep === '-' });
    if (t) {
      const parts: TimePart[] = [...date, { k: 'lit', text: sep }, ...t.parts];
      let end = t.end;
      if (opts.ctimeYear && s.charCodeAt(end) === 32 && digitRun(s, end + 1, 5) === 4 && boundary(s, end + 5)) {
        parts.push({ k: 'lit', text: ' ' }, { k: 'year', digits: 4 });
        end += 5;
      }
      return { parts, end };
    }
  }
  if (!boundary(s, dateEnd)) return undefined;
  return { parts: date, end: dateEnd };
}

function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 0;
}

/** Read a timestamp starting at `at`: its layout parts and where it ends, or undefined. */
export function scanParts(s: string, at: number): Scan | undefined {
  const c = s.charCodeAt(at);
  if (isDigit(c)) return scanNumeric(s, at);
  if (isAlpha(c)) return scanNamed(s, at);
  return undefined;
}

function scanNumeric(s: string, i: number): Scan | undefined {
  const n = digitRun(s, i);
  // Epoch seconds or milliseconds, with an optional fraction.
  if (n === 10 || n === 13) {
    const v = num(s, i, n) / (n === 13 ? 1000 : 1);
    let end = i + n;
    let fraction = false;
    if (s[end] === '.' && digitRun(s, end + 1, 10) >= 1 && digitRun(s, end + 1, 10) <= 9) {
      end += 1 + digitRun(s, end + 1, 10);
      fraction = true;
    }
    if (v >= EPOCH_MIN && v < EPOCH_MAX && boundary(s, end) && s[end] !== '-' && s[end] !== '/') {
      return { parts: [{ k: 'epoch', unit: n === 13 ? 'ms' : 's', fraction }], end };
    }
    return undefined;
  }
  // yyyy-MM-dd, yyyy/MM/dd, yyyy.MM.dd, yyyy-MMM-dd.
  if (n === 4) {
    const sep = s[i + 4];
    if (sep === ' ') {
      // MMdd then a time (glog and klog: `I0105 10:00:00.123456`); no year.
      const m = num(s, i, 2), d = num(s, i + 2, 2);
      if (!validDate(2000, m, d)) return undefined;
      const date: TimePart[] = [{ k: 'month', form: 'num', fixed: true, pad: 'zero' }, { k: 'day', fixed: true, pad: 'zero' }];
      const r = withTime(s, date, i + 4, {});
      return r && r.parts.length > date.length ? r : undefined;
    }
    if (sep !== '-' && sep !== '/' && sep !== '.') return undefined;
    const y = num(s, i, 4);
    let month: TimePart;
    let m: number;
    let j = i + 5;
    const named = monthName(s, j);
    if (named) {
      [m] = named;
      month = { k: 'month', form: named[2] ? 'full' : 'abbr', fixed: false, pad: 'unknown' };
      j += named[1];
    } else {
      const mm = flexNumber(s, j, false);
      if (!mm) return undefined;
      [m, j] = mm;
      month = { k: 'month', form: 'num', fixed: false, pad: mm[2] };
    }
    if (s[j] !== sep) return undefined;
    const dd = flexNumber(s, j + 1, false);
    if (!dd || !validDate(y, m, dd[0])) return undefined;
    const date: TimePart[] = [{ k: 'year', digits: 4 }, { k: 'lit', text: sep }, month, { k: 'lit', text: sep }, { k: 'day', fixed: false, pad: dd[2] }];
    return withTime(s, date, dd[1], { dots: true });
  }
  // yyyyMMdd, then a time (compact or not).
  if (n === 8) {
    const y = num(s, i, 4), m = num(s, i + 4, 2), d = num(s, i + 6, 2);
    if (!validDate(y, m, d) || y < 1970 || y > 2100) return undefined;
    const date: TimePart[] = [{ k: 'year', digits: 4 }, { k: 'month', form: 'num', fixed: true, pad: 'zero' }, { k: 'day', fixed: true, pad: 'zero' }];
    return withTime(s, date, i + 8, { compactTime: true });
  }
  // yyMMdd HHmmss (HDFS); a compact date alone is too often a number to be read as one.
  if (n === 6) {
    const m = num(s, i + 2, 2), d = num(s, i + 4, 2);
    if (!validDate(0, m, d)) return undefined;
    const date: TimePart[] = [{ k: 'year', digits: 2 }, { k: 'month', form: 'num', fixed: true, pad: 'zero' }, { k: 'day', fixed: true, pad: 'zero' }];
    const r = withTime(s, date, i + 6, { compactTime: true });
    return r && r.parts.length > date.length ? r : undefined;
  }
  if (n !== 1 && n !== 2) return undefined;
  const sep = s[i + n];
  if (sep === ':') return scanTimeOnly(s, i);
  const a = num(s, i, n);
  // dd/MMM/yyyy, dd MMM yyyy, dd-MMM-yyyy.
  if (sep === '/' || sep === ' ' || sep === '-' || sep === '.') {
    const named = monthName(s, i + n + 1);
    if (named) {
      const j = i + n + 1 + named[1];
      if (s[j] !== sep || digitRun(s, j + 1, 5) !== 4 || a < 1 || a > 31) return undefined;
      const date: TimePart[] = [
        { k: 'day', fixed: false, pad: padOf(s, i, n, false) }, { k: 'lit', text: sep },
        { k: 'month', form: named[2] ? 'full' : 'abbr', fixed: false, pad: 'unknown' }, { k: 'lit', text: sep }, { k: 'year', digits: 4 },
      ];
      return withTime(s, date, j + 5, {});
    }
  }
  if (sep !== '/' && sep !== '-' && sep !== '.') return undefined;
  const second = flexNumber(s, i + n + 1, false);
  if (!second) return undefined;
  const [b, j] = second;
  const p1: Pad = padOf(s, i, n, false);
  if (s[j] === sep) {
    // Three numbers: a year at one end.
    const yn = digitRun(s, j + 1, 5);
    if (yn === 4) {
      // dd/MM/yyyy or MM/dd/yyyy: the order is settled across lines (see resolveOrder); one line decides only when a number is over 12.
      const dayFirst = a > 12 || (b <= 12 && sep !== '/');
      const [d, m] = dayFirst ? [a, b] : [b, a];
      if (!validDate(2000, m, d)) return undefined;
      const first: TimePart = dayFirst ? { k: 'day', fixed: false, pad: p1 } : { k: 'month', form: 'num', fixed: false, pad: p1 };
      const second: TimePart = dayFirst ? { k: 'month', form: 'num', fixed: false, pad: second2(s, i + n + 1, j) } : { k: 'day', fixed: false, pad: second2(s, i + n + 1, j) };
      const date: TimePart[] = [first, { k: 'lit', text: sep }, second, { k: 'lit', text: sep }, { k: 'year', digits: 4 }];
      return withTime(s, date, j + 5, {});
    }
    if (yn === 2 && n === 2) {
      // yy/MM/dd (log4j's `%d{yy/MM/dd}`).
      const d = num(s, j + 1, 2);
      if (!validDate(2000, b, d)) return undefined;
      const date: TimePart[] = [{ k: 'year', digits: 2 }, { k: 'lit', text: sep }, { k: 'month', form: 'num', fixed: false, pad: second2(s, i + n + 1, j) }, { k: 'lit', text: sep }, { k: 'day', fixed: false, pad: 'unknown' }];
      const r = withTime(s, date, j + 3, {});
      return r && r.parts.length > date.length ? r : undefined;
    }
    return undefined;
  }
  // MM-dd HH:mm:ss (logcat), MM.dd HH:mm:ss: a date without a year needs a time after it.
  const dayFirst = a > 12;
  const [d, m] = dayFirst ? [a, b] : [b, a];
  if (!validDate(2000, m, d)) return undefined;
  const date: TimePart[] = dayFirst
    ? [{ k: 'day', fixed: false, pad: p1 }, { k: 'lit', text: sep }, { k: 'month', form: 'num', fixed: false, pad: second2(s, i + n + 1, j) }]
    : [{ k: 'month', form: 'num', fixed: false, pad: p1 }, { k: 'lit', text: sep }, { k: 'day', fixed: false, pad: second2(s, i + n + 1, j) }];
  const r = withTime(s, date, j, {});
  return r && r.parts.length > date.length ? r : undefined;
}

function second2(s: string, i: number, end: number): Pad {
  return padOf(s, i, end - i, false);
}

function scanTimeOnly(s: string, i: number): Scan | undefined {
  return scanTime(s, i, {});
}

/** Layouts that start with a name: `Sun Dec 04 04:47:44 2005`, `Dec 10 06:55:46`, `Jan 05, 2025 3:04:05 PM`, `Fri, 05 Jan 2024 10:00:00 +0000`. */
/** First letters of month and weekday names (either case). */
const NAME_INITIAL = /[ADFJMNOSTWadfjmnostw]/;

function scanNamed(s: string, i: number): Scan | undefined {
  if (!NAME_INITIAL.test(s[i]!)) return undefined;
  const parts: TimePart[] = [];
  let j = i;
  const wd = weekdayName(s, j);
  if (wd) {
    parts.push({ k: 'weekday', full: wd[1] });
    j += wd[0];
    if (s[j] === ',') {
      parts.push({ k: 'lit', text: ', ' });
      j++;
    } else {
      parts.push({ k: 'lit', text: ' ' });
    }
    if (s[j] !== ' ') return undefined;
    j++;
    // RFC 2822: `Fri, 05 Jan 2024 10:00:00 +0000`.
    if (isDigit(s.charCodeAt(j))) {
      const r = scanNumeric(s, j);
      if (!r || !r.parts.some((p) => p.k === 'month' && p.form !== 'num')) return undefined;
      return { parts: [...parts, ...r.parts], end: r.end };
    }
  }
  const named = monthName(s, j);
  if (!named) return undefined;
  parts.push({ k: 'month', form: named[2] ? 'full' : 'abbr', fixed: false, pad: 'unknown' });
  j += named[1];
  if (s[j] !== ' ') return undefined;
  parts.push({ k: 'lit', text: ' ' });
  const day = flexNumber(s, j + 1, true);
  if (!day || day[0] < 1 || day[0] > 31) return undefined;
  parts.push({ k: 'day', fixed: false, pad: day[2] });
  j = day[1];
  // `Jan 05, 2025 3:04:05 PM` (java.util.logging) or `Jan 05 2025 10:00:00`.
  let yearFirst = false;
  if ((s[j] === ',' && s[j + 1] === ' ' && digitRun(s, j + 2, 5) === 4) || (s[j] === ' ' && digitRun(s, j + 1, 5) === 4 && s[j + 5] === ' ')) {
    const lit = s[j] === ',' ? ', ' : ' ';
    parts.push({ k: 'lit', text: lit }, { k: 'year', digits: 4 });
    j += lit.length + 4;
    yearFirst = true;
  }
  const r = withTime(s, parts, j, { ctimeYear: !yearFirst });
  // A month and a day alone are too often words and numbers of a message.
  if (!r || r.parts.length === parts.length) return undefined;
  return r;
}
