/**
 * What a piece reader does with each message: compile the registry it is sent once, build the
 * parse setup from each file's plan, parse each piece and answer with its result (plain data).
 * The Web Worker (piece-worker.ts) serves this; tests serve it in-process.
 */
import { PieceParser } from '../../diagnostics/logs/engine/parse.ts';
import { buildSetup, compileLogRegistry, type CompiledLogRegistry, type Setup } from '../../diagnostics/logs/engine/setup.ts';
import { webText } from '../../diagnostics/logs/engine/text.ts';
import type { PieceReply, PieceRequest } from './piece-protocol.ts';

export function pieceHost(): (request: Exclude<PieceRequest, { type: 'cancel' }>) => PieceReply {
  let compiled: CompiledLogRegistry | undefined;
  let parser: PieceParser | undefined;
  let setup: Setup | undefined;
  return (request) => {
    if (request.type === 'load') {
      compiled = compileLogRegistry(request.registry);
      return { type: 'loaded', id: request.id };
    }
    if (request.type === 'start') {
      if (request.registry) compiled = compileLogRegistry(request.registry);
      if (!compiled) throw new Error('a piece reader was started without the registry');
      setup = buildSetup(compiled, request.spec, webText);
      parser = new PieceParser(setup);
      return { type: 'started', id: request.id };
    }
    if (!parser || !setup) throw new Error('a piece was sent before the plan');
    // The parser reads its keep budgets at the start of each piece.
    if (setup.spec.keep) setup.keep = request.keep ?? setup.spec.keep;
    const bytes = new Uint8Array(request.buffer, 0, request.length);
    return { type: 'result', id: request.id, result: parser.parse(bytes, request.offset) };
  };
}
