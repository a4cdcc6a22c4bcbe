/**
 * The database checker worker's messages. Every request carries an id and every reply names
 * it. A check cannot be interrupted inside SQLite, so cancelling ends the worker: the page
 * sends `cancel`, stops listening to that id and starts a fresh worker for the next request.
 * The same holds for the watchdog: a phase that evaluates the schema's own expressions says so
 * in its progress (`guard`), and when it overruns its budget the page ends the worker and asks
 * a fresh one to check again with `stopped`.
 */
import type { TablePage } from '../../diagnostics/db/browse-values.ts';
import type { CheckPhase, CheckRegistry } from '../../diagnostics/db/check.ts';
import type { StoppedCheck } from '../../diagnostics/db/integrity.ts';
import type { DbReport } from '../../diagnostics/db/report.ts';
import type { SalvageMessage, SalvageRequest } from './salvage-protocol.ts';

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

export interface CancelRequest {
  type: 'cancel';
  id: number;
}

export type WorkerRequest = CheckRequest | BrowseRequest | CancelRequest | SalvageRequest;

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

export interface ErrorMessage {
  type: 'error';
  id: number;
  /** What went wrong, in plain words (a bad option, a file too large to read, an engine failure). */
  message: string;
  /**
   * `too-large`: the file is past `MEMORY_READ_MAX` and `?read=memory` asked to read it whole;
   * `read`: the browser could not read it into memory; `size` is the file's size.
   */
  reason?: 'too-large' | 'read' | 'other';
  size?: number;
}

export type WorkerMessage = ProgressMessage | ResultMessage | RowsMessage | ErrorMessage | SalvageMessage;
