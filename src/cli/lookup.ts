/**
 * `errdex lookup QUERY... [--locale zh-TW|en] [--system ID] [--json] [--limit N]`: the error-code
 * search from the terminal. QUERY is a code, a message, a symptom or a pasted log (several words
 * are one query); `-` reads it from standard input (a whole traceback). Exit 0: found; 1: nothing
 * matches; 2: bad arguments or an unreadable registry.
 */
import { readSync } from 'node:fs';
import { defineCommand } from 'citty';
import { pickLocale } from './locale.ts';
import { buildSearchIndex, searchIndex, type SearchHit, type SearchIndex, type SearchProblem, type SearchResult } from '../diagnostics/search/index.ts';
import { prepareSearchIndex } from '../diagnostics/search/index-fs.ts';
import type { LookupJson } from '../diagnostics/search/results-json.ts';
import { translator } from '../i18n/index.ts';
import { describeRetry, severityLabel } from '../i18n/registry-text.ts';
import { schemaUrl, siteOrigin } from '../generate/site.ts';
import type { ErrorWithSystem, Registry } from '../registry/load.ts';
import { RegistryError } from '../registry/problem.ts';
import { prepareRegistry, requireRegistry } from '../registry/snapshot-fs.ts';
import type { Locale, Step } from '../registry/schema.ts';
import type { CommandRules } from './run.ts';
import { terminalSafe } from './terminal.ts';

/** Most bytes read from standard input; the search itself looks at no more than 64 KiB of it. */
const MAX_STDIN = 8 * 1024 * 1024;

export interface LookupArgs {
  query?: string;
  locale?: string;
  system?: string;
  json?: boolean;
  limit?: string | number;
}

export interface LookupIo {
  /** The registry: the full text of the best entry, for terminal output. */
  registry: () => Registry;
  /** The search index (default: built from `registry()`). */
  index?: () => SearchIndex;
  /** Standard input, read when the query is `-`. */
  stdin: () => string;
  /** Origin of the site, for the URLs printed. */
  site: string;
  env?: Record<string, string | undefined>;
}

export interface LookupRun {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
  result?: SearchResult;
}

/**
 * The `--json` output (`LookupJson`, published as `/schemas/lookup.schema.json`):
 * `{"results":[{"code","system","title","summary","url","score"}]}`, best first, and
 * `"ambiguous":{"codes","systems"}` when the best answer is one message documented by several systems.
 */
export function resultsToJson(result: Pick<SearchResult, 'hits' | 'ambiguous'>, site: string): string {
  const results = result.hits.map((h) => ({ code: h.code, system: h.system, title: h.title, summary: h.summary, url: new URL(h.path, site).href, score: h.score }));
  const json: LookupJson = { results, ...(result.ambiguous ? { ambiguous: result.ambiguous } : {}) };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function problemText(p: SearchProblem, zh: boolean): string {
  switch (p.kind) {
    case 'binary':
      return zh ? '輸入看起來是二進位資料，不是文字；請貼上錯誤訊息或日誌。' : 'the input looks like binary data, not text; paste an error message or a log instead.';
    case 'truncated':
      return zh
        ? `輸入太長，只搜尋了開頭與結尾各 32 KiB（略過 ${p.omitted} 個字元）。`
        : `the input is long; only its first and last 32 KiB were searched (${p.omitted} characters skipped).`;
    case 'unknown-system':
      return zh ? `沒有系統 "${p.system}"。` : `there is no system "${p.system}".`;
  }
}

const MATCH_WORDS = {
  'zh-TW': { code: '代碼相符', mention: '文字中出現代碼', rule: '符合比對規則', title: '標題相符', text: '全文相符' },
  en: { code: 'exact code', mention: 'code in the text', rule: 'matched a rule', title: 'its title', text: 'full text' },
} as const;

function indent(text: string, by: string): string {
  return text.replace(/\n+$/, '').split('\n').map((line) => (line.trim() ? `${by}${line}` : '')).join('\n');
}

function steps(list: readonly Step[], locale: Locale): string[] {
  return list.flatMap((step, i) => {
    const out = [`  ${i + 1}. ${step.text[locale]}`];
    if (step.destructive) out.push(`     ! ${translator(locale)('label.destructive')}: ${step.destructive.warning[locale]}`);
    if (step.command) out.push(indent(step.command.code, '       '));
    return out;
  });
}

/** The best entry in full: what it is, its symptoms, causes, diagnosis and resolution with their commands. */
export function renderEntry(entry: ErrorWithSystem, hit: SearchHit, locale: Locale, site: string): string {
  const t = translator(locale);
  const zh = locale === 'zh-TW';
  const out: string[] = [];
  out.push(`${entry.code}  ${entry.title[locale]}`);
  const facts = [hit.systemName, severityLabel(entry.severity, locale), `${t('label.retryable')}: ${entry.retryable ? t('label.yes') : t('label.no')}`];
  if (entry.status === 'retired') facts.push(t('label.retired'));
  out.push(facts.join(' · '));
  if (entry.retry) out.push(`${t('label.retryPolicy')}: ${describeRetry(entry.retry, locale)}`);
  out.push(new URL(hit.path, site).href);
  out.push(`${zh ? '找到的原因' : 'Found by'}: ${MATCH_WORDS[locale][hit.match]}${hit.evidence ? ` — ${hit.evidence}` : ''}`);
  out.push('', entry.summary[locale]);
  const section = (title: string, lines: string[]) => {
    if (lines.length > 0) out.push('', title, ...lines);
  };
  section(t('label.symptoms'), entry.symptoms.map((s) => `  - ${s[locale]}`));
  section(t('label.causes'), entry.causes.map((c) => `  - ${c[locale]}`));
  section(t('label.diagnosis'), steps(entry.diagnosis, locale));
  section(t('label.resolution'), steps(entry.resolution, locale));
  if (entry.related.length > 0) section(t('label.related'), [`  ${entry.related.join(', ')}`]);
  return `${out.join('\n')}\n`;
}

/** Hits one per entry: code, system and title, and the summary under them. */
function hitLines(hits: readonly SearchHit[], locale: Locale, why: boolean): string {
  const width = Math.max(...hits.map((h) => h.code.length));
  const systems = Math.max(...hits.map((h) => h.system.length));
  return hits.map((h) => `  ${h.code.padEnd(width)}  ${h.system.padEnd(systems)}  ${h.title}${why ? `  [${MATCH_WORDS[locale][h.match]}]` : ''}\n`
    + `  ${''.padEnd(width)}  ${h.summary}\n`).join('');
}

/**
 * The results as terminal text: a message documented for several systems says so first and
 * lists each system's entry; then the best entry in full; then the others, each with its summary.
 */
export function renderResults(result: SearchResult, registry: Registry, locale: Locale, site: string): string {
  const [top, ...rest] = result.hits;
  if (!top) return '';
  const zh = locale === 'zh-TW';
  let out = '';
  const group = new Set(result.ambiguous?.codes ?? []);
  if (result.ambiguous) {
    out += zh
      ? `這則訊息在 ${result.ambiguous.systems.length} 個系統中都有記載，請選擇寫出它的系統：\n`
      : `This message is documented for ${result.ambiguous.systems.length} systems; choose the one that wrote it:\n`;
    out += `${hitLines(result.hits.filter((h) => group.has(h.code)), locale, false)}\n`;
  }
  const entry = registry.errors.find((e) => e.code === top.code)!;
  out += renderEntry(entry, top, locale, site);
  if (rest.length > 0) {
    out += `\n${zh ? '其他結果' : 'Other matches'} (${result.total - 1}):\n`;
    out += hitLines(rest, locale, true);
  }
  return out;
}

/**
 * Run a lookup with its dependencies given; never prints and never throws on bad input. What it
 * returns is safe for a terminal: the query and the registry's text have their control
 * characters escaped (`terminal.ts`).
 */
export function runLookup(args: LookupArgs, io: LookupIo): LookupRun {
  const run = lookup(args, io);
  return { ...run, stdout: terminalSafe(run.stdout), stderr: terminalSafe(run.stderr) };
}

function lookup(args: LookupArgs, io: LookupIo): LookupRun {
  const locale = pickLocale(args.locale, io.env);
  if (!locale) return { exitCode: 2, stdout: '', stderr: `errdex lookup: --locale must be zh-TW or en (got "${args.locale}")\n` };
  const zh = locale === 'zh-TW';
  if (args.query === undefined || args.query === '') {
    return { exitCode: 2, stdout: '', stderr: 'errdex lookup: give a code, a message or `-` to read a pasted log from standard input (see --help)\n' };
  }
  const limit = args.limit === undefined ? 10 : Number(args.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    return { exitCode: 2, stdout: '', stderr: `errdex lookup: --limit must be a positive whole number (got "${args.limit}")\n` };
  }
  const registryProblem = (error: unknown): LookupRun => {
    if (error instanceof RegistryError) return { exitCode: 2, stdout: '', stderr: `errdex lookup: ${error.message}\n` };
    throw error;
  };
  let index: SearchIndex;
  try {
    index = io.index ? io.index() : buildSearchIndex(io.registry());
  } catch (error) {
    return registryProblem(error);
  }
  if (args.system !== undefined && !index.systemNames.has(args.system)) {
    const known = [...index.systemNames.keys()].join(', ');
    return { exitCode: 2, stdout: '', stderr: `errdex lookup: there is no system "${args.system}"; the systems are: ${known}\n` };
  }
  let query: string;
  if (args.query === '-') {
    try {
      query = io.stdin();
    } catch (error) {
      return { exitCode: 2, stdout: '', stderr: `errdex lookup: cannot read standard input: ${(error as Error).message}\n` };
    }
  } else query = args.query;

  const { result, problems } = searchIndex(index, query, { locale, system: args.system, limit });
  const stderr = problems.map((p) => `errdex lookup: ${problemText(p, zh)}\n`).join('');
  if (result.state !== 'found') {
    const none = result.state === 'empty'
      ? (zh ? '沒有可搜尋的內容。' : 'nothing to search for.')
      : (zh ? '沒有符合的錯誤代碼。' : 'no entry matches.');
    return {
      exitCode: 1,
      stdout: args.json ? resultsToJson({ hits: [] }, io.site) : '',
      stderr: `${stderr}errdex lookup: ${none}\n`,
      result,
    };
  }
  if (args.json) return { exitCode: 0, stdout: resultsToJson(result, io.site), stderr, result };
  let registry: Registry;
  try {
    registry = io.registry();
  } catch (error) {
    return registryProblem(error);
  }
  return { exitCode: 0, stdout: renderResults(result, registry, locale, io.site), stderr, result };
}

/** Standard input as text, at most `MAX_STDIN` bytes (the rest is not needed: the search keeps 64 KiB). */
function readStdin(): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const buffer = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw error;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
    total += n;
    if (total >= MAX_STDIN) break;
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

/** The command loads what it needs itself: the search index, and the registry only for terminal output. */
export const rules: CommandRules = { rest: 'query', registry: false };

export default defineCommand({
  meta: {
    name: 'lookup',
    description: 'Find the registry entry for an error code, a message, a symptom or a pasted log (QUERY `-` reads standard input). Exit 1 when nothing matches.',
  },
  args: {
    query: { type: 'positional', required: false, description: 'A code (DB_1506, db-1506, 1506), a message, a symptom (several words are one query), or - for standard input' },
    locale: { type: 'string', description: 'Language of the output: zh-TW or en (default: from ERRDEX_LANG / LANG)' },
    system: { type: 'string', description: 'Only entries of this system (e.g. roas-bot)' },
    limit: { type: 'string', description: 'Most results (default 10)' },
    json: { type: 'boolean', description: `Print {"results":[{"code","system","title","summary","url","score"}]}, best first, with "ambiguous":{"codes","systems"} when the message is documented for several systems (JSON Schema: ${schemaUrl('lookup')})`, default: false },
  },
  async run({ args }) {
    const words = (args._ as string[] | undefined) ?? [];
    // The compiled search index serves --json alone; terminal output shows the best entry in full.
    let index: SearchIndex | undefined;
    let failure: unknown;
    try {
      index = await prepareSearchIndex();
    } catch (error) {
      failure = error;
    }
    if (!args.json) await prepareRegistry();
    const run = runLookup(
      { query: words.length > 0 ? words.join(' ') : undefined, locale: args.locale, system: args.system, limit: args.limit, json: args.json },
      {
        registry: () => requireRegistry(),
        index: () => {
          if (!index) throw failure;
          return index;
        },
        stdin: readStdin, site: siteOrigin(), env: process.env,
      },
    );
    if (run.stdout) process.stdout.write(run.stdout);
    if (run.stderr) process.stderr.write(run.stderr);
    process.exitCode = run.exitCode;
  },
});
