/**
 * For every damaged copy, the healthy bases and every WAL state, the checker's physical
 * verdict is the one SQLite itself gives: `PRAGMA integrity_check` through node:sqlite and,
 * where installed, the native sqlite3 shell.
 */
import { describe, expect, it } from 'vitest';
import { cliIntegrity, hasSqlite3Cli, nodeSqliteIntegrity } from '../../fixtures/db/native.ts';
import { check, fixturesOnce } from './helpers.ts';

const f = fixturesOnce();
const cases: [string, string, string | undefined][] = [
  ...Object.entries(f.damaged).map(([name, path]): [string, string, undefined] => [name, path, undefined]),
  ['roas healthy', f.roas.healthy, undefined],
  ['qwen healthy', f.qwen.healthy, undefined],
  ['wal pending', f.wal.pending.db, f.wal.pending.wal],
  ['wal without its wal', f.wal.withoutWal, undefined],
  ['wal uncommitted', f.wal.uncommitted.db, f.wal.uncommitted.wal],
  ['wal torn', f.wal.torn.db, f.wal.torn.wal],
  ['wal of another database', f.wal.foreign.db, f.wal.foreign.wal],
];

describe('agreement with SQLite', () => {
  it.each(cases)('%s', async (_name, db, wal) => {
    const ours = await check(db, wal);
    const node = nodeSqliteIntegrity(db, wal);
    expect(ours.integrity).toBe(node.verdict);
    if (node.verdict === 'ok') expect(ours.messages).toEqual(['ok']);
    if (hasSqlite3Cli) expect(ours.integrity).toBe(cliIntegrity(db, wal).verdict);
  });

  it.each(cases)('%s, read page by page', async (_name, db, wal) => {
    const lazy = await check(db, wal, { lazy: true });
    const whole = await check(db, wal);
    expect({ ...lazy, durationMs: 0 }).toEqual({ ...whole, durationMs: 0 });
  });

  it('finds the damage in every damaged copy', async () => {
    const damaged = Object.values(f.damaged).filter((p) => !p.endsWith('zero-length.db'));
    for (const path of damaged) {
      const r = await check(path);
      expect(r.integrity, path).not.toBe('ok');
      expect(r.findings.some((x) => x.severity === 'error'), path).toBe(true);
    }
  });
});

describe('a schema that needs what only its application defines', () => {
  it('an index on an application function: quick_check stands in, and the report says what was not compared', async () => {
    const r = await check(f.appFunction);
    const node = nodeSqliteIntegrity(f.appFunction);
    expect(node.verdict).toBe('unreadable'); // SQLite's own integrity_check cannot run either
    expect(r.checks.integrityCheck).toBe('error');
    expect(r.checks.quickCheck).toBe('ok');
    expect(r.integrity).toBe('ok');
    const note = r.findings.find((x) => x.code === 'SQLT_9104')!;
    expect(note.severity).toBe('warning');
    expect(note.message.en).toMatch(/function app_norm\(\)/);
    expect(note.message.en).toMatch(/quick_check ran instead/);
    expect(note.message['zh-TW']).toMatch(/app_norm/);
    expect(r.verdict).toBe('warning');
  });

  it('an index on an application collation: nothing can be checked, and the report says why, not that the file is damaged', async () => {
    const r = await check(f.appCollation);
    expect(nodeSqliteIntegrity(f.appCollation).verdict).toBe('unreadable');
    if (hasSqlite3Cli) expect(cliIntegrity(f.appCollation).verdict).toBe('unreadable');
    expect(r.integrity).toBe('unreadable');
    const note = r.findings.find((x) => x.code === 'SQLT_9104')!;
    expect(note.severity).toBe('error');
    expect(note.message.en).toMatch(/collation LOCALE/);
    expect(note.message.en).toMatch(/does not mean the file is damaged/);
    expect(r.findings.some((x) => x.code === 'SQLT_9100' || x.code === 'SQLT_9101')).toBe(false);
  });
});
