/**
 * Database profiles (content/registry/db-profiles.yaml): which one a database is, and what it
 * lacks or holds wrongly compared with it. The data checks are SQL written in the registry by
 * maintainers; before one runs, every name it mentions is compared with the file's schema so
 * that it can never read a view or a generated column the file defines.
 */
import type { DbProfile, Localized } from '../../registry/schema.ts';
import { findServingIndex, type Catalog, type CatalogTable } from './catalog.ts';
import { classifyError, quoteId, type StatementRunner } from './engine.ts';
import { both, finding, shellQuote } from './findings.ts';
import type { DbFinding } from './report.ts';

export interface Detection {
  profile: DbProfile;
  /** Share of the profile's `detect` tables present (0..1). */
  score: number;
  matched: number;
}

/** Share of `detect` tables a database must have for its profile to be recognised. */
export const DETECT_THRESHOLD = 0.5;

/**
 * The profile whose identifying tables the database has most of: at least half of them, and
 * at least two (all of them when the profile names fewer), so one common name such as
 * `messages` is not enough.
 */
export function detectProfile(profiles: readonly DbProfile[], catalog: Catalog): Detection | undefined {
  let best: Detection | undefined;
  for (const profile of profiles) {
    const matched = profile.detect.filter((t) => catalog.tables.get(t.toLowerCase())?.kind === 'table').length;
    const score = matched / profile.detect.length;
    if (score < DETECT_THRESHOLD || matched < Math.min(2, profile.detect.length)) continue;
    if (!best || score > best.score || (score === best.score && matched > best.matched)) best = { profile, score, matched };
  }
  return best;
}

/** SQLite's column affinity of a declared type (https://www.sqlite.org/datatype3.html#determination_of_column_affinity). */
export function affinity(type: string): 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC' {
  const t = type.toUpperCase();
  if (t.includes('INT')) return 'INTEGER';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'TEXT';
  if (t.includes('BLOB') || t.trim() === '') return 'BLOB';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

/** Every identifier-like word of a SQL text, lower-cased, with string literals and comments removed. */
export function sqlIdentifiers(sql: string): Set<string> {
  const names = new Set<string>();
  const re = /'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\/|"((?:[^"]|"")*)"|`((?:[^`]|``)*)`|\[([^\]]*)\]|([A-Za-z_][A-Za-z0-9_$]*)/g;
  for (const m of sql.matchAll(re)) {
    const name = m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2] !== undefined ? m[2].replace(/``/g, '`') : m[3] ?? m[4];
    if (name !== undefined) names.add(name.toLowerCase());
  }
  return names;
}

/** Why a data check must not run against this file, or undefined when it may. */
export function refuseCheck(sql: string, catalog: Catalog): Localized | undefined {
  const trimmed = sql.trim().replace(/;\s*$/, '');
  if (!/^(SELECT|WITH)\b/i.test(trimmed) || /;/.test(trimmed.replace(/'(?:[^']|'')*'/g, ''))) {
    return {
      'zh-TW': '檢查的 SQL 不是單一的 SELECT 陳述式，因此不執行。',
      en: 'The check is not a single SELECT statement, so it is not run.',
    };
  }
  const names = sqlIdentifiers(trimmed);
  for (const name of names) {
    if (catalog.unsafeNames.has(name)) {
      const view = catalog.objects.some((o) => o.type === 'view' && o.name.toLowerCase() === name);
      return {
        'zh-TW': `檔案中的「${name}」是${view ? '檢視（view）' : '虛擬資料表'}，不是一般資料表；讀取它會執行檔案自帶的 SQL，因此不執行這項檢查。`,
        en: `"${name}" is a ${view ? 'view' : 'virtual table'} in this file, not an ordinary table; reading it would run SQL that came with the file, so the check is not run.`,
      };
    }
  }
  for (const table of catalog.tables.values()) {
    if (!names.has(table.name.toLowerCase())) continue;
    const generated = table.columns.find((c) => c.kind === 'generated' && names.has(c.name.toLowerCase()));
    if (generated) {
      return {
        'zh-TW': `「${table.name}.${generated.name}」在檔案中是產生欄位（generated column），讀取它會計算檔案自帶的運算式，因此不執行這項檢查。`,
        en: `"${table.name}.${generated.name}" is a generated column in this file; reading it would evaluate an expression that came with the file, so the check is not run.`,
      };
    }
  }
  return undefined;
}

export interface ProfileCheckOptions {
  fileName: string;
  /** Sample rows kept per data check. */
  samples?: number;
}

/** Compare the database with its profile: tables, columns, indexes, data checks and migrations. */
export function checkProfile(run: StatementRunner, catalog: Catalog, profile: DbProfile, options: ProfileCheckOptions): DbFinding[] {
  const findings: DbFinding[] = [];
  const file = shellQuote(options.fileName);
  const present = (name: string): CatalogTable | undefined => catalog.tables.get(name.toLowerCase());
  const missingTables = new Set<string>();

  for (const spec of profile.tables) {
    const table = present(spec.name);
    const other = catalog.objects.find((o) => o.type !== 'table' && o.type !== 'trigger' && o.name.toLowerCase() === spec.name.toLowerCase());
    if (table?.kind === 'virtual' || (!table && other)) {
      const what = table ? { zh: '虛擬資料表', en: 'virtual table' } : other!.type === 'view' ? { zh: '檢視（view）', en: 'view' } : { zh: '索引', en: 'index' };
      findings.push(finding('wrong-object-type', 'error', {
        'zh-TW': `${profile.name['zh-TW']}需要一般資料表「${spec.name}」，但檔案中同名的物件是${what.zh}。`,
        en: `${profile.name.en} needs an ordinary table "${spec.name}", but the object of that name in this file is a ${what.en}.`,
      }, [`${spec.name}: ${table ? 'virtual table' : other!.type}`], { lang: 'bash', code: `sqlite3 ${file} ".schema ${spec.name}"` }));
      missingTables.add(spec.name.toLowerCase());
      continue;
    }
    if (!table) {
      missingTables.add(spec.name.toLowerCase());
      if (!spec.required) continue;
      findings.push(finding('missing-table', 'error', {
        'zh-TW': `缺少資料表「${spec.name}」：${profile.name['zh-TW']}需要它。`,
        en: `Table "${spec.name}" is missing; ${profile.name.en} needs it.`,
      }, [`expected table: ${spec.name}`], { lang: 'bash', code: `sqlite3 ${file} ".tables"` }));
      continue;
    }
    const missingCols = spec.columns.filter((c) => !table.columns.some((x) => x.name.toLowerCase() === c.name.toLowerCase()));
    if (missingCols.length > 0) {
      const list = missingCols.map((c) => c.name).join(', ');
      findings.push(finding('missing-column', 'error', {
        'zh-TW': `資料表「${table.name}」缺少欄位：${list}。`,
        en: `Table "${table.name}" lacks column${missingCols.length > 1 ? 's' : ''}: ${list}.`,
      }, [`columns present: ${table.columns.map((c) => c.name).join(', ')}`], { lang: 'sql', code: `PRAGMA table_info(${quoteId(table.name)});` }));
    }
    for (const col of spec.columns) {
      if (!col.type) continue;
      const actual = table.columns.find((x) => x.name.toLowerCase() === col.name.toLowerCase());
      if (!actual || affinity(actual.type) === affinity(col.type)) continue;
      findings.push(finding('column-type', 'info', {
        'zh-TW': `欄位「${table.name}.${actual.name}」宣告為 ${actual.type || '（無型別）'}，預期 ${col.type}；SQLite 會依宣告的型別轉換存入的值。`,
        en: `Column "${table.name}.${actual.name}" is declared ${actual.type || '(no type)'}, expected ${col.type}; SQLite converts stored values by the declared type.`,
      }, [`${table.name}.${actual.name}: ${actual.type || '(none)'} (${affinity(actual.type)}) vs ${col.type} (${affinity(col.type)})`]));
    }
  }

  for (const spec of profile.indexes) {
    const table = present(spec.table);
    if (!table || table.kind !== 'table') continue;
    if (!spec.columns.every((c) => table.columns.some((x) => x.name.toLowerCase() === c.toLowerCase()))) continue;
    if (findServingIndex(table, spec.columns)) continue;
    const name = spec.name ?? `idx_${spec.table}_${spec.columns.join('_')}`;
    const cols = spec.columns.map(quoteId).join(', ');
    const reason = spec.reason;
    findings.push(finding('missing-index', 'warning', {
      'zh-TW': `資料表「${spec.table}」沒有以 (${spec.columns.join(', ')}) 開頭的索引${reason ? `：${reason['zh-TW']}` : '。'}`,
      en: `Table "${spec.table}" has no index starting with (${spec.columns.join(', ')})${reason ? `: ${reason.en}` : '.'}`,
    }, [`indexes on ${table.name}: ${table.indexes.map((i) => `${i.name}(${i.columns.map((c) => c ?? '<expr>').join(', ')})`).join('; ') || 'none'}`],
    { lang: 'sql', code: `CREATE INDEX IF NOT EXISTS ${quoteId(name)} ON ${quoteId(spec.table)}(${cols});` }));
  }

  for (const check of profile.checks) {
    const names = sqlIdentifiers(check.sql);
    const absent = [...missingTables].filter((t) => names.has(t));
    if (absent.length > 0) {
      findings.push(finding('check-skipped', 'info', {
        'zh-TW': `未執行資料檢查「${check.title['zh-TW']}」：缺少資料表 ${absent.join(', ')}。`,
        en: `Data check "${check.title.en}" was not run: table ${absent.join(', ')} is missing.`,
      }, [`check: ${check.id}`]));
      continue;
    }
    const refusal = refuseCheck(check.sql, catalog);
    if (refusal) {
      findings.push(finding('check-skipped', 'warning', {
        'zh-TW': `未執行資料檢查「${check.title['zh-TW']}」：${refusal['zh-TW']}`,
        en: `Data check "${check.title.en}" was not run: ${refusal.en}`,
      }, [`check: ${check.id}`]));
      continue;
    }
    const result = runDataCheck(run, check.sql, options.samples ?? 5);
    if ('error' in result) {
      findings.push(finding('check-skipped', 'warning', {
        'zh-TW': `資料檢查「${check.title['zh-TW']}」無法執行：SQLite 回報「${result.error}」。`,
        en: `Data check "${check.title.en}" could not run: SQLite said "${result.error}".`,
      }, [`check: ${check.id}`, result.error]));
      continue;
    }
    if (result.count === 0) continue;
    findings.push({
      kind: `check:${check.id}`,
      code: check.code,
      severity: check.severity,
      message: {
        'zh-TW': `${check.title['zh-TW']}：${result.count} 筆。`,
        en: `${check.title.en}: ${result.count} row${result.count === 1 ? '' : 's'}.`,
      },
      evidence: [`rows: ${result.count}`, ...result.samples.map((s) => `sample: ${s}`)],
      command: { lang: 'sql', code: `${check.sql.trim().replace(/;?\s*$/, '')};` },
    });
  }

  if (profile.migrations) {
    findings.push(...migrationState(run, catalog, profile, file));
  }
  return findings;
}

/** Run one data check: count its rows and keep the first few as `column = value` samples. */
export function runDataCheck(run: StatementRunner, sql: string, samples: number): { count: number; samples: string[] } | { error: string } {
  try {
    const { columns, rows, count } = run(sql.trim().replace(/;\s*$/, ''), samples);
    return { count, samples: rows.map((row) => row.slice(0, 4).map((v, i) => `${columns[i]} = ${formatValue(v)}`).join(', ')) };
  } catch (error) {
    return { error: classifyError(error).message };
  }
}

function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Uint8Array) return `<blob ${v.length} bytes>`;
  const s = String(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

function migrationState(run: StatementRunner, catalog: Catalog, profile: DbProfile, file: string): DbFinding[] {
  const spec = profile.migrations!;
  const table = catalog.tables.get(spec.table.toLowerCase());
  if (!table || table.kind !== 'table' || !table.columns.some((c) => c.name.toLowerCase() === spec.versionColumn.toLowerCase())) {
    return [finding('migration-state', 'warning', {
      'zh-TW': `找不到遷移紀錄表「${spec.table}」（欄位 ${spec.versionColumn}）：無法得知資料庫套用到哪一版遷移。`,
      en: `The migrations table "${spec.table}" (column ${spec.versionColumn}) is missing, so which migrations were applied is unknown.`,
    }, [`expected: ${spec.table}.${spec.versionColumn}`], { lang: 'bash', code: `sqlite3 ${file} ".tables"` })];
  }
  const col = quoteId(spec.versionColumn);
  let applied: number;
  let latest: string;
  try {
    const row = run(`SELECT count(*), max(${col}) FROM ${quoteId(table.name)}`, 1).rows[0] ?? [0, null];
    applied = Number(row[0]);
    latest = formatValue(row[1]);
  } catch (error) {
    const message = classifyError(error).message;
    return [finding('migration-state', 'warning', both(`${spec.table}: ${message}`), [message])];
  }
  const none = applied === 0;
  return [finding('migration-state', none ? 'warning' : 'info', none
    ? { 'zh-TW': `遷移紀錄表「${spec.table}」是空的：沒有任何已套用的遷移紀錄。`, en: `The migrations table "${spec.table}" is empty: no migration is recorded as applied.` }
    : { 'zh-TW': `已套用 ${applied} 個遷移，最新版本為 ${latest}。`, en: `${applied} migrations applied; the latest is ${latest}.` },
  [`${spec.table}: applied = ${applied}, latest ${spec.versionColumn} = ${latest}`],
  { lang: 'sql', code: `SELECT * FROM ${quoteId(table.name)} ORDER BY ${col} DESC LIMIT 5;` })];
}
