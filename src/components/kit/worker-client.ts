/**
 * A typed client of an island's worker: `request()` sends a message with a fresh id and resolves
 * with its final reply (progress replies go to a callback); `cancel(id)` asks the worker to stop
 * that request, the one way to cancel. A worker that dies answers every open request with an
 * `error` reply. The worker is started on the first request (or `start()`), not before.
 *
 * A worker whose work cannot see a message while it runs (SQLite inside sql.js runs to the end
 * of a statement) gets a client made with `WorkerClient.endingOnCancel`: there `cancel(id)` also
 * ends the worker, answers that request `cancelled` at once, and the next request starts a
 * fresh worker.
 */
import { NOT_FINAL, type CancelledReply, type CancelRequest, type Envelope, type ErrorReply } from './protocol.ts';

/** A request without its id (the client gives it one). */
export type Unsent<R extends Envelope> = R extends Envelope ? Omit<R, 'id'> : never;

export interface Sent<M> {
  id: number;
  reply: Promise<M | ErrorReply>;
}

export class WorkerClient<Req extends Envelope, Msg extends Envelope> {
  #make: () => Worker;
  #endOnCancel = false;
  #worker: Worker | undefined;
  #next = 1;
  #open = new Map<number, { done: (m: Msg | ErrorReply) => void; progress?: (m: Msg) => void }>();

  constructor(make: () => Worker) {
    this.#make = make;
  }

  /** A client whose `cancel` ends the worker; its requests may be answered `cancelled`. */
  static endingOnCancel<Req extends Envelope, Msg extends Envelope>(make: () => Worker): WorkerClient<Req, Msg | CancelledReply> {
    const client = new WorkerClient<Req, Msg | CancelledReply>(make);
    client.#endOnCancel = true;
    return client;
  }

  start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = this.#make();
    worker.addEventListener('message', (e: MessageEvent<Msg | ErrorReply>) => {
      const open = this.#open.get(e.data.id);
      if (!open) return;
      if (NOT_FINAL.has(e.data.type)) {
        open.progress?.(e.data as Msg);
        return;
      }
      this.#open.delete(e.data.id);
      open.done(e.data);
    });
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.#failAll(e.message || 'the worker stopped');
      this.terminate();
    });
    this.#worker = worker;
    return worker;
  }

  request<R extends Req>(request: Unsent<R>, options: { progress?: (m: Msg) => void; transfer?: Transferable[] } = {}): Sent<Msg> {
    const worker = this.start();
    const id = this.#next++;
    const reply = new Promise<Msg | ErrorReply>((done) => this.#open.set(id, { done, progress: options.progress }));
    worker.postMessage({ ...request, id }, options.transfer ?? []);
    return { id, reply };
  }

  /**
   * Ask the worker to stop request `id`; its final reply still comes (with what it had, or
   * `cancelled`). With `endOnCancel`, the worker ends and the reply is `cancelled` at once.
   */
  cancel(id: number): void {
    const open = this.#open.get(id);
    if (!open) return;
    this.#worker?.postMessage({ type: 'cancel', id } satisfies CancelRequest);
    if (!this.#endOnCancel) return;
    this.#open.delete(id);
    // Only a client made by `endingOnCancel` gets here, and its replies include CancelledReply.
    open.done({ type: 'cancelled', id } satisfies CancelledReply as unknown as Msg);
    this.terminate();
  }

  /** Requests still waiting for their final reply. */
  get pending(): number {
    return this.#open.size;
  }

  terminate(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#failAll('the worker was stopped');
  }

  #failAll(message: string) {
    const open = [...this.#open.entries()];
    this.#open.clear();
    for (const [id, o] of open) o.done({ type: 'error', id, message });
  }
}
