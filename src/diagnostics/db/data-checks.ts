/**
 * The data checks of a profile: SELECTs written in the registry by maintainers, each row a fault.
 * Before one runs, every name it mentions is compared with the file's schema, so that it can
 * never read a view, a virtual table or a generated column the file defines.
 */
import type { DbProfile, Localized } from '../../registry/schema.ts';
import type { Catalog } from './catalog.ts';
import { classifyError, type StatementRunner } from './engine.ts';
import { finding, sqlCommand } from './findings.ts';
import type { DbFinding } from './report.ts';

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

/** Run one data check: count its rows and keep the first few as `column = value` samples. */
export function runDataCheck(run: StatementRunner, sql: string, samples: number): { count: number; samples: string[] } | { error: string } {
  try {
    const { columns, rows, count } = run(sql.trim().replace(/;\s*$/, ''), samples);
    return { count, samples: rows.map((row) => row.slice(0, 4).map((v, i) => `${columns[i]} = ${formatValue(v)}`).join(', ')) };
  } catch (error) {
    return { error: classifyError(error).message };
  }
}

export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Uint8Array) return `<blob ${v.length} bytes>`;
  const s = String(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}


/** Run each data check that may run; a fault is one finding with the check's own code. */
export function dataCheckFindings(run: StatementRunner, catalog: Catalog, checks: readonly DbProfile['checks'][number][], missingTables: ReadonlySet<string>, file: string, samples = 5): DbFinding[] {
  const findings: DbFinding[] = [];
  for (const check of checks) {
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
    const result = runDataCheck(run, check.sql, samples);
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
      command: sqlCommand(file, `${check.sql.trim().replace(/;?\s*$/, '')};`),
    });
  }
  return findings;
}
