/**
 * Honest verdicts: "healthy" only when a profile matched and every check passed; a schema of no
 * known application says so; an empty database is an error that points at the wrong path; a
 * profile is recognised with some of its tables missing, and the missing ones are findings.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from '../../../src/diagnostics/db/assemble.ts';
import { byCode, check, codes, fixturesOnce } from './helpers.ts';

const f = fixturesOnce();

describe('verdicts', () => {
  it('a healthy database of no known application is not "healthy": it is unrecognised, with its tables named', async () => {
    const r = await check(f.unknown);
    expect(r.integrity).toBe('ok');
    expect(r.profile).toBeNull();
    expect(r.verdict).toBe('unrecognised');
    expect(byCode(r, 'SQLT_9206')[0]?.evidence).toEqual(['tables: notes']);
  });

  it('choosing a profile checks it against that profile instead', async () => {
    const r = await check(f.unknown, undefined, { profile: 'roas-bot' });
    expect(r.profileSource).toBe('chosen');
    expect(r.verdict).toBe('error');
    expect(byCode(r, 'SQLT_9200').length).toBeGreaterThan(3);
    expect(codes(r)).not.toContain('SQLT_9206');
  });

  it('no fixture is "healthy" unless a profile matched and every check passed', async () => {
    const all = [...Object.values(f.roas), ...Object.values(f.qwen), ...Object.values(f.migrations), f.unknown, f.malicious, f.foreignKey, f.freelist, f.appFunction, f.appCollation, ...Object.values(f.damaged), f.named.memoryWithoutEmbeddings, f.named.emptyMemory, f.named.zeroBytes];
    for (const path of all) {
      const r = await check(path);
      if (r.verdict !== 'healthy') continue;
      expect(r.profile, path).not.toBeNull();
      expect(r.integrity, path).toBe('ok');
      expect(r.findings.filter((x) => x.severity !== 'info'), path).toEqual([]);
    }
  });

  it.each([
    ['unreadable', [], false, true, 'unreadable'],
    ['ok', [{ severity: 'warning' }], false, true, 'warning'],
    ['ok', [], false, true, 'unrecognised'],
    ['ok', [], true, true, 'healthy'],
    ['corrupt', [], true, true, 'corrupt'],
  ] as const)('integrity %s, %j, profiled %s -> %s', (integrity, findings, profiled, tables, verdict) => {
    expect(verdictOf(integrity, findings as never, profiled, tables)).toBe(verdict);
  });
});

describe('a database at a wrong path', () => {
  it('a database with no tables is an error that explains the wrong path and finds the real file', async () => {
    const r = await check(f.named.emptyMemory);
    expect(r.verdict).toBe('error');
    const [x] = byCode(r, 'SQLT_9011');
    expect(x?.severity).toBe('error');
    expect(x?.message.en).toMatch(/Opening a path that does not exist makes SQLite create a new, empty database/);
    // File names are always quoted in the commands.
    expect(x?.command?.code).toBe(`ls -la '${f.named.emptyMemory}'\nfind / -type f -name 'memory.db' -size +0 -exec ls -la {} + 2>/dev/null`);
  });

  it('a file of 0 bytes says the same', async () => {
    const r = await check(f.named.zeroBytes);
    const [x] = byCode(r, 'SQLT_9001');
    expect(x?.message.en).toMatch(/wrong path/);
    expect(x?.command?.code).toContain("-name 'discord_data.db'");
    expect(codes(r)).not.toContain('SQLT_9011');
  });
});

describe('profiles with tables missing', () => {
  it('a Qwen3 memory.db with messages but no embeddings is recognised, and the missing table is a finding', async () => {
    const r = await check(f.named.memoryWithoutEmbeddings);
    expect(r.profile).toBe('qwen3-memory');
    expect(r.profileSource).toBe('detected');
    expect(r.detection).toEqual({ by: 'name', matched: 1, of: 2, missing: ['embeddings'] });
    const [x] = byCode(r, 'SQLT_9200');
    expect(x?.message.en).toContain('"embeddings"');
    expect(x?.systemCode).toBe('QWM_2201');
    expect(r.verdict).toBe('error');
  });

  it('the same tables under another file name are not enough to tell', async () => {
    const r = await check(f.qwen.noEmbeddings);
    expect(r.profile).toBeNull();
    expect(r.verdict).toBe('unrecognised');
  });

  it('a roas-bot database missing one table is recognised by its other tables', async () => {
    const r = await check(f.roas.missingTable);
    expect(r.detection).toEqual({ by: 'tables', matched: 5, of: 6, missing: ['government_users'] });
  });
});
