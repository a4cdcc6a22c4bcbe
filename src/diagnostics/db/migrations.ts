/**
 * The migrations rule of a profile (`migrations` in db-profiles.yaml): the table where the
 * system records the migrations it applied, compared with itself and with `PRAGMA user_version`.
 *
 * The table is the one the profile names, or else the ordinary table whose name contains
 * "migration" and which has one of the profile's version columns. A version is read from an
 * integer or from the leading digits of a text (`003`, `003_create_government_tables.sql`).
 * Findings: a gap in a sequentially numbered history, a number recorded twice, no record table
 * while `user_version` says migrations ran, and a `user_version` other than the highest version.
 */
import type { DbMigrations } from '../../registry/schema.ts';
import type { Catalog, CatalogTable } from './catalog.ts';
import { classifyError, quoteId, type StatementRunner } from './engine.ts';
import { both, finding, sqlCommand } from './findings.ts';
import type { DbFinding } from './report.ts';
import { sqliteCommand } from '../shell-quote.ts';

/** Most records read; a migration history is short, a table this long is something else. */
export const MAX_MIGRATION_ROWS = 10_000;

/** The record table and its version column, if the file has them. */
export function findMigrationTable(catalog: Catalog, spec: DbMigrations): { table: CatalogTable; column: string } | undefined {
  const candidates = spec.table
    ? [catalog.tables.get(spec.table.toLowerCase())]
    : [...catalog.tables.values()].filter((t) => t.name.toLowerCase().includes('migration'));
  for (const want of spec.versionColumns) {
    for (const table of candidates) {
      if (!table || table.kind !== 'table') continue;
      const column = table.columns.find((c) => c.name.toLowerCase() === want.toLowerCase() && c.kind !== 'generated');
      if (column) return { table, column: column.name };
    }
  }
  return undefined;
}

/** A version number from a stored value, or undefined when it holds none. */
export function versionOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string') {
    const m = /^\s*v?(\d{1,9})(?!\d)/i.exec(value);
    return m ? Number(m[1]) : undefined;
  }
  return undefined;
}

/** `1-3, 5, 7-9` */
export function ranges(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

const pad = (n: number) => String(n).padStart(3, '0');

export function migrationFindings(run: StatementRunner, catalog: Catalog, spec: DbMigrations, userVersion: number | undefined, file: string): DbFinding[] {
  const found = findMigrationTable(catalog, spec);
  const uv = spec.userVersion ? userVersion : undefined;
  if (!found) {
    if (uv === undefined || uv <= 0) return [];
    return [finding('migration-state', 'warning', {
      'zh-TW': `PRAGMA user_version 是 ${uv}，表示已套用過遷移，但找不到記錄遷移的資料表（名稱含 migration、且有 ${spec.versionColumns.join(' 或 ')} 欄位）：遷移工具會以為什麼都沒套用而重新執行。`,
      en: `PRAGMA user_version is ${uv}, so migrations were applied, but no table records them (a table named like "migration" with a ${spec.versionColumns.join(' or ')} column): the migration tool will think none was applied and run them again.`,
    }, [`user_version: ${uv}`, `tables: ${[...catalog.tables.values()].map((t) => t.name).slice(0, 12).join(', ') || 'none'}`],
    { lang: 'bash', code: sqliteCommand(file, '.tables') })];
  }
  const { table, column } = found;
  const t = quoteId(table.name);
  const c = quoteId(column);
  const versions: number[] = [];
  let rows = 0;
  let unreadable = 0;
  try {
    const result = run(`SELECT ${c} FROM ${t} LIMIT ${MAX_MIGRATION_ROWS + 1}`, 0, (row) => {
      const v = versionOf(row[0]);
      if (v === undefined) unreadable++;
      else versions.push(v);
    });
    rows = result.count;
  } catch (error) {
    const message = classifyError(error).message;
    return [finding('migration-state', 'warning', both(`${table.name}: ${message}`), [message])];
  }
  const show = sqlCommand(file, `SELECT * FROM ${t} ORDER BY ${c} DESC LIMIT 10;`);
  const where = `${table.name}.${column}`;
  if (rows === 0) {
    return [finding('migration-state', 'warning', {
      'zh-TW': `遷移紀錄表「${table.name}」是空的：沒有任何已套用的遷移紀錄${uv ? `，但 user_version 是 ${uv}` : ''}。`,
      en: `The migrations table "${table.name}" is empty: no migration is recorded as applied${uv ? `, yet user_version is ${uv}` : ''}.`,
    }, [`${where}: 0 rows`, ...(uv !== undefined ? [`user_version: ${uv}`] : [])], show)];
  }
  const findings: DbFinding[] = [];
  const highest = versions.length > 0 ? Math.max(...versions) : undefined;
  const counts = new Map<number, number>();
  for (const v of versions) counts.set(v, (counts.get(v) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1).map(([v]) => v);
  const evidence = [`${where}: ${rows > MAX_MIGRATION_ROWS ? `more than ${MAX_MIGRATION_ROWS}` : rows} rows, versions ${ranges(versions) || 'none'}${unreadable > 0 ? `, ${unreadable} without a number` : ''}`];

  if (spec.sequential && highest !== undefined && rows <= MAX_MIGRATION_ROWS) {
    const missing: number[] = [];
    for (let v = 1; v < highest && missing.length < 1000; v++) if (!counts.has(v)) missing.push(v);
    if (missing.length > 0) {
      findings.push(finding('migration-state', 'warning', {
        'zh-TW': `遷移紀錄有缺口：最高版本是 ${pad(highest)}，但 ${missing.map(pad).join('、')} 沒有紀錄。這些遷移可能沒有執行（或執行了卻沒有記錄），資料庫結構可能缺少它們建立的部分。`,
        en: `The migration history has gaps: the highest version is ${pad(highest)}, but ${missing.map(pad).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not recorded. ${missing.length === 1 ? 'That migration' : 'Those migrations'} may never have run (or ran unrecorded), and the schema may lack what ${missing.length === 1 ? 'it creates' : 'they create'}.`,
      }, [...evidence, `missing: ${ranges(missing)}`], show));
    }
  }
  if (twice.length > 0) {
    findings.push(finding('migration-state', 'warning', {
      'zh-TW': `遷移 ${twice.map(pad).join('、')} 被記錄了不只一次：曾被重複執行或手動標記，結構可能被套用兩次。`,
      en: `Migration${twice.length === 1 ? '' : 's'} ${twice.map(pad).join(', ')} ${twice.length === 1 ? 'is' : 'are'} recorded more than once: run twice or marked by hand, so the schema change may have been applied twice.`,
    }, [...evidence, `recorded twice: ${ranges(twice)}`], show));
  }
  if (uv !== undefined && uv > 0 && highest !== undefined && uv !== highest) {
    findings.push(finding('migration-state', 'warning', {
      'zh-TW': `PRAGMA user_version 是 ${uv}，但遷移紀錄的最高版本是 ${pad(highest)}：兩者應該一致。${uv > highest ? '結構可能被更新版本的程式修改過，或紀錄遺失。' : '有遷移套用了卻沒有更新 user_version，或中途失敗。'}`,
      en: `PRAGMA user_version is ${uv}, but the highest recorded migration is ${pad(highest)}; they should agree. ${uv > highest ? 'A newer version of the code changed the schema, or records were lost.' : 'A migration was applied without updating user_version, or failed halfway.'}`,
    }, [...evidence, `user_version: ${uv}`], show));
  }
  if (findings.length === 0) {
    findings.push(finding('migration-state', 'info', {
      'zh-TW': `已記錄 ${rows} 個遷移${highest !== undefined ? `，最新版本為 ${pad(highest)}` : ''}。`,
      en: `${rows} migration${rows === 1 ? '' : 's'} recorded${highest !== undefined ? `; the latest is ${pad(highest)}` : ''}.`,
    }, evidence, show));
  }
  return findings;
}
