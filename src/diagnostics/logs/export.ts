/** The log parser's results as files: JSON (summary, problems, records) and CSV (records). */
import type { LogProblem, LogRecord, LogSummary } from './types.ts';

export const CSV_COLUMNS = ['line', 'lines', 'format', 'timestamp', 'time', 'level', 'logger', 'codes', 'exception', 'http', 'template_id', 'template', 'message', 'continuation'] as const;

/** One CSV field (RFC 4180). A field a spreadsheet would read as a formula gets a leading apostrophe. */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function recordToCsvRow(r: LogRecord): string {
  return [
    r.line, r.lines, r.format, r.timestamp, r.time, r.level, r.logger, r.codes.join(' '), r.exception, r.http,
    r.templateId, r.template, r.message, r.continuation.join('\n'),
  ].map(csvField).join(',');
}

export function recordsToCsv(records: Iterable<LogRecord>): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const r of records) rows.push(recordToCsvRow(r));
  return `${rows.join('\r\n')}\r\n`;
}

export function analysisToJson(summary: LogSummary, problems: readonly LogProblem[], records?: readonly LogRecord[]): string {
  return `${JSON.stringify({ summary, problems, ...(records ? { records } : {}) }, null, 2)}\n`;
}
