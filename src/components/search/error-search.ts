/**
 * <errdex-search>: results as you type. The query lives in the URL (`?q=`), the search runs in
 * a Web Worker, the result count is announced in a live region, and everything works from the
 * keyboard: ↓/↑ move between the query and the results, Enter opens a result (from the query:
 * the first one), Esc goes back to the query and, there, clears it.
 *
 * Configuration from data-* attributes: `data-locale`, `data-system` (filter to one system),
 * `data-base` (the site's base path), `data-limit`. Every text from the data or the query is
 * set with textContent.
 *
 * A query too long for the URL (a pasted traceback) is kept by the tab instead (../kit/kept.ts),
 * so that Back from a result, or a reload, shows it and its results again.
 */
import type { SearchHit, SearchProblem, SearchResult } from '../../diagnostics/search/index.ts';
import { translator, type Locale, type Translate } from '../../i18n/index.ts';
import { severityLabel } from '../../i18n/registry-text.ts';
import { h } from '../kit/h.ts';
import { KeptSlot, keptNote, keptTime } from '../kit/kept.ts';
import { WorkerClient } from '../kit/worker-client.ts';
import type { QueryRequest, SearchMessage, SearchRequest } from './protocol.ts';

/** Longest query kept in the address bar; a longer paste is searched but not put in the URL. */
const MAX_URL_QUERY = 2000;
/** Longest text sent to the worker; the search itself keeps the first and last 32 KiB. */
const MAX_SENT = 256 * 1024;
/** Pause in typing after which the result count is announced. */
const ANNOUNCE_DELAY = 400;
/** Longest query the box grows to fit; measuring megabytes of text on every keystroke would stall the page. */
const MAX_AUTOSIZE = 4000;

export class ErrorSearchElement extends HTMLElement {
  #client = new WorkerClient<SearchRequest, SearchMessage>(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
  #started = false;
  /** The query whose answer is awaited. */
  #waiting: number | undefined;
  #ready = false;
  #failed = false;
  #announce: ReturnType<typeof setTimeout> | undefined;
  #seen: IntersectionObserver | undefined;
  #t: Translate = translator('zh-TW');
  #el = {} as { form: HTMLFormElement; input: HTMLTextAreaElement; status: HTMLElement; ambiguous: HTMLElement; list: HTMLOListElement };

  get locale(): Locale {
    return this.dataset.locale === 'en' ? 'en' : 'zh-TW';
  }

  connectedCallback() {
    this.#t = translator(this.locale);
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
    this.#slot = new KeptSlot(`search:${this.dataset.system ?? 'all'}`);
    if (initial) this.#el.input.value = initial;
    else void this.#restore();
    this.#say(this.#t('search.idle'));
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
    this.#client.terminate();
    this.#started = false;
  }

  /** Load the search data into the worker (once). */
  #start() {
    this.#seen?.disconnect();
    if (this.#started) return;
    this.#started = true;
    const base = this.dataset.base ?? '';
    const urls = ['search-index.json', 'registry.json'].map((name) => new URL(`${base}/${name}`, location.href).href);
    // The data is fetched here while the worker starts (and answers a `<link rel=preload>` the
    // page made for a `?q=` link), then handed over; without it, the worker fetches the URLs itself.
    const data = fetch(urls[0]!).then((r) => (r.ok ? r.arrayBuffer() : undefined), () => undefined).catch(() => undefined);
    this.#client.start();
    this.dataset.state = 'loading';
    void data.then((bytes) => {
      const sent = this.#client.request({ type: 'load', urls, ...(bytes ? { data: bytes } : {}) }, {
        transfer: bytes ? [bytes] : [],
        progress: () => {
          if (this.#el.input.value.trim()) this.#say(this.#t('search.loading'));
        },
      });
      void sent.reply.then((reply) => {
        if (reply.type !== 'ready') return this.#answered(reply);
        this.#ready = true;
        this.dataset.state = 'ready';
        this.dataset.entries = String(reply.entries);
        if (!this.#el.input.value.trim()) this.#say(this.#t('search.idle'));
      });
    });
  }

  /** A reply that is not a result: a failure is said once and stops the search. */
  #answered(reply: { type: string; kind?: 'network' | 'data'; message?: string }) {
    if (reply.type === 'unavailable') this.#fail(this.#t(reply.kind === 'network' ? 'search.errorNetwork' : 'search.errorData'));
    else if (reply.type === 'error') this.#fail(this.#t('search.errorInternal') + reply.message);
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
    if (updateUrl) {
      this.#syncUrl(value);
      // The person changed the query: a restored one's note is out of date, and only a query the URL cannot hold is kept.
      this.querySelector('[data-kept-note]')?.remove();
      if (value.length <= MAX_URL_QUERY) this.#keepQuery('');
    }
    // The answer awaited until now is not wanted any more: cancel is the one way to say so.
    if (this.#waiting !== undefined) this.#client.cancel(this.#waiting);
    this.#waiting = undefined;
    if (!value.trim()) {
      this.#el.list.replaceChildren();
      this.#el.ambiguous.hidden = true;
      this.dataset.results = '0';
      if (!this.#failed) this.#say(this.#t('search.idle'));
      return;
    }
    if (this.#failed) return;
    this.#start();
    if (!this.#ready) this.#say(this.#t('search.loading'));
    const sent = this.#client.request<QueryRequest>({
      type: 'query',
      query: value.length > MAX_SENT ? value.slice(0, MAX_SENT / 2) + '\n' + value.slice(-MAX_SENT / 2) : value,
      locale: this.locale,
      limit: Number(this.dataset.limit ?? 10),
      ...(this.dataset.system ? { system: this.dataset.system } : {}),
    });
    this.#waiting = sent.id;
    void sent.reply.then((reply) => {
      if (reply.id !== this.#waiting) return;
      this.#waiting = undefined;
      if (reply.type === 'result') this.#show(reply.result, reply.problems);
      else this.#answered(reply);
    });
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
    const query = this.#el.input.value;
    if (query.length > MAX_URL_QUERY) this.#keepQuery(query);
    const base = this.dataset.base ?? '';
    const group = new Set(result.ambiguous?.codes ?? []);
    this.#el.list.replaceChildren(...result.hits.map((hit) => this.#item(hit, base, group.has(hit.code))));
    this.dataset.results = String(result.hits.length);
    // One message, several systems: say so above the list, naming each system's entry.
    const ambiguous = result.ambiguous
      ? t('search.ambiguous', {
          n: result.ambiguous.systems.length,
          list: result.hits.filter((h) => group.has(h.code)).map((h) => `${h.systemName} ${h.code}`).join(this.locale === 'en' ? ', ' : '、'),
        })
      : '';
    this.#el.ambiguous.textContent = ambiguous;
    this.#el.ambiguous.hidden = !ambiguous;
    this.dataset.ambiguous = result.ambiguous?.codes.join(' ') ?? '';
    const notes: string[] = [];
    if (problems.some((p) => p.kind === 'binary')) notes.push(t('search.binary'));
    else if (result.state === 'empty') notes.push(t('search.idle'));
    else if (result.state === 'none') notes.push(t('search.none'));
    else if (result.total > result.hits.length) notes.push(t('search.foundSome', { n: result.total, shown: result.hits.length }));
    else notes.push(result.total === 1 ? t('search.foundOne') : t('search.found', { n: result.total }));
    if (problems.some((p) => p.kind === 'truncated')) notes.push(t('search.truncated'));
    if (ambiguous) notes.push(ambiguous);
    this.#say(notes.join(' '), result.state !== 'found');
  }

  /** The tab's kept query: one per island (a system's page has its own). */
  #slot: KeptSlot<{ query: string }> | undefined;
  /** The query kept last ('' for none). */
  #kept = '';

  /** Keep `query` for the tab ('' forgets), once per query. */
  #keepQuery(query: string) {
    const slot = this.#slot;
    if (!slot?.key || query === this.#kept) return;
    this.#kept = query;
    const stored = query ? slot.store({ name: '', at: Date.now(), data: { query } }).then((s) => (s === 'whole' ? 'kept' : 'not-kept')) : slot.forget().then(() => 'none');
    void stored.then((state) => {
      if (query === this.#kept) this.dataset.keepState = state;
    });
  }

  /** Reached without `?q=`: show the long query this tab kept, if any, and its results. */
  async #restore() {
    const kept = await this.#slot?.recall();
    const query = kept?.data.query;
    if (!kept || typeof query !== 'string' || !query || this.#el.input.value) return;
    this.#kept = query;
    this.#el.input.value = query;
    const words = translator(this.locale);
    this.#el.form.after(keptNote(words('search.keptQuery', { time: keptTime(kept.at, this.locale), count: query.length.toLocaleString(this.locale) }), words('kept.clear'), () => {
      this.#el.input.value = '';
      this.#changed();
      this.#el.input.focus();
    }));
    this.dataset.keepState = 'restored';
    this.#changed(false);
  }

  #item(hit: SearchHit, base: string, sibling: boolean): HTMLLIElement {
    const t = this.#t;
    const link = h('a', { href: `${base}${hit.path}`, class: 'errdex-search-link' }, h('code', {}, hit.code), ' ', h('span', {}, hit.title));
    const meta = h('span', { class: 'errdex-search-meta' },
      h('span', {}, hit.systemName),
      h('span', { class: `errdex-severity-${hit.severity}` }, severityLabel(hit.severity, this.locale)),
      h('span', {}, hit.retryable ? t('search.retryable') : t('search.notRetryable')),
      hit.retired && h('span', {}, t('search.retired')),
      h('span', { class: 'errdex-search-why' }, t(`search.match.${hit.match}`) + (hit.evidence ? `: ${hit.evidence}` : '')));
    const summary = h('p', { class: 'errdex-search-summary' }, hit.summary);
    const li = h('li', { class: 'errdex-search-item' }, link, summary, meta);
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
