/**
 * The worker thread of `parallel.ts`: a second sql.js connection to the image the main thread
 * checks, opened as the main thread opens it (`openQueryImage`, `openImage`), running the
 * statements the checks after integrity_check will ask for, in their order, and sending each
 * one's rows (or SQLite's error) back as soon as it is done.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import type { SqlJsStatic, Statement } from 'sql.js';
import type { Row } from './engine.ts';
import type { QueryImageJob } from './query-image.ts';

export interface QueryStatement {
  sql: string;
  /** Rows to send back (the rest are only counted). */
  keep: number;
  /** Every row is needed: send them all, or say the statement is unavailable past `maxRows`. */
  all: boolean;
}

export interface QueryJob extends QueryImageJob {
  statements: QueryStatement[];
  cacheKiB: number;
  maxRows: number;
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
  const [{ default: initSqlJs }, { openImage }, { openQueryImage }] = await Promise.all([import('sql.js'), import('./engine.ts'), import('./query-image.ts')]);
  const SQL: SqlJsStatic = await initSqlJs({
    useOldExtensionFunctions: false,
    instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) {
      WebAssembly.instantiate(module, imports).then(done, (error: unknown) => send({ fatal: messageOf(error) }));
      return {};
    },
  } as Parameters<typeof initSqlJs>[0]);
  return { SQL, openImage, openQueryImage };
})();

type Loaded = Awaited<typeof loaded>;

/** Runs the job's statements in order, sending each one's result as soon as it is done. */
function run({ SQL, openImage, openQueryImage }: Loaded, job: QueryJob): void {
  const { image, close } = openQueryImage(job);
  let opened: ReturnType<Loaded['openImage']> | undefined;
  try {
    opened = openImage(SQL, image, { cacheKiB: job.cacheKiB });
    const db = opened.db;
    for (let index = 0; index < job.statements.length; index++) {
      const statement = job.statements[index]!;
      let stmt: Statement | undefined;
      try {
        stmt = db.prepare(statement.sql);
        const columns = stmt.getColumnNames();
        const rows: Row[] = [];
        let count = 0;
        let overflow = false;
        while (stmt.step()) {
          count++;
          if (statement.all) {
            if (rows.length >= job.maxRows) {
              overflow = true;
              break;
            }
            rows.push(stmt.get());
          } else if (rows.length < statement.keep) rows.push(stmt.get());
        }
        send(overflow ? { index, unavailable: true } : { index, columns, rows, count });
      } catch (error) {
        // After a crash the module's state is unknown: the main thread runs the rest itself.
        if (crashed(error)) {
          send({ fatal: messageOf(error) });
          return;
        }
        send({ index, error: messageOf(error) });
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
