/**
 * The counts of one piece of a log, in bounded memory, and how the counts of consecutive pieces
 * merge into those of the whole file. Everything here is plain data (numbers, strings, arrays,
 * maps), so a tally crosses from a worker thread to the main one by structured clone.
 *
 * Merging is exact: counts add; a first line is the smallest after each piece's lines are
 * numbered from its position; the example of a key is that of its first occurrence; the timeline
 * is re-bucketed at the width the whole file's time span needs (widths are multiples of each
 * other, so buckets merge exactly). Only the caps (a map full of distinct keys drops its rarest)
 * can make a merged count differ from a single pass, and a tally says when that happened.
 */
import { LEVELS } from '../levels.ts';
import { BUCKET_WIDTHS, MAX_BUCKETS } from '../timeline.ts';

export const MAX_KEYS = 2_000;
export const MAX_SIGNATURES = 20_000;
export const UNPARSED_SAMPLES = 5;

/** A count with where it was first seen. */
export interface FirstSeen {
  count: number;
  /** Line of the first occurrence, within the piece until merged. */
  firstLine: number;
  /** Text of the first occurrence (a message, at most 500 characters). */
  example: string;
}

export interface SignatureStat extends FirstSeen {
  /** Most severe level among its records (index in LEVELS). */
  level: number;
}

export interface CodeStat {
  records: number;
  explicit: number;
  inferred: number;
  firstLine: number;
  example: string;
}

/** Timeline buckets at the base width (one second) until coarsened; keys are bucket numbers. */
export interface TimelineTally {
  width: number;
  /** Bucket number -> [records, warning, error, critical]. */
  buckets: Map<number, [number, number, number, number]>;
}

export interface Tally {
  records: number;
  lines: number;
  blankLines: number;
  unparsedLines: number;
  zeroBytes: number;
  /** Invalid UTF-8 sequences, each shown as U+FFFD. */
  invalidSequences: number;
  /** Times that could not be placed on a calendar (outside JavaScript's date range). */
  outOfRangeTimes: number;
  /** Times written without a year, given one by the plan. */
  yearless: number;
  levels: number[];
  /** The part of `levels` read from message words rather than from a level field. */
  levelsFromMessage: number[];
  /** Records per format index. */
  formats: number[];
  minTime: number;
  maxTime: number;
  timeline: TimelineTally;
  loggers: Map<string, number>;
  exceptions: Map<string, number>;
  http: Map<number, number>;
  unknownCodes: Map<string, number>;
  codes: Map<string, CodeStat>;
  signatures: Map<string, SignatureStat>;
  /** Some map hit its cap and dropped rare keys: counts of those are approximate. */
  dropped: boolean;
  /** Signatures were counted from a sample of records (weights > 1). */
  sampled: boolean;
  unparsed: { line: number; text: string }[];
}

export function emptyTally(formats: number): Tally {
  return {
    records: 0, lines: 0, blankLines: 0, unparsedLines: 0, zeroBytes: 0, invalidSequences: 0, outOfRangeTimes: 0, yearless: 0,
    levels: LEVELS.map(() => 0), levelsFromMessage: LEVELS.map(() => 0), formats: new Array<number>(formats).fill(0),
    minTime: Infinity, maxTime: -Infinity, timeline: { width: 0, buckets: new Map() },
    loggers: new Map(), exceptions: new Map(), http: new Map(), unknownCodes: new Map(), codes: new Map(), signatures: new Map(),
    dropped: false, sampled: false, unparsed: [],
  };
}

/** A copy of a string that keeps no reference to a larger string it was sliced from. */
export function detach(s: string): string {
  return s.length < 13 ? s : (` ${s}`).slice(1);
}

/** Add to a capped count map; when full, keys seen least are dropped first. */
export function count(map: Map<string, number>, key: string, n: number, tally: Tally, cap = MAX_KEYS): void {
  const v = map.get(key);
  if (v !== undefined) {
    map.set(key, v + n);
    return;
  }
  if (map.size >= cap) prune(map, tally, cap, (x) => x);
  map.set(detach(key), n);
}

function prune<V>(map: Map<string, V>, tally: Tally, cap: number, weight: (v: V) => number): void {
  tally.dropped = true;
  let floor = 1;
  while (map.size >= cap * 0.75) {
    for (const [k, v] of map) if (weight(v) <= floor) map.delete(k);
    floor *= 2;
  }
}

export function countSignature(tally: Tally, signature: string, level: number, line: number, message: string, weight: number): void {
  if (weight > 1) tally.sampled = true;
  const s = tally.signatures.get(signature);
  if (s !== undefined) {
    s.count += weight;
    if (level > s.level) s.level = level;
    return;
  }
  if (tally.signatures.size >= MAX_SIGNATURES) prune(tally.signatures, tally, MAX_SIGNATURES, (v) => v.count);
  tally.signatures.set(detach(signature), { count: weight, level, firstLine: line, example: detach(message.length > 500 ? message.slice(0, 500) : message) });
}

export function countCode(tally: Tally, code: string, explicit: boolean, line: number, message: string): void {
  let c = tally.codes.get(code);
  if (c === undefined) {
    c = { records: 0, explicit: 0, inferred: 0, firstLine: line, example: detach(message.length > 500 ? message.slice(0, 500) : message) };
    tally.codes.set(code, c);
  }
  c.records++;
  if (explicit) c.explicit++;
  else c.inferred++;
}

const WARNING = LEVELS.indexOf('warning');
const ERROR = LEVELS.indexOf('error');

/** The bucket the last time fell in (consecutive records mostly share one): not part of the tally's data. */
let lastTimeline: TimelineTally | undefined;
let lastKey = NaN;
let lastWidth = -1;
let lastBucket: [number, number, number, number] | undefined;

/** Count a record's time on the timeline, coarsening when its span needs more than MAX_BUCKETS buckets. */
export function countTime(tally: Tally, time: number, level: number): void {
  const t = tally.timeline;
  let c: [number, number, number, number] | undefined;
  if (t === lastTimeline && t.width === lastWidth && Math.floor(time / BUCKET_WIDTHS[lastWidth]!) === lastKey) {
    c = lastBucket!;
    if (time < tally.minTime) tally.minTime = time;
    if (time > tally.maxTime) tally.maxTime = time;
  } else {
    if (time < tally.minTime) tally.minTime = time;
    if (time > tally.maxTime) tally.maxTime = time;
    let width = BUCKET_WIDTHS[t.width]!;
    while (t.width < BUCKET_WIDTHS.length - 1 && Math.floor(tally.maxTime / width) - Math.floor(tally.minTime / width) >= MAX_BUCKETS) {
      coarsen(t, t.width + 1);
      width = BUCKET_WIDTHS[t.width]!;
    }
    const key = Math.floor(time / width);
    c = t.buckets.get(key);
    if (c === undefined) {
      c = [0, 0, 0, 0];
      t.buckets.set(key, c);
    }
    lastTimeline = t;
    lastWidth = t.width;
    lastKey = key;
    lastBucket = c;
  }
  c[0]++;
  if (level >= WARNING) c[level === WARNING ? 1 : level === ERROR ? 2 : 3]++;
}

function coarsen(t: TimelineTally, to: number): void {
  if (to <= t.width) return;
  const factor = BUCKET_WIDTHS[to]! / BUCKET_WIDTHS[t.width]!;
  const next = new Map<number, [number, number, number, number]>();
  for (const [key, c] of t.buckets) {
    const k = Math.floor(key / factor);
    const into = next.get(k);
    if (into) for (let i = 0; i < 4; i++) into[i]! += c[i]!;
    else next.set(k, c);
  }
  t.buckets = next;
  t.width = to;
}

function addMap<K>(into: Map<K, number>, from: Map<K, number>): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

/**
 * Merge `b` (the piece after `a`, its lines numbered from 1) into `a`, whose pieces cover the
 * first `lineBase` lines. `a` is changed and returned.
 */
export function mergeTally(a: Tally, b: Tally, lineBase: number): Tally {
  a.records += b.records;
  a.lines += b.lines;
  a.blankLines += b.blankLines;
  a.unparsedLines += b.unparsedLines;
  a.zeroBytes += b.zeroBytes;
  a.invalidSequences += b.invalidSequences;
  a.outOfRangeTimes += b.outOfRangeTimes;
  a.yearless += b.yearless;
  for (let i = 0; i < a.levels.length; i++) {
    a.levels[i]! += b.levels[i]!;
    a.levelsFromMessage[i]! += b.levelsFromMessage[i]!;
  }
  for (let i = 0; i < a.formats.length; i++) a.formats[i]! += b.formats[i] ?? 0;
  // The timeline: both at the width the merged span needs.
  const minTime = Math.min(a.minTime, b.minTime);
  const maxTime = Math.max(a.maxTime, b.maxTime);
  if (minTime <= maxTime) {
    let width = Math.max(a.timeline.width, b.timeline.width);
    while (width < BUCKET_WIDTHS.length - 1 && Math.floor(maxTime / BUCKET_WIDTHS[width]!) - Math.floor(minTime / BUCKET_WIDTHS[width]!) >= MAX_BUCKETS) width++;
    coarsen(a.timeline, width);
    coarsen(b.timeline, width);
    for (const [k, c] of b.timeline.buckets) {
      const into = a.timeline.buckets.get(k);
      if (into) for (let i = 0; i < 4; i++) into[i]! += c[i]!;
      else a.timeline.buckets.set(k, c);
    }
  }
  a.minTime = minTime;
  a.maxTime = maxTime;
  for (const [k, v] of b.loggers) count(a.loggers, k, v, a);
  for (const [k, v] of b.exceptions) count(a.exceptions, k, v, a);
  for (const [k, v] of b.unknownCodes) count(a.unknownCodes, k, v, a);
  addMap(a.http, b.http);
  for (const [code, c] of b.codes) {
    const into = a.codes.get(code);
    if (!into) a.codes.set(code, { ...c, firstLine: c.firstLine + lineBase });
    else {
      into.records += c.records;
      into.explicit += c.explicit;
      into.inferred += c.inferred;
    }
  }
  for (const [sig, s] of b.signatures) {
    const into = a.signatures.get(sig);
    if (into) {
      into.count += s.count;
      if (s.level > into.level) into.level = s.level;
    } else {
      if (a.signatures.size >= MAX_SIGNATURES) prune(a.signatures, a, MAX_SIGNATURES, (v) => v.count);
      a.signatures.set(sig, { ...s, firstLine: s.firstLine + lineBase });
    }
  }
  a.dropped ||= b.dropped;
  a.sampled ||= b.sampled;
  for (const u of b.unparsed) if (a.unparsed.length < UNPARSED_SAMPLES) a.unparsed.push({ line: u.line + lineBase, text: u.text });
  return a;
}
