/**
 * SQLite through sql.js, opened over a `ByteSource` without copying it.
 *
 * sql.js keeps a database as a file of Emscripten's in-memory file system (MEMFS), whose
 * contents are a typed array held outside the WebAssembly heap. `new Database(data)` stores
 * `data.slice(0, length)` as that array and later reads pages with `subarray(start, end)`.
 * Handing it an object that answers those two calls from the source gives SQLite a lazily
 * read file: only the pages it asks for are read, and the 2 GB heap limit applies to SQLite's
 * page cache alone. A probe proves once per sql.js module that this works; if it does not
 * (another sql.js build), the image is copied into memory instead.
 */
import type { BindParams, Database, SqlJsStatic, SqlValue } from 'sql.js';
import { readAll, type ByteSource } from './source.ts';

/** `extension`: the schema names a collation, function or virtual-table module this SQLite lacks. */
export type SqliteErrorKind = 'notadb' | 'corrupt' | 'unsupported' | 'extension' | 'ioerr' | 'nomem' | 'crash' | 'other';

export interface SqliteFailure {
  kind: SqliteErrorKind;
  message: string;
}

const EXTENSION = /no such collation sequence|no such function|unknown function|no such module/i;

/** What the schema needs that this SQLite lacks, named as SQLite names it (`collation LOCALIZED`). */
export function missingExtension(message: string): string | undefined {
  const m = /no such collation sequence: ?(\S+)|(?:no such|unknown) function: ?([^\s(]+)|no such module: ?(\S+)/i.exec(message);
  if (!m) return undefined;
  return m[1] !== undefined ? `collation ${m[1]}` : m[2] !== undefined ? `function ${m[2]}()` : `module ${m[3]}`;
}

/** Map an error thrown by sql.js (it keeps only SQLite's message text) to its kind. */
export function classifyError(error: unknown): SqliteFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof WebAssembly.RuntimeError || /^Aborted\(/.test(message)) return { kind: 'crash', message };
  if (/file is not a database|file is encrypted/i.test(message)) return { kind: 'notadb', message };
  if (/malformed|corrupt/i.test(message)) return { kind: 'corrupt', message };
  if (/unsupported file format/i.test(message)) return { kind: 'unsupported', message };
  if (EXTENSION.test(message)) return { kind: 'extension', message };
  if (/disk I\/O error|unable to open/i.test(message)) return { kind: 'ioerr', message };
  if (/out of memory/i.test(message)) return { kind: 'nomem', message };
  return { kind: 'other', message };
}

/** What sql.js's MEMFS calls on a file's contents. */
interface MemfsContents {
  length: number;
  subarray(start: number, end: number): Uint8Array;
  slice(start: number, end: number): MemfsContents | Uint8Array;
}

function memfsView(source: ByteSource, onRead?: () => void): MemfsContents {
  const size = source.size;
  const view: MemfsContents = {
    length: size,
    subarray(start, end) {
      onRead?.();
      const from = Math.max(0, Math.min(start, size));
      const to = Math.max(from, Math.min(end ?? size, size));
      const bytes = source.read(from, to - from);
      if (bytes.length === to - from) return bytes;
      // SQLite expects the bytes MEMFS promised; pad a short read with zeros.
      const padded = new Uint8Array(to - from);
      padded.set(bytes);
      return padded;
    },
    slice(start, end) {
      if (start === 0 && (end === undefined || end >= size)) return view;
      return view.subarray(start, end).slice();
    },
  };
  return view;
}

const lazySupport = new WeakMap<SqlJsStatic, boolean>();

/** Whether this sql.js module reads a database lazily through `memfsView` (checked once). */
export function supportsLazyOpen(SQL: SqlJsStatic): boolean {
  const known = lazySupport.get(SQL);
  if (known !== undefined) return known;
  let ok = false;
  try {
    const maker = new SQL.Database();
    maker.run('CREATE TABLE probe(x); INSERT INTO probe VALUES (42);');
    const bytes = maker.export();
    maker.close();
    let reads = 0;
    const db = new SQL.Database(memfsView({ size: bytes.length, read: (o, l) => bytes.subarray(o, o + l) }, () => reads++) as unknown as Uint8Array);
    try {
      const value = db.exec('SELECT x FROM probe')[0]?.values[0]?.[0];
      ok = value === 42 && reads > 0;
    } finally {
      db.close();
    }
  } catch {
    ok = false;
  }
  lazySupport.set(SQL, ok);
  return ok;
}

export interface OpenDatabase {
  db: Database;
  /** Whether the file is read lazily (false: copied into memory). */
  lazy: boolean;
  close(): void;
}

/**
 * Open an image for reading. Never runs SQL from the file: the connection is set up so that
 * schema expressions may only use innocuous functions and nothing can be written.
 */
/** SQLite's page cache per connection, in KiB, unless the caller asks for another size. */
export const DEFAULT_CACHE_KIB = 2048;

/**
 * Most memory SQLite may hold in one sql.js instance (`PRAGMA hard_heap_limit`), whatever the
 * file asks of it: past it an allocation fails with "out of memory" instead of growing the heap.
 * An honest check needs the page caches and a little more; a schema expression that builds huge
 * strings is what reaches it.
 */
export const DEFAULT_HEAP_LIMIT_BYTES = 512 * 1024 * 1024;

export interface ConnectionOptions {
  cacheKiB?: number;
  heapLimitBytes?: number;
}

/** The settings every connection of the checker gets, in order (see `openImage`). */
export function connectionPragmas(options: ConnectionOptions = {}): { flags: string; settings: string[] } {
  const cacheKiB = Math.max(2048, Math.floor(options.cacheKiB ?? DEFAULT_CACHE_KIB));
  const heap = Math.max(cacheKiB * 1024 * 4, Math.floor(options.heapLimitBytes ?? DEFAULT_HEAP_LIMIT_BYTES));
  return {
    // The heap limit can only be lowered by a pragma, never raised, so a file cannot lift it.
    flags: `PRAGMA trusted_schema = OFF; PRAGMA query_only = ON; PRAGMA hard_heap_limit = ${heap};`,
    settings: ['mmap_size = 0', 'temp_store = MEMORY', `cache_size = -${cacheKiB}`],
  };
}

export function openImage(SQL: SqlJsStatic, image: ByteSource, options: ConnectionOptions = {}): OpenDatabase {
  const lazy = supportsLazyOpen(SQL);
  const data = lazy ? (memfsView(image) as unknown as Uint8Array) : readAll(image);
  const db = new SQL.Database(data);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    try {
      db.close();
    } catch {
      // Closing a connection whose file is damaged can report the damage again; it is closed anyway.
    }
  };
  const pragmas = connectionPragmas(options);
  try {
    // Connection flags: they touch no page of the file, so a damaged file cannot make them fail.
    db.exec(pragmas.flags);
  } catch (error) {
    close();
    throw error;
  }
  // These read the schema first; on a damaged file they fail and the checks report why.
  for (const pragma of pragmas.settings) {
    try {
      db.exec(`PRAGMA ${pragma};`);
    } catch {
      break;
    }
  }
  return { db, lazy, close };
}

export type Row = SqlValue[];

/** Run one statement of ours and collect up to `limit` rows; `onRow` sees every row. */
export function query(db: Database, sql: string, params?: BindParams, limit = Infinity, onRow?: (row: Row) => void): Row[] {
  const stmt = db.prepare(sql, params ?? undefined);
  const rows: Row[] = [];
  try {
    while (stmt.step()) {
      const row = stmt.get();
      if (rows.length < limit) rows.push(row);
      onRow?.(row);
    }
  } finally {
    stmt.free();
  }
  return rows;
}

/** What one statement of ours returned. */
export interface StatementRows {
  columns: string[];
  /** The first rows, as many as were asked to be kept. */
  rows: Row[];
  /** How many rows the statement returned in all. */
  count: number;
}

/**
 * Runs one statement of ours (no parameters) to its end: `onRow` sees every row, the first
 * `keep` are returned. Throws what SQLite throws. The checks that follow integrity_check run
 * their statements through this, so they can be answered by another connection to the same
 * image (see `offload.ts`).
 */
export type StatementRunner = (sql: string, keep: number, onRow?: (row: Row) => void) => StatementRows;

export function runStatement(db: Database, sql: string, keep: number, onRow?: (row: Row) => void): StatementRows {
  const stmt = db.prepare(sql);
  try {
    const columns = stmt.getColumnNames();
    const rows: Row[] = [];
    let count = 0;
    while (stmt.step()) {
      count++;
      if (rows.length < keep || onRow) {
        const row = stmt.get();
        if (rows.length < keep) rows.push(row);
        onRow?.(row);
      }
    }
    return { columns, rows, count };
  } finally {
    stmt.free();
  }
}

/** The runner over one connection. */
export function localRunner(db: Database): StatementRunner {
  return (sql, keep, onRow) => runStatement(db, sql, keep, onRow);
}

/** An identifier quoted for SQL: `a"b` -> `"a""b"`. */
export function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
