/**
 * The records a browser tab keeps for browsing: those the core kept within its budgets (every
 * record until a budget of records and bytes is spent, then only warnings and worse, up to a
 * second budget; see src/diagnostics/logs/engine/keep.ts), filtered and paged for the list. The
 * summary's counts always cover the whole file; only the list is bounded.
 */
import { LEVELS } from '../../diagnostics/logs/levels.ts';
import type { LogRecord } from '../../diagnostics/logs/types.ts';
import type { RecordFilter, RecordRow } from './protocol.ts';

const rank = (level: string) => LEVELS.indexOf(level as (typeof LEVELS)[number]);

export class RecordStore {
  readonly records: LogRecord[];
  private lastFilter = '';
  private lastMatches: number[] = [];

  constructor(records: LogRecord[] = []) {
    this.records = records;
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
