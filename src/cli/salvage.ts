/**
 * `errdex salvage FILE [--wal FILE] --out NEW.db [--json] [--locale zh-TW|en]`: read the rows of
 * a damaged SQLite database page by page and write them into a new database. The new file is
 * written under a temporary name and linked into place, so it never exists half-written, and an
 * existing file is never overwritten. Exit 0: every page read; 1: some data was lost; 2: nothing
 * could be read, or a bad argument.
 */
import { existsSync, linkSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { freemem } from 'node:os';
import { basename, resolve } from 'node:path';
import { defineCommand } from 'citty';
import { terminalSafe } from './terminal.ts';
import type { SqlJsStatic } from 'sql.js';
import type { SalvageReport } from '../diagnostics/db/salvage/report.ts';
import { salvage } from '../diagnostics/db/salvage/salvage.ts';
import { objectType, reasonText } from '../diagnostics/db/salvage/text.ts';
import { fileSource, type FileSource } from '../diagnostics/db/node/source-fs.ts';
import type { Locale } from '../registry/codes.ts';
import { schemaUrl } from '../generate/site.ts';
import { pickLocale } from './locale.ts';

export interface SalvageArgs {
  file: string;
  wal?: string;
  out?: string;
  json?: boolean;
  locale?: string;
}

export interface SalvageIo {
  sql: SqlJsStatic;
  env?: Record<string, string | undefined>;
}

export interface SalvageRun {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
  report?: SalvageReport;
}

/** Text from the file made safe for a terminal (the one function every command uses). */
export { terminalSafe };

const WORDS = {
  en: {
    arrow: '→', pageSize: 'page size', from: { header: 'from the header', detected: 'detected from the pages', wal: 'from the WAL' }, pages: 'pages',
    table: 'table', rows: 'rows', read: 'pages read', lost: 'pages lost', matched: 'pages matched', rejected: 'cells rejected',
    walApplied: (n: number) => `WAL applied: ${n} committed transaction${n === 1 ? '' : 's'}`,
    walRefused: (why: string) => `WAL not applied (${why})`,
    problems: (n: number, shown: number) => `${n} problem${n === 1 ? '' : 's'}${shown < n ? ` (the first ${shown})` : ''}:`,
    page: 'page', cell: 'cell', skipped: 'not rebuilt', dropped: 'left out of the new table',
    schemaError: 'its CREATE statement is damaged', columns: { schema: '', repaired: 'columns read from the damaged statement', generic: 'columns numbered c0, c1, …' },
    complete: 'Every page was read; the new database holds every row.',
    partial: 'Some data could not be read: the new database holds what could be, and the list above says what was lost.',
    noRows: 'lost_and_found holds rows whose table could not be told (rootpgno, pgno, nfield, id, c0, c1, …).',
    check: 'quick_check of the new database',
  },
  'zh-TW': {
    arrow: '→', pageSize: '頁面大小', from: { header: '取自檔頭', detected: '從頁面推斷', wal: '取自 WAL' }, pages: '頁',
    table: '資料表', rows: '列數', read: '已讀頁數', lost: '遺失頁數', matched: '比對歸入的頁', rejected: '捨棄的儲存格',
    walApplied: (n: number) => `已套用 WAL：${n} 筆已提交的交易`,
    walRefused: (why: string) => `未套用 WAL（${why}）`,
    problems: (n: number, shown: number) => `${n} 個問題${shown < n ? `（列出前 ${shown} 個）` : ''}：`,
    page: '頁', cell: '儲存格', skipped: '未重建', dropped: '新資料表未保留',
    schemaError: '它的 CREATE 陳述式已損壞', columns: { schema: '', repaired: '欄位取自損壞的陳述式', generic: '欄位以 c0、c1… 編號' },
    complete: '所有頁面都已讀取，新資料庫包含每一列。',
    partial: '有些資料無法讀取：新資料庫保存了能讀到的部分，上面列出遺失了什麼。',
    noRows: 'lost_and_found 收容無法判斷所屬資料表的列（rootpgno、pgno、nfield、id、c0、c1…）。',
    check: '新資料庫的 quick_check',
  },
} as const;

/** The report as terminal text; every string from the file is escaped. */
export function renderSalvage(report: SalvageReport, out: string, locale: Locale, maxProblems = 20): string {
  const w = WORDS[locale];
  const lines: string[] = [];
  lines.push(`${terminalSafe(basename(report.file.name))} ${w.arrow} ${terminalSafe(out)}`);
  const l = report.layout;
  if (l) lines.push(`  ${w.pageSize} ${l.pageSize} (${w.from[l.pageSizeFrom]}) · ${l.encoding} · ${l.pageCount} ${w.pages}`);
  if (report.wal) lines.push(`  ${report.wal.applied ? w.walApplied(report.wal.commits) : w.walRefused(report.wal.refusal ?? '?')}`);
  lines.push('');
  const rows = report.tables.map((t) => [terminalSafe(t.name), String(t.rows), String(t.pagesRead), String(t.pagesLost), String(t.pagesMatched), String(t.cellsRejected)]);
  const head = [w.table, w.rows, w.read, w.lost, w.matched, w.rejected];
  const width = (s: string) => [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const pad = (s: string, i: number) => (i === 0 ? s + ' '.repeat(widths[i]! - width(s)) : ' '.repeat(widths[i]! - width(s)) + s);
  lines.push(`  ${head.map(pad).join('  ')}`);
  for (const r of rows) lines.push(`  ${r.map(pad).join('  ')}`);
  for (const t of report.tables) {
    const notes: string[] = [];
    if (t.schemaError) notes.push(`${w.schemaError}: ${terminalSafe(t.schemaError)}`);
    if (t.columnsFrom !== 'schema' && t.kind !== 'lost_and_found') notes.push(w.columns[t.columnsFrom]);
    if (t.dropped.length) notes.push(`${w.dropped}: ${t.dropped.map(terminalSafe).join('; ')}`);
    if (notes.length) lines.push(`  ${terminalSafe(t.name)}: ${notes.join(' · ')}`);
  }
  if (report.tables.some((t) => t.kind === 'lost_and_found')) lines.push(`  ${w.noRows}`);
  if (report.skipped.length) {
    lines.push('');
    for (const s of report.skipped) lines.push(`  ${w.skipped}: ${objectType(s.type, locale)} ${terminalSafe(s.name)} — ${terminalSafe(reasonText(s.reason, locale))}`);
  }
  if (report.problemCount > 0) {
    const shown = report.problems.slice(0, maxProblems);
    lines.push('', `  ${w.problems(report.problemCount, shown.length)}`);
    for (const p of shown) lines.push(`    ${w.page} ${p.page}${p.cell >= 0 ? ` ${w.cell} ${p.cell}` : ''}: ${terminalSafe(reasonText(p.reason, locale))}`);
  }
  if (report.output) lines.push('', `  ${w.check}: ${report.output.quickCheck.map(terminalSafe).join(', ')}`);
  lines.push('', report.complete ? w.complete : w.partial);
  return `${lines.join('\n')}\n`;
}

/** Whether to read the whole file into memory: when it fits comfortably, else page by page. */
function inMemory(size: number): boolean {
  return size <= Math.min(2 ** 30, freemem() / 4);
}

/** Write `bytes` to `out` without ever leaving a half-written file there or replacing one. */
function writeNew(out: string, bytes: Uint8Array): string | null {
  const tmp = `${out}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    writeFileSync(tmp, bytes, { flag: 'wx' });
  } catch (error) {
    return (error as Error).message;
  }
  try {
    linkSync(tmp, out);
    unlinkSync(tmp);
    return null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      unlinkSync(tmp);
      return `${out} appeared while salvaging; it was left alone`;
    }
    // No hard links on this file system: rename, after checking once more.
    if (existsSync(out)) {
      unlinkSync(tmp);
      return `${out} already exists`;
    }
    renameSync(tmp, out);
    return null;
  }
}

/** Run salvage with its dependencies given; never throws on bad input. */
export function runSalvage(args: SalvageArgs, io: SalvageIo): SalvageRun {
  const fail = (message: string): SalvageRun => ({ exitCode: 2, stdout: '', stderr: `errdex salvage: ${terminalSafe(message)}\n` });
  const locale = pickLocale(args.locale, io.env);
  if (!locale) return fail(`--locale must be zh-TW or en (got "${args.locale}")`);
  if (!args.out) return fail('--out NEW.db is required: the recovered rows go into a new database, never into the damaged file');
  const out = resolve(args.out);
  if (existsSync(out)) return fail(`${args.out} already exists; salvage writes a new file and never overwrites one`);
  if (out === resolve(args.file) || (args.wal && out === resolve(args.wal))) return fail('--out must be a new file, not the input');
  const opened: FileSource[] = [];
  const open = (path: string): FileSource | string => {
    try {
      const size = statSync(path).size;
      const s = fileSource(path, inMemory(size) ? { mode: 'memory' } : { mode: 'lazy', chunkSize: 64 * 1024, cacheBytes: 32 << 20, readAheadBytes: 1 << 20 });
      opened.push(s);
      return s;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (error as Error).message}`;
    }
  };
  try {
    const db = open(args.file);
    if (typeof db === 'string') return fail(db);
    let walPath = args.wal;
    if (walPath === undefined && existsSync(`${args.file}-wal`) && statSync(`${args.file}-wal`).isFile()) walPath = `${args.file}-wal`;
    let wal: FileSource | undefined;
    if (walPath !== undefined) {
      const w = open(walPath);
      if (typeof w === 'string') return fail(w);
      wal = w;
    }
    const { report, bytes } = salvage({ db: { name: args.file, source: db }, wal: wal && walPath ? { name: walPath, source: wal } : undefined }, io.sql);
    if (report.unreadable || !bytes) {
      const text = args.json ? `${JSON.stringify(report, null, 2)}\n` : '';
      return { exitCode: 2, stdout: text, stderr: `errdex salvage: ${terminalSafe(args.file)}: nothing could be read (${terminalSafe(report.problem ?? 'no table pages')}); no file was written\n`, report };
    }
    const error = writeNew(out, bytes);
    if (error) return fail(`could not write ${args.out}: ${error}`);
    const withPath: SalvageReport = { ...report, output: report.output && { ...report.output, path: args.out } };
    const stdout = args.json ? `${JSON.stringify(withPath, null, 2)}\n` : renderSalvage(withPath, args.out, locale);
    return { exitCode: report.complete ? 0 : 1, stdout, stderr: '', report: withPath };
  } finally {
    for (const s of opened) s.close();
  }
}

const JSON_HELP =
  'Print the report as one JSON object: complete, unreadable, layout {pageSize, pageSizeFrom, encoding, headerIntact, pageCount, truncated}, ' +
  'wal {applied, refusal, commits, …}, schema {from, objects}, tables [{name, schemaName, kind, columnsFrom, rows, pagesRead, pagesLost, pagesMatched, cellsRejected, duplicates, schemaError, dropped}], ' +
  'pages {total, read, free, overflow, lost}, rows {recovered, lostAndFound, rejected, duplicates}, problems [{page, cell, reason}], problemCount, skipped [{name, type, reason}], output {path, bytes, quickCheck} ' +
  `(JSON Schema: ${schemaUrl('salvage')})`;

export default defineCommand({
  meta: {
    name: 'salvage',
    description: 'Recover the rows of a damaged SQLite database into a new file, reading its pages directly (no SQL from the file runs). Rows whose table cannot be told go to lost_and_found. Exit 0 when every page was read, 1 when some data was lost, 2 when nothing could be read or an argument is bad.',
  },
  args: {
    file: { type: 'positional', required: true, description: 'The damaged database file' },
    wal: { type: 'string', description: 'Its write-ahead log (default: FILE-wal when present); only committed transactions are applied, and a WAL of another database is refused' },
    out: { type: 'string', description: 'The new database to write (must not exist)' },
    json: { type: 'boolean', description: JSON_HELP, default: false },
    locale: { type: 'string', description: 'Language of the output: zh-TW or en (default: from ERRDEX_LANG / LANG)' },
  },
  async run({ args }) {
    const { loadSqlJs } = await import('../diagnostics/db/node/sqljs-node.ts');
    const { sql } = await loadSqlJs();
    const result = runSalvage({ file: args.file, wal: args.wal, out: args.out, json: args.json, locale: args.locale }, { sql, env: process.env });
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
  },
});
