/**
 * What the log parser returns. `LogSummary` is also the shape `errdex logs --json` prints and
 * `LogRecord` the shape of each line of `errdex logs --records`: other people's scripts read them,
 * so fields are only added, never renamed or removed.
 */
import type { ErrorWithSystem } from '../../registry/load.ts';
import type { LogFormat } from '../../registry/schema.ts';
import type { Container } from './encoding.ts';
import type { Level } from './levels.ts';
import type { TimelineData } from './timeline.ts';

/** The parts of the registry the parser uses (the published `/registry.json` has them). */
export interface LogRegistry {
  errors: readonly ErrorWithSystem[];
  logFormats: readonly LogFormat[];
}

export interface LogRecord {
  /** The file it is from, when several were read as one. */
  file?: string;
  /** 1-based number of the record's first line in the (decompressed) file. */
  line: number;
  /** Lines the record spans: its head line and its continuation lines. */
  lines: number;
  /** Id of the log format of its head line. */
  format: string;
  /** The head line as written (without ANSI colour codes). */
  head: string;
  /** The timestamp as written. */
  timestamp?: string;
  /** The timestamp in ISO 8601 UTC (a timestamp without a zone is read as UTC). */
  time?: string;
  level: Level;
  /** The format gives no level: it was read from the message. */
  levelInferred?: boolean;
  /** Where the level comes from: a level field of the record, or words of its message. */
  levelSource?: 'field' | 'message';
  logger?: string;
  message: string;
  /** Continuation lines (traceback, `Context:`, `Details:`, a JSON record's `exc_info`), at most 500. */
  continuation: string[];
  /** Continuation lines left out of `continuation` beyond its cap. */
  moreLines?: number;
  /** Registry codes: the explicit one first, then those inferred from the text. */
  codes: string[];
  /** A code written in the record itself (`[DB_1506]`), when the registry has it. */
  explicitCode?: string;
  /** A code written in the record that the registry does not have. */
  unknownCode?: string;
  /** Exception type: `sqlite3.OperationalError`, `BotError::Timeout`. */
  exception?: string;
  http?: number;
  /** Id of the message template (stable across runs: a hash of the template text). */
  templateId: string;
  template: string;
  /** The message's signature (its variable parts masked), from which the template is mined; internal. */
  signature?: string;
}

/** One of several files read as one analysis, in the order they were merged (by time). */
export interface FileSummary {
  name: string;
  /** The summary's number of this file's first line (line numbers run on from file to file). */
  startLine: number;
  lines: number;
  records: number;
  bytes: number;
  encoding: string;
  compression?: 'gzip';
  first?: string;
  last?: string;
}

export interface FormatInfo {
  /** Learned from this file (not in the registry). */
  learned: boolean;
  /** The head-line layout in words. */
  layout?: { 'zh-TW': string; en: string };
  systems: string[];
}

export interface TemplateStat {
  id: string;
  template: string;
  count: number;
  /** Most severe level among its records. */
  level: Level;
  /** Line of its first record. */
  firstLine: number;
  /** The first message it masked. */
  example: string;
}

export interface CodeStat {
  code: string;
  system: string;
  /** Records carrying the code. */
  records: number;
  /** …of which wrote it themselves (`[DB_1506]`). */
  explicit: number;
  /** …of which matched its rules. */
  inferred: number;
  firstLine: number;
  /** The message of its first record. */
  example: string;
}

/**
 * A code found in the log, as a finding (the contract shared with the database checker): the
 * registry code, a severity, a message in both languages and its evidence.
 */
export interface LogFinding {
  code: string;
  severity: 'info' | 'warning' | 'error';
  message: { 'zh-TW': string; en: string };
  evidence: { line: number; text: string; records: number };
}

export type Verdict = 'ok' | 'empty' | 'binary' | 'unknown-format' | 'unreadable';

export interface LogSummary {
  /** `ok`: records were found. `empty`: no bytes or only blank lines. `binary`: not text.
   * `unknown-format`: text, but no line matched any log format. `unreadable`: the input could not be read. */
  verdict: Verdict;
  /** For `binary`: the kind of file, when recognised (`zip`, `sqlite`, …). */
  container?: Container;
  /** Bytes read from the input (compressed bytes for a gzip file). */
  bytes: number;
  /** Bytes of text after decompression. */
  textBytes: number;
  compression?: 'gzip';
  /** WHATWG name of the detected encoding: `utf-8`, `utf-16le`, `big5`, `gb18030`, … */
  encoding: string;
  bom: boolean;
  lines: number;
  blankLines: number;
  records: number;
  /** Lines that neither start a record nor continue one. */
  unparsedLines: number;
  /** Lines longer than the cap, kept only up to it. */
  truncatedLines: number;
  /** Zero bytes left out of the text (zero-filled blocks, as a crash can leave in a log). */
  zeroBytes: number;
  /** Invalid byte sequences of the encoding, each read as U+FFFD. */
  invalidSequences: number;
  /** Timestamps read but outside the range of dates (kept as text, left off the timeline). */
  outOfRangeTimes: number;
  /** Timestamps without a year were given one (from the file's date; see `first`/`last`). */
  yearInferred?: boolean;
  /** Records kept for browsing and export (when asked for); the others are counted, not kept. */
  recordsKept?: number;
  /** The files, when several were read as one (in time order; line numbers run on across them). */
  files?: FileSummary[];
  /** gzip members read (a file made by `cat a.gz b.gz` has several). */
  gzipMembers?: number;
  /** Normalised level -> records. Every level is present. */
  levels: Record<Level, number>;
  /** The part of `levels` read from words of the message, for records whose format writes no level. */
  levelsFromMessage: Record<Level, number>;
  /** Log format id -> records. */
  formats: Record<string, number>;
  /** The format with the most records. */
  format?: string;
  /** Each format found: whether it was learned from the file, its layout in words, its systems. */
  formatInfo: Record<string, FormatInfo>;
  /** Systems whose formats were found. */
  systems: string[];
  /** Registry code -> records carrying it (explicit or inferred). */
  codes: Record<string, number>;
  codeDetails: CodeStat[];
  /** The same codes as findings, most records first. */
  findings: LogFinding[];
  /** Code-shaped words in head or code fields that the registry does not have -> records. */
  unknownCodes: Record<string, number>;
  /** Exception type -> records. */
  exceptions: Record<string, number>;
  /** HTTP status -> records. */
  http: Record<string, number>;
  /** Logger or module -> records (the 100 most frequent). */
  loggers: Record<string, number>;
  /** Earliest and latest timestamp, ISO 8601 UTC. */
  first?: string;
  last?: string;
  timeline: TimelineData;
  /** The most frequent message templates (up to 100). */
  templates: TemplateStat[];
  /** Distinct templates seen (before the top 100 were taken). */
  templateCount: number;
  /** Template counts are estimates: past the first 100,000 records below warning, those records were
   * sampled one in 16, or rare templates were dropped to bound memory. Every other count is exact. */
  templatesApproximate: boolean;
  /** The first unparsed lines, to show what was not understood. */
  unparsedSamples: { line: number; text: string }[];
  cancelled: boolean;
  elapsedMs: number;
}

export type ProblemKind =
  | 'empty' | 'binary' | 'unknown-format' | 'unparsed-lines' | 'truncated-lines'
  | 'invalid-bytes' | 'decompression' | 'read-error' | 'cancelled' | 'format-pattern' | 'guessed-encoding' | 'zero-bytes'
  | 'bomb' | 'endless-input' | 'time-out-of-range' | 'year-inferred' | 'learned-format' | 'records-not-kept';

export interface LogProblem {
  kind: ProblemKind;
  /** The file it is about, when several were read as one. */
  file?: string;
  severity: 'info' | 'warning' | 'error';
  message: { 'zh-TW': string; en: string };
}

export interface LogAnalysis {
  summary: LogSummary;
  problems: LogProblem[];
}

export interface Progress {
  /** Input bytes read so far. */
  bytes: number;
  /** Total input bytes, when known. */
  total?: number;
  records: number;
  elapsedMs: number;
}


