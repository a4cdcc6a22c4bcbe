/**
 * The page's pool of piece readers gives the same analysis as one thread, field for field, on
 * every fixture and on several files read as one; its messages cross as structured clones with
 * transferred buffers, as between Web Workers. A reader that dies makes a problem, not a throw,
 * and the next file is read by fresh readers.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeLog, analyzeLogs, DEFAULT_KEEP } from '../../../src/diagnostics/logs/analyze.ts';
import { pieceHost } from '../../../src/components/logs/piece-host.ts';
import type { PieceReply, PieceRequest } from '../../../src/components/logs/piece-protocol.ts';
import { defaultReaders, webPool } from '../../../src/components/logs/web-pool.ts';
import { ensureLogFixtures } from '../../fixtures/logs/make-fixtures.ts';
import { writeMixedLog } from '../../fixtures/logs/make-mixed.ts';
import { testCompiled } from '../../diagnostics/logs/helpers.ts';
import { fakeWorker, type FakeWorkerOptions } from './fake-worker.ts';

type Req = Exclude<PieceRequest, { type: 'cancel' }>;
const reader = (options?: FakeWorkerOptions) => {
  const host = pieceHost();
  return fakeWorker<Req, PieceReply>((request) => host(request), options);
};

const keep = { ...DEFAULT_KEEP, all: 50, bytes: 8 * 1024, severe: 40, severeBytes: 16 * 1024 };
type Result = Awaited<ReturnType<typeof analyzeLog>>;
function comparable(r: Result) {
  const { elapsedMs: _e, ...summary } = r.summary;
  return { summary, problems: r.problems, records: r.records };
}

describe('web worker pool', () => {
  it('starts one reader per core, at least two and at most eight', () => {
    expect(defaultReaders(undefined)).toBe(2);
    expect(defaultReaders(1)).toBe(2);
    expect(defaultReaders(6)).toBe(6);
    expect(defaultReaders(64)).toBe(8);
  });

  it('reads every fixture as one thread does, in small pieces on three readers', async () => {
    const dir = ensureLogFixtures();
    const names = readdirSync(dir).filter((f) => !f.endsWith('.json') || f === 'django.json');
    expect(names.length).toBeGreaterThan(25);
    const pool = webPool(testCompiled().registry, 3, () => reader());
    try {
      for (const name of names) {
        const bytes = readFileSync(join(dir, name));
        if (bytes.length > 16 * 1024 * 1024) continue;
        const one = await analyzeLog(new Uint8Array(bytes), { compiled: testCompiled(), keep });
        const many = await analyzeLog(new Uint8Array(bytes), { compiled: testCompiled(), keep, runner: pool, pieceBytes: 2048 });
        expect(comparable(many), name).toEqual(comparable(one));
      }
    } finally {
      pool.close();
    }
  }, 300_000);

  it('reads several files as one analysis as one thread does', async () => {
    const dir = ensureLogFixtures();
    const sources = () => ['python-logging.log', 'roas-bot.log', 'mixed.log.gz'].map((name) => ({ name, source: new Uint8Array(readFileSync(join(dir, name))) }));
    const one = await analyzeLogs(sources(), { compiled: testCompiled(), keep });
    const pool = webPool(testCompiled().registry, 2, () => reader());
    try {
      const many = await analyzeLogs(sources(), { compiled: testCompiled(), keep, runner: pool, pieceBytes: 1024 });
      expect(comparable(many)).toEqual(comparable(one));
      expect(many.summary.files?.map((f) => f.name)).toHaveLength(3);
    } finally {
      pool.close();
    }
  });

  it('sends pieces only the budgets left, and still keeps exactly what one thread keeps', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'errdex-web-pool-')), 'mixed-12mb.log');
    writeMixedLog(path, 12, 9);
    const bytes = () => new Uint8Array(readFileSync(path));
    for (const limits of [
      { all: 2_000, bytes: 256 * 1024, severe: 1_500, severeBytes: 512 * 1024 },
      { all: 10, bytes: 1024 * 1024, severe: 100_000, severeBytes: 64 * 1024 * 1024 },
      { all: 5_000, bytes: 64 * 1024 * 1024, severe: 10, severeBytes: 2048 },
    ]) {
      const one = await analyzeLog(bytes(), { compiled: testCompiled(), keep: limits });
      let candidates = 0;
      const pool = webPool(testCompiled().registry, 2, () => reader());
      const counting = { ...pool, run: async (piece: Parameters<typeof pool.run>[0]) => {
        const r = await pool.run(piece);
        candidates += r.candidates.length;
        return r;
      } };
      try {
        const many = await analyzeLog(bytes(), { compiled: testCompiled(), keep: limits, runner: counting, pieceBytes: 64 * 1024 });
        expect(comparable(many), JSON.stringify(limits)).toEqual(comparable(one));
        expect(one.records.length).toBeLessThan(one.summary.records);
        // Far fewer records built and sent than the file has (each piece would offer every record
        // under the first two budgets): the budgets spent were not offered again.
        expect(candidates).toBeLessThan(one.summary.records / 2);
      } finally {
        pool.close();
      }
    }
  }, 120_000);

  it('turns a dead reader into a problem, and reads the next file with fresh readers', async () => {
    const dir = ensureLogFixtures();
    const bytes = () => new Uint8Array(readFileSync(join(dir, 'mixed.log')));
    let made = 0;
    // The first two readers die on their second message (the first piece, after the start).
    const pool = webPool(testCompiled().registry, 2, () => reader(made++ < 2 ? { dieOn: 2 } : {}));
    try {
      const broken = await analyzeLog(bytes(), { compiled: testCompiled(), keep, runner: pool, pieceBytes: 512 });
      expect(broken.problems.map((p) => p.kind)).toContain('read-error');
      const next = await analyzeLog(bytes(), { compiled: testCompiled(), keep, runner: pool, pieceBytes: 512 });
      const one = await analyzeLog(bytes(), { compiled: testCompiled(), keep });
      expect(comparable(next)).toEqual(comparable(one));
      expect(made).toBe(4);
    } finally {
      pool.close();
    }
  });
});
