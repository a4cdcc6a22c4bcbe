/**
 * The worker messages of "Recover data": the page sends the dropped files, the worker answers
 * with progress, then the salvage report and the new database's bytes (transferred, not copied).
 * The same envelope as the check's (./protocol.ts).
 */
import type { SalvageReport } from '../../diagnostics/db/salvage/report.ts';
import type { SalvagePhase } from '../../diagnostics/db/salvage/salvage.ts';

export interface SalvageRequest {
  type: 'salvage';
  id: number;
  db: File;
  wal?: File;
}

export interface SalvageProgressMessage {
  type: 'progress';
  id: number;
  phase: SalvagePhase | 'load';
  done: number;
}

export interface SalvagedMessage {
  type: 'salvaged';
  id: number;
  report: SalvageReport;
  /** The new database; absent when nothing could be read. */
  bytes?: Uint8Array;
}
