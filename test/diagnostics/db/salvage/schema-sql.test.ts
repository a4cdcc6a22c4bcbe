/** CREATE statements from sqlite_schema: parsed, never run; written again with quoted names. */
import { describe, expect, it } from 'vitest';
import {
  createIndexSql, createTableSql, parseCreateIndex, parseCreateTable, repairCreateTable, rowidAlias, statementKind,
} from '../../../../src/diagnostics/db/salvage/schema-sql.ts';
import { tokenize } from '../../../../src/diagnostics/db/salvage/sql-tokens.ts';

const table = (sql: string) => {
  const p = parseCreateTable(sql);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};

describe('CREATE TABLE', () => {
  it('reads columns, types, keys and options, and writes them back quoted', () => {
    const def = table('CREATE TABLE IF NOT EXISTS main."my ""t""" (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(20) NOT NULL UNIQUE COLLATE NOCASE, n DEFAULT -5, [x y] TEXT DEFAULT \'it\'\'s\', FOREIGN KEY (n) REFERENCES other(id) ON DELETE CASCADE)');
    expect(def.name).toBe('my "t"');
    expect(def.columns.map((c) => [c.name, c.type, c.affinity])).toEqual([['id', 'INTEGER', 'INTEGER'], ['name', 'VARCHAR(20)', 'TEXT'], ['n', '', 'BLOB'], ['x y', 'TEXT', 'TEXT']]);
    expect(rowidAlias(def)).toBe(0);
    expect(createTableSql(def)).toBe('CREATE TABLE "my ""t""" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" VARCHAR(20) NOT NULL UNIQUE COLLATE NOCASE, "n" DEFAULT (-5), "x y" TEXT DEFAULT \'it\'\'s\', FOREIGN KEY ("n") REFERENCES "other"("id") ON DELETE CASCADE)');
  });

  it('WITHOUT ROWID and STRICT, and the rowid alias rules', () => {
    const w = table('CREATE TABLE s (a INT, b TEXT, PRIMARY KEY (b, a)) WITHOUT ROWID, STRICT');
    expect([w.withoutRowid, w.strict, rowidAlias(w)]).toEqual([true, true, -1]);
    expect(rowidAlias(table('CREATE TABLE t (id INTEGER PRIMARY KEY DESC)'))).toBe(-1);
    expect(rowidAlias(table('CREATE TABLE t (id INTEGER, PRIMARY KEY (id DESC))'))).toBe(0);
    expect(rowidAlias(table('CREATE TABLE t (id INT PRIMARY KEY)'))).toBe(-1);
  });

  it('leaves out what would run code, and says so', () => {
    const def = table("CREATE TABLE c (x INTEGER CHECK (x > 0 AND load_extension('evil')), y DEFAULT (randomblob(1000000000)), z AS (x * 2) VIRTUAL, w COLLATE app_locale, CHECK (length(y) < 9))");
    const sql = createTableSql(def);
    expect(sql).toBe('CREATE TABLE "c" ("x" INTEGER, "y", "w")');
    expect(def.dropped).toEqual(['CHECK on x', 'DEFAULT expression on y', 'generated column z (virtual)', 'COLLATE app_locale', 'CHECK constraint']);
  });

  it.each([
    'CREATE TABLE t (a); DROP TABLE users',
    'CREATE TABLE t AS SELECT * FROM users',
    "CREATE TABLE t (a) ; ATTACH 'x' AS y",
    'CREATE TABLE t (a',
    'CREATE VIEW t AS SELECT 1',
    'CREATE TABLE t (a "unterminated)',
  ])('refuses %j', (sql) => {
    expect(parseCreateTable(sql).ok).toBe(false);
  });

  it('a damaged statement: the columns that survive', () => {
    expect(repairCreateTable('CREATE TABLX events (user_id INTEGER, kind TEXT, amount REAL, payload BLOB)', 'events')?.columns.map((c) => c.name)).toEqual(['user_id', 'kind', 'amount', 'payload']);
    const r = repairCreateTable('CREATE TABLE t (id INTEGER PRIMARY KEY, na\u0001me TEXT, x', 't')!;
    expect(r.columns.map((c) => c.name)).toEqual(['id', 'na', 'x']);
    expect(rowidAlias(r)).toBe(0);
    expect(repairCreateTable('garbage without parentheses', 't')).toBeNull();
  });
});

describe('CREATE INDEX', () => {
  it('plain columns are rebuilt; expressions and partial indexes are not', () => {
    const p = parseCreateIndex('CREATE UNIQUE INDEX "i" ON t (a COLLATE NOCASE DESC, "b c")');
    expect(p.ok && createIndexSql(p.value)).toBe('CREATE UNIQUE INDEX "i" ON "t" ("a" COLLATE NOCASE DESC, "b c")');
    expect(parseCreateIndex('CREATE INDEX i ON t (abs(a))')).toMatchObject({ ok: false, error: 'an index on an expression' });
    expect(parseCreateIndex('CREATE INDEX i ON t (a) WHERE a > 0')).toMatchObject({ ok: false, error: 'a partial index (WHERE …)' });
    expect(parseCreateIndex('CREATE INDEX i ON t (a); DROP TABLE t').ok).toBe(false);
  });
});

describe('tokens', () => {
  it('quotes, comments, blobs and numbers as SQLite reads them', () => {
    expect(tokenize("a 'it''s' \"q\"\"\" [b c] `d` x'0A' 1.5e3 -- gone\n/* gone */ ?1").map((t) => [t.kind, t.value])).toEqual([
      ['word', 'A'], ['string', "it's"], ['quoted', 'q"'], ['quoted', 'b c'], ['quoted', 'd'], ['blob', '0A'], ['number', '1.5e3'], ['variable', '?1'],
    ]);
  });

  it('kinds of statement', () => {
    expect(['CREATE TEMP VIEW v AS SELECT 1', 'create virtual table f using fts5(x)', 'CREATE UNIQUE INDEX i ON t(a)', 'DROP TABLE t'].map(statementKind)).toEqual(['view', 'virtual-table', 'index', null]);
  });
});
