/// <reference lib="webworker" />
/**
 * The search worker: takes the search data the page fetched (or fetches it), loads its saved
 * index (or, from `/registry.json`, builds one), answers queries. Once loaded it needs no
 * network, so the search keeps working offline. It speaks the island kit's envelope (`serve`).
 */
import { buildSearchIndex, loadSearchIndex, searchIndex, type SearchIndex } from '../../diagnostics/search/index.ts';
import { readPublishedRegistry } from '../../diagnostics/search/source.ts';
import { serve, type HostContext } from '../kit/worker-host.ts';
import type { LoadRequest, QueryRequest, SearchMessage, SearchRequest, UnavailableMessage } from './protocol.ts';

/** The loaded index, or why there is none. */
type Loaded = { index: SearchIndex; entries: number } | { kind: UnavailableMessage['kind']; message: string };

let loaded: Promise<Loaded> | undefined;
/** Resolves once the load request has come (a query may come first: the page sends the load when its fetch ends). */
let loadCame: (loading: Promise<Loaded>) => void = () => {};
const whenLoading = new Promise<Promise<Loaded>>((resolve) => (loadCame = resolve));

/** The data the page fetched, parsed; undefined when it is not JSON (then the URLs are tried). */
function parse(data: ArrayBuffer): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
}

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

async function load(id: number, urls: string[], data: ArrayBuffer | undefined, progress: HostContext<SearchMessage>['progress']): Promise<Loaded> {
  progress({ type: 'progress', id, stage: 'fetch' });
  let json: unknown = data === undefined ? undefined : parse(data);
  if (json === undefined) {
    try {
      json = await fetchFirst(urls);
    } catch (error) {
      return { kind: 'network', message: (error as Error).message };
    }
  }
  progress({ type: 'progress', id, stage: 'index' });
  const { source, index: saved, problems } = readPublishedRegistry(json);
  if (!source) return { kind: 'data', message: problems.map((p) => p.message).join('; ') };
  const index = saved === undefined ? undefined : loadSearchIndex(source, saved);
  // Without a usable saved index (`/registry.json`, or a file of another version), index here.
  return { index: typeof index === 'object' ? index : buildSearchIndex(source), entries: source.errors.length };
}

async function answerLoad(request: LoadRequest, { progress }: HostContext<SearchMessage>): Promise<SearchMessage> {
  const started = performance.now();
  loaded ??= load(request.id, request.urls, request.data, progress);
  loadCame(loaded);
  const outcome = await loaded;
  if (!('index' in outcome)) return { type: 'unavailable', id: request.id, ...outcome };
  return { type: 'ready', id: request.id, entries: outcome.entries, ms: Math.round(performance.now() - started) };
}

async function answerQuery(request: QueryRequest, { signal }: HostContext<SearchMessage>): Promise<SearchMessage> {
  const outcome = await (loaded ?? (await whenLoading));
  // Let the messages already queued (a newer query, the cancel of this one) arrive first.
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (signal.aborted) return { type: 'cancelled', id: request.id };
  if (!('index' in outcome)) return { type: 'unavailable', id: request.id, ...outcome };
  const { result, problems } = searchIndex(outcome.index, request.query, { locale: request.locale, system: request.system, limit: request.limit });
  return { type: 'result', id: request.id, result, problems };
}

serve<SearchRequest, SearchMessage>(self, (request, context) => (request.type === 'load' ? answerLoad(request, context) : answerQuery(request, context)));
