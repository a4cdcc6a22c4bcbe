/**
 * The checks the sources imply: vectors whose byte length or dimension is wrong (Qwen3 memory),
 * the state of roas-bot's migration history, and a WAL that does not belong to its database.
 */
import { describe, expect, it } from 'vitest';
import { modelKey } from '../../../src/diagnostics/db/vectors.ts';
import { ranges, versionOf } from '../../../src/diagnostics/db/migrations.ts';
import { byCode, check, codes, fixturesOnce, registry } from './helpers.ts';

const f = fixturesOnce();

describe('vectors', () => {
  it('the dimension of each model comes from the registry profile', () => {
    const vectors = registry().dbProfiles.find((p) => p.id === 'qwen3-memory')!.vectors!;
    expect(vectors.models.find((m) => modelKey(m.name) === 'qwen3-embedding-0.6b')?.dimension).toBe(1024);
  });

  it('vectors whose byte length is not dimension × 4', async () => {
    const r = await check(f.qwen.badLengths);
    const [x] = byCode(r, 'QWM_2206');
    expect(x?.severity).toBe('error');
    expect(x?.evidence).toEqual(expect.arrayContaining([
      'model Qwen/Qwen3-Embedding-0.6B, dimension 1024: 3 of 200',
      'sample: rowid = 1, model = Qwen/Qwen3-Embedding-0.6B, dimension = 1024, bytes = 1000',
      'sample: rowid = 2, model = Qwen/Qwen3-Embedding-0.6B, dimension = 1024, bytes = 8192',
    ]));
    expect(x?.command?.code).toContain(`WHERE typeof("vector") = '\\''blob'\\'' AND length("vector") <> "dimension" * 4`);
  });

  it('vectors of a dimension their model does not produce (the guide\'s 1536 for Qwen3-Embedding-0.6B)', async () => {
    const r = await check(f.qwen.wrongDimension);
    const [x] = byCode(r, 'QWM_2400');
    expect(x?.evidence).toEqual(['model Qwen/Qwen3-Embedding-0.6B: dimension 1536 in 10 rows, expected 1024']);
    expect(byCode(r, 'QWM_2204')[0]?.evidence).toEqual(['model Qwen/Qwen3-Embedding-0.6B: 1024 (190), 1536 (10)']);
    // The lengths agree with the declared dimension: no length finding.
    expect(codes(r)).not.toContain('QWM_2206');
  });

  it('a healthy memory database has none of these', async () => {
    const r = await check(f.qwen.healthy);
    expect(codes(r).filter((c) => ['QWM_2204', 'QWM_2206', 'QWM_2400'].includes(c))).toEqual([]);
  });

  it.each([['Qwen/Qwen3-Embedding-0.6B', 'qwen3-embedding-0.6b'], ['qwen3-embedding-0.6b', 'qwen3-embedding-0.6b'], [' BAAI/bge-m3 ', 'bge-m3']])('model key of %j', (name, key) => {
    expect(modelKey(name)).toBe(key);
  });
});

describe('roas-bot migrations', () => {
  it('a complete history agreeing with user_version is reported as information', async () => {
    const r = await check(f.migrations.ok);
    expect(r.verdict).toBe('healthy');
    expect(byCode(r, 'SQLT_9207')).toEqual([expect.objectContaining({ severity: 'info', evidence: ['schema_migrations.version: 5 rows, versions 1-5'] })]);
  });

  it('a gap in the sequence', async () => {
    const r = await check(f.migrations.gap);
    const [x] = byCode(r, 'SQLT_9207');
    expect(x?.severity).toBe('warning');
    expect(x?.message.en).toContain('003 is not recorded');
    expect(x?.systemCode).toBe('DB_1501');
  });

  it('no record table while user_version is above zero', async () => {
    const r = await check(f.migrations.noTable);
    expect(byCode(r, 'SQLT_9207')[0]?.message.en).toMatch(/user_version is 3, so migrations were applied, but no table records them/);
  });

  it('a user_version other than the highest recorded version', async () => {
    const r = await check(f.migrations.userVersion);
    expect(byCode(r, 'SQLT_9207')[0]?.message.en).toMatch(/user_version is 3, but the highest recorded migration is 005/);
  });

  it('a database without a record table and with user_version 0 gets no migration finding', async () => {
    expect(codes(await check(f.roas.healthy))).not.toContain('SQLT_9207');
  });

  it.each([[3, 3], ['003', 3], ['003_create_government_tables.sql', 3], ['v12', 12], ['init', undefined], [-1, undefined], [1.5, undefined], [null, undefined]])('version of %j', (value, version) => {
    expect(versionOf(value)).toBe(version);
  });

  it('ranges', () => {
    expect(ranges([5, 1, 2, 3, 7, 9, 8])).toBe('1-3, 5, 7-9');
  });
});

describe('a WAL that does not belong to its database', () => {
  it('a stale WAL beside a newer database file is not applied, and says why', async () => {
    const r = await check(f.wal.stale.db, f.wal.stale.wal);
    expect(r.wal).toMatchObject({ usable: true, commits: 5, applied: false });
    const [x] = byCode(r, 'SQLT_9012');
    expect(x?.severity).toBe('warning');
    expect(x?.evidence).toEqual(expect.arrayContaining([expect.stringMatching(/^schemaCookie: file \d+, WAL page 1 \d+$/)]));
    expect(x?.command?.code).toBe(`mv '${f.wal.stale.wal}' '${f.wal.stale.wal}.orphan'\nsqlite3 '${f.wal.stale.db}' 'PRAGMA integrity_check;'`);
    // The pending-commits note is not given for a WAL that was not applied.
    expect(codes(r)).not.toContain('SQLT_9008');
  });

  it('another application\'s WAL', async () => {
    const r = await check(f.wal.otherApp.db, f.wal.otherApp.wal);
    expect(r.wal?.applied).toBe(false);
    expect(codes(r)).toContain('SQLT_9012');
  });

  it('the database\'s own WAL is applied as before', async () => {
    const r = await check(f.wal.pending.db, f.wal.pending.wal);
    expect(r.wal?.applied).toBe(true);
    expect(codes(r)).not.toContain('SQLT_9012');
  });
});
