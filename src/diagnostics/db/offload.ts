/**
 * Running the checks that follow integrity_check on a second connection while integrity_check
 * runs on the first. The statements those checks will run are known before integrity_check
 * starts (they depend on the schema only), so another connection to the same image, in another
 * thread, can run them meanwhile; afterwards the checks take each statement's rows from there
 * instead of running it again. The checks' own code is unchanged: it runs its statements through
 * a `StatementRunner`, and the runner decides where the rows come from.
 *
 * This module only coordinates: it has no thread of its own and imports nothing from Node or
 * the browser. `parallel.ts` gives Node's worker threads behind the `Offloader` interface.
 */
import type { StatementRows, StatementRunner } from './engine.ts';

/** A statement the checks will run: its text, the rows they keep, and whether they read every row. */
export interface PlannedStatement {
  sql: string;
  keep: number;
  /** The checks look at every row (`onRow`), not only at the kept ones. */
  all: boolean;
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
}

/** What the other connection made of a statement: its rows, or SQLite's error message. */
export type OffloadedResult = StatementRows | { error: string };

export interface OffloadSession {
  /**
   * The result of the `index`-th planned statement, waiting for it when it is not there yet;
   * undefined when the other connection cannot give it (the statement then runs here).
   */
  result(index: number): OffloadedResult | undefined;
  /** Stop the other connection (results not taken yet are dropped). */
  close(): void;
}

/** Starts another connection for a job; undefined when it is not worth it or not possible. */
export type Offloader = (job: OffloadJob) => OffloadSession | undefined;

/** The statements `body` runs when every statement returns no rows: what can be computed ahead. */
export function planStatements(body: (run: StatementRunner) => void): PlannedStatement[] {
  const planned: PlannedStatement[] = [];
  body((sql, keep, onRow) => {
    planned.push({ sql, keep, all: onRow !== undefined });
    return { columns: [], rows: [], count: 0 };
  });
  return planned;
}

/**
 * A runner answering the planned statements, in their order, from the session, and running any
 * other statement (one that depends on rows, or one the session cannot give) with `local`.
 */
export function offloadRunner(session: OffloadSession, planned: readonly PlannedStatement[], local: StatementRunner): StatementRunner {
  let next = 0;
  return (sql, keep, onRow) => {
    let at = -1;
    for (let i = next; i < planned.length; i++) {
      const p = planned[i]!;
      if (p.sql === sql && p.keep === keep && p.all === (onRow !== undefined)) {
        at = i;
        break;
      }
    }
    if (at < 0) return local(sql, keep, onRow);
    next = at + 1;
    const result = session.result(at);
    if (!result) return local(sql, keep, onRow);
    if ('error' in result) throw new Error(result.error);
    if (onRow) for (const row of result.rows) onRow(row);
    return { columns: result.columns, rows: result.rows.slice(0, keep), count: result.count };
  };
}
