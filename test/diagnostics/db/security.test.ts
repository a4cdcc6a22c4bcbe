/** Nothing that came with the file runs: views are never read, triggers never fire, names stay text. */
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { refuseCheck, sqlIdentifiers } from '../../../src/diagnostics/db/data-checks.ts';
import { check, fixturesOnce } from './helpers.ts';

const f = fixturesOnce();

describe('a database that tries to run its own SQL', () => {
  it('its endless view is never read, and the check says why', async () => {
    const started = Date.now();
    const r = await check(f.malicious, undefined, { profile: 'qwen3-memory' });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.integrity).toBe('ok');
    const wrong = r.findings.find((x) => x.code === 'SQLT_9203');
    expect(wrong?.message.en).toContain('"embeddings", but the object of that name in this file is a view');
    // Every data check touching embeddings was skipped, none failed inside SQLite.
    const skipped = r.findings.filter((x) => x.code === 'SQLT_9208');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((x) => !x.message.en.includes('SQLite said'))).toBe(true);
  });

  it('its trigger never fires and the file is not changed', async () => {
    await check(f.malicious, undefined, { profile: 'qwen3-memory' });
    const db = new DatabaseSync(f.malicious, { readOnly: true });
    expect((db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n).toBe(0);
    db.close();
  });

  it('names from the file travel as plain text', async () => {
    const r = await check(f.malicious);
    const all = JSON.stringify(r);
    expect(all).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('data check gate', () => {
  const catalog = {
    objects: [{ type: 'view' as const, name: 'Embeddings', table: 'Embeddings' }],
    tables: new Map(),
    unsafeNames: new Set(['embeddings']),
    counts: { tables: 0, indexes: 0, views: 1, triggers: 0, virtualTables: 0 },
  };
  it('collects identifiers, quoted or not, and skips literals and comments', () => {
    expect([...sqlIdentifiers(`SELECT "a""b", [c], \`d\` FROM t -- embeddings\n WHERE x = 'embeddings' /* z */`)].sort())
      .toEqual(['a"b', 'c', 'd', 'from', 'select', 't', 'where', 'x']);
  });
  it.each([
    ['SELECT * FROM embeddings', true],
    ['SELECT * FROM "EMBEDDINGS"', true],
    ["SELECT 'embeddings' FROM messages", false],
    ['DELETE FROM messages', true],
    ['SELECT 1; DROP TABLE messages', true],
    ['WITH x AS (SELECT 1) SELECT * FROM x;', false],
  ])('%s -> refused: %s', (sql, refused) => {
    expect(refuseCheck(sql, catalog) !== undefined).toBe(refused);
  });
});
