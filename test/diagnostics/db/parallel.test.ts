/**
 * The check on two threads (parallel.ts, query-worker.ts) gives the report of the check on one,
 * on every fixture; the worker reads the same image as the main thread; and whatever the worker
 * cannot give is run by the main thread.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkDatabase, type CheckOptions } from '../../../src/diagnostics/db/check.ts';
import { readHeader } from '../../../src/diagnostics/db/header.ts';
import { buildImage, walLayer } from '../../../src/diagnostics/db/image.ts';
import { offloadRunner, planStatements, type OffloadSession } from '../../../src/diagnostics/db/offload.ts';
import { startQueryWorker, type QueryWorkerOptions } from '../../../src/diagnostics/db/parallel.ts';
import { openQueryImage } from '../../../src/diagnostics/db/query-image.ts';
import type { DbReport } from '../../../src/diagnostics/db/report.ts';
import { fileSource, type FileSource } from '../../../src/diagnostics/db/source-fs.ts';
import { loadSqlJs } from '../../../src/diagnostics/db/sqljs-node.ts';
import { readWal } from '../../../src/diagnostics/db/wal.ts';
import { fixturesOnce, registry } from './helpers.ts';

const f = fixturesOnce();
const nodeSql = loadSqlJs();

const cases: [string, string, string?][] = [
  ...Object.entries(f.roas).map(([k, p]) => [`roas ${k}`, p] as [string, string]),
  ...Object.entries(f.qwen).map(([k, p]) => [`qwen ${k}`, p] as [string, string]),
  ['malicious', f.malicious],
  ['foreign key', f.foreignKey],
  ['freelist', f.freelist],
  ...Object.entries(f.damaged).map(([k, p]) => [`damaged ${k}`, p] as [string, string]),
  ['wal pending', f.wal.pending.db, f.wal.pending.wal],
  ['wal uncommitted', f.wal.uncommitted.db, f.wal.uncommitted.wal],
  ['wal torn', f.wal.torn.db, f.wal.torn.wal],
  ['wal foreign', f.wal.foreign.db, f.wal.foreign.wal],
  ['wal missing', f.wal.withoutWal],
];

interface Run {
  report: DbReport;
  /** Whether a worker session was started. */
  offloaded: boolean;
}

async function run(path: string, wal: string | undefined, how: { parallel?: QueryWorkerOptions & { dbPath?: string }; memory?: boolean }, options: CheckOptions = {}): Promise<Run> {
  const { sql, module } = await nodeSql;
  const open = (p: string) => fileSource(p, how.memory ? { mode: 'memory' } : { mode: 'lazy', cacheBytes: 64 * 1024 });
  const db: FileSource = open(path);
  const w = wal ? open(wal) : undefined;
  const worker = how.parallel ? startQueryWorker(module, { minBytes: 0, ...how.parallel }) : undefined;
  let offloaded = false;
  try {
    const offload = worker?.offloader({ dbPath: how.parallel?.dbPath ?? path, walPath: wal, shared: db.image });
    const outcome = checkDatabase(
      { db: { name: path, source: db }, wal: w && wal ? { name: wal, source: w } : undefined },
      {
        sql,
        registry: registry(),
        offload: offload && ((job) => {
          const session = offload(job);
          offloaded ||= session !== undefined;
          return session;
        }),
      },
      options,
    );
    if (!outcome.report) throw new Error(outcome.problems.join('; '));
    return { report: { ...outcome.report, durationMs: 0 }, offloaded };
  } finally {
    worker?.close();
    db.close();
    w?.close();
  }
}

describe('two threads give the report of one', () => {
  it.each(cases)('%s', async (_name, path, wal) => {
    const one = await run(path, wal, {});
    const two = await run(path, wal, { parallel: {} });
    expect(two.report).toEqual(one.report);
    const shared = await run(path, wal, { parallel: {}, memory: true });
    expect(shared.report).toEqual(one.report);
    // Every file whose schema can be read has statements to run after integrity_check.
    if (one.report.schema) expect(two.offloaded).toBe(true);
  });

  it('with quick_check, or both checks', async () => {
    for (const depth of ['quick', 'both'] as const) {
      for (const path of [f.qwen.orphans, f.damaged['index-mismatch.db']!, f.roas.faults]) {
        expect((await run(path, undefined, { parallel: {} }, { depth })).report).toEqual((await run(path, undefined, {}, { depth })).report);
      }
    }
  });

  it('when the worker cannot open the file, the main thread runs everything', async () => {
    const one = await run(f.roas.faults, undefined, {});
    const two = await run(f.roas.faults, undefined, { parallel: { dbPath: '/nonexistent/errdex.db' } });
    expect(two.offloaded).toBe(true);
    expect(two.report).toEqual(one.report);
  });

  it('a statement with more rows than the worker sends runs on the main thread', async () => {
    const one = await run(f.foreignKey, undefined, {});
    expect(one.report.checks.foreignKeyCheck).toBe('failed');
    const two = await run(f.foreignKey, undefined, { parallel: { maxRows: 0 } });
    expect(two.report).toEqual(one.report);
  });

  it('below its smallest size, no worker is asked', async () => {
    const { module } = await nodeSql;
    const worker = startQueryWorker(module, { minBytes: 1 << 30 });
    const session = worker.offloader({ dbPath: f.qwen.healthy })({ image: { size: 1000, fileSize: 1000, pageSize: 4096 }, statements: [{ sql: 'SELECT 1', keep: 1, all: false }], cacheKiB: 2048 });
    expect(session).toBeUndefined();
    worker.close();
  });
});

describe('the worker thread itself', () => {
  it('answers the statements it is given, from its own connection to the file', async () => {
    const { module } = await nodeSql;
    const worker = startQueryWorker(module, { minBytes: 0 });
    try {
      const db = fileSource(f.qwen.healthy, { mode: 'lazy' });
      const size = db.size;
      db.close();
      const session = worker.offloader({ dbPath: f.qwen.healthy })({
        image: { size, fileSize: size, pageSize: 4096 },
        statements: [
          { sql: "SELECT count(*) FROM sqlite_schema WHERE type = 'table'", keep: 1, all: false },
          { sql: 'SELECT no_such_column FROM messages', keep: 1, all: false },
        ],
        cacheKiB: 2048,
      })!;
      const tables = session.result(0);
      expect(tables && 'rows' in tables ? Number(tables.rows[0]![0]) : NaN).toBeGreaterThan(0);
      expect(session.result(1)).toEqual({ error: expect.stringMatching(/no such column/) });
      session.close();
    } finally {
      worker.close();
    }
  });

  it('a worker that fails to load is given up at once instead of waited for', async () => {
    const { module } = await nodeSql;
    const dir = mkdtempSync(join(tmpdir(), 'errdex-worker-'));
    const script = join(dir, 'broken-worker.mjs');
    // Signals its exit as the real worker does, then fails to load a module.
    writeFileSync(script, `import { workerData } from 'node:worker_threads';
const { signal } = workerData;
process.on('exit', () => { Atomics.store(signal, 1, 1); Atomics.notify(signal, 0); });
await import('./no-such-module.mjs');
`);
    const worker = startQueryWorker(module, { minBytes: 0, script: pathToFileURL(script) });
    try {
      const session = worker.offloader({ dbPath: f.qwen.healthy })({ image: { size: 4096, fileSize: 4096, pageSize: 4096 }, statements: [{ sql: 'SELECT 1', keep: 1, all: false }], cacheKiB: 2048 })!;
      const started = performance.now();
      expect(session.result(0)).toBeUndefined();
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      worker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the worker opens the image of the main thread', () => {
  const imageCases = cases.filter(([name]) => name.startsWith('wal') || name === 'qwen healthy' || name.includes('truncated'));

  it.each(imageCases)('%s', (_name, path, wal) => {
    const db = fileSource(path, { mode: 'lazy', cacheBytes: 64 * 1024 });
    const w = wal ? fileSource(wal) : undefined;
    const header = readHeader(db.read(0, 4096).slice(), db.size).header;
    const reading = w ? readWal(w, header?.pageSize) : undefined;
    const walApplied = !!reading && reading.usable && reading.commits > 0 && db.size > 0 && !!header;
    const image = buildImage(db, { wal: walApplied && w ? walLayer(w, reading!) : undefined, pageSize: header?.pageSize });
    for (const shared of [false, true]) {
      const memory = shared ? fileSource(path, { mode: 'memory' }) : undefined;
      const opened = openQueryImage({
        dbPath: path,
        walPath: wal,
        image: { size: image.size, fileSize: db.size, pageSize: header?.pageSize ?? 0, walPages: walApplied ? reading!.pages : undefined },
        chunkSize: 4096,
        cacheBytes: 16 * 1024,
        readAheadBytes: 16 * 1024,
        shared: memory?.image,
      });
      try {
        const seen = opened.image;
        expect(seen.size).toBe(image.size);
        const expected = image.read(0, image.size).slice();
        expect(Buffer.from(seen.read(0, image.size)).equals(Buffer.from(expected))).toBe(true);
        const ps = header?.pageSize ?? 4096;
        const pages = Math.ceil(image.size / ps);
        for (let i = 0; i < 200 && pages > 0; i++) {
          const p = (i * 7919) % pages;
          const from = p * ps + (i % 3) * 7;
          const to = Math.min(image.size, from + ps * ((i % 2) + 1));
          expect(Buffer.from(seen.read(from, to - from)).equals(Buffer.from(expected.subarray(from, to)))).toBe(true);
        }
      } finally {
        opened.close();
        memory?.close();
      }
    }
    db.close();
    w?.close();
  });
});

describe('offloadRunner', () => {
  const local = (sql: string, keep: number) => ({ columns: ['x'], rows: [[`local ${sql}`]].slice(0, keep), count: 1 });

  it('plans the statements a body runs when they return nothing', () => {
    const planned = planStatements((run) => {
      run('A', 5);
      run('B', 0, () => {});
      if (run('C', 1).count > 0) run('D', 1);
    });
    expect(planned).toEqual([{ sql: 'A', keep: 5, all: false }, { sql: 'B', keep: 0, all: true }, { sql: 'C', keep: 1, all: false }]);
  });

  it('answers planned statements from the session in order, everything else locally', () => {
    const asked: number[] = [];
    const session: OffloadSession = {
      result(index) {
        asked.push(index);
        if (index === 1) return { error: 'no such table: t' };
        if (index === 2) return undefined;
        return { columns: ['n'], rows: [[1], [2], [3]], count: 3 };
      },
      close() {},
    };
    const planned = [{ sql: 'A', keep: 2, all: false }, { sql: 'B', keep: 5, all: false }, { sql: 'C', keep: 1, all: false }, { sql: 'E', keep: 0, all: true }];
    const run = offloadRunner(session, planned, local);
    expect(run('A', 2)).toEqual({ columns: ['n'], rows: [[1], [2], [3]].slice(0, 2), count: 3 });
    expect(() => run('B', 5)).toThrow('no such table: t');
    expect(run('C', 1).rows).toEqual([['local C']]);
    expect(run('D', 1).rows).toEqual([['local D']]);
    const seen: unknown[] = [];
    expect(run('E', 0, (row) => seen.push(row[0])).rows).toEqual([]);
    expect(seen).toEqual([1, 2, 3]);
    expect(asked).toEqual([0, 1, 2, 3]);
  });
});
