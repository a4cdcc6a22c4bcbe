/**
 * Timestamps of any common layout, recognised from their parts rather than from a fixed list:
 * a date (year first, day or month first, month names, compact digits, no year at all), a
 * separator, a time (`:`-separated, `.`-separated or compact), a fraction after `.`, `,` or `:`,
 * a 12-hour marker, a zone (`Z`, `±HH:MM`, `±HHMM`, an unambiguous name), a year after the time
 * (ctime), or an epoch number in seconds or milliseconds.
 *
 * `scanTimestamp` reads one at a position of a line; `parseTime` turns text written in a layout
 * into milliseconds with char codes only (no regex, no `Date` parsing), so it is cheap per record.
 * The reading is in `time-scan.ts`, the parsing in `time-parse.ts`.
 */
import { scanParts } from './time-scan.ts';

export { parseTime } from './time-parse.ts';
export { ZONE_NAMES } from './time-scan.ts';

/** One part of a time layout. Numeric parts that are not `fixed` take 1 or 2 digits and may be space-padded. */
export type TimePart =
  | { k: 'lit'; text: string }
  | { k: 'year'; digits: 2 | 4 }
  | { k: 'month'; form: 'num' | 'abbr' | 'full'; fixed: boolean; pad: Pad }
  | { k: 'day'; fixed: boolean; pad: Pad }
  | { k: 'weekday'; full: boolean }
  | { k: 'hour'; h12: boolean; fixed: boolean; pad: Pad }
  | { k: 'minute'; fixed: boolean; pad: Pad }
  | { k: 'second'; fixed: boolean; pad: Pad }
  /** `sep` holds each separator the texts use (`.`, `,`, `.,`, `:`). */
  | { k: 'fraction'; sep: string; optional: boolean }
  | { k: 'ampm' }
  | { k: 'zone'; form: 'offset' | 'name' | 'z'; space: boolean }
  | { k: 'epoch'; unit: 's' | 'ms'; fraction: boolean };

/** How a 1-2 digit number was seen written: `0`-padded, space-padded, one digit, or not known (always two digits). */
export type Pad = 'zero' | 'space' | 'none' | 'unknown';

export interface TimeLayout {
  /** The layout in Java/Unicode pattern letters: `yyyy-MM-dd HH:mm:ss,SSS`, `MMM ppd HH:mm:ss`, `epoch seconds`. */
  pattern: string;
  hasYear: boolean;
  hasZone: boolean;
  /** False for a time of day alone (`HH:mm:ss`): such a layout gives no instant. */
  hasDate: boolean;
  /** False for a date alone (`yyyy.MM.dd`). */
  hasTime: boolean;
  /** Set for epoch numbers. */
  epoch?: 's' | 'ms';
  parts: readonly TimePart[];
  /** Regular-expression source (no groups, bounded quantifiers) for text in this layout. */
  regex: string;
  /** Lines with the same key are written in the same layout (digit widths and an absent fraction aside). */
  key: string;
}

/** Render the parts as a pattern (`yyyy-MM-dd'T'HH:mm:ss.SSSXXX`). */
function patternOf(parts: readonly TimePart[]): string {
  let out = '';
  for (const p of parts) {
    switch (p.k) {
      case 'lit':
        out += /[A-Za-z]/.test(p.text) ? `'${p.text}'` : p.text;
        break;
      case 'year': out += p.digits === 4 ? 'yyyy' : 'yy'; break;
      case 'month': out += p.form === 'abbr' ? 'MMM' : p.form === 'full' ? 'MMMM' : numLetters('M', p.pad, p.fixed); break;
      case 'day': out += numLetters('d', p.pad, p.fixed); break;
      case 'weekday': out += p.full ? 'EEEE' : 'EEE'; break;
      case 'hour': out += numLetters(p.h12 ? 'h' : 'H', p.pad, p.fixed); break;
      case 'minute': out += numLetters('m', p.pad, p.fixed); break;
      case 'second': out += numLetters('s', p.pad, p.fixed); break;
      case 'fraction': out += p.optional ? `[${p.sep[0]}SSS]` : `${p.sep[0]}SSS`; break;
      case 'ampm': out += 'a'; break;
      case 'zone': out += (p.space ? ' ' : '') + (p.form === 'name' ? 'zzz' : p.form === 'z' ? 'X' : 'XX'); break;
      case 'epoch': out += (p.unit === 's' ? 'epoch seconds' : 'epoch milliseconds') + (p.fraction ? '.SSS' : ''); break;
    }
  }
  return out;
}

function numLetters(letter: string, pad: Pad, fixed: boolean): string {
  if (fixed || pad === 'zero' || pad === 'unknown') return letter + letter;
  return pad === 'space' ? `pp${letter}` : letter;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * Regex source of a 1-2 digit number that is not part of a run of digits: one or two digits, or a
 * space and a digit where the sample showed space padding or where a day follows a month name
 * (syslog, ctime).
 */
function numberRegex(p: { pad: Pad; fixed: boolean }, spaced: boolean): string {
  if (p.fixed) return '\\d{2}';
  if (p.pad === 'space' || (p.pad !== 'zero' && spaced)) return '[ \\d]?\\d';
  // One or two digits even where the sample showed two: a program that writes `23:7:6` for
  // 23:07:06 shows it only in the minutes and seconds under ten.
  return '\\d{1,2}';
}

/** Regex source of the parts (bounded quantifiers only). */
function regexOf(parts: readonly TimePart[]): string {
  let out = '';
  const named = parts.some((p) => p.k === 'month' && p.form !== 'num');
  for (const p of parts) {
    switch (p.k) {
      case 'lit': out += escape(p.text); break;
      case 'year': out += p.digits === 4 ? '\\d{4}' : '\\d{2}'; break;
      case 'month': out += p.form === 'abbr' ? '[A-Za-z]{3}' : p.form === 'full' ? '[A-Za-z]{3,9}' : numberRegex(p, false); break;
      case 'day': out += numberRegex(p, named); break;
      case 'weekday': out += p.full ? '[A-Za-z]{6,9}' : '[A-Za-z]{3}'; break;
      case 'hour': out += numberRegex(p, false); break;
      case 'minute': case 'second': out += numberRegex(p, false); break;
      case 'fraction': {
        const sep = p.sep.length > 1 ? `[${escape(p.sep)}]` : escape(p.sep);
        out += p.optional ? `(?:${sep}\\d{1,9})?` : `${sep}\\d{1,9}`;
        break;
      }
      case 'ampm': out += '[AaPp][Mm]'; break;
      case 'zone':
        out += (p.space ? ' ' : '') + (p.form === 'name' ? '[A-Z]{2,5}' : '(?:Z|[+-]\\d{2}(?::?\\d{2})?)');
        break;
      case 'epoch': out += (p.unit === 's' ? '\\d{10}' : '\\d{13}') + (p.fraction ? '(?:\\.\\d{1,9})?' : ''); break;
    }
  }
  return out;
}

/** The key of a layout: parts without digit widths, paddings or an absent fraction. */
function keyOf(parts: readonly TimePart[]): string {
  return parts
    .filter((p) => p.k !== 'fraction')
    .map((p) => (p.k === 'lit' ? `'${p.text}'` : p.k === 'month' || p.k === 'year' || p.k === 'epoch' || p.k === 'zone' ? `${p.k}:${'form' in p ? p.form : 'digits' in p ? p.digits : p.unit}` : p.k))
    .join(' ');
}

export function layoutOf(parts: readonly TimePart[]): TimeLayout {
  const epoch = parts[0]?.k === 'epoch' ? parts[0].unit : undefined;
  const layout: TimeLayout = {
    pattern: patternOf(parts),
    hasYear: epoch !== undefined || parts.some((p) => p.k === 'year'),
    hasZone: epoch !== undefined || parts.some((p) => p.k === 'zone'),
    hasDate: epoch !== undefined || parts.some((p) => p.k === 'day'),
    hasTime: epoch !== undefined || parts.some((p) => p.k === 'hour'),
    parts,
    regex: regexOf(parts),
    key: keyOf(parts),
  };
  if (epoch) layout.epoch = epoch;
  return layout;
}

/** Layouts already built, by their parts: the lines of a log share a handful. */
const layouts = new Map<string, TimeLayout>();
const MAX_CACHED = 512;

function cachedLayout(parts: readonly TimePart[]): TimeLayout {
  let sig = '';
  for (const p of parts) {
    sig += p.k;
    if (p.k === 'lit') sig += p.text;
    else if ('pad' in p) sig += p.pad + (p.fixed ? 'f' : '') + ('form' in p ? p.form : '') + ('h12' in p && p.h12 ? 'h' : '');
    else if (p.k === 'year') sig += p.digits;
    else if (p.k === 'zone') sig += p.form + (p.space ? 's' : '');
    else if (p.k === 'epoch') sig += p.unit + (p.fraction ? 'f' : '');
    else if (p.k === 'fraction') sig += p.sep + (p.optional ? 'o' : '');
    else if (p.k === 'weekday') sig += p.full ? 'F' : '';
    sig += ';';
  }
  let layout = layouts.get(sig);
  if (!layout) {
    if (layouts.size >= MAX_CACHED) layouts.clear();
    layout = layoutOf(parts);
    layouts.set(sig, layout);
  }
  return layout;
}

/** The timestamp that starts at `at` in `line`: its layout and where it ends, or undefined. */
export function scanTimestamp(line: string, at = 0): { layout: TimeLayout; end: number } | undefined {
  const r = scanParts(line, at);
  return r ? { layout: cachedLayout(r.parts), end: r.end } : undefined;
}

/** The layout of `text` when the whole of it (spaces around aside) is one timestamp. */
export function recognizeTimestamp(text: string): TimeLayout | undefined {
  const t = text.trim();
  const r = scanParts(t, 0);
  return r && r.end === t.length ? cachedLayout(r.parts) : undefined;
}

/**
 * One layout for several texts of the same key: a part becomes as loose as the loosest text
 * needs (a fraction some texts lack is optional; a day seen space-padded or with one digit is
 * written so), and a day-month order is settled by the values (a first number over 12 is a day).
 */
export function mergeLayouts(layouts: readonly TimeLayout[]): TimeLayout | undefined {
  const first = layouts[0];
  if (!first) return undefined;
  if (layouts.length === 1) return first;
  const withFraction = layouts.find((l) => l.parts.some((p) => p.k === 'fraction'));
  const base = withFraction ?? first;
  const someLack = withFraction !== undefined && layouts.some((l) => !l.parts.some((p) => p.k === 'fraction'));
  const merged: TimePart[] = base.parts.map((p) => ({ ...p }));
  // Order of day and month when both are numbers (dd/MM/yyyy against MM/dd/yyyy).
  const dayFirstSeen = layouts.some((l) => firstNumeric(l) === 'day');
  const monthFirstSeen = layouts.some((l) => firstNumeric(l) === 'month');
  if (dayFirstSeen && monthFirstSeen) {
    // Only a day can exceed 12, so the texts read day first whenever one of them had to.
    const order = layouts.find((l) => firstNumeric(l) === 'day')!;
    merged.splice(0, merged.length, ...order.parts.map((p) => ({ ...p })));
  }
  const numericAt = (l: TimeLayout) => l.parts.filter((p) => p.k !== 'fraction');
  const target = merged.filter((p) => p.k !== 'fraction');
  for (const l of layouts) {
    const ps = numericAt(l);
    for (let i = 0; i < target.length && i < ps.length; i++) {
      const t = target[i]!;
      const p = ps[i]!;
      if ((t.k === 'day' || t.k === 'hour' || t.k === 'minute' || t.k === 'second' || (t.k === 'month' && t.form === 'num')) && p.k === t.k && 'pad' in p) {
        t.pad = loosest(t.pad, p.pad);
      }
    }
  }
  if (someLack) for (const p of merged) if (p.k === 'fraction') p.optional = true;
  // Fractions after `.` in some texts and `,` in others (two programs in one stretch).
  const seps = new Set<string>();
  for (const l of layouts) for (const p of l.parts) if (p.k === 'fraction') seps.add(p.sep);
  if (seps.size > 1) for (const p of merged) if (p.k === 'fraction') p.sep = [...seps].join('');
  return layoutOf(merged);
}

function firstNumeric(l: TimeLayout): 'day' | 'month' | undefined {
  const p = l.parts[0];
  if (p?.k === 'day' && l.parts[2]?.k === 'month' && (l.parts[2] as { form: string }).form === 'num') return 'day';
  if (p?.k === 'month' && p.form === 'num' && l.parts[2]?.k === 'day') return 'month';
  return undefined;
}

const PAD_RANK: Record<Pad, number> = { unknown: 0, zero: 1, none: 2, space: 3 };
function loosest(a: Pad, b: Pad): Pad {
  return PAD_RANK[b] > PAD_RANK[a] ? b : a;
}
