/**
 * Looking inside a database: its ordinary tables, a page of rows at a time, every value as text.
 * Read-only and bounded: views and virtual tables are never read (their rows come from SQL or a
 * module that came with the file), computed columns are not evaluated, text is cut at
 * `textLimit` characters and a BLOB is shown as its size and its first bytes in hex. Table and
 * column names come from the file: they are only used quoted (`quoteId`) after being found in the
 * catalog, and never as SQL of their own.
 */
import type { Database } from 'sql.js';
import { readCatalog, type Catalog, type CatalogTable } from './catalog.ts';
import type { CheckDeps, CheckInput } from './check.ts';
import { classifyError, query, quoteId } from './engine.ts';
import { headerPhase, openPhase, walPhase } from './phases-file.ts';
import { createState } from './state.ts';
import { BLOB_PREVIEW_BYTES, type BrowseColumn, type BrowseValue, type TablePage } from './browse-values.ts';

export { valueText, type BrowseColumn, type BrowseValue, type TablePage } from './browse-values.ts';

export interface BrowseOptions {
  limit?: number;
  offset?: number;
  /** Most characters of a text value (default 200). */
  textLimit?: number;
}

export type BrowseResult = { page: TablePage } | { problem: string; tables?: string[] };

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;
/** Most columns shown (each costs three result columns, and SQLite allows 2000). */
export const MAX_COLUMNS = 600;

/** The tables a person may look into: ordinary tables (and the shadow tables of virtual ones), by name. */
export function browsableTables(catalog: Catalog): CatalogTable[] {
  return [...catalog.tables.values()].filter((t) => t.kind !== 'virtual').sort((a, b) => a.name.localeCompare(b.name));
}

/** The table called `name`: exactly, else the one SQLite would take (names ignore ASCII case). */
export function findTable(catalog: Catalog, name: string): CatalogTable | undefined {
  const all = [...catalog.tables.values()];
  return all.find((t) => t.name === name) ?? catalog.tables.get(name.toLowerCase());
}

/** A name of the rowid no column hides, if any. */
function rowidName(table: CatalogTable): string | undefined {
  if (table.withoutRowid) return undefined;
  const taken = new Set(table.columns.map((c) => c.name.toLowerCase()));
  return ['rowid', '_rowid_', 'oid'].find((n) => !taken.has(n));
}

const clamp = (n: number | undefined, min: number, max: number, fallback: number) =>
  Number.isFinite(n) ? Math.max(min, Math.min(max, Math.floor(n!))) : fallback;

export function browseTable(db: Database, catalog: Catalog, name: string, options: BrowseOptions = {}): BrowseResult {
  const table = findTable(catalog, name);
  if (!table || table.kind === 'virtual') {
    const object = catalog.objects.find((o) => o.name.toLowerCase() === name.toLowerCase());
    const why = table ? 'is a virtual table, whose rows come from a module of its own' : object?.type === 'view' ? 'is a view, whose rows come from SQL stored in the file' : object ? `is an ${object.type}, not a table` : 'is not a table of this database';
    return { problem: `"${name}" ${why}; only ordinary tables are shown`, tables: browsableTables(catalog).map((t) => t.name) };
  }
  const limit = clamp(options.limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
  const offset = clamp(options.offset, 0, Number.MAX_SAFE_INTEGER, 0);
  const textLimit = clamp(options.textLimit, 1, 100_000, 200);
  const columns: BrowseColumn[] = table.columns
    .filter((c) => c.kind !== 'hidden')
    .map((c) => ({ name: c.name, type: c.type, read: c.generated !== 'virtual' }));
  const shown = columns.slice(0, MAX_COLUMNS);
  const rowid = rowidName(table);
  const from = `main.${quoteId(table.name)}`;
  const select: string[] = rowid ? [`CAST(${rowid} AS TEXT)`] : [];
  for (const c of shown) {
    if (!c.read) continue;
    const q = quoteId(c.name);
    select.push(
      `typeof(${q})`,
      `length(${q})`,
      `CASE typeof(${q}) WHEN 'blob' THEN hex(substr(${q}, 1, ${BLOB_PREVIEW_BYTES})) WHEN 'text' THEN substr(${q}, 1, ${textLimit}) WHEN 'null' THEN NULL ELSE CAST(${q} AS TEXT) END`,
    );
  }
  if (select.length === 0) select.push('NULL');
  try {
    const total = Number(query(db, `SELECT count(*) FROM ${from}`)[0]?.[0] ?? 0);
    const sql = `SELECT ${select.join(', ')} FROM ${from}${rowid ? ` ORDER BY ${rowid}` : ''} LIMIT ? OFFSET ?`;
    const rowids: string[] = [];
    const rows = query(db, sql, [limit, offset]).map((r) => {
      let at = 0;
      if (rowid) rowids.push(String(r[at++]));
      return shown.map((c): BrowseValue | null => {
        if (!c.read) return null;
        const type = String(r[at]);
        const length = Number(r[at + 1] ?? 0);
        const value = r[at + 2];
        at += 3;
        if (type === 'null') return { type: 'null' };
        if (type === 'blob') return { type: 'blob', bytes: length, hex: String(value ?? '') };
        if (type === 'text') return { type: 'text', text: String(value ?? ''), length };
        return { type: type === 'integer' ? 'integer' : 'real', text: String(value) };
      });
    });
    return {
      page: {
        table: table.name, columns: shown, ...(rowid ? { rowids } : {}), rows, offset, limit, total,
        hiddenColumns: columns.length - shown.length,
      },
    };
  } catch (error) {
    return { problem: `"${table.name}" could not be read: ${classifyError(error).message}` };
  }
}

/**
 * Open the database as the check does (header read, its WAL laid over it unless it belongs to
 * another database) and show a page of `name`. Never throws on a bad file.
 */
export function lookInside(input: CheckInput, deps: Pick<CheckDeps, 'sql'>, name: string, options: BrowseOptions = {}): BrowseResult & { walApplied?: boolean } {
  const state = createState(input, { sql: deps.sql, registry: { dbProfiles: [], errors: [] } }, {});
  try {
    headerPhase(state);
    if (state.reading?.kind !== 'sqlite') return { problem: `${input.db.name} is not a SQLite database (${state.reading?.kind ?? 'unknown'})` };
    walPhase(state);
    openPhase(state);
    let catalog: Catalog;
    try {
      catalog = readCatalog(state.db!);
    } catch (error) {
      return { problem: `the schema of ${input.db.name} cannot be read: ${classifyError(error).message}` };
    }
    return { ...browseTable(state.db!, catalog, name, options), walApplied: state.walApplied };
  } finally {
    for (const close of state.closers.reverse()) close();
  }
}

/** The tables of the database that `lookInside` can show, with their row counts unknown. */
export function tablesInside(input: CheckInput, deps: Pick<CheckDeps, 'sql'>): string[] {
  const state = createState(input, { sql: deps.sql, registry: { dbProfiles: [], errors: [] } }, {});
  try {
    headerPhase(state);
    if (state.reading?.kind !== 'sqlite') return [];
    walPhase(state);
    openPhase(state);
    return browsableTables(readCatalog(state.db!)).map((t) => t.name);
  } catch {
    return [];
  } finally {
    for (const close of state.closers.reverse()) close();
  }
}
