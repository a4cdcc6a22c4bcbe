/// <reference lib="webworker" />
/**
 * The worker side of the envelope: each request is given to a handler with an AbortSignal (aborted
 * by a `cancel` request naming its id) and a way to send progress; what the handler returns is the
 * final reply, what it throws becomes an `error` reply.
 */
import type { CancelRequest, Envelope, ErrorReply } from './protocol.ts';

export interface HostContext<Msg> {
  signal: AbortSignal;
  progress: (message: Msg) => void;
}

/** A final reply, or a final reply and what to transfer with it. */
export type Reply<Msg> = Msg | [Msg, Transferable[]];

export function serve<Req extends Envelope, Msg extends Envelope>(
  scope: { postMessage(message: unknown, transfer?: Transferable[]): void; addEventListener(type: 'message', listener: (e: MessageEvent) => void): void },
  handle: (request: Req, context: HostContext<Msg>) => Promise<Reply<Msg>> | Reply<Msg>,
): void {
  const running = new Map<number, AbortController>();
  scope.addEventListener('message', async (event: MessageEvent<Req | CancelRequest>) => {
    const request = event.data;
    if (request.type === 'cancel') {
      running.get(request.id)?.abort();
      return;
    }
    const controller = new AbortController();
    running.set(request.id, controller);
    try {
      const out = await handle(request as Req, { signal: controller.signal, progress: (m) => scope.postMessage(m) });
      if (Array.isArray(out)) scope.postMessage(out[0], out[1]);
      else scope.postMessage(out);
    } catch (error) {
      scope.postMessage({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) } satisfies ErrorReply);
    } finally {
      running.delete(request.id);
    }
  });
}
