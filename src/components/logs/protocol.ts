/**
 * The log worker's messages, in the island kit's envelope (../kit/protocol.ts): every request
 * carries an id and every reply names it; `progress` replies come before the final one, and
 * `cancel` stops an analysis between pieces (the result then covers what was read). `query`,
 * `record` and `export` read the records kept from the last analysis; `pack` hands them over
 * compressed for the tab to keep (../kit/kept.ts), and `restore` puts such an analysis back.
 */
import type { Level } from '../../diagnostics/logs/levels.ts';
import type { LogProblem, LogRecord, LogRegistry, LogSummary } from '../../diagnostics/logs/types.ts';
import type { CancelRequest, ErrorReply } from '../kit/protocol.ts';

export interface InputFile {
  blob: Blob;
  name: string;
  /** Modification time (ms), for the year of timestamps written without one. */
  modified?: number;
}

export interface AnalyzeRequest {
  type: 'analyze';
  id: number;
  /** One file, or several read as one analysis ordered by time (rotated logs). */
  files: InputFile[];
  /** Sent once; the worker compiles it and keeps it for later requests. */
  registry?: LogRegistry;
  /** Read every line with this registry format (its id); automatic when absent. */
  format?: string;
  /** Piece readers: 1 reads on the log worker's own thread; default one per core, at least two. */
  readers?: number;
}

export interface RecordFilter {
  /** Records at or above this level. */
  minLevel?: Level;
  code?: string;
  /** Case-insensitive substring of the message, the continuation lines, the logger or the exception. */
  text?: string;
  /** `text` is a regular expression (checked before it runs: see regex-filter.ts). */
  regex?: boolean;
  /** Records whose time is in [from, to) (ms since the epoch); records without a time are left out. */
  from?: number;
  to?: number;
  templateId?: string;
  /** Records of this file (of several read as one). */
  file?: string;
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
  /** The registry, sent ahead so that it is compiled (and the piece readers started) before a drop. */
  registry?: LogRegistry;
  readers?: number;
}

/** The kept records of the last analysis, compressed (kept-records.ts), at most `max` bytes. */
export interface PackRequest {
  type: 'pack';
  id: number;
  max: number;
}

/** An analysis kept by the tab: the worker takes it as its last one (its records, if kept, from `records`). */
export interface RestoreRequest {
  type: 'restore';
  id: number;
  summary: LogSummary;
  problems: LogProblem[];
  records?: Blob;
}

export type LogRequest = AnalyzeRequest | CancelRequest | QueryRequest | RecordRequest | ExportRequest | PingRequest | PackRequest | RestoreRequest;

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
  /** Records kept for browsing. */
  kept: number;
  /** Milliseconds from the request to the summary, inside the worker. */
  ms: number;
  mbps: number;
  /** Piece readers used. */
  readers: number;
}

/** A row of the record list: enough to draw one line. */
export interface RecordRow {
  index: number;
  line: number;
  file?: string;
  level: Level;
  levelSource?: 'field' | 'message';
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
  /** Why the search pattern was not used (the rows then ignore it). */
  regexProblem?: { reason: string; detail?: string };
  /** The pattern ran on the linear-time engine (it was not proved safe for the fast one). */
  regexLinear?: boolean;
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

export interface PackedMessage {
  type: 'packed';
  id: number;
  /** Absent when the records would take more than asked, or the browser cannot compress. */
  records?: Blob;
}

export interface RestoredMessage {
  type: 'restored';
  id: number;
  /** Records back in the list. */
  kept: number;
}

export type LogMessage = ProgressMessage | ResultMessage | RowsMessage | RecordMessage | ExportMessage | PongMessage | PackedMessage | RestoredMessage | ErrorReply;
