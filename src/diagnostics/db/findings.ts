/**
 * The kinds of findings the checker makes about any SQLite file, each with its registry code
 * (content/registry/sqlite.yaml) and its message in both locales. Profile data checks carry
 * their own codes from the registry.
 */
import type { Localized } from '../../registry/schema.ts';
import { shellPath, sqliteCommand } from '../shell-quote.ts';
import type { DbFinding, FindingSeverity, SuggestedCommand } from './report.ts';

/** Kind of finding -> registry code. Each code's page explains the kind and how to fix it. */
export const CODES = {
  'not-a-database': 'SQLT_9000',
  'empty-file': 'SQLT_9001',
  truncated: 'SQLT_9002',
  'header-invalid': 'SQLT_9003',
  encrypted: 'SQLT_9004',
  'wal-missing': 'SQLT_9005',
  'wal-unusable': 'SQLT_9006',
  'wal-uncommitted': 'SQLT_9007',
  'wal-pending': 'SQLT_9008',
  'freelist-bloat': 'SQLT_9009',
  'header-unusual': 'SQLT_9010',
  'no-tables': 'SQLT_9011',
  'wal-foreign': 'SQLT_9012',
  corrupt: 'SQLT_9100',
  'schema-malformed': 'SQLT_9101',
  'index-mismatch': 'SQLT_9102',
  'constraint-violation': 'SQLT_9103',
  'check-incomplete': 'SQLT_9104',
  'expression-budget': 'SQLT_9105',
  'missing-table': 'SQLT_9200',
  'missing-column': 'SQLT_9201',
  'missing-index': 'SQLT_9202',
  'wrong-object-type': 'SQLT_9203',
  'column-type': 'SQLT_9204',
  'foreign-key-definition': 'SQLT_9205',
  'unknown-schema': 'SQLT_9206',
  'migration-state': 'SQLT_9207',
  'check-skipped': 'SQLT_9208',
  'foreign-key-violation': 'SQLT_9300',
} as const;
export type FindingKind = keyof typeof CODES;

export function finding(
  kind: FindingKind,
  severity: FindingSeverity,
  message: Localized,
  evidence: string[] = [],
  command?: SuggestedCommand,
): DbFinding {
  return { kind, code: CODES[kind], severity, message, evidence, ...(command ? { command } : {}) };
}

/** A finding of a profile's rule (`vectors`, `migrations`): its own kind, and the code the profile names. */
export function ruleFinding(
  kind: string,
  code: string,
  severity: FindingSeverity,
  message: Localized,
  evidence: string[] = [],
  command?: SuggestedCommand,
): DbFinding {
  return { kind, code, severity, message, evidence, ...(command ? { command } : {}) };
}

/** `dir/name.db` -> `dir/name.recovered.db` (and the like for other suffixes). */
export function siblingName(name: string, tag: string): string {
  const cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1;
  const dir = name.slice(0, cut);
  const base = name.slice(cut) || 'database.db';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? `${dir}${base.slice(0, dot)}.${tag}${base.slice(dot)}` : `${dir}${base}.${tag}`;
}

export const bytes = (n: number): string =>
  n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(2)} GiB` : n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;

/** The same text in both locales (for facts that need no translation). */
export const both = (text: string): Localized => ({ 'zh-TW': text, en: text });

/**
 * SQL to run on the file, as the command that runs it: `sqlite3 'FILE' 'SQL'`, both quoted by
 * the one quoting function. Line breaks outside quotes become spaces, so a statement written on
 * several lines stays one readable shell line (SQL written with a `--` comment keeps its lines).
 */
export function sqlCommand(file: string, sql: string): SuggestedCommand {
  return { lang: 'bash', code: sqliteCommand(file, oneLine(sql.trim())) };
}

function oneLine(sql: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote) {
      out += c;
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`' || c === '[') {
      quote = c === '[' ? ']' : c;
      out += c;
    } else if (c === '-' && sql[i + 1] === '-') {
      return sql;
    } else if (/\s/.test(c)) {
      let j = i;
      while (j < sql.length && /\s/.test(sql[j]!)) j++;
      out += ' ';
      i = j - 1;
    } else out += c;
  }
  return out;
}

export function recoverCommand(file: string): SuggestedCommand {
  const out = siblingName(file, 'recovered');
  return {
    lang: 'bash',
    // errdex salvage reads the file page by page (sqlite3's .recover needs a build with the
    // sqlite_dbpage table, which Debian's and most distributions' sqlite3 lack).
    code: `cp ${shellPath(file)} ${shellPath(siblingName(file, 'backup'))}\nerrdex salvage ${shellPath(file)} --out ${shellPath(out)}\n${sqliteCommand(out, 'PRAGMA integrity_check;')}`,
  };
}

/** Lines of integrity_check, sorted into what fixes them. */
export interface IntegrityLines {
  /** Index entries that disagree with their table: REINDEX rebuilds them. */
  index: string[];
  /** NOT NULL, CHECK and type constraints broken by stored rows. */
  constraint: string[];
  /** Everything else: damaged pages, b-trees and freelists. */
  structure: string[];
}

const INDEX_LINE = /missing from index|wrong # of entries in index|non-unique entry in index|index \S+ stores an imprecise/i;
const CONSTRAINT_LINE = /^(NULL value in|CHECK constraint failed in|(TEXT|INTEGER|REAL|BLOB|NUMERIC|NON-NUMERIC) value in)/i;

export function sortIntegrityLines(lines: readonly string[]): IntegrityLines {
  const out: IntegrityLines = { index: [], constraint: [], structure: [] };
  for (const line of lines) {
    if (line === 'ok' || line.startsWith('*** in database')) continue;
    if (INDEX_LINE.test(line)) out.index.push(line);
    else if (CONSTRAINT_LINE.test(line)) out.constraint.push(line);
    else out.structure.push(line);
  }
  return out;
}

/** Names of indexes that integrity_check blamed, for a targeted REINDEX. */
export function indexesNamed(lines: readonly string[]): string[] {
  const names = new Set<string>();
  for (const line of lines) {
    const m = /index (\S+)/i.exec(line);
    if (m) names.add(m[1]!);
  }
  return [...names];
}
