/**
 * The search worker's messages, in the island kit's envelope (../kit/protocol.ts): every request
 * carries an id and every reply names it. The page sends `load` once, then a `query` per change
 * of the box, cancelling the query it no longer waits for; a cancelled query is answered
 * `cancelled` and costs nothing, so typing never queues up work.
 */
import type { SearchProblem, SearchResult } from '../../diagnostics/search/index.ts';
import type { Locale } from '../../registry/schema.ts';
import type { CancelledReply } from '../kit/protocol.ts';

/**
 * Load the search data: `data` when the page fetched it (the bytes of the first URL, fetched while
 * the worker starts), else the first URL that answers.
 */
export interface LoadRequest {
  type: 'load';
  id: number;
  urls: string[];
  data?: ArrayBuffer;
}

export interface QueryRequest {
  type: 'query';
  id: number;
  query: string;
  locale: Locale;
  system?: string;
  limit: number;
}

export type SearchRequest = LoadRequest | QueryRequest;

export interface ProgressMessage {
  type: 'progress';
  id: number;
  stage: 'fetch' | 'index';
}

export interface ReadyMessage {
  type: 'ready';
  id: number;
  entries: number;
  /** Time to fetch and index, in milliseconds. */
  ms: number;
}

/** The search data could not be had: `network`, it could not be fetched; `data`, it is not search data. */
export interface UnavailableMessage {
  type: 'unavailable';
  id: number;
  kind: 'network' | 'data';
  message: string;
}

export interface ResultMessage {
  type: 'result';
  id: number;
  result: SearchResult;
  problems: SearchProblem[];
}

export type SearchMessage = ProgressMessage | ReadyMessage | UnavailableMessage | ResultMessage | CancelledReply;
