/**
 * One thread or several, one piece or many: the analysis of a file is the same, field for field
 * (the summary, its problems and the records kept), on every fixture.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogFile } from '../../../../src/diagnostics/logs/analyze-fs.ts';
import { DEFAULT_KEEP } from '../../../../src/diagnostics/logs/analyze.ts';
import { workerPool } from '../../../../src/diagnostics/logs/node/pool.ts';
import type { PieceRunner } from '../../../../src/diagnostics/logs/engine/run.ts';
import { ensureLogFixtures } from '../../../fixtures/logs/make-fixtures.ts';
import { testCompiled } from '../helpers.ts';

let dir = '';
let pool: PieceRunner;
beforeAll(() => {
  dir = ensureLogFixtures();
  pool = workerPool(testCompiled().registry, 2);
});
afterAll(() => pool.close());

type Result = Awaited<ReturnType<typeof analyzeLogFile>>;
function comparable(r: Result) {
  const { elapsedMs: _e, ...summary } = r.summary;
  return { summary, problems: r.problems, records: r.records };
}

describe('pieces and threads', () => {
  const files = () => readdirSync(ensureLogFixtures()).filter((f) => !f.endsWith('.json') || f === 'django.json');

  it('reads every fixture the same in one piece on one thread and in small pieces on two worker threads', async () => {
    const names = files();
    expect(names.length).toBeGreaterThan(25);
    for (const name of names) {
      const path = join(dir, name);
      const keep = { ...DEFAULT_KEEP, all: 50, bytes: 8 * 1024, severe: 40, severeBytes: 16 * 1024 };
      const one = await analyzeLogFile(path, { compiled: testCompiled(), workers: 1, keep });
      // Pieces of 2 KiB (256 KiB for the one file of 120 MB): many cuts in every file.
      const pieceBytes = statSync(path).size > 16 * 1024 * 1024 ? 256 * 1024 : 2048;
      const many = await analyzeLogFile(path, { compiled: testCompiled(), runner: pool, keep, pieceBytes });
      expect(comparable(many), name).toEqual(comparable(one));
    }
  }, 300_000);
});
