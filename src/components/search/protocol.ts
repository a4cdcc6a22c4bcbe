/**
 * The search worker's messages. Every request carries an id and every reply names it. Queries
 * are answered latest first: a query still waiting when a newer one arrives is dropped with a
 * `cancelled` reply, so typing never queues up work.
 */
import type { SearchProblem, SearchResult } from '../../diagnostics/search/index.ts';
import type { Locale } from '../../registry/schema.ts';

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

export interface CancelRequest {
  type: 'cancel';
  id: number;
}

export type WorkerRequest = LoadRequest | QueryRequest | CancelRequest;

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

export interface ResultMessage {
  type: 'result';
  id: number;
  result: SearchResult;
  problems: SearchProblem[];
}

export interface CancelledMessage {
  type: 'cancelled';
  id: number;
}

export interface ErrorMessage {
  type: 'error';
  id: number;
  /** `network`: the data could not be fetched; `data`: it is not search data; `internal`: a bug. */
  kind: 'network' | 'data' | 'internal';
  message: string;
}

export type WorkerMessage = ProgressMessage | ReadyMessage | ResultMessage | CancelledMessage | ErrorMessage;
