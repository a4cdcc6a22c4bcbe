/**
 * Node's `Offloader` (see `../offload.ts` and `../README.md`): a worker thread (`query-worker.ts`)
 * opens the same image with its own sql.js and answers the planned statements (SQLite's own
 * checks) while the main thread runs the foreign-key and profile checks. The main thread waits
 * for an answer synchronously (`Atomics.wait`), so `checkDatabase` stays synchronous, and it can
 * wait with a limit: past it, the thread is terminated (the watchdog of the check's budget).
 *
 * The thread is started before the check when the file is large (its start-up, a fresh V8
 * isolate and sql.js, then overlaps with the check's first steps), or when a job comes. When the
 * main thread keeps the file in memory (`fileSource`'s memory mode), the worker reads it through
 * the same shared buffer. Anything the worker cannot give (it failed to start or crashed) is run
 * by the main thread instead, so the report never depends on it.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { SqliteErrorKind, Row } from '../engine.ts';
import type { Offloader, OffloadSession } from '../offload.ts';
import type { QueryJob } from './query-worker.ts';
import { DEFAULT_CACHE_BYTES, DEFAULT_CHUNK_SIZE, DEFAULT_READ_AHEAD_BYTES } from './source-fs.ts';
import type { FilledImage } from '../source.ts';

export interface QueryWorkerOptions {
  /** Smallest image worth the second thread when nothing needs guarding, in bytes (default `DEFAULT_MIN_BYTES`). */
  minBytes?: number;
  /** Start the thread now rather than when a job comes (default false). */
  eager?: boolean;
  /** How the worker reads its file (as `fileSource` in lazy mode). */
  chunkSize?: number;
  cacheBytes?: number;
  readAheadBytes?: number;
  /** The worker's script (default `query-worker.ts`). */
  script?: URL;
}

export interface QueryFiles {
  dbPath: string;
  /** The WAL, when the check may apply one. */
  walPath?: string;
  /** The database file kept in memory by the main thread's `fileSource`, to be read through too. */
  shared?: FilledImage;
}

export interface QueryWorker {
  /** The offloader for one check of these files. */
  offloader(files: QueryFiles): Offloader;
  /** Ends the worker (it is ended anyway when its session closes). */
  close(): void;
}

/**
 * Smallest image given to the second thread for speed alone: below it the thread's own memory (a
 * V8 isolate and a second sql.js, about 25 MB) is a large share of what the check may use, and
 * its start-up is longer than what it saves. A schema whose expressions the checks evaluate
 * always gets it.
 */
export const DEFAULT_MIN_BYTES = 64 * 1024 * 1024;

const WORKER_URL = new URL('./query-worker.ts', import.meta.url);

/** Longest the thread may take to begin the first statement asked for before it is given up. */
const START_LIMIT_MS = 60_000;

type WorkerMessage =
  | { fatal: string }
  /** The thread began the `index`-th statement at `at` (milliseconds since the epoch). */
  | { index: number; began: number }
  | { index: number; skipped: true }
  | { index: number; error: string; kind: SqliteErrorKind }
  | { index: number; columns: string[]; rows: Row[]; count: number };

/** A worker with sql.js's compiled module (see `sqljs-node.ts`); it idles until given a job. */
export function startQueryWorker(module: WebAssembly.Module, options: QueryWorkerOptions = {}): QueryWorker {
  // signal[0] counts the worker's messages, signal[1] is set when it ends.
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker | undefined;
  let failed = false;
  const start = () => {
    if (worker || failed) return;
    try {
      worker = new Worker(options.script ?? WORKER_URL, {
        workerData: { module, port: port2, signal },
        transferList: [port2],
        // The worker holds little JavaScript; a small young generation keeps its memory down.
        resourceLimits: { maxYoungGenerationSizeMb: 4 },
      });
      worker.unref();
      // Failures reach the main thread through `signal`; the event must not go unhandled.
      worker.on('error', () => {});
    } catch {
      failed = true;
    }
  };
  if (options.eager) start();
  let used = false;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    port1.close();
    void worker?.terminate();
  };

  const offloader = (files: QueryFiles): Offloader => (job) => {
    if (used || closed) return undefined;
    if (!job.guarded && job.image.size < (options.minBytes ?? DEFAULT_MIN_BYTES)) return undefined;
    if (job.image.walPages && files.walPath === undefined) return undefined;
    start();
    if (!worker) return undefined;
    used = true;
    const message: QueryJob = {
      dbPath: files.dbPath,
      walPath: files.walPath,
      image: job.image,
      statements: job.statements,
      cacheKiB: job.cacheKiB,
      heapLimitBytes: job.heapLimitBytes,
      chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
      cacheBytes: options.cacheBytes ?? DEFAULT_CACHE_BYTES,
      readAheadBytes: options.readAheadBytes ?? DEFAULT_READ_AHEAD_BYTES,
      shared: files.shared && files.shared.bytes.buffer instanceof SharedArrayBuffer && files.shared.filled.buffer instanceof SharedArrayBuffer ? files.shared : undefined,
    };
    port1.postMessage(message);

    const results = new Map<number, WorkerMessage>();
    const began = new Map<number, number>();
    let fatal = false;
    const drain = () => {
      for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
        const message = m.message as WorkerMessage;
        if ('fatal' in message) fatal = true;
        else if ('began' in message) began.set(message.index, message.began);
        else results.set(message.index, message);
      }
    };
    const epoch = () => performance.timeOrigin + performance.now();
    const asked = epoch();
    const session: OffloadSession = {
      result(index, waitMs = Infinity) {
        for (;;) {
          if (closed) return undefined;
          const seen = Atomics.load(signal, 0);
          // Read before draining: whatever the worker sent before it ended is drained below.
          const ended = Atomics.load(signal, 1) !== 0;
          drain();
          const message = results.get(index);
          if (message && !('fatal' in message) && !('began' in message)) {
            results.delete(index);
            if ('skipped' in message) return { skipped: true };
            if ('error' in message) return { error: message.error, kind: message.kind };
            return { columns: message.columns, rows: message.rows, count: message.count };
          }
          if (fatal || ended) return undefined;
          // The wait is counted from when the thread began the statement: its own start-up
          // (a fresh isolate, sql.js, the file opened) is not what the budget is about.
          const start = began.get(index);
          if (start === undefined && epoch() - asked > START_LIMIT_MS) {
            close();
            return undefined;
          }
          const left = start === undefined ? 1000 : start + waitMs - epoch();
          if (left <= 0) {
            close();
            return 'timeout';
          }
          Atomics.wait(signal, 0, seen, Math.min(left, 1000));
        }
      },
      close,
    };
    return session;
  };

  return { offloader, close };
}
