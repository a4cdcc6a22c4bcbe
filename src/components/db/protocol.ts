/**
 * The database checker worker's messages, in the island kit's envelope (../kit/protocol.ts):
 * every request carries an id and every reply names it; `progress` replies come before the final
 * one. A check cannot be interrupted inside SQLite, so the page's client is made with
 * `endOnCancel`: cancelling ends the worker, and the next request starts a fresh one. The same
 * holds for the watchdog: a phase that evaluates the schema's own expressions says so in its
 * progress (`guard`), and when it overruns its budget the page ends the worker and asks a fresh
 * one to check again with `stopped`.
 */
import type { TablePage } from '../../diagnostics/db/browse-values.ts';
import type { CheckPhase, CheckRegistry } from '../../diagnostics/db/check.ts';
import type { StoppedCheck } from '../../diagnostics/db/integrity.ts';
import type { DbReport } from '../../diagnostics/db/report.ts';
import type { CancelledReply } from '../kit/protocol.ts';
import type { SalvagedMessage, SalvageProgressMessage, SalvageRequest } from './salvage-protocol.ts';

/**
 * How the worker reads the dropped file: all at once into memory (fast), or piece by piece with
 * FileReaderSync (memory stays flat, but each piece costs a call: about 14x slower in Chromium).
 * `auto` reads files up to `memoryLimit` into memory and larger ones lazily.
 */
export type ReadMode = 'lazy' | 'memory';

/** The largest file `?read=memory` reads into memory at once: past it the page refuses, and says why. */
export const MEMORY_READ_MAX = 2 ** 31 - 1;

interface FilesRequest {
  id: number;
  db: File;
  wal?: File;
  mode: ReadMode | 'auto';
  /** Largest file read into memory in `auto` mode, in bytes. */
  memoryLimit: number;
}

export interface CheckRequest extends FilesRequest {
  type: 'check';
  profile?: string;
  depth: 'quick' | 'full';
  registry: CheckRegistry;
  /** Time allowed to checks that evaluate the schema's expressions (default: by the file's size). */
  budgetMs?: number;
  /** A check the page stopped at its budget in the previous run. */
  stopped?: StoppedCheck;
}

/** A page of a table's rows, from the file checked last. */
export interface BrowseRequest extends FilesRequest {
  type: 'browse';
  table: string;
  offset: number;
  limit: number;
}

export type DbRequest = CheckRequest | BrowseRequest | SalvageRequest;

export interface ProgressMessage {
  type: 'progress';
  id: number;
  phase: CheckPhase | 'load';
  done: number;
  /** The phase evaluates the schema's expressions: stop it after `budgetMs`. */
  guard?: { budgetMs: number };
}

export interface ResultMessage {
  type: 'result';
  id: number;
  report: DbReport;
  /** The ordinary tables a person may look into. */
  tables: string[];
  /** Wall time inside the worker, milliseconds, and how the file was read. */
  timing: { totalMs: number; loadMs: number; mode: ReadMode };
}

export interface RowsMessage {
  type: 'rows';
  id: number;
  page: TablePage;
}

/**
 * The file could not be read as asked. `too-large`: it is past `MEMORY_READ_MAX` and
 * `?read=memory` asked to read it whole; `read`: the browser could not read it into memory.
 * Other failures are the kit's `error` replies.
 */
export interface ReadProblemMessage {
  type: 'read-problem';
  id: number;
  reason: 'too-large' | 'read';
  /** The file's size, in bytes. */
  size: number;
  message: string;
}

export type DbMessage = ProgressMessage | ResultMessage | RowsMessage | ReadProblemMessage | SalvageProgressMessage | SalvagedMessage | CancelledReply;
