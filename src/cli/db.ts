/**
 * `errdex db FILE [--wal FILE] [--profile ID] [--json]`: check a SQLite database as the
 * database checker page does, from the terminal. Exit 0: nothing of error severity; 1:
 * corruption or error findings; 2: the file could not be checked (not a regular file, not
 * readable, not a database, or SQLite's check stopped with nothing to stand in for it).
 *
 * `errdex db FILE --table NAME [--limit N] [--offset N] [--json]`: a page of the rows of one
 * ordinary table, every value as text (see `browse.ts`). Exit 0, or 2 when the table cannot be
 * shown.
 */
import { existsSync, statSync } from 'node:fs';
import { freemem } from 'node:os';
import { basename } from 'node:path';
import { defineCommand } from 'citty';
import type { SqlJsStatic } from 'sql.js';
import { DEFAULT_LIMIT, lookInside, MAX_LIMIT, valueText, type TablePage } from '../diagnostics/db/browse.ts';
import { checkDatabase, type CheckOptions } from '../diagnostics/db/check.ts';
import { reportToJson, reportToMarkdown, severityText, verdictText } from '../diagnostics/db/export.ts';
import { DEFAULT_MIN_BYTES, startQueryWorker, type QueryWorker } from '../diagnostics/db/node/parallel.ts';
import type { DbReport, DbTableJson } from '../diagnostics/db/report.ts';
import { fileSource, NotAFileError, type FileSource } from '../diagnostics/db/node/source-fs.ts';
import { loadSqlJs } from '../diagnostics/db/node/sqljs-node.ts';
import { codePath } from '../registry/queries.ts';
import type { ErrorWithSystem } from '../registry/load.ts';
import type { DbProfile, Locale } from '../registry/schema.ts';
import { RegistryError } from '../registry/problem.ts';
import { requireRegistry } from '../registry/snapshot-fs.ts';
import { schemaUrl } from '../generate/site.ts';
import { pickLocale } from './locale.ts';
import type { CommandRules } from './run.ts';
import { terminalLines, terminalSafe } from './terminal.ts';

export interface DbArgs {
  file: string;
  wal?: string;
  profile?: string;
  json?: boolean;
  markdown?: boolean;
  quick?: boolean;
  /** quick_check first, then integrity_check (which repeats quick_check's tests). */
  both?: boolean;
  lang?: string;
  maxMessages?: number;
  /** Time allowed to SQLite's checks when they evaluate the schema's expressions (default: by the file's size). */
  timeLimitMs?: number;
  /** Show this table's rows instead of checking. */
  table?: string;
  limit?: number;
  offset?: number;
}

/** The parts of the registry the command reads. */
export interface DbCommandRegistry {
  dbProfiles: DbProfile[];
  errors: (Pick<ErrorWithSystem, 'code' | 'system' | 'related'> & { title?: ErrorWithSystem['title'] })[];
}

export interface DbIo {
  sql: SqlJsStatic;
  registry: DbCommandRegistry;
  /** Environment, for the default language. */
  env?: Record<string, string | undefined>;
  /**
   * sql.js's compiled module (`loadSqlJs`). With it, a large database is checked on two threads:
   * the checks after integrity_check run in a worker meanwhile (see `parallel.ts`).
   */
  module?: WebAssembly.Module;
  /** Smallest database checked on two threads (default `PARALLEL_MIN_BYTES`). */
  parallelMinBytes?: number;
  /** A second thread started before the registry was read (see `prestartWorker`); closed by `runDb`. */
  worker?: QueryWorker;
}

export interface DbRun {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
  report?: DbReport;
  /** How the database file was read: whole into memory, or piece by piece. */
  reading?: FileSource['mode'];
  /** Whether a second thread ran SQLite's own checks. */
  parallel?: boolean;
  /** The rows shown with `--table`. */
  page?: TablePage;
}


/** Databases from this size on are checked on two threads when the caller gives sql.js's module. */
export const PARALLEL_MIN_BYTES = DEFAULT_MIN_BYTES;

/**
 * The second thread for a check of `file`, started now when the file is large enough to be
 * checked on two threads, so that its start-up (an isolate, sql.js, the checker's modules)
 * overlaps with reading the registry. Undefined for a small file: a schema that needs the
 * watchdog starts one when the check asks.
 */
export function prestartWorker(module: WebAssembly.Module, file: string, minBytes = PARALLEL_MIN_BYTES): QueryWorker | undefined {
  try {
    return statSync(file).size >= minBytes ? startQueryWorker(module, { minBytes, eager: true }) : undefined;
  } catch {
    return undefined;
  }
}

/** Memory the check needs beyond the process as it is and the file: SQLite, compiled code, the second thread. */
const CHECK_RESERVE = 96 * 1024 * 1024;

/**
 * Whether the database file is kept whole in memory (read as it is used) rather than read piece
 * by piece each time: when the process stays within 1.5 times the file's size with it (the
 * target of the database checker), and within 1 GiB and half the free memory.
 */
export function keepInMemory(size: number, rss = process.memoryUsage().rss, free = freemem()): boolean {
  return size + rss + CHECK_RESERVE <= 1.5 * size && size <= Math.min(2 ** 30, free / 2);
}

export function exitCodeOf(report: DbReport): 0 | 1 | 2 {
  if (report.integrity === 'unreadable') return 2;
  if (report.integrity === 'corrupt' || report.findings.some((f) => f.severity === 'error')) return 1;
  return 0;
}

/**
 * Run the check with its dependencies given; never prints and never throws on bad input. What it
 * returns is safe for a terminal: names and values from the file have their control characters
 * escaped (`terminal.ts`).
 */
export function runDb(args: DbArgs, io: DbIo): DbRun {
  const run = checkDb(args, io);
  return { ...run, stdout: terminalSafe(run.stdout), stderr: terminalSafe(run.stderr) };
}

function checkDb(args: DbArgs, io: DbIo): DbRun {
  const locale = pickLocale(args.lang, io.env);
  if (!locale) return { exitCode: 2, stdout: '', stderr: `errdex db: --lang must be zh-TW or en (got "${args.lang}")\n` };
  const opened: FileSource[] = [];
  let worker: QueryWorker | undefined;
  const open = (path: string, database = false): FileSource | string => {
    try {
      const source = fileSource(path, database ? { memoryLimit: keepInMemory(statSync(path).size) ? Infinity : undefined } : {});
      opened.push(source);
      return source;
    } catch (error) {
      return `errdex db: cannot read ${terminalSafe(path)}: ${readProblem(error)}\n`;
    }
  };
  try {
    const db = open(args.file, true);
    if (typeof db === 'string') return { exitCode: 2, stdout: '', stderr: db };
    let walPath = args.wal;
    if (walPath === undefined && existsSync(`${args.file}-wal`) && statSync(`${args.file}-wal`).isFile()) walPath = `${args.file}-wal`;
    let wal: FileSource | undefined;
    if (walPath !== undefined) {
      const w = open(walPath);
      if (typeof w === 'string') return { exitCode: 2, stdout: '', stderr: w };
      wal = w;
    }
    if (args.table !== undefined) return browse(args, io, db, wal, walPath);
    const options: CheckOptions = {
      profile: args.profile,
      depth: args.quick ? 'quick' : args.both ? 'both' : 'full',
      maxMessages: args.maxMessages,
      budgetMs: args.timeLimitMs,
    };
    const parallelMin = io.parallelMinBytes ?? PARALLEL_MIN_BYTES;
    // The second thread runs SQLite's own checks: started now for a large file (to overlap its
    // start-up with the first phases), or when a schema whose expressions need a watchdog asks.
    worker = io.worker ?? (io.module ? startQueryWorker(io.module, { minBytes: parallelMin, eager: db.size >= parallelMin }) : undefined);
    let parallel = false;
    const offload = worker?.offloader({ dbPath: args.file, walPath, shared: db.image });
    const outcome = checkDatabase(
      { db: { name: args.file, source: db }, wal: wal && walPath ? { name: walPath, source: wal } : undefined },
      { sql: io.sql, registry: io.registry, offload: offload && ((job) => { const session = offload(job); parallel = session !== undefined; return session; }) },
      options,
    );
    if (!outcome.report) return { exitCode: 2, stdout: '', stderr: outcome.problems.map((p) => `errdex db: ${terminalSafe(p)}\n`).join('') };
    const report = outcome.report;
    const stdout = args.json
      ? reportToJson(report)
      : args.markdown
        ? terminalLines(reportToMarkdown(report, { locale, codeUrl: (code) => codePath(code, locale) }))
        : renderReport(report, locale, io.registry);
    return { exitCode: exitCodeOf(report), stdout, stderr: '', report, reading: db.mode, parallel };
  } finally {
    (worker ?? io.worker)?.close();
    for (const s of opened) s.close();
  }
}

/** Why a path could not be read, in a few words. */
function readProblem(error: unknown): string {
  if (error instanceof NotAFileError) {
    const what = error.what === 'fifo' ? 'a FIFO (named pipe)' : `a ${error.what}`;
    return `it is ${what}, not a regular file; errdex db checks database files only`;
  }
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : terminalSafe((error as Error).message);
}

/** `--table`: one page of a table's rows. */
function browse(args: DbArgs, io: DbIo, db: FileSource, wal: FileSource | undefined, walPath: string | undefined): DbRun {
  const result = lookInside(
    { db: { name: args.file, source: db }, wal: wal && walPath ? { name: walPath, source: wal } : undefined },
    { sql: io.sql },
    args.table!,
    { limit: args.limit, offset: args.offset },
  );
  if ('problem' in result) {
    const tables = result.tables ? `\n  tables: ${terminalSafe(result.tables.map((t) => JSON.stringify(t)).join(', ') || 'none')}` : '';
    return { exitCode: 2, stdout: '', stderr: `errdex db: ${terminalSafe(result.problem)}${tables}\n` };
  }
  const page = result.page;
  if (args.json) {
    const json: DbTableJson = { format: 1, file: args.file, walApplied: result.walApplied ?? false, ...page };
    return { exitCode: 0, stdout: `${JSON.stringify(json, null, 2)}\n`, stderr: '', page };
  }
  return { exitCode: 0, stdout: renderPage(page), stderr: '', page };
}

/** A page of rows as terminal text: one block per row, `column: value`, every value made safe. */
export function renderPage(page: TablePage): string {
  const out: string[] = [];
  const last = page.offset + page.rows.length;
  out.push(terminalSafe(`${page.table}: rows ${page.rows.length === 0 ? 0 : page.offset + 1}-${last} of ${page.total}`));
  if (page.hiddenColumns > 0) out.push(`  (${page.hiddenColumns} more columns not shown)`);
  const width = Math.min(32, Math.max(...page.columns.map((c) => [...terminalSafe(c.name)].length), 5));
  page.rows.forEach((row, i) => {
    out.push('', `# ${page.rowids ? `rowid ${page.rowids[i]}` : `row ${page.offset + i + 1}`}`);
    page.columns.forEach((c, k) => out.push(`  ${terminalSafe(c.name).padEnd(width)}  ${terminalSafe(valueText(row[k] ?? null))}`));
  });
  if (last < page.total) out.push('', `(more: --offset ${last})`);
  return `${out.join('\n')}\n`;
}

const MARK = { error: '✖', warning: '▲', info: '•' } as const;

/** The report as terminal text. */
export function renderReport(report: DbReport, locale: Locale, registry: Pick<DbCommandRegistry, 'errors'>): string {
  const zh = locale === 'zh-TW';
  const out: string[] = [];
  out.push(`${terminalSafe(basename(report.file.name))}: ${verdictText(report.verdict, locale)}`);
  const h = report.header;
  const facts: string[] = [`${report.file.size} B`];
  if (h) facts.push(`page ${h.pageSize} × ${h.pageCount}`, h.journalMode, h.textEncoding ?? '?', h.sqliteVersion ? `SQLite ${h.sqliteVersion}` : '');
  if (report.profile) facts.push(`${zh ? '設定檔' : 'profile'} ${report.profile} (${report.profileSource})`);
  out.push(`  ${facts.filter(Boolean).join(' · ')}`);
  out.push(`  integrity: ${report.integrity} (quick_check ${report.checks.quickCheck}, integrity_check ${report.checks.integrityCheck}, foreign_key_check ${report.checks.foreignKeyCheck})`);
  if (report.wal) out.push(`  WAL ${terminalSafe(report.wal.name)}: ${report.wal.commits} commits, ${report.wal.frames} frames, ${report.wal.applied ? (zh ? '已套用' : 'applied') : zh ? '未套用' : 'not applied'}`);
  out.push('');
  if (report.findings.length === 0) out.push(zh ? '沒有發現問題。' : 'No findings.');
  for (const f of report.findings) {
    const title = registry.errors.find((e) => e.code === f.code)?.title?.[locale] ?? '';
    const system = f.systemCode ? ` (${f.systemCode})` : '';
    out.push(`${MARK[f.severity]} ${severityText(f.severity, locale)} ${f.code}${system} ${title}`);
    out.push(`  ${terminalSafe(f.message[locale])}`);
    for (const e of f.evidence.slice(0, 8)) out.push(`    ${terminalSafe(e)}`);
    if (f.evidence.length > 8) out.push(`    … (+${f.evidence.length - 8})`);
    if (f.command) {
      out.push(`  ${zh ? '建議指令' : 'suggested'} (${f.command.lang}):`);
      for (const line of f.command.code.split('\n')) out.push(`    ${terminalSafe(line)}`);
    }
    out.push(`  ${codePath(f.code, locale)}`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** The command's options as `runDb` takes them, or what is wrong with them. */
export function parseDbArgs(raw: Record<string, unknown>): DbArgs | string {
  const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
  const flag = (k: string) => raw[k] === true;
  const int = (k: string, min: number, max: number): number | string | undefined => {
    const v = str(k);
    if (v === undefined) return undefined;
    const n = Number(v);
    return /^\d+$/.test(v.trim()) && Number.isSafeInteger(n) && n >= min && n <= max ? n : `--${k} must be a whole number from ${min} to ${max} (got "${terminalSafe(v)}")`;
  };
  const file = str('file');
  if (file === undefined || file === '') return 'give the database file to check';
  const max = int('max-messages', 1, 10_000);
  const limit = int('limit', 1, MAX_LIMIT);
  const offset = int('offset', 0, Number.MAX_SAFE_INTEGER);
  for (const v of [max, limit, offset]) if (typeof v === 'string') return v;
  let timeLimitMs: number | undefined;
  const seconds = str('time-limit');
  if (seconds !== undefined) {
    const n = Number(seconds);
    if (!(seconds.trim() !== '' && Number.isFinite(n) && n > 0 && n <= 86_400)) return `--time-limit must be a number of seconds above 0 (got "${terminalSafe(seconds)}")`;
    timeLimitMs = Math.round(n * 1000);
  }
  const table = str('table');
  if (flag('json') && flag('markdown')) return '--json and --markdown cannot be combined';
  if (flag('quick') && flag('both')) return '--quick and --both cannot be combined';
  if (table === undefined && (limit !== undefined || offset !== undefined)) return '--limit and --offset go with --table';
  if (table !== undefined) {
    const clash = ['markdown', 'quick', 'both'].filter(flag).concat(['profile', 'max-messages', 'time-limit'].filter((k) => str(k) !== undefined));
    if (clash.length > 0) return `--table shows rows and does not check; it cannot be combined with ${clash.map((k) => `--${k}`).join(', ')}`;
  }
  return {
    file, wal: str('wal'), profile: str('profile'), json: flag('json'), markdown: flag('markdown'), quick: flag('quick'), both: flag('both'),
    lang: str('lang'), maxMessages: max as number | undefined, timeLimitMs, table, limit: limit as number | undefined, offset: offset as number | undefined,
  };
}

export const rules: CommandRules = { conflicts: [['json', 'markdown'], ['quick', 'both']] };

export default defineCommand({
  meta: {
    name: 'db',
    description: 'Check a SQLite database (and its WAL) for corruption, schema and data faults; findings link to registry codes.',
  },
  args: {
    file: { type: 'positional', required: true, description: 'The database file' },
    wal: { type: 'string', description: 'Its write-ahead log (default: FILE-wal when present)' },
    profile: { type: 'string', description: 'Database profile to check against (default: detected from the schema)' },
    json: { type: 'boolean', description: `Print the report as JSON (JSON Schema: ${schemaUrl('db')}; with --table: ${schemaUrl('db-table')})`, default: false },
    markdown: { type: 'boolean', description: 'Print the report as Markdown (for a support ticket)', default: false },
    quick: { type: 'boolean', description: 'Run quick_check only, not integrity_check', default: false },
    both: { type: 'boolean', description: 'Run quick_check first, then integrity_check (slower; integrity_check alone covers quick_check)', default: false },
    lang: { type: 'string', description: 'Language of the report: zh-TW or en (default: from LANG)' },
    'max-messages': { type: 'string', description: 'Most integrity_check messages to collect (default 100)' },
    'time-limit': { type: 'string', description: 'Seconds SQLite\'s checks may spend on the schema\'s own expressions (CHECK constraints, index expressions) before they are stopped (default: 20 s plus 0.2 s per MiB)' },
    table: { type: 'string', description: 'Show the rows of this table instead of checking (ordinary tables only; values as text)' },
    limit: { type: 'string', description: `With --table: rows to show (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})` },
    offset: { type: 'string', description: 'With --table: rows to skip first (default 0)' },
  },
  async run({ args }) {
    const parsed = parseDbArgs(args);
    if (typeof parsed === 'string') {
      process.stderr.write(`errdex db: ${parsed}\nusage: errdex db FILE [--wal FILE] [--profile ID] [--json | --markdown] [--quick | --both] [--time-limit S]\n       errdex db FILE --table NAME [--limit N] [--offset N] [--json]\n`);
      process.exitCode = 2;
      return;
    }
    const { sql, module } = await loadSqlJs();
    const worker = parsed.table === undefined ? prestartWorker(module, parsed.file) : undefined;
    let registry: DbCommandRegistry;
    try {
      registry = requireRegistry();
    } catch (error) {
      worker?.close();
      if (!(error instanceof RegistryError)) throw error;
      process.stderr.write(terminalSafe(`errdex db: ${error.message}\n`));
      process.exitCode = 2;
      return;
    }
    const result = runDb(parsed, { sql, registry, env: process.env, module, worker });
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
  },
});
