/**
 * <errdex-log-parser>: drop, choose or paste one log or several (rotated files are read as one
 * analysis, ordered by time), watch them stream through the parser in Web Workers (progress,
 * MB/s, cancel), then read the summary: what the file is (each format found, by name or, when
 * learned, by its layout), the timeline, the codes with links to their pages, the levels (those
 * read from message words apart) and the top messages; browse a virtualised list of records,
 * filtered by level, code, file, text or a checked regular expression, by a timeline bar's time
 * span or by a message template. Text without any log format gets a plain, numbered view. The
 * file never leaves the browser: the analysis and every search run in the log worker.
 *
 * The tab keeps the last analysis (the summary and the kept records, compressed; ../kit/kept.ts),
 * so that Back from a code page, or a reload, shows it again with the file's name and time.
 *
 * The worker and the highlighter are loaded when the tool is first used (a pointer over it, focus
 * in it, or a file dragged over the page), so that reading a file makes no request at all.
 */
import type { Level } from '../../diagnostics/logs/levels.ts';
import type { LogRecord, LogRegistry, LogSummary } from '../../diagnostics/logs/types.ts';
import { translator, type Locale, type Translate } from '../../i18n/index.ts';
import { codePath } from '../../registry/queries.ts';
import { download } from '../kit/download.ts';
import { KEPT_MAX_BYTES, KeptSlot, keptNote, keptTime, type Kept } from '../kit/kept.ts';
import { attachDropZone } from '../kit/drop-zone.ts';
import { h } from '../kit/h.ts';
import { WorkerClient } from '../kit/worker-client.ts';
import type { InputFile, LogMessage, LogRequest, RecordFilter, RecordRow, ResultMessage } from './protocol.ts';
import { fmt, levelTag, renderCards, renderCodes, renderCounts, renderFiles, renderFormats, renderProblems, renderTemplates, renderTimeline, when, type CodeInfo } from './render.ts';

interface PageData {
  registry: LogRegistry;
  codes: Record<string, CodeInfo>;
  formatNames: Record<string, string>;
}

/** What the tab keeps of an analysis, besides its records (a Blob, `records`). */
interface KeptLogs {
  result: Omit<ResultMessage, 'type' | 'id'>;
}

/** Let the browser run other tasks (input, painting) before going on. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Height of one row of the record list, in pixels (the CSS gives rows this height). */
const ROW = 30;
const OVERSCAN = 12;

export class LogParserElement extends HTMLElement {
  #t: Translate = translator('zh-TW');
  #data!: PageData;
  #client = new WorkerClient<LogRequest, LogMessage>(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
  #registrySent = false;
  #running: number | undefined;
  #summary: LogSummary | undefined;
  #files: InputFile[] = [];
  #filter: RecordFilter = {};
  #total = 0;
  #plain = false;
  #warm: Promise<void> | undefined;
  #el = {} as {
    paste: HTMLTextAreaElement; status: HTMLElement; progress: HTMLProgressElement; cancel: HTMLButtonElement; results: HTMLElement;
    reread: HTMLFormElement; format: HTMLSelectElement;
    list: HTMLElement; listTitle: HTMLElement; plainNote: HTMLElement; level: HTMLSelectElement; code: HTMLSelectElement; file: HTMLSelectElement;
    text: HTMLInputElement; regex: HTMLInputElement; regexNote: HTMLElement; count: HTMLElement; kept: HTMLElement;
    timeChip: HTMLElement; timeText: HTMLElement; templateChip: HTMLElement; templateText: HTMLElement;
    viewport: HTMLElement; spacer: HTMLElement; rows: HTMLOListElement; detail: HTMLElement; exports: HTMLElement;
  };

  get locale(): Locale {
    return this.dataset.locale === 'en' ? 'en' : 'zh-TW';
  }

  connectedCallback() {
    this.#t = translator(this.locale);
    const q = <T extends Element>(sel: string) => this.querySelector<T>(sel)!;
    this.#data = JSON.parse(this.dataset.page ?? '{}') as PageData;
    this.#el = {
      paste: q('textarea'), status: q('[data-status]'), progress: q('progress'), cancel: q('[data-cancel]'), results: q('[data-results]'),
      reread: q('[data-reread]'), format: q('[data-format]'),
      list: q('[data-list]'), listTitle: q('[data-list-title]'), plainNote: q('[data-plain-note]'),
      level: q('[data-filter="level"]'), code: q('[data-filter="code"]'), file: q('[data-filter="file"]'),
      text: q('[data-filter="text"]'), regex: q('[data-filter="regex"]'), regexNote: q('[data-regex-note]'), count: q('[data-count]'), kept: q('[data-kept]'),
      timeChip: q('[data-time-chip]'), timeText: q('[data-time-text]'), templateChip: q('[data-template-chip]'), templateText: q('[data-template-text]'),
      viewport: q('[data-viewport]'), spacer: q('[data-spacer]'), rows: q('[data-rows]'), detail: q('[data-detail]'), exports: q('[data-exports]'),
    };
    const el = this.#el;
    attachDropZone({
      zone: q('[data-drop]'),
      input: q('input[type="file"]'),
      onFiles: (files) => void this.#analyze(files.map((f) => ({ blob: f, name: f.name, modified: f.lastModified }))),
    });
    q<HTMLButtonElement>('[data-paste]').addEventListener('click', () => {
      if (!el.paste.value.trim()) {
        this.#say(this.#t('logs.emptyPaste'), 'idle');
        return;
      }
      void this.#analyze([{ blob: new Blob([el.paste.value], { type: 'text/plain' }), name: this.#t('logs.pastedName') }]);
    });
    el.cancel.addEventListener('click', () => {
      if (this.#running !== undefined) this.#client.cancel(this.#running);
    });
    el.reread.addEventListener('submit', (e) => {
      e.preventDefault();
      if (this.#files.length > 0) void this.#analyze(this.#files, el.format.value || undefined);
    });
    // Warm up when the tool is about to be used.
    const warm = () => void this.warmUp();
    this.addEventListener('pointerenter', warm, { once: true });
    this.addEventListener('focusin', warm, { once: true });
    document.addEventListener('dragenter', warm, { once: true });
    for (const select of [el.level, el.code, el.file, el.regex]) select.addEventListener('change', () => this.#refilter());
    let timer: ReturnType<typeof setTimeout> | undefined;
    el.text.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.#refilter(), 250);
    });
    q('[data-clear-time]').addEventListener('click', () => this.#refilter({ from: undefined, to: undefined }, el.viewport));
    q('[data-clear-template]').addEventListener('click', () => this.#refilter({ templateId: undefined }, el.viewport));
    let frame = 0;
    el.viewport.addEventListener('scroll', () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => void this.#fillRows());
    });
    this.querySelectorAll<HTMLButtonElement>('[data-export]').forEach((b) => b.addEventListener('click', () => void this.#export(b.dataset.export as 'json' | 'csv')));
    this.dataset.state = 'idle';
    this.dataset.ready = 'true';
    void this.#restore();
  }

  disconnectedCallback() {
    this.#client.terminate();
  }

  /** Load the worker and the highlighter, so that a dropped file is read without any request. */
  warmUp(): Promise<void> {
    this.#warm ??= (async () => {
      const registry = this.#registrySent ? undefined : this.#data.registry;
      this.#registrySent = true;
      const ping = this.#client.request({ type: 'ping', registry, readers: this.#readers() }).reply;
      await Promise.all([ping, import('./highlight.ts').then((m) => m.loadHighlighter())]).catch(() => undefined);
      this.dataset.warm = 'ready';
    })();
    return this.#warm;
  }

  #say(text: string, state: string) {
    this.#el.status.textContent = text;
    this.dataset.state = state;
  }

  /** Piece readers asked for in the address (`?readers=1` reads on one thread; for comparisons). */
  #readers(): number | undefined {
    const n = Number(new URLSearchParams(location.search).get('readers'));
    return Number.isInteger(n) && n >= 1 && n <= 16 ? n : undefined;
  }

  async #analyze(files: InputFile[], format?: string) {
    if (this.#running !== undefined) {
      this.#el.status.textContent = this.#t('logs.busy');
      return;
    }
    const t = this.#t;
    const { progress, cancel, results, list, exports, detail, reread } = this.#el;
    const name = files.length === 1 ? files[0]!.name : t('logs.severalFiles', { first: files[0]!.name, more: files.length - 1 });
    this.#shown++;
    this.#dropKept();
    this.#files = files;
    if (!format) this.#el.format.value = '';
    results.replaceChildren();
    list.hidden = true;
    exports.hidden = true;
    detail.hidden = true;
    reread.hidden = true;
    delete this.dataset.mbps;
    delete this.dataset.records;
    delete this.dataset.readers;
    progress.hidden = false;
    progress.value = 0;
    cancel.hidden = false;
    this.#say(t('logs.starting', { name }), 'running');
    const registry = this.#registrySent ? undefined : this.#data.registry;
    this.#registrySent = true;
    const started = performance.now();
    const sent = this.#client.request({ type: 'analyze', files, registry, format, readers: this.#readers() }, {
      progress: (m) => {
        if (m.type !== 'progress') return;
        const mbps = (m.bytes / 2 ** 20 / Math.max(m.elapsedMs / 1000, 0.001)).toFixed(0);
        const read = `${(m.bytes / 2 ** 20).toFixed(1)} MB`;
        const total = `${(m.total / 2 ** 20).toFixed(1)} MB`;
        // Below a megabyte read the speed says nothing: the time taken does.
        const seconds = (m.elapsedMs / 1000).toFixed(1);
        const small = m.bytes < 2 ** 20;
        progress.value = m.total ? (100 * m.bytes) / m.total : 0;
        this.#el.status.textContent = m.total
          ? small ? t('logs.readingTime', { name, read, total, seconds }) : t('logs.reading', { name, read, total, mbps })
          : small ? t('logs.readingUnknownTime', { name, read, seconds }) : t('logs.readingUnknown', { name, read, mbps });
      },
    });
    this.#running = sent.id;
    const reply = await sent.reply;
    this.#running = undefined;
    progress.hidden = true;
    cancel.hidden = true;
    if (reply.type === 'error') {
      this.#registrySent = false;
      this.#say(t('logs.failed', { message: reply.message }), 'error');
      return;
    }
    if (reply.type !== 'result') return;
    await this.#show(reply, name, performance.now() - started);
  }

  /**
   * Draw an analysis: one just made (`pageMs` it took), or one the tab kept (`restored`), which is
   * shown with its file's name and time, and without what needs the file itself (reading again).
   */
  async #show(reply: ResultMessage, name: string, pageMs: number, restored?: Kept<KeptLogs>) {
    const t = this.#t;
    const locale = this.locale;
    const s = reply.summary;
    this.#summary = s;
    const mbps = reply.mbps;
    const base = this.dataset.base ?? '';
    const has = s.records > 0;
    this.#plain = s.verdict === 'unknown-format';
    // Section by section, each in its own task, so that drawing a large summary never holds the
    // page's thread for long (the status and the state are set once everything is there).
    const sections: (() => HTMLElement | null)[] = [
      () => h('h2', { id: 'errdex-logs-summary' }, t('logs.summary')),
      () => renderProblems(reply.problems, t, locale),
      () => (has ? renderCards(s, t, locale, mbps) : null),
      () => renderFiles(s, t, locale),
      () => (has ? renderFormats(s, t, locale, this.#data.formatNames) : null),
      () => (has ? renderTimeline(s, t, locale, (from, to) => this.#pickTime(from, to)) : null),
      () => (has ? renderCodes(s, t, locale, base, this.#data.codes) : null),
      () => (has ? renderCounts(s, t, locale) : null),
      () => (has ? renderTemplates(s, t, locale, (id, template) => this.#pickTemplate(id, template)) : null),
    ];
    const results = this.#el.results;
    results.replaceChildren();
    const shown = ++this.#shown;
    for (const section of sections) {
      const node = section();
      if (node) results.append(node);
      await nextTask();
      // Another file was dropped meanwhile: its analysis owns the results now.
      if (shown !== this.#shown) return;
    }
    const seconds = (pageMs / 1000).toFixed(2);
    const records = fmt(s.records, locale);
    // Below a megabyte the speed says nothing: the time taken does.
    const done = s.bytes >= 2 ** 20 ? t('logs.done', { name, records, seconds, mbps: mbps.toFixed(0) }) : t('logs.doneSmall', { name, records, seconds });
    if (restored) {
      this.#say('', 'restored');
      const lost = has && !restored.blobs?.records;
      this.#el.status.parentElement!.after(keptNote(t('kept.results', { name, time: keptTime(restored.at, locale) }), t('kept.clear'), () => this.#clearKept(), lost ? t('logs.keptNoRecords') : undefined));
    } else this.#say(s.cancelled ? t('logs.cancelled') : done, s.cancelled ? 'cancelled' : 'done');
    this.dataset.mbps = mbps.toFixed(1);
    this.dataset.records = String(s.records);
    this.dataset.readers = String(reply.readers);
    this.#el.reread.hidden = !!restored || s.verdict === 'binary' || s.verdict === 'empty' || s.verdict === 'unreadable';
    if (!restored && !s.cancelled) void this.#keep(reply, name);
    if (!has || (restored && !restored.blobs?.records)) return;
    const { code, level, text, regex, list, exports, file, listTitle, plainNote } = this.#el;
    code.replaceChildren(h('option', { value: '' }, t('logs.any')), ...s.codeDetails.map((c) => h('option', { value: c.code }, `${c.code} (${fmt(c.records, locale)})`)));
    code.closest('label')!.hidden = s.codeDetails.length === 0;
    const files = s.files ?? [];
    file.replaceChildren(h('option', { value: '' }, t('logs.any')), ...files.map((f) => h('option', { value: f.name }, f.name)));
    file.closest('label')!.hidden = files.length < 2;
    listTitle.textContent = this.#plain ? t('logs.plainList') : t('logs.recordList');
    plainNote.hidden = !this.#plain;
    level.value = '';
    text.value = '';
    regex.checked = false;
    this.#filter = {};
    this.#chips();
    list.hidden = false;
    exports.hidden = false;
    this.#el.kept.textContent = reply.kept < s.records ? t('logs.keptNote', { kept: fmt(reply.kept, locale), total: fmt(s.records, locale) }) : '';
    void this.#fillRows();
  }

  /** The analysis this tab keeps. */
  #kept = new KeptSlot<KeptLogs>('logs');

  /** Keep the analysis just drawn, with its records if they fit (else the summary alone). */
  async #keep(reply: ResultMessage, name: string) {
    if (!this.#kept.key) return;
    const shown = this.#shown;
    const at = Date.now();
    const packed = await this.#client.request({ type: 'pack', max: KEPT_MAX_BYTES }).reply;
    if (shown !== this.#shown) return;
    const { type: _type, id: _id, ...result } = reply;
    const records = packed.type === 'packed' ? packed.records : undefined;
    const kept: Kept<KeptLogs> = { name, at, data: { result }, blobs: records ? { records } : undefined };
    const stored = await this.#kept.store(kept);
    if (shown === this.#shown) this.dataset.keepState = stored === 'whole' ? 'kept' : stored === 'bare' ? 'summary' : 'not-kept';
  }

  /** A new analysis begins: the kept one goes (its note too). */
  #dropKept() {
    this.querySelector('[data-kept-note]')?.remove();
    delete this.dataset.keepState;
    void this.#kept.forget();
  }

  /** Show the analysis this tab kept, if any (after Back or a reload). */
  async #restore() {
    if (!this.#kept.key) return;
    const shown = this.#shown;
    const kept = await this.#kept.recall();
    if (!kept || shown !== this.#shown || this.#running !== undefined) return;
    const { summary, problems } = kept.data.result;
    const reply = await this.#client.request({ type: 'restore', summary, problems, records: kept.blobs?.records }).reply;
    if (reply.type !== 'restored' || shown !== this.#shown || this.#running !== undefined) return;
    this.#files = [];
    await this.#show({ type: 'result', id: 0, ...kept.data.result, kept: reply.kept }, kept.name, 0, kept);
  }

  /** The person clears the restored results: the tool is as new. */
  #clearKept() {
    this.#dropKept();
    this.#shown++;
    this.#summary = undefined;
    const { results, list, exports, detail, reread } = this.#el;
    results.replaceChildren();
    list.hidden = true;
    exports.hidden = true;
    detail.hidden = true;
    reread.hidden = true;
    this.#say('', 'idle');
    this.querySelector<HTMLInputElement>('input[type="file"]')?.focus();
  }

  /** Apply the controls (and `change`, from a chart bar or a template) to the list. */
  #refilter(change: Partial<RecordFilter> = {}, focus?: HTMLElement) {
    const { level, code, file, text, regex, viewport } = this.#el;
    this.#filter = {
      ...this.#filter,
      minLevel: (level.value || undefined) as Level | undefined,
      code: code.value || undefined,
      file: file.value || undefined,
      text: text.value || undefined,
      regex: regex.checked || undefined,
      ...change,
    };
    viewport.scrollTop = 0;
    this.#chips();
    void this.#fillRows();
    focus?.focus();
  }

  #pickTime(from: number, to: number) {
    this.#refilter({ from, to }, this.#el.viewport);
    this.#el.list.scrollIntoView({ block: 'start' });
  }

  #pickTemplate(templateId: string, template: string) {
    this.#templateText = template;
    this.#refilter({ templateId }, this.#el.viewport);
    this.#el.list.scrollIntoView({ block: 'start' });
  }

  #templateText = '';
  /** Counts the summaries drawn (a newer analysis stops an older one's drawing). */
  #shown = 0;

  #chips() {
    const f = this.#filter;
    const { timeChip, timeText, templateChip, templateText } = this.#el;
    timeChip.hidden = f.from === undefined;
    if (f.from !== undefined) timeText.textContent = this.#t('logs.timeFilter', { from: when(new Date(f.from).toISOString()), to: when(new Date(f.to ?? f.from).toISOString()) });
    templateChip.hidden = f.templateId === undefined;
    if (f.templateId) templateText.textContent = this.#t('logs.templateFilter', { template: this.#templateText.length > 120 ? `${this.#templateText.slice(0, 119)}…` : this.#templateText });
  }

  /** Draw the rows in view (plus some above and below) from the worker's filtered records. */
  async #fillRows() {
    const { viewport, spacer, rows, count, regexNote } = this.#el;
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW) - OVERSCAN);
    const visible = Math.ceil((viewport.clientHeight || 480) / ROW) + 2 * OVERSCAN;
    const filter = this.#filter;
    const reply = await this.#client.request({ type: 'query', filter, offset: first, limit: visible }).reply;
    if (reply.type !== 'rows' || filter !== this.#filter) return;
    this.#total = reply.total;
    spacer.style.height = `${reply.total * ROW}px`;
    rows.style.transform = `translateY(${reply.offset * ROW}px)`;
    rows.replaceChildren(...reply.rows.map((r, i) => this.#row(r, reply.offset + i)));
    const t = this.#t;
    const p = reply.regexProblem;
    regexNote.textContent = p
      ? p.reason === 'too-long' ? t('logs.regexTooLong') : p.reason === 'unsupported' ? t('logs.regexUnsupported', { detail: p.detail ?? '' }) : p.reason === 'invalid' ? t('logs.regexInvalid', { detail: p.detail ?? '' }) : ''
      : reply.regexLinear ? t('logs.regexLinear') : '';
    regexNote.dataset.problem = p ? p.reason : reply.regexLinear ? 'linear' : '';
    count.textContent = t(this.#plain ? 'logs.shownLines' : 'logs.shown', { shown: fmt(reply.total, this.locale), total: fmt(this.#summary?.records ?? 0, this.locale) });
  }

  #row(r: RecordRow, position: number): HTMLLIElement {
    const plain = this.#plain;
    const several = (this.#summary?.files?.length ?? 0) > 1;
    const button = h('button', { type: 'button', class: 'errdex-logs-row', 'data-level': r.level, 'data-plain': plain ? 'true' : undefined },
      several && r.file ? h('span', { class: 'errdex-logs-rowfile' }, r.file) : null,
      h('span', { class: 'errdex-logs-line' }, String(r.line)),
      plain ? null : levelTag(r.level, this.#t, r.levelSource === 'message'),
      plain || !r.timestamp ? null : h('span', { class: 'errdex-logs-time' }, r.timestamp),
      r.codes.length > 0 ? h('span', { class: 'errdex-logs-rowcodes' }, r.codes.join(' ')) : null,
      h('span', { class: 'errdex-logs-message' }, r.logger ? `${r.logger}: ${r.message}` : r.message),
      r.more > 0 ? h('span', { class: 'errdex-logs-more' }, `+${r.more}`) : null,
    );
    button.addEventListener('click', () => void this.#openRecord(r.index));
    return h('li', { 'aria-setsize': String(this.#total), 'aria-posinset': String(position + 1) }, button);
  }

  async #openRecord(index: number) {
    const reply = await this.#client.request({ type: 'record', index }).reply;
    if (reply.type !== 'record') return;
    this.#showRecord(reply.record);
  }

  #showRecord(r: LogRecord) {
    const t = this.#t;
    const locale = this.locale;
    const { detail } = this.#el;
    const base = this.dataset.base ?? '';
    const code = h('code', { class: 'errdex-logs-code' });
    const inferred = r.levelSource === 'message';
    const facts = h('p', { class: 'errdex-logs-facts' },
      levelTag(r.level, t, inferred), inferred ? ` (${t('logs.levelFromWords')})` : '', ' ',
      r.time ? when(r.time) : '', r.format ? ` · ${r.format}` : '', r.exception ? ` · ${r.exception}` : '', r.http ? ` · HTTP ${r.http}` : '');
    const links = r.codes.map((c) => h('a', { href: `${base}${codePath(c, locale)}`, class: 'errdex-logs-codelink' }, c));
    const close = h('button', { type: 'button' }, t('logs.closeDetail'));
    close.addEventListener('click', () => {
      detail.hidden = true;
    });
    const lines = [r.head, ...r.continuation];
    const title = r.file && (this.#summary?.files?.length ?? 0) > 1
      ? t('logs.recordDetailFile', { line: fmt(r.line, locale), file: r.file })
      : t('logs.recordDetail', { line: fmt(r.line, locale) });
    const parts: (HTMLElement | null)[] = [
      h('h3', { tabindex: '-1' }, title),
      facts,
      links.length > 0 ? h('p', {}, ...links.flatMap((a, i) => (i === 0 ? [a] : [' ', a]))) : null,
      h('pre', { class: 'errdex-logs-pre', tabindex: '0' }, code),
      r.moreLines ? h('p', { class: 'errdex-logs-note' }, t('logs.moreLines', { n: fmt(r.moreLines, locale) })) : null,
      close,
    ];
    detail.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
    detail.hidden = false;
    detail.querySelector<HTMLElement>('h3')!.focus();
    void import('./highlight.ts').then((m) => m.highlightInto(code, lines.join('\n')));
  }

  async #export(kind: 'json' | 'csv') {
    const reply = await this.#client.request({ type: 'export', kind }).reply;
    if (reply.type !== 'export') return;
    download(reply.blob, `errdex-logs.${kind}`);
  }
}

if (!customElements.get('errdex-log-parser')) customElements.define('errdex-log-parser', LogParserElement);
