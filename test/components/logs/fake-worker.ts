/**
 * A stand-in for a Web Worker in Node: messages cross as structured clones (transferred buffers
 * are detached, as in a browser), asynchronously, to a handler served with the kit's `serve()`.
 */
import { serve } from '../../../src/components/kit/worker-host.ts';
import type { Envelope } from '../../../src/components/kit/protocol.ts';

type Listener = (e: { data: unknown }) => void;

class Side {
  listeners: Listener[] = [];
  other!: Side;
  closed = false;
  addEventListener(type: string, listener: Listener) {
    if (type === 'message') this.listeners.push(listener);
  }
  removeEventListener() {}
  postMessage(message: unknown, transfer: Transferable[] = []) {
    if (this.closed) return;
    const data = structuredClone(message, { transfer: transfer as Transferable[] });
    setTimeout(() => {
      if (!this.other.closed) for (const l of this.other.listeners) l({ data });
    }, 0);
  }
}

export interface FakeWorkerOptions {
  /** Fail (as a worker's uncaught error does) on the nth message this worker receives. */
  dieOn?: number;
}

/** A fake `Worker` whose other end is served by `handle`. */
export function fakeWorker<Req extends Envelope, Msg extends Envelope>(
  handle: Parameters<typeof serve<Req, Msg>>[1],
  options: FakeWorkerOptions = {},
): Worker {
  const page = new Side();
  const inside = new Side();
  page.other = inside;
  inside.other = page;
  serve<Req, Msg>(inside as unknown as Parameters<typeof serve>[0], handle);
  const errors: ((e: { message: string; preventDefault(): void }) => void)[] = [];
  let received = 0;
  const worker = {
    addEventListener(type: string, listener: never) {
      if (type === 'error') errors.push(listener);
      else page.addEventListener(type, listener);
    },
    removeEventListener() {},
    postMessage(message: unknown, transfer?: Transferable[]) {
      received++;
      if (options.dieOn !== undefined && received >= options.dieOn) {
        setTimeout(() => errors.forEach((e) => e({ message: 'the reader ran out of memory', preventDefault() {} })), 0);
        return;
      }
      page.postMessage(message, transfer);
    },
    terminate() {
      page.closed = inside.closed = true;
    },
  };
  return worker as unknown as Worker;
}
