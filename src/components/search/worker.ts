/**
 * The search worker: takes the search data the page fetched (or fetches it), loads its saved
 * index (or, from `/registry.json`, builds one), answers queries. Once loaded it needs no
 * network, so the search keeps working offline.
 */
import { buildSearchIndex, loadSearchIndex, searchIndex, type SearchIndex } from '../../diagnostics/search/index.ts';
import { readPublishedRegistry } from '../../diagnostics/search/source.ts';
import type { QueryRequest, WorkerMessage, WorkerRequest } from './protocol.ts';

const scope = self as unknown as { postMessage(message: WorkerMessage): void; onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null };
const post = (message: WorkerMessage) => scope.postMessage(message);

let index: SearchIndex | undefined;
let pending: QueryRequest | undefined;
let scheduled = false;

async function fetchFirst(urls: string[]): Promise<unknown> {
  let last = 'no URL to load';
  for (const url of urls) {
    try {
      const response = await fetch(url);
      if (!response.ok) {
        last = `${url}: HTTP ${response.status}`;
        continue;
      }
      return await response.json();
    } catch (error) {
      last = `${url}: ${(error as Error).message}`;
    }
  }
  throw new Error(last);
}

/** The data the page fetched, parsed; undefined when it is not JSON (then the URLs are tried). */
function parse(data: ArrayBuffer): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
}

async function load(id: number, urls: string[], data: ArrayBuffer | undefined) {
  const started = performance.now();
  post({ type: 'progress', id, stage: 'fetch' });
  let json: unknown = data === undefined ? undefined : parse(data);
  if (json === undefined) {
    try {
      json = await fetchFirst(urls);
    } catch (error) {
      post({ type: 'error', id, kind: 'network', message: (error as Error).message });
      return;
    }
  }
  post({ type: 'progress', id, stage: 'index' });
  const { source, index: saved, problems } = readPublishedRegistry(json);
  if (!source) {
    post({ type: 'error', id, kind: 'data', message: problems.map((p) => p.message).join('; ') });
    return;
  }
  const loaded = saved === undefined ? undefined : loadSearchIndex(source, saved);
  // Without a usable saved index (`/registry.json`, or a file of another version), index here.
  index = typeof loaded === 'object' ? loaded : buildSearchIndex(source);
  post({ type: 'ready', id, entries: source.errors.length, ms: Math.round(performance.now() - started) });
  schedule();
}

/** Answer the latest query only; run after the message queue has been drained of newer ones. */
function schedule() {
  if (scheduled || !pending || !index) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    const request = pending;
    pending = undefined;
    if (!request || !index) return;
    try {
      const { result, problems } = searchIndex(index, request.query, { locale: request.locale, system: request.system, limit: request.limit });
      post({ type: 'result', id: request.id, result, problems });
    } catch (error) {
      post({ type: 'error', id: request.id, kind: 'internal', message: (error as Error).message });
    }
  }, 0);
}

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case 'load':
      void load(message.id, message.urls, message.data);
      break;
    case 'query':
      if (pending) post({ type: 'cancelled', id: pending.id });
      pending = message;
      schedule();
      break;
    case 'cancel':
      if (pending?.id === message.id) {
        pending = undefined;
        post({ type: 'cancelled', id: message.id });
      }
      break;
  }
};
