/**
 * "Recover data" on the database checker page: shown under a corrupt or unreadable verdict, it
 * runs salvage in the checker's worker, downloads the new database and shows per table the rows
 * recovered and the pages lost. Every text from the file is set with textContent.
 */
import { siblingName } from '../../diagnostics/db/findings.ts';
import type { DbReport } from '../../diagnostics/db/report.ts';
import type { SalvageReport } from '../../diagnostics/db/salvage/report.ts';
import { objectType, reasonText } from '../../diagnostics/db/salvage/text.ts';
import type { Locale } from '../../registry/schema.ts';
import type { WorkerMessage } from './protocol.ts';
import { h } from './render.ts';
import type { SalvageRequest } from './salvage-protocol.ts';

const TEXT = {
  'zh-TW': {
    heading: '救回資料',
    intro: '直接讀取檔案的每一頁，把還讀得到的列寫進一個新的資料庫檔並下載。原檔不會被修改，檔案中的 SQL 也不會被執行。',
    button: '救回資料',
    again: '再次下載',
    running: '正在救回資料…',
    'phase.load': '載入 SQLite',
    'phase.open': '判斷頁面大小與 WAL',
    'phase.schema': '讀取結構',
    'phase.tables': '讀取資料表',
    'phase.orphans': '比對孤立的頁面',
    'phase.finish': '寫出新資料庫',
    done: '已寫出新資料庫並開始下載。',
    complete: '所有頁面都已讀取，新資料庫包含每一列。',
    partial: '有些資料無法讀取：新資料庫保存了能讀到的部分，下表列出遺失了什麼。',
    nothing: '這個檔案沒有任何頁面讀得出資料，因此沒有寫出檔案。',
    failed: '救回失敗：',
    table: '資料表', rows: '救回的列', read: '已讀頁數', lost: '遺失頁數', matched: '比對歸入的頁', rejected: '捨棄的儲存格',
    caption: '每個資料表救回的列與遺失的頁',
    lostAndFound: 'lost_and_found 收容無法判斷所屬資料表的列（rootpgno、pgno、nfield、id、c0、c1…）。',
    problems: '問題',
    page: '頁', cell: '儲存格',
    skipped: '未重建的物件',
    columns: { repaired: '欄位取自損壞的 CREATE 陳述式', generic: '欄位以 c0、c1… 編號' },
  },
  en: {
    heading: 'Recover data',
    intro: 'Reads every page of the file directly and writes the rows that can still be read into a new database file, which downloads. The original file is not changed, and no SQL from it runs.',
    button: 'Recover data',
    again: 'Download again',
    running: 'Recovering data…',
    'phase.load': 'Loading SQLite',
    'phase.open': 'Finding the page size and the WAL',
    'phase.schema': 'Reading the schema',
    'phase.tables': 'Reading the tables',
    'phase.orphans': 'Matching orphan pages',
    'phase.finish': 'Writing the new database',
    done: 'The new database was written and is downloading.',
    complete: 'Every page was read; the new database holds every row.',
    partial: 'Some data could not be read: the new database holds what could be, and the table below shows what was lost.',
    nothing: 'No page of this file could be read as data, so no file was written.',
    failed: 'Recovery failed: ',
    table: 'Table', rows: 'Rows recovered', read: 'Pages read', lost: 'Pages lost', matched: 'Pages matched', rejected: 'Cells rejected',
    caption: 'Rows recovered and pages lost per table',
    lostAndFound: 'lost_and_found holds rows whose table could not be told (rootpgno, pgno, nfield, id, c0, c1, …).',
    problems: 'Problems',
    page: 'page', cell: 'cell',
    skipped: 'Objects not rebuilt',
    columns: { repaired: 'columns read from the damaged CREATE statement', generic: 'columns numbered c0, c1, …' },
  },
} as const;

/** File kinds that salvage has nothing to read in. */
const NOT_A_DATABASE = new Set(['empty', 'text', 'sql-dump', 'gzip', 'zip', 'xz', 'zstd', 'bzip2', 'wal']);

/** Whether to offer "Recover data" under a report. */
export function offersSalvage(report: DbReport): boolean {
  return report.verdict === 'corrupt' || (report.verdict === 'unreadable' && !NOT_A_DATABASE.has(report.file.kind));
}

export interface SalvageHost {
  locale: Locale;
  /** Send a request to the worker under a fresh id; returns the id. */
  send(make: (id: number) => SalvageRequest): number;
}

export class SalvagePanel {
  readonly element: HTMLElement;
  #id: number | undefined;
  #button: HTMLButtonElement;
  #status: HTMLElement;
  #progress: HTMLProgressElement;
  #results: HTMLElement;
  #t: (typeof TEXT)[Locale];
  #download: { url: string; name: string } | undefined;

  readonly host: SalvageHost;
  readonly files: { db: File; wal?: File };

  constructor(host: SalvageHost, files: { db: File; wal?: File }) {
    this.host = host;
    this.files = files;
    this.#t = TEXT[host.locale];
    const t = this.#t;
    this.#button = h('button', { type: 'button', 'data-salvage': '' }, t.button);
    this.#status = h('p', { role: 'status', 'aria-live': 'polite' });
    this.#progress = h('progress', { max: '100', value: '0', 'aria-label': t.running });
    this.#progress.hidden = true;
    this.#results = h('div', { 'data-salvage-results': '' });
    this.element = h('section', { class: 'errdex-db-salvage', 'aria-labelledby': 'errdex-db-salvage-heading' },
      h('h3', { id: 'errdex-db-salvage-heading' }, t.heading),
      h('p', {}, t.intro),
      this.#button, this.#status, this.#progress, this.#results);
    this.#button.addEventListener('click', () => this.#start());
  }

  #start() {
    if (this.#download) return this.#save();
    this.#button.disabled = true;
    this.#progress.hidden = false;
    this.#status.textContent = this.#t.running;
    this.element.dataset.state = 'running';
    this.#id = this.host.send((id) => ({ type: 'salvage', id, db: this.files.db, ...(this.files.wal ? { wal: this.files.wal } : {}) }));
  }

  /** Handle a worker message; false when it is not this panel's. */
  onMessage(m: WorkerMessage): boolean {
    if (m.id !== this.#id || !(m.type === 'salvage-progress' || m.type === 'salvaged' || m.type === 'error')) return false;
    const t = this.#t;
    if (m.type === 'salvage-progress') {
      this.#progress.value = Math.round(m.done * 100);
      this.#status.textContent = t[`phase.${m.phase}`];
      return true;
    }
    this.#id = undefined;
    this.#progress.hidden = true;
    this.#button.disabled = false;
    if (m.type === 'error') {
      this.#status.textContent = `${t.failed}${m.message}`;
      this.element.dataset.state = 'error';
      return true;
    }
    this.element.dataset.state = 'done';
    this.#results.replaceChildren(this.#render(m.report));
    if (!m.bytes) {
      this.#status.textContent = t.nothing;
      this.#button.hidden = true;
      return true;
    }
    const name = siblingName(this.files.db.name.replace(/[^\w.-]+/g, '_') || 'database.db', 'recovered');
    this.#download = { url: URL.createObjectURL(new Blob([m.bytes as BlobPart], { type: 'application/vnd.sqlite3' })), name };
    this.#button.textContent = t.again;
    this.#status.textContent = t.done;
    this.#save();
    return true;
  }

  #save() {
    if (!this.#download) return;
    const a = h('a', { href: this.#download.url, download: this.#download.name });
    document.body.append(a);
    a.click();
    a.remove();
  }

  #render(report: SalvageReport): HTMLElement {
    const t = this.#t;
    const locale = this.host.locale;
    const box = h('div', {}, h('p', { 'data-salvage-verdict': report.complete ? 'complete' : 'partial' }, report.unreadable ? t.nothing : report.complete ? t.complete : t.partial));
    if (report.tables.length > 0) {
      // Focusable: a wide table scrolls inside the page's content, and keyboard users must reach it.
      const table = h('table', { class: 'errdex-db-salvage-table', tabindex: '0' }, h('caption', {}, t.caption));
      const heads = [t.table, t.rows, t.read, t.lost, t.matched, t.rejected];
      table.append(h('thead', {}, h('tr', {}, ...heads.map((x) => h('th', { scope: 'col' }, x)))));
      const body = h('tbody');
      for (const r of report.tables) {
        const name = h('th', { scope: 'row' }, r.name);
        if (r.columnsFrom !== 'schema' && r.kind !== 'lost_and_found') name.append(h('br'), h('small', {}, t.columns[r.columnsFrom]));
        body.append(h('tr', { 'data-table': r.name }, name, ...[r.rows, r.pagesRead, r.pagesLost, r.pagesMatched, r.cellsRejected].map((n) => h('td', {}, String(n)))));
      }
      table.append(body);
      box.append(table);
      if (report.tables.some((r) => r.kind === 'lost_and_found')) box.append(h('p', { class: 'errdex-db-note' }, t.lostAndFound));
    }
    if (report.skipped.length > 0) {
      box.append(h('details', {}, h('summary', {}, `${t.skipped} (${report.skipped.length})`),
        h('ul', {}, ...report.skipped.map((s) => h('li', {}, `${objectType(s.type, locale)} ${s.name}: ${reasonText(s.reason, locale)}`)))));
    }
    if (report.problemCount > 0) {
      box.append(h('details', {}, h('summary', {}, `${t.problems} (${report.problemCount})`),
        h('pre', { tabindex: '0' }, report.problems.map((p) => `${t.page} ${p.page}${p.cell >= 0 ? ` ${t.cell} ${p.cell}` : ''}: ${reasonText(p.reason, locale)}`).join('\n'))));
    }
    return box;
  }
}
