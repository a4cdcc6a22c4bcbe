/**
 * The check on two threads (parallel.ts, query-worker.js) gives the report of the check on one,
 * on every fixture; the worker reads the same image as the main thread; and whatever the worker
 * cannot give is run by the main thread.
 */
import { describe, expect, it } from 'vitest';
import { checkDatabase, type CheckOptions } from '../../../src/diagnostics/db/check.ts';
import { readHeader } from '../../../src/diagnostics/db/header.ts';
import { buildImage } from '../../../src/diagnostics/db/image.ts';
import { offloadRunner, planStatements, type OffloadSession } from '../../../src/diagnostics/db/offload.ts';
import { startQueryWorker, type QueryWorkerOptions } from '../../../src/diagnostics/db/parallel.ts';
import { openImageView } from '../../../src/diagnostics/db/query-image.js';
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

describe('the worker reads the image of the main thread', () => {
  const imageCases = cases.filter(([name]) => name.startsWith('wal') || name === 'qwen healthy' || name.includes('truncated'));

  it.each(imageCases)('%s', (_name, path, wal) => {
    const db = fileSource(path, { mode: 'lazy', cacheBytes: 64 * 1024 });
    const w = wal ? fileSource(wal) : undefined;
    const header = readHeader(db.read(0, 4096).slice(), db.size).header;
    const reading = w ? readWal(w, header?.pageSize) : undefined;
    const walApplied = !!reading && reading.usable && reading.commits > 0 && db.size > 0 && !!header;
    const image = buildImage(db, { wal: walApplied && w ? { source: w, reading: reading! } : undefined, pageSize: header?.pageSize });
    for (const shared of [false, true]) {
      const memory = shared ? fileSource(path, { mode: 'memory' }) : undefined;
      const view = openImageView({
        dbPath: path,
        walPath: wal,
        image: { size: image.size, fileSize: db.size, pageSize: header?.pageSize ?? 0, walPages: walApplied ? reading!.pages : undefined },
        chunkSize: 4096,
        cacheBytes: 16 * 1024,
        readAheadBytes: 16 * 1024,
        shared: memory?.image,
      });
      try {
        expect(view.view.length).toBe(image.size);
        const expected = image.read(0, image.size).slice();
        expect(Buffer.from(view.view.subarray(0, image.size)).equals(Buffer.from(expected))).toBe(true);
        const ps = header?.pageSize ?? 4096;
        const pages = Math.ceil(image.size / ps);
        for (let i = 0; i < 200 && pages > 0; i++) {
          const p = (i * 7919) % pages;
          const from = p * ps + (i % 3) * 7;
          const to = Math.min(image.size, from + ps * ((i % 2) + 1));
          expect(Buffer.from(view.view.subarray(from, to)).equals(Buffer.from(expected.subarray(from, to)))).toBe(true);
        }
        // As with the main thread's view, the whole image "sliced" is the view itself (sql.js keeps it).
        expect(view.view.slice(0, image.size)).toBe(view.view);
        if (image.size > 10) expect(Buffer.from(view.view.slice(3, 10) as Uint8Array).equals(Buffer.from(expected.subarray(3, 10)))).toBe(true);
      } finally {
        view.close();
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
