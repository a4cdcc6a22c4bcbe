/**
 * The worker thread of `parallel.ts`: a second sql.js connection to the image the main thread
 * checks, opened as the main thread opens it (`openQueryImage`, `openImage`), answering the
 * planned statements in their order (see `../offload.ts`) and sending each answer back as soon
 * as it is done.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import type { SqlJsStatic, Statement } from 'sql.js';
import type { Row } from '../engine.ts';
import type { OffloadedResult, PlannedStatement } from '../offload.ts';
import type { QueryImageJob } from './query-image.ts';

export interface QueryJob extends QueryImageJob {
  statements: PlannedStatement[];
  cacheKiB: number;
  heapLimitBytes: number;
}

const { module, port, signal } = workerData as { module: WebAssembly.Module; port: MessagePort; signal: Int32Array };

// signal[0] counts messages sent, signal[1] becomes 1 when this thread ends.
process.on('exit', () => {
  Atomics.store(signal, 1, 1);
  Atomics.notify(signal, 0);
});

function send(message: object): void {
  port.postMessage(message);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const crashed = (error: unknown) => error instanceof WebAssembly.RuntimeError || /^Aborted\(/.test(messageOf(error));

// Everything that could fail to load is loaded after the exit signal above is in place, so the
// main thread, waiting synchronously, always learns that this thread is gone.
const loaded = (async () => {
  const [{ default: initSqlJs }, engine, offload, { openQueryImage }] = await Promise.all([
    import('sql.js'), import('../engine.ts'), import('../offload.ts'), import('./query-image.ts'),
  ]);
  const SQL: SqlJsStatic = await initSqlJs({
    useOldExtensionFunctions: false,
    instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) {
      WebAssembly.instantiate(module, imports).then(done, (error: unknown) => send({ fatal: messageOf(error) }));
      return {};
    },
  } as Parameters<typeof initSqlJs>[0]);
  return { SQL, engine, conditionHolds: offload.conditionHolds, openQueryImage };
})();

type Loaded = Awaited<typeof loaded>;

/** Answers the job's statements in order, sending each answer as soon as it is done. */
function run({ SQL, engine, conditionHolds, openQueryImage }: Loaded, job: QueryJob): void {
  const { image, close } = openQueryImage(job);
  let opened: ReturnType<Loaded['engine']['openImage']> | undefined;
  try {
    opened = engine.openImage(SQL, image, { cacheKiB: job.cacheKiB, heapLimitBytes: job.heapLimitBytes });
    const db = opened.db;
    let previous: OffloadedResult | undefined;
    for (let index = 0; index < job.statements.length; index++) {
      const statement = job.statements[index]!;
      if (!conditionHolds(statement.when, previous)) {
        previous = { skipped: true };
        send({ index, skipped: true });
        continue;
      }
      let stmt: Statement | undefined;
      send({ index, began: performance.timeOrigin + performance.now() });
      try {
        stmt = db.prepare(statement.sql);
        const columns = stmt.getColumnNames();
        const rows: Row[] = [];
        let count = 0;
        while (stmt.step()) {
          count++;
          if (rows.length < statement.keep) rows.push(stmt.get());
        }
        previous = { columns, rows, count };
        send({ index, columns, rows, count });
      } catch (error) {
        // After a crash the module's state is unknown: the main thread runs the rest itself.
        if (crashed(error)) {
          send({ fatal: messageOf(error) });
          return;
        }
        const failure = engine.classifyError(error);
        previous = { error: failure.message, kind: failure.kind };
        send({ index, error: failure.message, kind: failure.kind });
      } finally {
        try {
          stmt?.free();
        } catch {
          // freeing a statement of a crashed module
        }
      }
    }
  } finally {
    opened?.close();
    close();
  }
}

// A failure to start is reported when the job comes (below), not as an unhandled rejection.
loaded.catch(() => {});

port.once('message', (job: QueryJob) => {
  loaded
    .then((parts) => run(parts, job))
    .catch((error: unknown) => send({ fatal: messageOf(error) }));
});
