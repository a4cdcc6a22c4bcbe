/**
 * What the database declares: its tables, columns, indexes, views and triggers, read with our
 * own PRAGMAs and a SELECT on `sqlite_schema`. The `sql` texts of the file are kept as data and
 * never executed; views are not queried; column lists are read for ordinary tables only.
 */
import type { Database } from 'sql.js';
import { query, quoteId } from './engine.ts';

export interface CatalogColumn {
  name: string;
  type: string;
  notNull: boolean;
  /** Position in the primary key (1-based), 0 when not part of it. */
  pk: number;
  /** `generated`: a generated column, whose value is an expression from the file. */
  kind: 'normal' | 'hidden' | 'generated';
  /** For a generated column: computed when read (`virtual`) or stored in the row (`stored`). */
  generated?: 'virtual' | 'stored';
}

export interface CatalogIndex {
  name: string;
  unique: boolean;
  /** `c`: CREATE INDEX, `u`: UNIQUE constraint, `pk`: PRIMARY KEY, `rowid`: the INTEGER PRIMARY KEY itself. */
  origin: 'c' | 'u' | 'pk' | 'rowid';
  partial: boolean;
  /** Key columns in order; null for an expression. */
  columns: (string | null)[];
  /** The CREATE INDEX text as the file stores it (none for indexes made by constraints). */
  sql?: string;
}

export interface CatalogTable {
  name: string;
  /** `virtual`: CREATE VIRTUAL TABLE; its contents come from a module, and it is never read. */
  kind: 'table' | 'virtual' | 'shadow';
  withoutRowid: boolean;
  columns: CatalogColumn[];
  indexes: CatalogIndex[];
  /** The CREATE TABLE text as the file stores it: data, never executed. */
  sql: string;
}

export interface SchemaObject {
  type: 'table' | 'index' | 'view' | 'trigger';
  name: string;
  table: string;
}

export interface Catalog {
  objects: SchemaObject[];
  tables: Map<string, CatalogTable>;
  /** Lower-cased names of views and virtual tables: objects a query of ours must never name. */
  unsafeNames: Set<string>;
  counts: { tables: number; indexes: number; views: number; triggers: number; virtualTables: number };
}

const lower = (s: string) => s.toLowerCase();

/** Read the catalog. Throws what SQLite throws when the schema itself is unreadable. */
export function readCatalog(db: Database): Catalog {
  const objects: SchemaObject[] = [];
  const sqlOf = new Map<string, string>();
  const indexSql = new Map<string, string>();
  for (const [type, name, tbl, sql] of query(db, 'SELECT type, name, tbl_name, sql FROM main.sqlite_schema')) {
    if (type !== 'table' && type !== 'index' && type !== 'view' && type !== 'trigger') continue;
    objects.push({ type, name: String(name), table: String(tbl) });
    if (type === 'table' && typeof sql === 'string') sqlOf.set(lower(String(name)), sql);
    if (type === 'index' && typeof sql === 'string') indexSql.set(lower(String(name)), sql);
  }
  const tables = new Map<string, CatalogTable>();
  const unsafeNames = new Set<string>();
  let virtualTables = 0;
  const virtualNames = new Set<string>();
  for (const o of objects) {
    if (o.type === 'view') unsafeNames.add(lower(o.name));
    if (o.type === 'table' && /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(sqlOf.get(lower(o.name)) ?? '')) {
      virtualNames.add(lower(o.name));
      unsafeNames.add(lower(o.name));
      virtualTables++;
    }
  }
  for (const o of objects) {
    if (o.type !== 'table' || o.name.startsWith('sqlite_')) continue;
    const key = lower(o.name);
    if (virtualNames.has(key)) {
      tables.set(key, { name: o.name, kind: 'virtual', withoutRowid: false, columns: [], indexes: [], sql: sqlOf.get(key) ?? '' });
      continue;
    }
    const shadow = [...virtualNames].some((v) => key.startsWith(`${v}_`));
    const sql = sqlOf.get(key) ?? '';
    const withoutRowid = /\)\s*(?:STRICT\s*,\s*)?WITHOUT\s+ROWID\b[\s,]*(?:STRICT)?\s*;?\s*$/i.test(sql);
    const columns: CatalogColumn[] = query(db, `PRAGMA main.table_xinfo(${quoteId(o.name)})`).map(([, name, type, notnull, , pk, hidden]) => ({
      name: String(name),
      type: String(type ?? ''),
      notNull: notnull === 1,
      pk: Number(pk),
      kind: hidden === 2 || hidden === 3 ? 'generated' : hidden === 1 ? 'hidden' : 'normal',
      ...(hidden === 2 ? { generated: 'virtual' as const } : hidden === 3 ? { generated: 'stored' as const } : {}),
    }));
    const indexes: CatalogIndex[] = [];
    const pkCols = columns.filter((c) => c.pk > 0);
    if (!withoutRowid && pkCols.length === 1 && lower(pkCols[0]!.type) === 'integer') {
      indexes.push({ name: '(rowid)', unique: true, origin: 'rowid', partial: false, columns: [pkCols[0]!.name] });
    }
    for (const [, name, unique, origin, partial] of query(db, `PRAGMA main.index_list(${quoteId(o.name)})`)) {
      const cols = query(db, `PRAGMA main.index_xinfo(${quoteId(String(name))})`)
        .filter((r) => r[5] === 1)
        .sort((a, b) => Number(a[0]) - Number(b[0]))
        .map((r) => (r[1] === -2 || r[2] === null ? null : String(r[2])));
      const text = indexSql.get(lower(String(name)));
      indexes.push({
        name: String(name),
        unique: unique === 1,
        origin: origin === 'u' || origin === 'pk' ? origin : 'c',
        partial: partial === 1,
        columns: cols,
        ...(text !== undefined ? { sql: text } : {}),
      });
    }
    tables.set(key, { name: o.name, kind: shadow ? 'shadow' : 'table', withoutRowid, columns, indexes, sql });
  }
  const count = (t: SchemaObject['type']) => objects.filter((o) => o.type === t).length;
  return {
    objects,
    tables,
    unsafeNames,
    counts: {
      tables: count('table') - virtualTables,
      indexes: count('index'),
      views: count('view'),
      triggers: count('trigger'),
      virtualTables,
    },
  };
}

/** Does some index of `table` (or its rowid) serve lookups by `columns`, as a leftmost prefix? */
export function findServingIndex(table: CatalogTable, columns: readonly string[]): CatalogIndex | undefined {
  const want = columns.map(lower);
  return table.indexes.find((index) => {
    if (index.partial || index.columns.length < want.length) return false;
    return want.every((c, i) => index.columns[i] !== null && lower(index.columns[i]!) === c);
  });
}
