/**
 * A worker thread that reads pieces of a log: it compiles the registry and the plan it is sent
 * once, then parses each piece it is given and sends back its result. See ./pool.ts.
 */
import { parentPort } from 'node:worker_threads';
import { PieceParser } from '../engine/parse.ts';
import { buildSetup, compileLogRegistry, type CompiledLogRegistry } from '../engine/setup.ts';
import type { PoolRequest, PoolReply } from './pool.ts';
import { nodeText } from './text.ts';

let compiled: CompiledLogRegistry | undefined;
let parser: PieceParser | undefined;

parentPort!.on('message', (request: PoolRequest) => {
  try {
    if (request.type === 'start') {
      if (request.registry) compiled = compileLogRegistry(request.registry);
      parser = new PieceParser(buildSetup(compiled!, request.spec, nodeText));
      parentPort!.postMessage({ type: 'started' } satisfies PoolReply);
      return;
    }
    const bytes = new Uint8Array(request.buffer, 0, request.length);
    const result = parser!.parse(bytes, request.offset);
    parentPort!.postMessage({ type: 'result', id: request.id, result } satisfies PoolReply);
  } catch (error) {
    parentPort!.postMessage({ type: 'error', id: request.type === 'piece' ? request.id : -1, message: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies PoolReply);
  }
});
