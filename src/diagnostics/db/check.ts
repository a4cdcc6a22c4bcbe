/**
 * The database checker's core: a database file (and optionally its WAL) in, a report out.
 *
 * Order: the 100-byte header is read and judged before SQLite opens anything; the WAL is read
 * and its committed frames laid over the file; SQLite (sql.js, injected so the same code runs
 * in Node and in a worker) then runs integrity_check (or quick_check, or both, see `depth`)
 * and foreign_key_check; last,
 * the schema is compared with the database's profile. Nothing the file contains is executed:
 * see `engine.ts` and `profile.ts` for how.
 *
 * The statements after integrity_check (foreign_key_check, the free page count, the profile's
 * data checks) depend on the schema only, so with `deps.offload` another connection to the same
 * image runs them while integrity_check runs, and they are taken from it in their order
 * (`offload.ts`). The report is the same either way.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import type { ErrorWithSystem } from '../../registry/load.ts';
import type { DbProfile } from '../../registry/schema.ts';
import { readCatalog, type Catalog } from './catalog.ts';
import {
  classifyError, DEFAULT_CACHE_KIB, localRunner, missingExtension, openImage, query, quoteId, type SqliteFailure, type StatementRunner,
} from './engine.ts';
import { finding, indexesNamed, recoverCommand, shellQuote, sortIntegrityLines } from './findings.ts';
import { readHeader, type DbHeader, type HeaderReading } from './header.ts';
import { buildImage, walLayer } from './image.ts';
import { offloadRunner, planStatements, type Offloader, type OffloadSession, type PlannedStatement } from './offload.ts';
import { fileKindFindings, freelistFinding, headerFindings, walFindings, walMissingFinding } from './physical.ts';
import { checkProfile, detectProfile } from './profile.ts';
import type { DbFinding, DbReport, Integrity, Verdict } from './report.ts';
import type { ByteSource } from './source.ts';
import { readWal, type WalReading } from './wal.ts';

export interface NamedSource {
  /** File name as the operator knows it (used in messages and suggested commands). */
  name: string;
  source: ByteSource;
}

export interface CheckInput {
  db: NamedSource;
  /** The `-wal` file found beside the database. */
  wal?: NamedSource;
}

export type CheckPhase = 'header' | 'wal' | 'open' | 'schema' | 'quick_check' | 'integrity_check' | 'foreign_key_check' | 'profile' | 'done';

export interface CheckProgress {
  phase: CheckPhase;
  /** Rough share of the work done, 0..1. */
  done: number;
}

export interface CheckOptions {
  /** Profile id chosen by hand; otherwise it is detected from the schema. */
  profile?: string;
  /**
   * `full` (default): integrity_check, which runs every test of quick_check and also compares
   * indexes with their tables and checks UNIQUE constraints; `quick`: quick_check only;
   * `both`: quick_check, then integrity_check (the structural tests run twice).
   */
  depth?: 'quick' | 'full' | 'both';
  /** Most messages integrity_check may return (default 100). */
  maxMessages?: number;
  /** SQLite page cache in KiB, per connection (default `DEFAULT_CACHE_KIB`, 2 MiB). */
  cacheKiB?: number;
  onProgress?: (progress: CheckProgress) => void;
  /** Asked between phases; when it returns true the check stops and reports `cancelled`. */
  isCancelled?: () => boolean;
  /** A clock in milliseconds (default `performance.now`). */
  now?: () => number;
}

/** The parts of the registry the checker reads (the browser passes just these). */
export interface CheckRegistry {
  dbProfiles: DbProfile[];
  errors: Pick<ErrorWithSystem, 'code' | 'system' | 'related'>[];
}

export interface CheckDeps {
  sql: SqlJsStatic;
  registry: CheckRegistry;
  /**
   * Another connection to the same image that runs the checks following integrity_check while
   * integrity_check runs (in Node, a worker thread: see `parallel.ts`). The report is the same
   * with or without it.
   */
  offload?: Offloader;
}

export interface CheckOutcome {
  report?: DbReport;
  /** Why no report could be made (bad options), as plain sentences. */
  problems: string[];
  cancelled?: boolean;
}

const PHASE_DONE: Record<CheckPhase, number> = {
  header: 0, wal: 0.02, open: 0.05, schema: 0.08, quick_check: 0.1, integrity_check: 0.45, foreign_key_check: 0.85, profile: 0.9, done: 1,
};

class Cancelled extends Error {}

export function checkDatabase(input: CheckInput, deps: CheckDeps, options: CheckOptions = {}): CheckOutcome {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let chosen: DbProfile | undefined;
  if (options.profile !== undefined) {
    chosen = deps.registry.dbProfiles.find((p) => p.id === options.profile);
    if (!chosen) {
      const known = deps.registry.dbProfiles.map((p) => p.id).join(', ') || 'none';
      return { problems: [`unknown database profile "${options.profile}" (known: ${known})`] };
    }
  }
  const phase = (p: CheckPhase) => {
    if (options.isCancelled?.()) throw new Cancelled();
    options.onProgress?.({ phase: p, done: PHASE_DONE[p] });
  };
  const closers: (() => void)[] = [];
  try {
    const report = run(input, deps, options, chosen, phase, (close) => closers.push(close));
    report.durationMs = Math.round(now() - started);
    phase('done');
    return { report, problems: [] };
  } catch (error) {
    if (error instanceof Cancelled) return { problems: [], cancelled: true };
    throw error;
  } finally {
    for (const close of closers.reverse()) close();
  }
}

function run(
  input: CheckInput,
  deps: CheckDeps,
  options: CheckOptions,
  chosen: DbProfile | undefined,
  phase: (p: CheckPhase) => void,
  onClose: (close: () => void) => void,
): DbReport {
  const { db: main } = input;
  const size = main.source.size;
  const findings: DbFinding[] = [];
  const maxMessages = Math.max(1, Math.min(10_000, Math.floor(options.maxMessages ?? 100)));
  const depth = options.depth ?? 'full';

  phase('header');
  const reading: HeaderReading = readHeader(main.source.read(0, 4096).slice(), size);
  const header = reading.header;
  findings.push(...fileKindFindings(reading, main.name, size), ...headerFindings(reading, main.name));

  phase('wal');
  let wal: WalReading | undefined;
  let walApplied = false;
  if (input.wal) {
    wal = readWal(input.wal.source, header?.pageSize);
    findings.push(...walFindings(wal, input.wal.name, size === 0, main.name));
    walApplied = wal.usable && wal.commits > 0 && size > 0 && !!header;
  } else if (header?.journalMode === 'wal') {
    findings.push(walMissingFinding(main.name));
  }

  phase('open');
  const image = buildImage(main.source, { wal: walApplied && input.wal ? walLayer(input.wal.source, wal!) : undefined, pageSize: header?.pageSize });
  const opened = openImage(deps.sql, image, { cacheKiB: options.cacheKiB });
  onClose(opened.close);
  const db = opened.db;

  const state = { quickCheck: 'skipped', integrityCheck: 'skipped', foreignKeyCheck: 'skipped' } as DbReport['checks'];
  let integrity: Integrity = 'ok';
  let messages: string[] = [];
  let failure: SqliteFailure | undefined;

  const fail = (f: SqliteFailure) => {
    failure ??= f;
    if (f.kind === 'corrupt') {
      integrity = integrity === 'unreadable' ? integrity : 'corrupt';
    } else integrity = 'unreadable';
    if (messages.length === 0) messages = [f.message];
  };

  phase('schema');
  let catalog: Catalog | undefined;
  let catalogError: SqliteFailure | undefined;
  try {
    catalog = readCatalog(db);
  } catch (error) {
    // The integrity checks below read the schema too and give SQLite's verdict on it.
    catalogError = classifyError(error);
  }

  // The profile depends on the schema alone.
  let profile: DbProfile | undefined = chosen;
  let profileSource: DbReport['profileSource'] = chosen ? 'chosen' : null;
  if (!profile && catalog) {
    const detected = detectProfile(deps.registry.dbProfiles, catalog);
    if (detected) {
      profile = detected.profile;
      profileSource = 'detected';
    }
  }

  // What runs after the integrity checks is known now; another connection may run it meanwhile.
  let session: OffloadSession | undefined;
  let planned: PlannedStatement[] = [];
  if (deps.offload && catalog && opened.lazy) {
    const known = catalog;
    planned = planStatements((run) => {
      foreignKeyFindings(run, known, main.name);
      if (header) freePageCount(run, header);
      if (profile) checkProfile(run, known, profile, { fileName: main.name });
    });
    if (planned.length > 0) {
      session = deps.offload({
        image: { size: image.size, fileSize: size, pageSize: header?.pageSize ?? 0, walPages: walApplied ? wal!.pages : undefined },
        statements: planned,
        cacheKiB: options.cacheKiB ?? DEFAULT_CACHE_KIB,
      });
      if (session) onClose(session.close);
    }
  }

  if (!failure && depth !== 'full') {
    phase('quick_check');
    const lines = pragmaLines(db, `PRAGMA quick_check(${maxMessages})`, fail);
    if (lines) {
      state.quickCheck = isOk(lines) ? 'ok' : 'failed';
      messages = lines;
      if (!isOk(lines)) integrity = 'corrupt';
    } else state.quickCheck = 'error';
  }
  let needs: SqliteFailure | undefined;
  if (!failure && depth !== 'quick') {
    phase('integrity_check');
    // A schema that needs a collation or function only its application defines stops
    // integrity_check; quick_check, which does not compare indexes with their tables, may still run.
    const lines = pragmaLines(db, `PRAGMA integrity_check(${maxMessages})`, (f) => (f.kind === 'extension' ? (needs = f) : fail(f)));
    if (lines) {
      state.integrityCheck = isOk(lines) ? 'ok' : 'failed';
      messages = lines;
      if (!isOk(lines)) integrity = 'corrupt';
    } else state.integrityCheck = 'error';
    if (needs && state.quickCheck === 'skipped') {
      const quick = pragmaLines(db, `PRAGMA quick_check(${maxMessages})`, (f) => (f.kind === 'extension' ? undefined : fail(f)));
      if (quick) {
        state.quickCheck = isOk(quick) ? 'ok' : 'failed';
        messages = quick;
        if (!isOk(quick)) integrity = 'corrupt';
        findings.push(extensionFinding(needs, main.name, true));
      } else if (!failure) {
        state.quickCheck = 'error';
        fail(needs);
      }
    } else if (needs && !failure) {
      findings.push(extensionFinding(needs, main.name, state.quickCheck === 'ok' || state.quickCheck === 'failed'));
    }
  }

  // After a failed check this connection goes on alone, as it would without the other one.
  if (failure) session?.close();
  const runner: StatementRunner = session && !failure ? offloadRunner(session, planned, localRunner(db)) : localRunner(db);

  if (failure) findings.push(...failureFindings(failure, reading, main.name));
  else {
    if (integrity === 'corrupt') findings.push(...integrityFindings(messages, main.name, maxMessages));
    if (catalogError) {
      findings.push(finding('check-incomplete', 'warning', {
        'zh-TW': '讀取資料表結構時失敗，因此沒有比對設定檔與外鍵。',
        en: 'Reading the table definitions failed, so the profile and foreign keys were not checked.',
      }, [`SQLite: ${catalogError.message}`]));
    }
  }

  if (catalog && (integrity as Integrity) !== 'unreadable') {
    phase('foreign_key_check');
    const fk = foreignKeyFindings(runner, catalog, main.name);
    state.foreignKeyCheck = fk.state;
    findings.push(...fk.findings);
    if (header) {
      const fl = freelistFinding(header, freePageCount(runner, header), main.name);
      if (fl) findings.push(fl);
    }
  }

  phase('profile');
  if (profile && catalog) {
    findings.push(...checkProfile(runner, catalog, profile, { fileName: main.name }));
  } else if (!profile && catalog && integrity === 'ok' && catalog.counts.tables > 0) {
    findings.push(finding('unknown-schema', 'info', {
      'zh-TW': '這個資料庫不符合任何已知系統的設定檔，只做了實體檢查（完整性、外鍵、檔頭與空頁）。若它屬於某個系統，可以手動選擇設定檔。',
      en: 'This database matches no known system profile, so only the physical checks ran (integrity, foreign keys, header and free pages). If it belongs to a system, choose its profile by hand.',
    }, [`tables: ${[...catalog.tables.values()].slice(0, 12).map((t) => t.name).join(', ')}${catalog.tables.size > 12 ? ', …' : ''}`]));
  }
  if (profile) attachSystemCodes(findings, deps.registry, profile.system);

  const sorted = sortFindings(findings);
  return {
    format: 1,
    file: { name: main.name, size, kind: reading.kind },
    wal: wal && input.wal ? {
      name: input.wal.name, size: wal.size, usable: wal.usable, ...(wal.problem ? { problem: wal.problem } : {}), pageSize: wal.pageSize,
      frames: wal.frames, validFrames: wal.validFrames, committedFrames: wal.committedFrames, commits: wal.commits,
      pagesChanged: wal.pagesChanged, dbPages: wal.dbPages, applied: walApplied,
    } : null,
    verdict: verdictOf(integrity, sorted),
    integrity,
    messages,
    checks: state,
    profile: profile?.id ?? null,
    profileSource,
    header: header ?? null,
    schema: catalog?.counts ?? null,
    findings: sorted,
    lazy: opened.lazy,
    durationMs: 0,
  };
}

function isOk(lines: readonly string[]): boolean {
  return lines.length === 1 && lines[0] === 'ok';
}

function pragmaLines(db: Database, sql: string, fail: (f: SqliteFailure) => void): string[] | undefined {
  try {
    // One row may hold several messages separated by newlines.
    return query(db, sql).flatMap((r) => String(r[0]).split('\n')).filter((line) => line !== '' && !line.startsWith('*** in database'));
  } catch (error) {
    fail(classifyError(error));
    return undefined;
  }
}

/**
 * The schema needs something only the application that wrote the database defines. With
 * `quickRan`, quick_check stood in for integrity_check; otherwise nothing could be checked.
 */
function extensionFinding(f: SqliteFailure, file: string, quickRan: boolean): DbFinding {
  const what = missingExtension(f.message) ?? f.message;
  const zh = quickRan
    ? `integrity_check 無法執行：資料庫結構用到 ${what}，只有寫入這個資料庫的應用程式才定義它。改為執行 quick_check：它檢查每一頁與每個 B-tree，但不比對索引與資料表的內容。`
    : `無法檢查：資料庫結構用到 ${what}，只有寫入這個資料庫的應用程式才定義它，沒有它 SQLite 無法檢查用到它的資料表。這不代表檔案損壞。`;
  const en = quickRan
    ? `integrity_check could not run: the schema uses ${what}, which only the application that wrote this database defines. quick_check ran instead: it checks every page and b-tree but does not compare indexes with their tables.`
    : `Nothing could be checked: the schema uses ${what}, which only the application that wrote this database defines, and SQLite cannot check the tables that use it without it. This does not mean the file is damaged.`;
  // Where it is used: the objects whose SQL names it (the name is an identifier SQLite printed).
  const name = what.split(' ')[1]?.replace(/\(\)$/, '').replace(/[^\w$]/g, '');
  const code = quickRan || !name
    ? `sqlite3 ${shellQuote(file)} "PRAGMA quick_check;"`
    : `sqlite3 ${shellQuote(file)} "SELECT type, name, sql FROM sqlite_schema WHERE sql LIKE '%${name}%';"`;
  return finding('check-incomplete', quickRan ? 'warning' : 'error', { 'zh-TW': zh, en }, [`SQLite: ${f.message}`], { lang: 'bash', code });
}

function failureFindings(f: SqliteFailure, reading: HeaderReading, file: string): DbFinding[] {
  const evidence = [`SQLite: ${f.message}`];
  if (f.kind === 'extension') return [extensionFinding(f, file, false)];
  if (f.kind === 'corrupt') {
    if (/malformed database schema/i.test(f.message)) {
      return [finding('schema-malformed', 'error', {
        'zh-TW': '資料庫的結構定義（sqlite_schema）無法讀取：SQLite 回報結構已損壞，任何資料表都無法存取。',
        en: 'The database schema (sqlite_schema) cannot be read: SQLite reports it as malformed, so no table can be used.',
      }, evidence, recoverCommand(file))];
    }
    // The header findings already explain a file that is cut short.
    if (reading.kind === 'short-header') return [];
    return [finding('corrupt', 'error', {
      'zh-TW': 'SQLite 無法開始檢查：資料庫映像已損壞（database disk image is malformed）。',
      en: 'SQLite could not even start the check: the database disk image is malformed.',
    }, evidence, recoverCommand(file))];
  }
  if (f.kind === 'notadb' || f.kind === 'unsupported') {
    // A file that is not SQLite already has its finding; a damaged header gets one here.
    if (reading.kind !== 'sqlite') return [];
    if (f.kind === 'unsupported') {
      return [finding('header-invalid', 'error', {
        'zh-TW': 'SQLite 不支援這個檔案格式（schema format 超出範圍），檔頭可能已損壞，或由更新版本的格式寫入。',
        en: 'SQLite does not support this file format (schema format out of range): the header is damaged or from a newer format.',
      }, evidence, recoverCommand(file))];
    }
    return reading.issues.some((i) => i.level === 'fatal') ? [] : [finding('header-invalid', 'error', {
      'zh-TW': '檔案以 SQLite 標記開頭，但 SQLite 拒絕把它當成資料庫開啟：檔頭或第一頁已損壞。',
      en: 'The file starts with the SQLite signature, but SQLite refuses to open it as a database: the header or the first page is damaged.',
    }, evidence, recoverCommand(file))];
  }
  return [finding('check-incomplete', 'error', {
    'zh-TW': `檢查無法完成：${f.kind === 'nomem' ? '記憶體不足' : f.kind === 'crash' ? 'SQLite 引擎意外中止' : '讀取失敗'}。結果不代表檔案完好或損壞。`,
    en: `The check could not finish: ${f.kind === 'nomem' ? 'out of memory' : f.kind === 'crash' ? 'the SQLite engine stopped unexpectedly' : 'a read failed'}. The result says nothing either way about the file.`,
  }, evidence, { lang: 'bash', code: `sqlite3 ${shellQuote(file)} "PRAGMA integrity_check;"` })];
}

function integrityFindings(lines: readonly string[], file: string, max: number): DbFinding[] {
  const sorted = sortIntegrityLines(lines);
  const out: DbFinding[] = [];
  const more = lines.length >= max ? '+' : '';
  if (sorted.structure.length > 0) {
    out.push(finding('corrupt', 'error', {
      'zh-TW': `integrity_check 回報 ${sorted.structure.length}${more} 項頁面或 B-tree 結構損壞。停止寫入，先保留一份副本，再從備份還原或用 .recover 救回資料。`,
      en: `integrity_check reports ${sorted.structure.length}${more} problem${sorted.structure.length > 1 ? 's' : ''} in pages or b-trees. Stop writing, keep a copy, then restore a backup or salvage the data with .recover.`,
    }, sorted.structure.slice(0, 20), recoverCommand(file)));
  }
  if (sorted.index.length > 0) {
    const names = indexesNamed(sorted.index);
    out.push(finding('index-mismatch', 'error', {
      'zh-TW': `${names.length} 個索引的內容與資料表不一致（${sorted.index.length}${more} 項）。資料表本身若沒有其他損壞，重建索引即可修復。`,
      en: `${names.length} index${names.length > 1 ? 'es disagree' : ' disagrees'} with ${names.length > 1 ? 'their tables' : 'its table'} (${sorted.index.length}${more} entries). If the tables have no other damage, rebuilding the index repairs it.`,
    }, sorted.index.slice(0, 20), { lang: 'sql', code: names.length > 0 ? names.map((n) => `REINDEX ${quoteId(n)};`).join('\n') : 'REINDEX;' }));
  }
  if (sorted.constraint.length > 0) {
    out.push(finding('constraint-violation', 'error', {
      'zh-TW': `${sorted.constraint.length}${more} 筆資料違反資料表的 NOT NULL、CHECK 或型別限制（通常是關閉限制時寫入或由其他工具寫入）。`,
      en: `${sorted.constraint.length}${more} stored value${sorted.constraint.length > 1 ? 's' : ''} break the tables' NOT NULL, CHECK or type constraints (usually written with checks off, or by another tool).`,
    }, sorted.constraint.slice(0, 20)));
  }
  return out;
}

/** Free pages as SQLite counts them; the header's count stands in when SQLite cannot read it. */
function freePageCount(run: StatementRunner, header: DbHeader): number {
  try {
    return Number(run('PRAGMA freelist_count', 1).rows[0]?.[0] ?? header.freelistPages);
  } catch {
    return header.freelistPages;
  }
}

function foreignKeyFindings(run: StatementRunner, catalog: Catalog, file: string): { state: DbReport['checks']['foreignKeyCheck']; findings: DbFinding[] } {
  const groups = new Map<string, { table: string; parent: string; fkid: number; count: number; rowids: string[] }>();
  try {
    run('PRAGMA foreign_key_check', 0, ([table, rowid, parent, fkid]) => {
      const key = `${table}\u0000${parent}\u0000${fkid}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { table: String(table), parent: String(parent), fkid: Number(fkid), count: 0, rowids: [] }));
      g.count++;
      if (g.rowids.length < 5) g.rowids.push(rowid === null ? 'NULL' : String(rowid));
    });
  } catch (error) {
    const f = classifyError(error);
    if (/foreign key mismatch/i.test(f.message)) {
      return {
        state: 'error',
        findings: [finding('foreign-key-definition', 'error', {
          'zh-TW': '外鍵定義有誤：被參照的欄位沒有 PRIMARY KEY 或 UNIQUE 索引（或欄位數不符），啟用外鍵時相關寫入都會失敗。',
          en: 'A foreign key is defined wrongly: the referenced columns have no PRIMARY KEY or UNIQUE index (or the column counts differ), so writes fail whenever foreign keys are enforced.',
        }, [`SQLite: ${f.message}`], { lang: 'bash', code: `sqlite3 ${shellQuote(file)} ".schema"` })],
      };
    }
    return { state: 'error', findings: [] };
  }
  if (groups.size === 0) return { state: 'ok', findings: [] };
  const findings: DbFinding[] = [];
  for (const g of groups.values()) {
    let columns = '';
    try {
      const rows = run(`PRAGMA main.foreign_key_list(${quoteId(g.table)})`, Infinity).rows.filter((r) => Number(r[0]) === g.fkid);
      columns = rows.map((r) => `${r[3]} → ${g.parent}.${r[4] ?? '(primary key)'}`).join(', ');
    } catch {
      columns = `→ ${g.parent}`;
    }
    const table = catalog.tables.get(g.table.toLowerCase())?.name ?? g.table;
    findings.push(finding('foreign-key-violation', 'error', {
      'zh-TW': `資料表「${table}」有 ${g.count} 筆資料的外鍵指向「${g.parent}」中不存在的列（${columns}）。`,
      en: `${g.count} row${g.count > 1 ? 's' : ''} of "${table}" reference${g.count > 1 ? '' : 's'} rows missing from "${g.parent}" (${columns}).`,
    }, [`rowids: ${g.rowids.join(', ')}${g.count > g.rowids.length ? ', …' : ''}`], { lang: 'sql', code: `PRAGMA foreign_key_check(${quoteId(table)});` }));
  }
  return { state: 'failed', findings };
}

/** Name, next to each generic finding, the code the profile's own system reports for it. */
function attachSystemCodes(findings: DbFinding[], registry: Pick<CheckRegistry, 'errors'>, system: string) {
  const byCode = new Map(registry.errors.map((e) => [e.code, e]));
  for (const f of findings) {
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

function verdictOf(integrity: Integrity, findings: readonly DbFinding[]): Verdict {
  if (integrity === 'unreadable') return 'unreadable';
  if (integrity === 'corrupt') return 'corrupt';
  if (findings.some((f) => f.severity === 'error')) return 'error';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  return 'healthy';
}

