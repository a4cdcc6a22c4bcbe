/**
 * <errdex-db-checker>: drop a database (and its -wal), watch the check run in a worker, read
 * the findings, export them. Configuration comes from data-* attributes and a JSON script
 * element rendered on the server; nothing is sent anywhere.
 */
import type { CheckRegistry } from '../../diagnostics/db/check.ts';
import { reportToJson, reportToMarkdown } from '../../diagnostics/db/export.ts';
import type { DbReport } from '../../diagnostics/db/report.ts';
import { codePath } from '../../registry/queries.ts';
import type { Locale } from '../../registry/schema.ts';
import type { CheckRequest, WorkerMessage } from './protocol.ts';
import { h, renderReport } from './render.ts';
import { offersSalvage, SalvagePanel } from './salvage.ts';
import { strings } from './strings.ts';

interface PageData {
  registry: CheckRegistry;
  titles: Record<string, string>;
}

const WAL = /-wal$/i;
const SHM = /-shm$/i;

export class DbCheckerElement extends HTMLElement {
  #worker: Worker | undefined;
  #id = 0;
  #running: number | undefined;
  #report: DbReport | undefined;
  #started = 0;
  #files: { db: File; wal?: File } | undefined;
  #salvage: SalvagePanel | undefined;

  get locale(): Locale {
    return this.dataset.locale === 'en' ? 'en' : 'zh-TW';
  }

  #t = strings('zh-TW');
  #data!: PageData;
  #el = {} as {
    input: HTMLInputElement; zone: HTMLElement; profile: HTMLSelectElement; quick: HTMLInputElement;
    status: HTMLElement; progress: HTMLProgressElement; cancel: HTMLButtonElement; results: HTMLElement;
    exports: HTMLElement; json: HTMLButtonElement; md: HTMLButtonElement;
  };

  connectedCallback() {
    this.#t = strings(this.locale);
    const q = <T extends Element>(sel: string) => this.querySelector<T>(sel)!;
    this.#data = JSON.parse(this.dataset.page ?? '{}') as PageData;
    this.#el = {
      input: q('input[type="file"]'), zone: q('[data-drop]'), profile: q('select'), quick: q('input[type="checkbox"]'),
      status: q('[data-status]'), progress: q('progress'), cancel: q('[data-cancel]'), results: q('[data-results]'),
      exports: q('[data-exports]'), json: q('[data-export="json"]'), md: q('[data-export="md"]'),
    };
    const wanted = new URLSearchParams(location.search).get('profile');
    if (wanted && [...this.#el.profile.options].some((o) => o.value === wanted)) this.#el.profile.value = wanted;
    this.#el.input.addEventListener('change', () => this.#start([...(this.#el.input.files ?? [])]));
    this.#el.zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      this.#el.zone.dataset.over = 'true';
    });
    this.#el.zone.addEventListener('dragleave', () => delete this.#el.zone.dataset.over);
    this.#el.zone.addEventListener('drop', (e) => {
      e.preventDefault();
      delete this.#el.zone.dataset.over;
      this.#start([...(e.dataTransfer?.files ?? [])]);
    });
    this.#el.cancel.addEventListener('click', () => this.#cancel());
    this.#el.json.addEventListener('click', () => this.#download('json'));
    this.#el.md.addEventListener('click', () => this.#download('md'));
    this.dataset.state = 'idle';
  }

  disconnectedCallback() {
    this.#worker?.terminate();
    this.#worker = undefined;
  }

  #say(text: string, state: string) {
    this.#el.status.textContent = text;
    this.dataset.state = state;
  }

  #start(files: File[]) {
    if (files.length === 0) return;
    const t = this.#t;
    const wal = files.find((f) => WAL.test(f.name));
    const shm = files.find((f) => SHM.test(f.name));
    const dbs = files.filter((f) => f !== wal && f !== shm);
    this.#el.results.replaceChildren();
    this.#el.exports.hidden = true;
    if (dbs.length === 0) return this.#say(t('error.noDb'), 'error');
    if (dbs.length > 1) return this.#say(t('error.manyDb'), 'error');
    const db = dbs[0]!;
    const limit = Number(this.dataset.maxBytes ?? Infinity);
    if (db.size > limit) {
      this.#say(t('error.tooLarge').replace('{limit}', `${(limit / 2 ** 30).toFixed(0)} GiB`), 'error');
      this.#el.results.append(h('pre', {}, h('code', {}, `npx errdex db ${db.name}`)));
      return;
    }
    if (this.#running !== undefined) this.#cancel(false);
    const id = ++this.#id;
    this.#running = id;
    this.#started = performance.now();
    const read = new URLSearchParams(location.search).get('read');
    const mode: CheckRequest['mode'] = read === 'memory' || read === 'lazy' ? read : 'auto';
    const request: CheckRequest = {
      type: 'check', id, db, wal, mode, memoryLimit: Number(this.dataset.memoryBytes ?? 2 ** 30),
      profile: this.#el.profile.value || undefined,
      depth: this.#el.quick.checked ? 'quick' : 'full',
      registry: this.#data.registry,
    };
    this.#worker ??= this.#spawn();
    this.#el.progress.hidden = false;
    this.#el.progress.value = 0;
    this.#el.cancel.hidden = false;
    this.#say(t('phase.load'), 'running');
    this.dataset.shm = shm ? 'ignored' : '';
    this.#worker.postMessage(request);
    this.#files = { db, ...(wal ? { wal } : {}) };
    this.#salvage = undefined;
  }

  #spawn(): Worker {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => this.#onMessage(e.data));
    worker.addEventListener('error', (e) => {
      if (this.#running === undefined) return;
      this.#finish();
      this.#say(`${this.#t('error.failed')}${e.message || 'worker error'}`, 'error');
      this.#worker?.terminate();
      this.#worker = undefined;
    });
    return worker;
  }

  #onMessage(m: WorkerMessage) {
    if (this.#salvage?.onMessage(m)) return;
    if (m.id !== this.#running || m.type === 'salvage-progress' || m.type === 'salvaged') return;
    const t = this.#t;
    if (m.type === 'progress') {
      this.#el.progress.value = Math.round(m.done * 100);
      this.#el.status.textContent = t(`phase.${m.phase}`);
      return;
    }
    this.#finish();
    if (m.type === 'error') return this.#say(`${t('error.failed')}${m.message}`, 'error');
    this.#report = m.report;
    this.dataset.lastMs = String(Math.round(performance.now() - this.#started));
    this.dataset.workerMs = String(Math.round(m.timing.totalMs));
    this.dataset.readMode = m.timing.mode;
    this.#say(t('phase.done'), 'done');
    this.#el.results.replaceChildren(renderReport(m.report, {
      locale: this.locale, t, base: this.dataset.base ?? '',
      titles: new Map(Object.entries(this.#data.titles)),
      elapsedMs: m.timing.totalMs, shmIgnored: this.dataset.shm === 'ignored',
    }));
    this.#el.exports.hidden = false;
    if (offersSalvage(m.report) && this.#files) {
      this.#salvage = new SalvagePanel({
        locale: this.locale,
        send: (make) => {
          const id = ++this.#id;
          this.#worker ??= this.#spawn();
          this.#worker.postMessage(make(id));
          return id;
        },
      }, this.#files);
      this.#el.results.append(this.#salvage.element);
    }
  }

  #finish() {
    this.#running = undefined;
    this.#el.progress.hidden = true;
    this.#el.cancel.hidden = true;
  }

  #cancel(announce = true) {
    if (this.#running === undefined) return;
    // SQLite cannot be interrupted from outside: the worker goes, a new one comes with the next check.
    this.#worker?.postMessage({ type: 'cancel', id: this.#running });
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#finish();
    if (announce) this.#say(this.#t('cancelled'), 'cancelled');
  }

  #download(kind: 'json' | 'md') {
    const report = this.#report;
    if (!report) return;
    const text = kind === 'json'
      ? reportToJson(report)
      : reportToMarkdown(report, { locale: this.locale, codeUrl: (code) => new URL(`${this.dataset.base ?? ''}${codePath(code, this.locale)}`, location.href).href });
    const blob = new Blob([text], { type: kind === 'json' ? 'application/json' : 'text/markdown' });
    const a = h('a', { href: URL.createObjectURL(blob), download: `${report.file.name.replace(/[^\w.-]+/g, '_')}.check.${kind}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }
}

if (!customElements.get('errdex-db-checker')) customElements.define('errdex-db-checker', DbCheckerElement);
