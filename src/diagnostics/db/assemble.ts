/**
 * The last phase: the state as a report. Findings come in a fixed order (by severity, then by
 * slot: file, WAL, integrity, schema, foreign keys, profile), whatever order their phases ran
 * their SQL in, and the verdict says what was and was not established:
 *
 * - `unreadable` / `corrupt`: SQLite's own verdict;
 * - `error` / `warning`: the worst finding;
 * - `unrecognised`: the physical checks passed, but the schema matches no profile, so nothing
 *   about the application's data was checked (never plain "healthy");
 * - `healthy`: a profile matched and every check passed.
 */
import { findPaths } from './physical.ts';
import { finding } from './findings.ts';
import { failureFindings, integrityFindings } from './integrity.ts';
import type { CheckRegistry } from './check.ts';
import type { DbFinding, DbReport, Integrity, Verdict } from './report.ts';
import { FINDING_SLOTS, type CheckState } from './state.ts';

export function assembleReport(state: CheckState): DbReport {
  const { catalog, header, wal, input } = state;
  const unreadable = state.integrity === 'unreadable';
  if (unreadable) {
    // What ran beside SQLite's checks says nothing about a file SQLite could not check.
    state.findings.foreignKeys = [];
    state.findings.profile = [];
    state.checks.foreignKeyCheck = 'skipped';
  }
  const integrity: DbFinding[] = [];
  if (state.failure) integrity.push(...failureFindings(state));
  else {
    if (state.integrity === 'corrupt') integrity.push(...integrityFindings(state.messages, state.name, state.maxMessages));
    if (state.catalogError) {
      integrity.push(finding('check-incomplete', 'warning', {
        'zh-TW': '讀取資料表結構時失敗，因此沒有比對設定檔與外鍵。',
        en: 'Reading the table definitions failed, so the profile and foreign keys were not checked.',
      }, [`SQLite: ${state.catalogError.message}`]));
    }
  }
  state.findings.integrity.unshift(...integrity);

  if (catalog && !unreadable && state.size > 0) {
    const empty = catalog.counts.tables === 0 && catalog.counts.virtualTables === 0;
    if (empty) state.findings.schema.push(noTablesFinding(state.name, catalog.objects.length));
    else if (!state.profile && state.integrity === 'ok') {
      state.findings.schema.push(finding('unknown-schema', 'info', {
        'zh-TW': '這個資料庫不符合任何已知系統的設定檔，只做了實體檢查（完整性、外鍵、檔頭與空頁），應用程式的資料沒有被檢查。若它屬於某個系統，選擇它的設定檔再檢查一次。',
        en: 'This database matches no known system profile, so only the physical checks ran (integrity, foreign keys, header and free pages); the application\'s data was not checked. If it belongs to a system, choose its profile and check again.',
      }, [`tables: ${[...catalog.tables.values()].slice(0, 12).map((t) => t.name).join(', ')}${catalog.tables.size > 12 ? ', …' : ''}`]));
    }
  }

  const all = FINDING_SLOTS.flatMap((slot) => state.findings[slot]);
  if (state.profile) attachSystemCodes(all, state.deps.registry, state.profile.system);
  const sorted = sortFindings(all);
  const detection = state.detection;
  return {
    format: 1,
    file: { name: state.name, size: state.size, kind: state.reading?.kind ?? 'sqlite' },
    wal: wal && input.wal ? {
      name: input.wal.name, size: wal.size, usable: wal.usable, ...(wal.problem ? { problem: wal.problem } : {}), pageSize: wal.pageSize,
      frames: wal.frames, validFrames: wal.validFrames, committedFrames: wal.committedFrames, commits: wal.commits,
      pagesChanged: wal.pagesChanged, dbPages: wal.dbPages, applied: state.walApplied,
    } : null,
    verdict: verdictOf(state.integrity, sorted, !!state.profile, !!catalog && catalog.counts.tables > 0),
    integrity: state.integrity,
    messages: state.messages,
    checks: state.checks,
    profile: state.profile?.id ?? null,
    profileSource: state.profile ? state.profileSource : null,
    ...(detection && state.profile ? { detection: { by: detection.by, matched: detection.matched, of: detection.profile.detect.length, missing: detection.missing } } : {}),
    header: header ?? null,
    schema: catalog?.counts ?? null,
    findings: sorted,
    lazy: state.lazy,
    durationMs: Math.round(state.now() - state.started),
  };
}

/** A database without a single table: almost always SQLite creating a new file at a wrong path. */
function noTablesFinding(file: string, objects: number): DbFinding {
  return finding('no-tables', 'error', {
    'zh-TW': '資料庫裡沒有任何資料表。開啟一個不存在的路徑時，SQLite 會在那裡建立一個新的空資料庫而不報錯；所以這通常是錯誤的路徑或工作目錄，真正的資料庫在別處。找出同名而且有內容的檔案，確認應用程式開啟的是哪一個。',
    en: 'The database has no tables at all. Opening a path that does not exist makes SQLite create a new, empty database there without an error, so this is usually a wrong path or working directory, and the real database is elsewhere. Find the files of this name that have content, and check which one the application opens.',
  }, [`schema objects: ${objects}`], { lang: 'bash', code: findPaths(file) });
}

/**
 * Name, next to each generic finding, the code the profile's own system reports for it. A note
 * (`info`) describes a state, not a failure, so no error code of a system stands for it: a WAL
 * database closed cleanly is not "Database locked".
 */
function attachSystemCodes(findings: DbFinding[], registry: Pick<CheckRegistry, 'errors'>, system: string) {
  const byCode = new Map(registry.errors.map((e) => [e.code, e]));
  for (const f of findings) {
    if (f.severity === 'info') continue;
    const entry = byCode.get(f.code);
    if (!entry || entry.system === system) continue;
    const related = entry.related.find((code) => byCode.get(code)?.system === system);
    if (related) f.systemCode = related;
  }
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function sortFindings(findings: DbFinding[]): DbFinding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

export function verdictOf(integrity: Integrity, findings: readonly DbFinding[], profiled: boolean, hasTables: boolean): Verdict {
  if (integrity === 'unreadable') return 'unreadable';
  if (integrity === 'corrupt') return 'corrupt';
  if (findings.some((f) => f.severity === 'error')) return 'error';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  return profiled || !hasTables ? 'healthy' : 'unrecognised';
}
