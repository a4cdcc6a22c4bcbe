/**
 * The contract between the check and a second thread (see README.md in this folder).
 *
 * Before SQLite's own checks start, the check knows which of them it will run (they depend on
 * the options alone): it hands them, as planned statements, to another connection to the same
 * image in another thread, runs the foreign-key and profile checks on its own connection
 * meanwhile, and then takes each planned statement's answer in order. A thread that runs code
 * from the file's schema (CHECK constraints, index expressions) can be stopped when it overruns
 * the check's budget; the connection that made the report never ran that code.
 *
 * The contract: the thread answers every planned statement, in order, with its rows, SQLite's
 * error, or `skipped` when the statement's condition did not hold; the check asks for every
 * planned statement it runs, in order, and for no other statement. This module only states it:
 * it has no thread of its own and imports nothing from Node or the browser
 * (`node/parallel.ts` gives Node's worker threads behind `Offloader`).
 */
import type { Row, SqliteErrorKind } from './engine.ts';

/** When a planned statement runs, judged by the thread from the statement before it. */
export type PlannedCondition =
  /** Always. */
  | 'always'
  /** Only when the statement before it returned rows (no error). */
  | 'after-success'
  /** Only when the statement before it failed because the schema needs an extension (see `classifyError`). */
  | 'after-extension-error';

/** A statement the check will ask the second thread for. */
export interface PlannedStatement {
  sql: string;
  /** Most rows sent back (the rest are counted). */
  keep: number;
  when: PlannedCondition;
}

/** The image the other connection must rebuild: the file, or the file with its WAL laid over it. */
export interface ImagePlan {
  /** Size of the image in bytes (with a WAL applied: the database size after its last commit). */
  size: number;
  /** Size of the database file itself. */
  fileSize: number;
  pageSize: number;
  /** Committed WAL pages laid over the file: page number -> offset of that page's image in the WAL. */
  walPages?: Map<number, number>;
}

export interface OffloadJob {
  image: ImagePlan;
  statements: PlannedStatement[];
  /** SQLite page cache of the other connection, in KiB. */
  cacheKiB: number;
  /** SQLite's heap limit in the other thread, in bytes. */
  heapLimitBytes: number;
  /**
   * The statements evaluate expressions of the file's schema: the thread is needed to stop them
   * at the budget, whatever the image's size.
   */
  guarded: boolean;
}

/** What the other connection made of a statement. */
export type OffloadedResult =
  | { columns: string[]; rows: Row[]; count: number }
  | { error: string; kind: SqliteErrorKind }
  | { skipped: true };

export interface OffloadSession {
  /**
   * The answer to the `index`-th planned statement, waiting for it until `waitMs` after the
   * thread began it (default: as long as it takes): `timeout` when that passed first (the thread
   * is then stopped), undefined when the thread cannot give it (it failed to start or ended).
   */
  result(index: number, waitMs?: number): OffloadedResult | 'timeout' | undefined;
  /** Stop the other thread (answers not taken yet are dropped). */
  close(): void;
}

/** Starts another connection for a job; undefined when it is not worth it or not possible. */
export type Offloader = (job: OffloadJob) => OffloadSession | undefined;

/** Whether a statement with condition `when` runs after `previous` (undefined: it is the first). */
export function conditionHolds(when: PlannedCondition, previous: OffloadedResult | undefined): boolean {
  if (when === 'always') return true;
  if (!previous || 'skipped' in previous) return false;
  return when === 'after-success' ? !('error' in previous) : 'error' in previous && previous.kind === 'extension';
}
