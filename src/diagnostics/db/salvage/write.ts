/**
 * The new database, written with sql.js. The only SQL it runs is its own: CREATE statements
 * written by `schema-sql.ts` from parsed definitions, INSERTs with every value bound as a
 * parameter, and the views and triggers of the old schema only when SQLite itself reads each
 * as exactly one statement of that kind. Values keep their storage class: a real with no
 * fraction stays real, a 64-bit integer stays an integer, text that is not valid UTF-8 keeps its
 * bytes.
 */
import type { Database, SqlJsStatic, Statement } from 'sql.js';
import { KIND, type Int64, type Row, type SqlValue, type TextEncoding } from './format.ts';
import { createIndexSql, createTableSql, statementKind } from './schema-sql.ts';
import type { IndexModel, TableModel } from './schema.ts';
import { quoteName, tokenize } from './sql-tokens.ts';

export interface OutputSettings {
  /** Expected size of the new file; its in-memory file is allocated at this size at once. */
  sizeHint?: number;
  pageSize: number;
  encoding: TextEncoding;
  userVersion: number;
  applicationId: number;
  autoVacuum: 'none' | 'full' | 'incremental';
}

type Insert = 'written' | 'duplicate' | string;

interface Target {
  table: string;
  /** Column names for record fields, in field order. */
  columns: string[];
  /** Name to write the rowid to, when the table keeps one that is not a column. */
  rowidName?: string;
  /** Field whose value is the rowid (the rowid alias). */
  aliasField: number;
  statements: Map<string, Statement>;
}

/** How one value is handed to SQLite so that it is stored as it was. */
function bindCode(value: SqlValue, kind: number): string {
  if (kind === KIND.integer) return typeof value === 'number' && value === (value | 0) ? 'p' : 'i';
  if (kind === KIND.real) return Number.isInteger(value) ? 'r' : 'p';
  if (kind === KIND.text && value instanceof Uint8Array) return 't';
  return 'p';
}

/** A value as sql.js binds it: 64-bit integers go as text, cast back by the statement. */
type Bound = null | number | string | Uint8Array;

function bindValue(value: SqlValue, code: string): Bound {
  if (code === 'i' || typeof value === 'bigint') return String(value);
  return value;
}

const placeholder = (code: string) => (code === 'i' ? 'CAST(? AS INTEGER)' : code === 'r' ? 'CAST(? AS REAL)' : code === 't' ? 'CAST(? AS TEXT)' : '?');

export class OutputDatabase {
  readonly db: Database;
  #targets = new Map<TableModel | string, Target>();
  #open = true;

  constructor(sql: SqlJsStatic, settings: OutputSettings) {
    const enc = settings.encoding === 'UTF-8' ? 'UTF-8' : settings.encoding === 'UTF-16le' ? 'UTF-16le' : 'UTF-16be';
    const empty = new sql.Database();
    empty.run(`PRAGMA encoding = '${enc}'`);
    empty.run(`PRAGMA page_size = ${Number(settings.pageSize) | 0}`);
    empty.run(`PRAGMA auto_vacuum = ${settings.autoVacuum === 'full' ? 1 : settings.autoVacuum === 'incremental' ? 2 : 0}`);
    empty.run(`PRAGMA user_version = ${settings.userVersion | 0}`);
    empty.run(`PRAGMA application_id = ${settings.applicationId | 0}`);
    empty.run('CREATE TABLE t (x); DROP TABLE t');
    const image = empty.export();
    empty.close();
    // sql.js keeps the file in an array it grows by an eighth at a time, copying it each time:
    // start it at the expected size instead. The header's page count tells SQLite where the
    // database ends; `finish` cuts the file there.
    const hint = Math.min(Math.max(image.length, settings.sizeHint ?? 0), 1 << 30);
    const start = new Uint8Array(hint);
    start.set(image);
    this.db = new sql.Database(start);
    this.db.run('PRAGMA foreign_keys = OFF');
    // The file lives in memory until it is exported: no journal, and pages written once, at COMMIT.
    this.db.run('PRAGMA journal_mode = OFF');
    this.db.run('PRAGMA synchronous = OFF');
    this.db.run('PRAGMA cache_size = -65536');
    this.db.run('BEGIN');
  }

  /** Create a table from its model; returns SQLite's error when it refuses. */
  createTable(model: TableModel): string | null {
    const sql = createTableSql(model.def, model.name);
    try {
      this.db.run(sql);
    } catch (error) {
      return (error as Error).message;
    }
    const columns = model.fieldColumns.map((i) => model.def.columns[i]!.name);
    const lower = new Set(model.def.columns.map((c) => c.name.toLowerCase()));
    const rowidName = model.withoutRowid || model.rowidAlias >= 0 ? undefined : ['rowid', '_rowid_', 'oid'].find((n) => !lower.has(n));
    const aliasField = model.rowidAlias >= 0 ? model.fieldColumns.indexOf(model.rowidAlias) : -1;
    this.#targets.set(model, { table: model.name, columns, ...(rowidName ? { rowidName } : {}), aliasField, statements: new Map() });
    return null;
  }

  /** Create the lost_and_found table with `fields` value columns, named as SQLite's .recover names them. */
  createLostAndFound(name: string, fields: number): void {
    const cols = ['rootpgno INTEGER', 'pgno INTEGER', 'nfield INTEGER', 'id INTEGER', ...Array.from({ length: fields }, (_, i) => `c${i}`)];
    this.db.run(`CREATE TABLE ${quoteName(name)} (${cols.join(', ')})`);
    this.#targets.set(name, { table: name, columns: ['rootpgno', 'pgno', 'nfield', 'id', ...Array.from({ length: fields }, (_, i) => `c${i}`)], aliasField: -1, statements: new Map() });
  }

  /** Names already used in the new database (case folded). */
  names(): Set<string> {
    const out = new Set<string>();
    for (const row of this.db.exec('SELECT name FROM sqlite_schema')[0]?.values ?? []) out.add(String(row[0]).toLowerCase());
    return out;
  }

  #statement(target: Target, withRowid: boolean, codes: string[]): Statement {
    let key = withRowid ? 'r' : '';
    for (let i = 0; i < codes.length; i++) key += codes[i];
    let st = target.statements.get(key);
    if (!st) {
      if (target.statements.size >= 64) {
        for (const s of target.statements.values()) s.free();
        target.statements.clear();
      }
      const names: string[] = [];
      const marks: string[] = [];
      if (withRowid) {
        names.push(quoteName(target.rowidName!));
        marks.push('CAST(? AS INTEGER)');
      }
      codes.forEach((code, i) => {
        names.push(quoteName(target.columns[i]!));
        marks.push(placeholder(code));
      });
      const cols = names.length ? `(${names.join(', ')}) VALUES (${marks.join(', ')})` : 'DEFAULT VALUES';
      st = this.db.prepare(`INSERT OR IGNORE INTO ${quoteName(target.table)} ${cols}`);
      target.statements.set(key, st);
    }
    return st;
  }

  /** Insert one recovered row; `duplicate` when a key or UNIQUE constraint already holds an equal row. */
  insert(model: TableModel, row: Row, rowid: Int64 | undefined): Insert {
    const target = this.#targets.get(model)!;
    const n = Math.min(row.values.length, target.columns.length);
    const values: Bound[] = [];
    const codes: string[] = [];
    for (let i = 0; i < n; i++) {
      if (i === target.aliasField && rowid !== undefined) {
        codes.push('i');
        values.push(String(rowid));
        continue;
      }
      const code = bindCode(row.values[i]!, row.kinds[i]!);
      codes.push(code);
      values.push(bindValue(row.values[i]!, code));
    }
    if (target.aliasField >= n && rowid !== undefined) {
      // A short record still has its rowid alias.
      for (let i = n; i <= target.aliasField; i++) {
        codes.push(i === target.aliasField ? 'i' : 'p');
        values.push(i === target.aliasField ? String(rowid) : null);
      }
    }
    const withRowid = target.rowidName !== undefined && rowid !== undefined;
    const st = this.#statement(target, withRowid, codes);
    try {
      st.bind(withRowid ? [String(rowid), ...values] : values);
      st.step();
      st.reset();
    } catch (error) {
      st.reset();
      return (error as Error).message;
    }
    return this.db.getRowsModified() > 0 ? 'written' : 'duplicate';
  }

  insertLostAndFound(name: string, root: number, pgno: number, row: Row, rowid: Int64 | undefined): void {
    const target = this.#targets.get(name)!;
    const fields = Math.min(row.values.length, target.columns.length - 4);
    const codes = ['p', 'p', 'p', rowid === undefined ? 'p' : 'i'];
    const values: Bound[] = [root, pgno, row.values.length, rowid === undefined ? null : String(rowid)];
    for (let i = 0; i < fields; i++) {
      const code = bindCode(row.values[i]!, row.kinds[i]!);
      codes.push(code);
      values.push(bindValue(row.values[i]!, code));
    }
    const st = this.#statement(target, false, codes);
    st.bind(values);
    st.step();
    st.reset();
  }

  /** Raise sqlite_sequence to the counters the old database had. */
  restoreSequences(rows: { name: string; seq: Int64 }[]): void {
    if (!this.names().has('sqlite_sequence')) return;
    const update = this.db.prepare('UPDATE sqlite_sequence SET seq = max(seq, CAST(? AS INTEGER)) WHERE name = ?');
    const insert = this.db.prepare('INSERT INTO sqlite_sequence (name, seq) SELECT ?, CAST(? AS INTEGER) WHERE EXISTS (SELECT 1 FROM sqlite_schema WHERE type = \'table\' AND name = ?)');
    try {
      for (const r of rows) {
        update.run([String(r.seq), r.name]);
        if (this.db.getRowsModified() === 0) insert.run([r.name, String(r.seq), r.name]);
      }
    } finally {
      update.free();
      insert.free();
    }
  }

  /** Rebuild an index on the recovered rows; returns SQLite's error when it refuses. */
  createIndex(model: IndexModel, name: string, table: string): string | null {
    try {
      this.db.run(createIndexSql(model.def!, name, table));
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }

  /**
   * Copy a view or trigger: SQLite must read the text as exactly one statement, and that
   * statement must create a view or trigger in the main schema. Returns why not, or null.
   */
  copyStatement(sql: string, kind: 'view' | 'trigger'): string | null {
    if (statementKind(sql) !== kind) return `not a CREATE ${kind.toUpperCase()} statement`;
    const words = tokenize(sql.slice(0, 200)).map((t) => t.value);
    if (words[1] === 'TEMP' || words[1] === 'TEMPORARY') return 'a temporary object';
    let it: ReturnType<Database['iterateStatements']> | undefined;
    try {
      it = this.db.iterateStatements(sql);
      const first = it.next();
      if (first.done) return 'no statement';
      const rest = it.getRemainingSQL();
      if (tokenize(rest).length > 0) {
        first.value.free();
        return 'more than one statement';
      }
      first.value.step();
      first.value.free();
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }

  /** Commit, check the new file with quick_check, and return its bytes. */
  finish(): { bytes: Uint8Array; quickCheck: string[] } {
    for (const t of this.#targets.values()) for (const s of t.statements.values()) s.free();
    this.#targets.clear();
    this.db.run('COMMIT');
    this.#open = false;
    const quickCheck = (this.db.exec('PRAGMA quick_check')[0]?.values ?? []).map((r) => String(r[0]));
    const pages = Number(this.db.exec('PRAGMA page_count')[0]?.values[0]?.[0] ?? 0);
    const size = Number(this.db.exec('PRAGMA page_size')[0]?.values[0]?.[0] ?? 0);
    const exported = this.db.export();
    const bytes = pages * size > 0 && pages * size < exported.length ? exported.subarray(0, pages * size) : exported;
    this.db.close();
    return { bytes, quickCheck };
  }

  close(): void {
    if (this.#open) {
      for (const t of this.#targets.values()) for (const s of t.statements.values()) s.free();
      this.db.close();
      this.#open = false;
    }
  }
}
