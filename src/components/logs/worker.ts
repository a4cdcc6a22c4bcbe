/// <reference lib="webworker" />
/**
 * The log parser's Web Worker: streams a dropped file through the core, reports progress, keeps
 * records for browsing and answers the page's queries. Nothing here touches the network.
 */
import { analyzeLog, compileLogRegistry, DEFAULT_KEEP, type CompiledLogRegistry } from '../../diagnostics/logs/analyze.ts';
import { analysisToJson, recordsToCsv } from '../../diagnostics/logs/export.ts';
import type { LogProblem, LogSummary } from '../../diagnostics/logs/types.ts';
import type { WorkerMessage, WorkerRequest } from './protocol.ts';
import { RecordStore } from './records.ts';

declare const self: DedicatedWorkerGlobalScope;

let compiled: CompiledLogRegistry | undefined;
let store = new RecordStore();
let last: { summary: LogSummary; problems: LogProblem[] } | undefined;
const running = new Map<number, AbortController>();

const post = (message: WorkerMessage) => self.postMessage(message);

self.addEventListener('message', async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  try {
    switch (request.type) {
      case 'ping':
        post({ type: 'pong', id: request.id });
        return;
      case 'cancel':
        running.get(request.id)?.abort();
        return;
      case 'analyze': {
        if (request.registry) compiled = compileLogRegistry(request.registry);
        if (!compiled) throw new Error('no registry was given to the worker');
        const controller = new AbortController();
        running.set(request.id, controller);
        store = new RecordStore();
        last = undefined;
        const started = performance.now();
        const total = request.file.size;
        const { summary, problems, records } = await analyzeLog(request.file, {
          compiled,
          total,
          signal: controller.signal,
          keep: DEFAULT_KEEP,
          modified: request.file instanceof File ? request.file.lastModified : undefined,
          onProgress: (p) => post({ type: 'progress', id: request.id, bytes: p.bytes, total, records: p.records, elapsedMs: p.elapsedMs }),
        });
        store = new RecordStore(records);
        running.delete(request.id);
        const ms = performance.now() - started;
        last = { summary, problems };
        post({ type: 'result', id: request.id, summary, problems, kept: store.records.length, ms, mbps: summary.bytes / 2 ** 20 / Math.max(ms / 1000, 1e-6) });
        return;
      }
      case 'query': {
        const { total, rows } = store.rows(request.filter, request.offset, request.limit);
        post({ type: 'rows', id: request.id, total, offset: request.offset, rows });
        return;
      }
      case 'record': {
        const record = store.records[request.index];
        if (!record) throw new Error(`no record ${request.index}`);
        post({ type: 'record', id: request.id, index: request.index, record });
        return;
      }
      case 'export': {
        if (!last) throw new Error('nothing to export yet');
        const blob = request.kind === 'json'
          ? new Blob([analysisToJson(last.summary, last.problems, store.records)], { type: 'application/json' })
          : new Blob([recordsToCsv(store.records)], { type: 'text/csv' });
        post({ type: 'export', id: request.id, kind: request.kind, blob });
        return;
      }
    }
  } catch (error) {
    running.delete(request.id);
    post({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
});
