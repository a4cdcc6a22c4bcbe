/**
 * The foreign-key phase: `PRAGMA foreign_key_check`, grouped by table and key, and the free
 * pages as SQLite counts them. Both read only what the file declares, never an expression of it.
 */
import { sqliteCommand } from '../shell-quote.ts';
import type { Catalog } from './catalog.ts';
import { classifyError, quoteId, type StatementRunner } from './engine.ts';
import { finding, sqlCommand } from './findings.ts';
import type { DbHeader } from './header.ts';
import { freelistFinding } from './physical.ts';
import type { DbFinding, DbReport } from './report.ts';

export function foreignKeyFindings(run: StatementRunner, catalog: Catalog, file: string): { state: DbReport['checks']['foreignKeyCheck']; findings: DbFinding[] } {
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
        }, [`SQLite: ${f.message}`], { lang: 'bash', code: sqliteCommand(file, '.schema') })],
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
    }, [`rowids: ${g.rowids.join(', ')}${g.count > g.rowids.length ? ', …' : ''}`], sqlCommand(file, `PRAGMA foreign_key_check(${quoteId(table)});`)));
  }
  return { state: 'failed', findings };
}

/** Free pages as SQLite counts them; the header's count stands in when SQLite cannot read it. */
export function freePageCount(run: StatementRunner, header: DbHeader): number {
  try {
    return Number(run('PRAGMA freelist_count', 1).rows[0]?.[0] ?? header.freelistPages);
  } catch {
    return header.freelistPages;
  }
}

/** Foreign keys and free pages, on this connection. */
export function foreignKeyPhase(run: StatementRunner, catalog: Catalog, header: DbHeader | undefined, file: string): { state: DbReport['checks']['foreignKeyCheck']; findings: DbFinding[] } {
  const fk = foreignKeyFindings(run, catalog, file);
  const findings = [...fk.findings];
  if (header) {
    const fl = freelistFinding(header, freePageCount(run, header), file);
    if (fl) findings.push(fl);
  }
  return { state: fk.state, findings };
}
