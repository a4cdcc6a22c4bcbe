/**
 * The database checker worker's messages. Every request carries an id and every reply names
 * it. A check cannot be interrupted inside SQLite, so cancelling ends the worker: the page
 * sends `cancel`, stops listening to that id and starts a fresh worker for the next check.
 */
import type { CheckPhase, CheckRegistry } from '../../diagnostics/db/check.ts';
import type { DbReport } from '../../diagnostics/db/report.ts';
import type { SalvageMessage, SalvageRequest } from './salvage-protocol.ts';

/**
 * How the worker reads the dropped file: all at once into memory (fast), or piece by piece with
 * FileReaderSync (memory stays flat, but each piece costs a call: about 14x slower in Chromium).
 * `auto` reads files up to `memoryLimit` into memory and larger ones lazily.
 */
export type ReadMode = 'lazy' | 'memory';

export interface CheckRequest {
  type: 'check';
  id: number;
  db: File;
  wal?: File;
  profile?: string;
  depth: 'quick' | 'full';
  mode: ReadMode | 'auto';
  /** Largest file read into memory in `auto` mode, in bytes. */
  memoryLimit: number;
  registry: CheckRegistry;
}

export interface CancelRequest {
  type: 'cancel';
  id: number;
}

export type WorkerRequest = CheckRequest | CancelRequest | SalvageRequest;

export interface ProgressMessage {
  type: 'progress';
  id: number;
  phase: CheckPhase | 'load';
  done: number;
}

export interface ResultMessage {
  type: 'result';
  id: number;
  report: DbReport;
  /** Wall time inside the worker, milliseconds, and how the file was read. */
  timing: { totalMs: number; loadMs: number; mode: ReadMode };
}

export interface ErrorMessage {
  type: 'error';
  id: number;
  /** What went wrong, in plain words (a bad option or an engine failure). */
  message: string;
}

export type WorkerMessage = ProgressMessage | ResultMessage | ErrorMessage | SalvageMessage;
