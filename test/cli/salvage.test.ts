/** `errdex salvage`: exit codes, no overwriting, the --json interface, text safe for a terminal. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderSalvage, runSalvage, terminalSafe } from '../../src/cli/salvage.ts';
import { makeSalvageFixtures } from '../fixtures/db/make-salvage.ts';
import { loadSql } from '../diagnostics/db/helpers.ts';
import { publishedJson } from '../published-json.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const f = Object.fromEntries(makeSalvageFixtures().map((x) => [x.name, x]));

function errdex(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'src/cli/main.ts'), 'salvage', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, LANG: 'C' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('errdex salvage (process)', () => {
  it('a healthy database: exit 0, a new file with every row, JSON as documented', () => {
    const dir = mkdtempSync(join(tmpdir(), 'errdex-salvage-cli-'));
    const out = join(dir, 'new.db');
    const r = errdex(f.healthy!.db, '--out', out, '--json');
    expect(r.code).toBe(0);
    const json = publishedJson('salvage', r.stdout);
    expect(json).toMatchObject({ complete: true, output: { path: out, quickCheck: ['ok'] } });
    const db = new DatabaseSync(out, { readOnly: true });
    expect((db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n).toBe(5899);
    db.close();
    expect(readdirSync(dir)).toEqual(['new.db']);
  });

  it('a damaged database: exit 1 and a table of rows and pages per table', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'errdex-salvage-cli-')), 'new.db');
    const r = errdex(f['zeroed-interior']!.db, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/users\s+5899\s+\d+\s+1\s+\d+/);
    expect(r.stdout).toContain('pages lost');
    expect(existsSync(out)).toBe(true);
  });

  it('zh-TW with --locale', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'errdex-salvage-cli-')), 'new.db');
    const r = errdex(f['damaged-create']!.db, '--out', out, '--locale', 'zh-TW');
    expect(r.stdout).toContain('資料表');
    expect(r.stdout).toContain('欄位取自損壞的陳述式');
  });

  it('refuses to overwrite a file, and writes nothing when nothing can be read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'errdex-salvage-cli-'));
    const existing = join(dir, 'taken.db');
    writeFileSync(existing, 'keep me');
    const r = errdex(f.healthy!.db, '--out', existing);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists');
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    const noise = join(dir, 'noise.db');
    writeFileSync(noise, new Uint8Array(70_000).map((_, i) => (i * 7919) % 251));
    const n = errdex(noise, '--out', join(dir, 'never.db'), '--json');
    expect(n.code).toBe(2);
    expect(publishedJson('salvage', n.stdout)).toMatchObject({ unreadable: true, complete: false, output: null });
    expect(n.stderr).toContain('nothing could be read');
    expect(existsSync(join(dir, 'never.db'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['noise.db', 'taken.db']);
  });

  it('bad arguments: exit 2 with a message, no stack trace', () => {
    const missing = errdex(join(ROOT, 'no-such.db'), '--out', join(tmpdir(), 'x-never.db'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*no such file/);
    expect(missing.stderr).not.toMatch(/\bat \w+ \(/);
    const noOut = errdex(f.healthy!.db);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out');
  });

  it('applies FILE-wal found beside the database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'errdex-salvage-cli-'));
    copyFileSync(f['wal-uncommitted']!.db, join(dir, 'app.db'));
    copyFileSync(f['wal-uncommitted']!.wal!, join(dir, 'app.db-wal'));
    const r = errdex(join(dir, 'app.db'), '--out', join(dir, 'new.db'), '--json');
    expect(publishedJson('salvage', r.stdout).wal).toMatchObject({ applied: true, commits: 4 });
  });
});

describe('terminal safety', () => {
  it('escapes control characters and bidi overrides from the file', () => {
    expect(terminalSafe('a\u001b[31mred\u0007\u202eevil\r')).toBe('a\\u001b[31mred\\u0007\\u202eevil\\u000d');
  });

  it('names from the file reach the terminal escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'errdex-salvage-cli-'));
    const path = join(dir, 'odd.db');
    const db = new DatabaseSync(path);
    db.exec('CREATE TABLE "bad\u001b]0;owned\u0007name" (x); INSERT INTO "bad\u001b]0;owned\u0007name" VALUES (1);');
    db.close();
    const r = runSalvage({ file: path, out: join(dir, 'new.db'), locale: 'en' }, { sql: await loadSql() });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(r.stdout).toContain('bad\\u001b]0;owned\\u0007name');
    expect(renderSalvage(r.report!, 'new.db', 'zh-TW')).toContain('所有頁面都已讀取');
  });
});
