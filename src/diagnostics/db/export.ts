/**
 * The report as text for a support ticket (Markdown) or for scripts (JSON). Anything that
 * came from the file (names, SQLite's messages, sample values) is put in code spans or fenced
 * blocks, so it cannot turn into links or markup where the Markdown is rendered.
 */
import type { Locale } from '../../registry/schema.ts';
import type { DbFinding, DbReport, Verdict } from './report.ts';

export function reportToJson(report: DbReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const VERDICT: Record<Verdict, Record<Locale, string>> = {
  healthy: { 'zh-TW': '健康：沒有發現問題', en: 'Healthy: no problems found' },
  unrecognised: { 'zh-TW': '實體檢查通過，但無法辨識所屬的應用程式：應用程式的資料沒有被檢查', en: 'Physical checks passed; the application was not recognised, so its data was not checked' },
  warning: { 'zh-TW': '需要注意：有警告', en: 'Needs attention: warnings found' },
  error: { 'zh-TW': '有錯誤：資料或結構有問題', en: 'Errors: problems in the data or the schema' },
  corrupt: { 'zh-TW': '已損壞：SQLite 的完整性檢查沒有通過', en: 'Corrupt: SQLite’s integrity check failed' },
  unreadable: { 'zh-TW': '無法檢查：SQLite 無法開啟或檢查這個檔案', en: 'Not checked: SQLite could not open or check the file' },
};

export function verdictText(verdict: Verdict, locale: Locale): string {
  return VERDICT[verdict][locale];
}

const SEVERITY: Record<DbFinding['severity'], Record<Locale, string>> = {
  error: { 'zh-TW': '錯誤', en: 'error' },
  warning: { 'zh-TW': '警告', en: 'warning' },
  info: { 'zh-TW': '資訊', en: 'info' },
};

export function severityText(severity: DbFinding['severity'], locale: Locale): string {
  return SEVERITY[severity][locale];
}

/** Inline code that survives any content (backticks included). */
export function mdCode(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ');
  const runs = clean.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** A fenced block that survives any content. */
export function mdBlock(text: string, lang = ''): string {
  const runs = text.match(/`{3,}/g) ?? [];
  const fence = '`'.repeat(Math.max(3, ...runs.map((r) => r.length + 1)));
  return `${fence}${lang}\n${text}\n${fence}`;
}

/** Plain prose of ours may still quote names from the file: keep Markdown from acting on it. */
function mdText(text: string): string {
  return text.replace(/([\\`*_[\]<>#|!])/g, '\\$1');
}

export interface MarkdownOptions {
  locale: Locale;
  /** Absolute or site-relative URL of a code's page. */
  codeUrl?: (code: string) => string;
}

export function reportToMarkdown(report: DbReport, options: MarkdownOptions): string {
  const l = options.locale;
  const zh = l === 'zh-TW';
  const link = (code: string) => (options.codeUrl ? `[${code}](${options.codeUrl(code)})` : code);
  const out: string[] = [];
  out.push(`# ${zh ? 'SQLite 資料庫檢查報告' : 'SQLite database check'}: ${mdCode(report.file.name)}`, '');
  out.push(`**${verdictText(report.verdict, l)}**`, '');
  const rows: [string, string][] = [
    [zh ? '檔案大小' : 'File size', `${report.file.size} B`],
    ['integrity', mdCode(report.integrity)],
    ['quick_check / integrity_check / foreign_key_check', [report.checks.quickCheck, report.checks.integrityCheck, report.checks.foreignKeyCheck].join(' / ')],
    [zh ? '設定檔' : 'Profile', report.profile ? `${mdCode(report.profile)} (${report.profileSource})` : '—'],
  ];
  const h = report.header;
  if (h) {
    rows.push(
      [zh ? '頁面大小 × 頁數' : 'Page size × pages', `${h.pageSize} × ${h.pageCount}`],
      [zh ? '日誌模式' : 'Journal mode', h.journalMode],
      [zh ? '文字編碼' : 'Text encoding', h.textEncoding ?? String(h.textEncodingValue)],
      [zh ? '空頁' : 'Free pages', String(h.freelistPages)],
      ['schema format / user_version / application_id', `${h.schemaFormat} / ${h.userVersion} / ${h.applicationId}`],
      [zh ? '最後寫入的 SQLite 版本' : 'Last written by SQLite', h.sqliteVersion ?? '—'],
    );
  }
  if (report.wal) {
    const w = report.wal;
    rows.push(['WAL', `${mdCode(w.name)}: ${w.frames} frames, ${w.commits} commits, ${w.applied ? (zh ? '已套用' : 'applied') : zh ? '未套用' : 'not applied'}`]);
  }
  if (report.schema) {
    const s = report.schema;
    rows.push([zh ? '結構' : 'Schema', `${s.tables} tables, ${s.indexes} indexes, ${s.views} views, ${s.triggers} triggers, ${s.virtualTables} virtual tables`]);
  }
  out.push(`| | |`, `|---|---|`, ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`), '');

  out.push(`## ${zh ? '發現' : 'Findings'} (${report.findings.length})`, '');
  if (report.findings.length === 0) out.push(zh ? '沒有發現。' : 'None.', '');
  for (const f of report.findings) {
    const system = f.systemCode ? ` · ${link(f.systemCode)}` : '';
    out.push(`### ${severityText(f.severity, l)} · ${link(f.code)}${system}`, '', mdText(f.message[l]), '');
    if (f.evidence.length > 0) out.push(mdBlock(f.evidence.join('\n'), 'text'), '');
    if (f.command) out.push(`${zh ? '建議指令' : 'Suggested command'}:`, '', mdBlock(f.command.code, f.command.lang), '');
  }
  if (report.messages.length > 0 && report.integrity !== 'ok') {
    out.push(`## ${zh ? 'SQLite 的訊息' : 'SQLite’s messages'}`, '', mdBlock(report.messages.join('\n'), 'text'), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
