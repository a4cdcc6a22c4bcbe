/**
 * The database checker's report: the shape the CLI prints with `--json`, the island renders
 * and the exports carry. Other people's scripts depend on it; fields are only added, never
 * renamed or removed. Its JSON Schema is published on the site (`/schemas/db.schema.json`, and
 * `/schemas/db-table.schema.json` for `--table`).
 *
 * The core imports these as types only, so the worker bundle does not carry zod; the schemas
 * validate the output in tests and document it.
 */
import { z } from 'zod';
import { Finding, Severity } from '../report-schema.ts';

/** The severity of a finding (the one scale of every checker). */
export const FindingSeverity = Severity;
export type FindingSeverity = z.infer<typeof FindingSeverity>;

export const SuggestedCommand = z.strictObject({
  lang: z.enum(['sql', 'bash']).describe('`sql` runs in `sqlite3 FILE`; `bash` in a shell beside the file.'),
  code: z.string().min(1),
}).describe('A command that shows or repairs what the finding is about.');
export type SuggestedCommand = z.infer<typeof SuggestedCommand>;

/** A finding of the database checker: the common finding, with its kind and facts from the file. */
export const DbFinding = Finding.extend({
  kind: z.string().min(1).describe('What kind of finding this is; stable, one per code of the generic SQLite codes or profile check.'),
  systemCode: z.string().optional().describe("The code the database's own system reports for the same condition, when a profile is known."),
  evidence: z.array(z.string()).describe("Facts from the file: SQLite's messages, counts, sample ids. Never markup."),
  command: SuggestedCommand.optional(),
}).meta({ id: 'DbFinding', description: 'Something the database checker found, explained by a page of the registry.' });
export type DbFinding = z.infer<typeof DbFinding>;

export const Integrity = z.enum(['ok', 'corrupt', 'unreadable'])
  .describe('The physical verdict as SQLite gives it: `ok`, `corrupt`, or `unreadable` (SQLite could not open or check the file, or its check was stopped with nothing to stand in for it).');
export type Integrity = z.infer<typeof Integrity>;

export const Verdict = z.enum(['healthy', 'unrecognised', 'warning', 'error', 'corrupt', 'unreadable'])
  .describe("The verdict: `healthy` only when a profile matched and every check passed; `unrecognised` when the physical checks passed but the schema matches no profile, so the application's data was not checked; `warning` or `error` by the worst finding; `corrupt` and `unreadable` as `integrity`.");
export type Verdict = z.infer<typeof Verdict>;

/** The 100-byte database header (https://www.sqlite.org/fileformat.html#the_database_header), as `header.ts` reads it. */
export const HeaderJson = z.strictObject({
  pageSize: z.number().describe('Page size in bytes (the stored value 1 means 65536).'),
  writeVersion: z.number().describe('File format write version: 1 legacy (rollback journal), 2 WAL.'),
  readVersion: z.number().describe('File format read version: 1 legacy (rollback journal), 2 WAL.'),
  journalMode: z.enum(['wal', 'rollback', 'unknown']).describe('`wal` when both versions are 2.'),
  reservedBytes: z.number().describe('Bytes reserved at the end of each page.'),
  maxPayloadFraction: z.number(),
  minPayloadFraction: z.number(),
  leafPayloadFraction: z.number(),
  changeCounter: z.number().describe('File change counter.'),
  headerPageCount: z.number().describe('The page count stored in the header (offset 28).'),
  headerPageCountValid: z.boolean().describe('Whether SQLite trusts `headerPageCount` (non-zero and written by SQLite >= 3.7.0).'),
  filePageCount: z.number().describe('Pages the file holds: file size / page size, rounded up as SQLite does.'),
  pageCount: z.number().describe('The page count SQLite will use.'),
  firstFreelistTrunk: z.number().describe('Page number of the first free-list trunk page (0: none).'),
  freelistPages: z.number().describe('Free-list pages.'),
  schemaCookie: z.number(),
  schemaFormat: z.number().describe('Schema format number (1 to 4).'),
  defaultCacheSize: z.number(),
  largestRootPage: z.number().describe('Largest root page in auto-vacuum or incremental-vacuum databases, else 0.'),
  autoVacuum: z.enum(['none', 'full', 'incremental']),
  textEncoding: z.enum(['UTF-8', 'UTF-16le', 'UTF-16be']).nullable().describe('The text encoding, or null when the stored value is not one of the three.'),
  textEncodingValue: z.number().describe('The stored text encoding value (1, 2 or 3).'),
  userVersion: z.number().describe('`PRAGMA user_version`, which applications use for their schema version.'),
  applicationId: z.number().describe('`PRAGMA application_id`.'),
  versionValidFor: z.number().describe('The change counter the stored SQLite version belongs to.'),
  sqliteVersionNumber: z.number().describe('SQLITE_VERSION_NUMBER of the library that last wrote the file, e.g. 3045001.'),
  sqliteVersion: z.string().nullable().describe('The same as text, e.g. `3.45.1`, or null when the field is 0.'),
  fileSize: z.number().describe('File size in bytes.'),
});

/** The write-ahead log, as `wal.ts` reads it (salts and checksum chain, as SQLite recovers it). */
export const WalJson = z.strictObject({
  name: z.string().describe('The WAL file as named.'),
  size: z.number().describe('Its size in bytes.'),
  usable: z.boolean().describe('Whether SQLite would use the log at all.'),
  problem: z.string().optional().describe('Why it is not usable: too-short, magic, version, page-size, header-checksum, page-size-differs.'),
  pageSize: z.number(),
  frames: z.number().describe('Frames the file has room for.'),
  validFrames: z.number().describe('Frames with matching salts and checksums, before the first bad one.'),
  committedFrames: z.number().describe('Frames up to and including the last valid commit frame: what SQLite applies.'),
  commits: z.number().describe('Committed transactions found.'),
  pagesChanged: z.number().describe('Distinct pages the committed frames change.'),
  dbPages: z.number().describe('Database size in pages after the last commit (0 when nothing was committed).'),
  applied: z.boolean().describe('Whether its committed pages were laid over the file for the check (not when it belongs to another database or an older state of this one).'),
});

export const CheckState = z.enum(['ok', 'failed', 'skipped', 'error', 'stopped'])
  .describe('What a physical check said: `ok`, `failed` (it found damage), `skipped`, `error` (SQLite could not run it), `stopped` (stopped at its budget while it evaluated the schema\'s expressions).');

export const DbReport = z.strictObject({
  format: z.literal(1).describe("Version of this report's shape."),
  file: z.strictObject({
    name: z.string().describe('The database file as named.'),
    size: z.number().describe('Its size in bytes.'),
    kind: z.string().describe('What the file is, judged from its first bytes: `sqlite`, or what it is instead (`empty`, `short-header`, `sql-dump`, `text`, `wal`, `encrypted`, `binary`, or a kind told by its magic number: `gzip`, `zip`, `bzip2`, `xz`, `zstd`, `7z`, `tar`, `png`, `jpeg`, `pdf`, `elf`, `pe`, `macho`).'),
  }),
  wal: WalJson.nullable().describe('The write-ahead log, when one was given or found beside the file.'),
  verdict: Verdict,
  integrity: Integrity,
  messages: z.array(z.string()).describe("integrity_check's lines (quick_check's when the full check did not run), or SQLite's error."),
  checks: z.strictObject({ quickCheck: CheckState, integrityCheck: CheckState, foreignKeyCheck: CheckState })
    .describe('Which physical checks ran and what they said.'),
  profile: z.string().nullable().describe('The database profile checked against (the application the file belongs to), or null.'),
  profileSource: z.enum(['detected', 'chosen']).nullable().describe('Whether the profile was detected from the schema or chosen (`--profile`).'),
  detection: z.strictObject({
    by: z.enum(['tables', 'name']),
    matched: z.number().describe('Identifying tables found.'),
    of: z.number().describe("The profile's identifying tables."),
    missing: z.array(z.string()).describe('The identifying tables the file lacks.'),
  }).optional().describe("How a detected profile was told: by enough of its identifying tables (`tables`), or by some of them and the file's name (`name`)."),
  header: HeaderJson.nullable().describe('The database header, when the file has one.'),
  schema: z.strictObject({
    tables: z.number(), indexes: z.number(), views: z.number(), triggers: z.number(), virtualTables: z.number(),
  }).nullable().describe('How many objects of each kind the schema has, when it could be read.'),
  findings: z.array(DbFinding).describe('What the checks found, most severe first.'),
  lazy: z.boolean().describe('Whether SQLite read the file through the lazy view, page by page from its source (false: the sql.js build needed a copy in its file system).'),
  durationMs: z.number().describe('Time the check took, in milliseconds.'),
});
export type DbReport = z.infer<typeof DbReport>;

// `errdex db FILE --table NAME --json`: a page of one table's rows (`browse.ts`).

export const BrowseValue = z.union([
  z.strictObject({ type: z.literal('null') }),
  z.strictObject({ type: z.enum(['integer', 'real']), text: z.string().describe('The number as SQLite prints it.') }),
  z.strictObject({
    type: z.literal('text'),
    text: z.string().describe('The text, at most the first 200 characters.'),
    length: z.number().int().min(0).describe('Characters in the whole value.'),
  }),
  z.strictObject({
    type: z.literal('blob'),
    bytes: z.number().int().min(0).describe('Size of the BLOB in bytes.'),
    hex: z.string().describe('Its first 32 bytes in hex.'),
  }),
]).describe('A value as stored: its SQLite type and its text (cut), or a BLOB as its size and first bytes.');
export type BrowseValue = z.infer<typeof BrowseValue>;

export const BrowseColumn = z.strictObject({
  name: z.string(),
  type: z.string().describe('The declared type, as written in the schema (may be empty).'),
  read: z.boolean().describe('False for a computed (virtual generated) column: its value is an expression of the file, not read.'),
});
export type BrowseColumn = z.infer<typeof BrowseColumn>;

export const TablePage = z.strictObject({
  table: z.string().describe('The table, as the schema names it.'),
  columns: z.array(BrowseColumn),
  rowids: z.array(z.string()).optional().describe("Each row's rowid as text, for tables that have one."),
  rows: z.array(z.array(BrowseValue.nullable())).describe('One value per column (null where the column is not read).'),
  offset: z.number().int().min(0).describe('Rows skipped before this page.'),
  limit: z.number().int().min(1).describe('Most rows of a page.'),
  total: z.number().int().min(0).describe('Rows in the table.'),
  hiddenColumns: z.number().int().min(0).describe('Columns past the first 600 that are not shown.'),
});
export type TablePage = z.infer<typeof TablePage>;

export const DbTableJson = TablePage.extend({
  format: z.literal(1).describe("Version of this output's shape."),
  file: z.string().describe('The database file as named on the command line.'),
  walApplied: z.boolean().describe('Whether a write-ahead log was laid over the file before reading.'),
});
export type DbTableJson = z.infer<typeof DbTableJson>;
