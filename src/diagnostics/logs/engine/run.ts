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
import type { LogAnalysis, LogProblem, LogRecord, LogSummary, Progress } from '../types.ts';
import { DEFAULT_BUDGET, newFacts, textOf, type ByteSource, type InputBudget, type InputFacts } from './input.ts';
import { KeepMerge, type KeepLimits } from './keep.ts';
import { PieceParser, MAX_LINE, type PieceResult } from './parse.ts';
import { piecesOf, type Piece } from './pieces.ts';
import { planFrom } from './plan.ts';
import { buildSetup, type CompiledLogRegistry, type PlanSpec } from './setup.ts';
import { applyTemplates, mineTemplates, summarize } from './summary.ts';
import { emptyTally, mergeTally } from './tally.ts';
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

export async function runAnalysis(source: ByteSource, options: RunOptions): Promise<RunResult> {
  const started = now();
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
  const keep = options.keep ? new KeepMerge<LogRecord>(options.keep) : undefined;
  let spec: PlanSpec | undefined;
  const truncated = { truncatedLines: 0 };
  let formatsLength = 0;
  try {
    const textChunks = textOf(source, facts, budget, options.signal);
    const planned = await planFrom(textChunks, compiled, text, {
      exactTemplates: options.exactTemplates,
      keep: onRecord ? undefined : options.keep,
      only: options.format,
      modified: options.modified,
    });
    spec = planned.spec;
    if (facts.detected.kind === 'text') {
      await runner.start(spec);
      formatsLength = buildSetup(compiled, spec, text).formats.formats.length;
      tally.formats = new Array<number>(formatsLength).fill(0);
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

  const setup = spec ? buildSetup(compiled, spec, text) : undefined;
  const mined = mineTemplates(tally);
  const kept = keep?.kept ?? [];
  applyTemplates(kept, mined.of, (sig) => {
    const t = sig;
    return { id: templateId(t), text: t };
  });
  const counts = summarize(tally, setup?.formats.formats ?? [], (code) => compiled.codeSystem.get(code) ?? '', mined);
  const summary = finish(counts, facts, truncated.truncatedLines, problems, {
    severity: (c) => compiled.codeSeverity.get(c) ?? 'error',
    started,
    kept: keep ? kept.length : undefined,
    year: spec?.year && tally.yearless > 0 ? { firstYear: spec.year.firstYear, from: options.modified !== undefined ? 'file' : 'today' } : undefined,
  });
  return { summary, problems, records: kept };
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
