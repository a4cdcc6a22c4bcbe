/**
 * The records a browser tab keeps for browsing, in bounded memory: every record until a budget of
 * records and characters is spent, then only warnings and worse (up to a second budget). The
 * summary's counts always cover the whole file; only the list is bounded.
 */
import { LEVELS, WARNING } from '../../diagnostics/logs/levels.ts';
import type { LogRecord } from '../../diagnostics/logs/types.ts';
import type { RecordFilter, RecordRow } from './protocol.ts';

export interface KeepLimits {
  /** Records of any level kept first. */
  all: number;
  /** Characters (messages and continuation lines) of those. */
  chars: number;
  /** Records at warning or above kept after that. */
  severe: number;
}

export const DEFAULT_LIMITS: KeepLimits = { all: 200_000, chars: 64 * 1024 * 1024, severe: 300_000 };

const rank = (level: string) => LEVELS.indexOf(level as (typeof LEVELS)[number]);

/** A copy that shares no memory with the chunk a string was sliced from. */
function own(s: string): string {
  return s.length < 13 ? s : (` ${s}`).slice(1);
}

const NO_LINES: string[] = [];

export class RecordStore {
  readonly records: LogRecord[] = [];
  seen = 0;
  private chars = 0;
  private severe = 0;
  private readonly limits: KeepLimits;
  private lastFilter = '';
  private lastMatches: number[] = [];

  constructor(limits: KeepLimits = DEFAULT_LIMITS) {
    this.limits = limits;
  }

  /** Whether a record of this level would be kept (so the parser need not build the others). */
  wants(level: number): boolean {
    const open = this.records.length < this.limits.all && this.chars < this.limits.chars;
    return open || (level >= WARNING && this.severe < this.limits.severe);
  }

  add(r: LogRecord): void {
    this.seen++;
    const size = r.head.length + r.message.length + r.continuation.reduce((n, l) => n + l.length, 0);
    const open = this.records.length < this.limits.all && this.chars + size <= this.limits.chars;
    if (!open) {
      if (rank(r.level) < WARNING || this.severe >= this.limits.severe) return;
      this.severe++;
    }
    this.chars += size;
    // The parser hands over a fresh record: its strings are made independent of the chunk they
    // were cut from in place. A message that ends the head line is cut from the copied head.
    const head = own(r.head);
    const cut = head.length - r.message.length;
    r.message = cut >= 0 && r.message.length > 0 && r.head.endsWith(r.message) ? head.slice(cut) : own(r.message);
    r.head = head;
    r.continuation = r.continuation.length === 0 ? NO_LINES : r.continuation.map(own);
    if (r.logger !== undefined) r.logger = this.logger(r.logger);
    this.records.push(r);
  }

  /** Loggers are few: one copy of each. */
  private readonly loggers = new Map<string, string>();
  private logger(name: string): string {
    let kept = this.loggers.get(name);
    if (kept === undefined) {
      kept = own(name);
      if (this.loggers.size < 10_000) this.loggers.set(kept, kept);
    }
    return kept;
  }

  /** Positions of the records matching `filter` (the last answer is reused while scrolling). */
  matches(filter: RecordFilter): number[] {
    const key = JSON.stringify(filter);
    if (key === this.lastFilter) return this.lastMatches;
    const min = filter.minLevel ? rank(filter.minLevel) : 0;
    const code = filter.code || undefined;
    const needle = filter.text?.trim().toLowerCase() || undefined;
    const out: number[] = [];
    this.records.forEach((r, i) => {
      if (rank(r.level) < min) return;
      if (code && !r.codes.includes(code)) return;
      if (needle) {
        const hay = `${r.message}\n${r.logger ?? ''}\n${r.exception ?? ''}\n${r.continuation.join('\n')}`.toLowerCase();
        if (!hay.includes(needle)) return;
      }
      out.push(i);
    });
    this.lastFilter = key;
    this.lastMatches = out;
    return out;
  }

  rows(filter: RecordFilter, offset: number, limit: number): { total: number; rows: RecordRow[] } {
    const matches = this.matches(filter);
    const rows = matches.slice(offset, offset + limit).map((index) => {
      const r = this.records[index]!;
      return {
        index,
        line: r.line,
        level: r.level,
        timestamp: r.timestamp,
        codes: r.codes,
        message: r.message.length > 300 ? `${r.message.slice(0, 299)}…` : r.message,
        logger: r.logger,
        more: r.lines - 1,
      };
    });
    return { total: matches.length, rows };
  }
}
