/**
 * The first phases of the check: the file's header, its WAL, and opening the image SQLite reads.
 * Nothing here runs SQL; opening only sets up the connection (see `engine.ts`).
 */
import { openImage } from './engine.ts';
import { readHeader } from './header.ts';
import { buildImage, walLayer } from './image.ts';
import { fileKindFindings, headerFindings, walFindings, walForeignFinding, walMissingFinding } from './physical.ts';
import type { CheckState } from './state.ts';
import { readWal, walMismatches } from './wal.ts';

export function headerPhase(state: CheckState): void {
  const head = state.input.db.source.read(0, 4096).slice();
  const reading = readHeader(head, state.size);
  state.reading = reading;
  state.header = reading.header;
  state.findings.file.push(...fileKindFindings(reading, state.name, state.size), ...headerFindings(reading, state.name));
}

export function walPhase(state: CheckState): void {
  const { input, header } = state;
  if (!input.wal) {
    if (header?.journalMode === 'wal') state.findings.wal.push(walMissingFinding(state.name));
    return;
  }
  const wal = readWal(input.wal.source, header?.pageSize);
  state.wal = wal;
  const usable = wal.usable && wal.commits > 0 && state.size > 0 && !!header;
  // A WAL whose page 1 says it was written for another database (or for a state of this one
  // older than the file) is not laid over the file: the check says so instead.
  const mismatches = usable ? walMismatches(input.wal.source, wal, input.db.source.read(0, 100).slice()) : [];
  state.walApplied = usable && mismatches.length === 0;
  state.findings.wal.push(...walFindings(wal, input.wal.name, state.size === 0, state.name, state.walApplied));
  if (mismatches.length > 0) state.findings.wal.push(walForeignFinding(mismatches, input.wal.name, state.name));
}

export function openPhase(state: CheckState): void {
  const { input, header, wal } = state;
  const layer = state.walApplied && input.wal && wal ? walLayer(input.wal.source, wal) : undefined;
  const image = buildImage(input.db.source, { wal: layer, pageSize: header?.pageSize });
  const opened = openImage(state.deps.sql, image, { cacheKiB: state.options.cacheKiB, heapLimitBytes: state.options.heapLimitBytes });
  state.closers.push(opened.close);
  state.image = image;
  state.db = opened.db;
  state.lazy = opened.lazy;
}
