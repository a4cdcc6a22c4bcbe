/** Dates written with words (`Fri Jun 17 07:07:00 2005`) and the units of numbers (`12 KB`). */
import { CLASS, isAlnum, isAlpha, isDigit, WORD } from './chars.ts';

const UNITS = new Set([
  'B', 'KB', 'MB', 'GB', 'TB', 'PB', 'KiB', 'MiB', 'GiB', 'TiB', 'kB', 'bytes', 'byte',
  'ns', 'us', 'µs', 'ms', 's', 'sec', 'secs', 'second', 'seconds', 'min', 'mins', 'minute', 'minutes', 'h', 'hr', 'hrs', 'hour', 'hours', 'day', 'days',
]);

/** First letters of the units. */
const UNIT_START = new Set([...UNITS].map((u) => u.charCodeAt(0)));

/** The end of a unit word at i (see UNITS), or -1. */
export function unitEnd(s: string, i: number, end: number): number {
  if (!UNIT_START.has(s.charCodeAt(i))) return -1;
  let j = i;
  while (j < end && j - i <= 8) {
    const c = s.charCodeAt(j);
    if (isAlpha(c) || c === 0xb5) j++;
    else break;
  }
  if (j === i || (j < end && s.charCodeAt(j) < 128 && CLASS[s.charCodeAt(j)] === WORD && s.charCodeAt(j) !== 46)) return -1;
  return UNITS.has(s.slice(i, j)) ? j : -1;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The first three letters of a word, in lower case, as one number. */
export const code3 = (s: string, i: number) => ((s.charCodeAt(i) | 32) << 16) | ((s.charCodeAt(i + 1) | 32) << 8) | (s.charCodeAt(i + 2) | 32);
export const MONTH_CODES = new Set(MONTHS.map((m) => code3(m, 0)));
export const DAY_CODES = new Set(DAYS.map((d) => code3(d, 0)));

/** Whether s[i, j) names a month (`weekday` false) or a day of the week, short or whole. */
function isName(s: string, i: number, j: number, weekday: boolean): boolean {
  if (j - i < 3 || !(weekday ? DAY_CODES : MONTH_CODES).has(code3(s, i))) return false;
  if (j - i === 3) return true;
  return (weekday ? DAY_NAMES : MONTH_NAMES).includes(s.slice(i, j).toLowerCase());
}

/**
 * The end of a date written with words starting at the capitalised word s[i, j): an optional day
 * of the week, a month, a day of the month, then optionally `,`, a time and a year. -1 when
 * there is no month followed by a day.
 */
export function dateEnd(s: string, i: number, j: number, end: number): number {
  let k = j;
  if (isName(s, i, j, true)) {
    // `Fri Jun 17`: the month follows.
    if (s.charCodeAt(k) === 44) k++;
    if (s.charCodeAt(k) !== 32) return -1;
    const m = k + 1;
    let e = m;
    while (e < end && isAlpha(s.charCodeAt(e))) e++;
    if (e - m < 3 || !isName(s, m, e, false)) return -1;
    k = e;
  } else if (!isName(s, i, j, false)) {
    return -1;
  }
  // the day: one or two spaces, one or two digits, not followed by another digit or a letter
  let d = k;
  while (d < end && d - k < 2 && s.charCodeAt(d) === 32) d++;
  if (d === k) return -1;
  let e = d;
  while (e < end && e - d < 2 && isDigit(s.charCodeAt(e))) e++;
  if (e === d || (e < end && isAlnum(s.charCodeAt(e)))) return -1;
  k = e;
  if (s.charCodeAt(k) === 44) k++;
  // a time, then a year
  const t = timeEnd(s, k, end);
  if (t > 0) k = t;
  if (s.charCodeAt(k) === 32 && isDigit(s.charCodeAt(k + 1)) && isDigit(s.charCodeAt(k + 4)) && !isAlnum(s.charCodeAt(k + 5)) && isDigit(s.charCodeAt(k + 2)) && isDigit(s.charCodeAt(k + 3))) k += 5;
  if (t < 0) {
    const t2 = timeEnd(s, k, end);
    if (t2 > 0) k = t2;
  }
  return k;
}

/** The end of ` hh:mm[:ss[.fff]]` at i, or -1. */
function timeEnd(s: string, i: number, end: number): number {
  if (s.charCodeAt(i) !== 32) return -1;
  let k = i + 1;
  let parts = 0;
  for (;;) {
    const a = k;
    while (k < end && k - a < 2 && isDigit(s.charCodeAt(k))) k++;
    if (k === a) return -1;
    parts++;
    if (s.charCodeAt(k) === 58 && parts < 3) k++;
    else break;
  }
  if (parts < 2) return -1;
  if (s.charCodeAt(k) === 46 || s.charCodeAt(k) === 44) {
    const a = ++k;
    while (k < end && isDigit(s.charCodeAt(k))) k++;
    if (k === a) return -1;
  }
  return k < end && isAlnum(s.charCodeAt(k)) ? -1 : k;
}

