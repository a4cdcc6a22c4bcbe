/**
 * <errdex-search>: results as you type. The query lives in the URL (`?q=`), the search runs in
 * a Web Worker, the result count is announced in a live region, and everything works from the
 * keyboard: ↓/↑ move between the query and the results, Enter opens a result (from the query:
 * the first one), Esc goes back to the query and, there, clears it.
 *
 * Configuration from data-* attributes: `data-locale`, `data-system` (filter to one system),
 * `data-base` (the site's base path), `data-limit`. Every text from the data or the query is
 * set with textContent.
 */
import type { SearchHit, SearchProblem, SearchResult } from '../../diagnostics/search/index.ts';
import type { Locale } from '../../registry/schema.ts';
import { labelsFor } from '../../generate/labels.ts';
import type { QueryRequest, WorkerMessage, WorkerRequest } from './protocol.ts';
import { strings } from './strings.ts';

/** Longest query kept in the address bar; a longer paste is searched but not put in the URL. */
const MAX_URL_QUERY = 2000;
/** Longest text sent to the worker; the search itself keeps the first and last 32 KiB. */
const MAX_SENT = 256 * 1024;
/** Pause in typing after which the result count is announced. */
const ANNOUNCE_DELAY = 400;
/** Longest query the box grows to fit; measuring megabytes of text on every keystroke would stall the page. */
const MAX_AUTOSIZE = 4000;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; href?: string } = {}, ...children: Node[]) {
  const el = document.createElement(tag);
  if (props.className) el.className = props.className;
  if (props.text !== undefined) el.textContent = props.text;
  if (props.href !== undefined) (el as HTMLAnchorElement).href = props.href;
  el.append(...children);
  return el;
}

export class ErrorSearchElement extends HTMLElement {
  #worker: Worker | undefined;
  #nextId = 0;
  #waiting: number | undefined;
  #ready = false;
  #failed = false;
  #announce: ReturnType<typeof setTimeout> | undefined;
  #seen: IntersectionObserver | undefined;
  #t = strings('zh-TW');
  #el = {} as { form: HTMLFormElement; input: HTMLTextAreaElement; status: HTMLElement; ambiguous: HTMLElement; list: HTMLOListElement };

  get locale(): Locale {
    return this.dataset.locale === 'en' ? 'en' : 'zh-TW';
  }

  connectedCallback() {
    this.#t = strings(this.locale);
    const q = <T extends Element>(selector: string) => this.querySelector<T>(selector)!;
    this.#el = { form: q('form'), input: q('textarea'), status: q('[data-status]'), ambiguous: q('[data-ambiguous]'), list: q('ol') };
    this.#el.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#openFirst();
    });
    this.#el.input.addEventListener('input', () => this.#changed());
    this.#el.input.addEventListener('keydown', (e) => this.#inputKey(e));
    this.#el.list.addEventListener('keydown', (e) => this.#listKey(e));
    const initial = new URLSearchParams(location.search).get('q');
    if (initial) this.#el.input.value = initial;
    this.#say(this.#t('idle'));
    // The data and the worker load once the island is seen or used, not on every page view.
    if (this.#el.input.value.trim()) this.#changed(false);
    else {
      this.#seen = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) this.#start();
      });
      this.#seen.observe(this);
      this.addEventListener('focusin', () => this.#start(), { once: true });
    }
  }

  disconnectedCallback() {
    this.#seen?.disconnect();
    this.#worker?.terminate();
    this.#worker = undefined;
  }

  #post(message: WorkerRequest) {
    this.#worker?.postMessage(message);
  }

  #start() {
    this.#seen?.disconnect();
    if (this.#worker) return;
    const base = this.dataset.base ?? '';
    const urls = ['search-index.json', 'registry.json'].map((name) => new URL(`${base}/${name}`, location.href).href);
    // The data is fetched here while the worker starts (and answers a `<link rel=preload>` the
    // page made for a `?q=` link), then handed over; without it, the worker fetches the URLs itself.
    const data = fetch(urls[0]!).then((r) => (r.ok ? r.arrayBuffer() : undefined), () => undefined).catch(() => undefined);
    this.#worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.#worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => this.#received(e.data));
    this.#worker.addEventListener('error', () => this.#fail(this.#t('errorInternal') + 'worker'));
    const id = ++this.#nextId;
    void data.then((bytes) => this.#worker?.postMessage({ type: 'load', id, urls, ...(bytes ? { data: bytes } : {}) } satisfies WorkerRequest, bytes ? [bytes] : []));
    this.dataset.state = 'loading';
  }

  #received(message: WorkerMessage) {
    switch (message.type) {
      case 'progress':
        if (this.#el.input.value.trim()) this.#say(this.#t('loading'));
        break;
      case 'ready':
        this.#ready = true;
        this.dataset.state = 'ready';
        this.dataset.entries = String(message.entries);
        if (!this.#el.input.value.trim()) this.#say(this.#t('idle'));
        break;
      case 'result':
        if (message.id !== this.#waiting) return;
        this.#waiting = undefined;
        this.#show(message.result, message.problems);
        break;
      case 'cancelled':
        break;
      case 'error':
        if (message.kind === 'network') this.#fail(this.#t('errorNetwork'));
        else if (message.kind === 'data') this.#fail(this.#t('errorData'));
        else this.#fail(this.#t('errorInternal') + message.message);
        break;
    }
  }

  #fail(text: string) {
    this.#failed = true;
    this.dataset.state = 'error';
    this.#say(text, true);
  }

  /** Grow the box with a few pasted lines (up to its CSS max-height). */
  #fit() {
    const input = this.#el.input;
    input.style.height = '';
    if (input.value.includes('\n') || input.value.length > 60) {
      input.style.height = input.value.length > MAX_AUTOSIZE ? '16rem' : `${input.scrollHeight + 2}px`;
    }
  }

  /** The query changed: keep it in the URL and ask the worker. */
  #changed(updateUrl = true) {
    const value = this.#el.input.value;
    this.#fit();
    if (updateUrl) this.#syncUrl(value);
    if (!value.trim()) {
      if (this.#waiting !== undefined) this.#post({ type: 'cancel', id: this.#waiting });
      this.#waiting = undefined;
      this.#el.list.replaceChildren();
      this.#el.ambiguous.hidden = true;
      this.dataset.results = '0';
      if (!this.#failed) this.#say(this.#t('idle'));
      return;
    }
    if (this.#failed) return;
    this.#start();
    if (!this.#ready) this.#say(this.#t('loading'));
    const request: QueryRequest = {
      type: 'query',
      id: ++this.#nextId,
      query: value.length > MAX_SENT ? value.slice(0, MAX_SENT / 2) + '\n' + value.slice(-MAX_SENT / 2) : value,
      locale: this.locale,
      limit: Number(this.dataset.limit ?? 10),
      ...(this.dataset.system ? { system: this.dataset.system } : {}),
    };
    this.#waiting = request.id;
    this.#post(request);
  }

  #syncUrl(value: string) {
    const url = new URL(location.href);
    if (value.trim() && value.length <= MAX_URL_QUERY) url.searchParams.set('q', value);
    else url.searchParams.delete('q');
    if (url.href !== location.href) history.replaceState(history.state, '', url);
  }

  /** Update the live region; a result count waits for a pause in typing, so it is read once. */
  #say(text: string, now = true) {
    clearTimeout(this.#announce);
    if (now) this.#el.status.textContent = text;
    else this.#announce = setTimeout(() => (this.#el.status.textContent = text), ANNOUNCE_DELAY);
  }

  #show(result: SearchResult, problems: SearchProblem[]) {
    const t = this.#t;
    const base = this.dataset.base ?? '';
    const group = new Set(result.ambiguous?.codes ?? []);
    this.#el.list.replaceChildren(...result.hits.map((hit) => this.#item(hit, base, group.has(hit.code))));
    this.dataset.results = String(result.hits.length);
    // One message, several systems: say so above the list, naming each system's entry.
    const ambiguous = result.ambiguous
      ? t('ambiguous', {
          n: result.ambiguous.systems.length,
          list: result.hits.filter((h) => group.has(h.code)).map((h) => `${h.systemName} ${h.code}`).join(this.locale === 'en' ? ', ' : '、'),
        })
      : '';
    this.#el.ambiguous.textContent = ambiguous;
    this.#el.ambiguous.hidden = !ambiguous;
    this.dataset.ambiguous = result.ambiguous?.codes.join(' ') ?? '';
    const notes: string[] = [];
    if (problems.some((p) => p.kind === 'binary')) notes.push(t('binary'));
    else if (result.state === 'empty') notes.push(t('idle'));
    else if (result.state === 'none') notes.push(t('none'));
    else if (result.total > result.hits.length) notes.push(t('foundSome', { n: result.total, shown: result.hits.length }));
    else notes.push(result.total === 1 ? t('foundOne') : t('found', { n: result.total }));
    if (problems.some((p) => p.kind === 'truncated')) notes.push(t('truncated'));
    if (ambiguous) notes.push(ambiguous);
    this.#say(notes.join(' '), result.state !== 'found');
  }

  #item(hit: SearchHit, base: string, sibling: boolean): HTMLLIElement {
    const t = this.#t;
    const l = labelsFor(this.locale);
    const link = h('a', { href: `${base}${hit.path}`, className: 'errdex-search-link' },
      h('code', { text: hit.code }), document.createTextNode(' '), h('span', { text: hit.title }));
    const meta = h('span', { className: 'errdex-search-meta' },
      h('span', { text: hit.systemName }),
      h('span', { className: `errdex-severity-${hit.severity}`, text: l.severities[hit.severity] }),
      h('span', { text: hit.retryable ? t('retryable') : t('notRetryable') }),
      ...(hit.retired ? [h('span', { text: t('retired') })] : []),
      h('span', { className: 'errdex-search-why', text: t(`match.${hit.match}`) + (hit.evidence ? `: ${hit.evidence}` : '') }));
    const summary = h('p', { className: 'errdex-search-summary', text: hit.summary });
    const li = h('li', { className: 'errdex-search-item' }, link, summary, meta);
    li.dataset.code = hit.code;
    li.dataset.severity = hit.severity;
    if (sibling) li.dataset.sibling = '';
    return li;
  }

  #links(): HTMLAnchorElement[] {
    return [...this.#el.list.querySelectorAll<HTMLAnchorElement>('a')];
  }

  #openFirst() {
    const first = this.#links()[0];
    if (first) location.assign(first.href);
  }

  #inputKey(e: KeyboardEvent) {
    const input = this.#el.input;
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.#openFirst();
    } else if (e.key === 'Escape') {
      if (input.value) {
        e.preventDefault();
        input.value = '';
        this.#changed();
      }
    } else if (e.key === 'ArrowDown' && !input.value.slice(input.selectionEnd).includes('\n')) {
      // Only from the last line: in a pasted traceback the arrows still move between lines.
      const first = this.#links()[0];
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  }

  #listKey(e: KeyboardEvent) {
    const links = this.#links();
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      links[Math.min(at + 1, links.length - 1)]!.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (at === 0) this.#el.input.focus();
      else links[at - 1]!.focus();
    } else if (e.key === 'Home') {
      e.preventDefault();
      links[0]!.focus();
    } else if (e.key === 'End') {
      e.preventDefault();
      links[links.length - 1]!.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.#el.input.focus();
    }
  }
}

if (!customElements.get('errdex-search')) customElements.define('errdex-search', ErrorSearchElement);
