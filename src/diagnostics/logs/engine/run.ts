/**
 * One analysis from bytes to summary:
 *
 *   source ─► input (gzip, encoding, UTF-8) ─► sample ─► plan (learned formats, systems, years)
 *          ─► pieces cut at head lines ─► readers (this thread, or a pool of workers) ─► merge in
 *             order ─► templates mined ─► summary and problems
 *
 * The readers of pieces are given as a `PieceRunner`, so the same orchestration serves one thread,
 * Node's worker threads and a page's Web Workers; the merge makes their results identical.
 */
import { finding, problems as say } from '../messages.ts';
import type { FileSummary, LogAnalysis, LogProblem, LogRecord, LogSummary, Progress } from '../types.ts';
import { DEFAULT_BUDGET, newFacts, textOf, type ByteSource, type InputBudget, type InputFacts } from './input.ts';
import { KeepMerge, type KeepLimits } from './keep.ts';
import { PieceParser, MAX_LINE, type PieceResult } from './parse.ts';
import { piecesOf, type Piece } from './pieces.ts';
import { planFrom } from './plan.ts';
import { buildSetup, type CompiledLogRegistry, type PlanSpec } from './setup.ts';
import { applyTemplates, mineTemplates, summarize } from './summary.ts';
import { emptyTally, mergeTally, type Tally } from './tally.ts';
import type { EngineFormat } from './formats.ts';
import { isoTime } from '../timestamp.ts';
import { Miner, templateId } from './templating.ts';
import { webText, type TextOps } from './text.ts';

/** Reads pieces somewhere (this thread, worker threads) under one plan. */
export interface PieceRunner {
  /** How many pieces may be in flight at once. */
  readonly parallel: number;
  start(spec: PlanSpec): Promise<void>;
  run(piece: Piece): Promise<PieceResult>;
  close(): void;
}

export interface RunOptions {
  compiled: CompiledLogRegistry;
  text?: TextOps;
  /** Readers of pieces; by default this thread. */
  runner?: PieceRunner;
  onRecord?: (record: LogRecord) => void;
  onProgress?: (progress: Progress) => void;
  progressEveryMs?: number;
  signal?: AbortSignal;
  total?: number;
  exactTemplates?: boolean;
  /** Keep records for browsing and export (`records` in the result). */
  keep?: KeepLimits;
  /** Read with this format only. */
  format?: string;
  /** The file's modification time (ms), for the year of timestamps written without one. */
  modified?: number;
  budget?: InputBudget;
  /** Bytes a piece aims at. */
  pieceBytes?: number;
}

export interface RunResult extends LogAnalysis {
  records: LogRecord[];
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** A runner on this thread. */
export function inProcessRunner(compiled: CompiledLogRegistry, text: TextOps, onRecord?: (record: LogRecord) => void): PieceRunner {
  let parser: PieceParser | undefined;
  return {
    parallel: 1,
    async start(spec) {
      parser = new PieceParser({ ...buildSetup(compiled, spec, text), onRecord });
    },
    async run(piece) {
      return parser!.parse(piece.bytes, piece.offset);
    },
    close() {
      parser = undefined;
    },
  };
}

/** One file read: its merged tally and what it keeps, before templates are mined and counts named. */
interface FileRead {
  name?: string;
  tally: Tally;
  formats: readonly EngineFormat[];
  /** Records it keeps, with their place in the file (to be merged with other files' as pieces). */
  kept?: KeepMerge<LogRecord>;
  facts: InputFacts;
  truncatedLines: number;
  problems: LogProblem[];
  spec?: PlanSpec;
  modified?: number;
}

export async function runAnalysis(source: ByteSource, options: RunOptions): Promise<RunResult> {
  const started = now();
  const read = await readFile(source, options, started, 0);
  return combine([read], options, started);
}

/** One source of several (rotated logs: `app.log`, `app.log.1`, `app.log.2.gz`). */
export interface NamedSource {
  name: string;
  source: ByteSource;
  total?: number;
  modified?: number;
}

/**
 * Several files as one analysis, ordered by time: each is read on its own (its own encoding,
 * compression, formats and plan), then they are merged in the order of their first timestamp
 * (files without one keep their order, after the others); line numbers of the summary run on
 * from file to file (`files` says where each starts), records say which file they are from.
 */
export async function runAnalyses(sources: readonly NamedSource[], options: RunOptions): Promise<RunResult> {
  const started = now();
  const total = sources.reduce((n, s) => n + (s.total ?? 0), 0);
  const reads: FileRead[] = [];
  let done = 0;
  for (const s of sources) {
    if (options.signal?.aborted) break;
    const onProgress = options.onProgress ? (p: Progress) => options.onProgress!({ ...p, bytes: done + p.bytes, total: total || undefined }) : undefined;
    const read = await readFile(s.source, { ...options, onProgress, total: s.total, modified: s.modified }, started, done);
    read.name = s.name;
    for (const r of read.kept?.kept ?? []) r.file = s.name;
    for (const p of read.problems) p.file = s.name;
    done += read.facts.bytes;
    reads.push(read);
  }
  const order = reads.map((r, i) => ({ r, i })).sort((a, b) => {
    const ta = a.r.tally.minTime;
    const tb = b.r.tally.minTime;
    if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta - tb;
    if (Number.isFinite(ta) !== Number.isFinite(tb)) return Number.isFinite(ta) ? -1 : 1;
    return a.i - b.i;
  });
  return combine(order.map((o) => o.r), options, started);
}

async function readFile(source: ByteSource, options: RunOptions, started: number, bytesBefore: number): Promise<FileRead> {
  const compiled = options.compiled;
  const text = options.text ?? webText;
  const problems: LogProblem[] = compiled.formats.problems.map((p) => say.formatPattern(p.format, p.message));
  const facts: InputFacts = newFacts();
  const budget = options.budget ?? DEFAULT_BUDGET;
  let records = 0;
  let lastReport = started;
  const every = options.progressEveryMs ?? 100;
  const report = (force = false) => {
    if (!options.onProgress) return;
    const t = now();
    if (!force && t - lastReport < every) return;
    lastReport = t;
    options.onProgress({ bytes: facts.bytes, total: options.total, records, elapsedMs: t - started });
  };
  void bytesBefore;

  // Streaming records go through one online miner, fed in file order like the summary's.
  let onRecord = options.onRecord;
  const streamMiner = new Miner();
  if (onRecord) {
    const give = onRecord;
    onRecord = (r) => {
      const c = streamMiner.add(r.signature ?? '');
      r.template = streamMiner.template(c);
      r.templateId = templateId(r.template);
      delete r.signature;
      give(r);
    };
  }
  // A runner given by the caller stays the caller's to close (it may read several files).
  const own = onRecord !== undefined || options.runner === undefined;
  const runner = onRecord ? inProcessRunner(compiled, text, onRecord) : (options.runner ?? inProcessRunner(compiled, text));
  const tally = emptyTally(0);
  const keep = options.keep && !onRecord ? new KeepMerge<LogRecord>(options.keep) : undefined;
  let spec: PlanSpec | undefined;
  let formats: readonly EngineFormat[] = [];
  const truncated = { truncatedLines: 0 };
  try {
    const textChunks = textOf(source, facts, budget, options.signal);
    const planned = await planFrom(textChunks, compiled, text, {
      exactTemplates: options.exactTemplates,
      keep: keep ? options.keep : undefined,
      only: options.format,
      modified: options.modified,
    });
    spec = planned.spec;
    if (facts.detected.kind === 'text') {
      await runner.start(spec);
      formats = buildSetup(compiled, spec, text).formats.formats;
      tally.formats = new Array<number>(formats.length).fill(0);
      const pieces = piecesOf(planned.text, { target: options.pieceBytes ?? 8 * 1024 * 1024, isHead: planned.isHead, maxStretch: budget.maxStretch }, facts, truncated);
      const inFlight: Promise<PieceResult>[] = [];
      let lineBase = 0;
      const take = async () => {
        const result = await inFlight.shift()!;
        mergeTally(tally, result.tally, lineBase);
        if (keep) {
          for (const c of result.candidates) c.record.line += lineBase;
          keep.piece(result.candidates, result.tally.records, result.recordBytes, result.exhausted);
        }
        lineBase += result.tally.lines;
        records = tally.records;
        report();
      };
      for await (const piece of pieces) {
        if (options.signal?.aborted) {
          facts.cancelled = true;
          break;
        }
        inFlight.push(runner.run(piece));
        if (inFlight.length >= Math.max(2, runner.parallel * 2)) await take();
      }
      while (inFlight.length > 0) await take();
    }
  } catch (error) {
    problems.push(say.readError(error instanceof Error ? error.message : String(error)));
  } finally {
    if (own) runner.close();
  }
  if (options.signal?.aborted) facts.cancelled = true;
  report(true);
  return { tally, formats, kept: keep, facts, truncatedLines: truncated.truncatedLines, problems, spec, modified: options.modified };
}

/** Merge files (in the order given) into one result: tallies, kept records, templates, summary. */
function combine(reads: readonly FileRead[], options: RunOptions, started: number): RunResult {
  const compiled = options.compiled;
  // Formats by id across files (a learned layout has the same id wherever it is learned).
  const formats: EngineFormat[] = [];
  const indexOf = new Map<string, number>();
  for (const r of reads) {
    for (const f of r.formats) {
      if (!indexOf.has(f.id)) {
        indexOf.set(f.id, formats.length);
        formats.push({ ...f, index: formats.length });
      }
    }
  }
  const tally = emptyTally(formats.length);
  const keep = options.keep && !options.onRecord ? new KeepMerge<LogRecord>(options.keep) : undefined;
  const files: FileSummary[] = [];
  let lineBase = 0;
  for (const r of reads) {
    const t = r.tally;
    const remapped = new Array<number>(formats.length).fill(0);
    r.formats.forEach((f, i) => {
      remapped[indexOf.get(f.id)!] += t.formats[i] ?? 0;
    });
    t.formats = remapped;
    mergeTally(tally, t, lineBase);
    if (keep && r.kept) keep.piece(r.kept.keptCandidates, r.kept.records, r.kept.bytes, r.kept.exhausted);
    if (reads.length > 1) {
      files.push({
        name: r.name ?? '', startLine: lineBase + 1, lines: t.lines, records: t.records, bytes: r.facts.bytes,
        encoding: r.facts.detected.encoding, compression: r.facts.compression,
        first: isoTime(t.minTime), last: isoTime(t.maxTime),
      });
    }
    lineBase += t.lines;
  }
  const mined = mineTemplates(tally);
  const kept = keep?.kept ?? [];
  applyTemplates(kept, mined.of, (sig) => ({ id: templateId(sig), text: sig }));
  const counts = summarize(tally, formats, (code) => compiled.codeSystem.get(code) ?? '', mined);
  // One file's facts, or all files' together.
  const facts = reads.length === 1 ? reads[0]!.facts : mergedFacts(reads);
  const problems = reads.flatMap((r) => r.problems);
  const yearPlan = reads.find((r) => (r.spec?.year || r.spec?.day) && r.tally.yearless > 0);
  const summary = finish(counts, facts, reads.reduce((n, r) => n + r.truncatedLines, 0), problems, {
    severity: (c) => compiled.codeSeverity.get(c) ?? 'error',
    started,
    kept: keep ? kept.length : undefined,
    year: yearPlan ? { firstYear: yearPlan.spec!.year?.firstYear ?? new Date(yearPlan.spec!.day!.firstDay * 86_400_000).getUTCFullYear(), from: yearPlan.modified !== undefined ? 'file' : 'today' } : undefined,
  });
  if (files.length > 0) summary.files = files;
  return { summary, problems, records: kept };
}

/** The input facts of several files as one: bytes added, one encoding or `mixed`. */
function mergedFacts(reads: readonly FileRead[]): InputFacts {
  const all = reads.map((r) => r.facts);
  const text = all.filter((f) => f.detected.kind === 'text');
  const encodings = [...new Set(text.map((f) => f.detected.encoding))];
  const first = text[0] ?? all[0]!;
  return {
    bytes: all.reduce((n, f) => n + f.bytes, 0),
    textBytes: all.reduce((n, f) => n + f.textBytes, 0),
    compression: all.every((f) => f.compression === 'gzip') ? 'gzip' : undefined,
    gzipMembers: all.reduce((n, f) => n + f.gzipMembers, 0),
    detected: { ...first.detected, kind: text.length > 0 ? 'text' : first.detected.kind, encoding: encodings.length > 1 ? 'mixed' : (encodings[0] ?? first.detected.encoding), bom: text.some((f) => f.detected.bom) },
    stop: all.find((f) => f.stop)?.stop,
    cancelled: all.some((f) => f.cancelled),
    replaced: all.reduce((n, f) => n + f.replaced, 0),
  };
}

interface FinishFacts {
  severity: (code: string) => 'critical' | 'error' | 'warning' | 'info';
  started: number;
  kept?: number;
  /** Years given to timestamps written without one. */
  year?: { firstYear: number; from: 'file' | 'today' };
}

function finish(counts: ReturnType<typeof summarize>, facts: InputFacts, truncatedLines: number, problems: LogProblem[], run: FinishFacts): LogSummary {
  const lines = counts.lines;
  let verdict: LogSummary['verdict'];
  const detected = facts.detected;
  if (detected.kind === 'binary') verdict = 'binary';
  else if (facts.bytes === 0 && facts.stop?.kind === 'read-error') verdict = 'unreadable';
  else if (lines === counts.blankLines) verdict = 'empty';
  else if (counts.records === 0 || counts.format === 'plain-text') verdict = 'unknown-format';
  else verdict = 'ok';
  if (verdict === 'binary') problems.unshift(say.binary(detected.container));
  if (verdict === 'empty' && !facts.cancelled && !facts.stop) problems.unshift(say.empty());
  if (verdict === 'unknown-format') problems.unshift(say.unknownFormat(lines - counts.blankLines, counts.records > 0));
  if (detected.kind === 'text' && detected.confidence < 100 && detected.encoding !== 'utf-8') problems.push(say.guessedEncoding(detected.encoding, detected.confidence));
  const stop = facts.stop;
  if (stop?.kind === 'gzip-damaged') problems.push(say.decompression(`${stop.detail} (near compressed byte ${stop.at.toLocaleString('en-US')})`));
  if (stop?.kind === 'read-error') problems.push(say.readError(stop.detail));
  if (stop?.kind === 'bomb') problems.push(say.bomb(stop.inflated, stop.compressed));
  if (stop?.kind === 'endless') problems.push(say.endless(stop.what, stop.bytes));
  if (counts.outOfRangeTimes > 0) problems.push(say.timeOutOfRange(counts.outOfRangeTimes));
  if (run.year && counts.first !== undefined) problems.push(say.yearInferred(run.year.firstYear, run.year.from));
  if (verdict === 'ok' && counts.unparsedLines > 0) problems.push(say.unparsedLines(counts.unparsedLines));
  if (truncatedLines > 0) problems.push(say.truncatedLines(truncatedLines, MAX_LINE));
  if (counts.zeroBytes > 0) problems.push(say.zeroBytes(counts.zeroBytes));
  const invalid = counts.invalidSequences + facts.replaced;
  if (invalid > 0) problems.push(say.invalidBytes(detected.encoding, invalid));
  if (run.kept !== undefined && run.kept < counts.records) problems.push(say.recordsNotKept(run.kept, counts.records));
  if (facts.cancelled) problems.push(say.cancelled());
  return {
    verdict,
    container: detected.container,
    bytes: facts.bytes,
    textBytes: facts.textBytes,
    compression: facts.compression,
    gzipMembers: facts.compression ? facts.gzipMembers : undefined,
    encoding: detected.encoding,
    bom: detected.bom,
    truncatedLines,
    ...counts,
    invalidSequences: counts.invalidSequences + facts.replaced,
    yearInferred: run.year !== undefined || undefined,
    recordsKept: run.kept,
    findings: counts.codeDetails.map((c) => finding(c, run.severity(c.code))),
    cancelled: facts.cancelled,
    elapsedMs: Math.round(now() - run.started),
  };
}
