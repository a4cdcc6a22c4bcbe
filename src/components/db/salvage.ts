/**
 * "Recover data" on the database checker page: shown under a corrupt or unreadable verdict, it
 * runs salvage in the checker's worker, downloads the new database and shows per table the rows
 * recovered and the pages lost. Every text from the file is set with textContent.
 */
import { siblingName } from '../../diagnostics/db/findings.ts';
import type { DbReport } from '../../diagnostics/db/report.ts';
import type { SalvageReport } from '../../diagnostics/db/salvage/report.ts';
import { objectType, reasonText } from '../../diagnostics/db/salvage/text.ts';
import { MAGIC_KINDS } from '../../diagnostics/file-magic.ts';
import { translator, type Locale, type Translate } from '../../i18n/index.ts';
import { download, safeFileName } from '../kit/download.ts';
import { h } from '../kit/h.ts';
import type { Sent, Unsent } from '../kit/worker-client.ts';
import type { DbMessage } from './protocol.ts';
import type { SalvageRequest } from './salvage-protocol.ts';

/** File kinds that salvage has nothing to read in: every kind told by its magic number, and text. */
const NOT_A_DATABASE = new Set<string>(['empty', 'text', 'sql-dump', 'wal', ...MAGIC_KINDS]);

/** Whether to offer "Recover data" under a report. */
export function offersSalvage(report: DbReport): boolean {
  return report.verdict === 'corrupt' || (report.verdict === 'unreadable' && !NOT_A_DATABASE.has(report.file.kind));
}

export interface SalvageHost {
  locale: Locale;
  /** Send the request to the checker's worker; progress replies go to `progress`. */
  salvage(request: Unsent<SalvageRequest>, progress: (m: DbMessage) => void): Sent<DbMessage>;
}

const PHASE = {
  load: 'db.salvage.phase.load',
  open: 'db.salvage.phase.open',
  schema: 'db.salvage.phase.schema',
  tables: 'db.salvage.phase.tables',
  orphans: 'db.salvage.phase.orphans',
  finish: 'db.salvage.phase.finish',
} as const;

export class SalvagePanel {
  readonly element: HTMLElement;
  #button: HTMLButtonElement;
  #status: HTMLElement;
  #progress: HTMLProgressElement;
  #results: HTMLElement;
  #t: Translate;
  #running = false;
  #download: { blob: Blob; name: string } | undefined;

  readonly host: SalvageHost;
  readonly files: { db: File; wal?: File };

  constructor(host: SalvageHost, files: { db: File; wal?: File }) {
    this.host = host;
    this.files = files;
    this.#t = translator(host.locale);
    const t = this.#t;
    this.#button = h('button', { type: 'button', 'data-salvage': '' }, t('db.salvage.button'));
    this.#status = h('p', { role: 'status', 'aria-live': 'polite' });
    this.#progress = h('progress', { max: '100', value: '0', 'aria-label': t('db.salvage.running') });
    this.#progress.hidden = true;
    this.#results = h('div', { 'data-salvage-results': '' });
    this.element = h('section', { class: 'errdex-db-salvage', 'aria-labelledby': 'errdex-db-salvage-heading' },
      h('h3', { id: 'errdex-db-salvage-heading' }, t('db.salvage.heading')),
      h('p', {}, t('db.salvage.intro')),
      this.#button, this.#status, this.#progress, this.#results);
    this.#button.addEventListener('click', () => void this.#start());
  }

  async #start() {
    if (this.#download) return this.#save();
    if (this.#running) return;
    const t = this.#t;
    this.#running = true;
    this.#button.disabled = true;
    this.#progress.hidden = false;
    this.#status.textContent = t('db.salvage.running');
    this.element.dataset.state = 'running';
    const sent = this.host.salvage({ type: 'salvage', db: this.files.db, ...(this.files.wal ? { wal: this.files.wal } : {}) }, (m) => {
      if (m.type !== 'progress' || !(m.phase in PHASE)) return;
      this.#progress.value = Math.round(m.done * 100);
      this.#status.textContent = t(PHASE[m.phase as keyof typeof PHASE]);
    });
    const m = await sent.reply;
    this.#running = false;
    this.#progress.hidden = true;
    this.#button.disabled = false;
    if (m.type !== 'salvaged') {
      this.#status.textContent = t('db.salvage.failed', { message: 'message' in m ? m.message : m.type });
      this.element.dataset.state = 'error';
      return;
    }
    this.element.dataset.state = 'done';
    this.#results.replaceChildren(this.#render(m.report));
    if (!m.bytes) {
      this.#status.textContent = t('db.salvage.nothing');
      this.#button.hidden = true;
      return;
    }
    const name = siblingName(safeFileName(this.files.db.name || 'database.db'), 'recovered');
    this.#download = { blob: new Blob([m.bytes as BlobPart], { type: 'application/vnd.sqlite3' }), name };
    this.#button.textContent = t('db.salvage.again');
    this.#status.textContent = t('db.salvage.done');
    this.#save();
  }

  #save() {
    if (this.#download) download(this.#download.blob, this.#download.name);
  }

  #render(report: SalvageReport): HTMLElement {
    const t = this.#t;
    const locale = this.host.locale;
    const box = h('div', {}, h('p', { 'data-salvage-verdict': report.complete ? 'complete' : 'partial' },
      report.unreadable ? t('db.salvage.nothing') : report.complete ? t('db.salvage.complete') : t('db.salvage.partial')));
    if (report.tables.length > 0) {
      // Focusable: a wide table scrolls inside the page's content, and keyboard users must reach it.
      const table = h('table', { class: 'errdex-db-salvage-table', tabindex: '0' }, h('caption', {}, t('db.salvage.caption')));
      const heads = [t('db.salvage.table'), t('db.salvage.rows'), t('db.salvage.read'), t('db.salvage.lost'), t('db.salvage.matched'), t('db.salvage.rejected')];
      table.append(h('thead', {}, h('tr', {}, ...heads.map((x) => h('th', { scope: 'col' }, x)))));
      const body = h('tbody');
      for (const r of report.tables) {
        const name = h('th', { scope: 'row' }, r.name);
        if (r.columnsFrom !== 'schema' && r.kind !== 'lost_and_found') {
          name.append(h('br'), h('small', {}, t(r.columnsFrom === 'repaired' ? 'db.salvage.columnsRepaired' : 'db.salvage.columnsGeneric')));
        }
        body.append(h('tr', { 'data-table': r.name }, name, ...[r.rows, r.pagesRead, r.pagesLost, r.pagesMatched, r.cellsRejected].map((n) => h('td', {}, String(n)))));
      }
      table.append(body);
      box.append(table);
      if (report.tables.some((r) => r.kind === 'lost_and_found')) box.append(h('p', { class: 'errdex-db-note' }, t('db.salvage.lostAndFound')));
    }
    if (report.skipped.length > 0) {
      box.append(h('details', {}, h('summary', {}, t('db.salvage.count', { what: t('db.salvage.skipped'), n: report.skipped.length })),
        h('ul', {}, ...report.skipped.map((s) => h('li', {}, `${objectType(s.type, locale)} ${s.name}: ${reasonText(s.reason, locale)}`)))));
    }
    if (report.problemCount > 0) {
      const line = (p: SalvageReport['problems'][number]) => p.cell >= 0
        ? t('db.salvage.cellProblem', { page: p.page, cell: p.cell, reason: reasonText(p.reason, locale) })
        : t('db.salvage.problem', { page: p.page, reason: reasonText(p.reason, locale) });
      box.append(h('details', {}, h('summary', {}, t('db.salvage.count', { what: t('db.salvage.problems'), n: report.problemCount })),
        h('pre', { tabindex: '0' }, report.problems.map(line).join('\n'))));
    }
    return box;
  }
}
