/** The record list's filters: level, code, file, text, checked regex, time span and template. */
import { describe, expect, it } from 'vitest';
import { RecordStore } from '../../../src/components/logs/records.ts';
import type { LogRecord } from '../../../src/diagnostics/logs/types.ts';

const record = (line: number, over: Partial<LogRecord>): LogRecord => ({
  line, lines: 1, format: 'generic', head: '', level: 'info', message: '', continuation: [], codes: [], templateId: 't0', template: '', ...over,
});

const store = new RecordStore([
  record(1, { level: 'error', message: 'database is locked', codes: ['DB_1506'], time: '2025-08-23T10:30:00.000Z', templateId: 'a', file: 'app.log.1' }),
  record(2, { level: 'info', message: 'started in 12 ms', time: '2025-08-23T10:31:00.000Z', templateId: 'b', file: 'app.log.1' }),
  record(3, { level: 'warning', message: 'retry 3', continuation: ['Caused by: timeout'], time: '2025-08-23T10:32:30.000Z', templateId: 'c', file: 'app.log' }),
  record(4, { level: 'error', message: 'database is locked', codes: ['DB_1506'], templateId: 'a', file: 'app.log' }),
]);
const lines = (filter: Parameters<RecordStore['matches']>[0]) => store.matches(filter).positions.map((i) => store.records[i]!.line);

describe('RecordStore', () => {
  it('filters by level, code, file and template', () => {
    expect(lines({ minLevel: 'warning' })).toEqual([1, 3, 4]);
    expect(lines({ code: 'DB_1506' })).toEqual([1, 4]);
    expect(lines({ file: 'app.log' })).toEqual([3, 4]);
    expect(lines({ templateId: 'a' })).toEqual([1, 4]);
  });

  it('filters by a time span, leaving out records without a time', () => {
    const from = Date.parse('2025-08-23T10:30:00Z');
    expect(lines({ from, to: from + 60_000 })).toEqual([1]);
    expect(lines({ from, to: from + 180_000 })).toEqual([1, 2, 3]);
  });

  it('searches text and continuation lines, as plain text or a checked pattern', () => {
    expect(lines({ text: 'TIMEOUT' })).toEqual([3]);
    expect(lines({ text: 'in \\d+ ms', regex: true })).toEqual([2]);
    expect(lines({ text: 'in \\d+ ms' })).toEqual([]);
    const bad = store.matches({ text: 'a[', regex: true });
    expect(bad.regexProblem?.reason).toBe('invalid');
    expect(bad.positions).toHaveLength(4);
    expect(store.matches({ text: '(a+)+$', regex: true }).regexLinear).toBe(true);
  });

  it('pages rows with the level source and the file', () => {
    const { total, rows } = store.rows({ minLevel: 'warning' }, 1, 1);
    expect(total).toBe(3);
    expect(rows).toEqual([expect.objectContaining({ index: 2, line: 3, file: 'app.log', more: 0 })]);
  });
});
