/** The kit's envelope: ids, progress before the final reply, one cancel, errors as replies. */
import { describe, expect, it } from 'vitest';
import { WorkerClient } from '../../../src/components/kit/worker-client.ts';
import { fakeWorker } from '../logs/fake-worker.ts';

type Req = { type: 'count'; id: number; to: number } | { type: 'fail'; id: number };
type Msg = { type: 'progress'; id: number; n: number } | { type: 'done'; id: number; n: number; cancelled: boolean };

const make = () => fakeWorker<Req, Msg>(async (request, { signal, progress }) => {
  if (request.type === 'fail') throw new Error('no such thing');
  let n = 0;
  while (n < request.to && !signal.aborted) {
    n++;
    progress({ type: 'progress', id: request.id, n });
    await new Promise((r) => setTimeout(r, 0));
  }
  return { type: 'done', id: request.id, n, cancelled: signal.aborted };
});

describe('WorkerClient and serve', () => {
  it('gives each request its own id and its progress before its final reply', async () => {
    const client = new WorkerClient<Req, Msg>(make);
    const seen: number[] = [];
    const a = client.request({ type: 'count', to: 3 }, { progress: (m) => m.type === 'progress' && seen.push(m.n) });
    const b = client.request({ type: 'count', to: 1 });
    expect(a.id).not.toBe(b.id);
    expect(await a.reply).toEqual({ type: 'done', id: a.id, n: 3, cancelled: false });
    expect(await b.reply).toMatchObject({ n: 1 });
    expect(seen).toEqual([1, 2, 3]);
    expect(client.pending).toBe(0);
    client.terminate();
  });

  it('cancels one request by its id; the others go on', async () => {
    const client = new WorkerClient<Req, Msg>(make);
    const long = client.request({ type: 'count', to: 1_000_000 }, { progress: (m) => m.type === 'progress' && m.n === 5 && client.cancel(long.id) });
    const other = client.request({ type: 'count', to: 20 });
    const reply = await long.reply;
    expect(reply).toMatchObject({ type: 'done', cancelled: true });
    expect(reply.type === 'done' && reply.n).toBeLessThan(1000);
    expect(await other.reply).toMatchObject({ n: 20, cancelled: false });
    client.terminate();
  });

  it('answers a throw, and a terminated worker, with error replies', async () => {
    const client = new WorkerClient<Req, Msg>(make);
    expect(await client.request({ type: 'fail' }).reply).toMatchObject({ type: 'error', message: 'no such thing' });
    const open = client.request({ type: 'count', to: 1_000_000 });
    client.terminate();
    expect(await open.reply).toMatchObject({ type: 'error' });
  });

  it('a client ending on cancel answers `cancelled` at once, ends the worker, and starts a fresh one for the next request', async () => {
    let started = 0;
    const client = WorkerClient.endingOnCancel<Req, Msg>(() => {
      started++;
      return make();
    });
    const long = client.request({ type: 'count', to: 1_000_000 });
    const other = client.request({ type: 'count', to: 1_000_000 });
    client.cancel(long.id);
    expect(await long.reply).toEqual({ type: 'cancelled', id: long.id });
    // Ending the worker ends every request it had.
    expect(await other.reply).toMatchObject({ type: 'error' });
    expect(client.pending).toBe(0);
    expect(await client.request({ type: 'count', to: 2 }).reply).toMatchObject({ type: 'done', n: 2 });
    expect(started).toBe(2);
    client.terminate();
  });
});
