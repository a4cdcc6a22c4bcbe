/**
 * Files made to hurt a salvage tool: a schema whose SQL would run code or smuggle a second
 * statement, b-trees and overflow chains that loop, absurd sizes, random damage. Salvage must
 * finish in bounded steps, run nothing from the file, and never throw.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { salvage } from '../../../../src/diagnostics/db/salvage/salvage.ts';
import { memorySource } from '../../../../src/diagnostics/db/source.ts';
import { walChecksum } from '../../../../src/diagnostics/db/wal.ts';
import { random } from '../../../../scripts/lib/random.ts';
import { makeSalvageFixtures, makeSmall } from '../../../fixtures/db/make-salvage.ts';
import { loadSql } from '../helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'errdex-hostile-'));

async function run(bytes: Uint8Array) {
  return salvage({ db: { name: 'x.db', source: memorySource(bytes) } }, await loadSql());
}

function opened(bytes: Uint8Array): DatabaseSync {
  const path = join(dir, `out-${Math.random().toString(36).slice(2)}.db`);
  writeFileSync(path, bytes);
  return new DatabaseSync(path, { readOnly: true });
}

describe('a schema that tries to run its own SQL', () => {
  it('writes its own statements; nothing smuggled in the file runs', async () => {
    const path = join(dir, 'evil.db');
    const db = new DatabaseSync(path, { defensive: false } as ConstructorParameters<typeof DatabaseSync>[1]);
    db.exec(`
      CREATE TABLE victim (a, b); INSERT INTO victim VALUES (1, 'keep'), (2, 'keep');
      CREATE TABLE evil (a, b); INSERT INTO evil VALUES (1, 'x');
      CREATE VIEW v AS SELECT 1;
      CREATE TRIGGER t AFTER INSERT ON victim BEGIN DELETE FROM victim; END;
      CREATE INDEX ix ON evil (abs(a));
      PRAGMA writable_schema = ON;
      UPDATE sqlite_schema SET sql = 'CREATE TABLE evil (a, b); DROP TABLE victim' WHERE name = 'evil';
      UPDATE sqlite_schema SET sql = 'CREATE VIEW v AS SELECT 1; DELETE FROM victim' WHERE name = 'v';
    `);
    db.close();
    const { report, bytes } = await run(new Uint8Array(readFileSync(path)));
    const out = opened(bytes!);
    const victim = out.prepare('SELECT count(*) AS n FROM victim').get() as { n: number };
    const evil = out.prepare('SELECT a, b FROM evil').all();
    const objects = (out.prepare('SELECT type, name FROM sqlite_schema ORDER BY name').all() as { type: string; name: string }[]).map((r) => `${r.type} ${r.name}`);
    out.close();
    // The trigger exists again, but was created after the rows went in, so it never fired.
    expect(victim.n).toBe(2);
    expect(evil).toEqual([{ a: 1, b: 'x' }]);
    expect(objects).toEqual(['table evil', 'trigger t', 'table victim']);
    expect(report.skipped.map((s) => `${s.name}: ${s.reason}`)).toEqual(expect.arrayContaining(['v: more than one statement', 'ix: an index on an expression']));
    expect(report.tables.find((t) => t.name === 'evil')).toMatchObject({ columnsFrom: 'repaired', rows: 1 });
  });
});

/** A small database's bytes, and the page size. */
function small(): { bytes: Uint8Array; ps: number } {
  const path = join(dir, `small-${Math.random().toString(36).slice(2)}.db`);
  makeSmall(path);
  const bytes = new Uint8Array(readFileSync(path));
  return { bytes, ps: (bytes[16]! << 8) | bytes[17]! };
}

const put32 = (b: Uint8Array, at: number, v: number) => b.set([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255], at);

describe('loops and absurd sizes', () => {
  it('an interior page whose children point back at it, and at page 1', async () => {
    const { bytes, ps } = small();
    // Page 2 is the notes table's root (an interior page: 400 rows do not fit one page).
    const base = ps;
    expect([0x05, 0x0d]).toContain(bytes[base]);
    if (bytes[base] === 0x05) {
      put32(bytes, base + 8, 2);
      const first = (bytes[base + 12]! << 8) | bytes[base + 13]!;
      put32(bytes, base + first, 1);
    }
    const { report } = await run(bytes);
    expect(report.problems.some((p) => /already used elsewhere/.test(p.reason))).toBe(true);
  });

  it('a payload size of 2^56 and a cell count of 65535', async () => {
    const { bytes, ps } = small();
    const leaf = 3 * ps;
    bytes[leaf + 3] = 0xff;
    bytes[leaf + 4] = 0xff;
    const cell = (bytes[leaf + 8]! << 8) | bytes[leaf + 9]!;
    bytes.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], leaf + cell);
    const { report } = await run(bytes);
    expect(report.output?.quickCheck).toEqual(['ok']);
  });

  it('an overflow chain that loops through many pages ends at its own length', async () => {
    const path = join(dir, 'chain.db');
    const db = new DatabaseSync(path);
    db.exec("PRAGMA page_size = 512; CREATE TABLE b (x); INSERT INTO b VALUES (zeroblob(200000));");
    db.close();
    const bytes = new Uint8Array(readFileSync(path));
    // Point the last overflow page back at the first one.
    const ps = 512;
    const pages = bytes.length / ps;
    put32(bytes, (pages - 1) * ps, 3);
    const { report } = await run(bytes);
    expect(report.rows.recovered).toBe(0);
    expect(report.problems.some((p) => /overflow chain (loops|goes on)/.test(p.reason))).toBe(true);
  });
});

describe('a WAL that claims a huge database', () => {
  it('a commit frame saying 4 billion pages: salvage walks only the pages that exist', async () => {
    const f = makeSalvageFixtures().find((x) => x.name === 'wal-uncommitted')!;
    const wal = new Uint8Array(readFileSync(f.wal!));
    const dv = new DataView(wal.buffer);
    const ps = dv.getUint32(8);
    const big = (dv.getUint32(0) & 1) === 1;
    // Every commit frame now claims 0xfffffff0 pages; the checksums are made right again.
    let sum: [number, number] = [dv.getUint32(24), dv.getUint32(28)];
    for (let at = 32; at + 24 + ps <= wal.length; at += 24 + ps) {
      if (dv.getUint32(at + 8) !== dv.getUint32(16)) break;
      if (dv.getUint32(at + 4) !== 0) dv.setUint32(at + 4, 0xfffffff0);
      sum = walChecksum(wal.subarray(at, at + 8), big, sum);
      sum = walChecksum(wal.subarray(at + 24, at + 24 + ps), big, sum);
      dv.setUint32(at + 16, sum[0]);
      dv.setUint32(at + 20, sum[1]);
    }
    const { report } = salvage({ db: { name: 'w.db', source: memorySource(new Uint8Array(readFileSync(f.db))) }, wal: { name: 'w.db-wal', source: memorySource(wal) } }, await loadSql());
    expect(report.wal).toMatchObject({ applied: true });
    expect(report.pages.total).toBeLessThan(2000);
    expect(report.rows.recovered).toBeGreaterThanOrEqual(700);
  });
});

describe('random damage', () => {
  it('200 damaged copies: every run finishes, writes a healthy file, and never throws', async () => {
    const { bytes } = small();
    const rand = random(99);
    for (let k = 0; k < 200; k++) {
      const b = bytes.slice();
      const flips = 1 + Math.floor(rand() * 40);
      for (let i = 0; i < flips; i++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      if (k % 10 === 0) b.fill(0, 0, 100);
      const cut = k % 7 === 0 ? b.subarray(0, Math.floor(rand() * b.length)) : b;
      const { report, bytes: out } = await run(cut);
      if (out) expect(report.output?.quickCheck, `copy ${k}`).toEqual(['ok']);
    }
  });

  it('nothing to read: empty, text, random bytes', async () => {
    for (const b of [new Uint8Array(0), new TextEncoder().encode('not a database\n'.repeat(100)), Uint8Array.from({ length: 50_000 }, (_, i) => (i * 2654435761) >>> 24)]) {
      const { report, bytes } = await run(b);
      expect(report.unreadable).toBe(true);
      expect(bytes).toBeUndefined();
    }
  });
});
