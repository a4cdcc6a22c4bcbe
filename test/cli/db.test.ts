/** `errdex db`: exit codes, the --json interface, the readable and Markdown reports. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { keepInMemory, runDb } from '../../src/cli/db.ts';
import { requireRegistry } from '../../src/registry/snapshot-fs.ts';
import { loadSqlJs } from '../../src/diagnostics/db/node/sqljs-node.ts';
import { pickLocale } from '../../src/cli/locale.ts';
import { fixturesOnce, loadSql, registry } from '../diagnostics/db/helpers.ts';
import { HOSTILE_TABLES } from '../fixtures/db/make-databases.ts';
import { publishedJson } from '../published-json.ts';

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
    const json = publishedJson('db', r.stdout);
    expect(json).toMatchObject({ integrity: 'ok', messages: ['ok'], profile: 'roas-bot', header: { pageSize: 4096, journalMode: 'rollback' } });
    for (const finding of json.findings) expect(Object.keys(finding)).toEqual(expect.arrayContaining(['code', 'severity', 'message']));
  });

  it('corruption: exit 1, integrity_check lines in messages', () => {
    const r = errdex(f.damaged['flipped-btree-header.db']!, '--json');
    expect(r.code).toBe(1);
    const json = publishedJson('db', r.stdout);
    expect(json.integrity).toBe('corrupt');
    expect(json.messages.length).toBeGreaterThan(0);
    expect(json.findings.some((x) => x.code === 'SQLT_9100')).toBe(true);
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
    const json = publishedJson('db', errdex(join(dir, 'memory.db'), '--json').stdout);
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
      if (args.json) publishedJson('db', expected.stdout);
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

describe('errdex db: inputs that are not database files', () => {
  it.each([
    ['a directory', (): string => mkdtempSync(join(tmpdir(), 'errdex-dir-')), /is a directory, not a regular file/],
    ['a FIFO with no writer', (): string => {
      const dir = mkdtempSync(join(tmpdir(), 'errdex-fifo-'));
      const fifo = join(dir, 'pipe.db');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      return fifo;
    }, /is a FIFO \(named pipe\), not a regular file/],
    ['a character device', (): string => '/dev/zero', /is a character device, not a regular file/],
  ] as const)('%s: exit 2 before reading', (_name, make, message) => {
    const r = errdex(make(), '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('a WAL given as a device is refused the same way', () => {
    const r = errdex(f.roas.healthy, '--wal', '/dev/zero');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/dev\/zero: it is a character device/);
  });
});

describe('errdex db: options', () => {
  it.each([
    [['--json', '--markdown'], /--json and --markdown cannot be used together/],
    [['--quick', '--both'], /--quick and --both cannot be used together/],
    [['--limit', '5'], /--limit and --offset go with --table/],
    [['--table', 'users', '--quick'], /cannot be combined with --quick/],
    [['--table', 'users', '--limit', '0'], /--limit must be a whole number from 1 to 1000/],
    [['--time-limit', 'soon'], /--time-limit must be a number of seconds/],
  ])('%j: exit 2 and a usage line', (args, message) => {
    const r = errdex(f.roas.healthy, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/usage: errdex db /);
  });

  it('--profile checks against a chosen profile', () => {
    const r = errdex(f.unknown, '--profile', 'qwen3-memory', '--json');
    expect(r.code).toBe(1);
    expect(publishedJson('db', r.stdout)).toMatchObject({ profile: 'qwen3-memory', profileSource: 'chosen', verdict: 'error' });
  });

  it('an unrecognised database exits 0 with its verdict named', () => {
    const r = errdex(f.unknown);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/the application was not recognised/);
  });
});

describe('errdex db --table', () => {
  it('a page of rows as JSON', () => {
    const r = errdex(f.roas.healthy, '--table', 'users', '--limit', '3', '--offset', '10', '--json');
    expect(r.code).toBe(0);
    const json = publishedJson('db-table', r.stdout);
    expect(json).toMatchObject({ format: 1, table: 'users', offset: 10, limit: 3, total: 300, rowids: ['11', '12', '13'] });
    expect(json.columns.map((c) => c.name)).toEqual(['id', 'guild_id', 'display_name', 'joined_at']);
    expect(json.rows[0]![2]).toEqual({ type: 'text', text: 'user 11', length: 7 });
  });

  it('a table whose name is SQL is read as a name, and nothing else happens', () => {
    const name = 'x"; DROP TABLE plain; --';
    const r = errdex(f.browse, '--table', name, '--json');
    expect(r.code).toBe(0);
    expect(publishedJson('db-table', r.stdout)).toMatchObject({ table: name, total: 1, rows: [[{ type: 'text', text: `value ${name}` }, { type: 'integer', text: '0' }]] });
    expect(publishedJson('db-table', errdex(f.browse, '--table', 'plain', '--json').stdout).total).toBe(1);
  });

  it('every table of the browsing fixture, every kind of value, as the published JSON', async () => {
    const io = { sql: await loadSql(), registry: registry() };
    const kinds = new Set<string>();
    for (const table of ['plain', 'kinds', 'shadowed', 'pk', 'many', ...HOSTILE_TABLES]) {
      const run = runDb({ file: f.browse, table, json: true, limit: 1000 }, io);
      expect(run.exitCode).toBe(0);
      const json = publishedJson('db-table', run.stdout);
      for (const row of json.rows) for (const v of row) kinds.add(v === null ? 'computed' : v.type);
    }
    expect(kinds).toEqual(new Set(['null', 'integer', 'real', 'text', 'blob', 'computed']));
  });

  it('a view is refused with exit 2 and the tables that can be shown', () => {
    const r = errdex(f.malicious, '--table', 'embeddings');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"embeddings" is a view/);
    expect(r.stderr).toMatch(/tables: "<img src=x onerror=alert\(1\)>", "audit", "messages"/);
  });

  it('text output never writes a control character from the file to the terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'errdex-esc-'));
    const path = join(dir, 'esc\u001b[2J.db');
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(path);
    db.exec('CREATE TABLE "t\u001b]0;title\u0007" (v TEXT)');
    db.prepare('INSERT INTO "t\u001b]0;title\u0007" VALUES (?)').run('clear\u001b[H\u001b[J screen\u202e');
    db.close();
    const table = errdex(path, '--table', 't\u001b]0;title\u0007');
    expect(table.code).toBe(0);
    const check = errdex(path);
    for (const out of [table.stdout, table.stderr, check.stdout, check.stderr]) {
      expect(out).not.toMatch(/[\u001b\u0007\u202e]/);
    }
    expect(table.stdout).toContain('clear\\u001b[H\\u001b[J screen\\u202e');
  });
});
