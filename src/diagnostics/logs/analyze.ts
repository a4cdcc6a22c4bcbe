/**
 * The log parser's entry points: bytes in (a Web stream, an async iterable of chunks, a Blob or
 * one buffer), a summary, problems and the records kept out. The same code runs in Node and in a
 * Web Worker; the pipeline is drawn in this folder's README and lives in `engine/`.
 */
import type { LogAnalysis, LogRecord, Progress } from './types.ts';
import type { KeepLimits } from './engine/keep.ts';
import { runAnalyses, runAnalysis, type NamedSource, type PieceRunner, type RunResult } from './engine/run.ts';
import type { CompiledLogRegistry } from './engine/setup.ts';
import type { ByteSource, InputBudget } from './engine/input.ts';
import type { TextOps } from './engine/text.ts';

export type { ByteSource } from './engine/input.ts';
export { compileLogRegistry, type CompiledLogRegistry } from './engine/setup.ts';
export { DEFAULT_KEEP, type KeepLimits } from './engine/keep.ts';
export { MAX_LINE } from './engine/parse.ts';

export interface AnalyzeOptions {
  compiled: CompiledLogRegistry;
  /** Every record, in order, as it is read (reading then stays on this thread). */
  onRecord?: (record: LogRecord) => void;
  onProgress?: (progress: Progress) => void;
  /** Milliseconds between progress reports (default 100). */
  progressEveryMs?: number;
  signal?: AbortSignal;
  /** Size of the input in bytes, when known, for progress. */
  total?: number;
  /** Faster conversions from bytes to strings (Node's). */
  text?: TextOps;
  /** Count the template of every record, not a sample of those below warning past the first 16 MiB. */
  exactTemplates?: boolean;
  /** Keep records for browsing and export, within these budgets (`records` in the result). */
  keep?: KeepLimits;
  /** Read every line with this format (a registry format's id). */
  format?: string;
  /** The file's modification time, for the year of timestamps written without one. */
  modified?: number;
  /** Readers of pieces (worker threads); by default this thread. */
  runner?: PieceRunner;
  budget?: InputBudget;
  pieceBytes?: number;
}

/** Analyse a log given as bytes. Never throws on bad input: problems come back as values. */
export function analyzeLog(source: ByteSource, options: AnalyzeOptions): Promise<RunResult> {
  return runAnalysis(source, options);
}

/**
 * Analyse several files as one (rotated logs), ordered by time; records say which file they are
 * from, and the summary's `files` where each one's lines start.
 */
export function analyzeLogs(sources: readonly NamedSource[], options: Omit<AnalyzeOptions, 'total' | 'modified' | 'onRecord'>): Promise<RunResult> {
  return runAnalyses(sources, options);
}

export type { NamedSource };

/** Analyse text already in memory (pasted text, tests). */
export function analyzeText(text: string, options: Omit<AnalyzeOptions, 'runner'>): Promise<RunResult> {
  return runAnalysis(new TextEncoder().encode(text), options);
}

export type { LogAnalysis };
