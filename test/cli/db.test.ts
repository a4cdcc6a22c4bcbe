/** `errdex db`: exit codes, the --json interface, the readable and Markdown reports. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { keepInMemory, runDb } from '../../src/cli/db.ts';
import { requireRegistry } from '../../src/registry/snapshot-fs.ts';
import { loadSqlJs } from '../../src/diagnostics/db/sqljs-node.ts';
import { pickLocale } from '../../src/cli/locale.ts';
import { DbReport } from '../../src/diagnostics/db/report.ts';
import { fixturesOnce, loadSql, registry } from '../diagnostics/db/helpers.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const f = fixturesOnce();

function errdex(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'src/cli/main.ts'), 'db', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, LANG: 'C' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('errdex db (process)', () => {
  it('a healthy database: exit 0 and the documented JSON', () => {
    const r = errdex(f.roas.healthy, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(DbReport.safeParse(json).success).toBe(true);
    expect(json).toMatchObject({ integrity: 'ok', messages: ['ok'], profile: 'roas-bot', header: { pageSize: 4096, journalMode: 'rollback' } });
    for (const finding of json.findings) expect(Object.keys(finding)).toEqual(expect.arrayContaining(['code', 'severity', 'message']));
  });

  it('corruption: exit 1, integrity_check lines in messages', () => {
    const r = errdex(f.damaged['flipped-btree-header.db']!, '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.integrity).toBe('corrupt');
    expect(json.messages.length).toBeGreaterThan(0);
    expect(json.findings.some((x: { code: string }) => x.code === 'SQLT_9100')).toBe(true);
  });

  it('not a database: exit 2, with a readable report', () => {
    const r = errdex(f.damaged['not-a-database.txt.db']!);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('SQLT_9000');
    expect(r.stdout).toContain('/en/codes/sqlt_9000/');
  });

  it('a missing file or a bad option: exit 2 and a message, no stack trace', () => {
    const missing = errdex(join(ROOT, 'no-such-file.db'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*no such file/);
    expect(missing.stderr).not.toMatch(/\bat \w+ \(/);
    const bad = errdex(f.roas.healthy, '--profile', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown database profile "nope"');
  });

  it('finds FILE-wal beside the database by itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'errdex-cli-'));
    copyFileSync(f.wal.pending.db, join(dir, 'memory.db'));
    copyFileSync(f.wal.pending.wal, join(dir, 'memory.db-wal'));
    const json = JSON.parse(errdex(join(dir, 'memory.db'), '--json').stdout);
    expect(json.wal).toMatchObject({ applied: true, commits: 5 });
  });
});

describe('runDb', () => {
  it('renders Chinese and Markdown reports', async () => {
    const io = { sql: await loadSql(), registry: registry() };
    const zh = runDb({ file: f.roas.missingIndex, lang: 'zh-TW' }, io);
    expect(zh.exitCode).toBe(0);
    expect(zh.stdout).toContain('缺少建議的索引');
    expect(zh.stdout).toContain('CREATE INDEX IF NOT EXISTS "idx_economy_user_guild"');
    const md = runDb({ file: f.qwen.orphans, markdown: true, lang: 'en' }, io);
    expect(md.stdout).toContain('[QWM_2202](/en/codes/qwm_2202/)');
  });

  it('prints the same with the compiled registry the command reads, and on two threads', async () => {
    const { sql, module } = await loadSqlJs();
    const slim = { sql, registry: requireRegistry() };
    const both = { ...slim, module, parallelMinBytes: 0 };
    const fullIo = { sql: await loadSql(), registry: registry() };
    for (const args of [
      { file: f.roas.faults, lang: 'en' }, { file: f.qwen.orphans, lang: 'zh-TW' }, { file: f.qwen.mixed, json: true },
      { file: f.wal.pending.db, wal: f.wal.pending.wal, markdown: true, lang: 'en' }, { file: f.damaged['flipped-btree-header.db']!, lang: 'en' },
    ]) {
      const expected = runDb(args, fullIo);
      for (const io of [slim, both]) {
        const got = runDb(args, io);
        expect({ ...got, report: undefined, reading: undefined, parallel: undefined, stdout: got.stdout.replace(/"durationMs": \d+/, '') })
          .toEqual({ ...expected, report: undefined, reading: undefined, parallel: undefined, stdout: expected.stdout.replace(/"durationMs": \d+/, '') });
      }
      expect(runDb(args, both).parallel).toBe(true);
    }
  });

  it('keeps a database in memory only when the process stays within 1.5 times its size', () => {
    const mb = 2 ** 20;
    expect(keepInMemory(100 * mb, 100 * mb, 8192 * mb)).toBe(false);
    expect(keepInMemory(500 * mb, 100 * mb, 8192 * mb)).toBe(true);
    expect(keepInMemory(500 * mb, 100 * mb, 800 * mb)).toBe(false);
    expect(keepInMemory(2048 * mb, 100 * mb, 65536 * mb)).toBe(false);
  });

  it('integrity_check by default, --quick and --both on request', async () => {
    const io = { sql: await loadSql(), registry: registry() };
    expect(runDb({ file: f.roas.healthy, json: true }, io).report?.checks).toEqual({ quickCheck: 'skipped', integrityCheck: 'ok', foreignKeyCheck: 'ok' });
    expect(runDb({ file: f.roas.healthy, quick: true }, io).report?.checks).toMatchObject({ quickCheck: 'ok', integrityCheck: 'skipped' });
    expect(runDb({ file: f.damaged['index-mismatch.db']!, both: true }, io).report?.checks).toMatchObject({ quickCheck: 'ok', integrityCheck: 'failed' });
  });

  it('picks the language from --lang, then the environment', () => {
    expect(pickLocale(undefined, { LANG: 'zh_TW.UTF-8' })).toBe('zh-TW');
    expect(pickLocale('en', { LANG: 'zh_TW.UTF-8' })).toBe('en');
    expect(pickLocale(undefined, {})).toBe('en');
  });
});
