/**
 * Hostile databases, made by real SQLite (`node:sqlite`) and written in a few kilobytes each:
 * schemas whose expressions cost any amount of time or memory when SQLite's checks evaluate
 * them, and files that are not what they claim. Nothing large is committed; the tests call
 * `makeHostileDatabases()`, which writes into test/fixtures/generated/hostile-db/ once per run.
 *
 * A schema like these cannot be created with CREATE TABLE and rows inserted after it (each
 * insert would evaluate the expression), so, as an attacker would, the rows are written first
 * and the stored schema text is changed afterwards with `writable_schema`. Every change keeps
 * the stored records valid: CHECK constraints and virtual columns are not stored, and an index's
 * key text is replaced by one of the same shape.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';

export const HOSTILE_DIR = resolve(fileURLToPath(new URL('../fixtures/generated/hostile-db', import.meta.url)));

export interface HostileDatabases {
  dir: string;
  /** A CHECK that builds a 5 MB string for each of 100,000 rows: hours of work, little memory. */
  checkSlow: string;
  /** A CHECK that asks for a 900 MB string: past SQLite's heap limit at the first row. */
  checkHuge: string;
  /** A partial index whose WHERE clause builds a 5 MB string for every row (true for each, so the index is complete). */
  indexSlow: string;
  /** A NOT NULL virtual column computed from a 5 MB string for every row: even quick_check evaluates it. */
  generatedSlow: string;
  /** An honest database with CHECK constraints and an expression index, to show they are checked in full. */
  honestChecks: string;
}

/** Bump when a fixture changes. */
const VERSION = 2;

function fresh(path: string): DatabaseSync {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
  return new DatabaseSync(path, { enableForeignKeyConstraints: false });
}

/** Rows first, then the stored CREATE statement of `name` replaced by `sql`. */
function withSchema(path: string, rows: number, index: string | undefined, rewrites: Record<string, string>): void {
  const db = fresh(path);
  db.exec('PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER NOT NULL)');
  if (index) db.exec(index);
  db.exec('BEGIN');
  const insert = db.prepare('INSERT INTO t (x) VALUES (?)');
  for (let i = 0; i < rows; i++) insert.run(i % 97);
  db.exec('COMMIT');
  db.close();
  const edit = new DatabaseSync(path, { defensive: false } as ConstructorParameters<typeof DatabaseSync>[1]);
  edit.exec('PRAGMA writable_schema = ON');
  const update = edit.prepare('UPDATE sqlite_schema SET sql = ? WHERE name = ?');
  for (const [name, sql] of Object.entries(rewrites)) update.run(sql, name);
  // A new schema cookie, so that SQLite reads the changed schema.
  const cookie = Number((edit.prepare('PRAGMA schema_version').get() as { schema_version: number }).schema_version);
  edit.exec(`PRAGMA schema_version = ${cookie + 1}`);
  edit.exec('PRAGMA writable_schema = OFF');
  edit.close();
}

function build(dir: string): HostileDatabases {
  mkdirSync(dir, { recursive: true });
  const out = paths(dir);
  withSchema(out.checkSlow, 100_000, undefined, {
    t: "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER NOT NULL CHECK (length(printf('%.*c', 5000000 + x, 'x')) > 0))",
  });
  withSchema(out.checkHuge, 10, undefined, {
    t: "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER NOT NULL, CONSTRAINT huge CHECK (length(printf('%.*c', 900000000 + x, 'x')) > 0))",
  });
  withSchema(out.indexSlow, 100_000, 'CREATE INDEX t_key ON t (x)', {
    t_key: "CREATE INDEX t_key ON t (x) WHERE length(printf('%.*c', 5000000 + x, 'x')) > 0",
  });
  withSchema(out.generatedSlow, 100_000, undefined, {
    t: "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER NOT NULL, g INTEGER NOT NULL AS (length(printf('%.*c', 5000000 + x, 'x'))) VIRTUAL)",
  });
  const honest = fresh(out.honestChecks);
  honest.exec(`
    CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT NOT NULL CHECK (length(owner) BETWEEN 1 AND 64), balance INTEGER NOT NULL CHECK (balance >= 0));
    CREATE INDEX accounts_owner ON accounts (lower(owner));
    CREATE INDEX accounts_rich ON accounts (balance) WHERE balance > 1000;
  `);
  honest.exec('BEGIN');
  const ins = honest.prepare('INSERT INTO accounts (owner, balance) VALUES (?, ?)');
  for (let i = 0; i < 2000; i++) ins.run(`Owner ${i}`, (i * 37) % 5000);
  honest.exec('COMMIT');
  honest.close();
  return out;
}

const NAMES = {
  checkSlow: 'check-slow.db', checkHuge: 'check-huge.db', indexSlow: 'index-slow.db', generatedSlow: 'generated-slow.db', honestChecks: 'honest-checks.db',
} as const;

function paths(dir: string): HostileDatabases {
  return { dir, ...Object.fromEntries(Object.entries(NAMES).map(([k, v]) => [k, join(dir, v)])) } as HostileDatabases;
}

/** Every hostile database, built once per version into `dir` (aside, then moved in whole). */
export function makeHostileDatabases(dir = HOSTILE_DIR): HostileDatabases {
  const manifest = join(dir, 'hostile.json');
  const current = () => existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { version: number }).version === VERSION;
  if (current()) return paths(dir);
  const staging = `${dir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  build(staging);
  writeFileSync(join(staging, 'hostile.json'), JSON.stringify({ version: VERSION }));
  try {
    renameSync(staging, dir);
  } catch {
    if (current()) rmSync(staging, { recursive: true, force: true });
    else {
      rmSync(dir, { recursive: true, force: true });
      renameSync(staging, dir);
    }
  }
  return paths(dir);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = makeHostileDatabases(process.argv[2] ? resolve(process.argv[2]) : HOSTILE_DIR);
  process.stdout.write(`${JSON.stringify(files, null, 1)}\n`);
}
