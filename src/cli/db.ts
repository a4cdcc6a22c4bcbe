/**
 * `errdex db FILE [--wal FILE] [--profile ID] [--json]`: check a SQLite database as the
 * database checker page does, from the terminal. Exit 0: nothing of error severity; 1:
 * corruption or error findings; 2: the file could not be checked.
 */
import { existsSync, statSync } from 'node:fs';
import { freemem } from 'node:os';
import { basename } from 'node:path';
import { defineCommand } from 'citty';
import type { SqlJsStatic } from 'sql.js';
import { checkDatabase, type CheckOptions } from '../diagnostics/db/check.ts';
import { reportToJson, reportToMarkdown, severityText, verdictText } from '../diagnostics/db/export.ts';
import { DEFAULT_MIN_BYTES, startQueryWorker, type QueryWorker } from '../diagnostics/db/parallel.ts';
import type { DbReport } from '../diagnostics/db/report.ts';
import { fileSource, type FileSource } from '../diagnostics/db/source-fs.ts';
import { loadSqlJs } from '../diagnostics/db/sqljs-node.ts';
import { codePath } from '../registry/queries.ts';
import type { ErrorWithSystem } from '../registry/load.ts';
import type { DbProfile, Locale } from '../registry/schema.ts';
import { RegistryError } from '../registry/problem.ts';
import { requireRegistry } from '../registry/snapshot-fs.ts';
import { pickLocale } from './locale.ts';
import type { CommandRules } from './run.ts';
import { terminalSafe } from './terminal.ts';

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
}

export interface DbRun {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
  report?: DbReport;
  /** How the database file was read: whole into memory, or piece by piece. */
  reading?: FileSource['mode'];
  /** Whether a second thread ran the checks after integrity_check. */
  parallel?: boolean;
}


/** Databases from this size on are checked on two threads when the caller gives sql.js's module. */
export const PARALLEL_MIN_BYTES = DEFAULT_MIN_BYTES;

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
      const source = fileSource(path, database && keepInMemory(statSync(path).size) ? { mode: 'memory' } : {});
      opened.push(source);
      return source;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
      return `errdex db: cannot read ${path}: ${why}\n`;
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
    const options: CheckOptions = {
      profile: args.profile,
      depth: args.quick ? 'quick' : args.both ? 'both' : 'full',
      maxMessages: args.maxMessages,
    };
    const parallelMin = io.parallelMinBytes ?? PARALLEL_MIN_BYTES;
    if (io.module && db.size >= parallelMin) worker = startQueryWorker(io.module, { minBytes: parallelMin });
    let parallel = false;
    const offload = worker?.offloader({ dbPath: args.file, walPath, shared: db.image });
    const outcome = checkDatabase(
      { db: { name: args.file, source: db }, wal: wal && walPath ? { name: walPath, source: wal } : undefined },
      { sql: io.sql, registry: io.registry, offload: offload && ((job) => { const session = offload(job); parallel = session !== undefined; return session; }) },
      options,
    );
    if (!outcome.report) return { exitCode: 2, stdout: '', stderr: outcome.problems.map((p) => `errdex db: ${p}\n`).join('') };
    const report = outcome.report;
    const stdout = args.json
      ? reportToJson(report)
      : args.markdown
        ? reportToMarkdown(report, { locale, codeUrl: (code) => codePath(code, locale) })
        : renderReport(report, locale, io.registry);
    return { exitCode: exitCodeOf(report), stdout, stderr: '', report, reading: db.mode, parallel };
  } finally {
    worker?.close();
    for (const s of opened) s.close();
  }
}

const MARK = { error: '✖', warning: '▲', info: '•' } as const;

/** The report as terminal text. */
export function renderReport(report: DbReport, locale: Locale, registry: Pick<DbCommandRegistry, 'errors'>): string {
  const zh = locale === 'zh-TW';
  const out: string[] = [];
  out.push(`${basename(report.file.name)}: ${verdictText(report.verdict, locale)}`);
  const h = report.header;
  const facts: string[] = [`${report.file.size} B`];
  if (h) facts.push(`page ${h.pageSize} × ${h.pageCount}`, h.journalMode, h.textEncoding ?? '?', h.sqliteVersion ? `SQLite ${h.sqliteVersion}` : '');
  if (report.profile) facts.push(`${zh ? '設定檔' : 'profile'} ${report.profile} (${report.profileSource})`);
  out.push(`  ${facts.filter(Boolean).join(' · ')}`);
  out.push(`  integrity: ${report.integrity} (quick_check ${report.checks.quickCheck}, integrity_check ${report.checks.integrityCheck}, foreign_key_check ${report.checks.foreignKeyCheck})`);
  if (report.wal) out.push(`  WAL ${report.wal.name}: ${report.wal.commits} commits, ${report.wal.frames} frames, ${report.wal.applied ? (zh ? '已套用' : 'applied') : zh ? '未套用' : 'not applied'}`);
  out.push('');
  if (report.findings.length === 0) out.push(zh ? '沒有發現問題。' : 'No findings.');
  for (const f of report.findings) {
    const title = registry.errors.find((e) => e.code === f.code)?.title?.[locale] ?? '';
    const system = f.systemCode ? ` (${f.systemCode})` : '';
    out.push(`${MARK[f.severity]} ${severityText(f.severity, locale)} ${f.code}${system} ${title}`);
    out.push(`  ${f.message[locale]}`);
    for (const e of f.evidence.slice(0, 8)) out.push(`    ${e}`);
    if (f.evidence.length > 8) out.push(`    … (+${f.evidence.length - 8})`);
    if (f.command) {
      out.push(`  ${zh ? '建議指令' : 'suggested'} (${f.command.lang}):`);
      for (const line of f.command.code.split('\n')) out.push(`    ${line}`);
    }
    out.push(`  ${codePath(f.code, locale)}`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
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
    json: { type: 'boolean', description: 'Print the report as JSON', default: false },
    markdown: { type: 'boolean', description: 'Print the report as Markdown (for a support ticket)', default: false },
    quick: { type: 'boolean', description: 'Run quick_check only, not integrity_check', default: false },
    both: { type: 'boolean', description: 'Run quick_check first, then integrity_check (slower; integrity_check alone covers quick_check)', default: false },
    lang: { type: 'string', description: 'Language of the report: zh-TW or en (default: from LANG)' },
    'max-messages': { type: 'string', description: 'Most integrity_check messages to collect (default 100)' },
  },
  async run({ args }) {
    const max = args['max-messages'] === undefined ? undefined : Number(args['max-messages']);
    if (max !== undefined && !(Number.isInteger(max) && max > 0)) {
      process.stderr.write('errdex db: --max-messages must be a positive integer\n');
      process.exitCode = 2;
      return;
    }
    let registry: DbCommandRegistry;
    try {
      registry = requireRegistry();
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      process.stderr.write(terminalSafe(`errdex db: ${error.message}\n`));
      process.exitCode = 2;
      return;
    }
    const { sql, module } = await loadSqlJs();
    const result = runDb(
      { file: args.file, wal: args.wal, profile: args.profile, json: args.json, markdown: args.markdown, quick: args.quick, both: args.both, lang: args.lang, maxMessages: max },
      { sql, registry, env: process.env, module },
    );
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
  },
});
