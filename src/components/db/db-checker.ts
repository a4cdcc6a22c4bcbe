/**
 * <errdex-db-checker>: drop a database (and its -wal), watch the check run in a worker, read
 * the findings, choose a profile (the check runs again at once), look inside its tables, export
 * the report. Configuration comes from data-* attributes rendered on the server; nothing is
 * sent anywhere.
 *
 * The page is the watchdog of its worker: when a phase evaluates the file's own schema
 * expressions, the worker says so with a budget; if the phase is still running past it, the
 * worker is ended and a fresh one checks again, told which check was stopped.
 *
 * The tab keeps the last report (../kit/kept.ts), with the file itself when it is small enough
 * (`KEPT_FILE_MAX`), so that Back from a code page, or a reload, shows it again; a larger file
 * is not copied into storage, and the page says that looking inside needs it dropped again.
 */
import type { TablePage } from '../../diagnostics/db/browse-values.ts';
import type { CheckRegistry } from '../../diagnostics/db/check.ts';
import { reportToJson, reportToMarkdown } from '../../diagnostics/db/export.ts';
import type { StoppedCheck } from '../../diagnostics/db/integrity.ts';
import type { DbReport } from '../../diagnostics/db/report.ts';
import { shellPath } from '../../diagnostics/shell-quote.ts';
import { translator, type Locale, type Translate, type UiKey } from '../../i18n/index.ts';
import { codePath } from '../../registry/queries.ts';
import { download, safeFileName } from '../kit/download.ts';
import { attachDropZone } from '../kit/drop-zone.ts';
import { h } from '../kit/h.ts';
import { KeptSlot, keptNote, keptTime, type Kept } from '../kit/kept.ts';
import { WorkerClient } from '../kit/worker-client.ts';
import { MEMORY_READ_MAX, type BrowseRequest, type CheckRequest, type DbMessage, type DbRequest, type ProgressMessage, type ResultMessage } from './protocol.ts';
import { renderReport, renderRows } from './render.ts';
import { offersSalvage, SalvagePanel } from './salvage.ts';

interface PageData {
  registry: CheckRegistry;
  titles: Record<string, string>;
  profiles: { id: string; name: string }[];
}

const WAL = /-wal$/i;
const SHM = /-shm$/i;
const PAGE_ROWS = 50;

interface Files {
  db: File;
  wal?: File;
  shm: boolean;
}

const gib = (n: number) => `${(n / 2 ** 30).toFixed(2)} GiB`;

/** Largest database (with its -wal) the tab keeps with its report, so that its tables can be browsed and its data recovered after Back. */
export const KEPT_FILE_MAX = 32 * 2 ** 20;

/** What the tab keeps of a check, besides the files (Blobs `db` and `wal`, when small enough). */
interface KeptDb {
  result: Omit<ResultMessage, 'type' | 'id'>;
  shm: boolean;
  profile: string;
  quick: boolean;
  /** Bytes of the database and its -wal. */
  size: number;
}

/** The words of each phase of the check. */
const PHASE: Record<ProgressMessage['phase'], UiKey> = {
  load: 'db.phase.load',
  header: 'db.phase.header',
  wal: 'db.phase.wal',
  open: 'db.phase.open',
  schema: 'db.phase.schema',
  quick_check: 'db.phase.quickCheck',
  integrity_check: 'db.phase.integrityCheck',
  foreign_key_check: 'db.phase.foreignKeyCheck',
  profile: 'db.phase.profile',
  done: 'db.phase.done',
};

export class DbCheckerElement extends HTMLElement {
  #client = WorkerClient.endingOnCancel<DbRequest, DbMessage>(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
  /** The request whose replies are awaited, and what it was. */
  #running: { id: number; kind: 'check' | 'browse'; stopped?: StoppedCheck } | undefined;
  #files: Files | undefined;
  #report: DbReport | undefined;
  #started = 0;
  #watchdog: ReturnType<typeof setTimeout> | undefined;
  #browse = { table: '', offset: 0 };
  #salvage: SalvagePanel | undefined;

  get locale(): Locale {
    return this.dataset.locale === 'en' ? 'en' : 'zh-TW';
  }

  #t: Translate = translator('zh-TW');
  #data!: PageData;
  #el = {} as {
    input: HTMLInputElement; zone: HTMLElement; profile: HTMLSelectElement; quick: HTMLInputElement;
    status: HTMLElement; progress: HTMLProgressElement; cancel: HTMLButtonElement; results: HTMLElement;
    exports: HTMLElement; json: HTMLButtonElement; md: HTMLButtonElement; inside: HTMLElement;
  };

  connectedCallback() {
    this.#t = translator(this.locale);
    const q = <T extends Element>(sel: string) => this.querySelector<T>(sel)!;
    this.#data = JSON.parse(this.dataset.page ?? '{}') as PageData;
    this.#el = {
      input: q('input[type="file"]'), zone: q('[data-drop]'), profile: q('select[data-profile]'), quick: q('input[type="checkbox"]'),
      status: q('[data-status]'), progress: q('progress'), cancel: q('[data-cancel]'), results: q('[data-results]'),
      exports: q('[data-exports]'), json: q('[data-export="json"]'), md: q('[data-export="md"]'), inside: q('[data-inside]'),
    };
    const wanted = new URLSearchParams(location.search).get('profile');
    if (wanted && [...this.#el.profile.options].some((o) => o.value === wanted)) this.#el.profile.value = wanted;
    attachDropZone({ zone: this.#el.zone, input: this.#el.input, onFiles: (files) => this.#take(files) });
    // Choosing a profile checks the file again at once, with that profile.
    this.#el.profile.addEventListener('change', () => {
      if (this.#files) this.#check();
    });
    this.#el.results.addEventListener('change', (e) => {
      const inline = (e.target as Element).closest<HTMLSelectElement>('select[data-profile-inline]');
      if (!inline || !inline.value || !this.#files) return;
      this.#el.profile.value = inline.value;
      this.#check();
    });
    this.#el.cancel.addEventListener('click', () => this.#cancel());
    this.#el.json.addEventListener('click', () => this.#download('json'));
    this.#el.md.addEventListener('click', () => this.#download('md'));
    this.dataset.state = 'idle';
    void this.#restore();
  }

  disconnectedCallback() {
    this.#client.terminate();
  }

  #say(text: string, state: string) {
    this.#el.status.textContent = text;
    this.dataset.state = state;
  }

  /** Files dropped or chosen: the database (one), its WAL, its -shm (not needed). */
  #take(files: File[]) {
    if (files.length === 0) return;
    const t = this.#t;
    const wal = files.find((f) => WAL.test(f.name));
    const shm = files.find((f) => SHM.test(f.name));
    const dbs = files.filter((f) => f !== wal && f !== shm);
    this.#dropKept();
    this.#clear();
    if (dbs.length === 0) return this.#say(t('db.error.noDb'), 'error');
    if (dbs.length > 1) return this.#say(t('db.error.manyDb'), 'error');
    const db = dbs[0]!;
    const limit = Number(this.dataset.maxBytes ?? Infinity);
    if (db.size > limit) {
      this.#say(t('db.error.tooLarge', { limit: `${(limit / 2 ** 30).toFixed(0)} GiB` }), 'error');
      this.#el.results.append(h('pre', {}, h('code', {}, `npx errdex db ${shellPath(db.name)}`)));
      return;
    }
    if (this.#readMode() === 'memory' && db.size + (wal?.size ?? 0) > MEMORY_READ_MAX) {
      return this.#say(t('db.error.memoryTooLarge', { size: gib(db.size + (wal?.size ?? 0)), limit: gib(MEMORY_READ_MAX) }), 'error');
    }
    this.#files = { db, wal, shm: !!shm };
    this.#check();
  }

  #clear() {
    this.querySelector('[data-kept-note]')?.remove();
    this.#el.results.replaceChildren();
    this.#el.inside.replaceChildren();
    this.#el.inside.hidden = true;
    this.#el.exports.hidden = true;
    this.#report = undefined;
  }

  #readMode(): CheckRequest['mode'] {
    const read = new URLSearchParams(location.search).get('read');
    return read === 'memory' || read === 'lazy' ? read : 'auto';
  }

  /** Check the files taken last, with the options as they are now. */
  #check(stopped?: StoppedCheck) {
    const files = this.#files;
    if (!files) return;
    if (this.#running) this.#cancel(false);
    this.#clear();
    this.#started = performance.now();
    const budget = Number(new URLSearchParams(location.search).get('budget'));
    const sent = this.#client.request<CheckRequest>({
      type: 'check', db: files.db, wal: files.wal, mode: this.#readMode(), memoryLimit: Number(this.dataset.memoryBytes ?? 2 ** 30),
      profile: this.#el.profile.value || undefined,
      depth: this.#el.quick.checked ? 'quick' : 'full',
      registry: this.#data.registry,
      ...(budget > 0 ? { budgetMs: budget * 1000 } : {}),
      ...(stopped ? { stopped } : {}),
    }, { progress: (m) => this.#progress(sent.id, m) });
    const running = { id: sent.id, kind: 'check' as const, stopped };
    this.#running = running;
    this.#el.progress.hidden = false;
    this.#el.progress.value = 0;
    this.#el.cancel.hidden = false;
    this.#say(this.#t('db.phase.load'), 'running');
    this.#salvage = undefined;
    void sent.reply.then((reply) => {
      // A reply to a request given up (cancelled, stopped by the watchdog, replaced) says nothing now.
      if (this.#running !== running) return;
      this.#guard();
      this.#finish();
      this.#checked(reply);
    });
  }

  #progress(id: number, m: DbMessage) {
    const running = this.#running;
    if (m.type !== 'progress' || !running || running.id !== id || !(m.phase in PHASE)) return;
    const phase = m.phase as ProgressMessage['phase'];
    this.#el.progress.value = Math.round(m.done * 100);
    if (!running.stopped) this.#el.status.textContent = this.#t(PHASE[phase]);
    this.#guard(phase, 'guard' in m ? m.guard?.budgetMs : undefined);
  }

  /** The final reply of a check. */
  #checked(m: DbMessage | { type: 'error'; id: number; message: string }) {
    const t = this.#t;
    if (m.type === 'error') return this.#say(t('db.error.failed', { message: m.message }), 'error');
    if (m.type === 'read-problem') {
      const size = gib(m.size);
      return this.#say(m.reason === 'too-large' ? t('db.error.memoryTooLarge', { size, limit: gib(MEMORY_READ_MAX) }) : t('db.error.memoryRead', { size }), 'error');
    }
    if (m.type !== 'result') return;
    this.dataset.lastMs = String(Math.round(performance.now() - this.#started));
    this.dataset.workerMs = String(Math.round(m.timing.totalMs));
    this.dataset.readMode = m.timing.mode;
    this.#say(t('db.phase.done'), 'done');
    this.#showReport(m);
    void this.#keep(m);
  }

  /** Draw a report (just made, or kept by the tab), with the salvage panel and the table browser when the file is at hand. */
  #showReport(m: ResultMessage, shm = !!this.#files?.shm) {
    const t = this.#t;
    this.#report = m.report;
    this.#el.results.replaceChildren(renderReport(m.report, {
      locale: this.locale, t, base: this.dataset.base ?? '',
      titles: new Map(Object.entries(this.#data.titles)),
      elapsedMs: m.timing.totalMs, shmIgnored: shm,
      profiles: this.#data.profiles,
    }));
    this.#el.exports.hidden = false;
    if (offersSalvage(m.report) && this.#files) {
      // After a corrupt verdict: recover the rows into a new file, in the place the report keeps for actions.
      this.#salvage = new SalvagePanel({
        locale: this.locale,
        salvage: (request, progress) => this.#client.request(request, { progress }),
      }, this.#files);
      const actions = this.#el.results.querySelector('[data-actions="corrupt"]');
      (actions ?? this.#el.results).append(this.#salvage.element);
    }
    if (this.#files) this.#inside(m.tables);
  }

  /** The report this tab keeps. */
  #kept = new KeptSlot<KeptDb>('db');

  /** Keep the report just drawn, with the files when they are small enough (else, or if they do not fit, without). */
  async #keep(m: ResultMessage) {
    const files = this.#files;
    if (!this.#kept.key || !files) return;
    const { type: _type, id: _id, ...result } = m;
    const size = files.db.size + (files.wal?.size ?? 0);
    const kept: Kept<KeptDb> = {
      name: files.db.name,
      at: Date.now(),
      data: { result, shm: files.shm, profile: this.#el.profile.value, quick: this.#el.quick.checked, size },
      blobs: size <= KEPT_FILE_MAX ? { db: files.db, ...(files.wal ? { wal: files.wal } : {}) } : undefined,
    };
    const stored = await this.#kept.store(kept);
    if (this.#files === files) this.dataset.keepState = stored === 'whole' ? (kept.blobs ? 'kept' : 'report') : stored === 'bare' ? 'report' : 'not-kept';
  }

  /** New files were dropped: the kept report goes (its note too). */
  #dropKept() {
    this.querySelector('[data-kept-note]')?.remove();
    delete this.dataset.keepState;
    void this.#kept.forget();
  }

  /** Show the report this tab kept, if any (after Back or a reload). */
  async #restore() {
    const kept = await this.#kept.recall();
    if (!kept || this.#files || this.#running) return;
    const { result, shm, profile, quick, size } = kept.data;
    const db = kept.blobs?.db;
    if (db instanceof File) this.#files = { db, wal: kept.blobs?.wal instanceof File ? kept.blobs.wal : undefined, shm };
    if ([...this.#el.profile.options].some((o) => o.value === profile)) this.#el.profile.value = profile;
    this.#el.quick.checked = quick;
    this.#say('', 'restored');
    this.#showReport({ type: 'result', id: 0, ...result }, shm);
    const words = translator(this.locale);
    const note = keptNote(words('kept.results', { name: kept.name, time: keptTime(kept.at, this.locale) }), words('kept.clear'), () => this.#clearKept(),
      this.#files ? undefined : words('db.keptNoFile', { size: size >= 2 ** 30 ? gib(size) : `${(size / 2 ** 20).toFixed(1)} MiB` }));
    this.#el.status.parentElement!.after(note);
  }

  /** The person clears the restored report: the tool is as new. */
  #clearKept() {
    this.#dropKept();
    this.#clear();
    this.#files = undefined;
    this.#say('', 'idle');
    this.#el.input.focus();
  }

  /** Start (or clear) the watchdog of the phase running now. */
  #guard(phase?: string, budgetMs?: number) {
    clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
    if (budgetMs === undefined || (phase !== 'quick_check' && phase !== 'integrity_check')) return;
    const since = performance.now();
    this.#watchdog = setTimeout(() => {
      if (!this.#running) return;
      // SQLite cannot be interrupted from outside: the worker goes, a fresh one checks again.
      this.#running = undefined;
      this.#client.terminate();
      const stopped: StoppedCheck = { pragma: phase, reason: 'time', afterMs: Math.round(performance.now() - since) };
      this.#check(stopped);
      this.#say(this.#t('db.watchdog', { phase, seconds: (budgetMs / 1000).toFixed(0) }), 'running');
    }, budgetMs);
  }

  #finish() {
    this.#running = undefined;
    this.#el.progress.hidden = true;
    this.#el.cancel.hidden = true;
  }

  #cancel(announce = true) {
    const running = this.#running;
    if (!running) return;
    this.#guard();
    this.#finish();
    this.#client.cancel(running.id);
    if (announce) this.#say(this.#t('db.cancelled'), 'cancelled');
  }

  /** The table browser under the report: pick a table, page through its rows. */
  #inside(tables: string[]) {
    const t = this.#t;
    const box = this.#el.inside;
    box.replaceChildren();
    if (tables.length === 0) return;
    const select = h('select', { id: 'errdex-db-table' }, ...tables.map((name) => h('option', { value: name }, name)));
    const prev = h('button', { type: 'button', 'data-page': 'prev' }, t('db.previous'));
    const next = h('button', { type: 'button', 'data-page': 'next' }, t('db.next'));
    const status = h('p', { class: 'errdex-db-note', role: 'status', 'data-rows-status': '' });
    const rows = h('div', { 'data-rows': '' });
    box.append(
      h('h3', { id: 'errdex-db-inside' }, t('db.inside')),
      h('p', { class: 'errdex-db-note' }, t('db.insideNote')),
      h('div', { class: 'errdex-db-pager' }, h('label', { for: 'errdex-db-table' }, t('db.table')), select, prev, next),
      status, rows,
    );
    box.hidden = false;
    select.addEventListener('change', () => this.#rows(select.value, 0));
    prev.addEventListener('click', () => this.#rows(this.#browse.table, Math.max(0, this.#browse.offset - PAGE_ROWS)));
    next.addEventListener('click', () => this.#rows(this.#browse.table, this.#browse.offset + PAGE_ROWS));
    this.#rows(tables[0]!, 0);
  }

  #rows(table: string, offset: number) {
    const files = this.#files;
    if (!files || (this.#running && this.#running.kind === 'check')) return;
    this.#browse = { table, offset };
    const status = this.#el.inside.querySelector<HTMLElement>('[data-rows-status]');
    if (status) status.textContent = this.#t('db.loadingRows');
    const sent = this.#client.request<BrowseRequest>({
      type: 'browse', db: files.db, wal: files.wal, mode: this.#readMode(), memoryLimit: Number(this.dataset.memoryBytes ?? 2 ** 30),
      table, offset, limit: PAGE_ROWS,
    });
    const running = { id: sent.id, kind: 'browse' as const };
    this.#running = running;
    void sent.reply.then((reply) => {
      if (this.#running !== running) return;
      this.#running = undefined;
      if (reply.type === 'rows') this.#showRows(reply.page);
      else if (reply.type === 'error' || reply.type === 'read-problem') this.#rowsProblem(reply.message);
    });
  }

  #showRows(page: TablePage) {
    const box = this.#el.inside;
    const status = box.querySelector<HTMLElement>('[data-rows-status]');
    if (status) status.textContent = '';
    box.querySelector('[data-rows]')?.replaceChildren(renderRows(page, { t: this.#t }));
    box.querySelector<HTMLButtonElement>('[data-page="prev"]')!.disabled = page.offset === 0;
    box.querySelector<HTMLButtonElement>('[data-page="next"]')!.disabled = page.offset + page.rows.length >= page.total;
    box.dataset.table = page.table;
    box.dataset.offset = String(page.offset);
  }

  #rowsProblem(message: string) {
    const status = this.#el.inside.querySelector<HTMLElement>('[data-rows-status]');
    if (status) status.textContent = message;
  }

  #download(kind: 'json' | 'md') {
    const report = this.#report;
    if (!report) return;
    const text = kind === 'json'
      ? reportToJson(report)
      : reportToMarkdown(report, { locale: this.locale, codeUrl: (code) => new URL(`${this.dataset.base ?? ''}${codePath(code, this.locale)}`, location.href).href });
    download(new Blob([text], { type: kind === 'json' ? 'application/json' : 'text/markdown' }), `${safeFileName(report.file.name)}.check.${kind}`);
  }
}

if (!customElements.get('errdex-db-checker')) customElements.define('errdex-db-checker', DbCheckerElement);
