/// <reference lib="webworker" />
/**
 * The database checker's worker: sql.js and the checker core, off the page's thread. The file
 * never leaves the browser: it is read here, from the `File` the page passed over. The file last
 * read is kept (in memory, or as a lazy reader) so that looking inside it does not read it again.
 */
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { lookInside, tablesInside } from '../../diagnostics/db/browse.ts';
import { checkDatabase, type CheckInput } from '../../diagnostics/db/check.ts';
import { memorySource, type ByteSource } from '../../diagnostics/db/source.ts';
import { serve, type HostContext } from '../kit/worker-host.ts';
import { fileSource } from './file-source.ts';
import { MEMORY_READ_MAX, type BrowseRequest, type CheckRequest, type DbMessage, type DbRequest, type ReadMode } from './protocol.ts';
import { runSalvageRequest } from './salvage-worker.ts';

let sql: Promise<SqlJsStatic> | undefined;

const gib = (n: number) => `${(n / 2 ** 30).toFixed(2)} GiB`;

/** A file that cannot be read as asked; the page says so in its own words. */
class ReadProblem extends Error {
  readonly reason: 'too-large' | 'read';
  readonly size: number;
  constructor(message: string, reason: 'too-large' | 'read', size: number) {
    super(message);
    this.reason = reason;
    this.size = size;
  }
}

async function source(file: File, mode: ReadMode): Promise<ByteSource> {
  if (mode === 'lazy') return fileSource(file);
  if (file.size > MEMORY_READ_MAX) {
    throw new ReadProblem(`${file.name} is ${gib(file.size)}; at most ${gib(MEMORY_READ_MAX)} is read into memory at once`, 'too-large', file.size);
  }
  try {
    return memorySource(new Uint8Array(await file.arrayBuffer()));
  } catch (error) {
    // The browser reports a failed allocation as an unreadable file; say what was asked of it.
    throw new ReadProblem(`${file.name} (${gib(file.size)}) could not be read into memory at once: ${error instanceof Error ? error.message : String(error)}`, 'read', file.size);
  }
}

let kept: { key: string; input: CheckInput; mode: ReadMode; loadMs: number } | undefined;

const keyOf = (f: File | undefined) => (f ? `${f.name}\u0000${f.size}\u0000${f.lastModified}` : '');

/** The files of a request as the checker reads them: the ones kept from the last request when they are the same. */
async function input(req: CheckRequest | BrowseRequest): Promise<{ input: CheckInput; mode: ReadMode; loadMs: number }> {
  const total = req.db.size + (req.wal?.size ?? 0);
  const mode: ReadMode = req.mode === 'auto' ? (total <= req.memoryLimit ? 'memory' : 'lazy') : req.mode;
  const key = `${keyOf(req.db)}\u0001${keyOf(req.wal)}\u0001${mode}`;
  if (kept?.key === key) return kept;
  kept = undefined;
  const started = performance.now();
  const db = await source(req.db, mode);
  const wal = req.wal ? await source(req.wal, mode) : undefined;
  kept = {
    key,
    input: { db: { name: req.db.name, source: db }, wal: wal && req.wal ? { name: req.wal.name, source: wal } : undefined },
    mode,
    loadMs: performance.now() - started,
  };
  return kept;
}

function engine(): Promise<SqlJsStatic> {
  sql ??= initSqlJs({ locateFile: () => wasmUrl, useOldExtensionFunctions: false } as Parameters<typeof initSqlJs>[0]);
  return sql;
}

async function check(req: CheckRequest, progress: HostContext<DbMessage>['progress']): Promise<DbMessage> {
  const started = performance.now();
  progress({ type: 'progress', id: req.id, phase: 'load', done: 0 });
  const SQL = await engine();
  const files = await input(req);
  const outcome = checkDatabase(files.input, { sql: SQL, registry: req.registry }, {
    profile: req.profile,
    depth: req.depth,
    budgetMs: req.budgetMs,
    stopped: req.stopped,
    onProgress: (p) => progress({ type: 'progress', id: req.id, phase: p.phase, done: p.done, ...(p.guard ? { guard: p.guard } : {}) }),
  });
  if (!outcome.report) throw new Error(outcome.problems.join('; ') || 'the check gave no report');
  const tables = outcome.report.integrity === 'unreadable' ? [] : tablesInside(files.input, { sql: SQL });
  return { type: 'result', id: req.id, report: outcome.report, tables, timing: { totalMs: performance.now() - started, loadMs: files.loadMs, mode: files.mode } };
}

async function browse(req: BrowseRequest): Promise<DbMessage> {
  const SQL = await engine();
  const files = await input(req);
  const result = lookInside(files.input, { sql: SQL }, req.table, { offset: req.offset, limit: req.limit });
  if ('page' in result) return { type: 'rows', id: req.id, page: result.page };
  throw new Error(result.problem);
}

// A `cancel` cannot reach a running check (SQLite runs to the end of a statement); the page ends
// this worker instead (`endOnCancel`).
serve<DbRequest, DbMessage>(self, async (req, { progress }) => {
  try {
    if (req.type === 'salvage') {
      const read = (file: File) => source(file, file.size <= 1 << 30 ? 'memory' : 'lazy');
      return await runSalvageRequest(req, engine, read, progress);
    }
    return req.type === 'check' ? await check(req, progress) : await browse(req);
  } catch (error) {
    if (error instanceof ReadProblem) return { type: 'read-problem', id: req.id, reason: error.reason, size: error.size, message: error.message };
    throw error;
  }
});
