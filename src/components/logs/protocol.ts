/**
 * The log parser worker's messages. Every request carries an id and every reply names it.
 * `analyze` streams a file through the core; `cancel` stops it between chunks (the worker keeps
 * what it read); `query`, `record` and `export` read the records kept from the last analysis.
 */
import type { Level } from '../../diagnostics/logs/levels.ts';
import type { LogProblem, LogRecord, LogRegistry, LogSummary } from '../../diagnostics/logs/types.ts';

export interface AnalyzeRequest {
  type: 'analyze';
  id: number;
  file: Blob;
  name: string;
  /** Sent once; the worker compiles it and keeps it for later requests. */
  registry?: LogRegistry;
}

export interface CancelRequest {
  type: 'cancel';
  id: number;
}

export interface RecordFilter {
  /** Records at or above this level. */
  minLevel?: Level;
  code?: string;
  /** Case-insensitive substring of the message, the continuation lines, the logger or the exception. */
  text?: string;
}

export interface QueryRequest {
  type: 'query';
  id: number;
  filter: RecordFilter;
  offset: number;
  limit: number;
}

export interface RecordRequest {
  type: 'record';
  id: number;
  /** Position in the kept records. */
  index: number;
}

export interface ExportRequest {
  type: 'export';
  id: number;
  kind: 'json' | 'csv';
}

/** The worker is loaded and ready: sent by the page to warm it up before any file is read. */
export interface PingRequest {
  type: 'ping';
  id: number;
}

export type WorkerRequest = AnalyzeRequest | CancelRequest | QueryRequest | RecordRequest | ExportRequest | PingRequest;

export interface ProgressMessage {
  type: 'progress';
  id: number;
  bytes: number;
  total: number;
  records: number;
  elapsedMs: number;
}

export interface ResultMessage {
  type: 'result';
  id: number;
  summary: LogSummary;
  problems: LogProblem[];
  /** Records kept for browsing (see records.ts), and whether that is all of them. */
  kept: number;
  /** Milliseconds from the first byte read to the summary, inside the worker. */
  ms: number;
  mbps: number;
}

/** A row of the record list: enough to draw one line. */
export interface RecordRow {
  index: number;
  line: number;
  level: Level;
  timestamp?: string;
  codes: string[];
  /** The head line's message, cut to 300 characters. */
  message: string;
  logger?: string;
  /** Lines of the record beyond its head. */
  more: number;
}

export interface RowsMessage {
  type: 'rows';
  id: number;
  /** Records matching the filter. */
  total: number;
  offset: number;
  rows: RecordRow[];
}

export interface RecordMessage {
  type: 'record';
  id: number;
  index: number;
  record: LogRecord;
}

export interface ExportMessage {
  type: 'export';
  id: number;
  kind: 'json' | 'csv';
  blob: Blob;
}

export interface PongMessage {
  type: 'pong';
  id: number;
}

export interface ErrorMessage {
  type: 'error';
  id: number;
  message: string;
}

export type WorkerMessage = ProgressMessage | ResultMessage | RowsMessage | RecordMessage | ExportMessage | PongMessage | ErrorMessage;
