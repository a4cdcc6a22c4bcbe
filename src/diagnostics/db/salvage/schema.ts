/**
 * The schema as it survives: rows of sqlite_schema read from its b-tree (page 1) and, when that
 * tree lost pages, from any other page whose records all have its shape; then one model per
 * table and index: which columns its records' fields fill, which column is the rowid, and where
 * the column names come from (the CREATE statement, what survives of a damaged one, or c0, c1, …).
 */
import { KIND, type Row } from './format.ts';
import {
  affinityOf, parseCreateIndex, parseCreateTable, primaryKeyColumns, repairCreateTable, rowidAlias, statementKind,
  type IndexDef, type TableDef,
} from './schema-sql.ts';
import { fieldMismatch, type FieldRule, type Shape } from './shape.ts';

export interface SchemaRow {
  type: string;
  name: string;
  tableName: string;
  rootpage: number;
  sql: string | null;
  /** Where the row was read. */
  page: number;
  cell: number;
}

const TYPES = new Set(['table', 'index', 'view', 'trigger']);

/** A record with the shape of a sqlite_schema row, or null. */
export function schemaRow(row: Row, page: number, cell: number): SchemaRow | null {
  const { values, kinds } = row;
  if (values.length !== 5) return null;
  if (kinds[0] !== KIND.text || kinds[1] !== KIND.text || kinds[2] !== KIND.text) return null;
  if (kinds[3] !== KIND.integer && kinds[3] !== KIND.null) return null;
  if (kinds[4] !== KIND.text && kinds[4] !== KIND.null) return null;
  const [type, name, tableName, root, sql] = values as [unknown, unknown, unknown, unknown, unknown];
  if (typeof type !== 'string' || typeof name !== 'string' || typeof tableName !== 'string') return null;
  const kind = statementKind(typeof sql === 'string' ? sql : '');
  const known = TYPES.has(type) || (kind !== null && kind !== 'virtual-table');
  if (!known) return null;
  const rootpage = typeof root === 'number' && Number.isInteger(root) && root >= 0 ? root : 0;
  return { type, name, tableName, rootpage, sql: typeof sql === 'string' ? sql : null, page, cell };
}

export type ColumnsFrom = 'schema' | 'repaired' | 'generic';

export interface TableModel {
  /** Name in the new database. */
  name: string;
  /** Name in the file's schema. */
  schemaName: string;
  root: number;
  def: TableDef;
  columnsFrom: ColumnsFrom;
  /** Why the CREATE statement could not be used as it is. */
  sqlError?: string;
  withoutRowid: boolean;
  /** Its b-tree is an index b-tree (WITHOUT ROWID), whatever the new table is. */
  indexTree: boolean;
  /** Column index of the rowid alias, or -1. */
  rowidAlias: number;
  /** Record field -> column index. */
  fieldColumns: number[];
  /** Record field -> what it may hold. */
  rules: FieldRule[];
  /** sqlite_sequence and sqlite_stat*: read, but written differently or not at all. */
  internal?: 'sequence' | 'statistics';
}

export interface IndexModel {
  name: string;
  root: number;
  table: string;
  def?: IndexDef;
  /** Why the index is not rebuilt. */
  unsupported?: string;
  /** The index SQLite makes for a PRIMARY KEY or UNIQUE constraint (no sql). */
  automatic: boolean;
}

/** Fields of a table's records in order: the key columns first for WITHOUT ROWID tables. */
function fieldOrder(def: TableDef): number[] {
  const stored = def.columns.map((_, i) => i).filter((i) => def.columns[i]!.generated !== 'virtual');
  if (!def.withoutRowid) return stored;
  const key: number[] = [];
  for (const k of primaryKeyColumns(def)) {
    const i = def.columns.findIndex((c) => c.name.toLowerCase() === k.name.toLowerCase());
    if (i >= 0 && !key.includes(i)) key.push(i);
  }
  return [...key, ...stored.filter((i) => !key.includes(i))];
}

function rulesOf(def: TableDef, fields: number[], alias: number): FieldRule[] {
  return fields.map((i) => {
    const col = def.columns[i]!;
    const rule: FieldRule = { affinity: col.affinity };
    if (def.strict) rule.strictType = col.type.toUpperCase() || 'ANY';
    if (i === alias) rule.alwaysNull = true;
    return rule;
  });
}

export function tableModel(name: string, schemaName: string, root: number, def: TableDef, columnsFrom: ColumnsFrom, sqlError?: string, indexTree = def.withoutRowid): TableModel {
  const alias = rowidAlias(def);
  const fieldColumns = fieldOrder(def);
  return {
    name, schemaName, root, def, columnsFrom, withoutRowid: def.withoutRowid, indexTree, rowidAlias: alias, fieldColumns,
    rules: rulesOf(def, fieldColumns, alias), ...(sqlError ? { sqlError } : {}),
  };
}

/** A table whose columns are only numbered: c0, c1, … for `fields` fields. */
export function genericDef(name: string, fields: number, withoutRowid: boolean): TableDef {
  const columns = Array.from({ length: Math.max(1, fields) }, (_, i) => ({ name: `c${i}`, type: '', affinity: affinityOf('') }));
  return {
    name, columns, uniques: [], foreignKeys: [], withoutRowid: false, strict: false, repaired: true,
    dropped: withoutRowid ? ['WITHOUT ROWID (the primary key is unknown)'] : [],
  };
}

/**
 * Whether the columns read from a damaged statement fit the rows stored under it: as many
 * columns as the widest record (or more), and every field's values allowed by its column.
 */
export function repairFits(model: TableModel, shape: Shape): boolean {
  if (shape.records === 0) return true;
  if (model.fieldColumns.length < shape.maxFields) return false;
  for (let i = 0; i < shape.maxFields; i++) if (fieldMismatch(shape, i, model.rules[i]!)) return false;
  return true;
}

export interface SchemaPlan {
  tables: TableModel[];
  indexes: IndexModel[];
  /** Views and triggers: copied when SQLite reads them as one statement of their kind. */
  others: SchemaRow[];
  /** Objects not rebuilt, and why. */
  skipped: { name: string; type: string; reason: string }[];
  /** Tables whose CREATE statement needs the rows to decide their columns. */
  needsShape: { row: SchemaRow; error: string }[];
}

/**
 * Sort the schema rows into tables, indexes and the rest. Tables with a damaged CREATE
 * statement are listed in `needsShape`: `resolveDamaged` decides their columns once their rows'
 * shape is known.
 */
export function planSchema(rows: SchemaRow[], pageCount: number): SchemaPlan {
  const plan: SchemaPlan = { tables: [], indexes: [], others: [], skipped: [], needsShape: [] };
  const names = new Set<string>();
  const roots = new Set<number>();
  const unique = (wanted: string) => {
    let name = wanted.replace(/\u0000/g, '_');
    if (/^sqlite_/i.test(name)) name = `recovered_${name}`;
    let n = name;
    for (let k = 2; names.has(n.toLowerCase()); k++) n = `${name}_${k}`;
    names.add(n.toLowerCase());
    return n;
  };
  const seen = new Set<string>();
  for (const row of rows) {
    const key = `${row.type}\u0000${row.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const kind = statementKind(row.sql ?? '') ?? (TYPES.has(row.type) ? (row.type as 'table') : null);
    const rootOk = row.rootpage >= 1 && row.rootpage <= pageCount;
    if (kind === 'virtual-table') {
      plan.skipped.push({ name: row.name, type: 'virtual table', reason: 'virtual table: its module is not re-created; its shadow tables are recovered as plain tables' });
      continue;
    }
    if (kind === 'view' || kind === 'trigger') {
      plan.others.push(row);
      continue;
    }
    if (kind === 'index' || (row.type === 'index' && kind === null)) {
      if (!rootOk) continue;
      if (roots.has(row.rootpage)) continue;
      roots.add(row.rootpage);
      const model: IndexModel = { name: row.name, root: row.rootpage, table: row.tableName, automatic: row.sql === null };
      if (row.sql !== null) {
        const parsed = parseCreateIndex(row.sql);
        if (parsed.ok) model.def = parsed.value;
        else model.unsupported = parsed.error;
      }
      plan.indexes.push(model);
      continue;
    }
    if (kind !== 'table') continue;
    if (roots.has(row.rootpage) && rootOk) {
      plan.skipped.push({ name: row.name, type: 'table', reason: `its root page ${row.rootpage} belongs to another object` });
      continue;
    }
    if (rootOk) roots.add(row.rootpage);
    const lower = row.name.toLowerCase();
    if (lower === 'sqlite_sequence' || /^sqlite_stat\d$/.test(lower)) {
      const parsed = parseCreateTable(row.sql ?? '');
      const def = parsed.ok ? parsed.value : genericDef(row.name, 2, false);
      const model = tableModel(row.name, row.name, row.rootpage, def, 'schema');
      model.internal = lower === 'sqlite_sequence' ? 'sequence' : 'statistics';
      plan.tables.push(model);
      continue;
    }
    const parsed = row.sql === null ? { ok: false as const, error: 'the CREATE statement is missing' } : parseCreateTable(row.sql);
    if (parsed.ok) {
      plan.tables.push(tableModel(unique(row.name), row.name, row.rootpage, parsed.value, 'schema'));
    } else {
      plan.needsShape.push({ row: { ...row, name: unique(row.name) }, error: parsed.error });
    }
  }
  return plan;
}

/**
 * Columns for a table whose CREATE statement is damaged: what survives of the statement when it
 * fits the rows, else numbered columns as wide as the widest row.
 */
export function resolveDamaged(row: SchemaRow, error: string, shape: Shape, indexRoot: boolean, schemaName: string): TableModel {
  const repaired = row.sql ? repairCreateTable(row.sql, row.name) : null;
  if (repaired) {
    if (indexRoot && !repaired.withoutRowid) repaired.withoutRowid = true;
    const model = tableModel(row.name, schemaName, row.rootpage, repaired, 'repaired', error, indexRoot);
    const keyKnown = !repaired.withoutRowid || primaryKeyColumns(repaired).length > 0;
    if (keyKnown && repairFits(model, shape)) return model;
  }
  return tableModel(row.name, schemaName, row.rootpage, genericDef(row.name, shape.maxFields, indexRoot), 'generic', error, indexRoot);
}
