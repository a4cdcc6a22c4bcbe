/**
 * The island's worker (src/components/search/worker.ts) speaking the kit's envelope, run in Node
 * with a stand-in for the worker global: load (fetched, or handed over by the page, which may
 * send it after a query), queries whose older ones the page cancels, and the two failures.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CancelRequest } from '../../../src/components/kit/protocol.ts';
import type { SearchMessage, SearchRequest } from '../../../src/components/search/protocol.ts';
import { emitSearchIndex } from '../../../src/diagnostics/search/emit.ts';
import { requireRegistry } from '../../../src/registry/load-fs.ts';

const data = emitSearchIndex(requireRegistry())[0]!.content;

type Listener = (e: { data: SearchRequest | CancelRequest }) => void;

async function startWorker(respond: (url: string) => Response) {
  const messages: SearchMessage[] = [];
  const listeners: Listener[] = [];
  const scope = {
    postMessage: (m: SearchMessage) => messages.push(m),
    addEventListener: (type: string, listener: Listener) => type === 'message' && listeners.push(listener),
  };
  vi.stubGlobal('self', scope);
  vi.stubGlobal('fetch', async (url: string) => respond(url));
  vi.resetModules();
  await import('../../../src/components/search/worker.ts');
  const send = (m: SearchRequest | CancelRequest) => listeners.forEach((l) => l({ data: m }));
  const until = async (test: () => boolean) => {
    for (let i = 0; i < 200 && !test(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(test()).toBe(true);
  };
  return { messages, send, until };
}

describe('the search worker', () => {
  beforeEach(() => vi.useRealTimers());
  afterEach(() => vi.unstubAllGlobals());

  it('loads the first URL that answers, then answers the query the page still waits for', async () => {
    const w = await startWorker((url) =>
      url.endsWith('search-index.json') ? new Response('missing', { status: 404 }) : new Response(data));
    w.send({ type: 'load', id: 1, urls: ['https://x/search-index.json', 'https://x/registry.json'] });
    // Typing: each new query comes after the cancel of the one before, as the page sends them.
    w.send({ type: 'query', id: 2, query: 'DB_15', locale: 'en', limit: 5 });
    w.send({ type: 'cancel', id: 2 });
    w.send({ type: 'query', id: 3, query: 'DB_150', locale: 'en', limit: 5 });
    w.send({ type: 'cancel', id: 3 });
    w.send({ type: 'query', id: 4, query: 'DB_1506', locale: 'en', limit: 5 });
    await w.until(() => w.messages.some((m) => m.type === 'result'));
    expect(w.messages.filter((m) => m.type === 'progress').map((m) => m.id)).toEqual([1, 1]);
    expect(w.messages.find((m) => m.type === 'ready')).toMatchObject({ id: 1, entries: requireRegistry().errors.length });
    expect(w.messages.filter((m) => m.type === 'cancelled').map((m) => m.id)).toEqual([2, 3]);
    const results = w.messages.filter((m) => m.type === 'result');
    expect(results).toHaveLength(1);
    const answer = results[0] as Extract<SearchMessage, { type: 'result' }>;
    expect(answer).toMatchObject({ id: 4, result: { state: 'found' } });
    expect(answer.result.hits[0]).toMatchObject({ code: 'DB_1506', match: 'code' });
  });

  it('a cancelled query gets no result', async () => {
    const w = await startWorker(() => new Response(data));
    w.send({ type: 'load', id: 1, urls: ['https://x/search-index.json'] });
    w.send({ type: 'query', id: 2, query: 'DB_1506', locale: 'zh-TW', limit: 5 });
    w.send({ type: 'cancel', id: 2 });
    await w.until(() => w.messages.some((m) => m.type === 'cancelled'));
    await new Promise((r) => setTimeout(r, 50));
    expect(w.messages.filter((m) => m.type === 'result')).toEqual([]);
    expect(w.messages.filter((m) => m.type === 'cancelled').map((m) => m.id)).toEqual([2]);
  });

  it('no URL answers: the data is unavailable, naming the last failure; queries say so too', async () => {
    const w = await startWorker(() => new Response('gone', { status: 503 }));
    w.send({ type: 'load', id: 7, urls: ['https://x/a.json', 'https://x/b.json'] });
    w.send({ type: 'query', id: 8, query: 'DB_1506', locale: 'en', limit: 5 });
    await w.until(() => w.messages.filter((m) => m.type === 'unavailable').length === 2);
    expect(w.messages.filter((m) => m.type === 'unavailable')).toEqual([
      { type: 'unavailable', id: 7, kind: 'network', message: 'https://x/b.json: HTTP 503' },
      { type: 'unavailable', id: 8, kind: 'network', message: 'https://x/b.json: HTTP 503' },
    ]);
  });

  it('JSON that is not search data: a data failure', async () => {
    const w = await startWorker(() => new Response('{"hello":"world"}'));
    w.send({ type: 'load', id: 1, urls: ['https://x/search-index.json'] });
    await w.until(() => w.messages.some((m) => m.type === 'unavailable'));
    expect(w.messages.find((m) => m.type === 'unavailable')).toMatchObject({ kind: 'data', message: expect.stringMatching(/not an errdex registry/) });
  });

  it('takes the data the page fetched, fetching nothing itself; a query sent before the load waits for it', async () => {
    const fetched: string[] = [];
    const w = await startWorker((url) => {
      fetched.push(url);
      return new Response('gone', { status: 503 });
    });
    w.send({ type: 'query', id: 2, query: 'database is locked', locale: 'en', limit: 5 });
    await new Promise((r) => setTimeout(r, 30));
    expect(w.messages).toEqual([]);
    w.send({ type: 'load', id: 1, urls: ['https://x/search-index.json'], data: new TextEncoder().encode(data).buffer as ArrayBuffer });
    await w.until(() => w.messages.some((m) => m.type === 'result'));
    expect(fetched).toEqual([]);
    expect(w.messages.find((m) => m.type === 'result')).toMatchObject({ id: 2, result: { state: 'found' } });
  });

  it('data from the page that is not JSON: the URLs are fetched instead', async () => {
    const fetched: string[] = [];
    const w = await startWorker((url) => {
      fetched.push(url);
      return new Response(data);
    });
    w.send({ type: 'load', id: 1, urls: ['https://x/search-index.json'], data: new TextEncoder().encode('<html>not found</html>').buffer as ArrayBuffer });
    w.send({ type: 'query', id: 2, query: 'DB_1506', locale: 'en', limit: 5 });
    await w.until(() => w.messages.some((m) => m.type === 'result'));
    expect(fetched).toEqual(['https://x/search-index.json']);
    expect(w.messages.find((m) => m.type === 'ready')).toMatchObject({ id: 1 });
  });
});
