/** Profiles: detection, and every logical fault of both profiles mapped to its code. */
import { describe, expect, it } from 'vitest';
import { byCode, check, codes, fixturesOnce, registry } from './helpers.ts';

const f = fixturesOnce();

describe('healthy databases', () => {
  it.each([
    ['roas-bot', f.roas.healthy],
    ['qwen3-memory', f.qwen.healthy],
  ])('%s is detected and clean', async (profile, path) => {
    const r = await check(path);
    expect(r.profile).toBe(profile);
    expect(r.profileSource).toBe('detected');
    expect(r.integrity).toBe('ok');
    expect(r.verdict).toBe('healthy');
    expect(r.findings.filter((x) => x.severity !== 'info')).toEqual([]);
  });

  it('every profile check of the registry runs on its healthy database', async () => {
    for (const [id, path] of [['roas-bot', f.roas.healthy], ['qwen3-memory', f.qwen.healthy]] as const) {
      const r = await check(path);
      expect(r.findings.filter((x) => x.kind === 'check-skipped'), id).toEqual([]);
      expect(registry().dbProfiles.find((p) => p.id === id)!.checks.length).toBeGreaterThan(0);
    }
  });
});

describe('roas-bot faults', () => {
  it('a missing recommended index gets the CREATE INDEX to run', async () => {
    const r = await check(f.roas.missingIndex);
    const [x] = byCode(r, 'SQLT_9202');
    expect(x?.severity).toBe('warning');
    expect(x?.command).toEqual({ lang: 'bash', code: `sqlite3 '${f.roas.missingIndex}' 'CREATE INDEX IF NOT EXISTS "idx_economy_user_guild" ON "economy_accounts"("user_id", "guild_id");'` });
    expect(byCode(r, 'SQLT_9202')).toHaveLength(1);
    expect(r.verdict).toBe('warning');
  });

  it('a missing table is an error with the bot\'s own code beside it', async () => {
    const r = await check(f.roas.missingTable);
    expect(r.profile).toBe('roas-bot');
    const [x] = byCode(r, 'SQLT_9200');
    expect(x?.message.en).toContain('government_users');
    expect(x?.systemCode).toBe('DB_1501');
    // The data check that needs the table is reported as not run, not as a failure.
    expect(r.findings.find((y) => y.kind === 'check-skipped')?.severity).toBe('info');
  });

  it('a missing column is named', async () => {
    const r = await check(f.roas.missingColumn);
    expect(byCode(r, 'SQLT_9201')[0]?.message.en).toMatch(/"users" lacks column: display_name/);
  });

  it('orphans, unknown achievements and roles, duplicate accounts', async () => {
    const r = await check(f.roas.faults);
    const find = (kind: string) => r.findings.find((x) => x.kind === `check:${kind}`);
    expect(find('achievements-without-user')).toMatchObject({ code: 'SQLT_9301', evidence: expect.arrayContaining(['rows: 3']) });
    expect(find('achievements-unknown')).toMatchObject({ code: 'ACH_1200', evidence: expect.arrayContaining(['rows: 2', 'sample: user_id = 1, achievement_id = 999']) });
    expect(find('government-role-missing')).toMatchObject({ code: 'GOV_1400', severity: 'error', evidence: expect.arrayContaining(['rows: 1']) });
    expect(find('economy-duplicate-accounts')).toMatchObject({ code: 'SQLT_9302', evidence: expect.arrayContaining(['sample: user_id = 7, guild_id = 1000, accounts = 2']) });
    expect(r.verdict).toBe('error');
  });
});

describe('qwen3-memory faults', () => {
  it.each([
    ['orphans', 'QWM_2202', 'rows: 4'],
    ['missing', 'QWM_2203', 'rows: 6'],
    ['mixed', 'QWM_2204', 'model Qwen/Qwen3-Embedding-0.6B: 768 (50), 1024 (150)'],
    ['duplicates', 'QWM_2205', 'rows: 3'],
  ] as const)('%s -> %s', async (name, code, evidence) => {
    const r = await check(f.qwen[name]);
    expect(r.profile).toBe('qwen3-memory');
    const [x] = byCode(r, code);
    expect(x?.evidence).toContain(evidence);
    expect(x?.command?.code).toMatch(new RegExp(`^sqlite3 '${f.qwen[name]}' 'SELECT `));
  });

  it('the missing index on embeddings(message_id)', async () => {
    const r = await check(f.qwen.noIndex);
    expect(byCode(r, 'SQLT_9202')[0]?.command?.code).toContain('ON "embeddings"("message_id")');
  });

  it('a missing embeddings table is found when the profile is chosen, with QWM_2201 beside it', async () => {
    const detected = await check(f.qwen.noEmbeddings);
    expect(detected.profile).toBeNull();
    expect(codes(detected)).toContain('SQLT_9206');
    const chosen = await check(f.qwen.noEmbeddings, undefined, { profile: 'qwen3-memory' });
    expect(chosen.profileSource).toBe('chosen');
    expect(byCode(chosen, 'SQLT_9200')[0]?.systemCode).toBe('QWM_2201');
  });
});

describe('generic checks', () => {
  it('foreign key violations are grouped with their rowids', async () => {
    const r = await check(f.foreignKey);
    const [x] = byCode(r, 'SQLT_9300');
    expect(r.checks.foreignKeyCheck).toBe('failed');
    expect(x?.message.en).toContain('3 rows of "child" reference rows missing from "parent" (parent_id → parent.id)');
    expect(x?.evidence).toEqual(['rowids: 3, 4, 5']);
  });

  it('an index out of step with its table gets REINDEX, not a restore', async () => {
    const r = await check(f.damaged['index-mismatch.db']!);
    expect(r.integrity).toBe('corrupt');
    const [x] = byCode(r, 'SQLT_9102');
    expect(x?.command).toEqual({ lang: 'bash', code: `sqlite3 '${f.damaged['index-mismatch.db']}' 'REINDEX "idx_users_guild_id";'` });
    expect(byCode(r, 'SQLT_9100')).toEqual([]);
  });

  it('freelist bloat suggests VACUUM', async () => {
    const r = await check(f.freelist);
    const [x] = byCode(r, 'SQLT_9009');
    expect(x?.command?.code).toContain('VACUUM');
    expect(r.integrity).toBe('ok');
  });

  it('an unknown profile id is a problem, not a report', async () => {
    await expect(check(f.roas.healthy, undefined, { profile: 'nope' })).rejects.toThrow(/unknown database profile "nope"/);
  });
});
