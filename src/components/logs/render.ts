/**
 * The log parser's results as DOM nodes. Every piece of text from the file goes in as a text node
 * (`h()` turns strings into text nodes and sets attributes with setAttribute); nothing is parsed
 * as HTML.
 */
import { LEVELS } from '../../diagnostics/logs/levels.ts';
import type { LogProblem, LogSummary } from '../../diagnostics/logs/types.ts';
import { codePath } from '../../registry/queries.ts';
import type { Locale } from '../../registry/schema.ts';
import type { Translate } from './strings.ts';

type Child = Node | string | number | null | undefined | false;

/** An element with attributes and children; strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

export const fmt = (n: number, locale: Locale) => n.toLocaleString(locale === 'en' ? 'en-US' : 'zh-TW');

/** A timestamp for people: `2025-08-23 10:30:15 UTC`. */
export function when(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : '—';
}

function card(label: string, value: string, tone?: string): HTMLElement {
  return h('div', { class: 'errdex-logs-card', 'data-tone': tone, 'data-long': value.length > 16 ? 'true' : undefined }, h('dt', {}, label), h('dd', {}, value));
}

export function renderCards(s: LogSummary, t: Translate, locale: Locale, mbps: number): HTMLElement {
  const errors = s.levels.error + s.levels.critical;
  const size = s.bytes < 2 ** 20 ? `${(s.bytes / 1024).toFixed(1)} KB` : `${(s.bytes / 2 ** 20).toFixed(1)} MB`;
  const facts = [size, s.compression, s.encoding, s.format, s.bytes >= 2 ** 20 ? `${mbps.toFixed(0)} MB/s` : undefined].filter(Boolean).join(' · ');
  return h('dl', { class: 'errdex-logs-cards' },
    card(t('records'), fmt(s.records, locale)),
    card(t('errors'), fmt(errors, locale), errors > 0 ? 'error' : undefined),
    card(t('warnings'), fmt(s.levels.warning, locale), s.levels.warning > 0 ? 'warning' : undefined),
    card(t('codesFound'), fmt(Object.keys(s.codes).length, locale)),
    card(t('timeRange'), s.first ? `${when(s.first)} → ${when(s.last)}` : '—'),
    card(t('fileFacts'), facts),
  );
}

export function renderProblems(problems: readonly LogProblem[], t: Translate, locale: Locale): HTMLElement | null {
  if (problems.length === 0) return null;
  return h('section', { class: 'errdex-logs-problems', 'aria-label': t('problems') },
    h('ul', {}, ...problems.map((p) => h('li', { 'data-severity': p.severity }, p.message[locale]))));
}

function bucketLabel(ms: number, t: Translate): string {
  if (ms < 60_000) return t('bucket_s', { n: ms / 1000 });
  if (ms < 3_600_000) return t('bucket_min', { n: ms / 60_000 });
  if (ms < 86_400_000) return t('bucket_h', { n: ms / 3_600_000 });
  return t('bucket_d', { n: ms / 86_400_000 });
}

/** Warnings and errors per bucket as a stacked bar chart (clean SVG, one <title> per bar). */
export function renderTimeline(s: LogSummary, t: Translate, locale: Locale): HTMLElement | null {
  const buckets = s.timeline.buckets;
  if (buckets.length === 0) return null;
  const W = 720;
  const H = 160;
  const pad = { left: 40, right: 8, top: 8, bottom: 28 };
  const max = Math.max(1, ...buckets.map((b) => b.warning + b.error + b.critical));
  const bw = (W - pad.left - pad.right) / buckets.length;
  const y = (v: number) => pad.top + (H - pad.top - pad.bottom) * (1 - v / max);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'errdex-logs-timeline', role: 'img', 'aria-label': t('timelineLabel', { bucket: bucketLabel(s.timeline.bucketMs, t), first: when(buckets[0]!.start), last: when(buckets.at(-1)!.start), max: fmt(max, locale) }) });
  chart.append(svg('line', { x1: pad.left, x2: W - pad.right, y1: y(0), y2: y(0), class: 'axis' }));
  chart.append(svg('text', { x: pad.left - 4, y: y(max) + 4, 'text-anchor': 'end', class: 'tick' }, fmt(max, locale)));
  chart.append(svg('text', { x: pad.left - 4, y: y(0), 'text-anchor': 'end', class: 'tick' }, '0'));
  buckets.forEach((b, i) => {
    const x = pad.left + i * bw;
    let base = 0;
    const g = svg('g', {}, svg('title', {}, `${when(b.start)}: ${t('warnings')} ${fmt(b.warning, locale)}, ${t('errors')} ${fmt(b.error + b.critical, locale)} (${t('records_n', { n: fmt(b.records, locale) })})`));
    for (const [value, cls] of [[b.warning, 'warning'], [b.error, 'error'], [b.critical, 'critical']] as const) {
      if (value === 0) continue;
      g.append(svg('rect', { x: x + 0.5, width: Math.max(1, bw - 1), y: y(base + value), height: y(base) - y(base + value), class: cls }));
      base += value;
    }
    // An invisible full-height bar, so the tooltip shows over empty buckets too.
    g.append(svg('rect', { x, width: bw, y: pad.top, height: H - pad.top - pad.bottom, class: 'hit' }));
    chart.append(g);
  });
  chart.append(svg('text', { x: pad.left, y: H - 8, class: 'tick' }, when(buckets[0]!.start)));
  chart.append(svg('text', { x: W - pad.right, y: H - 8, 'text-anchor': 'end', class: 'tick' }, when(buckets.at(-1)!.start)));
  const legend = h('p', { class: 'errdex-logs-legend' },
    h('span', { 'data-tone': 'warning' }, t('warnings')), ' ', h('span', { 'data-tone': 'error' }, t('errors')), ' ', h('span', { 'data-tone': 'critical' }, 'critical'));
  const figure = h('figure', { class: 'errdex-logs-figure' }, h('figcaption', {}, `${t('timeline')} (${bucketLabel(s.timeline.bucketMs, t)})`));
  figure.append(chart, legend);
  return figure;
}

function table(caption: string, head: string[], rows: Child[][], cls = ''): HTMLElement {
  return h('table', { class: `errdex-logs-table ${cls}`.trim() },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))));
}

export function renderCounts(s: LogSummary, t: Translate, locale: Locale): HTMLElement {
  const wrap = h('div', { class: 'errdex-logs-counts' });
  wrap.append(table(t('levels'), [t('level'), t('count')], [...LEVELS].reverse().filter((l) => s.levels[l] > 0).map((l) => [h('span', { class: 'errdex-logs-level', 'data-level': l }, l), fmt(s.levels[l], locale)])));
  wrap.append(table(t('formats'), [t('formats'), t('count')], Object.entries(s.formats).map(([f, n]) => [h('code', {}, f), fmt(n, locale)])));
  const top = (m: Record<string, number>) => Object.entries(m).sort((a, b) => b[1] - a[1]).slice(0, 12);
  if (Object.keys(s.exceptions).length > 0) wrap.append(table(t('exceptions'), [t('exceptions'), t('count')], top(s.exceptions).map(([k, v]) => [h('code', {}, k), fmt(v, locale)])));
  if (Object.keys(s.http).length > 0) wrap.append(table(t('http'), [t('http'), t('count')], top(s.http).map(([k, v]) => [k, fmt(v, locale)])));
  return wrap;
}

export interface CodeInfo {
  title: string;
  system: string;
}

export function renderCodes(s: LogSummary, t: Translate, locale: Locale, base: string, info: Record<string, CodeInfo>): HTMLElement {
  const section = h('section', { class: 'errdex-logs-codes' });
  if (s.codeDetails.length === 0) section.append(h('p', {}, t('noCodes')));
  else {
    section.append(table(t('codes'), [t('code'), t('title'), t('system'), t('count'), t('how'), t('firstLine')], s.codeDetails.map((c) => {
      const how = c.explicit && c.inferred ? t('both', { e: fmt(c.explicit, locale), i: fmt(c.inferred, locale) }) : c.explicit ? t('explicitly') : t('inferred');
      return [
        h('a', { href: `${base}${codePath(c.code, locale)}` }, c.code),
        info[c.code]?.title ?? '',
        info[c.code]?.system ?? c.system,
        fmt(c.records, locale),
        how,
        t('lineN', { line: fmt(c.firstLine, locale) }),
      ];
    })));
  }
  const unknown = Object.keys(s.unknownCodes);
  if (unknown.length > 0) section.append(h('p', { class: 'errdex-logs-note' }, t('unknownCodes', { codes: unknown.join(', ') })));
  return section;
}

export function renderTemplates(s: LogSummary, t: Translate, locale: Locale): HTMLElement | null {
  if (s.templates.length === 0) return null;
  const section = h('section', { class: 'errdex-logs-templates' });
  section.append(table(t('templates'), [t('count'), t('level'), t('template')], s.templates.slice(0, 25).map((x) => [
    fmt(x.count, locale),
    h('span', { class: 'errdex-logs-level', 'data-level': x.level }, x.level),
    h('code', { title: x.example }, x.template),
  ])));
  if (s.templatesApproximate) section.append(h('p', { class: 'errdex-logs-note' }, t('templatesNote')));
  return section;
}
