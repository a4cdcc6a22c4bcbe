/**
 * The check on two threads (node/parallel.ts, node/query-worker.ts) gives the report of the
 * check on one, on every fixture; the thread answers every planned statement (the contract of
 * offload.ts); it reads the same image as the main thread; whatever it cannot give is run by the
 * main thread; and past the budget it is stopped.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkDatabase, type CheckOptions } from '../../../src/diagnostics/db/check.ts';
import { readHeader } from '../../../src/diagnostics/db/header.ts';
import { buildImage, walLayer } from '../../../src/diagnostics/db/image.ts';
import { conditionHolds, type Offloader, type OffloadedResult } from '../../../src/diagnostics/db/offload.ts';
import { startQueryWorker, type QueryWorkerOptions } from '../../../src/diagnostics/db/node/parallel.ts';
import { openQueryImage } from '../../../src/diagnostics/db/node/query-image.ts';
import type { DbReport } from '../../../src/diagnostics/db/report.ts';
import { fileSource, type FileSource } from '../../../src/diagnostics/db/node/source-fs.ts';
import { loadSqlJs } from '../../../src/diagnostics/db/node/sqljs-node.ts';
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
  /** The planned statements, and for each the answer the check took (or `none`: it was never asked). */
  answers: (OffloadedResult | 'timeout' | 'none' | undefined)[];
}

async function run(path: string, wal: string | undefined, how: { parallel?: QueryWorkerOptions & { dbPath?: string }; memory?: boolean }, options: CheckOptions = {}): Promise<Run> {
  const { sql, module } = await nodeSql;
  const open = (p: string) => fileSource(p, how.memory ? { mode: 'memory' } : { mode: 'lazy', cacheBytes: 64 * 1024 });
  const db: FileSource = open(path);
  const w = wal ? open(wal) : undefined;
  const worker = how.parallel ? startQueryWorker(module, { minBytes: 0, ...how.parallel }) : undefined;
  let offloaded = false;
  const answers: Run['answers'] = [];
  try {
    const offload = worker?.offloader({ dbPath: how.parallel?.dbPath ?? path, walPath: wal, shared: db.image });
    // Records every answer the check takes from the thread, in the order it asks.
    const recording: Offloader | undefined = offload && ((job) => {
      const session = offload(job);
      offloaded ||= session !== undefined;
      if (!session) return undefined;
      answers.push(...job.statements.map(() => 'none' as const));
      return {
        result(index, waitMs) {
          const got = session.result(index, waitMs);
          expect(answers.slice(index).every((a) => a === 'none'), `statement ${index} asked after a later one`).toBe(true);
          answers[index] = got;
          return got;
        },
        close: session.close,
      };
    });
    const outcome = checkDatabase(
      { db: { name: path, source: db }, wal: w && wal ? { name: wal, source: w } : undefined },
      { sql, registry: registry(), offload: recording },
      options,
    );
    if (!outcome.report) throw new Error(outcome.problems.join('; '));
    return { report: { ...outcome.report, durationMs: 0 }, offloaded, answers };
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
    // Every file whose schema SQLite can read has its checks answered by the thread, each one.
    if (one.report.schema && one.report.file.kind === 'sqlite') {
      expect(two.offloaded).toBe(true);
      expect(two.answers.length).toBeGreaterThan(0);
      expect(two.answers.filter((a) => a === undefined || a === 'none' || a === 'timeout'), 'every planned statement is answered by the thread').toEqual([]);
    }
  });

  it('with quick_check, or both checks', async () => {
    for (const depth of ['quick', 'both'] as const) {
      for (const path of [f.qwen.orphans, f.damaged['index-mismatch.db']!, f.roas.faults, f.appFunction, f.appCollation]) {
        const two = await run(path, undefined, { parallel: {} }, { depth });
        expect(two.report).toEqual((await run(path, undefined, {}, { depth })).report);
        expect(two.answers.filter((a) => a === undefined || a === 'none')).toEqual([]);
      }
    }
  });

  it('when the worker cannot open the file, the main thread runs everything', async () => {
    const one = await run(f.roas.faults, undefined, {});
    const two = await run(f.roas.faults, undefined, { parallel: { dbPath: '/nonexistent/errdex.db' } });
    expect(two.offloaded).toBe(true);
    expect(two.answers[0]).toBeUndefined();
    expect(two.report).toEqual(one.report);
  });

  it('below its smallest size, no thread is asked unless the checks need a watchdog', async () => {
    const { module } = await nodeSql;
    const worker = startQueryWorker(module, { minBytes: 1 << 30 });
    const job = { image: { size: 1000, fileSize: 1000, pageSize: 4096 }, statements: [{ sql: 'SELECT 1', keep: 1, when: 'always' as const }], cacheKiB: 2048, heapLimitBytes: 1 << 28 };
    expect(worker.offloader({ dbPath: f.qwen.healthy })({ ...job, guarded: false })).toBeUndefined();
    const guarded = worker.offloader({ dbPath: f.qwen.healthy })({ ...job, guarded: true });
    expect(guarded).toBeDefined();
    guarded!.close();
    worker.close();
  });
});

describe('the contract of planned statements', () => {
  it('a condition holds as the thread and the main thread both judge it', () => {
    const rows = { columns: [], rows: [], count: 0 };
    expect(conditionHolds('always', undefined)).toBe(true);
    expect(conditionHolds('after-success', rows)).toBe(true);
    expect(conditionHolds('after-success', { error: 'x', kind: 'corrupt' })).toBe(false);
    expect(conditionHolds('after-extension-error', { error: 'no such collation sequence: X', kind: 'extension' })).toBe(true);
    expect(conditionHolds('after-extension-error', rows)).toBe(false);
    expect(conditionHolds('after-success', { skipped: true })).toBe(false);
  });

  it('a planned statement the thread does not answer fails the check of the contract', async () => {
    // A thread that answers only the first statement: the recorder above sees the gap.
    const { module } = await nodeSql;
    const worker = startQueryWorker(module, { minBytes: 0 });
    const real = worker.offloader({ dbPath: f.appFunction });
    const answers: unknown[] = [];
    const partial: Offloader = (job) => {
      const session = real(job)!;
      return { result: (i, w) => { const got = i === 0 ? session.result(i, w) : undefined; answers.push(got); return got; }, close: session.close };
    };
    const { sql } = await nodeSql;
    const db = fileSource(f.appFunction);
    try {
      checkDatabase({ db: { name: f.appFunction, source: db } }, { sql, registry: registry(), offload: partial });
    } finally {
      db.close();
      worker.close();
    }
    // integrity_check failed for want of the function, so quick_check was asked for next.
    expect(answers).toHaveLength(2);
    expect(answers.filter((a) => a === undefined)).toHaveLength(1);
  });
});

describe('the worker thread itself', () => {
  it('answers the statements it is given, in order, with their conditions', async () => {
    const { module } = await nodeSql;
    const worker = startQueryWorker(module, { minBytes: 0 });
    try {
      const db = fileSource(f.qwen.healthy, { mode: 'lazy' });
      const size = db.size;
      db.close();
      const session = worker.offloader({ dbPath: f.qwen.healthy })({
        image: { size, fileSize: size, pageSize: 4096 },
        statements: [
          { sql: "SELECT count(*) FROM sqlite_schema WHERE type = 'table'", keep: 1, when: 'always' },
          { sql: 'SELECT no_such_column FROM messages', keep: 1, when: 'after-success' },
          { sql: 'SELECT 1', keep: 1, when: 'after-success' },
          { sql: 'SELECT 2', keep: 1, when: 'always' },
        ],
        cacheKiB: 2048,
        heapLimitBytes: 1 << 28,
        guarded: false,
      })!;
      const tables = session.result(0);
      expect(tables && typeof tables === 'object' && 'rows' in tables ? Number(tables.rows[0]![0]) : NaN).toBeGreaterThan(0);
      expect(session.result(1)).toEqual({ error: expect.stringMatching(/no such column/), kind: 'other' });
      expect(session.result(2)).toEqual({ skipped: true });
      expect(session.result(3)).toMatchObject({ rows: [[2]] });
      session.close();
    } finally {
      worker.close();
    }
  });

  it('past its wait the thread is stopped and the answer is `timeout`', async () => {
    const { module } = await nodeSql;
    const worker = startQueryWorker(module, { minBytes: 0 });
    const size = statSync(f.qwen.healthy).size;
    try {
      const session = worker.offloader({ dbPath: f.qwen.healthy })({
        image: { size, fileSize: size, pageSize: 4096 },
        // Never ends: an unbounded recursive query.
        statements: [{ sql: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c', keep: 1, when: 'always' }],
        cacheKiB: 2048,
        heapLimitBytes: 1 << 28,
        guarded: true,
      })!;
      expect(session.result(0, 200)).toBe('timeout');
      // The session is closed: nothing more is waited for.
      expect(session.result(0, 10_000)).toBeUndefined();
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
      const session = worker.offloader({ dbPath: f.qwen.healthy })({ image: { size: 4096, fileSize: 4096, pageSize: 4096 }, statements: [{ sql: 'SELECT 1', keep: 1, when: 'always' }], cacheKiB: 2048, heapLimitBytes: 1 << 28, guarded: false })!;
      // Without a limit on the wait: the answer comes because the thread said it ended.
      expect(session.result(0)).toBeUndefined();
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
