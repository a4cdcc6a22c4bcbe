/**
 * Counts over the records of a log, in bounded memory: maps with a cap on distinct keys (rare
 * keys are dropped first and the result says so), a timeline that coarsens, and the top templates.
 * Keys may be byte strings (Node's fast path); `toText` turns them into text when reporting.
 */
import { LEVELS, type Level } from './levels.ts';
import { templateId } from './template.ts';
import { isoTime } from './timestamp.ts';
import { Timeline } from './timeline.ts';
import type { CodeStat, LogSummary, TemplateStat } from './types.ts';

const MAX_TEMPLATES = 20_000;
const MAX_KEYS = 2_000;
const TOP_TEMPLATES = 100;
const TOP_LOGGERS = 100;
const UNPARSED_SAMPLES = 5;

/**
 * A copy of a string that keeps no reference to the chunk it was sliced from (V8 keeps the whole
 * parent of a slice alive); used for every string stored beyond the current record.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (` ${s}`).slice(1);
}

/** A map of counts with a cap on distinct keys: when full, keys seen once are dropped. */
export class CountMap {
  readonly map = new Map<string, number>();
  dropped = false;
  private readonly cap: number;
  constructor(cap = MAX_KEYS) {
    this.cap = cap;
  }
  add(key: string, n = 1): void {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.set(key, v + n);
      return;
    }
    if (this.map.size >= this.cap) this.prune();
    this.map.set(detach(key), n);
  }
  private prune(): void {
    this.dropped = true;
    let floor = 1;
    while (this.map.size >= this.cap * 0.75) {
      for (const [k, v] of this.map) if (v <= floor) this.map.delete(k);
      floor *= 2;
    }
  }
}

interface TemplateEntry {
  count: number;
  level: number;
  firstLine: number;
  example: string;
}

interface CodeEntry {
  records: number;
  explicit: number;
  inferred: number;
  firstLine: number;
  example: string;
}

export class Aggregate {
  records = 0;
  lines = 0;
  blankLines = 0;
  unparsedLines = 0;
  truncatedLines = 0;
  zeroBytes = 0;
  readonly levels = new Float64Array(LEVELS.length);
  readonly formatCounts: Float64Array;
  minTime = Infinity;
  maxTime = -Infinity;
  readonly timeline = new Timeline();
  readonly loggers = new CountMap();
  readonly exceptions = new CountMap();
  readonly http = new Map<number, number>();
  readonly unknownCodes = new CountMap();
  readonly codes = new Map<string, CodeEntry>();
  readonly templates = new Map<string, TemplateEntry>();
  templatesDropped = false;
  templatesSampled = false;
  readonly unparsed: { line: number; text: string }[] = [];

  constructor(formatCount: number) {
    this.formatCounts = new Float64Array(formatCount);
  }

  time(t: number, level: number): void {
    if (t < this.minTime) this.minTime = t;
    if (t > this.maxTime) this.maxTime = t;
    this.timeline.add(t, level);
  }

  /** Count a template; `weight` > 1 for a sampled record standing for that many. */
  template(template: string, level: number, line: number, message: string, weight: number): void {
    if (weight > 1) this.templatesSampled = true;
    const entry = this.templates.get(template);
    if (entry !== undefined) {
      entry.count += weight;
      if (level > entry.level) entry.level = level;
      return;
    }
    if (this.templates.size >= MAX_TEMPLATES) this.pruneTemplates();
    this.templates.set(detach(template), { count: weight, level, firstLine: line, example: detach(message.slice(0, 500)) });
  }

  private pruneTemplates(): void {
    this.templatesDropped = true;
    let floor = 1;
    while (this.templates.size >= MAX_TEMPLATES * 0.75) {
      for (const [k, v] of this.templates) if (v.count <= floor) this.templates.delete(k);
      floor *= 2;
    }
  }

  code(code: string, explicit: boolean, line: number, message: string): void {
    let entry = this.codes.get(code);
    if (!entry) {
      entry = { records: 0, explicit: 0, inferred: 0, firstLine: line, example: detach(message.slice(0, 500)) };
      this.codes.set(code, entry);
    }
    entry.records++;
    if (explicit) entry.explicit++;
    else entry.inferred++;
  }

  unparsedLine(line: number, text: string): void {
    this.unparsedLines++;
    if (this.unparsed.length < UNPARSED_SAMPLES) this.unparsed.push({ line, text: detach(text.slice(0, 300)) });
  }

  /** The summary; `formatIds` names the formats by index, `systemOf` gives a code's system. */
  summary(
    formatIds: readonly string[],
    formatSystems: readonly (readonly string[])[],
    systemOf: (code: string) => string,
    toText: (s: string) => string,
    bytes: boolean,
  ): Omit<LogSummary, 'verdict' | 'bytes' | 'textBytes' | 'encoding' | 'bom' | 'cancelled' | 'elapsedMs' | 'findings'> {
    const levels = Object.fromEntries(LEVELS.map((l, i) => [l, this.levels[i]!])) as Record<Level, number>;
    const formats: Record<string, number> = {};
    const systems = new Set<string>();
    let format: string | undefined;
    let best = 0;
    formatIds.forEach((id, i) => {
      const n = this.formatCounts[i]!;
      if (n === 0) return;
      formats[id] = n;
      for (const s of formatSystems[i]!) systems.add(s);
      if (n > best) {
        best = n;
        format = id;
      }
    });
    const textKeys = (m: Map<string, number>, top = Infinity) => {
      const out = new Map<string, number>();
      for (const [k, v] of m) {
        const t = toText(k);
        out.set(t, (out.get(t) ?? 0) + v);
      }
      return Object.fromEntries([...out].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, top));
    };
    const codeDetails: CodeStat[] = [...this.codes]
      .map(([code, e]) => ({ code, system: systemOf(code), records: e.records, explicit: e.explicit, inferred: e.inferred, firstLine: e.firstLine, example: toText(e.example) }))
      .sort((a, b) => b.records - a.records || (a.code < b.code ? -1 : 1));
    const templates: TemplateStat[] = [...this.templates]
      .sort((a, b) => b[1].count - a[1].count || a[1].firstLine - b[1].firstLine)
      .slice(0, TOP_TEMPLATES)
      .map(([t, e]) => ({
        id: templateId(t, bytes),
        template: toText(t),
        count: e.count,
        level: LEVELS[e.level]!,
        firstLine: e.firstLine,
        example: toText(e.example),
      }));
    return {
      lines: this.lines,
      blankLines: this.blankLines,
      records: this.records,
      unparsedLines: this.unparsedLines,
      truncatedLines: this.truncatedLines,
      zeroBytes: this.zeroBytes,
      levels,
      formats,
      format,
      systems: [...systems].sort(),
      codes: Object.fromEntries(codeDetails.map((c) => [c.code, c.records])),
      codeDetails,
      unknownCodes: textKeys(this.unknownCodes.map),
      exceptions: textKeys(this.exceptions.map),
      http: Object.fromEntries([...this.http].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
      loggers: textKeys(this.loggers.map, TOP_LOGGERS),
      first: isoTime(this.minTime),
      last: isoTime(this.maxTime),
      timeline: this.timeline.result(),
      templates,
      templateCount: this.templates.size,
      templatesApproximate: this.templatesDropped || this.templatesSampled,
      unparsedSamples: this.unparsed.map((u) => ({ line: u.line, text: toText(u.text) })),
    };
  }
}
