/**
 * Text written in a known time layout to milliseconds since the epoch, with char codes only: no
 * regex, no `Date` parsing, cheap per record.
 */
import type { TimeLayout } from './time-layout.ts';
import { isAlpha, isDigit, MONTH_ABBR, MONTH_FULL, ZONE_NAMES } from './time-scan.ts';

const D0 = 48;

/** Days from 1970-01-01 to a civil date (proleptic Gregorian). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function readDigits(s: string, i: number, min: number, max: number): [number, number] {
  let v = 0;
  let n = 0;
  while (n < max && i + n < s.length) {
    const d = s.charCodeAt(i + n) - D0;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    n++;
  }
  return n >= min ? [v, i + n] : [NaN, i];
}

function monthAt(s: string, i: number, full: boolean): [number, number] {
  let n = 0;
  while (n < 9 && i + n < s.length && isAlpha(s.charCodeAt(i + n))) n++;
  if (n < 3) return [NaN, i];
  if (!full) {
    // Three letters, any case, compared by char code (no string built).
    for (let m = 0; m < 12; m++) {
      const name = MONTH_ABBR[m]!;
      if ((s.charCodeAt(i) | 32) === name.charCodeAt(0) && (s.charCodeAt(i + 1) | 32) === name.charCodeAt(1) && (s.charCodeAt(i + 2) | 32) === name.charCodeAt(2)) return [m + 1, i + 3];
    }
    return [NaN, i];
  }
  const m = MONTH_FULL.indexOf(s.slice(i, i + n).toLowerCase());
  return m >= 0 ? [m + 1, i + n] : [NaN, i];
}

/**
 * Milliseconds since the epoch of `text` written in `layout` (UTC when the text has no zone), or
 * NaN when the text does not follow the layout. A layout without a year takes `year` (NaN without
 * one); a time of day alone (`hasDate` false) gives its milliseconds on 1970-01-01, enough to order
 * the records of one day. Leading spaces are skipped; text after the timestamp is ignored.
 */
export function parseTime(layout: TimeLayout, text: string, year?: number): number {
  let i = 0;
  while (text.charCodeAt(i) === 32) i++;
  let y = layout.hasYear ? NaN : layout.hasDate ? year ?? NaN : 1970;
  let mo = 1, d = 1, h = 0, mi = 0, se = 0, ms = 0, offset = 0;
  let pm = -1;
  for (const p of layout.parts) {
    switch (p.k) {
      case 'lit':
        for (let j = 0; j < p.text.length; j++) if (text.charCodeAt(i + j) !== p.text.charCodeAt(j)) return NaN;
        i += p.text.length;
        break;
      case 'year': {
        const [v, e] = readDigits(text, i, p.digits, p.digits);
        if (v !== v) return NaN;
        y = p.digits === 4 ? v : v < 69 ? 2000 + v : 1900 + v;
        i = e;
        break;
      }
      case 'month': {
        if (p.form === 'num') {
          if (!p.fixed && text.charCodeAt(i) === 32) i++;
          [mo, i] = readDigits(text, i, p.fixed ? 2 : 1, 2);
        } else {
          [mo, i] = monthAt(text, i, p.form === 'full');
        }
        if (mo !== mo) return NaN;
        break;
      }
      case 'day':
      case 'hour': {
        if (!p.fixed && text.charCodeAt(i) === 32) i++;
        const [v, e] = readDigits(text, i, p.fixed ? 2 : 1, 2);
        if (v !== v) return NaN;
        if (p.k === 'day') d = v;
        else h = v;
        i = e;
        break;
      }
      case 'weekday':
        while (i < text.length && isAlpha(text.charCodeAt(i))) i++;
        break;
      case 'minute':
      case 'second': {
        const [v, e] = readDigits(text, i, p.fixed ? 2 : 1, 2);
        if (v !== v) return NaN;
        if (p.k === 'minute') mi = v;
        else se = v;
        i = e;
        break;
      }
      case 'fraction': {
        const c = text.charCodeAt(i);
        if ((c !== p.sep.charCodeAt(0) && (p.sep.length === 1 || !p.sep.includes(text[i]!))) || !isDigit(text.charCodeAt(i + 1))) {
          if (p.optional) break;
          return NaN;
        }
        i++;
        if (text.charCodeAt(i - 1) === 58) {
          // A fourth field counts milliseconds (`:6` is 6 ms, `:606` 606 ms).
          [ms, i] = readDigits(text, i, 1, 3);
          break;
        }
        let scale = 100;
        while (isDigit(text.charCodeAt(i))) {
          ms += (text.charCodeAt(i) - D0) * scale;
          scale /= 10;
          i++;
        }
        ms = Math.floor(ms);
        break;
      }
      case 'ampm': {
        const c = text.charCodeAt(i) | 32;
        if (c !== 97 && c !== 112) return NaN;
        pm = c === 112 ? 1 : 0;
        i += 2;
        break;
      }
      case 'zone': {
        if (p.space) {
          if (text.charCodeAt(i) !== 32) break; // a zone some texts lack
          i++;
        }
        const c = text.charCodeAt(i);
        if (c === 90) {
          i++;
        } else if (c === 43 || c === 45) {
          const [oh, e1] = readDigits(text, i + 1, 2, 2);
          let om = 0;
          let e = e1;
          if (text.charCodeAt(e) === 58) [om, e] = readDigits(text, e + 1, 2, 2);
          else if (isDigit(text.charCodeAt(e))) [om, e] = readDigits(text, e, 2, 2);
          if (oh !== oh || om !== om) return NaN;
          offset = (c === 43 ? 1 : -1) * (oh * 60 + om);
          i = e;
        } else {
          let n = 0;
          while (n < 5 && isAlpha(text.charCodeAt(i + n))) n++;
          offset = ZONE_NAMES[text.slice(i, i + n)] ?? 0;
          i += n;
        }
        break;
      }
      case 'epoch': {
        const digits = p.unit === 's' ? 10 : 13;
        const [v, e] = readDigits(text, i, digits, digits);
        if (v !== v) return NaN;
        i = e;
        let frac = 0;
        if (text.charCodeAt(i) === 46) {
          let scale = p.unit === 's' ? 100 : 0.1;
          i++;
          while (isDigit(text.charCodeAt(i))) {
            frac += (text.charCodeAt(i) - D0) * scale;
            scale /= 10;
            i++;
          }
        }
        return Math.floor((p.unit === 's' ? v * 1000 : v) + frac);
      }
    }
  }
  if (pm >= 0) {
    if (h < 1 || h > 12) return NaN;
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (y !== y || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return NaN;
  return (daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se) * 1000 + ms - offset * 60000;
}
