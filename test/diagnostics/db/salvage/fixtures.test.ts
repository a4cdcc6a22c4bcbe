/**
 * Salvage on damaged copies of databases whose rows are known (test/fixtures/db/make-salvage.ts):
 * every row written equals a row of the original, and salvage gets at least as many rows as
 * SQLite's own .recover on the same file (figures in test/fixtures/db/recover-figures.json,
 * made by test/fixtures/db/recover-reference.ts), and more where .recover gives up.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { salvage, type SalvageOutcome } from '../../../../src/diagnostics/db/salvage/salvage.ts';
import { memorySource } from '../../../../src/diagnostics/db/source.ts';
import { fileSource } from '../../../../src/diagnostics/db/node/source-fs.ts';
import { makeSalvageFixtures, type SalvageFixture } from '../../../fixtures/db/make-salvage.ts';
import { FIGURES, recoverFigures, recoverShell, sha256, type Figures } from '../../../fixtures/db/recover-reference.ts';
import { compareWith, originalCounts, originalTables } from '../../../fixtures/db/salvage-compare.ts';
import { assertPublished } from '../../../published-json.ts';
import { loadSql } from '../helpers.ts';

const fixtures = makeSalvageFixtures();
const figures = JSON.parse(readFileSync(FIGURES, 'utf8')) as Figures;
const dir = mkdtempSync(join(tmpdir(), 'errdex-salvage-'));
const results = new Map<string, { outcome: SalvageOutcome; cmp: ReturnType<typeof compareWith>; path: string }>();

beforeAll(async () => {
  const sql = await loadSql();
  for (const f of fixtures) {
    const open = (p: string) => memorySource(new Uint8Array(readFileSync(p)));
    const outcome = salvage({ db: { name: f.name, source: open(f.db) }, wal: f.wal ? { name: f.wal, source: open(f.wal) } : undefined }, sql);
    const path = join(dir, `${f.name}.db`);
    writeFileSync(path, outcome.bytes!);
    results.set(f.name, { outcome, cmp: compareWith(originalTables(f.original), path), path });
  }
}, 300_000);

const get = (name: string) => results.get(name)!;

describe.each(fixtures.map((f) => [f.name, f] as [string, SalvageFixture]))('%s', (name, f) => {
  it('writes a healthy database whose every row is a row of the original', () => {
    const { outcome, cmp } = get(name);
    assertPublished('salvage', JSON.parse(JSON.stringify(outcome.report)));
    expect(outcome.report.output?.quickCheck).toEqual(['ok']);
    expect(cmp.unknownTables).toEqual([]);
    for (const [table, c] of Object.entries(cmp.tables)) {
      expect(c.invalid, `${table}: rows that match no original row`).toEqual([]);
      if (!f.valueFlips) expect(c.valuesFlipped, table).toBe(0);
    }
    expect(cmp.lostAndFound.invalid).toEqual([]);
  });

  it('recovers at least the rows SQLite\'s .recover recovers, table by table', () => {
    const ref = figures.fixtures[name];
    expect(ref, `no .recover figures for ${name}: run npx node test/fixtures/db/recover-reference.ts`).toBeDefined();
    expect(sha256(f.db), `${name} is not the file the figures were made from: run npx node test/fixtures/db/recover-reference.ts`).toBe(ref!.sha256);
    const { cmp } = get(name);
    for (const [table, r] of Object.entries(ref!.tables)) {
      expect(cmp.tables[table]?.valid ?? 0, `${table}: ours vs .recover`).toBeGreaterThanOrEqual(r.valid);
    }
    expect(cmp.distinct, 'distinct original rows found, anywhere').toBeGreaterThanOrEqual(ref!.distinct);
  });
});

describe('where salvage goes further than .recover', () => {
  it('keeps a table whose CREATE statement is damaged, with the columns that survive', () => {
    const { outcome, cmp } = get('damaged-create');
    expect(figures.fixtures['damaged-create']!.tables.events).toBeUndefined();
    expect(cmp.tables.events).toMatchObject({ rows: 3921, valid: 3921 });
    const events = outcome.report.tables.find((t) => t.name === 'events')!;
    expect(events.columnsFrom).toBe('repaired');
    expect(events.schemaError).toBeTruthy();
    expect(outcome.report.complete).toBe(false);
  });

  it('finds sqlite_schema on its other pages when page 1 is zeroed', () => {
    const { outcome, cmp } = get('zeroed-page-1');
    expect(outcome.report.schema.from).toBe('scan');
    const want = originalCounts(originalTables(fixtures.find((f) => f.name === 'zeroed-page-1')!.original));
    for (const [table, n] of Object.entries(want)) expect(cmp.tables[table]?.valid, table).toBe(n);
    expect(figures.fixtures['zeroed-page-1']!.tables).toEqual({});
  });

  it('puts rows under a zeroed interior or root page back in their own table', () => {
    for (const name of ['zeroed-interior', 'zeroed-root']) {
      const { outcome, cmp } = get(name);
      const want = originalCounts(originalTables(fixtures.find((f) => f.name === name)!.original));
      expect(cmp.tables.users!.valid).toBe(want.users);
      expect(cmp.tables.events!.valid).toBe(want.events);
      expect(cmp.lostAndFound.rows).toBe(0);
      expect(outcome.report.tables.some((t) => t.pagesMatched > 0)).toBe(true);
    }
    expect(get('zeroed-interior').cmp.tables.settings!.valid).toBeGreaterThan(figures.fixtures['zeroed-interior']!.tables.settings!.valid);
  });

  it('does not bring deleted rows back from the free-list, even with the header zeroed', () => {
    for (const name of ['healthy', 'zeroed-header']) {
      expect(get(name).cmp.lostAndFound.rows, name).toBe(0);
      expect(figures.fixtures[name]!.lostAndFound.rows - figures.fixtures[name]!.lostAndFound.valid, `.recover on ${name}`).toBeGreaterThan(0);
    }
  });
});

describe('reports', () => {
  it('a healthy file is complete: every page read, nothing left out', () => {
    const { report } = get('healthy').outcome;
    expect(report).toMatchObject({ complete: true, unreadable: false, pages: { lost: 0 }, rows: { rejected: 0, lostAndFound: 0 }, problemCount: 0 });
    expect(report.layout).toMatchObject({ pageSize: 1024, pageSizeFrom: 'header', encoding: 'UTF-8' });
    expect(report.skipped).toEqual([]);
    const db = new DatabaseSync(get('healthy').path, { readOnly: true });
    const names = (db.prepare("SELECT type, name FROM sqlite_schema ORDER BY name").all() as { type: string; name: string }[]).map((r) => `${r.type} ${r.name}`);
    const seq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'documents'").get() as { seq: number };
    db.close();
    expect(names).toEqual(expect.arrayContaining(['view big_spenders', 'trigger documents_touch', 'index idx_users_guild', 'index idx_events_user', 'index sqlite_autoindex_tags_1']));
    expect(seq.seq).toBe(150);
  });

  it('a zeroed header: the page size is found from the pages, and the loss is reported', () => {
    const { report } = get('zeroed-header').outcome;
    expect(report.layout).toMatchObject({ pageSize: 1024, pageSizeFrom: 'detected', headerIntact: false });
    expect(report.complete).toBe(false);
  });

  it('bad cells and broken overflow chains are reported with page, cell and reason, not written', () => {
    const { report } = get('broken-overflow').outcome;
    const reasons = report.problems.filter((p) => p.cell >= 0).map((p) => p.reason);
    expect(reasons.some((r) => /overflow chain loops/.test(r))).toBe(true);
    expect(reasons.some((r) => /overflow chain ends after/.test(r))).toBe(true);
    expect(report.tables.find((t) => t.name === 'documents')!.cellsRejected).toBeGreaterThanOrEqual(3);
    const flipped = get('flipped-cells').outcome.report;
    expect(flipped.problems.some((p) => p.cell >= 0 && /serial type|record|payload|out of order|overlaps|outside/.test(p.reason))).toBe(true);
  });

  it('a WAL: committed transactions applied, the uncommitted one not; a foreign WAL refused', () => {
    const { outcome, cmp } = get('wal-uncommitted');
    expect(outcome.report.wal).toMatchObject({ applied: true, commits: 4 });
    expect(cmp.tables.messages).toMatchObject({ rows: 500, valid: 500 });
    const foreign = get('wal-foreign').outcome.report;
    expect(foreign.wal).toMatchObject({ applied: false, refusal: 'schema-differs' });
    expect(get('wal-foreign').cmp.tables.messages).toMatchObject({ rows: 300, valid: 300 });
  });

  it('reads a file lazily through a small page cache as well as from memory', async () => {
    const sql = await loadSql();
    const f = fixtures.find((x) => x.name === 'zeroed-interior')!;
    const source = fileSource(f.db, { mode: 'lazy', cacheBytes: 64 * 1024 });
    try {
      const lazy = salvage({ db: { name: f.name, source } }, sql);
      expect(lazy.report.rows).toEqual(get('zeroed-interior').outcome.report.rows);
    } finally {
      source.close();
    }
  });
});

describe('the .recover figures', () => {
  const shell = recoverShell(false);
  it.skipIf('error' in shell)('match what the reference shell gives today', () => {
    const path = (shell as { path: string }).path;
    for (const f of fixtures.filter((x) => ['zeroed-root', 'damaged-create'].includes(x.name))) {
      const live = recoverFigures(path, f, dir);
      expect(live.tables, f.name).toEqual(figures.fixtures[f.name]!.tables);
    }
  });
});
