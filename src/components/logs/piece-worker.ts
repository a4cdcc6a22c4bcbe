/// <reference lib="webworker" />
/** A Web Worker that reads pieces of a log for the log worker's pool (see web-pool.ts, piece-host.ts). */
import { serve } from '../kit/worker-host.ts';
import { pieceHost } from './piece-host.ts';
import type { PieceReply, PieceRequest } from './piece-protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const host = pieceHost();
serve<Exclude<PieceRequest, { type: 'cancel' }>, PieceReply>(self, (request) => host(request));
