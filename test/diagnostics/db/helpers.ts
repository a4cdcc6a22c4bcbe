/** Shared set-up of the database checker's tests: sql.js, the registry and the fixtures, once. */
import { readFileSync } from 'node:fs';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { checkDatabase, type CheckOptions } from '../../../src/diagnostics/db/check.ts';
import type { DbReport } from '../../../src/diagnostics/db/report.ts';
import { memorySource } from '../../../src/diagnostics/db/source.ts';
import { fileSource } from '../../../src/diagnostics/db/node/source-fs.ts';
import { loadRegistry, type Registry } from '../../../src/registry/load.ts';
import { readRegistryFiles } from '../../../src/registry/load-fs.ts';
import { makeDatabases, type Fixtures } from '../../fixtures/db/make-databases.ts';

let sql: Promise<SqlJsStatic> | undefined;
export function loadSql(): Promise<SqlJsStatic> {
  sql ??= initSqlJs({ useOldExtensionFunctions: false } as Parameters<typeof initSqlJs>[0]);
  return sql;
}

let fixtures: Fixtures | undefined;
export function fixturesOnce(): Fixtures {
  fixtures ??= makeDatabases();
  return fixtures;
}

let loaded: Registry | undefined;
/** The registry as the CLI reads it (schema-validated; `npm run check` does the cross-checks). */
export function registry(): Registry {
  if (!loaded) {
    const { registry: r, problems } = loadRegistry(readRegistryFiles());
    if (problems.length > 0) throw new Error(`registry problems: ${problems.map((p) => p.message).join('; ')}`);
    loaded = r;
  }
  return loaded;
}

/** Check a file on disk, read lazily as the CLI does (or from memory with `inMemory`). */
export async function check(path: string, wal?: string, options: CheckOptions & { inMemory?: boolean; lazy?: boolean } = {}): Promise<DbReport> {
  const SQL = await loadSql();
  const open = (p: string) => (options.inMemory ? { ...memorySource(new Uint8Array(readFileSync(p))), close() {} } : fileSource(p, { mode: options.lazy ? 'lazy' : 'auto' }));
  const db = open(path);
  const w = wal ? open(wal) : undefined;
  try {
    const outcome = checkDatabase({ db: { name: path, source: db }, wal: w && wal ? { name: wal, source: w } : undefined }, { sql: SQL, registry: registry() }, options);
    if (!outcome.report) throw new Error(`no report: ${outcome.problems.join('; ')}`);
    return outcome.report;
  } finally {
    db.close();
    w?.close();
  }
}

export const codes = (r: DbReport) => r.findings.map((f) => f.code);
export const byCode = (r: DbReport, code: string) => r.findings.filter((f) => f.code === code);
