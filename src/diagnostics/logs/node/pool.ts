/**
 * Pieces of a log read by worker threads: as many as the machine has cores (at least two). Each
 * worker gets the registry once and the plan at the start of each file; pieces go to the worker
 * with the fewest in flight, their bytes transferred, not copied. The merge in ../engine/run.ts
 * takes the results in file order, so the analysis is the same as on one thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PieceResult } from '../engine/parse.ts';
import type { Piece } from '../engine/pieces.ts';
import type { PieceRunner } from '../engine/run.ts';
import type { PlanSpec } from '../engine/setup.ts';
import type { LogRegistry } from '../types.ts';

export type PoolRequest =
  | { type: 'start'; registry?: LogRegistry; spec: PlanSpec }
  | { type: 'piece'; id: number; buffer: ArrayBuffer; length: number; offset: number };

export type PoolReply =
  | { type: 'started' }
  | { type: 'result'; id: number; result: PieceResult }
  | { type: 'error'; id: number; message: string };

/**
 * Young-generation size of each reader thread, in MB. A reader's short-lived objects are one
 * piece's drafts and strings; Node 24's default (several times larger) adds tens of MB per thread to
 * the peak with no gain in speed (512 MB log, two readers: 6.2 s and 295 MB at 6, 6.1 s and 347 MB
 * at the default).
 */
const READER_YOUNG_MB = 6;

/** Worker threads to use: one per core, at least two. */
export function defaultWorkers(): number {
  return Math.max(2, availableParallelism());
}

interface Slot {
  worker: Worker;
  busy: number;
  sentRegistry: boolean;
}

export function workerPool(registry: LogRegistry, size = defaultWorkers()): PieceRunner {
  const slots: Slot[] = [];
  const waiting = new Map<number, { resolve: (r: PieceResult) => void; reject: (e: Error) => void; slot: Slot }>();
  let nextId = 0;
  let failed: Error | undefined;

  const fail = (error: Error) => {
    failed ??= error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };

  const spawn = (): Slot => {
    const worker = new Worker(new URL('./piece-worker.ts', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: READER_YOUNG_MB } });
    const slot: Slot = { worker, busy: 0, sentRegistry: false };
    worker.on('message', (reply: PoolReply) => {
      if (reply.type === 'started') return;
      const w = waiting.get(reply.id);
      if (!w) {
        if (reply.type === 'error') fail(new Error(reply.message));
        return;
      }
      waiting.delete(reply.id);
      w.slot.busy--;
      if (reply.type === 'result') w.resolve(reply.result);
      else w.reject(new Error(reply.message));
    });
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) => {
      if (code !== 0 && slots.includes(slot)) fail(new Error(`a log reader thread stopped (exit code ${code})`));
    });
    return slot;
  };

  return {
    parallel: size,
    async start(spec) {
      failed = undefined;
      while (slots.length < size) slots.push(spawn());
      for (const slot of slots) {
        slot.worker.postMessage({ type: 'start', registry: slot.sentRegistry ? undefined : registry, spec } satisfies PoolRequest);
        slot.sentRegistry = true;
      }
    },
    run(piece: Piece) {
      if (failed) return Promise.reject(failed);
      const slot = slots.reduce((a, b) => (b.busy < a.busy ? b : a));
      const id = nextId++;
      slot.busy++;
      return new Promise<PieceResult>((resolve, reject) => {
        waiting.set(id, { resolve, reject, slot });
        // The piece owns its buffer from its start (see ../engine/pieces.ts): the buffer moves to the worker.
        const bytes = piece.bytes;
        const buffer = bytes.byteOffset === 0 ? bytes.buffer : bytes.slice().buffer;
        slot.worker.postMessage({ type: 'piece', id, buffer: buffer as ArrayBuffer, length: bytes.length, offset: piece.offset } satisfies PoolRequest, [buffer as ArrayBuffer]);
      });
    },
    close() {
      const closing = slots.splice(0);
      for (const slot of closing) void slot.worker.terminate();
    },
  };
}
