/**
 * sql.js in Node, with its compiled WebAssembly module at hand: a worker thread given the module
 * starts its own sql.js without compiling it again (see `parallel.ts`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

export interface NodeSqlJs {
  sql: SqlJsStatic;
  module: WebAssembly.Module;
}

const require = createRequire(import.meta.url);

/** The sql.js build Node resolves, and its WebAssembly file. */
export const SQL_WASM_PATH = require.resolve('sql.js/dist/sql-wasm.wasm');

export async function loadSqlJs(): Promise<NodeSqlJs> {
  const module = await WebAssembly.compile(readFileSync(SQL_WASM_PATH));
  const sql = await initSqlJs({
    useOldExtensionFunctions: false,
    instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) {
      void WebAssembly.instantiate(module, imports).then(done);
      return {};
    },
  } as Parameters<typeof initSqlJs>[0]);
  return { sql, module };
}
