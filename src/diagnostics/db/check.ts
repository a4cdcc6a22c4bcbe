/**
 * The database checker's core: a database file (and optionally its WAL) in, a report out, as a
 * list of named phases over one state (`state.ts`). README.md in this folder draws the flow.
 *
 * header → wal → open → schema → integrity (started) → foreign keys → profile → integrity
 * (answers taken) → report
 *
 * SQLite's own checks are started before the foreign-key and profile phases and their answers
 * read after them: with a second thread (`deps.offload`) they run meanwhile, and can be stopped
 * at the check's budget; without one they run at once, on this connection. The report is the
 * same either way. Nothing the file contains is executed: see `engine.ts` and `data-checks.ts`.
 */
import type { SqlJsStatic } from 'sql.js';
import type { ErrorWithSystem } from '../../registry/load.ts';
import type { DbProfile } from '../../registry/schema.ts';
import { assembleReport } from './assemble.ts';
import { finishIntegrity, startIntegrity, type StoppedCheck } from './integrity.ts';
import type { Offloader } from './offload.ts';
import { headerPhase, openPhase, walPhase } from './phases-file.ts';
import { foreignKeysPhase, profilePhase, schemaPhase } from './phases-schema.ts';
import type { DbReport } from './report.ts';
import type { ByteSource } from './source.ts';
import { createState, type CheckState } from './state.ts';

export interface NamedSource {
  /** File name as the operator knows it (used in messages and suggested commands). */
  name: string;
  source: ByteSource;
}

export interface CheckInput {
  db: NamedSource;
  /** The `-wal` file found beside the database. */
  wal?: NamedSource;
}

/** What the check is doing, as the page names it. */
export type CheckPhase = 'header' | 'wal' | 'open' | 'schema' | 'quick_check' | 'integrity_check' | 'foreign_key_check' | 'profile' | 'done';

export interface CheckProgress {
  phase: CheckPhase;
  /** Rough share of the work done, 0..1. */
  done: number;
  /**
   * Set when this phase evaluates expressions of the file's schema in this thread: the caller
   * should stop the thread if the phase is still running after `budgetMs`, and check again with
   * `CheckOptions.stopped`.
   */
  guard?: { budgetMs: number };
}

export interface CheckOptions {
  /** Profile id chosen by hand; otherwise it is detected from the schema. */
  profile?: string;
  /**
   * `full` (default): integrity_check, which runs every test of quick_check and also compares
   * indexes with their tables and checks UNIQUE constraints; `quick`: quick_check only;
   * `both`: quick_check, then integrity_check (the structural tests run twice).
   */
  depth?: 'quick' | 'full' | 'both';
  /** Most messages integrity_check may return (default 100). */
  maxMessages?: number;
  /** SQLite page cache in KiB, per connection (default `DEFAULT_CACHE_KIB`, 2 MiB). */
  cacheKiB?: number;
  /** Most memory SQLite may hold, in bytes (default `DEFAULT_HEAP_LIMIT_BYTES`). */
  heapLimitBytes?: number;
  /**
   * Time allowed to SQLite's checks when they evaluate the schema's expressions, in
   * milliseconds (default `expressionBudgetMs(size)`).
   */
  budgetMs?: number;
  /** A check the caller stopped at its budget in an earlier run: it is not run again. */
  stopped?: StoppedCheck;
  onProgress?: (progress: CheckProgress) => void;
  /** Asked between phases; when it returns true the check stops and reports `cancelled`. */
  isCancelled?: () => boolean;
  /** A clock in milliseconds (default `performance.now`). */
  now?: () => number;
}

/** The parts of the registry the checker reads (the browser passes just these). */
export interface CheckRegistry {
  dbProfiles: DbProfile[];
  errors: Pick<ErrorWithSystem, 'code' | 'system' | 'related'>[];
}

export interface CheckDeps {
  sql: SqlJsStatic;
  registry: CheckRegistry;
  /**
   * Another connection to the same image, in another thread, that answers SQLite's own checks
   * while this one runs the foreign-key and profile checks (in Node: `node/parallel.ts`).
   */
  offload?: Offloader;
}

export interface CheckOutcome {
  report?: DbReport;
  /** Why no report could be made (bad options), as plain sentences. */
  problems: string[];
  cancelled?: boolean;
}

export interface Phase {
  name: string;
  /** What the page shows while it runs. */
  progress?: { phase: CheckPhase; done: number };
  run(state: CheckState): void;
}

/** The check, in order. */
export const PHASES: readonly Phase[] = [
  { name: 'header', progress: { phase: 'header', done: 0 }, run: headerPhase },
  { name: 'wal', progress: { phase: 'wal', done: 0.02 }, run: walPhase },
  { name: 'open', progress: { phase: 'open', done: 0.05 }, run: openPhase },
  { name: 'schema', progress: { phase: 'schema', done: 0.08 }, run: schemaPhase },
  { name: 'integrity-start', run: startIntegrity },
  { name: 'foreign-keys', progress: { phase: 'foreign_key_check', done: 0.85 }, run: foreignKeysPhase },
  { name: 'profile', progress: { phase: 'profile', done: 0.9 }, run: profilePhase },
  { name: 'integrity-answers', run: finishIntegrity },
];

class Cancelled extends Error {}

export function checkDatabase(input: CheckInput, deps: CheckDeps, options: CheckOptions = {}): CheckOutcome {
  if (options.profile !== undefined && !deps.registry.dbProfiles.some((p) => p.id === options.profile)) {
    const known = deps.registry.dbProfiles.map((p) => p.id).join(', ') || 'none';
    return { problems: [`unknown database profile "${options.profile}" (known: ${known})`] };
  }
  const state = createState(input, deps, options);
  try {
    for (const phase of PHASES) {
      if (options.isCancelled?.()) throw new Cancelled();
      if (phase.progress) options.onProgress?.(phase.progress);
      phase.run(state);
    }
    const report = assembleReport(state);
    options.onProgress?.({ phase: 'done', done: 1 });
    return { report, problems: [] };
  } catch (error) {
    if (error instanceof Cancelled) return { problems: [], cancelled: true };
    throw error;
  } finally {
    for (const close of state.closers.reverse()) close();
  }
}
