/**
 * The one state the check's phases (`check.ts`) read and fill in, in order. Each phase owns the
 * fields it sets and its own list of findings; the report is assembled from them at the end
 * (`assemble.ts`), in a fixed order whatever order the phases ran their SQL in.
 */
import type { Database } from 'sql.js';
import type { DbProfile } from '../../registry/schema.ts';
import type { Catalog } from './catalog.ts';
import type { CheckDeps, CheckInput, CheckOptions } from './check.ts';
import type { SqliteFailure } from './engine.ts';
import type { SchemaExpression } from './expressions.ts';
import type { DbHeader, HeaderReading } from './header.ts';
import type { OffloadSession, PlannedStatement } from './offload.ts';
import type { Detection } from './profile.ts';
import type { DbFinding, DbReport, Integrity } from './report.ts';
import type { ByteSource } from './source.ts';
import type { WalReading } from './wal.ts';

/** Where each finding belongs in the report, in the report's order. */
export const FINDING_SLOTS = ['file', 'wal', 'integrity', 'foreignKeys', 'profile', 'schema'] as const;
export type FindingSlot = (typeof FINDING_SLOTS)[number];

/** SQLite's own checks as planned for this file (see `integrity.ts`). */
export interface IntegrityPlan {
  statements: PlannedStatement[];
  /** Which pragma each statement runs. */
  pragmas: ('quick_check' | 'integrity_check')[];
  /** The expressions of the schema the planned checks evaluate (they run under the budget). */
  evaluated: SchemaExpression[];
}

export interface CheckState {
  readonly input: CheckInput;
  readonly deps: CheckDeps;
  readonly options: CheckOptions;
  /** The file's name as the operator knows it. */
  readonly name: string;
  readonly size: number;
  readonly maxMessages: number;
  readonly depth: 'quick' | 'full' | 'both';
  /** The clock (milliseconds) and when the check started. */
  readonly now: () => number;
  readonly started: number;
  findings: Record<FindingSlot, DbFinding[]>;
  /** Run when the check ends, last first. */
  closers: (() => void)[];

  // header
  reading?: HeaderReading;
  header?: DbHeader;
  // wal
  wal?: WalReading;
  walApplied: boolean;
  // open
  image?: ByteSource;
  db?: Database;
  lazy: boolean;
  // schema
  catalog?: Catalog;
  catalogError?: SqliteFailure;
  expressions: SchemaExpression[];
  profile?: DbProfile;
  profileSource: DbReport['profileSource'];
  detection?: Detection;
  // integrity
  plan?: IntegrityPlan;
  /** The second thread answering the plan, when one does, and when it was given the plan. */
  session?: OffloadSession;
  threadStarted?: number;
  /** The plan's answers have been read. */
  integrityDone?: boolean;
  checks: DbReport['checks'];
  integrity: Integrity;
  messages: string[];
  /** Why SQLite could not check the file at all. */
  failure?: SqliteFailure;
}

export function createState(input: CheckInput, deps: CheckDeps, options: CheckOptions): CheckState {
  const now = options.now ?? (() => performance.now());
  return {
    input,
    deps,
    options,
    name: input.db.name,
    size: input.db.source.size,
    maxMessages: Math.max(1, Math.min(10_000, Math.floor(options.maxMessages ?? 100))),
    depth: options.depth ?? 'full',
    now,
    started: now(),
    findings: { file: [], wal: [], integrity: [], schema: [], foreignKeys: [], profile: [] },
    closers: [],
    walApplied: false,
    lazy: false,
    expressions: [],
    profileSource: null,
    checks: { quickCheck: 'skipped', integrityCheck: 'skipped', foreignKeyCheck: 'skipped' },
    integrity: 'ok',
    messages: [],
  };
}
