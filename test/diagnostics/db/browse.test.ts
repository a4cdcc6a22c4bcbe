/**
 * Looking inside: ordinary tables only, a page at a time, every value as text, and table and
 * column names from the file used only quoted, proven with hostile names made by real SQLite.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browsableTables, lookInside, valueText, type TablePage } from '../../../src/diagnostics/db/browse.ts';
import { memorySource } from '../../../src/diagnostics/db/source.ts';
import { HOSTILE_TABLES } from '../../fixtures/db/make-databases.ts';
import { fixturesOnce, loadSql } from './helpers.ts';
import { readCatalog } from '../../../src/diagnostics/db/catalog.ts';
import { openImage } from '../../../src/diagnostics/db/engine.ts';

const f = fixturesOnce();

const path = f.browse;

async function look(name: string, options = {}) {
  const bytes = new Uint8Array(readFileSync(path));
  return lookInside({ db: { name: path, source: memorySource(bytes) } }, { sql: await loadSql() }, name, options);
}

const page = async (name: string, options = {}): Promise<TablePage> => {
  const r = await look(name, options);
  if (!('page' in r)) throw new Error(r.problem);
  return r.page;
};

describe('lookInside', () => {
  it.each(HOSTILE_TABLES.map((n) => [JSON.stringify(n), n]))('table %s is read as itself, and nothing else happens', async (_label, name) => {
    const p = await page(name);
    expect(p.table).toBe(name);
    expect(p.columns.map((c) => c.name)).toEqual([`col ${name}`, 'n']);
    expect(p.rows).toEqual([[{ type: 'text', text: `value ${name}`, length: `value ${name}`.length }, { type: 'integer', text: String(HOSTILE_TABLES.indexOf(name)) }]]);
    expect((await page('plain')).total).toBe(1);
  });

  it('lists ordinary tables only; a view is refused with the list of tables', async () => {
    const SQL = await loadSql();
    const o = openImage(SQL, memorySource(new Uint8Array(readFileSync(path))));
    const names = browsableTables(readCatalog(o.db)).map((t) => t.name);
    o.close();
    expect(names).toContain('kinds');
    expect(names).not.toContain('endless');
    const r = await look('endless');
    expect(r).toMatchObject({ problem: '"endless" is a view, whose rows come from SQL stored in the file; only ordinary tables are shown', tables: names });
    expect(await look('no such')).toMatchObject({ problem: expect.stringMatching(/is not a table of this database/) });
  });

  it('values as text: long text cut, numbers exact, BLOBs as size and hex, computed columns not read', async () => {
    const p = await page('kinds');
    expect(p.columns.map((c) => `${c.name}${c.read ? '' : ' (not read)'}`)).toEqual(['id', 't', 'r', 'big', 'b', 'z', 'g (not read)', 's']);
    const [first, second] = p.rows;
    expect(first![1]).toEqual({ type: 'text', text: 'x'.repeat(200), length: 500 });
    expect(first![2]).toEqual({ type: 'real', text: '1.5' });
    expect(first![3]).toEqual({ type: 'integer', text: '9007199254740993' });
    expect(first![4]).toEqual({ type: 'blob', bytes: 5, hex: '000102FEFF' });
    expect(first![5]).toEqual({ type: 'null' });
    expect(first![6]).toBeNull();
    expect(first![7]).toEqual({ type: 'integer', text: '3' });
    expect(valueText(first![4]!)).toBe('BLOB 5 B 00 01 02 fe ff');
    expect(valueText(second![4]!)).toBe(`BLOB 100 B ${Array(32).fill('07').join(' ')} …`);
    expect(valueText(first![1]!)).toBe(`${'x'.repeat(200)}… (500 characters)`);
    expect(valueText(first![6]!)).toBe('(computed, not read)');
    expect(second![1]).toEqual({ type: 'text', text: '<img src=x onerror=alert(1)>', length: 28 });
  });

  it('pages by rowid, or in key order for WITHOUT ROWID tables and shadowed rowids', async () => {
    const p = await page('many', { limit: 50, offset: 100 });
    expect(p).toMatchObject({ total: 120, offset: 100, limit: 50 });
    expect(p.rowids).toEqual(Array.from({ length: 20 }, (_, i) => String(101 + i)));
    expect((await page('pk')).rows.map((r) => (r[0] as { text: string }).text)).toEqual(['a', 'b']);
    expect((await page('pk')).rowids).toBeUndefined();
    const shadowed = await page('shadowed');
    expect(shadowed.rowids).toBeUndefined();
    expect(shadowed.rows.map((r) => (r[0] as { text: string }).text)).toEqual(['a', 'd']);
  });

  it('bounds its limit and offset', async () => {
    expect((await page('many', { limit: 1e9 })).limit).toBe(1000);
    expect((await page('many', { limit: -5, offset: -3 })).rows).toHaveLength(1);
  });

  it('a file that is not a database is a problem, not a throw', async () => {
    const r = lookInside({ db: { name: 'x', source: memorySource(new TextEncoder().encode('hello')) } }, { sql: await loadSql() }, 'plain');
    expect(r).toEqual({ problem: 'x is not a SQLite database (text)' });
  });
});
