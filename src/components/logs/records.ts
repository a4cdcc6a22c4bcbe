/**
 * The records a browser tab keeps for browsing: those the core kept within its budgets (see
 * src/diagnostics/logs/engine/keep.ts), filtered and paged for the list. The summary's counts
 * always cover the whole file; only the list is bounded.
 */
import { LEVELS } from '../../diagnostics/logs/levels.ts';
import type { LogRecord } from '../../diagnostics/logs/types.ts';
import type { RecordFilter, RecordRow } from './protocol.ts';
import { checkRegex, type TextMatcher } from './regex-filter.ts';

const rank = (level: string) => LEVELS.indexOf(level as (typeof LEVELS)[number]);

export interface Matches {
  positions: number[];
  regexProblem?: { reason: string; detail?: string };
  regexLinear?: boolean;
}

export class RecordStore {
  readonly records: LogRecord[];
  private lastFilter = '';
  private last: Matches = { positions: [] };
  private times: Float64Array | undefined;

  constructor(records: LogRecord[] = []) {
    this.records = records;
  }

  /** Each record's time in ms (NaN without one), read once. */
  private timeOf(i: number): number {
    if (!this.times) {
      this.times = new Float64Array(this.records.length);
      this.records.forEach((r, j) => {
        this.times![j] = r.time ? Date.parse(r.time) : NaN;
      });
    }
    return this.times[i]!;
  }

  /** Positions of the records matching `filter` (the last answer is reused while scrolling). */
  matches(filter: RecordFilter): Matches {
    const key = JSON.stringify(filter);
    if (key === this.lastFilter) return this.last;
    const min = filter.minLevel ? rank(filter.minLevel) : 0;
    const code = filter.code || undefined;
    const raw = filter.text?.trim() || undefined;
    let matcher: TextMatcher | undefined;
    let needle: string | undefined;
    const out: Matches = { positions: [] };
    if (raw && filter.regex) {
      const check = checkRegex(raw);
      if (check.ok) {
        matcher = check.matcher;
        out.regexLinear = check.matcher.engine === 'linear';
      } else out.regexProblem = { reason: check.reason, detail: check.detail };
    } else if (raw) needle = raw.toLowerCase();
    const timed = filter.from !== undefined || filter.to !== undefined;
    const from = filter.from ?? -Infinity;
    const to = filter.to ?? Infinity;
    this.records.forEach((r, i) => {
      if (rank(r.level) < min) return;
      if (code && !r.codes.includes(code)) return;
      if (filter.templateId && r.templateId !== filter.templateId) return;
      if (filter.file && r.file !== filter.file) return;
      if (timed) {
        const t = this.timeOf(i);
        if (!(t >= from && t < to)) return;
      }
      if (needle || matcher) {
        const hay = `${r.message}\n${r.logger ?? ''}\n${r.exception ?? ''}\n${r.continuation.join('\n')}`;
        if (needle && !hay.toLowerCase().includes(needle)) return;
        if (matcher && !matcher.test(hay)) return;
      }
      out.positions.push(i);
    });
    this.lastFilter = key;
    this.last = out;
    return out;
  }

  rows(filter: RecordFilter, offset: number, limit: number): Matches & { total: number; rows: RecordRow[] } {
    const m = this.matches(filter);
    const rows = m.positions.slice(offset, offset + limit).map((index): RecordRow => {
      const r = this.records[index]!;
      return {
        index,
        line: r.line,
        file: r.file,
        level: r.level,
        levelSource: r.levelSource,
        timestamp: r.timestamp,
        codes: r.codes,
        message: r.message.length > 300 ? `${r.message.slice(0, 299)}…` : r.message,
        logger: r.logger,
        more: r.lines - 1,
      };
    });
    return { ...m, total: m.positions.length, rows };
  }
}
