/**
 * What a piece reader does with each message: compile the registry it is sent once, build the
 * parse setup from each file's plan, parse each piece and answer with its result (plain data).
 * The Web Worker (piece-worker.ts) serves this; tests serve it in-process.
 */
import { PieceParser } from '../../diagnostics/logs/engine/parse.ts';
import { buildSetup, compileLogRegistry, type CompiledLogRegistry } from '../../diagnostics/logs/engine/setup.ts';
import { webText } from '../../diagnostics/logs/engine/text.ts';
import type { PieceReply, PieceRequest } from './piece-protocol.ts';

export function pieceHost(): (request: Exclude<PieceRequest, { type: 'cancel' }>) => PieceReply {
  let compiled: CompiledLogRegistry | undefined;
  let parser: PieceParser | undefined;
  return (request) => {
    if (request.type === 'load') {
      compiled = compileLogRegistry(request.registry);
      return { type: 'loaded', id: request.id };
    }
    if (request.type === 'start') {
      if (request.registry) compiled = compileLogRegistry(request.registry);
      if (!compiled) throw new Error('a piece reader was started without the registry');
      parser = new PieceParser(buildSetup(compiled, request.spec, webText));
      return { type: 'started', id: request.id };
    }
    if (!parser) throw new Error('a piece was sent before the plan');
    const bytes = new Uint8Array(request.buffer, 0, request.length);
    return { type: 'result', id: request.id, result: parser.parse(bytes, request.offset) };
  };
}
