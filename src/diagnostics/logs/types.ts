/**
 * What the log parser returns, as zod schemas with the types inferred from them. Each file's
 * `LogSummary` (with its problems) is part of what `errdex logs --json` prints (`LogsJson`), and
 * `LogRecord` is the shape of each line of `errdex logs --records` (`LogRecordLine`): other
 * people's scripts read them, so fields are only added, never renamed or removed. Their JSON
 * Schemas are published on the site (`/schemas/logs.schema.json`, `/schemas/log-record.schema.json`).
 *
 * The parser, its workers and the page import these as types only, so their bundles do not carry
 * zod; the schemas document the output and validate it in tests.
 */
import { z } from 'zod';
import type { ErrorWithSystem } from '../../registry/load.ts';
import type { LogFormat } from '../../registry/schema.ts';
import { Finding, Localized, Problem, RegistryCode } from '../report-schema.ts';
import { MAGIC_KINDS } from '../file-magic.ts';
import { LEVELS } from './levels.ts';

/** The parts of the registry the parser uses (the published `/registry.json` has them). An input, not an output. */
export interface LogRegistry {
  errors: readonly ErrorWithSystem[];
  logFormats: readonly LogFormat[];
}

/** A whole number from zero: counts, sizes, line numbers. */
const count = z.number().int().min(0);
/** A 1-based line number. */
const lineNumber = z.number().int().min(1);
/** Something -> how many records have it. */
const counts = z.record(z.string(), count);

export const Level = z.enum(LEVELS)
  .meta({ id: 'Level', description: 'A level of the one vocabulary every format is read into, from least to most severe.' });

/** Level -> records; every level is present. */
const LevelCounts = z.record(Level, count);

/** File kinds recognised by their first bytes, which are not logs (`../file-magic.ts`). */
export const CONTAINERS = MAGIC_KINDS;
export const Container = z.enum(CONTAINERS);
export type Container = z.infer<typeof Container>;

export const LogRecord = z.strictObject({
  file: z.string().optional().describe('The file it is from, when several were read as one.'),
  line: lineNumber.describe("1-based number of the record's first line in the (decompressed) file."),
  lines: lineNumber.describe('Lines the record spans: its head line and its continuation lines.'),
  format: z.string().describe('Id of the log format of its head line.'),
  head: z.string().describe('The head line as written (without ANSI colour codes).'),
  timestamp: z.string().optional().describe('The timestamp as written.'),
  time: z.string().optional().describe('The timestamp in ISO 8601 UTC (a timestamp without a zone is read as UTC).'),
  level: Level,
  levelInferred: z.boolean().optional().describe('The format gives no level: it was read from the message.'),
  levelSource: z.enum(['field', 'message']).optional().describe('Where the level comes from: a level field of the record, or words of its message.'),
  logger: z.string().optional().describe('The logger or module that wrote it.'),
  message: z.string().describe('The message of the head line (a JSON record: its message field).'),
  continuation: z.array(z.string()).describe("Continuation lines (traceback, `Context:`, `Details:`, a JSON record's `exc_info`), at most 500."),
  moreLines: count.optional().describe('Continuation lines left out of `continuation` beyond its cap.'),
  codes: z.array(RegistryCode).describe('Registry codes: the explicit one first, then those inferred from the text.'),
  explicitCode: RegistryCode.optional().describe('A code written in the record itself (`[DB_1506]`), when the registry has it.'),
  unknownCode: z.string().optional().describe('A code written in the record that the registry does not have.'),
  exception: z.string().optional().describe('Exception type: `sqlite3.OperationalError`, `BotError::Timeout`.'),
  http: z.number().int().optional().describe('The HTTP status the record mentions.'),
  templateId: z.string().describe('Id of the message template (stable across runs: a hash of the template text).'),
  template: z.string().describe('The message with its variable parts as `<*>`.'),
  signature: z.string().optional().describe("The message's signature (its variable parts masked), from which the template is mined; internal, never in the output."),
});
export type LogRecord = z.infer<typeof LogRecord>;

export const FileSummary = z.strictObject({
  name: z.string(),
  startLine: lineNumber.describe("The summary's number of this file's first line (line numbers run on from file to file)."),
  lines: count,
  records: count,
  bytes: count,
  encoding: z.string(),
  compression: z.literal('gzip').optional(),
  first: z.string().optional().describe('Earliest timestamp, ISO 8601 UTC.'),
  last: z.string().optional().describe('Latest timestamp, ISO 8601 UTC.'),
}).describe('One of several files read as one analysis, in the order they were merged (by time).');
export type FileSummary = z.infer<typeof FileSummary>;

export const FormatInfo = z.strictObject({
  learned: z.boolean().describe('Learned from this file (not in the registry).'),
  layout: Localized.optional().describe('The head-line layout in words (for a learned format).'),
  systems: z.array(z.string()).describe('Systems that write this format.'),
});
export type FormatInfo = z.infer<typeof FormatInfo>;

export const TemplateStat = z.strictObject({
  id: z.string().describe('Id of the template (as `templateId` of its records).'),
  template: z.string(),
  count: count.describe('Records of this template (an estimate when `templatesApproximate`).'),
  level: Level.describe('Most severe level among its records.'),
  firstLine: lineNumber.describe('Line of its first record.'),
  example: z.string().describe('The first message it masked.'),
});
export type TemplateStat = z.infer<typeof TemplateStat>;

export const CodeStat = z.strictObject({
  code: RegistryCode,
  system: z.string().describe('The system the code belongs to.'),
  records: count.describe('Records carrying the code.'),
  explicit: count.describe('…of which wrote it themselves (`[DB_1506]`).'),
  inferred: count.describe('…of which matched its rules.'),
  firstLine: lineNumber,
  example: z.string().describe('The message of its first record.'),
});
export type CodeStat = z.infer<typeof CodeStat>;

/** A code found in the log, as a finding (the contract shared with the database checker). */
export const LogFinding = Finding.extend({
  evidence: z.strictObject({
    line: lineNumber.describe('Line of the first record carrying the code.'),
    text: z.string().describe("That record's message."),
    records: count.describe('Records carrying the code.'),
  }).describe('Where the code was found.'),
}).meta({ id: 'LogFinding', description: 'A registry code found in the log.' });
export type LogFinding = z.infer<typeof LogFinding>;

export const TimelineBucket = z.strictObject({
  start: z.string().describe('Start of the bucket, ISO 8601 UTC.'),
  records: count,
  warning: count,
  error: count,
  critical: count,
});
export type TimelineBucket = z.infer<typeof TimelineBucket>;

export const TimelineData = z.strictObject({
  bucketMs: z.number().int().min(1).describe('Width of a bucket in milliseconds.'),
  buckets: z.array(TimelineBucket),
}).describe('Records over time, in buckets of one width.');
export type TimelineData = z.infer<typeof TimelineData>;

export const Verdict = z.enum(['ok', 'empty', 'binary', 'unknown-format', 'unreadable'])
  .describe('`ok`: records were found. `empty`: no bytes or only blank lines. `binary`: not text. `unknown-format`: text, but no line matched any log format. `unreadable`: the input could not be read.');
export type Verdict = z.infer<typeof Verdict>;

export const LogSummary = z.strictObject({
  verdict: Verdict,
  container: Container.optional().describe('For `binary`: the kind of file, when recognised (`zip`, `sqlite`, …).'),
  bytes: count.describe('Bytes read from the input (compressed bytes for a gzip file).'),
  textBytes: count.describe('Bytes of text after decompression.'),
  compression: z.literal('gzip').optional(),
  encoding: z.string().describe('WHATWG name of the detected encoding: `utf-8`, `utf-16le`, `big5`, `gb18030`, …'),
  bom: z.boolean().describe('The text starts with a byte-order mark.'),
  lines: count,
  blankLines: count,
  records: count,
  unparsedLines: count.describe('Lines that neither start a record nor continue one.'),
  truncatedLines: count.describe('Lines longer than the cap, kept only up to it.'),
  zeroBytes: count.describe('Zero bytes left out of the text (zero-filled blocks, as a crash can leave in a log).'),
  invalidSequences: count.describe('Invalid byte sequences of the encoding, each read as U+FFFD.'),
  outOfRangeTimes: count.describe('Timestamps read but outside the range of dates (kept as text, left off the timeline).'),
  yearInferred: z.boolean().optional().describe("Timestamps without a year were given one (from the file's date; see `first`/`last`)."),
  recordsKept: count.optional().describe('Records kept for browsing and export (when asked for); the others are counted, not kept.'),
  files: z.array(FileSummary).optional().describe('The files, when several were read as one (in time order; line numbers run on across them).'),
  gzipMembers: count.optional().describe('gzip members read (a file made by `cat a.gz b.gz` has several).'),
  levels: LevelCounts.describe('Level -> records. Every level is present.'),
  levelsFromMessage: LevelCounts.describe('The part of `levels` read from words of the message, for records whose format writes no level.'),
  formats: counts.describe('Log format id -> records.'),
  format: z.string().optional().describe('The format with the most records.'),
  formatInfo: z.record(z.string(), FormatInfo).describe('Each format found: whether it was learned from the file, its layout in words, its systems.'),
  systems: z.array(z.string()).describe('Systems whose formats were found.'),
  codes: z.record(RegistryCode, count).describe('Registry code -> records carrying it (explicit or inferred).'),
  codeDetails: z.array(CodeStat).describe('Each code: its system, how it was found, its first record.'),
  findings: z.array(LogFinding).describe('The same codes as findings, most records first.'),
  unknownCodes: counts.describe('Code-shaped words in head or code fields that the registry does not have -> records.'),
  exceptions: counts.describe('Exception type -> records.'),
  http: counts.describe('HTTP status -> records.'),
  loggers: counts.describe('Logger or module -> records (the 100 most frequent).'),
  first: z.string().optional().describe('Earliest timestamp, ISO 8601 UTC.'),
  last: z.string().optional().describe('Latest timestamp, ISO 8601 UTC.'),
  timeline: TimelineData,
  templates: z.array(TemplateStat).describe('The most frequent message templates (up to 100).'),
  templateCount: count.describe('Distinct templates seen (before the top 100 were taken).'),
  templatesApproximate: z.boolean().describe('Template counts are estimates: past the first 100,000 records below warning, those records were sampled one in 16, or rare templates were dropped to bound memory. Every other count is exact.'),
  unparsedSamples: z.array(z.strictObject({ line: lineNumber, text: z.string() })).describe('The first unparsed lines, to show what was not understood.'),
  cancelled: z.boolean().describe('The reading was cancelled before the end of the input.'),
  elapsedMs: z.number().min(0).describe('Time the reading took, in milliseconds.'),
});
export type LogSummary = z.infer<typeof LogSummary>;

export const ProblemKind = z.enum([
  'empty', 'binary', 'unknown-format', 'unparsed-lines', 'truncated-lines',
  'invalid-bytes', 'decompression', 'read-error', 'cancelled', 'format-pattern', 'guessed-encoding', 'zero-bytes',
  'bomb', 'endless-input', 'time-out-of-range', 'year-inferred', 'learned-format', 'records-not-kept',
]);
export type ProblemKind = z.infer<typeof ProblemKind>;

/** How the input was read, where it matters to the reader (the contract shared with the other checkers). */
export const LogProblem = Problem.extend({ kind: ProblemKind })
  .meta({ id: 'LogProblem', description: 'Something about how the log was read that the reader should know.' });
export type LogProblem = z.infer<typeof LogProblem>;

export const LogAnalysis = z.strictObject({ summary: LogSummary, problems: z.array(LogProblem) });
export type LogAnalysis = z.infer<typeof LogAnalysis>;

export const Progress = z.strictObject({
  bytes: count.describe('Input bytes read so far.'),
  total: count.optional().describe('Total input bytes, when known.'),
  records: count,
  elapsedMs: z.number(),
});
export type Progress = z.infer<typeof Progress>;

// What `errdex logs` prints.

/** One file's summary in `errdex logs --json`. */
export const LogsFileJson = LogSummary.extend({
  file: z.string().describe('The file as named on the command line; `(stdin)` for standard input.'),
  problems: z.array(LogProblem).describe("Problems of this file's reading."),
});

/** `errdex logs --json`: totals over all files, and each file's summary with its problems. */
export const LogsJson = z.strictObject({
  verdict: Verdict.describe('The worst verdict of the files (ok < empty < unknown-format < binary < unreadable).'),
  records: count.describe('Records in all files.'),
  levels: LevelCounts.describe('Level -> records in all files. Every level is present.'),
  codes: z.record(RegistryCode, count).describe('Registry code -> records carrying it, in all files.'),
  exceptions: counts.describe('Exception type -> records, in all files.'),
  http: counts.describe('HTTP status -> records, in all files.'),
  encoding: z.string().describe('The encoding of every readable file; `mixed` when they differ, `none` when no file was readable.'),
  formats: counts.describe('Log format id -> records, in all files.'),
  first: z.string().optional().describe('Earliest timestamp of all files, ISO 8601 UTC.'),
  last: z.string().optional().describe('Latest timestamp of all files, ISO 8601 UTC.'),
  files: z.array(LogsFileJson).describe('Each file, in the order given.'),
});
export type LogsJson = z.infer<typeof LogsJson>;

/** A line of `errdex logs --records`: a record and the file it is from. */
export const LogRecordLine = LogRecord.omit({ signature: true }).extend({
  file: z.string().describe('The file as named on the command line; `(stdin)` for standard input.'),
});
export type LogRecordLine = z.infer<typeof LogRecordLine>;
