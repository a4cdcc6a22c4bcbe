/**
 * Databases of other shapes than the fixtures': UTF-16 text, auto-vacuum (pointer-map pages),
 * WITHOUT ROWID keys long enough to spill into overflow pages from interior cells, reserved
 * bytes at the end of each page, a column added later (short records). Each copied whole.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { salvage } from '../../../../src/diagnostics/db/salvage/salvage.ts';
import { reasonText } from '../../../../src/diagnostics/db/salvage/text.ts';
import { memorySource } from '../../../../src/diagnostics/db/source.ts';
import { makeSalvageFixtures } from '../../../fixtures/db/make-salvage.ts';
import { compareWith, originalCounts, originalTables } from '../../../fixtures/db/salvage-compare.ts';
import { loadSql } from '../helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'errdex-shapes-'));

async function roundTrip(name: string, setup: string, damage?: (b: Uint8Array) => void) {
  const path = join(dir, `${name}.db`);
  const db = new DatabaseSync(path);
  db.exec(setup);
  db.close();
  const bytes = new Uint8Array(readFileSync(path));
  damage?.(bytes);
  const { report, bytes: out } = salvage({ db: { name, source: memorySource(bytes) } }, await loadSql());
  const outPath = join(dir, `${name}.out.db`);
  writeFileSync(outPath, out!);
  return { report, cmp: compareWith(originalTables(path), outPath), want: originalCounts(originalTables(path)) };
}

const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(',');

describe('other shapes of database', () => {
  it('UTF-16 text', async () => {
    const { report, cmp, want } = await roundTrip('utf16', `PRAGMA encoding = 'UTF-16le'; CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT); INSERT INTO t (s) VALUES ${rows(500, (i) => `('文字 ${i} émoji 🎉')`)};`);
    expect(report.layout).toMatchObject({ encoding: 'UTF-16le' });
    expect(cmp.tables.t).toMatchObject({ rows: want.t, valid: want.t });
    expect(report.complete).toBe(true);
  });

  it('UTF-16 with the header zeroed: the encoding is found from the schema text', async () => {
    const { report, cmp, want } = await roundTrip('utf16-header', `PRAGMA encoding = 'UTF-16be'; CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT); INSERT INTO t (s) VALUES ${rows(300, (i) => `('row ${i}')`)};`, (b) => b.fill(0, 0, 100));
    expect(report.layout).toMatchObject({ encoding: 'UTF-16be', encodingFrom: 'detected' });
    expect(cmp.tables.t!.valid).toBe(want.t);
  });

  it('auto-vacuum: pointer-map pages are neither rows nor lost', async () => {
    const { report, cmp, want } = await roundTrip('autovacuum', `PRAGMA page_size = 1024; PRAGMA auto_vacuum = FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT); INSERT INTO t (s) VALUES ${rows(3000, (i) => `('value ${i}')`)}; DELETE FROM t WHERE id % 3 = 0;`);
    expect(cmp.tables.t!.valid).toBe(want.t);
    expect(report.complete).toBe(true);
    expect(report.pages.lost).toBe(0);
  });

  it('WITHOUT ROWID rows long enough to spill from interior cells, and reserved bytes', async () => {
    const setup = `PRAGMA page_size = 1024; CREATE TABLE k (key TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID; INSERT INTO k VALUES ${rows(400, (i) => `('${'k'.repeat(300)}${String(i).padStart(4, '0')}', randomblob(${i % 7 === 0 ? 3000 : 20}))`)};`;
    const { report, cmp, want } = await roundTrip('wr-overflow', setup);
    expect(cmp.tables.k).toMatchObject({ rows: want.k, valid: want.k });
    expect(report.pages.overflow).toBeGreaterThan(0);
    expect(report.complete).toBe(true);
  });

  it('a column added after rows were written: short records take the default', async () => {
    const { cmp, want } = await roundTrip('added', `CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES ${rows(50, (i) => `(${i}, 'b')`)}; ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'later'; INSERT INTO t VALUES (99, 'x', 'now');`);
    expect(cmp.tables.t).toMatchObject({ rows: want.t, valid: want.t });
  });
});

describe('wording', () => {
  it('every reason salvage gives on the fixtures reads in Chinese too', async () => {
    const sql = await loadSql();
    const reasons = new Set<string>();
    for (const f of makeSalvageFixtures()) {
      const open = (p: string) => memorySource(new Uint8Array(readFileSync(p)));
      const { report } = salvage({ db: { name: f.name, source: open(f.db) }, wal: f.wal ? { name: f.wal, source: open(f.wal) } : undefined }, sql);
      for (const p of report.problems) reasons.add(p.reason);
      for (const s of report.skipped) reasons.add(s.reason);
    }
    expect(reasons.size).toBeGreaterThan(10);
    const untranslated = [...reasons].filter((r) => reasonText(r, 'zh-TW') === r);
    expect(untranslated).toEqual([]);
  }, 120_000);
});
