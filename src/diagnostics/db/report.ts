/**
 * The database checker's report: the shape the CLI prints with `--json`, the island renders
 * and the exports carry. Other people's scripts depend on it; change it only on purpose.
 *
 * The core imports these as types only, so the worker bundle does not carry zod; the schemas
 * validate the output in tests and document it.
 */
import { z } from 'zod';

const Localized = z.strictObject({ 'zh-TW': z.string().min(1), en: z.string().min(1) });

export const FindingSeverity = z.enum(['info', 'warning', 'error']);
export type FindingSeverity = z.infer<typeof FindingSeverity>;

export const SuggestedCommand = z.strictObject({
  /** `sql` runs in `sqlite3 FILE`; `bash` in a shell beside the file. */
  lang: z.enum(['sql', 'bash']),
  code: z.string().min(1),
});
export type SuggestedCommand = z.infer<typeof SuggestedCommand>;

export const DbFinding = z.strictObject({
  /** What kind of finding this is; stable, one per code of the generic SQLite codes or profile check. */
  kind: z.string().min(1),
  /** The registry code whose page explains the finding. */
  code: z.string().regex(/^[A-Z][A-Z0-9]{1,7}_\d{3,5}$/),
  /** The code the database's own system reports for the same condition, when a profile is known. */
  systemCode: z.string().optional(),
  severity: FindingSeverity,
  message: Localized,
  /** Facts from the file: SQLite's messages, counts, sample ids. Never markup. */
  evidence: z.array(z.string()),
  command: SuggestedCommand.optional(),
});
export type DbFinding = z.infer<typeof DbFinding>;

/** `unreadable`: SQLite could not open or check the file (or its check was stopped with nothing to stand in for it). */
export const Integrity = z.enum(['ok', 'corrupt', 'unreadable']);
export type Integrity = z.infer<typeof Integrity>;

/**
 * `unrecognised`: the physical checks passed but the schema matches no profile, so the
 * application's data was not checked; `healthy` only when a profile matched and every check passed.
 */
export const Verdict = z.enum(['healthy', 'unrecognised', 'warning', 'error', 'corrupt', 'unreadable']);
export type Verdict = z.infer<typeof Verdict>;

export const HeaderJson = z.strictObject({
  pageSize: z.number(),
  writeVersion: z.number(),
  readVersion: z.number(),
  journalMode: z.enum(['wal', 'rollback', 'unknown']),
  reservedBytes: z.number(),
  maxPayloadFraction: z.number(),
  minPayloadFraction: z.number(),
  leafPayloadFraction: z.number(),
  changeCounter: z.number(),
  headerPageCount: z.number(),
  headerPageCountValid: z.boolean(),
  filePageCount: z.number(),
  pageCount: z.number(),
  firstFreelistTrunk: z.number(),
  freelistPages: z.number(),
  schemaCookie: z.number(),
  schemaFormat: z.number(),
  defaultCacheSize: z.number(),
  largestRootPage: z.number(),
  autoVacuum: z.enum(['none', 'full', 'incremental']),
  textEncoding: z.enum(['UTF-8', 'UTF-16le', 'UTF-16be']).nullable(),
  textEncodingValue: z.number(),
  userVersion: z.number(),
  applicationId: z.number(),
  versionValidFor: z.number(),
  sqliteVersionNumber: z.number(),
  sqliteVersion: z.string().nullable(),
  fileSize: z.number(),
});

export const WalJson = z.strictObject({
  name: z.string(),
  size: z.number(),
  usable: z.boolean(),
  problem: z.string().optional(),
  pageSize: z.number(),
  frames: z.number(),
  validFrames: z.number(),
  committedFrames: z.number(),
  commits: z.number(),
  pagesChanged: z.number(),
  dbPages: z.number(),
  applied: z.boolean(),
});

/** `stopped`: stopped at the check's budget while it evaluated the schema's expressions. */
export const CheckState = z.enum(['ok', 'failed', 'skipped', 'error', 'stopped']);

export const DbReport = z.strictObject({
  /** Version of this report's shape. */
  format: z.literal(1),
  file: z.strictObject({ name: z.string(), size: z.number(), kind: z.string() }),
  wal: WalJson.nullable(),
  verdict: Verdict,
  /** The physical verdict as SQLite gives it: `ok`, `corrupt`, or `unreadable` (SQLite cannot open it). */
  integrity: Integrity,
  /** integrity_check's lines (quick_check's when the full check did not run), or SQLite's error. */
  messages: z.array(z.string()),
  /** Which physical checks ran and what they said. */
  checks: z.strictObject({ quickCheck: CheckState, integrityCheck: CheckState, foreignKeyCheck: CheckState }),
  profile: z.string().nullable(),
  profileSource: z.enum(['detected', 'chosen']).nullable(),
  /**
   * How a detected profile was told: by enough of its identifying tables (`tables`), or by some
   * of them and the file's name (`name`); the identifying tables the file lacks.
   */
  detection: z.strictObject({ by: z.enum(['tables', 'name']), matched: z.number(), of: z.number(), missing: z.array(z.string()) }).optional(),
  header: HeaderJson.nullable(),
  schema: z.strictObject({
    tables: z.number(), indexes: z.number(), views: z.number(), triggers: z.number(), virtualTables: z.number(),
  }).nullable(),
  findings: z.array(DbFinding),
  /** Whether SQLite read the file through the lazy view, page by page from its source (false: the sql.js build needed a copy in its file system). */
  lazy: z.boolean(),
  durationMs: z.number(),
});
export type DbReport = z.infer<typeof DbReport>;
