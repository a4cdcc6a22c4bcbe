/// <reference lib="webworker" />
/**
 * The database checker's worker: sql.js and the checker core, off the page's thread. The file
 * never leaves the browser: it is read here, from the `File` the page passed over.
 */
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { checkDatabase } from '../../diagnostics/db/check.ts';
import { memorySource, type ByteSource } from '../../diagnostics/db/source.ts';
import { fileSource } from './file-source.ts';
import type { CheckRequest, ReadMode, WorkerMessage, WorkerRequest } from './protocol.ts';
import { runSalvageRequest } from './salvage-worker.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let sql: Promise<SqlJsStatic> | undefined;

function post(message: WorkerMessage, transfer: Transferable[] = []) {
  scope.postMessage(message, transfer);
}

function loadSql(): Promise<SqlJsStatic> {
  sql ??= initSqlJs({ locateFile: () => wasmUrl, useOldExtensionFunctions: false } as Parameters<typeof initSqlJs>[0]);
  return sql;
}

async function source(file: File, mode: ReadMode): Promise<ByteSource> {
  return mode === 'memory' ? memorySource(new Uint8Array(await file.arrayBuffer())) : fileSource(file);
}

async function run(req: CheckRequest) {
  const started = performance.now();
  post({ type: 'progress', id: req.id, phase: 'load', done: 0 });
  const SQL = await loadSql();
  const total = req.db.size + (req.wal?.size ?? 0);
  const mode: ReadMode = req.mode === 'auto' ? (total <= req.memoryLimit ? 'memory' : 'lazy') : req.mode;
  const db = await source(req.db, mode);
  const wal = req.wal ? await source(req.wal, mode) : undefined;
  const loadMs = performance.now() - started;
  const outcome = checkDatabase(
    { db: { name: req.db.name, source: db }, wal: wal && req.wal ? { name: req.wal.name, source: wal } : undefined },
    { sql: SQL, registry: req.registry },
    { profile: req.profile, depth: req.depth, onProgress: (p) => post({ type: 'progress', id: req.id, phase: p.phase, done: p.done }) },
  );
  if (!outcome.report) {
    post({ type: 'error', id: req.id, message: outcome.problems.join('; ') || 'cancelled' });
    return;
  }
  post({ type: 'result', id: req.id, report: outcome.report, timing: { totalMs: performance.now() - started, loadMs, mode } });
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  if (req.type === 'salvage') {
    const read = (file: File) => source(file, file.size <= 1 << 30 ? 'memory' : 'lazy');
    runSalvageRequest(req, loadSql, read, post).catch((error: unknown) => {
      post({ type: 'error', id: req.id, message: error instanceof Error ? error.message : String(error) });
    });
    return;
  }
  if (req.type !== 'check') return;
  run(req).catch((error: unknown) => {
    post({ type: 'error', id: req.id, message: error instanceof Error ? error.message : String(error) });
  });
};
