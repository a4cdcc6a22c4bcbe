/**
 * The island's worker (src/components/search/worker.ts) speaking its protocol, run in Node with
 * a stand-in for the worker global: load (fetched, or handed over by the page), latest-query-wins,
 * cancel, and the two failures.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkerMessage, WorkerRequest } from '../../../src/components/search/protocol.ts';
import { emitSearchIndex } from '../../../src/diagnostics/search/emit.ts';
import { requireRegistry } from '../../../src/registry/load-fs.ts';

const data = emitSearchIndex(requireRegistry())[0]!.content;

interface FakeScope {
  postMessage(message: WorkerMessage): void;
  onmessage: ((e: { data: WorkerRequest }) => void) | null;
}

async function startWorker(respond: (url: string) => Response) {
  const messages: WorkerMessage[] = [];
  const scope: FakeScope = { postMessage: (m) => messages.push(m), onmessage: null };
  vi.stubGlobal('self', scope);
  vi.stubGlobal('fetch', async (url: string) => respond(url));
  vi.resetModules();
  await import('../../../src/components/search/worker.ts');
  const send = (m: WorkerRequest) => scope.onmessage!({ data: m });
  const until = async (test: () => boolean) => {
    for (let i = 0; i < 200 && !test(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(test()).toBe(true);
  };
  return { messages, send, until };
}

describe('the search worker', () => {
  beforeEach(() => vi.useRealTimers());
  afterEach(() => vi.unstubAllGlobals());

  it('loads the first URL that answers, then answers only the latest of several queries', async () => {
    const w = await startWorker((url) =>
      url.endsWith('search-index.json') ? new Response('missing', { status: 404 }) : new Response(data));
    w.send({ type: 'load', id: 1, urls: ['https://x/search-index.json', 'https://x/registry.json'] });
    w.send({ type: 'query', id: 2, query: 'DB_15', locale: 'en', limit: 5 });
    w.send({ type: 'query', id: 3, query: 'DB_150', locale: 'en', limit: 5 });
    w.send({ type: 'query', id: 4, query: 'DB_1506', locale: 'en', limit: 5 });
    await w.until(() => w.messages.some((m) => m.type === 'result'));
    expect(w.messages.filter((m) => m.type === 'progress').map((m) => m.id)).toEqual([1, 1]);
    expect(w.messages.find((m) => m.type === 'ready')).toMatchObject({ id: 1, entries: requireRegistry().errors.length });
    expect(w.messages.filter((m) => m.type === 'cancelled').map((m) => m.id)).toEqual([2, 3]);
    const results = w.messages.filter((m) => m.type === 'result');
    expect(results).toHaveLength(1);
    const answer = results[0] as Extract<WorkerMessage, { type: 'result' }>;
    expect(answer).toMatchObject({ id: 4, result: { state: 'found' } });
    expect(answer.result.hits[0]).toMatchObject({ code: 'DB_1506', match: 'code' });
  });

  it('takes the data the page fetched, fetching nothing itself', async () => {
    const fetched: string[] = [];
    const w = await startWorker((url) => {
      fetched.push(url);
      return new Response('gone', { status: 503 });
    });
    w.send({ type: 'query', id: 2, query: 'database is locked', locale: 'en', limit: 5 });
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

  it('a cancelled query gets no result', async () => {
    const w = await startWorker(() => new Response(data));
    w.send({ type: 'load', id: 1, urls: ['https://x/search-index.json'] });
    w.send({ type: 'query', id: 2, query: 'DB_1506', locale: 'zh-TW', limit: 5 });
    w.send({ type: 'cancel', id: 2 });
    await w.until(() => w.messages.some((m) => m.type === 'ready'));
    await new Promise((r) => setTimeout(r, 50));
    expect(w.messages.filter((m) => m.type === 'result')).toEqual([]);
    expect(w.messages.filter((m) => m.type === 'cancelled').map((m) => m.id)).toEqual([2]);
  });

  it('no URL answers: a network error naming the last failure', async () => {
    const w = await startWorker(() => new Response('gone', { status: 503 }));
    w.send({ type: 'load', id: 7, urls: ['https://x/a.json', 'https://x/b.json'] });
    await w.until(() => w.messages.some((m) => m.type === 'error'));
    expect(w.messages.find((m) => m.type === 'error')).toEqual({ type: 'error', id: 7, kind: 'network', message: 'https://x/b.json: HTTP 503' });
  });

  it('JSON that is not search data: a data error', async () => {
    const w = await startWorker(() => new Response('{"hello":"world"}'));
    w.send({ type: 'load', id: 1, urls: ['https://x/search-index.json'] });
    await w.until(() => w.messages.some((m) => m.type === 'error'));
    expect(w.messages.find((m) => m.type === 'error')).toMatchObject({ kind: 'data', message: expect.stringMatching(/not an errdex registry/) });
  });
});
