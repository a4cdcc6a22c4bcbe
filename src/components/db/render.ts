/**
 * The report as DOM: verdict, facts, findings with their code links, evidence and suggested
 * commands. Every text from the file is set with textContent.
 */
import { valueText, type TablePage } from '../../diagnostics/db/browse-values.ts';
import { bytes } from '../../diagnostics/db/findings.ts';
import { fill } from '../../i18n/fill.ts';
import { severityText, verdictText } from '../../diagnostics/db/export.ts';
import type { DbFinding, DbReport } from '../../diagnostics/db/report.ts';
import { codePath } from '../../registry/queries.ts';
import type { Locale } from '../../registry/schema.ts';
import { highlightInto } from './highlight.ts';
import type { StringKey } from './strings.ts';

type El = keyof HTMLElementTagNameMap;

export function h<K extends El>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}

export interface RenderContext {
  locale: Locale;
  t: (key: StringKey) => string;
  /** Code -> title in this locale, for the code links. */
  titles: Map<string, string>;
  /** Prefix of the site's URLs (Astro's base), without a trailing slash. */
  base: string;
  elapsedMs?: number;
  shmIgnored?: boolean;
  /** The profiles a person may check the file as (the picker of an unrecognised database). */
  profiles?: { id: string; name: string }[];
}

function codeLink(code: string, ctx: RenderContext): HTMLAnchorElement {
  const title = ctx.titles.get(code);
  const a = h('a', { href: `${ctx.base}${codePath(code, ctx.locale)}`, class: 'errdex-db-code' }, h('code', {}, code));
  if (title) a.append(` ${title}`);
  return a;
}

function commandBlock(f: DbFinding, ctx: RenderContext): HTMLElement | null {
  if (!f.command) return null;
  const code = h('code', { class: `language-${f.command.lang}` });
  const button = h('button', { type: 'button', class: 'errdex-db-copy' }, ctx.t('copy'));
  const text = f.command.code;
  button.addEventListener('click', () => {
    void navigator.clipboard?.writeText(text).then(() => {
      button.textContent = ctx.t('copied');
      setTimeout(() => (button.textContent = ctx.t('copy')), 2000);
    });
  });
  void highlightInto(code, text, f.command.lang);
  return h('div', { class: 'errdex-db-command' },
    h('p', { class: 'errdex-db-label' }, `${ctx.t('command')} (${f.command.lang})`),
    h('pre', { tabindex: '0' }, code),
    button);
}

function findingItem(f: DbFinding, ctx: RenderContext): HTMLElement {
  const head = h('h4', {},
    h('span', { class: 'errdex-db-severity', 'data-severity': f.severity }, severityText(f.severity, ctx.locale)),
    ' ',
    codeLink(f.code, ctx));
  if (f.systemCode) head.append(' · ', h('span', { class: 'errdex-db-label' }, `${ctx.t('systemCode')}: `), codeLink(f.systemCode, ctx));
  const item = h('li', { class: 'errdex-db-finding', 'data-severity': f.severity, 'data-code': f.code }, head, h('p', {}, f.message[ctx.locale]));
  if (f.evidence.length > 0) {
    item.append(h('details', {}, h('summary', {}, `${ctx.t('evidence')} (${f.evidence.length})`), h('pre', { tabindex: '0' }, f.evidence.join('\n'))));
  }
  const cmd = commandBlock(f, ctx);
  if (cmd) item.append(cmd);
  return item;
}

export function renderReport(report: DbReport, ctx: RenderContext): HTMLElement {
  const { t, locale } = ctx;
  const section = h('section', { class: 'errdex-db-report', 'aria-labelledby': 'errdex-db-verdict' });
  section.append(h('h3', { id: 'errdex-db-verdict', class: 'errdex-db-verdict', 'data-verdict': report.verdict }, verdictText(report.verdict, locale)));
  const picker = unrecognisedPicker(report, ctx);
  if (picker) section.append(picker);
  if (report.verdict === 'corrupt') section.append(corruptActions(ctx));
  const facts: [StringKey, string][] = [
    ['fact.file', report.file.name],
    ['fact.size', `${bytes(report.file.size)} (${report.file.size} B)`],
    ['fact.integrity', report.integrity],
    ['fact.checks', `${report.checks.quickCheck} / ${report.checks.integrityCheck} / ${report.checks.foreignKeyCheck}`],
    ['fact.profile', report.profile ? `${report.profile} (${t(report.profileSource === 'chosen' ? 'chosen' : 'detected')})` : '—'],
  ];
  const hd = report.header;
  if (hd) {
    facts.push(
      ['fact.page', `${hd.pageSize} × ${hd.pageCount}`],
      ['fact.journal', hd.journalMode],
      ['fact.encoding', hd.textEncoding ?? String(hd.textEncodingValue)],
      ['fact.freelist', String(hd.freelistPages)],
      ['fact.userVersion', `${hd.userVersion} / ${hd.applicationId}`],
      ['fact.version', hd.sqliteVersion ?? '—'],
    );
  }
  if (report.wal) facts.push(['fact.wal', `${report.wal.name}: ${report.wal.commits} commits, ${report.wal.frames} frames${report.wal.applied ? ' ✓' : ''}`]);
  if (report.schema) facts.push(['fact.schema', `${report.schema.tables} tables, ${report.schema.indexes} indexes, ${report.schema.views} views, ${report.schema.triggers} triggers`]);
  if (ctx.elapsedMs !== undefined) facts.push(['fact.time', `${(ctx.elapsedMs / 1000).toFixed(2)} s`]);
  const dl = h('dl', { class: 'errdex-db-facts' });
  for (const [k, v] of facts) dl.append(h('dt', {}, t(k)), h('dd', {}, v));
  section.append(dl);
  if (ctx.shmIgnored) section.append(h('p', { class: 'errdex-db-note' }, t('shmIgnored')));
  section.append(h('h3', {}, `${t('findings')} (${report.findings.length})`));
  if (report.findings.length === 0) section.append(h('p', {}, t('noFindings')));
  else section.append(h('ul', { class: 'errdex-db-findings' }, ...report.findings.map((f) => findingItem(f, ctx))));
  if (report.integrity !== 'ok' && report.messages.length > 0) {
    section.append(h('details', {}, h('summary', {}, t('messages')), h('pre', { tabindex: '0' }, report.messages.join('\n'))));
  }
  return section;
}

/**
 * After a corrupt verdict: what to do next. This is where actions on the damaged file belong
 * (`[data-actions]`); its first words say what to do with the commands below.
 */
function corruptActions(ctx: RenderContext): HTMLElement {
  return h('section', { class: 'errdex-db-actions', 'data-actions': 'corrupt', 'aria-labelledby': 'errdex-db-actions' },
    h('h4', { id: 'errdex-db-actions' }, ctx.t('actions')),
    h('p', {}, ctx.t('actionsCorrupt')));
}

/** A database of no known system: say so, with the profile picker right there. */
function unrecognisedPicker(report: DbReport, ctx: RenderContext): HTMLElement | null {
  if (report.profile !== null || !report.schema || report.schema.tables === 0 || report.integrity !== 'ok') return null;
  const select = h('select', { id: 'errdex-db-check-as', 'data-profile-inline': '' },
    h('option', { value: '' }, '—'),
    ...(ctx.profiles ?? []).map((p) => h('option', { value: p.id }, p.name)));
  return h('div', { class: 'errdex-db-unrecognised', 'data-unrecognised': '' },
    h('p', {}, ctx.t('unrecognised')),
    h('label', { for: 'errdex-db-check-as' }, ctx.t('checkAs')), ' ', select);
}

/** A page of rows as a table: every value set as text. */
export function renderRows(page: TablePage, ctx: Pick<RenderContext, 't'>): HTMLElement {
  const { t } = ctx;
  const from = page.rows.length === 0 ? 0 : page.offset + 1;
  const to = page.offset + page.rows.length;
  const caption = h('caption', {}, `${page.table} · ${fill(t('rowsOf'), { from, to, total: page.total })}`);
  const head = h('tr', {}, ...(page.rowids ? [h('th', { scope: 'col' }, 'rowid')] : []), ...page.columns.map((c) => h('th', { scope: 'col', title: c.type }, c.name)));
  const words = { computed: t('computed'), characters: (n: number) => fill(t('characters'), { n }) };
  const body = page.rows.map((row, i) => h('tr', {},
    ...(page.rowids ? [h('th', { scope: 'row' }, page.rowids[i] ?? '')] : []),
    ...row.map((v) => h('td', { 'data-type': v === null ? 'computed' : v.type }, valueText(v, words)))));
  const table = h('table', {}, caption, h('thead', {}, head), h('tbody', {}, ...body));
  const wrap = h('div', { class: 'errdex-db-rows', role: 'region', tabindex: '0', 'aria-label': `${page.table} · ${fill(t('rowsOf'), { from, to, total: page.total })}` }, table);
  const out = h('div', {}, wrap);
  if (page.rows.length === 0) out.append(h('p', {}, t('noRows')));
  if (page.hiddenColumns > 0) out.append(h('p', { class: 'errdex-db-note' }, fill(t('moreColumns'), { n: page.hiddenColumns })));
  return out;
}
