/**
 * Database profiles (content/registry/db-profiles.yaml): which one a database is, and what it
 * lacks or holds wrongly compared with it: tables, columns and indexes here; the data checks
 * (`data-checks.ts`), the vectors rule (`vectors.ts`) and the migrations rule (`migrations.ts`)
 * each in their own module.
 */
import type { DbProfile } from '../../registry/schema.ts';
import { findServingIndex, type Catalog, type CatalogTable } from './catalog.ts';
import { quoteId, type StatementRunner } from './engine.ts';
import { sqliteCommand } from '../shell-quote.ts';
import { dataCheckFindings } from './data-checks.ts';
import { finding, sqlCommand } from './findings.ts';
import { migrationFindings } from './migrations.ts';
import type { DbFinding } from './report.ts';
import { vectorFindings } from './vectors.ts';

export interface Detection {
  profile: DbProfile;
  /** Share of the profile's `detect` tables present (0..1). */
  score: number;
  matched: number;
  /** Identifying tables the file lacks. */
  missing: string[];
  /**
   * `tables`: enough identifying tables are present; `name`: some are, with the columns the
   * profile lists for them, and the file has the name the system gives its database.
   */
  by: 'tables' | 'name';
}

/** Share of `detect` tables a database must have for its profile to be recognised by its tables alone. */
export const DETECT_THRESHOLD = 0.5;

/** The last part of a path, lower-cased (either separator). */
export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
}

/**
 * The profile the database belongs to. By its tables: the profile whose identifying tables it
 * has most of, at least half of them and at least two (all of them when the profile names
 * fewer), so one common name such as `messages` is not enough. Failing that, by its name: a file
 * named as the system names its database (`memory.db`) that has at least one identifying table
 * with every column the profile lists for it, as an application's database has when some of its
 * tables were never created or were lost.
 */
export function detectProfile(profiles: readonly DbProfile[], catalog: Catalog, fileName = ''): Detection | undefined {
  let best: Detection | undefined;
  let byName: Detection | undefined;
  const base = baseName(fileName);
  for (const profile of profiles) {
    const present = profile.detect.filter((t) => catalog.tables.get(t.toLowerCase())?.kind === 'table');
    const missing = profile.detect.filter((t) => !present.includes(t));
    const matched = present.length;
    const score = matched / profile.detect.length;
    if (score >= DETECT_THRESHOLD && matched >= Math.min(2, profile.detect.length)) {
      if (!best || score > best.score || (score === best.score && matched > best.matched)) best = { profile, score, matched, missing, by: 'tables' };
      continue;
    }
    if (matched === 0 || base === '' || base !== baseName(profile.path)) continue;
    const shaped = present.filter((name) => {
      const table = catalog.tables.get(name.toLowerCase())!;
      const spec = profile.tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
      return !!spec && spec.columns.length > 0 && spec.columns.every((c) => table.columns.some((x) => x.name.toLowerCase() === c.name.toLowerCase()));
    });
    if (shaped.length > 0 && (!byName || score > byName.score)) byName = { profile, score, matched, missing, by: 'name' };
  }
  return best ?? byName;
}

/** Every code a profile's findings can carry besides the checker's own. */
export function profileCodes(profile: DbProfile): string[] {
  return [
    ...profile.checks.map((c) => c.code),
    ...(profile.vectors ? [profile.vectors.lengthCode, profile.vectors.mixedCode, profile.vectors.dimensionCode] : []),
  ];
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

export interface ProfileCheckOptions {
  fileName: string;
  /** Sample rows kept per data check. */
  samples?: number;
  /** `PRAGMA user_version` from the file's header. */
  userVersion?: number;
}

/** Compare the database with its profile: tables, columns, indexes, data checks and migrations. */
export function checkProfile(run: StatementRunner, catalog: Catalog, profile: DbProfile, options: ProfileCheckOptions): DbFinding[] {
  const findings: DbFinding[] = [];
  const file = options.fileName;
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
      }, [`${spec.name}: ${table ? 'virtual table' : other!.type}`], { lang: 'bash', code: sqliteCommand(file, `.schema ${spec.name}`) }));
      missingTables.add(spec.name.toLowerCase());
      continue;
    }
    if (!table) {
      missingTables.add(spec.name.toLowerCase());
      if (!spec.required) continue;
      findings.push(finding('missing-table', 'error', {
        'zh-TW': `缺少資料表「${spec.name}」：${profile.name['zh-TW']}需要它。`,
        en: `Table "${spec.name}" is missing; ${profile.name.en} needs it.`,
      }, [`expected table: ${spec.name}`], { lang: 'bash', code: sqliteCommand(file, '.tables') }));
      continue;
    }
    const missingCols = spec.columns.filter((c) => !table.columns.some((x) => x.name.toLowerCase() === c.name.toLowerCase()));
    if (missingCols.length > 0) {
      const list = missingCols.map((c) => c.name).join(', ');
      findings.push(finding('missing-column', 'error', {
        'zh-TW': `資料表「${table.name}」缺少欄位：${list}。`,
        en: `Table "${table.name}" lacks column${missingCols.length > 1 ? 's' : ''}: ${list}.`,
      }, [`columns present: ${table.columns.map((c) => c.name).join(', ')}`], sqlCommand(file, `PRAGMA table_info(${quoteId(table.name)});`)));
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
    sqlCommand(file, `CREATE INDEX IF NOT EXISTS ${quoteId(name)} ON ${quoteId(spec.table)}(${cols});`)));
  }

  findings.push(...dataCheckFindings(run, catalog, profile.checks, missingTables, file, options.samples));
  if (profile.vectors) findings.push(...vectorFindings(run, catalog, profile.vectors, file));
  if (profile.migrations) findings.push(...migrationFindings(run, catalog, profile.migrations, options.userVersion, file));
  return findings;
}

