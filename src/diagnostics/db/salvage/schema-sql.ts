/**
 * CREATE TABLE and CREATE INDEX statements from sqlite_schema, parsed into plain values and
 * written out again by this module alone: names quoted, defaults only as literals, types only as
 * words. What cannot be re-written safely (CHECK and generated-column expressions, expression
 * and partial indexes, collations SQLite does not know) is left out and named, so nothing from
 * the file is ever handed to SQLite as SQL.
 *
 * A statement too damaged to parse strictly can still be read tolerantly: the column names and
 * types that survive, checked later against the rows themselves.
 */
import { quoteName, quoteString, tokenize, type Token } from './sql-tokens.ts';

export type Affinity = 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC';

export interface ColumnDef {
  name: string;
  /** The declared type as words, e.g. `VARCHAR(20)`; empty when none. */
  type: string;
  affinity: Affinity;
  primaryKey?: { desc: boolean; autoincrement: boolean; conflict?: string };
  notNull?: { conflict?: string };
  unique?: { conflict?: string };
  /** A literal, as SQL text. */
  defaultValue?: string;
  collate?: string;
  references?: string;
  /** Generated columns: `virtual` ones are not stored in the record. */
  generated?: 'virtual' | 'stored';
}

export interface IndexedColumn {
  name: string;
  collate?: string;
  desc: boolean;
}

export interface TableDef {
  name: string;
  columns: ColumnDef[];
  primaryKey?: { columns: IndexedColumn[]; conflict?: string };
  uniques: { columns: IndexedColumn[]; conflict?: string }[];
  /** FOREIGN KEY clauses, re-written. */
  foreignKeys: string[];
  withoutRowid: boolean;
  strict: boolean;
  /** What the original statement had that the new one leaves out. */
  dropped: string[];
  /** Read tolerantly from a damaged statement. */
  repaired: boolean;
}

export interface IndexDef {
  name: string;
  table: string;
  unique: boolean;
  columns: IndexedColumn[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const BUILTIN_COLLATIONS = new Set(['BINARY', 'NOCASE', 'RTRIM']);
const CONFLICT = new Set(['ROLLBACK', 'ABORT', 'FAIL', 'IGNORE', 'REPLACE']);
const COLUMN_STOP = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS']);
const TABLE_CONSTRAINT = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

/** Affinity of a declared type, by SQLite's rules (https://www.sqlite.org/datatype3.html). */
export function affinityOf(type: string): Affinity {
  const t = type.toUpperCase();
  if (t.includes('INT')) return 'INTEGER';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'TEXT';
  if (t.includes('BLOB') || t.trim() === '') return 'BLOB';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

class Cursor {
  i = 0;
  readonly tokens: Token[];
  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }
  peek(k = 0): Token | undefined {
    return this.tokens[this.i + k];
  }
  done(): boolean {
    return this.i >= this.tokens.length;
  }
  /** Is the next token the word (or punctuation) `w`? */
  is(w: string, k = 0): boolean {
    const t = this.peek(k);
    return !!t && (t.kind === 'word' || t.kind === 'punct') && t.value === w;
  }
  eat(w: string): boolean {
    if (!this.is(w)) return false;
    this.i++;
    return true;
  }
  expect(w: string): void {
    if (!this.eat(w)) throw new ParseError(`expected ${w}${this.peek() ? ` near "${this.peek()!.text.slice(0, 20)}"` : ' at the end'}`);
  }
  name(): string {
    const t = this.peek();
    if (!t || (t.kind !== 'word' && t.kind !== 'quoted' && t.kind !== 'string')) throw new ParseError(`expected a name${t ? ` near "${t.text.slice(0, 20)}"` : ' at the end'}`);
    this.i++;
    return t.kind === 'word' ? t.text : t.value;
  }
  /** Skip a balanced parenthesised group, the "(" included. */
  skipGroup(): void {
    this.expect('(');
    let depth = 1;
    while (depth > 0) {
      const t = this.peek();
      if (!t) throw new ParseError('unbalanced parentheses');
      if (t.kind === 'bad') throw new ParseError(`unreadable text "${t.text.slice(0, 20)}"`);
      this.i++;
      if (t.kind === 'punct' && t.value === '(') depth++;
      else if (t.kind === 'punct' && t.value === ')') depth--;
    }
  }
}

class ParseError extends Error {}

function conflictClause(c: Cursor): string | undefined {
  if (!c.is('ON') || !c.is('CONFLICT', 1)) return undefined;
  c.i += 2;
  const t = c.peek();
  if (!t || !CONFLICT.has(t.value) || t.kind !== 'word') throw new ParseError('expected a conflict resolution');
  c.i++;
  return t.value;
}

/** A literal default: a number (signed), string, blob, NULL, TRUE, FALSE or a CURRENT_* word. */
function literal(c: Cursor): string | undefined {
  const start = c.i;
  let sign = '';
  if (c.is('+') || c.is('-')) {
    sign = c.peek()!.value === '-' ? '-' : '';
    c.i++;
  }
  const t = c.peek();
  if (!t) {
    c.i = start;
    return undefined;
  }
  if (t.kind === 'number') {
    c.i++;
    return `${sign}${t.text.replace(/_/g, '')}`;
  }
  if (sign) {
    c.i = start;
    return undefined;
  }
  if (t.kind === 'string') {
    c.i++;
    return quoteString(t.value);
  }
  if (t.kind === 'blob') {
    c.i++;
    return `X'${t.value}'`;
  }
  if (t.kind === 'word' && ['NULL', 'TRUE', 'FALSE', 'CURRENT_TIME', 'CURRENT_DATE', 'CURRENT_TIMESTAMP'].includes(t.value)) {
    c.i++;
    return t.value;
  }
  return undefined;
}

function collation(c: Cursor, dropped: string[]): string | undefined {
  const name = c.name();
  if (BUILTIN_COLLATIONS.has(name.toUpperCase())) return name.toUpperCase();
  dropped.push(`COLLATE ${name}`);
  return undefined;
}

function indexedColumns(c: Cursor, dropped: string[]): IndexedColumn[] {
  c.expect('(');
  const out: IndexedColumn[] = [];
  do {
    const col: IndexedColumn = { name: c.name(), desc: false };
    if (c.eat('COLLATE')) col.collate = collation(c, dropped);
    if (c.eat('DESC')) col.desc = true;
    else c.eat('ASC');
    out.push(col);
  } while (c.eat(','));
  c.expect(')');
  return out;
}

function foreignKeyClause(c: Cursor): string {
  c.expect('REFERENCES');
  let text = `REFERENCES ${quoteName(c.name())}`;
  if (c.is('(')) {
    c.i++;
    const cols: string[] = [];
    do cols.push(quoteName(c.name()));
    while (c.eat(','));
    c.expect(')');
    text += `(${cols.join(', ')})`;
  }
  for (;;) {
    if (c.is('ON') && (c.is('DELETE', 1) || c.is('UPDATE', 1))) {
      const what = c.peek(1)!.value;
      c.i += 2;
      let action: string;
      if (c.eat('SET')) {
        if (c.eat('NULL')) action = 'SET NULL';
        else {
          c.expect('DEFAULT');
          action = 'SET DEFAULT';
        }
      } else if (c.eat('CASCADE')) action = 'CASCADE';
      else if (c.eat('RESTRICT')) action = 'RESTRICT';
      else {
        c.expect('NO');
        c.expect('ACTION');
        action = 'NO ACTION';
      }
      text += ` ON ${what} ${action}`;
    } else if (c.eat('MATCH')) {
      const m = c.name();
      if (!/^[A-Za-z]+$/.test(m)) throw new ParseError('unexpected MATCH');
      text += ` MATCH ${m.toUpperCase()}`;
    } else if (c.is('NOT') && c.is('DEFERRABLE', 1)) {
      c.i += 2;
      text += ' NOT DEFERRABLE';
      text += deferral(c);
    } else if (c.eat('DEFERRABLE')) {
      text += ' DEFERRABLE';
      text += deferral(c);
    } else return text;
  }
}

function deferral(c: Cursor): string {
  if (!c.eat('INITIALLY')) return '';
  if (c.eat('DEFERRED')) return ' INITIALLY DEFERRED';
  c.expect('IMMEDIATE');
  return ' INITIALLY IMMEDIATE';
}

function typeName(c: Cursor): string {
  const words: string[] = [];
  let plain = true;
  for (;;) {
    const t = c.peek();
    if (!t) break;
    if (t.kind === 'word' && !COLUMN_STOP.has(t.value)) words.push(t.text);
    else if (t.kind === 'quoted' || t.kind === 'string') {
      words.push(t.value);
      plain = false;
    } else break;
    c.i++;
  }
  let size = '';
  if (words.length > 0 && c.is('(')) {
    c.i++;
    const nums: string[] = [];
    do {
      const n = literal(c);
      if (n === undefined || !/^-?[0-9.]+$/.test(n)) throw new ParseError('expected a number in the type');
      nums.push(n);
    } while (c.eat(','));
    c.expect(')');
    if (nums.length > 2) throw new ParseError('too many numbers in the type');
    size = `(${nums.join(',')})`;
  }
  const text = words.join(' ');
  if (!plain || !words.every((w) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(w))) {
    // Keep what the type means to SQLite, in a word it reads the same way.
    const a = affinityOf(text);
    return a === 'BLOB' ? (text.trim() ? 'BLOB' : '') : a;
  }
  return text + size;
}

function columnDef(c: Cursor, dropped: string[]): ColumnDef {
  const name = c.name();
  const type = typeName(c);
  const col: ColumnDef = { name, type, affinity: affinityOf(type) };
  for (;;) {
    if (c.eat('CONSTRAINT')) c.name();
    if (c.is('PRIMARY')) {
      c.i++;
      c.expect('KEY');
      const desc = c.eat('DESC');
      if (!desc) c.eat('ASC');
      const conflict = conflictClause(c);
      const autoincrement = c.eat('AUTOINCREMENT');
      col.primaryKey = { desc, autoincrement, ...(conflict ? { conflict } : {}) };
    } else if (c.is('NOT') && c.is('NULL', 1)) {
      c.i += 2;
      const conflict = conflictClause(c);
      col.notNull = conflict ? { conflict } : {};
    } else if (c.eat('NULL')) {
      conflictClause(c);
    } else if (c.eat('UNIQUE')) {
      const conflict = conflictClause(c);
      col.unique = conflict ? { conflict } : {};
    } else if (c.eat('CHECK')) {
      c.skipGroup();
      dropped.push(`CHECK on ${name}`);
    } else if (c.eat('DEFAULT')) {
      if (c.is('(')) {
        const start = c.i;
        c.i++;
        const lit = literal(c);
        if (lit !== undefined && c.eat(')')) col.defaultValue = lit;
        else {
          c.i = start;
          c.skipGroup();
          dropped.push(`DEFAULT expression on ${name}`);
        }
      } else {
        const lit = literal(c);
        if (lit !== undefined) col.defaultValue = lit;
        else {
          const t = c.peek();
          if (!t || (t.kind !== 'word' && t.kind !== 'quoted')) throw new ParseError('expected a default value');
          c.i++;
          col.defaultValue = quoteString(t.kind === 'word' ? t.text : t.value);
        }
      }
    } else if (c.eat('COLLATE')) {
      col.collate = collation(c, dropped);
    } else if (c.is('REFERENCES')) {
      col.references = foreignKeyClause(c);
    } else if (c.is('GENERATED') || c.is('AS')) {
      if (c.eat('GENERATED')) c.expect('ALWAYS');
      c.expect('AS');
      c.skipGroup();
      col.generated = c.eat('STORED') ? 'stored' : (c.eat('VIRTUAL'), 'virtual');
      dropped.push(`generated column ${name} (${col.generated})`);
    } else return col;
  }
}

function tableConstraint(c: Cursor, def: TableDef): void {
  if (c.eat('CONSTRAINT')) c.name();
  if (c.eat('PRIMARY')) {
    c.expect('KEY');
    const columns = indexedColumns(c, def.dropped);
    const conflict = conflictClause(c);
    def.primaryKey = { columns, ...(conflict ? { conflict } : {}) };
  } else if (c.eat('UNIQUE')) {
    const columns = indexedColumns(c, def.dropped);
    const conflict = conflictClause(c);
    def.uniques.push({ columns, ...(conflict ? { conflict } : {}) });
  } else if (c.eat('CHECK')) {
    c.skipGroup();
    def.dropped.push('CHECK constraint');
  } else if (c.eat('FOREIGN')) {
    c.expect('KEY');
    c.expect('(');
    const cols: string[] = [];
    do cols.push(quoteName(c.name()));
    while (c.eat(','));
    c.expect(')');
    def.foreignKeys.push(`FOREIGN KEY (${cols.join(', ')}) ${foreignKeyClause(c)}`);
  } else throw new ParseError(`unexpected "${c.peek()?.text.slice(0, 20) ?? 'end'}"`);
}

function tableHead(c: Cursor): string {
  c.expect('CREATE');
  if (!c.eat('TEMP')) c.eat('TEMPORARY');
  c.expect('TABLE');
  if (c.is('IF')) {
    c.i++;
    c.expect('NOT');
    c.expect('EXISTS');
  }
  let name = c.name();
  if (c.eat('.')) name = c.name();
  return name;
}

/** Parse a CREATE TABLE statement strictly. */
export function parseCreateTable(sql: string): Parsed<TableDef> {
  const tokens = tokenize(sql);
  const bad = tokens.find((t) => t.kind === 'bad');
  if (bad) return { ok: false, error: `unreadable text "${bad.text.slice(0, 20)}"` };
  const c = new Cursor(tokens);
  try {
    const name = tableHead(c);
    const def: TableDef = { name, columns: [], uniques: [], foreignKeys: [], withoutRowid: false, strict: false, dropped: [], repaired: false };
    if (c.is('AS')) throw new ParseError('CREATE TABLE … AS SELECT is not a stored table definition');
    c.expect('(');
    do {
      if (c.peek()?.kind === 'word' && TABLE_CONSTRAINT.has(c.peek()!.value) && !(c.is('PRIMARY') && !c.is('KEY', 1)) && def.columns.length > 0) tableConstraint(c, def);
      else if (def.uniques.length || def.primaryKey || def.foreignKeys.length || def.dropped.includes('CHECK constraint')) throw new ParseError('a column after a table constraint');
      else def.columns.push(columnDef(c, def.dropped));
    } while (c.eat(','));
    c.expect(')');
    while (!c.done()) {
      if (c.eat('WITHOUT')) {
        const w = c.name();
        if (w.toUpperCase() !== 'ROWID') throw new ParseError('expected WITHOUT ROWID');
        def.withoutRowid = true;
      } else if (c.eat('STRICT')) def.strict = true;
      else if (c.eat(';') && c.done()) break;
      else throw new ParseError(`unexpected "${c.peek()!.text.slice(0, 20)}" after the column list`);
      if (!c.done() && !c.eat(',') && !c.is(';')) throw new ParseError('expected , between table options');
    }
    if (def.columns.length === 0) throw new ParseError('no columns');
    return { ok: true, value: def };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, error: error.message };
    throw error;
  }
}

/**
 * Read what survives of a damaged CREATE TABLE: the parts of its column list split at commas,
 * each column's name and type (and whether it says INTEGER PRIMARY KEY), table constraints
 * where they still parse. Returns null when no column name can be read.
 */
export function repairCreateTable(sql: string, name: string): TableDef | null {
  const tokens = tokenize(sql).filter((t) => t.kind !== 'bad');
  const open = tokens.findIndex((t) => t.kind === 'punct' && t.value === '(');
  if (open < 0) return null;
  const parts: Token[][] = [[]];
  let depth = 0;
  let end = tokens.length;
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && t.value === '(') depth++;
    if (t.kind === 'punct' && t.value === ')') {
      if (depth === 0) {
        end = i;
        break;
      }
      depth--;
    }
    if (depth === 0 && t.kind === 'punct' && t.value === ',') parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  const def: TableDef = { name, columns: [], uniques: [], foreignKeys: [], withoutRowid: false, strict: false, dropped: [], repaired: true };
  for (const part of parts) {
    const first = part[0];
    if (!first) continue;
    if (first.kind === 'word' && TABLE_CONSTRAINT.has(first.value) && !(first.value === 'PRIMARY' && part[1]?.value !== 'KEY')) {
      try {
        tableConstraint(new Cursor(part), def);
      } catch {
        def.dropped.push('a damaged table constraint');
      }
      continue;
    }
    if (first.kind !== 'word' && first.kind !== 'quoted' && first.kind !== 'string') continue;
    const strict = new Cursor(part);
    const dropped: string[] = [];
    try {
      const col = columnDef(strict, dropped);
      if (strict.done()) {
        def.columns.push(col);
        def.dropped.push(...dropped);
        continue;
      }
    } catch {
      // fall through to the looser reading
    }
    const c = new Cursor(part);
    const colName = c.name();
    let type = '';
    try {
      type = typeName(c);
    } catch {
      type = '';
    }
    const words = part.map((t) => t.value);
    const pk = words.findIndex((w, i) => w === 'PRIMARY' && words[i + 1] === 'KEY');
    const col: ColumnDef = { name: colName, type, affinity: affinityOf(type) };
    if (pk >= 0) col.primaryKey = { desc: words[pk + 2] === 'DESC', autoincrement: words.includes('AUTOINCREMENT') };
    def.columns.push(col);
  }
  const tail = tokens.slice(end + 1).map((t) => t.value);
  if (tail.includes('WITHOUT') && tail.includes('ROWID')) def.withoutRowid = true;
  return def.columns.length > 0 ? def : null;
}

/** Primary key columns of a table, in key order. */
export function primaryKeyColumns(def: TableDef): IndexedColumn[] {
  if (def.primaryKey) return def.primaryKey.columns;
  const col = def.columns.find((x) => x.primaryKey);
  return col ? [{ name: col.name, desc: col.primaryKey!.desc }] : [];
}

/**
 * The column that is an alias of the rowid (INTEGER PRIMARY KEY), or -1. As in SQLite, a
 * column constraint `INTEGER PRIMARY KEY DESC` makes no alias; a table constraint does.
 */
export function rowidAlias(def: TableDef): number {
  if (def.withoutRowid) return -1;
  const pk = primaryKeyColumns(def);
  if (pk.length !== 1) return -1;
  const i = def.columns.findIndex((x) => x.name.toLowerCase() === pk[0]!.name.toLowerCase());
  if (i < 0 || def.columns[i]!.type.toUpperCase() !== 'INTEGER') return -1;
  if (!def.primaryKey && def.columns[i]!.primaryKey?.desc) return -1;
  return i;
}

/** The CREATE TABLE statement for the new database, written from the parsed definition. */
export function createTableSql(def: TableDef, name = def.name): string {
  const parts: string[] = [];
  for (const col of def.columns) {
    if (col.generated === 'virtual') continue;
    let s = quoteName(col.name);
    if (col.type) s += ` ${col.type}`;
    if (col.primaryKey) {
      s += ` PRIMARY KEY${col.primaryKey.desc ? ' DESC' : ''}`;
      if (col.primaryKey.conflict) s += ` ON CONFLICT ${col.primaryKey.conflict}`;
      if (col.primaryKey.autoincrement) s += ' AUTOINCREMENT';
    }
    if (col.notNull) s += ` NOT NULL${col.notNull.conflict ? ` ON CONFLICT ${col.notNull.conflict}` : ''}`;
    if (col.unique) s += ` UNIQUE${col.unique.conflict ? ` ON CONFLICT ${col.unique.conflict}` : ''}`;
    if (col.defaultValue !== undefined) s += ` DEFAULT ${/^[A-Z_]+$|^'|^X'/.test(col.defaultValue) ? col.defaultValue : `(${col.defaultValue})`}`;
    if (col.collate) s += ` COLLATE ${col.collate}`;
    if (col.references) s += ` ${col.references}`;
    parts.push(s);
  }
  const cols = (list: IndexedColumn[]) => list.map((x) => `${quoteName(x.name)}${x.collate ? ` COLLATE ${x.collate}` : ''}${x.desc ? ' DESC' : ''}`).join(', ');
  if (def.primaryKey) parts.push(`PRIMARY KEY (${cols(def.primaryKey.columns)})${def.primaryKey.conflict ? ` ON CONFLICT ${def.primaryKey.conflict}` : ''}`);
  for (const u of def.uniques) parts.push(`UNIQUE (${cols(u.columns)})${u.conflict ? ` ON CONFLICT ${u.conflict}` : ''}`);
  parts.push(...def.foreignKeys);
  const options = [def.withoutRowid ? 'WITHOUT ROWID' : '', def.strict ? 'STRICT' : ''].filter(Boolean).join(', ');
  return `CREATE TABLE ${quoteName(name)} (${parts.join(', ')})${options ? ` ${options}` : ''}`;
}

/** Parse a CREATE INDEX on plain columns; expression and partial indexes are refused. */
export function parseCreateIndex(sql: string): Parsed<IndexDef> {
  const tokens = tokenize(sql);
  if (tokens.some((t) => t.kind === 'bad')) return { ok: false, error: 'unreadable text' };
  const c = new Cursor(tokens);
  try {
    c.expect('CREATE');
    const unique = c.eat('UNIQUE');
    c.expect('INDEX');
    if (c.is('IF')) {
      c.i++;
      c.expect('NOT');
      c.expect('EXISTS');
    }
    let name = c.name();
    if (c.eat('.')) name = c.name();
    c.expect('ON');
    const table = c.name();
    c.expect('(');
    const columns: IndexedColumn[] = [];
    const dropped: string[] = [];
    do {
      const col: IndexedColumn = { name: c.name(), desc: false };
      if (c.is('(') || c.is('.') || (c.peek()?.kind === 'punct' && !c.is(',') && !c.is(')'))) throw new ParseError('an index on an expression');
      if (c.eat('COLLATE')) {
        col.collate = collation(c, dropped);
        if (dropped.length) throw new ParseError(`an index with the collation ${dropped[0]!.slice(8)}`);
      }
      if (c.eat('DESC')) col.desc = true;
      else c.eat('ASC');
      columns.push(col);
    } while (c.eat(','));
    c.expect(')');
    if (c.is('WHERE')) throw new ParseError('a partial index (WHERE …)');
    c.eat(';');
    if (!c.done()) throw new ParseError(`unexpected "${c.peek()!.text.slice(0, 20)}"`);
    return { ok: true, value: { name, table, unique, columns } };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, error: error.message };
    throw error;
  }
}

export function createIndexSql(def: IndexDef, name = def.name, table = def.table): string {
  const cols = def.columns.map((x) => `${quoteName(x.name)}${x.collate ? ` COLLATE ${x.collate}` : ''}${x.desc ? ' DESC' : ''}`).join(', ');
  return `CREATE ${def.unique ? 'UNIQUE ' : ''}INDEX ${quoteName(name)} ON ${quoteName(table)} (${cols})`;
}

/** The kind of statement a schema text starts with: `CREATE [TEMP] VIEW` -> `view`, and so on. */
export function statementKind(sql: string): 'table' | 'virtual-table' | 'index' | 'view' | 'trigger' | null {
  const w = tokenize(sql.slice(0, 200)).slice(0, 4).map((t) => t.value);
  if (w[0] !== 'CREATE') return null;
  const rest = w[1] === 'TEMP' || w[1] === 'TEMPORARY' ? w.slice(2) : w.slice(1);
  if (rest[0] === 'TABLE') return 'table';
  if (rest[0] === 'VIRTUAL' && rest[1] === 'TABLE') return 'virtual-table';
  if (rest[0] === 'INDEX' || (rest[0] === 'UNIQUE' && rest[1] === 'INDEX')) return 'index';
  if (rest[0] === 'VIEW') return 'view';
  if (rest[0] === 'TRIGGER') return 'trigger';
  return null;
}
