/**
 * Pieces of a log read by Web Workers, for the core's merge (src/diagnostics/logs/engine/run.ts):
 * as many readers as the machine has cores (at least two). Each gets the registry once and each
 * file's plan at its start; a piece goes to the reader with the fewest in flight, its buffer
 * transferred, not copied. The merge takes results in file order, so the analysis is the same as
 * on one thread. The page's twin of ../../diagnostics/logs/node/pool.ts.
 *
 * Spent budgets (a speed-up, and what bounds the browser's memory): a piece reader builds every
 * record of its piece that could still be kept for browsing, and past the first few pieces most
 * could not. The pool follows the merge's keep rule (`KeepMerge` in engine/keep.ts) over the
 * results it has returned, in file order, and sends each piece the plan's budgets less what the
 * pieces before it are known to have spent. The candidates a piece then returns still include
 * every record the merge keeps (the budgets given are never below what the merge has left), so
 * the analysis is unchanged; a test holds it equal to one thread's.
 */
import { WARNING } from '../../diagnostics/logs/levels.ts';
import type { KeepLimits } from '../../diagnostics/logs/engine/keep.ts';
import type { PieceResult } from '../../diagnostics/logs/engine/parse.ts';
import type { Piece } from '../../diagnostics/logs/engine/pieces.ts';
import type { PieceRunner } from '../../diagnostics/logs/engine/run.ts';
import type { LogRegistry } from '../../diagnostics/logs/types.ts';
import { WorkerClient } from '../kit/worker-client.ts';
import type { PieceReply, PieceRequest } from './piece-protocol.ts';

/**
 * Readers to start: one per core, at least two, at most `MAX_READERS` (each reader is a JavaScript
 * heap with pieces in flight: past that, memory grows faster than speed, which the one thread
 * that reads the file and merges the results limits anyway).
 */
export const MAX_READERS = 8;
export function defaultReaders(cores: number | undefined): number {
  return Math.min(MAX_READERS, Math.max(2, Math.floor(cores ?? 2) || 2));
}

/**
 * The keep rule's state after the pieces merged so far, kept as `KeepMerge` keeps it: records and
 * bytes of those pieces, warnings and worse kept after the prefix, and whether that budget ran out.
 */
export class SpentBudget {
  records = 0;
  bytes = 0;
  severe = 0;
  severeBytes = 0;
  exhausted = false;
  readonly limits: KeepLimits;

  constructor(limits: KeepLimits) {
    this.limits = limits;
  }

  /** Take the next piece's result, in file order. */
  add(result: PieceResult): void {
    const l = this.limits;
    for (const c of result.candidates) {
      const index = this.records + c.index;
      const before = this.bytes + c.before;
      if (index < l.all && before + c.size <= l.bytes) continue;
      if (c.level < WARNING || this.exhausted) continue;
      if (this.severe + 1 > l.severe || this.severeBytes + c.size > l.severeBytes) {
        this.exhausted = true;
        continue;
      }
      this.severe++;
      this.severeBytes += c.size;
    }
    if (result.exhausted) this.exhausted = true;
    this.records += result.tally.records;
    this.bytes += result.recordBytes;
  }

  /** Budgets for a piece after those added: never below what the merge will have left for it. */
  left(): KeepLimits {
    const l = this.limits;
    return {
      all: Math.max(0, l.all - this.records),
      bytes: Math.max(0, l.bytes - this.bytes),
      severe: this.exhausted ? 0 : Math.max(0, l.severe - this.severe),
      severeBytes: this.exhausted ? 0 : Math.max(0, l.severeBytes - this.severeBytes),
    };
  }
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
  // The keep rule followed over results in file order: pieces are numbered as they are sent; a
  // result is added once every piece before it has been.
  let spent: SpentBudget | undefined;
  let sent = 0;
  let added = 0;
  const waiting = new Map<number, PieceResult>();
  const settle = (n: number, result: PieceResult) => {
    if (!spent) return;
    waiting.set(n, result);
    for (let r = waiting.get(added); r; r = waiting.get(added)) {
      waiting.delete(added++);
      spent.add(r);
    }
  };
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
      spent = spec.keep ? new SpentBudget(spec.keep) : undefined;
      sent = added = 0;
      waiting.clear();
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
    const n = sent++;
    const keep = spent?.left();
    reader.busy++;
    try {
      // The piece owns its buffer (see engine/pieces.ts): the buffer moves to the reader.
      const bytes = piece.bytes;
      const buffer = (bytes.byteOffset === 0 ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
      const request = reader.client.request({ type: 'piece', buffer, length: bytes.length, offset: piece.offset, keep }, { transfer: [buffer] });
      const { result } = await unwrap(request.reply, 'result');
      settle(n, result);
      return result;
    } finally {
      reader.busy--;
    }
  }
}
