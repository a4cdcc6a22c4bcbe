/**
 * The plan of an analysis, made from a sample of the file's first lines before any piece is
 * read: which formats the registry recognises there, what can be learned from the lines it does
 * not (formats learned from the file itself), which systems the generic formats borrow their
 * codes from, and which year timestamps without one belong to. Every reader of the file's
 * pieces gets the same plan, which is what makes their results agree.
 */
import { RegistryClock } from './time.ts';
import { buildSetup, type CompiledLogRegistry, type DayPlan, type PlanSpec, type YearPlan } from './setup.ts';
import type { KeepLimits } from './keep.ts';
import { learnFormats, parseTime, type LearnedFormat } from '../learn/index.ts';
import { CONTINUED, PieceParser, UNREAD } from './parse.ts';
import type { EngineFormats, FormatSource } from './formats.ts';
import type { TextOps } from './text.ts';

/** The format of a file in which no head can be recognised: every line is a record, all message. */
export const PLAIN_TEXT: FormatSource = {
  id: 'plain-text',
  systems: [],
  kind: 'text',
  head: '^(?<message>\\s{0,4096}\\S.*)',
  continuation: [],
  learned: {
    layout: {
      'zh-TW': '無法辨識的行首：每一行都當作一筆紀錄，整行都是訊息',
      en: 'no recognisable head: each line is a record, all of it message',
    },
    plain: true,
  },
};

/** Is the line a JSON object? (Asked only of lines near where a piece may be cut.) */
function isJsonObject(b: Uint8Array, s: number, e: number): boolean {
  try {
    const v: unknown = JSON.parse(new TextDecoder().decode(b.subarray(s, e)));
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** Text bytes sampled for the plan. */
export const PLAN_SAMPLE_BYTES = 1024 * 1024;

export interface PlanOptions {
  exactTemplates?: boolean;
  keep?: KeepLimits;
  only?: string;
  /** The file's modification time (ms), else now. */
  modified?: number;
}

export interface Planned {
  spec: PlanSpec;
  /** The text again from its start (the sample, then the rest). */
  text: AsyncIterable<Uint8Array>;
  /** Does a line start a record under this plan? */
  isHead: (b: Uint8Array, s: number, e: number) => boolean;
}

/** A head test over a set of formats: routing by first byte, then each candidate's head or JSON. */
export function headTest(formats: EngineFormats, only?: number): (b: Uint8Array, s: number, e: number) => boolean {
  // A line that may be the second line of a two-line record is never where a piece starts.
  const nexts = formats.formats.filter((f) => f.next !== undefined).map((f) => f.next!);
  return (b, s, e) => {
    for (const n of nexts) if (n.bytes ? n.bytes.exec(b, s, e) !== -1 : n.re.test(new TextDecoder().decode(b.subarray(s, e)))) return false;
    const c = b[s]!;
    for (const f of formats.route[c < 128 ? c : 128]!) {
      if (only !== undefined && f.index !== only) continue;
      if (f.kind === 'json') {
        if (isJsonObject(b, s, e)) return true;
      } else if (f.head!.bytes ? f.head!.bytes.exec(b, s, e) !== -1 : f.head!.re.test(new TextDecoder().decode(b.subarray(s, e)))) {
        return true;
      }
    }
    return false;
  };
}

export async function planFrom(text: AsyncIterable<Uint8Array>, compiled: CompiledLogRegistry, ops: TextOps, options: PlanOptions): Promise<Planned> {
  const it = text[Symbol.asyncIterator]();
  const sample: Uint8Array[] = [];
  let sampled = 0;
  let ended = false;
  while (sampled < PLAN_SAMPLE_BYTES) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    sample.push(r.value);
    sampled += r.value.length;
  }
  const bytes = new Uint8Array(sampled);
  let at = 0;
  for (const c of sample) {
    bytes.set(c, at);
    at += c.length;
  }
  // The sample's whole lines (the last one only when the text ended there).
  const lines: [number, number][] = [];
  for (let s = 0; s < bytes.length;) {
    let nl = bytes.indexOf(10, s);
    if (nl < 0) {
      if (!ended) break;
      nl = bytes.length;
    }
    let e = nl;
    if (e > s && bytes[e - 1] === 13) e--;
    if (e > s) lines.push([s, e]);
    s = nl + 1;
  }

  // How the registry's formats read the sample (the parser itself says, line by line): the
  // formats found, and the lines they leave unread (neither a head nor a continuation).
  const whole = bytes.subarray(0, lines.length > 0 ? lines[lines.length - 1]![1] : 0);
  const registry = compiled.formats;
  const found = new Set<number>();
  const unread: string[] = [];
  let firstMonthDay: number | undefined;
  let firstTimeOfDay: number | undefined;
  const reader = buildSetup(compiled, { learned: [], genericSystems: [] }, ops);
  // The learner sees the lines the registry leaves unread, and those only a generic format (one of
  // no system) reads: a layout learned from them may say more than that format does (nginx's error
  // log read as Go's `log` output has no level; the second line of java.util.logging's two-line
  // records looks like uvicorn's head). See `orderFormats` for which one is tried first.
  reader.onLine = (b, s, e, read, of) => {
    // A line a generic format took as the continuation of its record may be the head of a layout it
    // does not know (macOS's `proc[pid] ([n]): …` after syslog lines): the learner sees it too.
    const generic = read >= 0 ? registry.formats[read]!.generic : read === CONTINUED && of !== undefined && of.generic;
    if (generic && unread.length < LEARN_LINES) unread.push(ops.utf8(b, s, e));
    if (read >= 0) {
      found.add(read);
      if (firstMonthDay === undefined) {
        const head = registry.formats[read]!.head;
        if (head?.bytes && head.slots.timestamp) {
          const ts = head.bytes.caps[2 * head.slots.timestamp]!;
          if (ts >= 0) firstMonthDay = monthDayOf(b, ts);
        }
      }
    } else if (read === UNREAD && unread.length < LEARN_LINES) unread.push(ops.utf8(b, s, e));
  };
  new PieceParser(reader).parse(whole, 0);

  // Formats learned from the lines the registry does not read.
  const learned: FormatSource[] = [];
  if (options.only === undefined && unread.length >= 2) {
    for (const f of learnFormats(unread, { maxLines: LEARN_LINES })) learned.push(fromLearned(f));
    // The first year-less time of a learned layout, for the year plan; the first time of day alone, for the day plan.
    if (firstMonthDay === undefined) firstMonthDay = firstLearnedMonthDay(learned, unread);
    firstTimeOfDay = firstLearnedTimeOfDay(learned, unread);
  }
  const genericSystems = [...new Set([...found].flatMap((i) => registry.formats[i]!.systems))].sort();
  let year: YearPlan | undefined;
  if (firstMonthDay !== undefined) {
    const when = new Date(options.modified ?? Date.now());
    const lastYear = when.getUTCFullYear();
    const lastMonthDay = (when.getUTCMonth() + 1) * 100 + when.getUTCDate();
    year = { firstYear: firstMonthDay > lastMonthDay ? lastYear - 1 : lastYear, firstMonthDay };
  }
  // Nothing recognised at all (and lines to read): each line is a record of plain text, so the
  // file still gets levels from its words, codes and message templates, never just "0 records".
  const anyText = lines.some(([s, e]) => bytes.subarray(s, e).some((c) => c > 32));
  if (found.size === 0 && learned.length === 0 && anyText && options.only === undefined) learned.push(PLAIN_TEXT);
  let day: DayPlan | undefined;
  if (firstTimeOfDay !== undefined) {
    const when = options.modified ?? Date.now();
    const lastDay = Math.floor(when / 86_400_000);
    const lastTimeOfDay = when - lastDay * 86_400_000;
    day = { firstDay: firstTimeOfDay > lastTimeOfDay ? lastDay - 1 : lastDay, firstTimeOfDay };
  }
  const spec: PlanSpec = {
    learned,
    day,
    genericSystems: genericSystems.length > 0 ? genericSystems : [],
    year,
    exactTemplates: options.exactTemplates,
    keep: options.keep,
    only: options.only,
  };
  const setup = buildSetup(compiled, spec, ops);
  const replay = (async function* () {
    yield* sample;
    if (!ended) for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  })();
  return { spec, text: replay, isHead: headTest(setup.formats, setup.only) };
}

/** Sample lines given to the learner at most. */
const LEARN_LINES = 5_000;

/** A learned format as the engine runs it: generic, every other line continuing its records. */
export function fromLearned(f: LearnedFormat): FormatSource {
  return {
    id: f.id,
    systems: [],
    kind: 'text',
    head: f.head,
    continuation: ['.'],
    next: f.next,
    letterLevels: f.level === 'letter',
    timeLayout: f.timestamp,
    learned: { layout: f.layout, timeLayout: f.timestamp?.pattern, hasYear: f.timestamp?.hasYear },
  };
}

/** month * 100 + day of the first time, in a learned layout without a year, of the unread lines. */
function firstLearnedMonthDay(learned: readonly FormatSource[], lines: readonly string[]): number | undefined {
  const yearless = learned.filter((f) => f.timeLayout && !f.timeLayout.hasYear && f.timeLayout.hasDate);
  if (yearless.length === 0) return undefined;
  const heads = yearless.map((f) => ({ re: new RegExp(f.head!), layout: f.timeLayout! }));
  for (const line of lines) {
    for (const h of heads) {
      const ts = h.re.exec(line)?.groups?.timestamp;
      if (ts === undefined) continue;
      const t = parseTime(h.layout, ts, 2000);
      if (t !== t) continue;
      const d = new Date(t);
      return (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
    }
  }
  return undefined;
}

/** Milliseconds into the day of the first time, in a learned layout of a time of day alone, of the unread lines. */
function firstLearnedTimeOfDay(learned: readonly FormatSource[], lines: readonly string[]): number | undefined {
  const heads = learned.filter((f) => f.timeLayout && !f.timeLayout.hasDate && f.timeLayout.hasTime).map((f) => ({ re: new RegExp(f.head!), layout: f.timeLayout! }));
  if (heads.length === 0) return undefined;
  for (const line of lines) {
    for (const h of heads) {
      const ts = h.re.exec(line)?.groups?.timestamp;
      if (ts === undefined) continue;
      const t = parseTime(h.layout, ts);
      if (t === t) return ((t % 86_400_000) + 86_400_000) % 86_400_000;
    }
  }
  return undefined;
}

/** month * 100 + day of a syslog timestamp (`MMM dd …`) at `s`, or undefined. */
function monthDayOf(b: Uint8Array, s: number): number | undefined {
  const clock = new RegistryClock((month, day) => {
    found = month * 100 + day;
    return 2000;
  });
  let found: number | undefined;
  clock.bytes(b, s, Math.min(b.length, s + 40));
  return found;
}
