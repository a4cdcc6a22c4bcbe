/**
 * The report as DOM: verdict, facts, findings with their code links, evidence and suggested
 * commands. Every text from the file is set with textContent.
 */
import { valueText, type TablePage } from '../../diagnostics/db/browse-values.ts';
import { bytes } from '../../diagnostics/db/findings.ts';
import { severityText, verdictText } from '../../diagnostics/db/export.ts';
import type { DbFinding, DbReport } from '../../diagnostics/db/report.ts';
import type { Locale, Translate, UiKey } from '../../i18n/index.ts';
import { codePath } from '../../registry/queries.ts';
import { h } from '../kit/h.ts';
import { highlightInto } from './highlight.ts';

export interface RenderContext {
  locale: Locale;
  t: Translate;
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
  const button = h('button', { type: 'button', class: 'errdex-db-copy' }, ctx.t('db.copy'));
  const text = f.command.code;
  button.addEventListener('click', () => {
    void navigator.clipboard?.writeText(text).then(() => {
      button.textContent = ctx.t('db.copied');
      setTimeout(() => (button.textContent = ctx.t('db.copy')), 2000);
    });
  });
  void highlightInto(code, text, f.command.lang);
  return h('div', { class: 'errdex-db-command' },
    h('p', { class: 'errdex-db-label' }, ctx.t('db.commandLang', { lang: f.command.lang })),
    h('pre', { tabindex: '0' }, code),
    button);
}

function findingItem(f: DbFinding, ctx: RenderContext): HTMLElement {
  const head = h('h4', {},
    h('span', { class: 'errdex-db-severity', 'data-severity': f.severity }, severityText(f.severity, ctx.locale)),
    ' ',
    codeLink(f.code, ctx));
  if (f.systemCode) head.append(' · ', h('span', { class: 'errdex-db-label' }, ctx.t('db.systemCodeLabel')), ' ', codeLink(f.systemCode, ctx));
  const item = h('li', { class: 'errdex-db-finding', 'data-severity': f.severity, 'data-code': f.code }, head, h('p', {}, f.message[ctx.locale]));
  if (f.evidence.length > 0) {
    item.append(h('details', {}, h('summary', {}, ctx.t('db.evidenceCount', { n: f.evidence.length })), h('pre', { tabindex: '0' }, f.evidence.join('\n'))));
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
  const check = (state: DbReport['checks']['quickCheck']) => t(`db.check.${state}`);
  const facts: [UiKey, string][] = [
    ['db.fact.file', report.file.name],
    ['db.fact.size', `${bytes(report.file.size)} (${report.file.size} B)`],
    ['db.fact.integrity', t(`db.integrity.${report.integrity}`)],
    ['db.fact.checks', `${check(report.checks.quickCheck)} / ${check(report.checks.integrityCheck)} / ${check(report.checks.foreignKeyCheck)}`],
    ['db.fact.profile', report.profile ? t('db.profileFact', { profile: report.profile, how: t(report.profileSource === 'chosen' ? 'db.chosen' : 'db.detected') }) : '—'],
  ];
  const hd = report.header;
  if (hd) {
    facts.push(
      ['db.fact.page', `${hd.pageSize} × ${hd.pageCount}`],
      ['db.fact.journal', t(`db.journal.${hd.journalMode}`)],
      ['db.fact.encoding', hd.textEncoding ?? String(hd.textEncodingValue)],
      ['db.fact.freelist', String(hd.freelistPages)],
      ['db.fact.userVersion', `${hd.userVersion} / ${hd.applicationId}`],
      ['db.fact.version', hd.sqliteVersion ?? '—'],
    );
  }
  if (report.wal) {
    const fact = t('db.walFact', { name: report.wal.name, commits: report.wal.commits, frames: report.wal.frames });
    facts.push(['db.fact.wal', t(report.wal.applied ? 'db.walApplied' : 'db.walNotApplied', { fact })]);
  }
  if (report.schema) facts.push(['db.fact.schema', t('db.schemaFact', report.schema)]);
  if (ctx.elapsedMs !== undefined) facts.push(['db.fact.time', t('db.seconds', { n: (ctx.elapsedMs / 1000).toFixed(2) })]);
  const dl = h('dl', { class: 'errdex-db-facts' });
  for (const [k, v] of facts) dl.append(h('dt', {}, t(k)), h('dd', {}, v));
  section.append(dl);
  if (ctx.shmIgnored) section.append(h('p', { class: 'errdex-db-note' }, t('db.shmIgnored')));
  section.append(h('h3', {}, t('db.findingsCount', { n: report.findings.length })));
  if (report.findings.length === 0) section.append(h('p', {}, t('db.noFindings')));
  else section.append(h('ul', { class: 'errdex-db-findings' }, ...report.findings.map((f) => findingItem(f, ctx))));
  if (report.integrity !== 'ok' && report.messages.length > 0) {
    section.append(h('details', {}, h('summary', {}, t('db.messages')), h('pre', { tabindex: '0' }, report.messages.join('\n'))));
  }
  return section;
}

/**
 * After a corrupt verdict: what to do next. This is where actions on the damaged file belong
 * (`[data-actions]`); its first words say what to do with the commands below.
 */
function corruptActions(ctx: RenderContext): HTMLElement {
  return h('section', { class: 'errdex-db-actions', 'data-actions': 'corrupt', 'aria-labelledby': 'errdex-db-actions' },
    h('h4', { id: 'errdex-db-actions' }, ctx.t('db.actions')),
    h('p', {}, ctx.t('db.actionsCorrupt')));
}

/** A database of no known system: say so, with the profile picker right there. */
function unrecognisedPicker(report: DbReport, ctx: RenderContext): HTMLElement | null {
  if (report.profile !== null || !report.schema || report.schema.tables === 0 || report.integrity !== 'ok') return null;
  const select = h('select', { id: 'errdex-db-check-as', 'data-profile-inline': '' },
    h('option', { value: '' }, '—'),
    ...(ctx.profiles ?? []).map((p) => h('option', { value: p.id }, p.name)));
  return h('div', { class: 'errdex-db-unrecognised', 'data-unrecognised': '' },
    h('p', {}, ctx.t('db.unrecognised')),
    h('label', { for: 'errdex-db-check-as' }, ctx.t('db.checkAs')), ' ', select);
}

/** A page of rows as a table: every value set as text. */
export function renderRows(page: TablePage, ctx: Pick<RenderContext, 't'>): HTMLElement {
  const { t } = ctx;
  const from = page.rows.length === 0 ? 0 : page.offset + 1;
  const to = page.offset + page.rows.length;
  const caption = h('caption', {}, `${page.table} · ${t('db.rowsOf', { from, to, total: page.total })}`);
  const head = h('tr', {}, ...(page.rowids ? [h('th', { scope: 'col' }, 'rowid')] : []), ...page.columns.map((c) => h('th', { scope: 'col', title: c.type }, c.name)));
  const words = { computed: t('db.computed'), characters: (n: number) => t('db.characters', { n }) };
  const body = page.rows.map((row, i) => h('tr', {},
    ...(page.rowids ? [h('th', { scope: 'row' }, page.rowids[i] ?? '')] : []),
    ...row.map((v) => h('td', { 'data-type': v === null ? 'computed' : v.type }, valueText(v, words)))));
  const table = h('table', {}, caption, h('thead', {}, head), h('tbody', {}, ...body));
  const wrap = h('div', { class: 'errdex-db-rows', role: 'region', tabindex: '0', 'aria-label': `${page.table} · ${t('db.rowsOf', { from, to, total: page.total })}` }, table);
  const out = h('div', {}, wrap);
  if (page.rows.length === 0) out.append(h('p', {}, t('db.noRows')));
  if (page.hiddenColumns > 0) out.append(h('p', { class: 'errdex-db-note' }, t('db.moreColumns', { n: page.hiddenColumns })));
  return out;
}
