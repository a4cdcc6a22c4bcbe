/// <reference lib="webworker" />
/**
 * The log worker: it coordinates an analysis (the core's reading, planning, cutting into pieces
 * and merging runs here) while a pool of piece readers (web-pool.ts, one Web Worker per core)
 * parses the pieces; it reports progress, keeps the records for browsing and answers the page's
 * queries. The page's thread only draws. Nothing here touches the network.
 */
import { analyzeLog, analyzeLogs, compileLogRegistry, type CompiledLogRegistry, type KeepLimits } from '../../diagnostics/logs/analyze.ts';
import { analysisToJson, recordsToCsv } from '../../diagnostics/logs/export.ts';
import type { LogProblem, LogRegistry, LogSummary } from '../../diagnostics/logs/types.ts';
import { serve } from '../kit/worker-host.ts';
import { packRecords, unpackRecords } from './kept-records.ts';
import type { AnalyzeRequest, LogMessage, LogRequest, ResultMessage } from './protocol.ts';
import { RecordStore } from './records.ts';
import { defaultReaders, webPool, type WebPool } from './web-pool.ts';

declare const self: DedicatedWorkerGlobalScope;

/**
 * Records the page keeps for browsing and export. Smaller than the core's default: a kept record
 * costs a few times its bytes in a JavaScript heap, and every piece reader builds (and sends) the
 * records of its piece that could still be kept, which costs more time than reading the rest: so
 * these budgets bound the browser's memory and set much of its speed.
 */
export const PAGE_KEEP: KeepLimits = { all: 10_000, bytes: 4 * 1024 * 1024, severe: 40_000, severeBytes: 24 * 1024 * 1024 };
/** Bytes a piece aims at: small enough that the budgets left (web-pool.ts) apply from early on. */
const PIECE_BYTES = 4 * 1024 * 1024;

let registry: LogRegistry | undefined;
let compiled: CompiledLogRegistry | undefined;
let pool: { size: number; runner: WebPool } | undefined;
let store = new RecordStore();
let last: { summary: LogSummary; problems: LogProblem[] } | undefined;
/** Counts analyses begun: a restore that finishes after a newer analysis began leaves it alone. */
let generation = 0;

/** The pool of piece readers, kept from one analysis to the next while its size is the same. */
function runnerFor(readers: number): WebPool | undefined {
  if (readers <= 1) return undefined;
  if (pool?.size !== readers) {
    pool?.runner.close();
    pool = { size: readers, runner: webPool(registry!, readers, () => new Worker(new URL('./piece-worker.ts', import.meta.url), { type: 'module' })) };
  }
  return pool.runner;
}

function load(given: LogRegistry | undefined) {
  if (!given) return;
  registry = given;
  compiled = compileLogRegistry(registry);
  pool?.runner.close();
  pool = undefined;
}

async function analyze(request: AnalyzeRequest, signal: AbortSignal, progress: (m: LogMessage) => void): Promise<ResultMessage> {
  load(request.registry);
  if (!compiled) throw new Error('no registry was given to the worker');
  store = new RecordStore();
  last = undefined;
  generation++;
  const started = performance.now();
  const total = request.files.reduce((n, f) => n + f.blob.size, 0);
  const readers = request.readers ?? defaultReaders(navigator.hardwareConcurrency);
  const options = {
    compiled,
    signal,
    keep: PAGE_KEEP,
    format: request.format,
    runner: runnerFor(readers),
    pieceBytes: PIECE_BYTES,
    onProgress: (p: { bytes: number; records: number; elapsedMs: number }) => progress({ type: 'progress', id: request.id, bytes: p.bytes, total, records: p.records, elapsedMs: p.elapsedMs }),
  };
  const one = request.files.length === 1 ? request.files[0]! : undefined;
  const { summary, problems, records } = one
    ? await analyzeLog(one.blob, { ...options, total, modified: one.modified })
    : await analyzeLogs(request.files.map((f) => ({ name: f.name, source: f.blob, total: f.blob.size, modified: f.modified })), options);
  store = new RecordStore(records);
  last = { summary, problems };
  const ms = performance.now() - started;
  return { type: 'result', id: request.id, summary, problems, kept: records.length, ms, mbps: summary.bytes / 2 ** 20 / Math.max(ms / 1000, 1e-6), readers: options.runner ? readers : 1 };
}

serve<Exclude<LogRequest, { type: 'cancel' }>, LogMessage>(self, async (request, { signal, progress }) => {
  switch (request.type) {
    case 'ping': {
      // A warm-up: the registry compiled and the piece readers started before any file is dropped.
      load(request.registry);
      if (registry) await runnerFor(request.readers ?? defaultReaders(navigator.hardwareConcurrency))?.warm();
      return { type: 'pong', id: request.id };
    }
    case 'analyze':
      return analyze(request, signal, progress);
    case 'query': {
      const { total, rows, regexProblem, regexLinear } = store.rows(request.filter, request.offset, request.limit);
      return { type: 'rows', id: request.id, total, offset: request.offset, rows, regexProblem, regexLinear };
    }
    case 'record': {
      const record = store.records[request.index];
      if (!record) throw new Error(`no record ${request.index}`);
      return { type: 'record', id: request.id, index: request.index, record };
    }
    case 'export': {
      if (!last) throw new Error('nothing to export yet');
      const blob = request.kind === 'json'
        ? new Blob([analysisToJson(last.summary, last.problems, store.records)], { type: 'application/json' })
        : new Blob([recordsToCsv(store.records)], { type: 'text/csv' });
      return { type: 'export', id: request.id, kind: request.kind, blob };
    }
    case 'pack':
      return { type: 'packed', id: request.id, records: last ? await packRecords(store.records, request.max) : undefined };
    case 'restore': {
      const begun = generation;
      const records = request.records ? await unpackRecords(request.records) : [];
      if (begun !== generation) throw new Error('a newer analysis began');
      store = new RecordStore(records);
      last = { summary: request.summary, problems: request.problems };
      return { type: 'restored', id: request.id, kept: records.length };
    }
  }
});
