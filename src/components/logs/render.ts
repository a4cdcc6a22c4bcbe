/**
 * The log parser's results as DOM nodes, built with the kit's `h()`: every piece of text from the
 * file goes in as a text node; nothing is parsed as HTML.
 */
import { LEVELS, type Level } from '../../diagnostics/logs/levels.ts';
import type { LogProblem, LogSummary } from '../../diagnostics/logs/types.ts';
import type { Locale, Translate } from '../../i18n/index.ts';
import { codePath } from '../../registry/queries.ts';
import { h, svg, type Child } from '../kit/h.ts';

export const fmt = (n: number, locale: Locale) => n.toLocaleString(locale === 'en' ? 'en-US' : 'zh-TW');

/** A timestamp for people: `2025-08-23 10:30:15 UTC`. */
export function when(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : '—';
}

/** A level as a word of the page's language, never broken inside; `≈` when read from message words. */
export function levelTag(level: Level, t: Translate, inferred = false): HTMLElement {
  return h('span', { class: 'errdex-logs-level', 'data-level': level, 'data-inferred': inferred ? 'true' : undefined },
    inferred ? h('span', { 'aria-hidden': 'true' }, '\u2248') : null,
    t(`logs.level.${level}`),
    inferred ? h('span', { class: 'sr-only' }, ` (${t('logs.levelInferredMark')})`) : null);
}

/** A figure of the summary; a value given as parts keeps each part on one line (`utf-8` never breaks). */
function card(label: string, value: string | string[], tone?: string, sep = ' · '): HTMLElement {
  const parts = typeof value === 'string' ? [value] : value;
  const text = parts.join(sep);
  const dd = parts.length === 1 ? h('dd', {}, text) : h('dd', {}, ...parts.flatMap((p, i) => [i > 0 ? sep : null, h('span', { class: 'errdex-logs-fact' }, p)]));
  return h('div', { class: 'errdex-logs-card', 'data-tone': tone, 'data-long': text.length > 16 ? 'true' : undefined }, h('dt', {}, label), dd);
}

export function renderCards(s: LogSummary, t: Translate, locale: Locale, mbps: number): HTMLElement {
  const errors = s.levels.error + s.levels.critical;
  const size = s.bytes < 2 ** 20 ? `${(s.bytes / 1024).toFixed(1)} KB` : `${(s.bytes / 2 ** 20).toFixed(1)} MB`;
  const facts = [size, s.compression, s.encoding, s.bytes >= 2 ** 20 ? `${mbps.toFixed(0)} MB/s` : undefined].filter((x): x is string => Boolean(x));
  return h('dl', { class: 'errdex-logs-cards' },
    card(t('logs.records'), fmt(s.records, locale)),
    card(t('logs.errors'), fmt(errors, locale), errors > 0 ? 'error' : undefined),
    card(t('logs.warnings'), fmt(s.levels.warning, locale), s.levels.warning > 0 ? 'warning' : undefined),
    card(t('logs.codesFound'), fmt(Object.keys(s.codes).length, locale)),
    // Broken only between a date and its time, never inside either.
    card(t('logs.timeRange'), s.first ? [...when(s.first).split(/ (?=\d\d:)/), '→', ...when(s.last).split(/ (?=\d\d:)/)] : '—', undefined, ' '),
    card(t('logs.fileFacts'), facts),
  );
}

export function renderProblems(problems: readonly LogProblem[], t: Translate, locale: Locale): HTMLElement | null {
  if (problems.length === 0) return null;
  return h('section', { class: 'errdex-logs-problems', 'aria-label': t('logs.problems') },
    h('ul', {}, ...problems.map((p) => h('li', { 'data-severity': p.severity, 'data-kind': p.kind }, p.file ? `${p.file}: ${p.message[locale]}` : p.message[locale]))));
}

function bucketLabel(ms: number, t: Translate): string {
  if (ms < 60_000) return t('logs.bucketS', { n: ms / 1000 });
  if (ms < 3_600_000) return t('logs.bucketMin', { n: ms / 60_000 });
  if (ms < 86_400_000) return t('logs.bucketH', { n: ms / 3_600_000 });
  return t('logs.bucketD', { n: ms / 86_400_000 });
}

/**
 * Warnings and errors per bucket as a stacked bar chart. Each bar is a button (one tab stop for
 * the chart, arrow keys between bars, Enter or a click) that filters the records to its span.
 */
export function renderTimeline(s: LogSummary, t: Translate, locale: Locale, onPick: (from: number, to: number) => void): HTMLElement | null {
  const buckets = s.timeline.buckets;
  if (buckets.length === 0) return null;
  const W = 720;
  const H = 160;
  const pad = { left: 40, right: 8, top: 8, bottom: 28 };
  const max = Math.max(1, ...buckets.map((b) => b.warning + b.error + b.critical));
  const bw = (W - pad.left - pad.right) / buckets.length;
  const y = (v: number) => pad.top + (H - pad.top - pad.bottom) * (1 - v / max);
  const step = s.timeline.bucketMs;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'errdex-logs-timeline', role: 'group', 'aria-label': t('logs.timelineLabel', { bucket: bucketLabel(step, t), first: when(buckets[0]!.start), last: when(buckets.at(-1)!.start), max: fmt(max, locale) }) });
  chart.append(svg('line', { x1: pad.left, x2: W - pad.right, y1: y(0), y2: y(0), class: 'axis', 'aria-hidden': 'true' }));
  chart.append(svg('text', { x: pad.left - 4, y: y(max) + 4, 'text-anchor': 'end', class: 'tick', 'aria-hidden': 'true' }, fmt(max, locale)));
  chart.append(svg('text', { x: pad.left - 4, y: y(0), 'text-anchor': 'end', class: 'tick', 'aria-hidden': 'true' }, '0'));
  const bars: SVGGElement[] = [];
  buckets.forEach((b, i) => {
    const x = pad.left + i * bw;
    const from = Date.parse(b.start);
    const label = t('logs.timelineBar', { from: when(b.start), to: when(new Date(from + step).toISOString()), warnings: fmt(b.warning, locale), errors: fmt(b.error + b.critical, locale), records: fmt(b.records, locale) });
    const g = svg('g', { role: 'button', tabindex: i === 0 ? '0' : '-1', 'aria-label': label, class: 'bar', 'data-from': String(from) }, svg('title', {}, label));
    let base = 0;
    for (const [value, cls] of [[b.warning, 'warning'], [b.error, 'error'], [b.critical, 'critical']] as const) {
      if (value === 0) continue;
      g.append(svg('rect', { x: x + 0.5, width: Math.max(1, bw - 1), y: y(base + value), height: y(base) - y(base + value), class: cls }));
      base += value;
    }
    // A full-height target, so an empty bucket can be chosen too.
    g.append(svg('rect', { x, width: bw, y: pad.top, height: H - pad.top - pad.bottom, class: 'hit' }));
    bars.push(g);
    chart.append(g);
  });
  // One listener for all bars (a chart can have hundreds).
  const barOf = (e: Event) => (e.target as Element).closest<SVGGElement>('g.bar');
  const pick = (g: SVGGElement) => {
    const from = Number(g.dataset.from);
    onPick(from, from + step);
  };
  chart.addEventListener('click', (e) => {
    const g = barOf(e);
    if (g) pick(g);
  });
  chart.addEventListener('keydown', (e) => {
    const g = barOf(e);
    if (!g) return;
    const i = bars.indexOf(g);
    const move = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : e.key === 'Home' ? -i : e.key === 'End' ? bars.length - 1 - i : 0;
    if (move !== 0) {
      e.preventDefault();
      const next = bars[i + move];
      if (next) {
        g.setAttribute('tabindex', '-1');
        next.setAttribute('tabindex', '0');
        next.focus();
      }
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      pick(g);
    }
  });
  chart.append(svg('text', { x: pad.left, y: H - 8, class: 'tick', 'aria-hidden': 'true' }, when(buckets[0]!.start)));
  chart.append(svg('text', { x: W - pad.right, y: H - 8, 'text-anchor': 'end', class: 'tick', 'aria-hidden': 'true' }, when(buckets.at(-1)!.start)));
  const legend = h('p', { class: 'errdex-logs-legend' },
    h('span', { 'data-tone': 'warning' }, t('logs.level.warning')), ' ', h('span', { 'data-tone': 'error' }, t('logs.level.error')), ' ', h('span', { 'data-tone': 'critical' }, t('logs.level.critical')));
  const figure = h('figure', { class: 'errdex-logs-figure' }, h('figcaption', {}, `${t('logs.timeline')} (${bucketLabel(step, t)})`));
  figure.append(h('div', { class: 'errdex-logs-chart' }, chart), legend);
  return figure;
}

/**
 * A table in a scrolling wrapper (so a narrow screen scrolls the table, not the page); the
 * wrapper is a named region that takes focus, so a keyboard can scroll it too.
 */
function table(caption: string, head: Child[], rows: Child[][], cls = ''): HTMLElement {
  return h('div', { class: 'errdex-logs-scroll', role: 'region', tabindex: '0', 'aria-label': caption }, h('table', { class: `errdex-logs-table ${cls}`.trim() },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c)))))));
}

export function renderLevels(s: LogSummary, t: Translate, locale: Locale): HTMLElement {
  const inferred = LEVELS.some((l) => (s.levelsFromMessage?.[l] ?? 0) > 0);
  const levels = [...LEVELS].reverse().filter((l) => s.levels[l] > 0);
  const wrap = h('div', { class: 'errdex-logs-levels' }, table(t('logs.levels'), inferred ? [t('logs.level'), t('logs.count'), t('logs.fromWords')] : [t('logs.level'), t('logs.count')],
    levels.map((l) => {
      const words = s.levelsFromMessage?.[l] ?? 0;
      const row: Child[] = [levelTag(l, t, inferred && words === s.levels[l]), fmt(s.levels[l], locale)];
      if (inferred) row.push(words > 0 ? fmt(words, locale) : '—');
      return row;
    }), 'errdex-logs-levels-table'));
  if (inferred) wrap.append(h('p', { class: 'errdex-logs-note' }, t('logs.levelsNote')));
  return wrap;
}

export function renderCounts(s: LogSummary, t: Translate, locale: Locale): HTMLElement {
  const wrap = h('div', { class: 'errdex-logs-counts' });
  wrap.append(renderLevels(s, t, locale));
  const top = (m: Record<string, number>) => Object.entries(m).sort((a, b) => b[1] - a[1]).slice(0, 12);
  if (Object.keys(s.exceptions).length > 0) wrap.append(table(t('logs.exceptions'), [t('logs.exception'), t('logs.count')], top(s.exceptions).map(([k, v]) => [h('code', {}, k), fmt(v, locale)])));
  if (Object.keys(s.http).length > 0) wrap.append(table(t('logs.http'), [t('logs.status'), t('logs.count')], top(s.http).map(([k, v]) => [k, fmt(v, locale)])));
  return wrap;
}

/** Each format found: its registry name, or for a learned one its head layout in words. */
export function renderFormats(s: LogSummary, t: Translate, locale: Locale, names: Record<string, string>): HTMLElement {
  const rows = Object.entries(s.formats).sort((a, b) => b[1] - a[1]).map(([id, n]) => {
    const info = s.formatInfo?.[id];
    const plain = id === 'plain-text';
    const name = plain ? t('logs.plainTextFormat') : info?.learned ? t('logs.learnedFormat') : names[id] ?? id;
    const layout = info?.layout?.[locale];
    return [
      h('span', { class: 'errdex-logs-format' }, h('strong', {}, name), ' ', h('code', {}, id)),
      layout ?? (info?.learned || plain ? '—' : t('logs.registryFormat')),
      fmt(n, locale),
    ];
  });
  return h('section', { class: 'errdex-logs-formats' }, table(t('logs.formats'), [t('logs.format'), t('logs.layout'), t('logs.count')], rows));
}

/** The files read as one analysis, in time order, with where each one's lines start. */
export function renderFiles(s: LogSummary, t: Translate, locale: Locale): HTMLElement | null {
  if (!s.files || s.files.length === 0) return null;
  return h('section', { class: 'errdex-logs-files' }, table(t('logs.files'), [t('logs.fileName'), t('logs.fileLines'), t('logs.count'), t('logs.fileFirst'), t('logs.fileLast'), t('logs.fileEncoding')],
    s.files.map((f) => [
      h('span', { class: 'errdex-logs-filename' }, f.name),
      t('logs.linesFrom', { from: fmt(f.startLine, locale), to: fmt(f.startLine + Math.max(0, f.lines - 1), locale) }),
      fmt(f.records, locale),
      when(f.first),
      when(f.last),
      [f.encoding, f.compression].filter(Boolean).join(' · '),
    ])));
}

export interface CodeInfo {
  title: string;
  system: string;
}

export function renderCodes(s: LogSummary, t: Translate, locale: Locale, base: string, info: Record<string, CodeInfo>): HTMLElement {
  const section = h('section', { class: 'errdex-logs-codes' });
  if (s.codeDetails.length === 0) section.append(h('p', {}, t('logs.noCodes')));
  else {
    section.append(table(t('logs.codes'), [t('logs.code'), t('logs.title'), t('logs.system'), t('logs.count'), t('logs.how'), t('logs.firstLine')], s.codeDetails.map((c) => {
      const how = c.explicit && c.inferred ? t('logs.both', { e: fmt(c.explicit, locale), i: fmt(c.inferred, locale) }) : c.explicit ? t('logs.explicitly') : t('logs.inferred');
      return [
        h('a', { href: `${base}${codePath(c.code, locale)}`, class: 'errdex-logs-codelink' }, c.code),
        info[c.code]?.title ?? '',
        info[c.code]?.system ?? c.system,
        fmt(c.records, locale),
        how,
        t('logs.lineN', { line: fmt(c.firstLine, locale) }),
      ];
    })));
  }
  const unknown = Object.keys(s.unknownCodes);
  if (unknown.length > 0) section.append(h('p', { class: 'errdex-logs-note' }, t('logs.unknownCodes', { codes: unknown.join(', ') })));
  return section;
}

export function renderTemplates(s: LogSummary, t: Translate, locale: Locale, onPick: (id: string, template: string) => void): HTMLElement | null {
  if (s.templates.length === 0) return null;
  const section = h('section', { class: 'errdex-logs-templates' });
  section.append(table(t('logs.templates'), [t('logs.count'), t('logs.level'), t('logs.template'), h('span', { class: 'sr-only' }, t('logs.recordList'))], s.templates.slice(0, 25).map((x) => {
    const button = h('button', { type: 'button', class: 'errdex-logs-small', 'aria-label': t('logs.templateRecordsLabel', { template: x.template.slice(0, 120) }), 'data-template': x.id }, t('logs.templateRecords'));
    button.addEventListener('click', () => onPick(x.id, x.template));
    return [fmt(x.count, locale), levelTag(x.level, t), h('code', { title: x.example, class: 'errdex-logs-template' }, x.template), button];
  })));
  if (s.templatesApproximate) section.append(h('p', { class: 'errdex-logs-note' }, t('logs.templatesNote')));
  return section;
}
