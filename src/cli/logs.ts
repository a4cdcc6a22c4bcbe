/**
 * `errdex logs FILE... [--json | --records] [--fail-on LEVEL] [--locale zh-TW|en]`: read logs
 * (plain, gzip, any detected encoding; `-` is standard input) and summarise them: formats, levels,
 * error codes with their pages, exceptions, HTTP statuses, time range, top message templates.
 *
 * Exit codes: 0 read; 1 records at or above `--fail-on` were found; 2 bad arguments, an unreadable
 * file or registry; 3 an input is not a text log (binary). The worst file decides.
 */
import { defineCommand } from 'citty';
import { analyzeLog, compileLogRegistry, type CompiledLogRegistry } from '../diagnostics/logs/analyze.ts';
import { analyzeLogFile, nodeText } from '../diagnostics/logs/analyze-fs.ts';
import { LEVELS, levelIndex, type Level } from '../diagnostics/logs/levels.ts';
import type { LogAnalysis, LogRecord, LogRecordLine, LogsJson, LogSummary, Progress } from '../diagnostics/logs/types.ts';
import { schemaUrl, siteOrigin } from '../generate/site.ts';
import type { Registry } from '../registry/load.ts';
import { requireRegistry } from '../registry/snapshot-fs.ts';
import { codePath } from '../registry/queries.ts';
import type { Locale } from '../registry/schema.ts';
import { pickLocale } from './locale.ts';
import type { CommandRules } from './run.ts';
import { terminalSafe } from './terminal.ts';

export interface LogsArgs {
  files: string[];
  json?: boolean;
  records?: boolean;
  failOn?: string;
  locale?: string;
  exactTemplates?: boolean;
  /** Read every line with this format (a registry format's id). */
  format?: string;
  /** Reader threads for large files (default: one per core, at least two; 1 reads on the main thread). */
  workers?: string;
}

export interface LogsIo {
  registry: () => Registry;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Standard input as chunks, for the file `-`. */
  stdin: () => AsyncIterable<Uint8Array>;
  /** Standard error is a terminal: show a progress bar. */
  tty: boolean;
  env?: Record<string, string | undefined>;
  site: string;
}

export type LogsExit = 0 | 1 | 2 | 3;

/** Files at least this large get a progress bar on a terminal. */
const PROGRESS_FROM = 8 * 1024 * 1024;

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

const VERDICT_ORDER: LogSummary['verdict'][] = ['ok', 'empty', 'unknown-format', 'binary', 'unreadable'];

export function totals(files: LogsJson['files']): LogsJson {
  const levels = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  const out: LogsJson = { verdict: 'ok', records: 0, levels, codes: {}, exceptions: {}, http: {}, encoding: '', formats: {}, files };
  for (const f of files) {
    out.records += f.records;
    addCounts(out.levels, f.levels);
    addCounts(out.codes, f.codes);
    addCounts(out.exceptions, f.exceptions);
    addCounts(out.http, f.http);
    addCounts(out.formats, f.formats);
    if (f.first && (!out.first || f.first < out.first)) out.first = f.first;
    if (f.last && (!out.last || f.last > out.last)) out.last = f.last;
    if (VERDICT_ORDER.indexOf(f.verdict) > VERDICT_ORDER.indexOf(out.verdict)) out.verdict = f.verdict;
  }
  const encodings = [...new Set(files.filter((f) => f.verdict !== 'unreadable').map((f) => f.encoding))];
  out.encoding = encodings.length === 1 ? encodings[0]! : encodings.length === 0 ? 'none' : 'mixed';
  return out;
}

const n = (x: number) => x.toLocaleString('en-US');
const mb = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 2 : 1)} MB`);

const WORDS = {
  en: {
    formats: 'formats', records: 'records', lines: 'lines', unparsed: 'unparsed', levels: 'levels', codes: 'codes',
    unknownCodes: 'unknown codes', exceptions: 'exceptions', http: 'HTTP', time: 'time', templates: 'top messages',
    approximate: 'counts below warning estimated from a sample', none: 'none', explicit: 'written', inferred: 'inferred',
  },
  'zh-TW': {
    formats: '格式', records: '紀錄', lines: '行', unparsed: '無法解析', levels: '等級', codes: '錯誤代碼',
    unknownCodes: '未登錄代碼', exceptions: '例外', http: 'HTTP', time: '時間', templates: '常見訊息',
    approximate: 'warning 以下的次數由抽樣估計', none: '無', explicit: '明寫', inferred: '推斷',
  },
} as const;

/** One file's summary as terminal text. */
export function renderSummary(file: string, a: LogAnalysis, registry: Registry, locale: Locale, site: string): string {
  const s = a.summary;
  const w = WORDS[locale];
  const out: string[] = [];
  const speed = s.elapsedMs > 0 && s.bytes >= 1024 * 1024 ? `, ${(s.bytes / 1024 / 1024 / (s.elapsedMs / 1000)).toFixed(1)} MB/s` : '';
  const head = [mb(s.bytes), s.compression, s.verdict === 'ok' || s.verdict === 'unknown-format' ? s.encoding : undefined].filter(Boolean).join(', ');
  out.push(`${file} — ${head}; ${(s.elapsedMs / 1000).toFixed(2)} s${speed}`);
  for (const p of a.problems) out.push(`  ${p.severity === 'error' ? '✗' : p.severity === 'warning' ? '!' : '·'} ${p.message[locale]}`);
  if (s.records === 0) return `${out.join('\n')}\n`;
  const row = (label: string, text: string) => out.push(`  ${label.padEnd(12)} ${text}`);
  row(w.formats, Object.entries(s.formats).map(([f, c]) => `${f} ${n(c)}`).join(' · '));
  row(w.records, `${n(s.records)} (${n(s.lines)} ${w.lines}${s.unparsedLines ? `, ${n(s.unparsedLines)} ${w.unparsed}` : ''})`);
  if (s.first) row(w.time, `${s.first} → ${s.last}`);
  row(w.levels, [...LEVELS].reverse().filter((l) => s.levels[l] > 0).map((l) => `${l} ${n(s.levels[l])}`).join(' · '));
  if (s.codeDetails.length > 0) {
    const width = Math.max(...s.codeDetails.map((c) => c.code.length));
    s.codeDetails.slice(0, 20).forEach((c, i) => {
      const entry = registry.errors.find((e) => e.code === c.code);
      const how = c.explicit && c.inferred ? `${w.explicit} ${n(c.explicit)} + ${w.inferred} ${n(c.inferred)}` : c.explicit ? w.explicit : w.inferred;
      const line = `${c.code.padEnd(width)} ×${n(c.records).padEnd(6)} ${entry?.title[locale] ?? ''} (${how})  ${new URL(codePath(c.code, locale), site).href}`;
      out.push(`  ${(i === 0 ? w.codes : '').padEnd(12)} ${line}`);
    });
    if (s.codeDetails.length > 20) out.push(`  ${''.padEnd(12)} … +${s.codeDetails.length - 20}`);
  }
  const counts = (label: string, m: Record<string, number>) => {
    const entries = Object.entries(m).sort((x, y) => y[1] - x[1]);
    if (entries.length > 0) row(label, entries.slice(0, 8).map(([k, v]) => `${k} ×${n(v)}`).join(' · ') + (entries.length > 8 ? ' …' : ''));
  };
  counts(w.unknownCodes, s.unknownCodes);
  counts(w.exceptions, s.exceptions);
  counts(w.http, s.http);
  if (s.templates.length > 0) {
    out.push(`  ${w.templates}${s.templatesApproximate ? ` (${w.approximate})` : ''}`);
    for (const t of s.templates.slice(0, 5)) out.push(`    ${n(t.count).padStart(9)}  ${t.level.padEnd(8)} ${t.template.length > 110 ? `${t.template.slice(0, 109)}…` : t.template}`);
  }
  return `${out.join('\n')}\n`;
}

function progressLine(file: string, p: Progress): string {
  const rate = p.elapsedMs > 0 ? (p.bytes / 1024 / 1024 / (p.elapsedMs / 1000)).toFixed(0) : '0';
  if (!p.total) return `\r\u001b[K${file}: ${mb(p.bytes)} read, ${n(p.records)} records, ${rate} MB/s`;
  const share = Math.min(1, p.bytes / p.total);
  const width = 30;
  const done = Math.round(share * width);
  return `\r\u001b[K${file} [${'#'.repeat(done)}${' '.repeat(width - done)}] ${(share * 100).toFixed(0).padStart(3)}% ${rate} MB/s`;
}

/** Run `errdex logs` with its dependencies given. Writes as it goes (records can be many). */
export async function runLogs(args: LogsArgs, io: LogsIo): Promise<LogsExit> {
  const usage = (message: string): LogsExit => {
    io.err(terminalSafe(`errdex logs: ${message}\n`));
    return 2;
  };
  const locale = pickLocale(args.locale, io.env);
  if (!locale) return usage(`--locale must be zh-TW or en (got "${args.locale}")`);
  if (args.files.length === 0) return usage('give one or more log files, or - for standard input (see --help)');
  if (args.json && args.records) return usage('--json and --records cannot be combined: --json prints one summary, --records one line per record');
  let failOn: number | undefined;
  if (args.failOn !== undefined) {
    failOn = levelIndex(args.failOn.trim());
    if (failOn < 0) return usage(`--fail-on must be a level: ${LEVELS.join(', ')} (got "${args.failOn}")`);
  }
  if (args.files.filter((f) => f === '-').length > 1) return usage('standard input (-) can be read only once');
  let workers: number | undefined;
  if (args.workers !== undefined) {
    workers = Number(args.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) return usage(`--workers must be a whole number from 1 to 64 (got "${args.workers}")`);
  }

  let registry: Registry;
  let compiled: CompiledLogRegistry;
  try {
    registry = io.registry();
    compiled = compileLogRegistry(registry);
  } catch (error) {
    return usage(`cannot load the error registry: ${(error as Error).message}`);
  }
  if (registry.logFormats.length === 0) io.err('errdex logs: the registry defines no log formats; every file will read as an unknown format\n');
  if (args.format !== undefined && !registry.logFormats.some((f) => f.id === args.format)) {
    return usage(`--format must be the id of a log format of the registry: ${registry.logFormats.map((f) => f.id).join(', ')} (got "${args.format}")`);
  }

  let exit: LogsExit = 0;
  const worse = (code: LogsExit) => {
    const rank = [0, 1, 3, 2];
    if (rank.indexOf(code) > rank.indexOf(exit)) exit = code;
  };
  const summaries: LogsJson['files'] = [];
  for (const file of args.files) {
    const name = file === '-' ? '(stdin)' : file;
    const onRecord = args.records
      ? (r: LogRecord) => io.out(terminalSafe(`${JSON.stringify({ file: name, ...r } satisfies LogRecordLine)}\n`))
      : undefined;
    let shown = false;
    const onProgress = io.tty
      ? (p: Progress) => {
          if ((p.total ?? Infinity) < PROGRESS_FROM || p.elapsedMs < 300) return;
          shown = true;
          io.err(progressLine(terminalSafe(name), p));
        }
      : undefined;
    const options = { compiled, onRecord, onProgress, exactTemplates: args.exactTemplates, format: args.format };
    const analysis = file === '-'
      ? await analyzeLog(io.stdin(), { ...options, text: nodeText })
      : await analyzeLogFile(file, { ...options, workers });
    if (shown) io.err('\r\u001b[K');
    const s = analysis.summary;
    summaries.push({ file: name, ...s, problems: analysis.problems });
    if (s.verdict === 'unreadable' || analysis.problems.some((p) => p.kind === 'read-error' || p.kind === 'decompression' || p.kind === 'bomb' || p.kind === 'endless-input')) worse(2);
    else if (s.verdict === 'binary') worse(3);
    if (failOn !== undefined && LEVELS.slice(failOn).some((l) => s.levels[l] > 0)) worse(1);
    if (!args.json && !args.records) io.out(terminalSafe(`${renderSummary(name, analysis, registry, locale, io.site)}\n`));
    if (args.records) {
      const problems = analysis.problems.map((p) => `errdex logs: ${name}: ${p.message[locale]}\n`).join('');
      io.err(terminalSafe(`${problems}errdex logs: ${name}: ${n(s.records)} records (${s.verdict})\n`));
    }
  }
  if (args.json) io.out(terminalSafe(`${JSON.stringify(totals(summaries), null, 2)}\n`));
  return exit;
}

async function* stdinChunks(): AsyncIterable<Uint8Array> {
  for await (const chunk of process.stdin) yield chunk as Uint8Array;
}

export const rules: CommandRules = { rest: 'files', conflicts: [['json', 'records']] };

export default defineCommand({
  meta: {
    name: 'logs',
    description: 'Summarise log files (plain or gzip, any encoding; - reads standard input): formats, levels, error codes, exceptions, HTTP statuses, time range and top messages. Exit 1 when records at or above --fail-on exist, 2 on unreadable input, 3 on a binary file.',
  },
  args: {
    files: { type: 'positional', required: false, description: 'Log files; - for standard input' },
    json: { type: 'boolean', description: `Print one JSON object: records, levels, codes, exceptions, http, encoding, formats, first, last, and per-file summaries (JSON Schema: ${schemaUrl('logs')})`, default: false },
    records: { type: 'boolean', description: `Print one JSON object a line per record: file, line, timestamp, level, codes, exception, templateId, template, message, … (JSON Schema of a line: ${schemaUrl('log-record')})`, default: false },
    'fail-on': { type: 'string', description: `Exit 1 when a record at or above this level exists (${LEVELS.join(', ')})` },
    locale: { type: 'string', description: 'Language of the output: zh-TW or en (default: from ERRDEX_LANG / LANG)' },
    'exact-templates': { type: 'boolean', description: 'Template every record, not a sample of those below warning (slower on large files)', default: false },
    format: { type: 'string', description: 'Read every line with this log format of the registry (its id, as --json lists them), instead of recognising formats line by line' },
    workers: { type: 'string', description: 'Reader threads for files of 32 MB or more (default: one per core, at least two; 1 reads on one thread)' },
  },
  async run({ args }) {
    // `errdex logs … | head` closes the pipe early: stop quietly.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
    const files = (args._ as string[] | undefined) ?? [];
    process.exitCode = await runLogs(
      { files, json: args.json, records: args.records, failOn: args['fail-on'], locale: args.locale, exactTemplates: args['exact-templates'], format: args.format, workers: args.workers },
      {
        registry: () => requireRegistry(),
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
        stdin: stdinChunks,
        tty: Boolean(process.stderr.isTTY),
        env: process.env,
        site: siteOrigin(),
      },
    );
  },
});
