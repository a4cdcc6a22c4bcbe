/**
 * The error registry's schema: one zod module per domain object, types inferred from it.
 *
 * The data lives in `content/registry/*.yaml`, one file per system. Each file holds the
 * system, its categories, its error entries and, where the system has them, its log formats
 * and database profiles. `content/registry/README.md` describes the format for maintainers.
 */
import { z } from 'zod';

import { CODE_PATTERN } from './codes.ts';

export { CODE_PATTERN, LOCALES, type Locale } from './codes.ts';

const text = z.string().trim().min(1);

/** A human-readable text in every locale of the site. */
export const Localized = z.strictObject({ 'zh-TW': text, en: text });
export type Localized = z.infer<typeof Localized>;

/** Lower-case identifier used in URLs: `roas-bot`, `qwen3-memory`. */
export const Id = z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)');

export const Code = z.string().regex(CODE_PATTERN, 'must look like PREFIX_1234 (upper-case prefix, underscore, number)');

export const Severity = z.enum(['critical', 'error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** Languages a command or code block may be written in (highlighted by Expressive Code / Shiki). */
export const CommandLang = z.enum([
  'bash', 'sh', 'powershell', 'python', 'sql', 'rust', 'json', 'yaml', 'dockerfile', 'ini', 'toml', 'text',
]);

/** One step of a diagnosis or a resolution; it may carry a command to run. */
export const Step = z.strictObject({
  text: Localized,
  /** A command or snippet shown under the step, highlighted in its language. */
  command: z.strictObject({ lang: CommandLang, code: text }).optional(),
  /**
   * The step deletes or overwrites data. Its warning is shown above the command; `errdex check`
   * requires this mark on every step whose command it finds destructive, and a step that keeps
   * a copy (`keepsCopy`) before it.
   */
  destructive: z.strictObject({ warning: Localized }).optional(),
  /** The step keeps a copy of what later steps change (a backup, files moved aside, a record of permissions). */
  keepsCopy: z.literal(true).optional(),
});
export type Step = z.infer<typeof Step>;

/** How a retryable error should be retried, where the source document gives a policy. */
export const RetryPolicy = z.strictObject({
  strategy: z.enum(['exponential', 'linear', 'fixed', 'retry-after', 'reconnect', 'manual']),
  /** First delay in milliseconds. */
  baseDelayMs: z.number().int().nonnegative().optional(),
  /** Upper bound of a single delay in milliseconds. */
  maxDelayMs: z.number().int().positive().optional(),
  /** Growth factor between attempts (exponential strategy). */
  multiplier: z.number().positive().optional(),
  /**
   * Random spread of each delay: none, full (0..delay), equal (delay/2..delay), a ratio of the
   * delay (`direction: both`, the default: delay × (1 ± ratio); `up`: delay × (1 + 0..ratio)),
   * or a fixed amount added on top (`upToMs`: delay + 0..upToMs).
   */
  jitter: z.union([
    z.enum(['none', 'full', 'equal']),
    z.strictObject({ ratio: z.number().gt(0).lte(1), direction: z.enum(['both', 'up']).optional() }),
    z.strictObject({ upToMs: z.number().int().positive() }),
  ]).optional(),
  /** Attempts in total, the first one included. */
  maxAttempts: z.number().int().positive().optional(),
  note: Localized.optional(),
});
export type RetryPolicy = z.infer<typeof RetryPolicy>;

/**
 * A rule recognising an error in a message or a log line. Literal rules compare case-insensitively
 * unless `caseSensitive` is set; regex rules are JavaScript regular expressions (checked for
 * catastrophic backtracking by `errdex check`).
 */
export const MatchRule = z.strictObject({
  literal: text.optional(),
  regex: text.optional(),
  caseSensitive: z.boolean().default(false),
  /** Only apply to records of these log formats (ids from any registry file). */
  formats: z.array(Id).optional(),
}).refine((r) => (r.literal === undefined) !== (r.regex === undefined), {
  message: 'a match rule has exactly one of `literal` or `regex`',
});
export type MatchRule = z.infer<typeof MatchRule>;

export const ErrorEntry = z.strictObject({
  code: Code,
  /** Category id within the same system file. */
  category: Id,
  severity: Severity,
  retryable: z.boolean(),
  retry: RetryPolicy.optional(),
  /** `retired` codes keep their page and number forever; they are never reused. */
  status: z.enum(['active', 'retired']).default('active'),
  retiredNote: Localized.optional(),
  title: Localized,
  summary: Localized,
  symptoms: z.array(Localized).min(1),
  causes: z.array(Localized).min(1),
  diagnosis: z.array(Step).default([]),
  resolution: z.array(Step).min(1),
  related: z.array(Code).default([]),
  /** Exception or error type names this entry covers, e.g. `sqlite3.OperationalError`, `BotError::Timeout`. */
  exceptions: z.array(text).default([]),
  /** HTTP status codes this entry covers. */
  http: z.array(z.number().int().min(100).max(599)).default([]),
  match: z.array(MatchRule).default([]),
  /** Messages or log lines as the system prints them; every one must be matched by `match`. */
  examples: z.array(text).default([]),
});
export type ErrorEntry = z.infer<typeof ErrorEntry>;

export const Category = z.strictObject({
  id: Id,
  prefix: z.string().regex(/^[A-Z][A-Z0-9]{1,7}$/),
  /** Inclusive numeric range of the category's codes. */
  range: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])
    .refine(([lo, hi]) => lo <= hi, { message: 'range must be [low, high] with low <= high' }),
  name: Localized,
  description: Localized,
  /** How errors of this category are usually recovered from. */
  recovery: Localized.optional(),
});
export type Category = z.infer<typeof Category>;

/** A place where a system keeps its logs. */
export const LogLocation = z.strictObject({ path: text, format: Id.optional(), description: Localized.optional() });
/** A place where a system keeps a database. */
export const DatabaseLocation = z.strictObject({
  path: text,
  engine: z.enum(['sqlite', 'postgresql', 'redis']),
  profile: Id.optional(),
  description: Localized.optional(),
});

export const System = z.strictObject({
  id: Id,
  name: text,
  /** The version of the system the pages describe, where its documents give one. */
  version: text.optional(),
  /**
   * What the pages describe the system as of: the document they follow, and its date where it
   * has one ("its troubleshooting guide of 2025-08-23"). Shown under every page title of the system.
   */
  asOf: Localized.optional(),
  /** Language of the system's own documents and messages. */
  language: z.enum(['zh-TW', 'zh-CN', 'en']),
  /** Implementation language / stack, e.g. `Python (discord.py)`. */
  stack: text,
  summary: Localized,
  logs: z.array(LogLocation).default([]),
  databases: z.array(DatabaseLocation).default([]),
});
export type System = z.infer<typeof System>;

/** A sample line of a log format with the fields a parser must extract from it. */
export const LogSample = z.strictObject({
  lines: z.array(z.string()).min(1),
  expect: z.strictObject({
    timestamp: z.string().optional(),
    level: z.string().optional(),
    code: z.string().optional(),
    logger: z.string().optional(),
    message: z.string().optional(),
  }),
});

/**
 * A log format. `head` recognises the first line of a record with named groups
 * (`timestamp`, `level`, `code`, `logger`, `message`); `continuation` lists patterns of lines that
 * belong to the record above. `json` formats read one JSON object per line instead.
 */
export const LogFormat = z.strictObject({
  id: Id,
  /** Systems known to write this format (empty: a generic format). */
  systems: z.array(Id).default([]),
  name: Localized,
  description: Localized,
  kind: z.enum(['text', 'json']).default('text'),
  head: text.optional(),
  /** Layout of the timestamp, e.g. `YYYY-MM-DD HH:mm:ss`, `ISO8601`. */
  timestamp: text.optional(),
  continuation: z.array(text).default([]),
  /** Field names for `json` formats. */
  fields: z.strictObject({
    timestamp: z.array(text).default([]),
    level: z.array(text).default([]),
    logger: z.array(text).default([]),
    message: z.array(text).default([]),
    exception: z.array(text).default([]),
    code: z.array(text).default([]),
  }).optional(),
  samples: z.array(LogSample).default([]),
});
export type LogFormat = z.infer<typeof LogFormat>;

export const DbColumn = z.strictObject({ name: text, type: text.optional(), notNull: z.boolean().optional() });
export const DbTable = z.strictObject({
  name: text,
  required: z.boolean().default(true),
  columns: z.array(DbColumn).default([]),
});
export const DbIndex = z.strictObject({ table: text, columns: z.array(text).min(1), name: text.optional(), reason: Localized.optional() });
/** A read-only query whose rows are faults; each row is evidence for `code`. */
export const DbCheck = z.strictObject({
  id: Id,
  code: Code,
  severity: z.enum(['info', 'warning', 'error']),
  title: Localized,
  sql: text,
});
/**
 * The table recording applied migrations. Its name is `table` when the system documents it;
 * otherwise the ordinary table whose name contains "migration" and which has one of
 * `versionColumns` is taken.
 */
export const DbMigrations = z.strictObject({
  table: text.optional(),
  /** Columns that may hold each migration's number (`3`, `"003"`, `"003_create_tables.sql"`), in order of preference. */
  versionColumns: z.array(text).min(1).default(['version']),
  /** Migrations are numbered 1, 2, 3, … and applied in order, so a number missing below the highest is a gap. */
  sequential: z.boolean().default(false),
  /** The system keeps `PRAGMA user_version` equal to the highest applied migration. */
  userVersion: z.boolean().default(false),
});
export type DbMigrations = z.infer<typeof DbMigrations>;

/** A model and the length of the vectors it produces. */
export const DbVectorModel = z.strictObject({
  /** The model's name as the system stores it; compared without case and without an `owner/` prefix. */
  name: text,
  dimension: z.number().int().positive(),
  /** Where the figure comes from, or why it differs from a source document. */
  note: Localized.optional(),
});

/** Vectors stored as BLOBs of packed numbers, with their declared dimension and model. */
export const DbVectors = z.strictObject({
  table: text,
  /** Columns that may hold the vector, in order of preference (the first one present is used). */
  columns: z.array(text).min(1),
  dimensionColumn: text,
  modelColumn: text.optional(),
  /** Bytes per number: 4 for float32. */
  bytesPerValue: z.number().int().positive().default(4),
  /** The code for vectors whose byte length is not dimension × bytesPerValue. */
  lengthCode: Code,
  /** The code for a model with vectors of several dimensions. */
  mixedCode: Code,
  /** The code for vectors whose dimension is not the one their model produces. */
  dimensionCode: Code,
  models: z.array(DbVectorModel).default([]),
});
export type DbVectors = z.infer<typeof DbVectors>;

export const DbProfile = z.strictObject({
  id: Id,
  /** The system whose database this is. */
  system: Id,
  name: Localized,
  path: text,
  description: Localized,
  /** Tables whose presence identifies the profile. */
  detect: z.array(text).min(1),
  tables: z.array(DbTable).default([]),
  indexes: z.array(DbIndex).default([]),
  checks: z.array(DbCheck).default([]),
  /** How the system records its applied migrations, if it does. */
  migrations: DbMigrations.optional(),
  /** Embedding vectors stored as BLOBs, and the dimension each model produces. */
  vectors: DbVectors.optional(),
});
export type DbProfile = z.infer<typeof DbProfile>;

/**
 * One file of `content/registry/`. A system file holds `system`, `categories` and `errors`;
 * shared files hold `logFormats` or `dbProfiles`, which name the systems they belong to.
 */
export const RegistryFile = z.strictObject({
  system: System.optional(),
  categories: z.array(Category).default([]),
  errors: z.array(ErrorEntry).default([]),
  logFormats: z.array(LogFormat).default([]),
  dbProfiles: z.array(DbProfile).default([]),
}).superRefine((file, ctx) => {
  if (!file.system && (file.categories.length > 0 || file.errors.length > 0)) {
    ctx.addIssue({ code: 'custom', path: ['system'], message: 'a file with categories or errors must define its `system`' });
  }
  if (file.system && file.categories.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['categories'], message: 'a system needs at least one category' });
  }
  if (!file.system && file.logFormats.length === 0 && file.dbProfiles.length === 0) {
    ctx.addIssue({ code: 'custom', path: [], message: 'file defines nothing: expected `system`, `logFormats` or `dbProfiles`' });
  }
});
export type RegistryFile = z.infer<typeof RegistryFile>;
export type RegistryFileInput = z.input<typeof RegistryFile>;
