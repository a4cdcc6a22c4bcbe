/**
 * SQLite's own checks (quick_check, integrity_check) as phases of the check: planned from the
 * options, run on this connection or answered by a second thread (`offload.ts`), and read into
 * the state with their findings.
 *
 * Most of what these checks do is bounded by the size of the file. The expressions of the
 * schema they evaluate (`expressions.ts`) are not: a CHECK constraint can build a huge string for
 * every row. So when the planned checks evaluate any, they run under a budget: SQLite's heap is
 * capped (`DEFAULT_HEAP_LIMIT_BYTES`, an allocation past it fails with "out of memory"), and
 * time is watched from outside the thread that runs them, which is stopped when the budget
 * passes: the second thread in Node, the page for its worker (which then checks again with
 * `CheckOptions.stopped`). A stopped check is followed, where one exists, by a check that
 * evaluates none of the expressions (`fallbackFor`), and the report names the expressions and
 * what was not checked.
 */
import { sqliteCommand } from '../shell-quote.ts';
import { classifyError, DEFAULT_CACHE_KIB, DEFAULT_HEAP_LIMIT_BYTES, missingExtension, query, quoteId, type SqliteFailure } from './engine.ts';
import { evaluates, fallbackFor, type SchemaExpression } from './expressions.ts';
import { finding, indexesNamed, recoverCommand, sortIntegrityLines, sqlCommand } from './findings.ts';
import { conditionHolds, type OffloadedResult, type PlannedStatement } from './offload.ts';
import type { DbFinding } from './report.ts';
import type { CheckState, IntegrityPlan } from './state.ts';

export type IntegrityPragma = 'quick_check' | 'integrity_check';

/** A check stopped at its budget, as the caller that stopped it tells the next check. */
export interface StoppedCheck {
  pragma: IntegrityPragma;
  reason: 'time' | 'memory';
  /** How long it had run, in milliseconds. */
  afterMs: number;
}

/**
 * Time allowed to checks that evaluate the schema's expressions: 20 s, and 200 ms more per MiB
 * of the file. SQLite checks an honest file a hundred times faster than that (about 2 ms per MiB
 * on the machine of `npm run bench`).
 */
export function expressionBudgetMs(size: number): number {
  return 20_000 + Math.ceil(size / 2 ** 20) * 200;
}

/** The checks for the options, as planned statements. */
export function planIntegrity(state: CheckState): IntegrityPlan {
  const pragma = (p: IntegrityPragma, when: PlannedStatement['when']): [PlannedStatement, IntegrityPragma] => [
    { sql: `PRAGMA ${p}(${state.maxMessages})`, keep: state.maxMessages + 1, when },
    p,
  ];
  const steps = state.depth === 'quick'
    ? [pragma('quick_check', 'always')]
    : state.depth === 'both'
      ? [pragma('quick_check', 'always'), pragma('integrity_check', 'after-success')]
      // A schema that needs a collation or function only its application defines stops
      // integrity_check; quick_check, which does not compare indexes with their tables, may still run.
      : [pragma('integrity_check', 'always'), pragma('quick_check', 'after-extension-error')];
  const pragmas = steps.map(([, p]) => p);
  return {
    statements: steps.map(([s]) => s),
    pragmas,
    evaluated: state.expressions.filter((e) => pragmas.some((p) => evaluates([e], p))),
  };
}

type Answer = OffloadedResult | { stopped: StoppedCheck['reason']; afterMs: number };

function runLocal(state: CheckState, sql: string): OffloadedResult {
  try {
    const rows = query(state.db!, sql);
    return { columns: [], rows, count: rows.length };
  } catch (error) {
    const f = classifyError(error);
    return { error: f.message, kind: f.kind };
  }
}

/** Start the checks: on the second thread when one takes them, else here and now. */
export function startIntegrity(state: CheckState): void {
  const plan = planIntegrity(state);
  state.plan = plan;
  // A file whose schema SQLite cannot even read fails at once: no thread is worth starting.
  if (state.options.stopped || !state.deps.offload || !state.catalog || state.reading?.kind !== 'sqlite') {
    finishIntegrity(state);
    return;
  }
  const { header, wal } = state;
  state.session = state.deps.offload({
    image: { size: state.image!.size, fileSize: state.size, pageSize: header?.pageSize ?? 0, walPages: state.walApplied ? wal!.pages : undefined },
    statements: plan.statements,
    cacheKiB: state.options.cacheKiB ?? DEFAULT_CACHE_KIB,
    heapLimitBytes: state.options.heapLimitBytes ?? DEFAULT_HEAP_LIMIT_BYTES,
    guarded: plan.evaluated.length > 0,
  });
  if (state.session) {
    state.threadStarted = state.now();
    state.closers.push(state.session.close);
  } else finishIntegrity(state);
}

/** Take the checks' answers (waiting for the second thread within the budget) and read them. */
export function finishIntegrity(state: CheckState): void {
  const plan = state.plan;
  if (!plan || state.integrityDone) return;
  state.integrityDone = true;
  const budget = state.options.budgetMs ?? expressionBudgetMs(state.size);
  const guarded = plan.evaluated.length > 0;
  const session = state.session;
  let local = !session;
  let previous: OffloadedResult | undefined;
  const answer = (index: number): Answer => {
    const pragma = plan.pragmas[index]!;
    const stopped = state.options.stopped;
    if (stopped && stopped.pragma === pragma) return { stopped: stopped.reason, afterMs: stopped.afterMs };
    if (!local && session) {
      const got = session.result(index, guarded || state.options.budgetMs !== undefined ? budget : undefined);
      if (got === 'timeout') return { stopped: 'time', afterMs: budget };
      if (got && 'error' in got && got.kind === 'nomem' && guarded) return { stopped: 'memory', afterMs: Math.round(state.now() - (state.threadStarted ?? state.started)) };
      if (got) return got;
      // The thread is gone: this connection answers the rest.
      local = true;
    }
    if (!conditionHolds(plan.statements[index]!.when, previous)) return { skipped: true };
    state.options.onProgress?.({ phase: pragma, done: pragma === 'quick_check' ? 0.1 : 0.45, ...(guarded ? { guard: { budgetMs: budget } } : {}) });
    const started = state.now();
    const result = runLocal(state, plan.statements[index]!.sql);
    if ('error' in result && result.kind === 'nomem' && guarded) return { stopped: 'memory', afterMs: Math.round(state.now() - started) };
    return result;
  };
  readAnswers(state, plan, (index) => {
    const a = answer(index);
    if (!('stopped' in a)) previous = a;
    return a;
  });
}

const isOk = (lines: readonly string[]) => lines.length === 1 && lines[0] === 'ok';

/** integrity_check's lines: one row may hold several messages separated by newlines. */
function linesOf(rows: readonly unknown[][]): string[] {
  return rows.flatMap((r) => String(r[0]).split('\n')).filter((line) => line !== '' && !line.startsWith('*** in database'));
}

function stateKey(p: IntegrityPragma): 'quickCheck' | 'integrityCheck' {
  return p === 'quick_check' ? 'quickCheck' : 'integrityCheck';
}

/** The checks' answers into the state, as SQLite's verdict and findings. */
function readAnswers(state: CheckState, plan: IntegrityPlan, answer: (index: number) => Answer): void {
  const fail = (f: SqliteFailure) => {
    state.failure ??= f;
    if (f.kind === 'corrupt') state.integrity = state.integrity === 'unreadable' ? state.integrity : 'corrupt';
    else state.integrity = 'unreadable';
    if (state.messages.length === 0) state.messages = [f.message];
  };
  const take = (p: IntegrityPragma, rows: readonly unknown[][]) => {
    const lines = linesOf(rows);
    state.checks[stateKey(p)] = isOk(lines) ? 'ok' : 'failed';
    state.messages = lines;
    if (!isOk(lines)) state.integrity = 'corrupt';
  };
  let needs: SqliteFailure | undefined;
  for (let i = 0; i < plan.statements.length; i++) {
    const p = plan.pragmas[i]!;
    const a = answer(i);
    if ('skipped' in a) continue;
    if ('stopped' in a) {
      stopCheck(state, plan, p, a.stopped, a.afterMs, fail, take);
      return;
    }
    if ('rows' in a) {
      take(p, a.rows);
      continue;
    }
    const f: SqliteFailure = { kind: a.kind, message: a.error };
    const standIn = state.depth === 'full' && i === 1;
    if (p === 'integrity_check' && f.kind === 'extension') {
      needs = f;
      state.checks.integrityCheck = 'error';
      continue;
    }
    if (standIn) {
      // quick_check standing in for integrity_check failed too.
      if (f.kind !== 'extension') fail(f);
      continue;
    }
    state.checks[stateKey(p)] = 'error';
    fail(f);
  }
  if (!needs) return;
  const quickRan = state.checks.quickCheck === 'ok' || state.checks.quickCheck === 'failed';
  if (quickRan) state.findings.integrity.push(extensionFinding(needs, state.name, true));
  else if (!state.failure) {
    if (state.depth === 'full') state.checks.quickCheck = 'error';
    fail(needs);
  }
}

/** A check stopped at its budget: run what can stand in for it, and say what was not checked. */
function stopCheck(
  state: CheckState,
  plan: IntegrityPlan,
  pragma: IntegrityPragma,
  reason: StoppedCheck['reason'],
  afterMs: number,
  fail: (f: SqliteFailure) => void,
  take: (p: IntegrityPragma, rows: readonly unknown[][]) => void,
): void {
  state.checks[stateKey(pragma)] = 'stopped';
  const evaluated = plan.evaluated.filter((e) => evaluates([e], pragma));
  const fallback = fallbackFor(evaluated, pragma);
  let ran: 'ok' | 'failed' | 'error' | undefined;
  if (fallback) {
    const db = state.db!;
    try {
      if (fallback.ignoreChecks) db.exec('PRAGMA ignore_check_constraints = ON;');
      const rows = query(db, `PRAGMA ${fallback.pragma}(${state.maxMessages})`);
      take(fallback.pragma, rows);
      ran = state.checks[stateKey(fallback.pragma)] as 'ok' | 'failed';
    } catch (error) {
      const f = classifyError(error);
      state.checks[stateKey(fallback.pragma)] = 'error';
      fail(f);
      ran = 'error';
    } finally {
      if (fallback.ignoreChecks) {
        try {
          db.exec('PRAGMA ignore_check_constraints = OFF;');
        } catch {
          // the connection is closed at the end of the check anyway
        }
      }
    }
  } else {
    state.integrity = 'unreadable';
    state.messages = [`${pragma} stopped after ${(afterMs / 1000).toFixed(1)} s (${reason === 'time' ? 'time budget' : 'memory limit'})`];
  }
  state.findings.integrity.push(budgetFinding(state, evaluated, pragma, reason, afterMs, fallback && ran !== 'error' ? fallback : undefined));
}

const KIND_TEXT: Record<SchemaExpression['kind'], { 'zh-TW': string; en: string }> = {
  check: { 'zh-TW': 'CHECK 限制', en: 'CHECK constraint' },
  generated: { 'zh-TW': '計算欄位', en: 'generated column' },
  'index-expression': { 'zh-TW': '索引運算式', en: 'index expression' },
  'partial-index': { 'zh-TW': '部分索引的 WHERE', en: 'partial index WHERE' },
};

function describe(e: SchemaExpression): string {
  const where = e.kind === 'check' ? `${e.table}${e.name ? ` (${e.name})` : ''}` : e.kind === 'generated' ? `${e.table}.${e.name}` : `${e.name} ON ${e.table}`;
  return `${KIND_TEXT[e.kind].en} ${where}: ${e.text}`;
}

function budgetFinding(
  state: CheckState,
  evaluated: readonly SchemaExpression[],
  pragma: IntegrityPragma,
  reason: StoppedCheck['reason'],
  afterMs: number,
  fallback: ReturnType<typeof fallbackFor>,
): DbFinding {
  const seconds = (afterMs / 1000).toFixed(1);
  const why = reason === 'time'
    ? { zh: `在 ${seconds} 秒的時間預算內沒有完成`, en: `did not finish within its time budget (stopped after ${seconds} s)` }
    : { zh: '用完了 SQLite 可用的記憶體上限', en: 'ran out of the memory SQLite may use' };
  const kinds = [...new Set(evaluated.map((e) => e.kind))];
  const zhKinds = kinds.map((k) => KIND_TEXT[k]['zh-TW']).join('、');
  const enKinds = kinds.map((k) => KIND_TEXT[k].en).join(', ');
  const notChecked = fallback
    ? {
      zh: fallback.pragma === pragma
        ? `改為在忽略 CHECK 限制的情況下再執行一次 ${pragma}：頁面、B-tree 與索引都檢查過了，沒有驗證的是 CHECK 限制。`
        : `改為執行 ${fallback.pragma}${fallback.ignoreChecks ? '（忽略 CHECK 限制）' : ''}：每一頁與每個 B-tree 都檢查過了，沒有驗證的是索引與資料表是否一致${fallback.ignoreChecks ? '，以及 CHECK 限制' : ''}。`,
      en: fallback.pragma === pragma
        ? `${pragma} ran again with CHECK constraints ignored: pages, b-trees and indexes were checked; the CHECK constraints were not.`
        : `${fallback.pragma} ran instead${fallback.ignoreChecks ? ', with CHECK constraints ignored' : ''}: every page and b-tree was checked; whether the indexes agree with their tables${fallback.ignoreChecks ? ', and the CHECK constraints,' : ''} was not.`,
    }
    : {
      zh: '沒有其他不執行這些運算式的檢查可以代替它，因此這個檔案的完整性沒有被檢查。',
      en: 'No check that leaves these expressions alone can stand in for it, so the integrity of this file was not checked.',
    };
  return finding('expression-budget', fallback ? 'warning' : 'error', {
    'zh-TW': `${pragma} 在計算資料庫結構中的運算式（${zhKinds}）時${why.zh}，已被停止。這些運算式來自檔案本身，可能刻意設計得極度耗時或耗記憶體。${notChecked.zh}`,
    en: `${pragma} was stopped: it ${why.en} while evaluating expressions of the file's own schema (${enKinds}), which can be made to cost any amount of time or memory. ${notChecked.en}`,
  }, evaluated.slice(0, 10).map(describe).concat(evaluated.length > 10 ? [`… and ${evaluated.length - 10} more`] : []),
  { lang: 'bash', code: sqliteCommand(state.name, '.schema') });
}

/**
 * The schema needs something only the application that wrote the database defines. With
 * `quickRan`, quick_check stood in for integrity_check; otherwise nothing could be checked.
 */
export function extensionFinding(f: SqliteFailure, file: string, quickRan: boolean): DbFinding {
  const what = missingExtension(f.message) ?? f.message;
  const zh = quickRan
    ? `integrity_check 無法執行：資料庫結構用到 ${what}，只有寫入這個資料庫的應用程式才定義它。改為執行 quick_check：它檢查每一頁與每個 B-tree，但不比對索引與資料表的內容。`
    : `無法檢查：資料庫結構用到 ${what}，只有寫入這個資料庫的應用程式才定義它，沒有它 SQLite 無法檢查用到它的資料表。這不代表檔案損壞。`;
  const en = quickRan
    ? `integrity_check could not run: the schema uses ${what}, which only the application that wrote this database defines. quick_check ran instead: it checks every page and b-tree but does not compare indexes with their tables.`
    : `Nothing could be checked: the schema uses ${what}, which only the application that wrote this database defines, and SQLite cannot check the tables that use it without it. This does not mean the file is damaged.`;
  // Where it is used: the objects whose SQL names it (the name is an identifier SQLite printed).
  const name = what.split(' ')[1]?.replace(/\(\)$/, '');
  const code = quickRan || !name
    ? sqliteCommand(file, 'PRAGMA quick_check;')
    : sqliteCommand(file, `SELECT type, name, sql FROM sqlite_schema WHERE instr(sql, '${name.replace(/'/g, "''")}') > 0;`);
  return finding('check-incomplete', quickRan ? 'warning' : 'error', { 'zh-TW': zh, en }, [`SQLite: ${f.message}`], { lang: 'bash', code });
}

/** Why SQLite could not check the file, as findings. */
export function failureFindings(state: CheckState): DbFinding[] {
  const f = state.failure!;
  const reading = state.reading!;
  const file = state.name;
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
  }, evidence, { lang: 'bash', code: sqliteCommand(file, 'PRAGMA integrity_check;') })];
}

/** integrity_check's lines, sorted into what fixes them. */
export function integrityFindings(lines: readonly string[], file: string, max: number): DbFinding[] {
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
    }, sorted.index.slice(0, 20), sqlCommand(file, names.length > 0 ? names.map((n) => `REINDEX ${quoteId(n)};`).join(' ') : 'REINDEX;')));
  }
  if (sorted.constraint.length > 0) {
    out.push(finding('constraint-violation', 'error', {
      'zh-TW': `${sorted.constraint.length}${more} 筆資料違反資料表的 NOT NULL、CHECK 或型別限制（通常是關閉限制時寫入或由其他工具寫入）。`,
      en: `${sorted.constraint.length}${more} stored value${sorted.constraint.length > 1 ? 's' : ''} break the tables' NOT NULL, CHECK or type constraints (usually written with checks off, or by another tool).`,
    }, sorted.constraint.slice(0, 20)));
  }
  return out;
}
