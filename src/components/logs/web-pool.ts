/**
 * Pieces of a log read by Web Workers, for the core's merge (src/diagnostics/logs/engine/run.ts):
 * as many readers as the machine has cores (at least two). Each gets the registry once and each
 * file's plan at its start; a piece goes to the reader with the fewest in flight, its buffer
 * transferred, not copied. The merge takes results in file order, so the analysis is the same as
 * on one thread. The page's twin of ../../diagnostics/logs/node/pool.ts.
 */
import type { PieceResult } from '../../diagnostics/logs/engine/parse.ts';
import type { Piece } from '../../diagnostics/logs/engine/pieces.ts';
import type { PieceRunner } from '../../diagnostics/logs/engine/run.ts';
import type { LogRegistry } from '../../diagnostics/logs/types.ts';
import { WorkerClient } from '../kit/worker-client.ts';
import type { PieceReply, PieceRequest } from './piece-protocol.ts';

/** Readers to start: one per core, at least two. */
export function defaultReaders(cores: number | undefined): number {
  return Math.max(2, Math.floor(cores ?? 2) || 2);
}

interface Reader {
  client: WorkerClient<PieceRequest, PieceReply>;
  busy: number;
  sentRegistry: boolean;
}

export interface WebPool extends PieceRunner {
  /** Start the readers and give them the registry now, before any file (so a drop waits for neither). */
  warm(): Promise<void>;
}

/** A runner over `size` workers made by `make` (a Web Worker in the page, a stand-in in tests). */
export function webPool(registry: LogRegistry, size: number, make: () => Worker): WebPool {
  const readers: Reader[] = [];
  // A reader that failed (or died) may have lost the registry: the next file starts fresh readers.
  let broken = false;
  const unwrap = async <T extends PieceReply['type']>(reply: Promise<PieceReply>, type: T): Promise<Extract<PieceReply, { type: T }>> => {
    const r = await reply;
    if (r.type === 'error') {
      broken = true;
      throw new Error(`a log reader failed: ${r.message}`);
    }
    if (r.type !== type) throw new Error(`a log reader answered ${r.type} to ${type}`);
    return r as Extract<PieceReply, { type: T }>;
  };
  const fill = () => {
    if (broken) {
      for (const r of readers.splice(0)) r.client.terminate();
      broken = false;
    }
    while (readers.length < size) readers.push({ client: new WorkerClient<PieceRequest, PieceReply>(make), busy: 0, sentRegistry: false });
  };
  return {
    parallel: size,
    async warm() {
      fill();
      await Promise.all(readers.filter((r) => !r.sentRegistry).map((r) => {
        r.sentRegistry = true;
        return unwrap(r.client.request({ type: 'load', registry }).reply, 'loaded');
      }));
    },
    async start(spec) {
      fill();
      await Promise.all(readers.map((r) => {
        const reply = r.client.request({ type: 'start', registry: r.sentRegistry ? undefined : registry, spec }).reply;
        r.sentRegistry = true;
        return unwrap(reply, 'started');
      }));
    },
    run(piece: Piece): Promise<PieceResult> {
      const result = read(piece);
      // The merge stops at the first failed piece and leaves the rest in flight unread: their
      // failures are the same one, so they are marked handled here (the merge still sees the first).
      result.catch(() => undefined);
      return result;
    },
    close() {
      for (const r of readers.splice(0)) r.client.terminate();
    },
  };

  async function read(piece: Piece): Promise<PieceResult> {
    const reader = readers.reduce((a, b) => (b.busy < a.busy ? b : a));
    reader.busy++;
    try {
      // The piece owns its buffer (see engine/pieces.ts): the buffer moves to the reader.
      const bytes = piece.bytes;
      const buffer = (bytes.byteOffset === 0 ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
      const sent = reader.client.request({ type: 'piece', buffer, length: bytes.length, offset: piece.offset }, { transfer: [buffer] });
      return (await unwrap(sent.reply, 'result')).result;
    } finally {
      reader.busy--;
    }
  }
}
