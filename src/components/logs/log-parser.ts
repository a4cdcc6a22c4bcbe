/**
 * <errdex-log-parser>: drop or paste a log, watch it stream through the parser in a Web Worker
 * (progress, MB/s, cancel), then read the summary, the timeline, the codes with links to their
 * pages, the top messages and a virtualised, filterable list of records with their continuation
 * lines highlighted. Configuration comes from data-* attributes and a JSON script element rendered
 * on the server; the file never leaves the browser.
 *
 * The worker and the highlighter are loaded when the tool is first used (a pointer over it, focus
 * in it, or a file dragged over the page), so that reading a file makes no request at all.
 */
import type { Level } from '../../diagnostics/logs/levels.ts';
import type { LogRecord, LogRegistry, LogSummary } from '../../diagnostics/logs/types.ts';
import { codePath } from '../../registry/queries.ts';
import type { Locale } from '../../registry/schema.ts';
import type { RecordFilter, RecordRow, ResultMessage, WorkerMessage, WorkerRequest } from './protocol.ts';
import { fmt, h, renderCards, renderCodes, renderCounts, renderProblems, renderTemplates, renderTimeline, when, type CodeInfo } from './render.ts';
import { strings } from './strings.ts';

interface PageData {
  registry: LogRegistry;
  codes: Record<string, CodeInfo>;
}

/** Height of one row of the record list, in pixels (the CSS gives rows this height). */
const ROW = 30;
const OVERSCAN = 12;

type Pending = (message: WorkerMessage) => void;

export class LogParserElement extends HTMLElement {
  #t = strings('zh-TW');
  #data!: PageData;
  #worker: Worker | undefined;
  #registrySent = false;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #running: number | undefined;
  #summary: LogSummary | undefined;
  #filter: RecordFilter = {};
  #total = 0;
  #warm: Promise<void> | undefined;
  #el = {} as {
    zone: HTMLElement; input: HTMLInputElement; paste: HTMLTextAreaElement; pasteButton: HTMLButtonElement;
    status: HTMLElement; progress: HTMLProgressElement; cancel: HTMLButtonElement; results: HTMLElement;
    list: HTMLElement; level: HTMLSelectElement; code: HTMLSelectElement; text: HTMLInputElement; count: HTMLElement;
    viewport: HTMLElement; spacer: HTMLElement; rows: HTMLOListElement; detail: HTMLElement; exports: HTMLElement;
  };

  get locale(): Locale {
    return this.dataset.locale === 'en' ? 'en' : 'zh-TW';
  }

  connectedCallback() {
    this.#t = strings(this.locale);
    const q = <T extends Element>(sel: string) => this.querySelector<T>(sel)!;
    this.#data = JSON.parse(this.dataset.page ?? '{}') as PageData;
    this.#el = {
      zone: q('[data-drop]'), input: q('input[type="file"]'), paste: q('textarea'), pasteButton: q('[data-paste]'),
      status: q('[data-status]'), progress: q('progress'), cancel: q('[data-cancel]'), results: q('[data-results]'),
      list: q('[data-list]'), level: q('[data-filter="level"]'), code: q('[data-filter="code"]'), text: q('[data-filter="text"]'),
      count: q('[data-count]'), viewport: q('[data-viewport]'), spacer: q('[data-spacer]'), rows: q('[data-rows]'),
      detail: q('[data-detail]'), exports: q('[data-exports]'),
    };
    const { zone, input, paste, pasteButton, cancel, level, code, text, viewport } = this.#el;
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) void this.#analyze(file, file.name);
      input.value = '';
    });
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      zone.dataset.over = 'true';
    });
    zone.addEventListener('dragleave', () => delete zone.dataset.over);
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      delete zone.dataset.over;
      const file = e.dataTransfer?.files[0];
      if (file) void this.#analyze(file, file.name);
    });
    pasteButton.addEventListener('click', () => {
      if (!paste.value.trim()) {
        this.#say(this.#t('emptyPaste'), 'idle');
        return;
      }
      void this.#analyze(new Blob([paste.value], { type: 'text/plain' }), this.locale === 'en' ? 'pasted text' : '貼上的文字');
    });
    cancel.addEventListener('click', () => this.#cancel());
    // Warm up when the tool is about to be used.
    const warm = () => void this.warmUp();
    this.addEventListener('pointerenter', warm, { once: true });
    this.addEventListener('focusin', warm, { once: true });
    document.addEventListener('dragenter', warm, { once: true });
    const refilter = () => {
      this.#filter = { minLevel: (level.value || undefined) as Level | undefined, code: code.value || undefined, text: text.value || undefined };
      viewport.scrollTop = 0;
      void this.#fillRows();
    };
    level.addEventListener('change', refilter);
    code.addEventListener('change', refilter);
    let timer: ReturnType<typeof setTimeout> | undefined;
    text.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(refilter, 200);
    });
    let frame = 0;
    viewport.addEventListener('scroll', () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => void this.#fillRows());
    });
    this.querySelectorAll<HTMLButtonElement>('[data-export]').forEach((b) => b.addEventListener('click', () => void this.#export(b.dataset.export as 'json' | 'csv')));
    this.dataset.state = 'idle';
    this.dataset.ready = 'true';
  }

  disconnectedCallback() {
    this.#worker?.terminate();
    this.#worker = undefined;
  }

  /** Load the worker and the highlighter, so that a dropped file is read without any request. */
  warmUp(): Promise<void> {
    this.#warm ??= (async () => {
      const ping = this.#request({ type: 'ping', id: 0 });
      await Promise.all([ping, import('./highlight.ts').then((m) => m.loadHighlighter())]).catch(() => undefined);
      this.dataset.warm = 'ready';
    })();
    return this.#warm;
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => {
      const handler = this.#pending.get(e.data.id);
      if (handler) handler(e.data);
    });
    worker.addEventListener('error', (e) => {
      for (const handler of this.#pending.values()) handler({ type: 'error', id: -1, message: e.message || 'the worker stopped' });
    });
    this.#worker = worker;
    return worker;
  }

  /** Send a request; resolve with its final reply (progress goes to `onProgress`). */
  #request(request: WorkerRequest, onProgress?: (m: WorkerMessage) => void, transfer: Transferable[] = []): Promise<WorkerMessage> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, (m) => {
        if (m.type === 'progress') {
          onProgress?.(m);
          return;
        }
        this.#pending.delete(id);
        resolve(m);
      });
      worker.postMessage({ ...request, id }, transfer);
    });
  }

  #say(text: string, state: string) {
    this.#el.status.textContent = text;
    this.dataset.state = state;
  }

  async #analyze(file: Blob, name: string) {
    if (this.#running !== undefined) {
      this.#el.status.textContent = this.#t('busy');
      return;
    }
    const t = this.#t;
    const { progress, cancel, results, list, exports, detail } = this.#el;
    results.replaceChildren();
    list.hidden = true;
    exports.hidden = true;
    detail.hidden = true;
    delete this.dataset.mbps;
    delete this.dataset.records;
    progress.hidden = false;
    progress.value = 0;
    cancel.hidden = false;
    this.#say(t('readingUnknown', { name, read: '0 MB', mbps: '0' }), 'running');
    const registry = this.#registrySent ? undefined : this.#data.registry;
    this.#registrySent = true;
    const started = performance.now();
    this.#running = this.#nextId;
    const reply = await this.#request({ type: 'analyze', id: 0, file, name, registry }, (m) => {
      if (m.type !== 'progress') return;
      const mbps = (m.bytes / 2 ** 20 / Math.max(m.elapsedMs / 1000, 0.001)).toFixed(0);
      const read = `${(m.bytes / 2 ** 20).toFixed(1)} MB`;
      progress.value = m.total ? (100 * m.bytes) / m.total : 0;
      this.#el.status.textContent = m.total
        ? t('reading', { name, read, total: `${(m.total / 2 ** 20).toFixed(1)} MB`, mbps })
        : t('readingUnknown', { name, read, mbps });
    });
    this.#running = undefined;
    progress.hidden = true;
    cancel.hidden = true;
    if (reply.type === 'error') {
      this.#say(t('failed', { message: reply.message }), 'error');
      return;
    }
    if (reply.type !== 'result') return;
    this.#show(reply, name, performance.now() - started);
  }

  #cancel() {
    if (this.#running === undefined) return;
    this.#worker?.postMessage({ type: 'cancel', id: this.#running } satisfies WorkerRequest);
  }

  #show(reply: ResultMessage, name: string, pageMs: number) {
    const t = this.#t;
    const locale = this.locale;
    const s = reply.summary;
    this.#summary = s;
    const mbps = reply.mbps;
    const base = this.dataset.base ?? '';
    const nodes = [
      h('h2', { id: 'errdex-logs-summary' }, t('summary')),
      renderProblems(reply.problems, t, locale),
      s.records > 0 ? renderCards(s, t, locale, mbps) : null,
      s.records > 0 ? renderTimeline(s, t, locale) : null,
      s.records > 0 ? renderCodes(s, t, locale, base, this.#data.codes) : null,
      s.records > 0 ? renderCounts(s, t, locale) : null,
      s.records > 0 ? renderTemplates(s, t, locale) : null,
    ].filter((n): n is HTMLElement => n !== null);
    this.#el.results.replaceChildren(...nodes);
    const seconds = (pageMs / 1000).toFixed(2);
    this.#say(s.cancelled ? t('cancelled') : t('done', { name, records: fmt(s.records, locale), seconds, mbps: mbps.toFixed(0) }), s.cancelled ? 'cancelled' : 'done');
    this.dataset.mbps = mbps.toFixed(1);
    this.dataset.records = String(s.records);
    if (s.records === 0) return;
    const { code, level, text, list, exports } = this.#el;
    code.replaceChildren(h('option', { value: '' }, t('anyCode')), ...s.codeDetails.map((c) => h('option', { value: c.code }, `${c.code} (${fmt(c.records, locale)})`)));
    level.value = '';
    text.value = '';
    this.#filter = {};
    list.hidden = false;
    exports.hidden = false;
    this.#keptNote(reply.kept, s.records);
    void this.#fillRows();
  }

  #keptNote(kept: number, total: number) {
    const note = this.querySelector<HTMLElement>('[data-kept]')!;
    note.textContent = kept < total ? this.#t('keptNote', { kept: fmt(kept, this.locale), total: fmt(total, this.locale) }) : '';
  }

  /** Draw the rows in view (plus some above and below) from the worker's filtered records. */
  async #fillRows() {
    const { viewport, spacer, rows, count } = this.#el;
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW) - OVERSCAN);
    const visible = Math.ceil((viewport.clientHeight || 480) / ROW) + 2 * OVERSCAN;
    const filter = this.#filter;
    const reply = await this.#request({ type: 'query', id: 0, filter, offset: first, limit: visible });
    if (reply.type !== 'rows' || filter !== this.#filter) return;
    this.#total = reply.total;
    spacer.style.height = `${reply.total * ROW}px`;
    rows.style.transform = `translateY(${reply.offset * ROW}px)`;
    rows.replaceChildren(...reply.rows.map((r, i) => this.#row(r, reply.offset + i)));
    count.textContent = this.#t('shown', { shown: fmt(reply.total, this.locale), total: fmt(this.#summary?.records ?? 0, this.locale) });
  }

  #row(r: RecordRow, position: number): HTMLLIElement {
    const button = h('button', { type: 'button', class: 'errdex-logs-row', 'data-level': r.level },
      h('span', { class: 'errdex-logs-line' }, String(r.line)),
      h('span', { class: 'errdex-logs-level', 'data-level': r.level }, r.level),
      h('span', { class: 'errdex-logs-time' }, r.timestamp ?? ''),
      r.codes.length > 0 ? h('span', { class: 'errdex-logs-rowcodes' }, r.codes.join(' ')) : null,
      h('span', { class: 'errdex-logs-message' }, r.logger ? `${r.logger}: ${r.message}` : r.message),
      r.more > 0 ? h('span', { class: 'errdex-logs-more' }, `+${r.more}`) : null,
    );
    button.addEventListener('click', () => void this.#openRecord(r.index));
    return h('li', { 'aria-setsize': String(this.#total), 'aria-posinset': String(position + 1) }, button);
  }

  async #openRecord(index: number) {
    const reply = await this.#request({ type: 'record', id: 0, index });
    if (reply.type !== 'record') return;
    this.#showRecord(reply.record);
  }

  #showRecord(r: LogRecord) {
    const t = this.#t;
    const { detail } = this.#el;
    const base = this.dataset.base ?? '';
    const code = h('code', { class: 'errdex-logs-code' });
    const facts = h('p', { class: 'errdex-logs-facts' },
      h('span', { class: 'errdex-logs-level', 'data-level': r.level }, r.level), ' ',
      r.time ? when(r.time) : '', r.format ? ` · ${r.format}` : '', r.exception ? ` · ${r.exception}` : '', r.http ? ` · HTTP ${r.http}` : '');
    const links = r.codes.map((c) => h('a', { href: `${base}${codePath(c, this.locale)}` }, c));
    const close = h('button', { type: 'button' }, t('closeDetail'));
    close.addEventListener('click', () => {
      detail.hidden = true;
    });
    const lines = [r.head, ...r.continuation];
    const parts: (HTMLElement | null)[] = [
      h('h3', { tabindex: '-1' }, t('recordDetail', { line: fmt(r.line, this.locale) })),
      facts,
      links.length > 0 ? h('p', {}, ...links.flatMap((a, i) => (i === 0 ? [a] : [' ', a]))) : null,
      h('pre', { class: 'errdex-logs-pre' }, code),
      r.moreLines ? h('p', { class: 'errdex-logs-note' }, t('moreLines', { n: fmt(r.moreLines, this.locale) })) : null,
      close,
    ];
    detail.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
    detail.hidden = false;
    detail.querySelector<HTMLElement>('h3')!.focus();
    void import('./highlight.ts').then((m) => m.highlightInto(code, lines.join('\n')));
  }

  async #export(kind: 'json' | 'csv') {
    const reply = await this.#request({ type: 'export', id: 0, kind });
    if (reply.type !== 'export') return;
    const url = URL.createObjectURL(reply.blob);
    const a = h('a', { href: url, download: `errdex-logs.${kind}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

if (!customElements.get('errdex-log-parser')) customElements.define('errdex-log-parser', LogParserElement);
