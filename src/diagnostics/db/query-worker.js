// The worker thread of `parallel.ts`: a second sql.js connection to the image the main thread
// checks, running the statements the checks after integrity_check will ask for, in their
// order, and sending each one's rows (or SQLite's error) back as soon as it is done.
//
// Plain JavaScript on purpose: a worker that loads TypeScript also loads Node's type stripper,
// which costs it about 15 MB and 80 ms. It reads the image as query-image.js describes, and
// opens it with the connection settings of `openImage` (passed in as `pragmas`, so they cannot
// drift).
import { workerData } from 'node:worker_threads';
import initSqlJs from 'sql.js';
import { openImageView } from './query-image.js';

/**
 * @typedef {{ sql: string, keep: number, all: boolean }} Statement
 * @typedef {import('./query-image.js').ImageJob & {
 *   statements: Statement[],
 *   pragmas: { flags: string, settings: string[] },
 *   maxRows: number,
 * }} Job
 */

/** @type {{ module: WebAssembly.Module, port: import('node:worker_threads').MessagePort, signal: Int32Array }} */
const { module, port, signal } = workerData;

// signal[0] counts messages sent, signal[1] becomes 1 when this thread ends.
process.on('exit', () => {
  Atomics.store(signal, 1, 1);
  Atomics.notify(signal, 0);
});

/** @param {object} message */
function send(message) {
  port.postMessage(message);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

/** @param {unknown} error */
const messageOf = (error) => (error instanceof Error ? error.message : String(error));
/** @param {unknown} error */
const crashed = (error) => error instanceof WebAssembly.RuntimeError || /^Aborted\(/.test(messageOf(error));

/**
 * Runs the job's statements in order, sending each one's result as soon as it is done.
 * @param {import('sql.js').SqlJsStatic} SQL
 * @param {Job} job
 */
function run(SQL, job) {
  const image = openImageView(job);
  const db = new SQL.Database(/** @type {any} */ (image.view));
  try {
    db.exec(job.pragmas.flags);
    for (const pragma of job.pragmas.settings) {
      try {
        db.exec(`PRAGMA ${pragma};`);
      } catch {
        break;
      }
    }
    for (let index = 0; index < job.statements.length; index++) {
      const statement = job.statements[index];
      let stmt;
      try {
        stmt = db.prepare(statement.sql);
        const columns = stmt.getColumnNames();
        const rows = [];
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
    try {
      db.close();
    } catch {
      // closing a connection to a damaged file can report the damage again
    }
    image.close();
  }
}

const ready = initSqlJs({
  useOldExtensionFunctions: false,
  /** @param {WebAssembly.Imports} imports @param {(instance: WebAssembly.Instance) => void} done */
  instantiateWasm(imports, done) {
    WebAssembly.instantiate(module, imports).then(done, (error) => send({ fatal: messageOf(error) }));
    return {};
  },
});

// A failure to start is reported when the job comes (below), not as an unhandled rejection.
ready.catch(() => {});

port.once('message', (/** @type {Job} */ job) => {
  ready
    .then((SQL) => run(SQL, job))
    .catch((error) => send({ fatal: messageOf(error) }));
});
